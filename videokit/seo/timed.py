"""Timed sentences from a transcript: the unit chapters start on and findings point to.

Whisper's segments are pieces of speech, not sentences (one sentence often spans two segments),
so sentences are rebuilt from the words and their punctuation; word times then give each
sentence's start and the pause before it. Transcripts without word times fall back to segments,
later sentences of a segment getting a start in proportion to their position in its text.
Each sentence also keeps its words, so how sure the model was of it (the lowest probability of
its words) and of each word can be read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from videokit.seo.text import sentences
from videokit.speech.types import Segment, Transcript, Word

_ENDS_SENTENCE = re.compile(r"[.!?…][\"»”)]*$")
MAX_UNPUNCTUATED_WORDS = 40  # spontaneous speech is not always punctuated: cut at a segment end past this


@dataclass(frozen=True)
class TimedSentence:
    text: str
    start: float
    end: float
    pause_before: float = 0.0
    words: tuple[Word, ...] = ()  # none when the backend gave no word times

    @property
    def confidence(self) -> float:
        """The lowest probability the model gave one of its words: one misheard word ("elle abîme
        le cours" for "le cœur") is enough to make a sentence wrong. 1.0 without words."""
        return min((w.probability for w in self.words), default=1.0)


# (text, start, end, words) of each sentence while they are pieced together
_Piece = tuple[str, float, float, tuple[Word, ...]]


def timed_sentences(transcript: Transcript) -> list[TimedSentence]:
    out: list[_Piece] = []
    for seg in transcript.segments:
        if seg.words:
            _from_words(seg, out)
        else:
            _from_text(seg, out)
    result = []
    previous_end = 0.0
    for text, start, end, words in out:
        result.append(TimedSentence(text, start, end, max(0.0, start - previous_end), words))
        previous_end = end
    return result


def _from_words(seg: Segment, out: list[_Piece]) -> None:
    # A sentence left open by the previous segment continues here.
    is_open = out and not _ENDS_SENTENCE.search(out[-1][0]) and len(out[-1][0].split()) < MAX_UNPUNCTUATED_WORDS
    pending = out.pop() if is_open else None
    text, start = (pending[0], pending[1]) if pending else ("", None)
    end = pending[2] if pending else seg.start
    heard = list(pending[3]) if pending else []
    for word in seg.words:
        if start is None:
            start = word.start
        text = (text + word.text) if text else word.text.lstrip()
        end = word.end
        heard.append(word)
        if _ENDS_SENTENCE.search(word.text.strip()):
            out.append((text.strip(), start, end, tuple(heard)))
            text, start, heard = "", None, []
    if text.strip():
        out.append((text.strip(), start if start is not None else seg.start, end, tuple(heard)))


def _from_text(seg: Segment, out: list[_Piece]) -> None:
    parts = sentences(seg.text)
    length = max(len(seg.text), 1)
    cursor = 0
    for part in parts:
        offset = max(seg.text.find(part, cursor), cursor)
        cursor = offset + len(part)
        start = seg.start + (seg.end - seg.start) * offset / length
        end = seg.start + (seg.end - seg.start) * cursor / length
        out.append((part, start, min(end, seg.end), ()))
