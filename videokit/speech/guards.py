"""Last line of defence against text Whisper invents: loops and phrases over silence or music.

Whisper's own checks (compression ratio, log-probability, no-speech probability, temperature
fallback with the prompt reset) run inside the backends; what still gets through is removed here:
a word or phrase repeated back to back more than three times (within or across segments), a
segment both too repetitive and too unlikely, and the subtitle credits Whisper learnt from its
training data and writes over music or silence.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata

from videokit.speech.options import TranscribeOptions
from videokit.speech.types import Segment, Word

_MAX_REPEATS = 3  # a phrase four times in a row is a decoding loop ("non, non, non" is speech)
_MAX_NGRAM = 8
# Credits from subtitled training data; never speech in a practitioner's footage.
_CREDITS = re.compile(
    r"sous.?titr\w* (par|st|réalisés|de la|société)|amara\.org|radio.?canada|"
    r"subtitles? (by|made by)|transcription (by|par) |www\.\w+\.(com|org|fr)",
    re.IGNORECASE,
)


def clean(segments: list[Segment], options: TranscribeOptions) -> list[Segment]:
    kept = [s for s in segments if not _CREDITS.search(s.text) and not _failed(s, options)]
    # Loops span segments ("Yeah." five times as five segments), so collapse over the word stream.
    stream = [(i, w) for i, s in enumerate(kept) for w in s.words]
    survivors = _collapse_loops(stream)
    out: list[Segment] = []
    for i, segment in enumerate(kept):
        if not segment.words:  # no word timing to judge by: keep as decoded
            out.append(segment)
            continue
        words = [w for j, w in survivors if j == i]
        if len(words) == len(segment.words):
            out.append(segment)
        elif words and _join(words).strip():
            out.append(
                dataclasses.replace(
                    segment, words=tuple(words), text=_join(words), start=words[0].start, end=words[-1].end
                )
            )
    return out


def _failed(segment: Segment, options: TranscribeOptions) -> bool:
    """Both too repetitive and too unlikely after every fallback: Whisper keeps it, we do not."""
    ratio, logprob = options.compression_ratio_threshold, options.log_prob_threshold
    return (
        ratio is not None
        and logprob is not None
        and segment.compression_ratio > ratio
        and segment.avg_logprob < logprob
    )


def _collapse_loops(stream: list[tuple[int, Word]]) -> list[tuple[int, Word]]:
    """Keep at most `_MAX_REPEATS` back-to-back copies of any word n-gram (n <= `_MAX_NGRAM`)."""
    stream = list(stream)
    keys = [_key(w.text) for _, w in stream]
    for n in range(1, _MAX_NGRAM + 1):
        i = 0
        while i + n * (_MAX_REPEATS + 1) <= len(keys):
            unit = keys[i : i + n]
            run = 1
            while keys[i + run * n : i + (run + 1) * n] == unit:
                run += 1
            if run > _MAX_REPEATS and any(unit):
                extra = slice(i + n * _MAX_REPEATS, i + n * run)
                del stream[extra], keys[extra]
            i += 1
    return stream


def _join(words: list[Word]) -> str:
    return "".join(w.text for w in words)


def _key(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in folded if c.isalnum())
