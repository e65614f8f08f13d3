"""Trimming real and synthetic footage: frame-exact cuts, audio in sync, one clear error per bad input."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import numpy as np
import pytest

from videokit import serial
from videokit.media.cuts import CutList, map_time, plan_cuts
from videokit.media.options import TrimOptions
from videokit.media.probe import probe
from videokit.media.trim import Frames, trim, write_kept_sound

pytestmark = pytest.mark.slow  # Whisper, embeddings, renders or kill -9 runs: left out of `make check`

FRAME = 1 / 30


def gray_frame(path: Path, t: float, crop: str = "80:70:1160:605") -> np.ndarray:
    """The frame digits of the timecode burned into the corpus video: the first frame at or after `t`."""
    raw = subprocess.run(["ffmpeg", "-v", "error", "-ss", f"{max(0.0, t):.4f}", "-i", str(path), "-frames:v", "1", "-vf", f"crop={crop},format=gray",
                          "-f", "rawvideo", "-"], capture_output=True, check=True).stdout  # fmt: skip
    return np.frombuffer(raw, dtype=np.uint8).astype(np.float32)


def stream_durations(path: Path) -> dict[str, float]:
    out = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "stream=codec_type,duration", "-of", "json", str(path)],
                         capture_output=True, text=True, check=True).stdout  # fmt: skip
    return {s["codec_type"]: float(s["duration"]) for s in json.loads(out)["streams"]}


def decodes_cleanly(path: Path) -> bool:
    proc = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", str(path), "-f", "null", "-"], capture_output=True, text=True, check=False
    )
    return proc.returncode == 0 and not proc.stderr.strip()


def test_cli_smart_cut_is_frame_exact(run_cli, ae_video: Path, tmp_path: Path) -> None:
    out = tmp_path / "trimmed.mp4"
    result = run_cli(f"trim {ae_video} -o {out} --json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert summary["method"] == "smartcut" and 0 < summary["reencoded_seconds"] < summary["kept"] / 2
    cut = serial.read(CutList, tmp_path / "trimmed.cuts.json")
    assert summary["cuts"] == cut.cuts >= 2
    durations = stream_durations(out)
    assert abs(durations["video"] - cut.kept) <= FRAME and abs(durations["audio"] - durations["video"]) < 0.02
    assert Frames.read(out).pts.size == sum(round((e - s) * 30) for s, e in cut.keep)
    assert decodes_cleanly(out)
    # the first and last frame of every kept range is the source frame planned, not its neighbour
    for s, e in cut.keep:
        for src_t in (s, e - FRAME):
            got = gray_frame(out, map_time(cut, src_t) - FRAME / 4)
            same = np.abs(got - gray_frame(ae_video, src_t - FRAME / 4)).mean()
            neighbour = min(
                np.abs(got - gray_frame(ae_video, src_t + d - FRAME / 4)).mean()
                for d in (-FRAME, FRAME)
                if src_t + d >= 0
            )
            assert same < 3 < neighbour, (s, e, src_t, same, neighbour)


def flashes_and_clicks(path: Path) -> tuple[np.ndarray, np.ndarray]:
    frames = Frames.read(path)
    raw = subprocess.run(["ffmpeg", "-v", "error", "-i", str(path), "-vf", "scale=8:8,format=gray", "-fps_mode", "passthrough", "-f", "rawvideo", "-"],
                         capture_output=True, check=True).stdout  # fmt: skip
    luma = np.frombuffer(raw, dtype=np.uint8).reshape(-1, 64).mean(axis=1)
    bright = np.flatnonzero(luma > 128)
    flashes = frames.pts[bright[np.diff(bright, prepend=-2) > 1]]
    return flashes, clicks(path)


def clicks(path: Path) -> np.ndarray:
    pcm = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", str(path), "-ac", "1", "-ar", "48000", "-f", "f32le", "-"],
        capture_output=True,
        check=True,
    ).stdout
    loud = np.flatnonzero(np.abs(np.frombuffer(pcm, dtype=np.float32)) > 0.3)
    return loud[np.diff(loud, prepend=-10_000) > 4800] / 48000


@pytest.mark.parametrize(
    ("reencode", "kept_sound"),
    [(False, False), (True, False), (False, True), (True, True)],
    # the kept sound: FLAC written alone first (write_kept_sound), as the workflow trims
    ids=["smartcut", "reencode", "smartcut, kept FLAC sound", "reencode, kept FLAC sound"],
)
def test_audio_video_sync_after_cuts(sync_clip: Path, tmp_path: Path, reencode: bool, kept_sound: bool) -> None:
    info = probe(sync_clip)
    options = TrimOptions(margin=0.0, min_keep=0.0, force_reencode=reencode)
    cut = plan_cuts(info, [(0.35, 3.15), (4.55, 7.35), (8.75, 11.55)], options)
    sound = write_kept_sound(sync_clip, cut, info, tmp_path / "kept.flac") if kept_sound else None
    out = tmp_path / "sync.mp4"
    summary = trim(sync_clip, cut, out, info, options=options, sound=sound)
    assert summary.method == ("reencode" if reencode else "smartcut")
    assert probe(out).audio_codec == ("flac" if kept_sound else "aac")
    flashes, clicks = flashes_and_clicks(out)
    assert len(flashes) == len(clicks) == 12
    assert np.abs(flashes - clicks).max() < FRAME  # audio and picture still together after every cut
    planned = [map_time(cut, 0.7 * k) for k in range(1, 17)]
    assert np.allclose(flashes, [t for t in planned if t is not None], atol=FRAME / 2)
    durations = stream_durations(out)
    assert abs(durations["audio"] - durations["video"]) < 0.02
    if sound is not None:  # the transcription hears exactly the sound the clip carries
        assert abs(probe(sound).duration - durations["audio"]) < 0.002


def test_phone_footage_vfr_rotated(phone_clip: Path, tmp_path: Path) -> None:
    info = probe(phone_clip)
    # the first end and the second start share a keyframe (5.63 s): the GOP split must not drift past it
    cut = plan_cuts(info, [(1.1, 4.2), (4.5, 8.2), (9.2, 14.7)], TrimOptions(margin=0.0, min_pause=0.2))
    summary = trim(phone_clip, cut, tmp_path / "phone.mp4", info)
    got = probe(tmp_path / "phone.mp4")
    assert summary.method == "smartcut" and summary.fallback_reason is None
    assert (got.width, got.height, got.rotation) == (270, 480, info.rotation)  # still portrait: the flag was kept
    src = Frames.read(phone_clip)
    assert summary.frames == Frames.read(tmp_path / "phone.mp4").pts.size
    assert summary.frames == sum(src.count(src.nearest(s), src.nearest(e)) for s, e in cut.keep)
    durations = stream_durations(tmp_path / "phone.mp4")
    assert abs(durations["audio"] - durations["video"]) < 0.02


def test_hevc_10bit_is_reencoded_to_h264(hevc10_clip: Path, tmp_path: Path) -> None:
    info = probe(hevc10_clip)
    assert (info.video_codec == "hevc" and info.bit_depth == 10) or info.pix_fmt == "yuv420p10le"
    cut = plan_cuts(info, [(1.0, 5.0), (12.0, 15.0)], TrimOptions(margin=0.0))
    summary = trim(hevc10_clip, cut, tmp_path / "h.mp4", info)
    got = probe(tmp_path / "h.mp4")
    assert summary.method == "reencode" and got.video_codec == "h264" and got.pix_fmt == "yuv420p"
    assert abs(got.duration - 7.0) < 0.05


def test_odd_resolution(odd_clip: Path, tmp_path: Path) -> None:
    info = probe(odd_clip)
    cut = plan_cuts(info, [(1.0, 2.5), (3.5, 5.0)], TrimOptions(margin=0.0))
    trim(odd_clip, cut, tmp_path / "odd.mp4", info)
    got = probe(tmp_path / "odd.mp4")
    assert (got.width, got.height) == (852, 478) and abs(got.duration - 3.0) < 0.05


def test_audio_only_gives_audio(run_cli, bonjour: Path, tmp_path: Path) -> None:
    out = tmp_path / "bonjour.m4a"
    result = run_cli(f"trim {bonjour} -o {out} --json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    got = probe(out)
    assert not got.has_video and got.audio_codec == "aac"
    assert summary["method"] == "audio" and abs(got.duration - summary["kept"]) < 0.03
    assert 4 < summary["kept"] < 8 and summary["removed"] > 28


def test_video_without_audio(run_cli, silent_video: Path, tmp_path: Path) -> None:
    result = run_cli(f"trim {silent_video} -o {tmp_path / 'x.mp4'}")
    assert result.exit_code == 3 and "no audio track" in result.output and str(silent_video) in result.output
    assert not (tmp_path / "x.mp4").exists()
    result = run_cli(f"trim {silent_video} -o {tmp_path / 'y.mp4'} --cut 0:02-0:04 --json")
    assert result.exit_code == 0, result.output
    got = probe(tmp_path / "y.mp4")
    assert not got.has_audio and abs(got.duration - 8.0) < 0.05


def test_preview_writes_nothing_but_the_timeline(run_cli, ae_video: Path, tmp_path: Path) -> None:
    result = run_cli(f"trim {ae_video} -o {tmp_path / 'p.mp4'} --preview --export-edl {tmp_path / 'p.fcpxml'}")
    assert result.exit_code == 0, result.output
    assert "kept" in result.output and "cuts" in result.output
    assert (tmp_path / "p.fcpxml").exists() and not (tmp_path / "p.mp4").exists()


@pytest.mark.parametrize("case", ["empty", "truncated", "not-media"])
def test_bad_input_exits_with_one_line(run_cli, ae_video: Path, tmp_path: Path, case: str) -> None:
    path = tmp_path / f"{case}.mp4"
    path.write_bytes(
        {"empty": b"", "truncated": ae_video.read_bytes()[:1_200_000], "not-media": b"\x00garbage" * 5000}[case]
    )
    result = run_cli(f"trim {path} -o {tmp_path / 'out.mp4'}")
    assert result.exit_code == 3
    lines = [ln for ln in result.output.splitlines() if ln.startswith("error:")]
    assert len(lines) == 1 and str(path) in lines[0]
    assert not (tmp_path / "out.mp4").exists()
