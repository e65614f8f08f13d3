"""WER normalised the Whisper way, checked against jiwer on the corpus references."""

from __future__ import annotations

from pathlib import Path

import jiwer

from videokit.speech.wer import edit_distance, normalise, word_error_rate


def test_matches_jiwer_on_corpus_text_pairs(corpus: Path) -> None:
    refs = sorted((corpus / "fr").glob("fleurs-fr-*.txt"))
    for ref_path, hyp_path in zip(refs, refs[1:] + refs[:1]):
        ref, hyp = normalise(ref_path.read_text(), "fr"), normalise(hyp_path.read_text(), "fr")
        hyp = hyp[: len(hyp) // 2] + ref[len(ref) // 3 :]  # partly right, partly wrong
        assert edit_distance(ref, hyp) / len(ref) == jiwer.wer(" ".join(ref), " ".join(hyp))


def test_normalisation_ignores_case_punctuation_and_english_spelling(corpus: Path) -> None:
    ref = (corpus / "en" / "jfk.txt").read_text()
    assert word_error_rate(ref, ref.upper().replace(",", "").replace(".", " !"), "en") == 0.0
    assert word_error_rate("It's 10 o'clock, colour.", "it is ten o'clock color", "en") == 0.0
    assert word_error_rate("L'accident a eu lieu.", "l'accident a eu lieu", "fr") == 0.0
    assert word_error_rate("un deux trois quatre", "un deux trois", "fr") == 0.25
    assert word_error_rate("", "", "fr") == 0.0 and word_error_rate("", "bonjour", "fr") == 1.0
