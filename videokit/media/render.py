"""The YouTube master: branding, burned captions, -14 LUFS audio, upload settings, in one ffmpeg pass.

Every per-frame operation (scaling, logo overlay, subtitles, concatenation with intro and outro) is
an ffmpeg filter in one graph, so the render costs one decode and one encode; a Python frame loop
(moviepy) would be several times slower. Loudness takes a cheap audio-only measuring pass first so
the real pass can apply an exact linear gain (two-pass EBU R128).
"""

from __future__ import annotations

import re
import shutil
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from videokit import fsutil
from videokit.config import Branding
from videokit.errors import InputError
from videokit.media import loudness
from videokit.media.blur import BlurRegion, blur_graph
from videokit.media.ffmpeg import escape_filter_path, run, verify_output
from videokit.media.options import RenderOptions
from videokit.media.probe import MediaInfo, media_path, probe
from videokit.progress import Progress, silent

AUDIO_ONLY_SIZE = (1280, 720)
_AUDIO_ONLY_FPS = 30.0
_LOGO_WIDTH = 0.12  # of the frame width
_MARGIN = 0.035  # of the frame width: keeps the logo inside YouTube's safe area
_CAPTION_MARGIN_V = 0.09  # of the height: above the player's progress bar and controls


@dataclass(frozen=True)
class LoudnessReport:
    target_lufs: float
    true_peak_db: float
    measured: loudness.Loudness | None  # the source as measured before normalising; None for silence


@dataclass(frozen=True)
class RenderResult:
    output: Path
    intro_offset: float  # seconds of intro before the content starts: chapters and captions move by it
    duration: float
    width: int | None
    height: int | None
    fps: float | None
    captions_burned: bool
    logo: Path | None
    loudness: LoudnessReport
    seconds: float
    blurred_regions: int = 0  # confirmed privacy findings blurred over their spans


@dataclass(frozen=True)
class _Segment:
    input_index: int
    info: MediaInfo


