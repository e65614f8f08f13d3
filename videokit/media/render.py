"""The YouTube master: branding, burned captions, -14 LUFS audio, upload settings.

Only what changes is rendered. With nothing drawn on the picture (no logo, no burned captions, no
blurred region) and a main video YouTube takes as it is (H.264 High/Main, 8-bit 4:2:0, constant
rate, upright), the video stream is copied and only the audio is re-encoded with the loudness gain:
seconds instead of minutes, and no generation loss. A client's intro and outro are then encoded
once to the main video's codec parameters, cached by content hash, and joined by stream copy
(concat demuxer). Anything drawn on the picture needs every frame: then every per-frame operation
(scaling, logo overlay, subtitles, blur, concatenation) is an ffmpeg filter in one graph, one decode
and one encode, and the result says why (`full_encode_reasons`). Loudness takes a cheap audio-only
measuring pass first so the real pass applies an exact linear gain (two-pass EBU R128).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import shutil
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from videokit import fsutil
from videokit.config import Branding
from videokit.errors import InputError
from videokit.media import loudness
from videokit.media.blur import BlurRegion, blur_graph
from videokit.media.ffmpeg import escape_filter_path, run, write_checked
from videokit.media.options import RenderOptions
from videokit.media.probe import MediaInfo, media_path, probe, run_ffprobe
from videokit.progress import Progress, silent

AUDIO_ONLY_SIZE = (1280, 720)
_AUDIO_ONLY_FPS = 30.0
_LOGO_WIDTH = 0.12  # of the frame width
_MARGIN = 0.035  # of the frame width: keeps the logo inside YouTube's safe area
_CAPTION_MARGIN_V = 0.09  # of the height: above the player's progress bar and controls
_COPY_PROFILES = {"High", "Main"}  # what YouTube recommends; Baseline and High 10/4:2:2 are re-encoded
_CLIP_CACHE_VERSION = 1  # bump when the intro/outro encoding changes: old cache entries are then unused


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
    video: str = "encoded"  # "copied": the main video's stream kept as it is; "encoded": every frame re-encoded
    full_encode_reasons: list[str] = field(default_factory=list)  # why every frame was re-encoded
    cached_clips: int = 0  # intro/outro taken from the cache (already encoded for this video's parameters)


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
    cache_dir: Path | None = None,
    progress: Progress = silent,
) -> RenderResult:
    """Render `src` (trimmed video, or audio) to a YouTube-ready MP4; captions are burned when given,
    `blur` regions (confirmed privacy findings) are blurred over their spans.

    Intro, outro and logo come from `options` when set there, else from the client's `branding`.
    Intros and outros encoded for the copy path are kept in `cache_dir` (none: encoded every time).
    """
    src, out = Path(src), Path(out)
    started = time.perf_counter()
    info = probe(src)
    intro_path, outro_path, logo = (
        options.intro or branding.intro,
        options.outro or branding.outro,
        options.logo or branding.logo,
    )
    for asset in (intro_path, outro_path, logo, captions, branding.font):
        if asset is not None and not Path(asset).is_file():
            raise InputError(
                f"{asset}: branding or caption file not found; fix the path in the client profile or the option"
            )
    if captions is not None:  # checked here, or ffmpeg's failure would be blamed on the video
        rc, _, err = run_ffprobe(Path(captions), "-show_streams")
        if rc != 0:
            reason = (err.strip().splitlines() or ["unreadable"])[-1][-120:]
            raise InputError(
                f"{captions}: not a subtitle file ffmpeg can read ({reason}); give an .srt, .vtt or .ass file"
            )
    intro = probe(Path(intro_path)) if intro_path else None
    outro = probe(Path(outro_path)) if outro_path else None
    for clip in (intro, outro):
        if clip is not None and not clip.has_video:
            raise InputError(f"{clip.path}: an intro/outro needs a video stream; export it as MP4")

    reasons = full_encode_reasons(info, logo=logo is not None, captions=captions is not None, blur=len(blur))
    cached = 0
    with tempfile.TemporaryDirectory(prefix="videokit-render-") as tmp:
        work = Path(tmp)
        if reasons:
            measured, result = _encode_all(
                info, intro, outro, out, options, branding, work, logo, captions, blur, progress
            )
        else:
            measured, result, cached = _copy_video(
                info, intro, outro, out, options, branding, work, cache_dir, progress
            )
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
        video="encoded" if reasons else "copied",
        full_encode_reasons=reasons,
        cached_clips=cached,
    )


def full_encode_reasons(info: MediaInfo, *, logo: bool, captions: bool, blur: int) -> list[str]:
    """Why the main video cannot keep its stream as it is; empty when it can (audio-only render)."""
    reasons = []
    if logo:
        reasons.append("logo overlay")
    if captions:
        reasons.append("burned captions")
    if blur:
        reasons.append(f"{blur} blurred region(s)")
    if not info.has_video:
        reasons.append("no picture (audio only): a background is drawn")
        return reasons
    if info.video_codec != "h264" or info.video_profile not in _COPY_PROFILES or info.pix_fmt != "yuv420p":
        reasons.append(f"video is {info.video_codec} {info.video_profile} {info.pix_fmt}, not H.264 High/Main yuv420p")
    if info.rotation:
        reasons.append(f"rotated {info.rotation} degrees: turned upright")
    if info.vfr:
        reasons.append("variable frame rate: made constant")
    if (info.width or 0) % 2 or (info.height or 0) % 2:
        reasons.append(f"odd picture size {info.width}x{info.height}")
    return reasons


def youtube_encoding(fps: float, options: RenderOptions) -> list[str]:
    """YouTube's recommended upload settings: H.264 High, yuv420p, closed GOP of half the frame rate,
    2 B-frames, AAC-LC 48 kHz stereo (192 kb/s: see AUDIO_ENCODING), moov atom first (+faststart)."""
    return _x264(fps, options, "high") + ["-colorspace", "bt709", "-color_primaries", "bt709", "-color_trc", "bt709",
                                          *AUDIO_ENCODING, "-movflags", "+faststart"]  # fmt: skip


# AAC-LC 48 kHz stereo, the "fast" coder, 192 kb/s rather than the 384 YouTube suggests for music
# masters: a talk's speech is transparent at 192 and YouTube re-encodes it to 128 anyway, while ffmpeg's
# encoder takes 3.5x the CPU from 256 up (7 s instead of 24-28 s on a 7.6-minute talk: the copy
# render's main cost once the picture is copied)
AUDIO_ENCODING = [
    "-c:a",
    "aac",
    "-profile:a",
    "aac_low",
    "-aac_coder",
    "fast",
    "-b:a",
    "192k",
    "-ar",
    "48000",
    "-ac",
    "2",
]


def _x264(fps: float, options: RenderOptions, profile: str) -> list[str]:
    gop = max(1, round(fps / 2))
    return [
        "-c:v", "libx264", "-profile:v", profile, "-pix_fmt", "yuv420p", "-preset", options.preset, "-crf", str(options.crf),
        "-g", str(gop), "-bf", "2", "-flags", "+cgop",
    ]  # fmt: skip


def _ffmpeg(*args: str) -> list[str]:
    return ["ffmpeg", "-nostdin", "-v", "error", "-y", *args]


def _audio_graph(segments: list[_Segment]) -> str:
    parts = [_audio_chain(i, seg) for i, seg in enumerate(segments)]
    labels = "".join(f"[a{i}]" for i in range(len(segments)))
    return ";".join(parts) + f";{labels}concat=n={len(segments)}:v=0:a=1[a]"


def _measure(
    inputs: list[str], segments: list[_Segment], options: RenderOptions, src: Path
) -> loudness.Loudness | None:
    if not any(seg.info.has_audio for seg in segments):
        return None
    return loudness.measure(inputs, _audio_graph(segments), options.loudness_lufs, options.true_peak_db, src)


def _normalize(measured: loudness.Loudness | None, options: RenderOptions) -> str:
    return f"[a]{loudness.normalize_filter(measured, options.loudness_lufs, options.true_peak_db)}[aout]"


def _copy_video(
    info: MediaInfo,
    intro: MediaInfo | None,
    outro: MediaInfo | None,
    out: Path,
    options: RenderOptions,
    branding: Branding,
    work: Path,
    cache_dir: Path | None,
    progress: Progress,
) -> tuple[loudness.Loudness | None, MediaInfo, int]:
    """Main video stream copied; audio re-encoded with the loudness gain; intro/outro from the cache."""
    src = Path(info.path)
    timescale = info.timescale
    clips: dict[str, tuple[Path, bool]] = {}
    for name, clip in (("intro", intro), ("outro", outro)):
        if clip is not None:
            clips[name] = branded_clip(clip, info, options, branding.primary_color, cache_dir or work)
    # the sound of each part lasts exactly as long as the picture it is joined to
    parts: list[MediaInfo] = []
    if intro is not None:
        parts.append(dataclasses.replace(intro, duration=probe(clips["intro"][0]).duration))
    parts.append(info)
    if outro is not None:
        parts.append(dataclasses.replace(outro, duration=probe(clips["outro"][0]).duration))
    inputs: list[str] = []
    segments = []
    for piece in parts:
        segments.append(_Segment(len(inputs) // 2, piece))
        inputs += ["-i", media_path(piece.path)]
    measured = _measure(inputs, segments, options, src)
    graph = _audio_graph(segments) + ";" + _normalize(measured, options)
    total = sum(p.duration for p in parts)
    if not clips:
        cmd = _ffmpeg(*inputs, "-filter_complex", graph, "-map", "0:v:0", "-map", "[aout]", "-c:v", "copy",
                      *AUDIO_ENCODING, "-movflags", "+faststart")  # fmt: skip
        return measured, write_checked(cmd, src, out, total, progress=progress), 0
    audio, video = work / "audio.m4a", work / "main.video.mp4"
    with ThreadPoolExecutor(1) as pool:  # the picture copy is disk-bound: it runs beside the audio encode
        copying = pool.submit(run, _ffmpeg("-i", media_path(src), "-map", "0:v:0", "-c", "copy", str(video)), src)
        run(_ffmpeg(*inputs, "-filter_complex", graph, "-map", "[aout]", *AUDIO_ENCODING, str(audio)), src,
            progress=progress, total=total)  # fmt: skip
        copying.result()
    order = [clips["intro"][0]] if intro else []
    order += [video] + ([clips["outro"][0]] if outro else [])
    listing = work / "join.ffconcat"
    listing.write_text(
        "ffconcat version 1.0\n" + "".join(f"file '{_concat_quote(p)}'\n" for p in order), encoding="utf-8"
    )
    cmd = _ffmpeg("-f", "concat", "-safe", "0", "-i", str(listing), "-i", str(audio), "-map", "0:v:0", "-map", "1:a:0",
                  "-c", "copy", "-video_track_timescale", str(timescale), "-movflags", "+faststart")  # fmt: skip
    return measured, write_checked(cmd, src, out, total), sum(hit for _, hit in clips.values())


def branded_clip(
    clip: MediaInfo, main: MediaInfo, options: RenderOptions, background: str, cache_dir: Path
) -> tuple[Path, bool]:
    """An intro/outro's picture encoded to `main`'s size, frame rate, profile, colours and timescale, so it
    joins the copied main video without re-encoding it; cached by the clip's content and those parameters.
    Returns the file and whether it came from the cache."""
    width, height, fps = _geometry(main)
    profile = "main" if main.video_profile == "Main" else "high"
    colours = {k: v for k, v in (main.color or {}).items() if v and v != "unknown"}
    params = {
        "version": _CLIP_CACHE_VERSION, "clip": fsutil.sha256_file(Path(clip.path)), "size": [width, height], "fps": fps,
        "profile": profile, "colours": colours, "timescale": main.timescale, "background": background,
        "crf": options.crf, "preset": options.preset,
    }  # fmt: skip
    key = hashlib.sha256(json.dumps(params, sort_keys=True).encode()).hexdigest()[:20]
    target = Path(cache_dir) / f"clip-{key}.mp4"
    if target.is_file():
        return target, True
    chain = _video_chain(_Segment(0, clip), width, height, fps, background, "0:v:0")
    flags = {"color_space": "-colorspace", "color_transfer": "-color_trc", "color_primaries": "-color_primaries",
             "color_range": "-color_range"}  # fmt: skip
    tags = [arg for k, v in colours.items() if k in flags for arg in (flags[k], v)]
    cmd = _ffmpeg("-i", media_path(clip.path), "-filter_complex", f"{chain},format=yuv420p[v]", "-map", "[v]", "-an",
                  *_x264(fps, options, profile), *tags, "-video_track_timescale", str(main.timescale))  # fmt: skip
    with fsutil.atomic_path(target) as part:
        run([*cmd, str(part)], Path(clip.path))
    return target, False


def _encode_all(
    info: MediaInfo,
    intro: MediaInfo | None,
    outro: MediaInfo | None,
    out: Path,
    options: RenderOptions,
    branding: Branding,
    work: Path,
    logo: Path | None,
    captions: Path | None,
    blur: Sequence[BlurRegion],
    progress: Progress,
) -> tuple[loudness.Loudness | None, MediaInfo]:
    """Every frame through one ffmpeg filter graph: scale, blur, logo, captions, join, encode."""
    src = Path(info.path)
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
    measured = _measure(inputs, segments, options, src)
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
            corner = options.logo_corner if options.logo else branding.logo_corner
            chain += f"[base{i}];[{logo_index}:v]scale={_even(width * _LOGO_WIDTH)}:-1,format=rgba[logo];[base{i}][logo]overlay={_corner(corner, width)}"
        if is_main and burn:
            chain += f",{burn}"
        video_parts.append(f"{chain},format=yuv420p[v{i}]")
    audio_parts = [_audio_chain(i, seg) for i, seg in enumerate(segments)]
    joined = "".join(f"[v{i}][a{i}]" for i in range(len(segments)))
    graph = (
        ";".join(video_parts + audio_parts)
        + f";{joined}concat=n={len(segments)}:v=1:a=1[vc][a];"
        + _normalize(measured, options)
    )
    script = work / "graph.txt"
    script.write_text(graph, encoding="utf-8")
    total = sum(seg.info.duration for seg in segments)
    cmd = _ffmpeg(*inputs, "-filter_complex_script", str(script), "-map", "[vc]", "-map", "[aout]",
                  *youtube_encoding(fps, options))  # fmt: skip
    return measured, write_checked(cmd, src, out, total, progress=progress)


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


def _concat_quote(path: Path) -> str:
    """A path inside single quotes of an ffconcat listing (a home folder may hold an apostrophe)."""
    return str(path.resolve()).replace("'", "'\\''")


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
