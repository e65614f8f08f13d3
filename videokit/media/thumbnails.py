"""Thumbnails and chapter contact sheets.

A thumbnail is the frame a person would pick: a face with open eyes, sharp (no motion blur), well
exposed. Candidates are keyframes spread over the video (decoding only keyframes keeps it fast on
long files, and keyframes are the encoder's best-quality pictures); each is scored on a small copy
with OpenCV (Laplacian variance for sharpness, Haar cascades for faces and open eyes).
"""

from __future__ import annotations

import io
import math
import textwrap
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from videokit import fsutil
from videokit.config import Branding
from videokit.errors import InputError
from videokit.media.faces import cascade
from videokit.media.probe import MediaInfo, probe

SIZE = (1280, 720)
MAX_BYTES = 2 * 1024 * 1024  # YouTube's thumbnail limit
_CANDIDATES = 24
_ANALYSIS = (960, 540)  # eyes must stay above ~12 px for the eye cascade
_DEFAULT_FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"


@dataclass(frozen=True)
class FrameScore:
    time: float
    score: float
    sharpness: float
    brightness: float
    faces: int
    eyes_open: bool
    face: tuple[float, float, float, float] | None = None  # largest face (x, y, w, h), fractions of the frame

    def rounded(self) -> FrameScore:
        """The same scores to a thousandth, as reported (more digits mean nothing)."""
        return replace(
            self,
            time=round(self.time, 3),
            score=round(self.score, 3),
            sharpness=round(self.sharpness, 3),
            brightness=round(self.brightness, 3),
        )


@dataclass(frozen=True)
class ThumbnailResult:
    output: Path
    width: int
    height: int
    bytes: int
    title: str | None
    frame: FrameScore | None  # the frame picked; None for an audio-only title card


@dataclass(frozen=True)
class Cover:
    """cover.json: the frame the thumbnail shows (cover.png beside it, at the thumbnail's size and
    without its title); None for audio only, where the cover is a card in the brand colour."""

    frame: FrameScore | None


def pick_cover(video: Path, out: Path, branding: Branding | None = None) -> Cover:
    """The thumbnail's picture, before its title (which needs the metadata): picked while the speech
    is transcribed, it leaves only the title to draw once SEO is done. A lossless PNG."""
    image, cover = _cover(Path(video), branding or Branding())
    buf = io.BytesIO()
    image.save(buf, "PNG")
    fsutil.write_bytes(Path(out), buf.getvalue())
    return cover


def titled_thumbnail(
    cover_image: Path, cover: Cover, out: Path, *, title: str | None = None, branding: Branding | None = None
) -> ThumbnailResult:
    """The thumbnail: the cover (pick_cover's) with the title, a JPEG under 2 MB."""
    with Image.open(cover_image) as picture:
        image = picture.convert("RGB")
    return _titled(image, cover, Path(out), title, branding or Branding())


def pick_thumbnail(
    video: Path, out: Path, *, title: str | None = None, branding: Branding | None = None
) -> ThumbnailResult:
    """Write a 1280x720 JPEG under 2 MB; for audio-only input, a title card in the brand colours."""
    branding = branding or Branding()
    image, cover = _cover(Path(video), branding)
    return _titled(image, cover, Path(out), title, branding)


def _cover(video: Path, branding: Branding) -> tuple[Image.Image, Cover]:
    info = probe(video)
    if not info.has_video:
        return Image.new("RGB", SIZE, branding.primary_color), Cover(None)
    scores = [score_frame(t, frame) for t, frame in candidate_frames(video, info)]
    if not scores:
        raise InputError(f"{video}: no picture could be decoded for a thumbnail; check that the video plays")
    chosen = max(scores, key=lambda s: s.score)
    return grab_frame(video, chosen.time), Cover(chosen.rounded())


def _titled(image: Image.Image, cover: Cover, out: Path, title: str | None, branding: Branding) -> ThumbnailResult:
    frame = cover.frame
    if title:
        image = _draw_title(image, title, branding, face=frame.face if frame else None, card=frame is None)
    size = _save_jpeg(image, out)
    return ThumbnailResult(out, SIZE[0], SIZE[1], size, title, frame)


def candidate_frames(video: Path, info: MediaInfo, count: int = _CANDIDATES) -> list[tuple[float, np.ndarray]]:
    """Keyframes at evenly spread times (the first and last 5 % skipped: fades, fumbling), RGB at the
    analysis size."""
    span = info.duration
    times = [span * (0.05 + 0.9 * (i + 0.5) / count) for i in range(count)]
    return read_frames(video, times, _ANALYSIS, keyframes_only=True)


