"""SEO test helpers: the e5 embedder once per session, and corpus references as timed transcripts."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from videokit.speech.types import Segment, Transcript, Word


@pytest.fixture(scope="session")
def embedder():
    from videokit.seo.embed import get_embedder

    return get_embedder("e5")


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
                Segment(current[0].start, current[-1].end, "".join(w.text for w in current), tuple(current))
            )
            current = []
    if current:
        segments.append(Segment(current[0].start, current[-1].end, "".join(w.text for w in current), tuple(current)))
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


@pytest.fixture(scope="session")
def corpus_transcripts(corpus: Path) -> dict[str, Transcript]:
    """Every corpus recording long enough for metadata, as a transcript of its reference text."""
    out = {}
    for entry in json.loads((corpus / "manifest.json").read_text(encoding="utf-8")):
        media, language, duration = entry["file"], entry["language"], float(entry["duration_s"])
        reference = corpus / entry["reference"]
        if language not in ("fr", "en") or not reference.exists():
            continue
        text = reference.read_text(encoding="utf-8").strip()
        if len(text.split()) >= 5:
            out[media] = transcript_from_text(text, language, duration)
    out["fr/whisperx_sample_fr_01.srt"] = transcript_from_srt(corpus / "fr/whisperx_sample_fr_01.srt", "fr")
    out["video/whisperx_sample01.srt"] = transcript_from_srt(corpus / "video/whisperx_sample01.srt", "en")
    return out


@pytest.fixture(scope="session")
def text_transcript():
    """transcript_from_text as a fixture (test folders are not packages)."""
    return transcript_from_text


@pytest.fixture(scope="session")
def srt_transcript():
    return transcript_from_srt
