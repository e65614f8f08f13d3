"""Transcripts built from reference texts, for tests: a text as a word-timed transcript (one
segment per sentence, words spread evenly) or a corpus SRT. Imported by test modules as
`from transcripts import ...` (pytest puts tests/ on sys.path: it holds the root conftest)."""

from __future__ import annotations

import re
from pathlib import Path

from videokit.speech.types import Segment, Transcript, Word


def transcript_from_text(text: str, language: str, duration: float) -> Transcript:
    """A reference text as a word-timed transcript: words spread evenly over the recording's
    duration, one segment per sentence, with the punctuation Whisper would emit."""
    tokens = text.split()
    step = duration / max(len(tokens), 1)
    segments, current, t = [], [], 0.0
    for token in tokens:
        current.append(Word(round(t, 3), round(t + step * 0.9, 3), " " + token))
        t += step
        if re.search(r"[.!?]$", token):
            segments.append(
                Segment(
                    current[0].start,
                    current[-1].end,
                    "".join(w.text for w in current),
                    tuple(current),
                )
            )
            current = []
    if current:
        segments.append(
            Segment(
                current[0].start,
                current[-1].end,
                "".join(w.text for w in current),
                tuple(current),
            )
        )
    return Transcript(language, 1.0, duration, tuple(segments))


def transcript_from_srt(path: Path, language: str) -> Transcript:
    blocks = re.findall(
        r"(\d+:\d+:\d+,\d+) --> (\d+:\d+:\d+,\d+)\n(.+?)(?:\n\n|\Z)",
        path.read_text(encoding="utf-8"),
        re.S,
    )

    def seconds(stamp: str) -> float:
        h, m, s = stamp.replace(",", ".").split(":")
        return int(h) * 3600 + int(m) * 60 + float(s)

    segments = tuple(Segment(seconds(a), seconds(b), " " + " ".join(text.split())) for a, b, text in blocks)
    return Transcript(language, 1.0, segments[-1].end, segments)