def score_frame(t: float, rgb: np.ndarray) -> FrameScore:
    import cv2

    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    sharpness = float(cv2.Laplacian(gray, cv2.CV_64F).var())
    # faces of an eighth of the height and more are found as well at half size, for a quarter of the time
    half = cv2.equalizeHist(cv2.resize(gray, (gray.shape[1] // 2, gray.shape[0] // 2), interpolation=cv2.INTER_AREA))
    faces = [
        (2 * x, 2 * y, 2 * w, 2 * h)
        for x, y, w, h in _detect(
            cascade("haarcascade_frontalface_default.xml"), half, min_size=half.shape[0] // 8, neighbours=5
        )
    ]
    eyes_open = False
    face_area = 0.0
    face = None
    if len(faces):
        x, y, w, h = max(faces, key=lambda f: f[2] * f[3])
        face_area = w * h / gray.size
        face = (x / gray.shape[1], y / gray.shape[0], w / gray.shape[1], h / gray.shape[0])
        # the eye cascade finds open eyes (closed ones rarely match): the blink test, on a fixed-size face
        upper = gray[y : y + h * 3 // 5, x : x + w]
        upper = cv2.resize(
            upper, (240, max(1, round(240 * upper.shape[0] / upper.shape[1]))), interpolation=cv2.INTER_CUBIC
        )
        eyes_open = len(_detect(cascade("haarcascade_eye.xml"), upper, min_size=24, neighbours=3, scale=1.05)) >= 1
    # exposure is judged where the viewer looks: the face if there is one
    region = gray[y : y + h, x : x + w] if len(faces) else gray
    brightness = float(region.mean() / 255)
    clipped = float(((region < 8) | (region > 247)).mean())
    # sharpness on a log scale (a cartoon-sharp slide must not beat a face), exposure best near mid-grey
    score = math.log1p(sharpness) - 4.0 * abs(brightness - 0.5) - 3.0 * clipped
    if len(faces):
        score += 3.0 + 10.0 * min(face_area, 0.15) + (1.5 if eyes_open else -2.0)
    if gray.std() < 10:  # black, white or a single colour: never a thumbnail
        score -= 20.0
    return FrameScore(t, score, sharpness, brightness, len(faces), eyes_open, face)


def grab_frame(video: Path, t: float) -> Image.Image:
    """The frame shown at `t`, upright, filling the thumbnail's size, as a PIL image."""
    raw = read_frame(video, t, SIZE, keyframes_only=False)
    if raw is None:
        raise InputError(f"{video}: no frame can be decoded at {t:.1f}s; check that the video plays")
    return Image.fromarray(raw)


def contact_sheet(video: Path, chapters: list[tuple[float, str]], out: Path) -> Path:
    """A PNG grid: one frame per chapter with its start time and title."""
    video, out = Path(video), Path(out)
    if not chapters:
        raise InputError(f"{video}: no chapters to show; derive chapters first")
    info = probe(video)
    cols = min(3, len(chapters))
    rows = math.ceil(len(chapters) / cols)
    tile_w, tile_h, caption_h, pad = 400, 225, 70, 16
    sheet = Image.new("RGB", (pad + cols * (tile_w + pad), pad + rows * (tile_h + caption_h + pad)), "#16181d")
    draw = ImageDraw.Draw(sheet)
    time_font, title_font = _font(None, 22), _font(None, 18)
    # a moment after the boundary: the first frame of a chapter is often still the previous shot
    moments = [min(max(0.0, start + 1.0), max(0.0, info.duration - 0.1)) for start, _ in chapters]
    pictures = dict(read_frames(video, moments, (tile_w, tile_h), keyframes_only=False)) if info.has_video else {}
    for i, ((start, chapter_title), at) in enumerate(zip(chapters, moments)):
        x, y = pad + (i % cols) * (tile_w + pad), pad + (i // cols) * (tile_h + caption_h + pad)
        raw = pictures.get(at)
        tile = Image.fromarray(raw) if raw is not None else Image.new("RGB", (tile_w, tile_h), "#0B5FA5")
        sheet.paste(tile, (x, y))
        stamp = _clock(start)
        box = draw.textbbox((0, 0), stamp, font=time_font)
        # top left: the bottom of a practitioner's frame is where lower thirds (name, subject) sit
        draw.rectangle((x + 6, y + 6, x + 18 + box[2] - box[0], y + 18 + box[3] - box[1]), fill="#000000")
        draw.text((x + 12, y + 12 - box[1]), stamp, font=time_font, fill="#ffffff")
        lines = textwrap.wrap(chapter_title, width=36)[:2]
        for j, line in enumerate(lines):
            draw.text((x, y + tile_h + 8 + j * 26), line, font=title_font, fill="#f2f2f2")
    buf = io.BytesIO()
    sheet.save(buf, "PNG", optimize=True)
    fsutil.write_bytes(out, buf.getvalue())
    return out


def read_frames(
    video: Path, times: list[float], size: tuple[int, int], keyframes_only: bool
) -> list[tuple[float, np.ndarray]]:
    """RGB frames at `times` (the keyframe at or before each with `keyframes_only`, else the frame
    shown then), scaled to fill `size` and cropped, upright; times that cannot be read are left out."""
    from videokit.media.frames import frames_near

    return [(t, _cover_rgb(rgb, size)) for t, rgb in frames_near(video, times, exact=not keyframes_only)]


def read_frame(video: Path, t: float, size: tuple[int, int], keyframes_only: bool) -> np.ndarray | None:
    """read_frames for one time; None if it cannot be read."""
    found = read_frames(video, [t], size, keyframes_only)
    return found[0][1] if found else None


def _detect(
    cascade, gray: np.ndarray, min_size: int, neighbours: int, scale: float = 1.1
) -> list[tuple[int, int, int, int]]:
    found = cascade.detectMultiScale(gray, scaleFactor=scale, minNeighbors=neighbours, minSize=(min_size, min_size))
    return [tuple(int(v) for v in f) for f in found] if len(found) else []


def _cover_rgb(rgb: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """Scale to fill `size` and crop the overflow (a portrait frame keeps its centre): OpenCV's
    area filter to shrink, bicubic to enlarge."""
    import cv2

    w, h = size
    scale = max(w / rgb.shape[1], h / rgb.shape[0])
    resized = cv2.resize(
        rgb,
        (max(w, round(rgb.shape[1] * scale)), max(h, round(rgb.shape[0] * scale))),
        interpolation=cv2.INTER_AREA if scale <= 1 else cv2.INTER_CUBIC,
    )
    left, top = (resized.shape[1] - w) // 2, (resized.shape[0] - h) // 2
    return np.ascontiguousarray(resized[top : top + h, left : left + w])


def _draw_title(
    image: Image.Image, title: str, branding: Branding, face: tuple[float, float, float, float] | None, card: bool
) -> Image.Image:
    """Title in the brand font: centred on a title card, else on a brand-colour band away from the face."""
    image = image.convert("RGBA")
    overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    max_w = int(image.width * 0.86)
    max_lines = 3 if card else 2  # over a picture, a band taller than two lines hides the speaker
    size = 96 if card else 80
    while size > 36:  # the largest font that fits
        if len(_wrap(draw, title, _font(branding.font, size), max_w)) <= max_lines:
            break
        size -= 4
    font = _font(branding.font, size)
    lines = _wrap(draw, title, font, max_w)[:max_lines]
    line_h = int(size * 1.2)
    block_h = line_h * len(lines)
    margin = int(image.height * 0.07)
    face_low = face is not None and face[1] + face[3] / 2 > 0.55
    top = (image.height - block_h) // 2 if card else (margin if face_low else image.height - block_h - margin)
    if not card:
        r, g, b = (int(branding.primary_color[i : i + 2], 16) for i in (1, 3, 5))
        draw.rectangle((0, top - int(size * 0.4), image.width, top + block_h + int(size * 0.4)), fill=(r, g, b, 215))
    for i, line in enumerate(lines):
        width = draw.textlength(line, font=font)
        draw.text(
            ((image.width - width) / 2, top + i * line_h),
            line,
            font=font,
            fill=branding.text_color,
            stroke_width=max(1, size // 30),
            stroke_fill="#000000",
        )
    return Image.alpha_composite(image, overlay).convert("RGB")


def _wrap(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, max_w: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and draw.textlength(f"{lines[-1]} {word}", font=font) <= max_w:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def _font(path: Path | None, size: int) -> ImageFont.FreeTypeFont:
    try:
        return ImageFont.truetype(str(path or _DEFAULT_FONT), size)
    except OSError:
        raise InputError(
            f"{path}: not a readable TrueType/OpenType font; set branding.font to a .ttf or .otf file"
        ) from None


def _save_jpeg(image: Image.Image, out: Path) -> int:
    for quality in (92, 85, 75, 65, 50):
        buf = io.BytesIO()
        image.save(buf, "JPEG", quality=quality, optimize=True, progressive=True)
        if buf.tell() < MAX_BYTES:
            fsutil.write_bytes(out, buf.getvalue())
            return buf.tell()
    raise InputError(f"{out}: the thumbnail stays over 2 MB even at low quality; pick a simpler frame")


def _clock(seconds: float) -> str:
    s = int(seconds)
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60}:{s % 60:02d}"
