"""The Short's stretch: whole sentences, under a minute, where the main keywords are spoken."""

from __future__ import annotations

from pathlib import Path

from videokit.seo.highlight import pick_highlight
from videokit.seo.timed import timed_sentences
from videokit.speech.types import Segment, Transcript, Word


def test_lands_on_the_stretch_about_the_keyword(corpus: Path, text_transcript) -> None:
    """Real French talk (FLEURS sentences) with a 40 s passage about hypertension in its middle."""
    # FLEURS references are unpunctuated; Whisper would end each with a full stop
    filler = " ".join(
        (corpus / f"fr/fleurs-fr-00{i}.txt").read_text(encoding="utf-8").strip().rstrip(".") + "." for i in range(8)
    )
    topic = (
        "L'hypertension artérielle ne fait pas mal. On mesure la tension le matin et le soir. "
        "Une hypertension non traitée abîme les artères. Le traitement de l'hypertension se prend tous les jours."
    )
    talk = text_transcript(f"{filler} {topic} {filler}", "fr", 300.0)
    sentences = timed_sentences(talk)
    topic_start = next(s.start for s in sentences if s.text.startswith("L'hypertension"))
    topic_end = next(s.end for s in sentences if s.text.startswith("Le traitement de l'hypertension"))

    got = pick_highlight(sentences, ["hypertension artérielle", "tension"], "fr")

    assert got.start <= topic_start and got.end >= topic_end, (got, topic_start, topic_end)
    assert 15.0 <= got.end - got.start <= 58.0
    assert got.hits >= 5 and "hypertension" in got.text
    assert any(abs(got.start + 0.15 - s.start) < 1e-6 for s in sentences), "starts on a sentence"


def test_one_long_sentence_is_capped_at_the_limit() -> None:
    words = tuple(Word(1.0 + i, 1.8 + i, " tension") for i in range(89)) + (Word(90.0, 90.5, " monte."),)
    talk = Transcript("fr", 1.0, 91.0, (Segment(1.0, 90.5, "".join(w.text for w in words), words),))
    got = pick_highlight(timed_sentences(talk), ["tension"], "fr", max_seconds=58.0)
    assert got.start == 0.85 and abs(got.end - got.start - 58.0) < 1e-9
