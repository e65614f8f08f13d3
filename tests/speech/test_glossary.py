"""Client glossary: fed to the model as hotwords, then applied as post-correction."""

from __future__ import annotations

from pathlib import Path

import pytest

from videokit.seo.describe import SURE_WORD, summary
from videokit.seo.timed import timed_sentences
from videokit.seo.types import Keyword
from videokit.speech.glossary import correct
from videokit.speech.transcribe import glossary_prompt
from videokit.speech.types import Segment, Transcript, Word
from videokit.speech.wer import word_error_rate


@pytest.mark.slow
def test_post_correction_fixes_unsure_misspellings_and_spares_confident_words(corpus: Path, run) -> None:
    clip = corpus / "fr" / "fleurs-fr-001.ogg"
    reference = clip.with_suffix(".txt").read_text(encoding="utf-8")
    before = run(clip)  # base writes "l'Usoc" and "atlettes" here
    after = correct(before, ["USOC", "athlètes", "Seine"], similarity=0.84)
    fixed = {(c["original"], c["corrected"]) for c in after.corrections}
    assert ("atlettes", "athlètes") in fixed
    assert any(c == "USOC" for _, c in fixed) and "l'USOC" in after.text
    assert "Seine" not in after.text and " sein " in after.text  # "au sein de", heard with confidence, stays
    assert word_error_rate(reference, after.text, "fr") < word_error_rate(reference, before.text, "fr")
    for c in after.corrections:
        assert before.segments[0].start <= c["start"] < c["end"] <= before.segments[-1].end
    assert [w.start for w in after.words] == sorted(w.start for w in after.words)


@pytest.mark.slow
def test_glossary_as_hotwords_spells_a_name_right(corpus: Path, run) -> None:
    clip = corpus / "fr" / "fleurs-fr-005.ogg"  # "giancarlo fisichella a perdu le contrôle..."
    reference = clip.with_suffix(".txt").read_text(encoding="utf-8")
    plain = run(clip, language="fr")
    helped = run(clip, language="fr", glossary=["Giancarlo Fisichella"])
    assert "Fisichella" not in plain.text
    assert "Giancarlo Fisichella" in helped.text
    assert word_error_rate(reference, helped.text, "fr") < word_error_rate(reference, plain.text, "fr")


@pytest.mark.slow
def test_a_lower_case_glossary_keeps_the_talk_punctuated(corpus: Path, run) -> None:
    """Whisper copies its prompt's style: given as a bare lower-case list, these terms strip every
    full stop and capital from this talk (0 full stops; 22 with the glossary written as a sentence)."""
    text = run(corpus / "fr" / "smartphone.mp3", language="fr", glossary=["smartphone", "réseaux sociaux"]).text
    assert text.count(".") >= 10 and text[:1].isupper(), text[:200]
    assert glossary_prompt(["tensiomètre", " ", "médecin traitant"]) == "Tensiomètre, médecin traitant."
    assert glossary_prompt([]) is None


def _spoken(language: str, *said: tuple[str, float]) -> Transcript:
    words = tuple(Word(i * 0.4, i * 0.4 + 0.35, text, p) for i, (text, p) in enumerate(said))
    return Transcript(
        language, 1.0, len(said) * 0.4, (Segment(0.0, len(said) * 0.4, "".join(w.text for w in words), words),)
    )


def test_near_misses_by_sound_and_non_words_are_corrected_real_phrases_are_not() -> None:
    """The demo talk's mishearings (Whisper base on a TTS voice): corrected by sound ("tension
    métro" -> "tensiomètre"), or because no French word is spelt so ("antihypertension", "trétant",
    "métro-tomatique", heard with confidence); "la tension artérielle" is what was said, not a mishearing of
    "hypertension artérielle"."""
    terms = ["hypertension artérielle", "tensiomètre", "antihypertenseur", "médecin traitant"]
    cases = {
        "Utilisez un tensiomètre-tomatique au bras.": [
            (" Utilisez", 0.9),
            (" un", 0.99),
            (" tension", 0.97),
            (" métro", 0.6),
            ("-tomatique", 0.78),
            (" au", 0.9),
            (" bras.", 0.9),
        ],
        # the same heard surely (this machine's Whisper): "métro-tomatique" is no French word, so
        # "métro" is not the word the speaker said
        "Prenez un tensiomètre-tomatique au bras.": [
            (" Prenez", 0.9),
            (" un", 0.99),
            (" tension", 0.85),
            (" métro", 0.86),
            ("-tomatique", 0.79),
            (" au", 0.62),
            (" bras.", 0.9),
        ],
        "un médicament antihypertenseur adapté.": [
            (" un", 0.9),
            (" médicament", 0.99),
            (" antihypertension", 0.58),
            (" adapté.", 0.9),
        ],
        "votre médecin traitant lors": [(" votre", 0.9), (" médecin", 0.97), (" trétant", 0.93), (" lors", 0.9)],
        "mesurer la tension artérielle.": [(" mesurer", 0.9), (" la", 0.99), (" tension", 0.7), (" artérielle.", 0.77)],
    }
    for expected, said in cases.items():
        fixed = correct(_spoken("fr", *said), terms, similarity=0.84)
        assert fixed.text.strip() == expected, fixed.corrections
        assert len(fixed.corrections) == (0 if "mesurer" in expected else 1)


@pytest.mark.slow
def test_a_sentence_naming_a_glossary_term_is_as_sure_as_its_match(corpus: Path, run) -> None:
    """Whisper base hears the show's name "BFM Story" as "BFM story" at 0.13, 0.06 and 0.00 for
    "story" here: the glossary's exact match settles the spelling, so the sentence naming it may be
    quoted in the description (every other word heard at SURE_WORD or more) as it could not be when
    the corrected word kept the lowest probability of the words it replaced."""
    heard = run(corpus / "fr" / "radio_short.mp3", language="fr")
    fixed = correct(heard, ["BFM Story"], similarity=0.84)
    assert len(fixed.corrections) == 3
    before = {s.text.replace("BFM story", "BFM Story"): s.confidence for s in timed_sentences(heard)}
    after = {s.text: s.confidence for s in timed_sentences(fixed)}
    named = [text for text in after if "BFM Story" in text]
    assert len(named) == 3 and all(before[text] < SURE_WORD for text in named), before
    assert all(after[text] >= SURE_WORD for text in named), after
    assert all(after[t] == c for t, c in before.items() if "BFM Story" not in t)  # nothing else moves
    quoted = summary(
        [s.text for s in timed_sentences(fixed)],
        None,
        [Keyword("BFM Story", 1.0)],
        "fr",
        2,
        glossary=["BFM Story"],
        confidence=[s.confidence for s in timed_sentences(fixed)],
    )
    assert "BFM Story" in quoted, quoted
