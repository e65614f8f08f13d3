"""Captions people can read, built from word timestamps, transcript files, and caption tracks read back.

Rules (CaptionOptions): at most `max_line_chars` per line and `max_lines` lines per cue, each
cue shown `min_duration` to `max_duration` seconds and at most `max_cps` characters per second,
breaks at sentence or clause boundaries when possible and never inside a word, and no cue
lingering over silence: a cue outlasts its last word only as long as reading it requires.

Words are grouped by dynamic programming within stretches of continuous speech (a pause longer
than `max_pause` always ends a cue), minimising a cost that prefers breaks after punctuation
or before a conjunction and forbids ending a cue on an article or a preposition.
"""

from __future__ import annotations

import functools
import html
import json
import math
import re
import textwrap
from dataclasses import dataclass
from pathlib import Path

from videokit import fsutil, serial
from videokit.errors import OutputError
from videokit.speech.options import CaptionOptions
from videokit.speech.types import Segment, Transcript, Word

FORMATS = (".srt", ".vtt", ".txt", ".json")
_SENTENCE_END = (".", "?", "!", "…", '."', ".»")
_CLAUSE_END = (",", ";", ":", "—", "–")
# Words a clause may start with (a good place to break before) and words a line must not end on.
# fmt: off
_CLAUSE_START = frozenset({
    "et", "mais", "ou", "donc", "car", "or", "ni", "puis", "alors", "parce", "lorsque", "quand", "que", "qui", "dont",
    "où", "si", "comme", "pour", "afin", "and", "but", "so", "because", "when", "while", "which", "who", "that", "if",
    "as", "although", "since", "then",
})
_NEVER_LAST = frozenset({
    "le", "la", "les", "l'", "un", "une", "des", "du", "de", "d'", "au", "aux", "à", "a", "en", "dans", "sur", "sous",
    "par", "pour", "avec", "sans", "chez", "ce", "cet", "cette", "ces", "mon", "ma", "mes", "ton", "ta", "tes", "son",
    "sa", "ses", "notre", "nos", "votre", "vos", "leur", "leurs", "je", "tu", "il", "elle", "on", "nous", "vous", "ils",
    "elles", "ne", "n'", "qu'", "j'", "c'", "s'", "m'", "t'", "y", "the", "an", "of", "to", "in", "at", "by", "for",
    "with", "from", "into", "my", "your", "his", "her", "its", "our", "their", "is", "was", "are", "were", "i", "you",
    "he", "she", "we", "they",
})
# fmt: on
_TIME = r"(?:(\d+):)?(\d{1,2}):(\d{2})[.,](\d{1,3})"
_CUE_TIMING = re.compile(rf"^\s*{_TIME}\s*-->\s*{_TIME}")
_TAG = re.compile(r"<[^>]*>")  # WebVTT voice/class/karaoke tags and SubRip <i>, <b>, <font>
_PARAGRAPH_PAUSE = 2.0  # seconds of silence that start a new paragraph in the .txt transcript


@dataclass(frozen=True)
class Cue:
    start: float
    end: float
    lines: tuple[str, ...]

    @property
    def text(self) -> str:
        return " ".join(self.lines)


def build_cues(transcript: Transcript, options: CaptionOptions) -> list[Cue]:
    """Cues covering every word of `transcript`, in order, obeying CaptionOptions."""
    words = _words(transcript)
    groups: list[list[Word]] = []
    for block in _blocks(words, options.max_pause):
        groups.extend(_group(block, options))
    return _time(groups, options)


def shift(cues: list[Cue], seconds: float) -> list[Cue]:
    """Cues moved by `seconds` (an intro prepended at render time); cues pushed before 0 are dropped or clipped."""
    out = []
    for cue in cues:
        start, end = cue.start + seconds, cue.end + seconds
        if end > 0:
            out.append(Cue(round(max(start, 0.0), 3), round(end, 3), cue.lines))
    return out


def write_transcript(transcript: Transcript, out: Path, options: CaptionOptions | None = None) -> Path:
    """Write `transcript` as .srt, .vtt, .txt or .json (chosen by the extension), atomically."""
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix not in FORMATS:
        raise OutputError(
            f"{out}: unknown transcript format {suffix or '(no extension)'!r}; use one of {', '.join(FORMATS)}"
        )
    if suffix == ".json":
        text = json.dumps({**serial.dump(transcript), "text": transcript.text}, ensure_ascii=False, indent=2) + "\n"
    elif suffix == ".txt":
        text = to_text(transcript)
    else:
        cues = build_cues(transcript, options or CaptionOptions())
        text = to_srt(cues) if suffix == ".srt" else to_vtt(cues)
    fsutil.write_text(out, text)
    return out