def render(
    src: Path,
    out: Path,
    options: RenderOptions,
    *,
    branding: Branding,
    captions: Path | None = None,
    blur: Sequence[BlurRegion] = (),
    progress: Progress = silent,
) -> RenderResult:
    """Render `src` (trimmed video, or audio) to a YouTube-ready MP4; captions are burned when given,
    `blur` regions (confirmed privacy findings) are blurred over their spans.

    Intro, outro and logo come from `options` when set there, else from the client's `branding`.
    """
    src, out = Path(src), Path(out)
    started = time.perf_counter()
    info = probe(src)
    intro_path, outro_path, logo = (
        options.intro or branding.intro,
        options.outro or branding.outro,
        options.logo or branding.logo,
    )
    corner = options.logo_corner if options.logo else branding.logo_corner
    for asset in (intro_path, outro_path, logo, captions, branding.font):
        if asset is not None and not Path(asset).is_file():
            raise InputError(
                f"{asset}: branding or caption file not found; fix the path in the client profile or the option"
            )
    intro = probe(Path(intro_path)) if intro_path else None
    outro = probe(Path(outro_path)) if outro_path else None
    for clip in (intro, outro):
        if clip is not None and not clip.has_video:
            raise InputError(f"{clip.path}: an intro/outro needs a video stream; export it as MP4")

    width, height, fps = _geometry(info)
    inputs: list[str] = []
    segments: list[_Segment] = []
    for clip in (intro, info, outro):
        if clip is not None:
            segments.append(_Segment(len(inputs) // 2, clip))
            inputs += ["-i", media_path(clip.path)]
    logo_index = len(inputs) // 2 if logo else None
    if logo:
        inputs += ["-i", media_path(logo)]

    audio_parts = [_audio_chain(i, seg) for i, seg in enumerate(segments)]
    audio_graph = (
        ";".join(audio_parts)
        + ";"
        + "".join(f"[a{i}]" for i in range(len(segments)))
        + f"concat=n={len(segments)}:v=0:a=1[a]"
    )
    measured = None
    if any(seg.info.has_audio for seg in segments):
        measured = loudness.measure(inputs, audio_graph, options.loudness_lufs, options.true_peak_db, src)

    with tempfile.TemporaryDirectory(prefix="videokit-render-") as tmp:
        work = Path(tmp)
        burn = caption_filter(captions, branding, work, width, height) if captions else None
        video_parts = []
        for i, seg in enumerate(segments):
            is_main = seg.info is info
            source = f"{seg.input_index}:v:0"
            if is_main and blur and info.has_video:  # before scaling: regions are fractions of the source picture
                video_parts.append(blur_graph(blur, info.width or width, info.height or height, source, "blurred"))
                source = "blurred"
            chain = _video_chain(seg, width, height, fps, branding.primary_color, source)
            if is_main and logo_index is not None:
                chain += f"[base{i}];[{logo_index}:v]scale={_even(width * _LOGO_WIDTH)}:-1,format=rgba[logo];[base{i}][logo]overlay={_corner(corner, width)}"
            if is_main and burn:
                chain += f",{burn}"
            video_parts.append(f"{chain},format=yuv420p[v{i}]")
        joined = "".join(f"[v{i}][a{i}]" for i in range(len(segments)))
        graph = (
            ";".join(video_parts + audio_parts)
            + f";{joined}concat=n={len(segments)}:v=1:a=1[vc][ac];[ac]{loudness.normalize_filter(measured, options.loudness_lufs, options.true_peak_db)}[aout]"
        )
        script = work / "graph.txt"
        script.write_text(graph, encoding="utf-8")
        total = sum(seg.info.duration for seg in segments)
        with fsutil.atomic_path(out) as part:
            cmd = [
                "ffmpeg",
                "-nostdin",
                "-v",
                "error",
                "-y",
                *inputs,
                "-filter_complex_script",
                str(script),
                "-map",
                "[vc]",
                "-map",
                "[aout]",
                *youtube_encoding(fps, options),
                str(part),
            ]
            run(cmd, src, progress=progress, total=total)
            result = verify_output(part, out, total)
    return RenderResult(
        output=out,
        intro_offset=round(intro.duration, 3) if intro else 0.0,
        duration=round(result.duration, 3),
        width=result.width,
        height=result.height,
        fps=result.fps,
        captions_burned=captions is not None,
        logo=Path(logo) if logo else None,
        loudness=LoudnessReport(options.loudness_lufs, options.true_peak_db, measured),
        seconds=round(time.perf_counter() - started, 3),
        blurred_regions=len(blur),
    )


def youtube_encoding(fps: float, options: RenderOptions) -> list[str]:
    """YouTube's recommended upload settings: H.264 High, yuv420p, closed GOP of half the frame rate,
    2 B-frames, AAC-LC 48 kHz stereo 384 kb/s, moov atom first (+faststart)."""
    gop = max(1, round(fps / 2))
    return [
        "-c:v", "libx264", "-profile:v", "high", "-pix_fmt", "yuv420p", "-preset", options.preset, "-crf", str(options.crf),
        "-g", str(gop), "-bf", "2", "-flags", "+cgop", "-colorspace", "bt709", "-color_primaries", "bt709", "-color_trc", "bt709",
        "-c:a", "aac", "-profile:a", "aac_low", "-b:a", "384k", "-ar", "48000", "-ac", "2", "-movflags", "+faststart",
    ]  # fmt: skip


def _geometry(info: MediaInfo) -> tuple[int, int, float]:
    if not info.has_video:
        return (*AUDIO_ONLY_SIZE, _AUDIO_ONLY_FPS)
    # x264 with 4:2:0 needs even sizes: odd phone crops lose one pixel row/column
    return _even(info.width or 2), _even(info.height or 2), round(info.fps or _AUDIO_ONLY_FPS, 3)


def _video_chain(seg: _Segment, width: int, height: int, fps: float, background: str, source: str) -> str:
    """Scale into the frame (letterboxed in the brand colour if the aspect differs), constant rate."""
    colour = "0x" + background.lstrip("#")
    if not seg.info.has_video:
        return f"color=c={colour}:s={width}x{height}:r={fps},trim=duration={seg.info.duration:.6f},setsar=1"
    return (
        f"[{source}]scale={width}:{height}:force_original_aspect_ratio=decrease,"
        f"pad={width}:{height}:(ow-iw)/2:(oh-ih)/2:color={colour},setsar=1,fps={fps}"
    )


def _audio_chain(i: int, seg: _Segment) -> str:
    """48 kHz stereo audio exactly as long as the segment's picture (silence if it has none)."""
    duration = seg.info.duration
    if seg.info.has_audio:
        source = f"[{seg.input_index}:a:0]aformat=sample_rates=48000:channel_layouts=stereo,apad"
    else:
        source = "anullsrc=r=48000:cl=stereo"
    return f"{source},atrim=duration={duration:.6f}[a{i}]"


def caption_filter(captions: Path, branding: Branding, work: Path, width: int, height: int) -> str:
    """libass subtitles: bold text, dark outline and soft shadow (readable on any picture), bottom-centred in the safe area."""
    local = work / f"captions{Path(captions).suffix.lower()}"
    shutil.copyfile(captions, local)
    fonts = work / "fonts"
    fonts.mkdir()
    font_name = "DejaVu Sans"
    if branding.font:
        shutil.copyfile(branding.font, fonts / Path(branding.font).name)
        # the family name comes from inside the font file: keep what cannot break the style string
        font_name = re.sub(r"[^\w .-]", "", _font_family(Path(branding.font)) or "") or font_name
    # libass scales SRT styles to a 288-line canvas; portrait frames get smaller text so lines still fit
    aspect = min(1.0, (width / height) / (16 / 9))
    size = round(17 * aspect**0.5)
    style = ",".join(
        [
            f"FontName={font_name}",
            f"FontSize={size}",
            "Bold=1",
            f"PrimaryColour={_ass_colour(branding.text_color)}",
            "OutlineColour=&H00202020",
            "BackColour=&H80000000",
            "BorderStyle=1",
            "Outline=1.6",
            "Shadow=0.8",
            "Alignment=2",
            f"MarginV={round(288 * _CAPTION_MARGIN_V)}",
            "MarginL=24",
            "MarginR=24",
        ]
    )
    return f"subtitles=filename={escape_filter_path(local)}:fontsdir={escape_filter_path(fonts)}:force_style='{style}'"


def _font_family(font: Path) -> str | None:
    from PIL import ImageFont

    try:
        return ImageFont.truetype(str(font), 12).getname()[0]
    except OSError:
        raise InputError(
            f"{font}: not a readable TrueType/OpenType font; set branding.font to a .ttf or .otf file"
        ) from None


def _ass_colour(hex_colour: str) -> str:
    r, g, b = hex_colour[1:3], hex_colour[3:5], hex_colour[5:7]
    return f"&H00{b}{g}{r}".upper()


def _corner(corner: str, width: int) -> str:
    m = round(width * _MARGIN)
    x = f"{m}" if corner.endswith("left") else f"main_w-overlay_w-{m}"
    y = f"{m}" if corner.startswith("top") else f"main_h-overlay_h-{m}"
    return f"x={x}:y={y}"


def _even(value: float) -> int:
    return max(2, int(value) // 2 * 2)
