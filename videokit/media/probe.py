"""What a media file holds, from ffprobe: streams, size, frame rate, rotation, and whether it is whole.

Every later stage trusts `MediaInfo`, so `probe` is where bad input is turned away with one line
naming the file and the fix.
"""

from __future__ import annotations

import functools
import json
import subprocess
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

from videokit.errors import InputError

# Phones write variable frame rate; below this spread between nominal and average rate we treat it as constant.
_VFR_TOLERANCE = 0.01
# The end check reads the packets of the last _TAIL seconds; a clip whose packets stop more than
# _TRUNCATION_SLACK before the announced end is truncated (whole files on the corpus end within 0.07 s).
_TAIL = 2.0
_TRUNCATION_SLACK = 0.25


@dataclass(frozen=True)
class MediaInfo:
    path: str
    duration: float
    has_video: bool
    has_audio: bool
    width: int | None = None  # as displayed, rotation applied
    height: int | None = None
    fps: float | None = None  # average frame rate
    rotation: int = 0  # degrees clockwise the player must turn the coded picture
    video_codec: str | None = None
    audio_codec: str | None = None
    sample_rate: int | None = None
    channels: int | None = None
    pix_fmt: str | None = None
    vfr: bool = False
    bit_depth: int | None = None
    video_bitrate: int | None = None
    video_profile: str | None = None
    video_time_base: str | None = None  # "1/30000": smart cut must write the same timescale to copy packets
    color: dict[str, str] | None = None  # color_space / transfer / primaries / range, carried into re-encodes
    format: str = ""

    @property
    def frame_duration(self) -> float | None:
        return 1.0 / self.fps if self.fps else None

    @property
    def timescale(self) -> int:
        """The video track's timescale: stream-copied packets keep their timestamps only when it is reused."""
        num, _, den = (self.video_time_base or "").partition("/")
        return int(den) if num == "1" and den.isdigit() else 90_000


def media_path(path: Path | str) -> str:
    """`path` as ffmpeg, ffprobe and PyAV must get it: absolute, so a name starting with '-' is not an
    option and one holding ':' ("a:b.mp4", "concat:x") is not a protocol."""
    return str(Path(path).absolute())


def run_ffprobe(path: Path, *args: str) -> tuple[int, str, str]:
    proc = subprocess.run(
        ["ffprobe", "-v", "error", *args, media_path(path)], capture_output=True, text=True, check=False
    )
    return proc.returncode, proc.stdout, proc.stderr


