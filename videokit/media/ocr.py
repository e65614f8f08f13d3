"""Text shown in a picture, read by Tesseract (French and English data from Debian's packages).

tesserocr keeps one Tesseract engine loaded for the whole video (pytesseract would start a
process and reload the language data for every frame). Words come back with their boxes, so a
privacy match in the text can be mapped back to the pixels to blur.
"""

from __future__ import annotations

import ctypes
import os
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

import numpy as np

from videokit.errors import ConfigError

# Tesseract's language codes, and the Debian package holding each one's data
LANGUAGES = {"fr": ("fra", "tesseract-ocr-fra"), "en": ("eng", "tesseract-ocr-eng")}
_TESSDATA_DIRS = (
    "/usr/share/tesseract-ocr/5/tessdata",
    "/usr/share/tesseract-ocr/4.00/tessdata",
    "/usr/share/tessdata",
    "/usr/local/share/tessdata",
)
_MIN_CONFIDENCE = 45.0  # below this Tesseract is mostly reading texture as letters
# no identifier the privacy rules look for has fewer shapes than this (a date, a phone number, a first
# and last name); the lines layout analysis finds in a picture without text are a few blobs of texture
_MIN_LINE_SHAPES = 6
_LEPTONICA_SILENT = 6  # L_SEVERITY_NONE


@dataclass(frozen=True)
class OcrWord:
    text: str
    box: tuple[int, int, int, int]  # x, y, w, h in pixels of the image read
    confidence: float  # 0..100
    start: int  # character offsets of the word in OcrPage.text
    end: int


@dataclass(frozen=True)
class OcrPage:
    text: str  # the words, one line of the picture per line of text
    words: tuple[OcrWord, ...]

    def box_of(self, start: int, end: int) -> tuple[int, int, int, int] | None:
        """The pixels covering the characters start..end (the union of the words they touch)."""
        boxes = [w.box for w in self.words if w.start < end and w.end > start]
        if not boxes:
            return None
        x0, y0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
        x1, y1 = max(b[0] + b[2] for b in boxes), max(b[1] + b[3] for b in boxes)
        return x0, y0, x1 - x0, y1 - y0

    def lines(self) -> list[tuple[OcrWord, ...]]:
        """The words, line by line."""
        out: dict[int, list[OcrWord]] = {}
        for word in self.words:
            out.setdefault(self.text.count("\n", 0, word.start), []).append(word)
        return [tuple(line) for line in out.values()]

    def moved(self, dx: int, dy: int) -> OcrPage:
        """The same words, their boxes moved (a crop's reading in the frame's pixels)."""
        return replace(
            self, words=tuple(replace(w, box=(w.box[0] + dx, w.box[1] + dy, *w.box[2:])) for w in self.words)
        )


def _quiet_leptonica(tesserocr: Path) -> None:
    """Leptonica, under Tesseract, prints "box outside rectangle" on some narrow crops (the strip a
    panning camera brings in) and Tesseract reads on: on stderr it only cluttered the progress bar."""
    bundled = sorted((tesserocr.parent.parent / "tesserocr.libs").glob("libleptonica*.so*"))
    if bundled:
        ctypes.CDLL(str(bundled[0])).setMsgSeverity(_LEPTONICA_SILENT)


def page_of(lines: list[tuple[OcrWord, ...]]) -> OcrPage:
    """A page made of these lines, in this order (readings of several crops put together)."""
    return _page([[(w.text, w.box, w.confidence) for w in line] for line in lines])


