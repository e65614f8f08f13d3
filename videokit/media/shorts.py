"""YouTube Shorts: a 9:16 cut of one segment, framed on the speaker, captions burned, at most 3 minutes."""

from __future__ import annotations

import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from videokit.config import Branding
from videokit.errors import ConfigError, InputError
from videokit.media import loudness
from videokit.media.ffmpeg import write_checked
from videokit.media.options import SHORT_MAX_SECONDS, RenderOptions
from videokit.media.probe import media_path, probe
from videokit.media.render import caption_filter, youtube_encoding
from videokit.media.thumbnails import read_frames, score_frame
from videokit.progress import Progress, silent

SIZE = (1080, 1920)
_SAMPLES = 8  # frames looked at to find where the speaker sits


@dataclass(frozen=True)
class ShortResult:
    output: Path
    start: float  # the stretch of the source cut, in seconds
    end: float
    duration: float
    width: int | None
    height: int | None
    speaker_x: float  # where the speaker's face sits across the source (fraction of its width)
    seconds: float
    text: str = ""  # what is said in the stretch, when the caller that chose it says
    keyword_hits: int = 0  # how many of the video's main keywords that text names


def make_short(src: Path, out: Path, start: float, end: float, options: RenderOptions, *, branding: Branding | None = None,
               captions: Path | None = None, progress: Progress = silent) -> ShortResult:  # fmt: skip
    """Cut [start, end) of `src` into a 1080x1920 Short centred on the speaker's face.

    `captions` are timed on `src` (as for render); the lines of the segment are burned in.
    """
    src, out = Path(src), Path(out)
    started = time.perf_counter()
    branding = branding or Branding()
    info = probe(src)
    if not info.has_video:
        raise InputError(f"{src}: a Short needs a video stream; use a video recording")
    if end - start > SHORT_MAX_SECONDS:
        raise ConfigError(
            f"{src}: a Short lasts at most {SHORT_MAX_SECONDS:.0f} s, the segment has {end - start:.1f} s; pick a shorter one"
        )
    end = min(end, info.duration)
    if not 0 <= start < end:
        raise ConfigError(
            f"{src}: the Short's segment {start:.1f}-{end:.1f} s is empty or outside the {info.duration:.1f} s video; pick another one"
        )
    centre = speaker_centre(src, start, end)
    crop_w = min(info.width or 0, round((info.height or 0) * SIZE[0] / SIZE[1])) // 2 * 2
    left = max(0, min((info.width or 0) - crop_w, round(centre * (info.width or 0) - crop_w / 2)))
    seek = ["-ss", f"{start:.3f}", "-t", f"{end - start:.3f}", "-i", media_path(src)]
    measured = (
        loudness.measure(seek, "[0:a:0]anull[a]", options.loudness_lufs, options.true_peak_db, src)
        if info.has_audio
        else None
    )
    with tempfile.TemporaryDirectory(prefix="videokit-short-") as tmp:
        # captions are timed on the source: shift the picture back to source time while they are drawn
        burn = (
            f",setpts=PTS+{start:.3f}/TB,{caption_filter(captions, branding, Path(tmp), *SIZE)},setpts=PTS-STARTPTS"
            if captions
            else ""
        )
        video = f"[0:v:0]crop={crop_w}:{info.height}:{left}:0,scale={SIZE[0]}:{SIZE[1]},setsar=1,fps={round(info.fps or 30, 3)}{burn},format=yuv420p[v]"
        audio = (
            f"[0:a:0]{loudness.normalize_filter(measured, options.loudness_lufs, options.true_peak_db)}[a]"
            if info.has_audio
            else "anullsrc=r=48000:cl=stereo[a]"
        )
        cmd = ["ffmpeg", "-nostdin", "-v", "error", "-y", *seek, "-filter_complex", f"{video};{audio}", "-map", "[v]", "-map", "[a]",
               "-shortest", *youtube_encoding(info.fps or 30, options)]  # fmt: skip
        got = write_checked(cmd, src, out, end - start, progress=progress)
    return ShortResult(
        out,
        start,
        end,
        round(got.duration, 3),
        got.width,
        got.height,
        round(centre, 3),
        round(time.perf_counter() - started, 3),
    )


def speaker_centre(src: Path, start: float, end: float) -> float:
    """Horizontal centre of the largest face (fraction of the width), median over the segment; 0.5 if none."""
    times = [start + (end - start) * (i + 0.5) / _SAMPLES for i in range(_SAMPLES)]
    centres = [
        face[0] + face[2] / 2
        for t, frame in read_frames(src, times, (960, 540), keyframes_only=False)
        if (face := score_frame(t, frame).face)
    ]
    return statistics.median(centres) if centres else 0.5
