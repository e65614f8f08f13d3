"""Apply a cut list: frame-exact, with audio in sync, re-encoding as little as possible.

Smart cut (H.264 8-bit 4:2:0 sources): the source is split into GOPs by stream copy at the keyframes
the cut needs; only the frames between a cut and the next keyframe (head), and for sources with
B-frames between the last keyframe and the range end (tail), are re-encoded with matching parameters. The concat demuxer
joins the pieces (its auto_convert puts each piece's SPS/PPS in band, so the decoder follows the
parameter change). Audio is cut sample-exactly in Python from a decoded stream and re-encoded to
AAC, so its length matches the video to the sample. The result is verified (frame count,
duration, rotation); anything off falls back to a full re-encode, which is also the method for
other codecs (HEVC 10-bit phone footage, VP9...) and for audio-only input.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
import time
from bisect import bisect_left
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from videokit import fsutil
from videokit.errors import InputError, OutputError
from videokit.media.cuts import CutList, CutStats
from videokit.media.ffmpeg import run
from videokit.media.frames import packet_times
from videokit.media.options import TrimOptions
from videokit.media.probe import MediaInfo, media_path, run_ffprobe, stream_rotation
from videokit.progress import Progress, silent

_AUDIO_CODECS = {
    ".m4a": "aac",
    ".mp4": "aac",
    ".mov": "aac",
    ".aac": "aac",
    ".mp3": "libmp3lame",
    ".wav": "pcm_s16le",
    ".flac": "flac",
    ".ogg": "libopus",
    ".opus": "libopus",
}
_SMART_CODECS = {"h264"}
_SMART_PIX_FMTS = {"yuv420p", "yuvj420p"}
_MP4_FLAC = ["-strict", "experimental"]  # FLAC in MP4 is specified and plays in browsers; ffmpeg < 6.0 asks this
_SEEK_EPS = 0.0005  # ffprobe prints times rounded to 1 µs: seek this much early so the first frame is never lost


@dataclass(frozen=True)
class TrimResult(CutStats):
    source: str
    output: str
    method: str  # "copy", "smartcut" (only the frames next to a cut re-encoded), "reencode" or "audio"
    reencoded_seconds: float
    seconds: float
    pieces: int | None = None  # copied and re-encoded pieces of a smart cut
    frames: int | None = None  # video frames written
    fallback_reason: str | None = None  # why a smart cut was given up for a full re-encode
    max_snap_error: float | None = None  # largest move of a cut onto a frame boundary, seconds


class _Rejected(Exception):
    """A smart-cut result failed verification."""


@dataclass(frozen=True)
class Frames:
    """Video packet timestamps of a file, in presentation order, and which of them are keyframes."""

    pts: np.ndarray
    key: np.ndarray
    reordered: bool  # B-frames: decode order differs from display order

    @classmethod
    def read(cls, path: Path) -> Frames:
        pts, key = packet_times(path)
        order = np.argsort(pts, kind="stable")
        return cls(pts[order], key[order], bool(np.any(np.diff(pts) <= 0)))

    def nearest(self, t: float) -> float:
        i = int(np.abs(self.pts - t).argmin())
        return float(self.pts[i])

    def count(self, start: float, end: float) -> int:
        return int(bisect_left(self.pts, end - _SEEK_EPS) - bisect_left(self.pts, start - _SEEK_EPS))


@dataclass(frozen=True)
class Piece:
    """A stretch of output video: copied GOPs or frames re-encoded."""

    kind: str  # "copy" | "encode"
    start: float
    end: float
    frames: int


def trim(
    src: Path,
    cutlist: CutList,
    out: Path,
    info: MediaInfo,
    progress: Progress = silent,
    *,
    options: TrimOptions | None = None,
    sound: Path | None = None,
) -> TrimResult:
    """Write the kept ranges of `src` to `out`; returns what was kept and how it was cut.

    `sound`: the kept sound `write_kept_sound` wrote for the same cut list, muxed as it is (FLAC; in
    MP4 Chromium and ffmpeg play it, not every player: the workflow's intermediate, which the render
    encodes again). Without it the sound is cut and encoded here, AAC (or the output suffix's codec)."""
    src, out = Path(src), Path(out)
    # by default, the encoder settings recorded in the cut list (the user's trim options)
    options = options or TrimOptions.model_validate(cutlist.options or {})
    if not cutlist.keep:
        raise InputError(
            f"{src}: nothing to keep (no speech found); lower --min-keep, check the sound, or pass --keep ranges"
        )
    started = time.perf_counter()
    summary: dict[str, Any] = {"source": str(src), "output": str(out), **asdict(cutlist.stats)}
    with tempfile.TemporaryDirectory(prefix="videokit-trim-", dir=out.parent if out.parent.exists() else None) as tmp:
        work = Path(tmp)
        if not info.has_video:
            with fsutil.atomic_path(out) as part:
                if sound is not None:  # already cut: put in the container as it is
                    run(
                        [
                            "ffmpeg",
                            "-nostdin",
                            "-v",
                            "error",
                            "-y",
                            "-i",
                            str(sound),
                            "-c",
                            "copy",
                            *_MP4_FLAC,
                            str(part),
                        ],
                        src,
                    )
                else:
                    _write_audio(src, cutlist.keep, info, part, codec=_AUDIO_CODECS.get(out.suffix.lower(), "aac"))
            summary.update(method="audio", reencoded_seconds=0.0)
        else:
            frames = Frames.read(src)
            keep = _snap_to_frames(cutlist.keep, frames, info.duration)
            with ThreadPoolExecutor(1) as pool:
                audio: Future[Path] | None = None
                if sound is not None:
                    audio = Future()
                    audio.set_result(Path(sound))
                elif info.has_audio:  # decoded, cut and encoded beside the video work; the final mux waits for it
                    audio = pool.submit(_write_audio, src, keep, info, work / "audio.m4a", "aac")
                summary.update(_cut_video(src, keep, frames, info, out, audio, work, options, progress))
            summary["max_snap_error"] = round(
                max(abs(a - b) for ra, rb in zip(cutlist.keep, keep) for a, b in zip(ra, rb)), 6
            )
    summary["seconds"] = round(time.perf_counter() - started, 3)
    return TrimResult(**summary)


def _cut_video(
    src: Path,
    keep: list[tuple[float, float]],
    frames: Frames,
    info: MediaInfo,
    out: Path,
    audio: Future[Path] | None,
    work: Path,
    options: TrimOptions,
    progress: Progress,
) -> dict[str, Any]:
    expected = sum(frames.count(s, e) for s, e in keep)
    total = sum(e - s for s, e in keep)
    reason = None
    if info.video_codec in _SMART_CODECS and info.pix_fmt in _SMART_PIX_FMTS and not options.force_reencode:
        pieces = plan_pieces(keep, frames)
        try:
            with fsutil.atomic_path(out) as part:
                _smart_cut(src, pieces, frames, info, part, audio, work, options, progress)
                problem = _verify(part, expected, total, info)
                if problem:
                    raise _Rejected(problem)  # leaves `out` absent; the re-encode below replaces it
            encoded = sum(p.end - p.start for p in pieces if p.kind == "encode")
            return {
                "method": "smartcut" if encoded else "copy",
                "reencoded_seconds": round(encoded, 3),
                "pieces": len(pieces),
                "frames": expected,
            }
        except (_Rejected, InputError) as exc:  # an odd stream the copy path cannot take: re-encode instead
            reason = str(exc)
    with fsutil.atomic_path(out) as part:
        _reencode(src, keep, info, part, audio, options, progress)
        problem = _verify(part, expected, total, info, check_rotation=False)  # re-encoding applies the rotation
        if problem:
            raise OutputError(
                f"{out}: the trimmed video failed its check ({problem}); report this with the source file"
            )
    result = {"method": "reencode", "reencoded_seconds": round(total, 3), "frames": expected}
    if reason:
        result["fallback_reason"] = reason
    return result


def plan_pieces(keep: list[tuple[float, float]], frames: Frames) -> list[Piece]:
    """Split each kept range into encode (to the next keyframe) / copy / encode (tail).

    Without B-frames, packets are stored in display order, so the copy can run up to the range
    end mid-GOP; with B-frames the frames after the last keyframe may need a later packet, so that
    tail is re-encoded."""
    keys = frames.pts[frames.key]
    end_of_stream = float(frames.pts[-1]) + 1.0
    pieces: list[Piece] = []
    for s, e in keep:
        first_i, last_i = bisect_left(keys, s - _SEEK_EPS), bisect_left(keys, e - _SEEK_EPS) - 1
        first = keys[first_i] if first_i < len(keys) else end_of_stream
        last = keys[last_i] if last_i >= 0 else -1.0
        if first >= e - _SEEK_EPS or last < first:
            spans = [("encode", s, e)]
        elif not frames.reordered:
            spans = [("encode", s, first), ("copy", first, e)]
        else:
            spans = [("encode", s, first), ("copy", first, last), ("encode", last, e)]
        for kind, a, b in spans:
            n = frames.count(a, b)
            if n > 0:
                pieces.append(Piece(kind, float(a), float(b), n))
    return pieces


def _smart_cut(
    src: Path,
    pieces: list[Piece],
    frames: Frames,
    info: MediaInfo,
    out: Path,
    audio: Future[Path] | None,
    work: Path,
    options: TrimOptions,
    progress: Progress,
) -> None:
    copy_pieces = [p for p in pieces if p.kind == "copy"]
    first = float(frames.pts[0])
    # split only at keyframes: a copy that ends mid-GOP (no B-frames) stops at its concat outpoint, and
    # asking the muxer for a split there would split at the next keyframe, inside another piece.
    # A split at the very first packet would make an empty file and shift the numbering.
    ends = [p.end for p in copy_pieces] if frames.reordered else []
    cuts = sorted({t for t in [p.start for p in copy_pieces] + ends if t > first + _SEEK_EPS})
    copies = _split_gops(src, [p.start for p in copy_pieces], cuts, work)
    encodes = [p for p in pieces if p.kind == "encode"]
    done = [0.0]
    total = sum(p.end - p.start for p in encodes) or 1.0

    def encode(i_piece: tuple[int, Piece]) -> Path:
        i, piece = i_piece
        target = work / f"enc{i:05d}.mp4"
        _encode_piece(src, piece, info, target, options)
        done[0] += piece.end - piece.start
        progress(done[0], total)
        return target

    workers = max(1, min(len(encodes), os.cpu_count() or 1))
    with ThreadPoolExecutor(workers) as pool:
        encoded = dict(zip(encodes, pool.map(encode, enumerate(encodes))))
    lines = ["ffconcat version 1.0"]
    for p in pieces:
        path = encoded[p] if p.kind == "encode" else copies[p.start]
        lines += [f"file '{path.name}'", f"duration {p.end - p.start:.6f}"]
        if p.kind == "copy" and not frames.reordered:  # a copy may end mid-GOP: stop at the range end
            lines.append(f"outpoint {p.end - p.start - _SEEK_EPS:.6f}")
    listing = work / "pieces.ffconcat"
    listing.write_text("\n".join(lines) + "\n", encoding="utf-8")
    cmd = ["ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "concat", "-safe", "0", "-i", str(listing)]
    if audio:
        cmd += ["-i", str(audio.result())]
    cmd += ["-map", "0:v:0"] + (["-map", "1:a:0", *_muxing(audio)] if audio else [])
    cmd += ["-c", "copy", "-movflags", "+faststart", "-video_track_timescale", str(info.timescale), str(out)]
    run(cmd, src)


def _muxing(audio: Future[Path]) -> list[str]:
    """What ffmpeg needs to put this sound in an MP4 by copy: the leave asked for FLAC only."""
    return _MP4_FLAC if audio.result().suffix == ".flac" else []


def _split_gops(src: Path, starts: list[float], cuts: list[float], work: Path) -> dict[float, Path]:
    """Stream-copy the source into GOP-aligned files split at `cuts` (keyframe times); returns the
    file beginning at each of `starts`."""
    if not starts:
        return {}
    pattern = work / "gop%05d.mp4"
    listing = work / "gops.csv"
    cmd = ["ffmpeg", "-nostdin", "-v", "error", "-y", "-i", media_path(src), "-map", "0:v:0", "-c", "copy", "-f", "segment",
           "-segment_list", str(listing), "-segment_list_type", "csv", "-reset_timestamps", "1"]  # fmt: skip
    if cuts:
        # printed keyframe times are rounded: split a hair early so the keyframe itself opens the file
        cmd += ["-segment_times", ",".join(f"{t - _SEEK_EPS:.6f}" for t in cuts)]
    run([*cmd, str(pattern)], src)
    segments = []
    for line in listing.read_text().splitlines():
        name, start, _end = line.rsplit(",", 2)
        segments.append((float(start), work / name))
    # the list reports starts shifted by the B-frame delay: match each wanted start to the nearest
    return {t: min(segments, key=lambda seg: abs(seg[0] - t))[1] for t in starts}


def _encode_piece(src: Path, piece: Piece, info: MediaInfo, out: Path, options: TrimOptions) -> None:
    cmd = [
        "ffmpeg",
        "-nostdin",
        "-v",
        "error",
        "-y",
        "-noautorotate",
        "-ss",
        f"{max(0.0, piece.start - _SEEK_EPS):.6f}",
        "-i",
        media_path(src),
        "-map",
        "0:v:0",
        "-frames:v",
        str(piece.frames),
        "-vf",
        "setpts=PTS-STARTPTS",
        "-fps_mode",
        "passthrough",
        *_x264_args(info, options),
        "-video_track_timescale",
        str(info.timescale),
        str(out),
    ]
    run(cmd, src)


def _x264_args(info: MediaInfo, options: TrimOptions, *, match_source: bool = True) -> list[str]:
    # pieces encode in parallel, one thread each; a full re-encode takes every core
    args = [
        "-c:v",
        "libx264",
        "-preset",
        options.preset,
        "-crf",
        str(options.crf),
        "-threads",
        "1" if match_source else "0",
    ]
    if match_source:
        # match the source so the copied GOPs and the re-encoded frames look and decode alike
        profile = (info.video_profile or "high").lower()
        args += [
            "-profile:v",
            profile if profile in ("baseline", "main", "high") else "high",
            "-pix_fmt",
            info.pix_fmt or "yuv420p",
        ]
        color = info.color or {}
        for key, flag in (
            ("color_space", "-colorspace"),
            ("color_transfer", "-color_trc"),
            ("color_primaries", "-color_primaries"),
            ("color_range", "-color_range"),
        ):
            if color.get(key) and color[key] != "unknown":
                args += [flag, color[key]]
    else:
        args += ["-profile:v", "high", "-pix_fmt", "yuv420p"]
    return args


def _reencode(
    src: Path,
    keep: list[tuple[float, float]],
    info: MediaInfo,
    out: Path,
    audio: Future[Path] | None,
    options: TrimOptions,
    progress: Progress,
) -> None:
    """One ffmpeg pass: select the kept frames, close the gaps in their timestamps, encode H.264."""
    select = "+".join(f"between(t,{s - _SEEK_EPS:.6f},{e - _SEEK_EPS:.6f})" for s, e in keep)
    # shift each frame back by the time removed before it: a flat sum, no nesting, for any number of cuts
    shifts, cursor = [], 0.0
    for s, e in keep:
        if s - cursor > 0:
            shifts.append(f"gte(T,{s - _SEEK_EPS:.6f})*{s - cursor:.6f}")
        cursor = e
    shift = "+".join(shifts) or "0"
    filters = f"select='{select}',setpts='PTS-({shift})/TB'"
    script = out.with_suffix(".filter")
    # 4:2:0 H.264 needs even sizes: odd phone crops lose their last row/column rather than being resampled
    script.write_text(f"[0:v:0]{filters},crop=trunc(iw/2)*2:trunc(ih/2)*2:0:0,format=yuv420p[v]", encoding="utf-8")
    try:
        cmd = ["ffmpeg", "-nostdin", "-v", "error", "-y", "-i", media_path(src)]
        if audio:
            cmd += ["-i", str(audio.result())]
        cmd += ["-filter_complex_script", str(script), "-map", "[v]"] + (
            ["-map", "1:a:0", "-c:a", "copy", *_muxing(audio)] if audio else []
        )
        cmd += [
            "-fps_mode",
            "passthrough",
            *_x264_args(info, options, match_source=False),
            "-movflags",
            "+faststart",
            str(out),
        ]
        run(cmd, src, progress=progress, total=info.duration)
    finally:
        script.unlink(missing_ok=True)


def write_kept_sound(src: Path, cutlist: CutList, info: MediaInfo, out: Path) -> Path:
    """The sound `trim` keeps, alone, as FLAC, sample for sample what `trim(..., sound=out)` muxes:
    written in a second or two, so the transcription need not wait for the picture's cut."""
    if not info.has_audio:
        raise InputError(f"{src}: has no audio track, so there is nothing to transcribe; use the file with its sound")
    keep = _snap_to_frames(cutlist.keep, Frames.read(src), info.duration) if info.has_video else cutlist.keep
    with fsutil.atomic_path(out) as part:
        _write_audio(src, keep, info, part, codec="flac")
    return out


def _write_audio(src: Path, keep: list[tuple[float, float]], info: MediaInfo, out: Path, codec: str) -> Path:
    """Decode, keep the sample ranges, encode: sample-exact, memory bounded by one read block."""
    rate = info.sample_rate or 48_000
    channels = min(info.channels or 2, 2)
    decode = subprocess.Popen(
        [
            "ffmpeg",
            "-nostdin",
            "-v",
            "error",
            "-i",
            media_path(src),
            "-map",
            "0:a:0",
            "-ac",
            str(channels),
            "-ar",
            str(rate),
            "-f",
            "f32le",
            "-",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    encode_cmd = [
        "ffmpeg",
        "-nostdin",
        "-v",
        "error",
        "-y",
        "-f",
        "f32le",
        "-ar",
        str(rate),
        "-ac",
        str(channels),
        "-i",
        "-",
        "-c:a",
        codec,
    ]
    if codec == "flac":
        encode_cmd += _MP4_FLAC
    if codec == "aac":
        # the "fast" coder is twice as quick as the default two-loop search, transparent at 192 kb/s
        encode_cmd += ["-b:a", "192k", "-aac_coder", "fast"]
    encode = subprocess.Popen([*encode_cmd, str(out)], stdin=subprocess.PIPE, stderr=subprocess.PIPE)
    assert decode.stdout and encode.stdin
    # sample ranges chosen so the output position always equals round(kept seconds so far * rate): no drift
    ranges, written_s = [], 0.0
    for s, e in keep:
        first = round(s * rate)
        ranges.append((first, first + round((written_s + e - s) * rate) - round(written_s * rate)))
        written_s += e - s
    frame = 4 * channels
    pos, r = 0, 0
    try:
        while r < len(ranges) and (chunk := decode.stdout.read(frame * rate * 10)):
            samples = len(chunk) // frame
            while r < len(ranges) and ranges[r][0] < pos + samples:
                a, b = max(ranges[r][0], pos), min(ranges[r][1], pos + samples)
                if b > a:
                    encode.stdin.write(chunk[(a - pos) * frame : (b - pos) * frame])
                if ranges[r][1] <= pos + samples:
                    r += 1
                else:
                    break
            pos += samples
        short = sum(b - max(a, pos) for a, b in ranges[r:] if b > max(a, pos))
        if short:  # the audio ended before the video: pad with silence so sync holds to the end
            encode.stdin.write(bytes(short * frame))
    finally:
        encode.stdin.close()
        decode.stdout.close()
        decode.kill()
        decode.wait()
    err = encode.stderr.read().decode(errors="replace") if encode.stderr else ""
    if encode.wait() != 0:
        raise OutputError(f"{out}: audio encoding failed ({err.strip()[-200:]}); check the output folder and name")
    return out


def _snap_to_frames(keep: list[tuple[float, float]], frames: Frames, duration: float) -> list[tuple[float, float]]:
    """Move each boundary to the nearest real frame time (variable-frame-rate footage has no grid)."""
    last = float(frames.pts[-1])
    tail = last + (float(np.median(np.diff(frames.pts))) if len(frames.pts) > 1 else 1 / 30)
    snapped = []
    for s, e in keep:
        a = frames.nearest(s)
        b = tail if e >= min(duration, tail) - 1e-3 else frames.nearest(e)
        if b > a:
            snapped.append((a, b))
    return snapped


def _verify(
    path: Path, expected_frames: int, expected_seconds: float, info: MediaInfo, check_rotation: bool = True
) -> str | None:
    """None if the output holds the expected frames, lasts the kept time and keeps the orientation
    (one ffprobe: on a short clip each process start is a visible share of the time)."""
    rc, out, err = run_ffprobe(
        path, "-count_packets", "-select_streams", "v:0", "-show_streams", "-show_format", "-of", "json"
    )
    data = json.loads(out or "{}") if rc == 0 else {}
    if not data.get("streams"):
        return f"unreadable output: {err.strip()[-200:] or 'no video stream'}"
    stream = data["streams"][0]
    frames = int(stream.get("nb_read_packets") or 0)
    if frames != expected_frames:
        return f"{frames} frames instead of {expected_frames}"
    duration = float(data.get("format", {}).get("duration") or 0.0)
    tolerance = 1.5 / (info.fps or 30)
    if abs(duration - expected_seconds) > tolerance:
        return f"lasts {duration:.3f}s instead of {expected_seconds:.3f}s"
    rotation = stream_rotation(stream)
    if check_rotation and rotation != info.rotation:
        return f"rotation {rotation} instead of {info.rotation}"
    return None
