"""Transcripts for the compliance tests, built from text (one segment per sentence, words timed
evenly) or from a corpus SRT."""

from __future__ import annotations

import re
from pathlib import Path

from videokit.speech.types import Segment, Transcript, Word


def transcript_from_text(text: str, language: str, duration: float) -> Transcript:
    tokens = text.split()
    step = duration / max(len(tokens), 1)
    segments, current = [], []
    for i, token in enumerate(tokens):
        current.append(Word(round(i * step, 3), round(i * step + step * 0.9, 3), " " + token))
        if re.search(r"[.!?]$", token) or i == len(tokens) - 1:
            segments.append(
                Segment(current[0].start, current[-1].end, "".join(w.text for w in current), tuple(current))
            )
            current = []
    return Transcript(language, 1.0, duration, tuple(segments))


def transcript_from_srt(path: Path, language: str) -> Transcript:
    blocks = re.findall(
        r"(\d+:\d+:\d+,\d+) --> (\d+:\d+:\d+,\d+)\n(.+?)(?:\n\n|\Z)", path.read_text(encoding="utf-8"), re.S
    )

    def seconds(stamp: str) -> float:
        h, m, s = stamp.replace(",", ".").split(":")
        return int(h) * 3600 + int(m) * 60 + float(s)

    segments = tuple(Segment(seconds(a), seconds(b), " " + " ".join(text.split())) for a, b, text in blocks)
    return Transcript(language, 1.0, segments[-1].end, segments)
