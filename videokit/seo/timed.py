"""Timed sentences from a transcript: the unit chapters start on and findings point to.

Whisper's segments are pieces of speech, not sentences (one sentence often spans two segments),
so sentences are rebuilt from the words and their punctuation; word times then give each
sentence's start and the pause before it. Transcripts without word times fall back to segments,
later sentences of a segment getting a start in proportion to their position in its text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from videokit.seo.text import sentences
from videokit.speech.types import Segment, Transcript

_ENDS_SENTENCE = re.compile(r"[.!?…][\"»”)]*$")
MAX_UNPUNCTUATED_WORDS = 40  # spontaneous speech is not always punctuated: cut at a segment end past this


@dataclass(frozen=True)
class TimedSentence:
    text: str
    start: float
    end: float
    pause_before: float = 0.0


def timed_sentences(transcript: Transcript) -> list[TimedSentence]:
    out: list[tuple[str, float, float]] = []
    for seg in transcript.segments:
        if seg.words:
            _from_words(seg, out)
        else:
            _from_text(seg, out)
    result = []
    previous_end = 0.0
    for text, start, end in out:
        result.append(TimedSentence(text, start, end, max(0.0, start - previous_end)))
        previous_end = end
    return result


def _from_words(seg: Segment, out: list[tuple[str, float, float]]) -> None:
    # A sentence left open by the previous segment continues here.
    is_open = out and not _ENDS_SENTENCE.search(out[-1][0]) and len(out[-1][0].split()) < MAX_UNPUNCTUATED_WORDS
    pending = out.pop() if is_open else None
    text, start = (pending[0], pending[1]) if pending else ("", None)
    end = pending[2] if pending else seg.start
    for word in seg.words:
        if start is None:
            start = word.start
        text = (text + word.text) if text else word.text.lstrip()
        end = word.end
        if _ENDS_SENTENCE.search(word.text.strip()):
            out.append((text.strip(), start, end))
            text, start = "", None
    if text.strip():
        out.append((text.strip(), start if start is not None else seg.start, end))


def _from_text(seg: Segment, out: list[tuple[str, float, float]]) -> None:
    parts = sentences(seg.text)
    length = max(len(seg.text), 1)
    cursor = 0
    for part in parts:
        offset = max(seg.text.find(part, cursor), cursor)
        cursor = offset + len(part)
        start = seg.start + (seg.end - seg.start) * offset / length
        end = seg.start + (seg.end - seg.start) * cursor / length
        out.append((part, start, min(end, seg.end)))