def probe(path: Path) -> MediaInfo:
    """Describe `path`; InputError for missing, empty, non-media, stream-less or truncated files."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such file; check the path")
    if not path.is_file():
        raise InputError(f"{path}: not a file; give a video or audio file")
    stat = path.stat()
    if stat.st_size == 0:
        raise InputError(f"{path}: the file is empty (0 bytes); copy the recording again")
    # the same file, unchanged, is described once: a publish asks about its clips a dozen times (0.13 s each)
    return _probe(path, stat.st_ino, stat.st_size, stat.st_mtime_ns)


@functools.lru_cache(maxsize=64)
def _probe(path: Path, inode: int, size: int, modified_ns: int) -> MediaInfo:
    rc, out, err = run_ffprobe(path, "-show_format", "-show_streams", "-of", "json")
    if rc != 0:
        reason = _first_line(err) or "ffprobe could not read it"
        raise InputError(f"{path}: not a readable video or audio file ({reason}); export it again as MP4 or re-copy it")
    data = json.loads(out or "{}")
    streams = data.get("streams", [])
    video = next((s for s in streams if s.get("codec_type") == "video" and not _is_cover_art(s)), None)
    audio = next((s for s in streams if s.get("codec_type") == "audio"), None)
    if video is None and audio is None:
        raise InputError(f"{path}: holds no video or audio stream; give the original recording")
    fmt = data.get("format", {})
    duration = _float(fmt.get("duration")) or max((_float(s.get("duration")) or 0.0 for s in streams), default=0.0)
    if duration <= 0:
        raise InputError(f"{path}: zero-length media (no duration); check that the recording was saved completely")

    info: dict[str, Any] = {
        "path": str(path),
        "duration": duration,
        "has_video": video is not None,
        "has_audio": audio is not None,
        "format": fmt.get("format_name", ""),
    }
    if video is not None:
        rotation = stream_rotation(video)
        w, h = int(video.get("width") or 0), int(video.get("height") or 0)
        if w <= 0 or h <= 0:
            raise InputError(f"{path}: the video stream has no picture size (corrupt header); re-export the file")
        if rotation in (90, 270):
            w, h = h, w
        avg, nominal = _rate(video.get("avg_frame_rate")), _rate(video.get("r_frame_rate"))
        fps = avg or nominal
        info.update(
            width=w,
            height=h,
            fps=fps,
            rotation=rotation,
            video_codec=video.get("codec_name"),
            pix_fmt=video.get("pix_fmt"),
            vfr=bool(avg and nominal and abs(avg - nominal) / nominal > _VFR_TOLERANCE),
            bit_depth=int(video["bits_per_raw_sample"])
            if str(video.get("bits_per_raw_sample", "")).isdigit()
            else None,
            video_bitrate=int(video["bit_rate"]) if str(video.get("bit_rate", "")).isdigit() else None,
            video_profile=video.get("profile"),
            video_time_base=video.get("time_base"),
            color={
                k: video[k] for k in ("color_space", "color_transfer", "color_primaries", "color_range") if k in video
            },
        )
    if audio is not None:
        info.update(
            audio_codec=audio.get("codec_name"),
            sample_rate=int(audio.get("sample_rate") or 0) or None,
            channels=int(audio.get("channels") or 0) or None,
        )
    _check_whole(path, duration, _float(fmt.get("start_time")) or 0.0)
    return MediaInfo(**info)


def _check_whole(path: Path, duration: float, start: float) -> None:
    """A truncated MP4 keeps its index, so the header looks fine: read every packet of the last
    seconds (from the keyframe before them) and compare where the last one ends with the duration."""
    rc, out, err = run_ffprobe(
        path,
        "-read_intervals",
        f"{max(0.0, start + duration - _TAIL):.3f}%",
        "-show_entries",
        "packet=pts_time,duration_time",
        "-of",
        "csv=p=0",
    )
    last_end, longest = None, 0.0
    for line in out.splitlines():
        pts, _, length = line.partition(",")
        packet = _float(pts)
        if packet is None:
            continue
        span = _float(length.split(",")[0]) or 0.0
        longest = max(longest, span)
        last_end = max(last_end or 0.0, packet + span)
    read = None if last_end is None else last_end - start
    short = read is None or duration - read > max(_TRUNCATION_SLACK, 2 * longest)
    if rc != 0 or short or "partial file" in err:
        got = "nothing" if read is None else f"{max(read, 0.0):.1f} s"
        raise InputError(
            f"{path}: the file is truncated ({got} of the {duration:.1f} s its header announces can be read); "
            "copy the recording again from the device"
        )


def _is_cover_art(stream: dict[str, Any]) -> bool:
    return bool(stream.get("disposition", {}).get("attached_pic"))


def stream_rotation(stream: dict[str, Any]) -> int:
    """Degrees clockwise the player turns an ffprobe video stream's coded picture."""
    for side in stream.get("side_data_list", []) or []:
        if "rotation" in side:
            # the display matrix stores counter-clockwise degrees; players turn clockwise by the opposite
            return int(-float(side["rotation"])) % 360
    rotate = (stream.get("tags") or {}).get("rotate")
    return int(rotate) % 360 if rotate and rotate.lstrip("-").isdigit() else 0


def _rate(value: str | None) -> float | None:
    try:
        rate = Fraction(value) if value else Fraction(0)
    except (ValueError, ZeroDivisionError):
        return None
    return float(rate) if rate > 0 else None


def _float(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _first_line(text: str) -> str:
    lines = [ln.strip() for ln in text.strip().splitlines() if ln.strip()]
    return lines[-1] if lines else ""