def to_srt(cues: list[Cue]) -> str:
    blocks = [
        f"{i}\n{_stamp(c.start, ',')} --> {_stamp(c.end, ',')}\n" + "\n".join(c.lines) for i, c in enumerate(cues, 1)
    ]
    return "\n\n".join(blocks) + "\n" if blocks else ""


def to_vtt(cues: list[Cue]) -> str:
    blocks = [f"{_stamp(c.start, '.')} --> {_stamp(c.end, '.')}\n" + "\n".join(c.lines) for c in cues]
    return "WEBVTT\n\n" + "\n\n".join(blocks) + ("\n" if blocks else "")


def parse_cues(text: str) -> list[Cue]:
    """The cues of a SubRip or WebVTT track as written (times and lines kept; markup removed)."""
    cues = []
    for block in re.split(r"\r?\n\s*\r?\n", text.replace("\ufeff", "")):
        lines = block.strip().splitlines()
        timing = next((i for i, line in enumerate(lines) if _CUE_TIMING.match(line)), None)
        if timing is None:
            continue  # header, NOTE, STYLE or a stray number
        m = _CUE_TIMING.match(lines[timing])
        assert m is not None  # matched just above
        text_lines = tuple(
            c for c in (" ".join(html.unescape(_TAG.sub("", line)).split()) for line in lines[timing + 1 :]) if c
        )
        cues.append(Cue(_seconds(*m.groups()[:4]), _seconds(*m.groups()[4:]), text_lines))
    return cues


def rewrap(text: str, options: CaptionOptions) -> tuple[str, ...]:
    """A corrected cue's text in lines of at most `max_line_chars`, broken as build_cues breaks them
    (balanced, at natural breaks); more than `max_lines` only if the text needs them."""
    tokens = tuple(text.split())
    wrapped = _wrap(tokens, options.max_line_chars, options.max_lines)
    return wrapped[0] if wrapped else tuple(textwrap.wrap(" ".join(tokens), options.max_line_chars))


def read_captions(text: str, language: str, duration: float | None = None) -> Transcript:
    """A SubRip or WebVTT caption track as a Transcript (one segment per cue, no word timings).

    Rolling captions (two-line cues whose first line repeats the previous cue's last line, as
    YouTube's automatic tracks do) are de-duplicated so the text reads once.
    """
    segments: list[Segment] = []
    previous: tuple[str, ...] = ()
    for cue in parse_cues(text):
        lines = cue.lines
        if len(lines) > 1 and previous and lines[0] == previous[-1]:
            lines = lines[1:]  # a rolling cue: its first line is the previous cue's last
        if lines and cue.end > cue.start:
            segments.append(Segment(start=cue.start, end=cue.end, text=" ".join(lines)))
            previous = lines
    total = duration if duration is not None else (segments[-1].end if segments else 0.0)
    return Transcript(
        language=language, language_probability=1.0, duration=total, segments=tuple(segments), backend="captions"
    )


def _seconds(hours: str | None, minutes: str, seconds: str, fraction: str) -> float:
    return int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds) + int(fraction.ljust(3, "0")) / 1000


def to_text(transcript: Transcript) -> str:
    """Plain text, one paragraph per stretch of speech between long pauses."""
    paragraphs: list[list[str]] = []
    last_end = None
    for segment in transcript.segments:
        text = segment.text.strip()
        if not text:
            continue
        if last_end is None or segment.start - last_end > _PARAGRAPH_PAUSE:
            paragraphs.append([])
        paragraphs[-1].append(text)
        last_end = segment.end
    return "\n\n".join(" ".join(p) for p in paragraphs) + ("\n" if paragraphs else "")


def _stamp(seconds: float, sep: str) -> str:
    ms = round(max(seconds, 0.0) * 1000)
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d}{sep}{ms % 1000:03d}"


def _words(transcript: Transcript) -> list[Word]:
    """Whole words in time order, stripped.

    Whisper marks a new word with a leading space; pieces without one ("C'" + "est", "est" +
    "-ce") are glued back so a line never breaks inside them. A segment without word timing gets
    its words spread evenly.
    """
    out: list[Word] = []
    for segment in transcript.segments:
        words = [w for w in segment.words if w.text.strip()]
        if not words and segment.text.strip():
            tokens = segment.text.split()
            step = (segment.end - segment.start) / len(tokens)
            words = [
                Word(segment.start + k * step, segment.start + (k + 1) * step, " " + t) for k, t in enumerate(tokens)
            ]
        for k, w in enumerate(words):
            if k and not w.text[0].isspace():
                prev = out.pop()
                w = Word(prev.start, w.end, prev.text + w.text, min(prev.probability, w.probability))
            start = max(w.start, out[-1].end) if out else w.start  # overlapping timings would make cues overlap
            out.append(Word(start, max(w.end, start), w.text.strip(), w.probability))
    return out


