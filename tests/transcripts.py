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
    sentences: list[list[Word]] = [[]]
    t = 0.0
    for token in tokens:
        sentences[-1].append(Word(round(t, 3), round(t + step * 0.9, 3), " " + token))
        t += step
        if re.search(r"[.!?]$", token):
            sentences.append([])
    segments = [Segment(ws[0].start, ws[-1].end, "".join(w.text for w in ws), tuple(ws)) for ws in sentences if ws]
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
