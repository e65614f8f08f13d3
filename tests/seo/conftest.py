"""SEO test helpers: the e5 embedder once per session, and corpus references as timed transcripts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from transcripts import transcript_from_srt, transcript_from_text

from videokit.speech.types import Transcript


@pytest.fixture(scope="session")
def embedder():
    from videokit.seo.embed import get_embedder

    return get_embedder("e5")


@pytest.fixture(scope="session")
def corpus_transcripts(corpus: Path) -> dict[str, Transcript]:
    """Every corpus recording long enough for metadata, as a transcript of its reference text."""
    out = {}
    for entry in json.loads((corpus / "manifest.json").read_text(encoding="utf-8")):
        media, language, duration = (
            entry["file"],
            entry["language"],
            float(entry["duration_s"]),
        )
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