def _blocks(words: list[Word], max_pause: float) -> list[list[Word]]:
    blocks: list[list[Word]] = []
    for w in words:
        if not blocks or w.start - blocks[-1][-1].end > max_pause:
            blocks.append([])
        blocks[-1].append(w)
    return blocks


def _group(block: list[Word], o: CaptionOptions) -> list[list[Word]]:
    """Split one stretch of speech into cues: least total cost over feasible cues."""
    n = len(block)
    best = [0.0] + [float("inf")] * n
    back = [0] * (n + 1)
    limit = o.max_line_chars * o.max_lines
    for j in range(1, n + 1):
        for i in range(j - 1, -1, -1):
            span = block[i:j]
            chars = len(" ".join(w.text for w in span))
            single = j - i == 1  # one word always fits somewhere, however long
            if not single and (chars > limit or span[-1].end - span[0].start > o.max_duration):
                break
            wrapped = _wrap(tuple(w.text for w in span), o.max_line_chars, o.max_lines)
            if wrapped is None and not single:
                continue
            cost = best[i] + _cue_cost(block, i, j, chars) + (wrapped[1] if wrapped else 0.0)
            if cost < best[j]:
                best[j], back[j] = cost, i
    groups, j = [], n
    while j > 0:
        groups.append(block[back[j] : j])
        j = back[j]
    return groups[::-1]


def _cue_cost(block: list[Word], i: int, j: int, chars: int) -> float:
    cost = 2.0  # per cue: prefer fewer, fuller cues
    # A new sentence reads best at the top of a cue, not in the middle of one.
    cost += 2.0 * sum(w.text.endswith(_SENTENCE_END) for w in block[i : j - 1])
    if j < len(block):
        cost += _break_cost(block[j - 1].text, block[j].text)
    if chars < 15 and (i > 0 or j < len(block)):
        cost += 4.0  # orphan fragments are hard to read
    return cost


def _break_cost(last: str, following: str) -> float:
    """Cost of ending a cue (or line) after `last` when `following` comes next."""
    if last.endswith(_SENTENCE_END):
        return 0.0
    if last.endswith(_CLAUSE_END):
        return 1.0
    if _bare(last) in _NEVER_LAST or last.endswith("'"):
        return 12.0
    if _bare(following) in _CLAUSE_START:
        return 3.0
    return 6.0


def _bare(word: str) -> str:
    return word.lower().strip('"«»“”()[]')


@functools.lru_cache(maxsize=4096)
def _wrap(tokens: tuple[str, ...], width: int, max_lines: int) -> tuple[tuple[str, ...], float] | None:
    """Best split of `tokens` into at most `max_lines` lines of `width`: (lines, cost), or None."""
    text = " ".join(tokens)
    if len(text) <= width:
        return (text,), 0.0
    if max_lines == 1:
        return None
    best = None
    for k in range(1, len(tokens)):
        head = " ".join(tokens[:k])
        if len(head) > width:
            break
        rest = _wrap(tokens[k:], width, max_lines - 1)
        if rest is None:
            continue
        lines = (head, *rest[0])
        # Balanced lines at a natural break read best.
        cost = rest[1] + _break_cost(tokens[k - 1], tokens[k]) * 0.5 + abs(len(head) - len(lines[1])) * 0.05
        if best is None or cost < best[1]:
            best = (lines, cost)
    return best


def _time(groups: list[list[Word]], o: CaptionOptions) -> list[Cue]:
    """Cue times: from the first word to the last, stretched only as far as reading needs.

    A cue needs `min_duration` and `chars / max_cps` seconds; it may start up to 0.5 s before
    its first word when fast speech leaves no room, and a late start pushes the next cue on.
    """
    cues: list[Cue] = []
    prev_end = -1_000_000  # milliseconds: integer times keep the rules exact after rounding
    gap, longest = round(o.min_gap * 1000), round(o.max_duration * 1000)
    for group in groups:
        lines = (
            _wrap(tuple(w.text for w in group), o.max_line_chars, o.max_lines)
            or ((" ".join(w.text for w in group),), 0)
        )[0]
        need = math.ceil(max(o.min_duration, len(" ".join(lines)) / o.max_cps) * 1000)
        first, last = round(group[0].start * 1000), round(group[-1].end * 1000)
        lead = min(max(need - (last - first), 0), 500)
        start = max(first - lead, prev_end + gap, 0)
        end = min(max(last, start + need), start + longest)
        cues.append(Cue(start / 1000, end / 1000, lines))
        prev_end = end
    return cues