class TextReader:
    """One loaded Tesseract engine for the given languages."""

    def __init__(self, languages: tuple[str, ...] = ("fr", "en")) -> None:
        try:
            import tesserocr
        except ImportError:
            raise ConfigError(
                "reading on-screen text needs tesserocr, which is not installed; pip install tesserocr==2.13.0 (scripts/setup.sh does)"
            ) from None
        codes = [_code(lang) for lang in languages]
        tessdata = tessdata_dir(tuple(codes))
        self._tesserocr = tesserocr
        _quiet_leptonica(Path(tesserocr.__file__))
        try:
            self._api = tesserocr.PyTessBaseAPI(
                path=str(tessdata) + os.sep, lang="+".join(codes), psm=tesserocr.PSM.SPARSE_TEXT
            )
        except RuntimeError as exc:
            raise ConfigError(
                f"{tessdata}: Tesseract cannot load {'+'.join(codes)} ({exc}); reinstall {' '.join(_package(c) for c in codes)} with apt-get"
            ) from None

    def read(self, rgb: np.ndarray) -> OcrPage:
        from PIL import Image

        tesserocr = self._tesserocr
        self._api.SetImage(Image.fromarray(rgb))
        if not self._has_text_line():
            return _page([])
        self._api.Recognize()  # reuses the layout just analysed
        level = tesserocr.RIL.WORD
        lines: list[list[tuple[str, tuple[int, int, int, int], float]]] = []
        iterator = self._api.GetIterator()
        if iterator is not None:
            for word in tesserocr.iterate_level(iterator, level):
                if not lines or word.IsAtBeginningOf(tesserocr.RIL.TEXTLINE):
                    lines.append([])
                try:
                    text = (word.GetUTF8Text(level) or "").strip()
                except RuntimeError:  # tesserocr raises on a word box it could not read: nothing to report there
                    continue
                confidence = word.Confidence(level)
                if not text or confidence < _MIN_CONFIDENCE or not any(c.isalnum() for c in text):
                    continue
                x0, y0, x1, y1 = word.BoundingBox(level)
                lines[-1].append((text, (x0, y0, x1 - x0, y1 - y0), confidence))
        return _page([line for line in lines if line])

    def _has_text_line(self) -> bool:
        """Whether layout analysis alone (a third of the cost of reading) finds a line of at least
        _MIN_LINE_SHAPES shapes: on frames without text, most of the check's OCR time went to
        recognising texture."""
        ril = self._tesserocr.RIL
        iterator = self._api.AnalyseLayout()
        shapes = 0
        while iterator is not None:
            shapes += 1
            if shapes >= _MIN_LINE_SHAPES:
                return True
            if iterator.IsAtFinalElement(ril.TEXTLINE, ril.SYMBOL):
                shapes = 0
            if not iterator.Next(ril.SYMBOL):
                break
        return False


def _page(lines: list[list[tuple[str, tuple[int, int, int, int], float]]]) -> OcrPage:
    parts: list[str] = []
    words: list[OcrWord] = []
    offset = 0
    for line in lines:
        for i, (text, box, confidence) in enumerate(line):
            if i:
                parts.append(" ")
                offset += 1
            words.append(OcrWord(text, box, confidence, offset, offset + len(text)))
            parts.append(text)
            offset += len(text)
        parts.append("\n")
        offset += 1
    return OcrPage("".join(parts), tuple(words))


@cache
def text_reader(languages: tuple[str, ...] = ("fr", "en")) -> TextReader:
    """The Tesseract engine for `languages`, loaded once per process."""
    return TextReader(languages)


def tessdata_dir(codes: tuple[str, ...]) -> Path:
    """The folder holding every `codes`.traineddata; ConfigError naming the apt package otherwise."""
    candidates = [
        Path(p)
        for p in ([os.environ["TESSDATA_PREFIX"]] if os.environ.get("TESSDATA_PREFIX") else []) + list(_TESSDATA_DIRS)
    ]
    present = [d for d in candidates if d.is_dir() and any(d.glob("*.traineddata"))]
    for folder in present:
        if all((folder / f"{code}.traineddata").is_file() for code in codes):
            return folder
    if not present:
        raise ConfigError(
            f"Tesseract's language data is not installed; apt-get install tesseract-ocr {' '.join(_package(c) for c in codes)}"
        )
    missing = [c for c in codes if not (present[0] / f"{c}.traineddata").is_file()]
    raise ConfigError(
        f"{present[0]}: Tesseract has no {', '.join(missing)} data; apt-get install {' '.join(_package(c) for c in missing)}"
    )


def _code(language: str) -> str:
    try:
        return LANGUAGES[language][0]
    except KeyError:
        raise ConfigError(
            f"no on-screen text reading for language {language!r} (available: {', '.join(LANGUAGES)})"
        ) from None


def _package(code: str) -> str:
    return next((pkg for c, pkg in LANGUAGES.values() if c == code), f"tesseract-ocr-{code}")
