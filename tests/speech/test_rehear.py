"""Hearing a sentence again (videokit.speech.rehear) with the real base model on a real recording."""

from __future__ import annotations

from pathlib import Path

from videokit.seo.timed import timed_sentences
from videokit.speech.options import TranscribeOptions
from videokit.speech.rehear import Rehearing, same_words
from videokit.speech.types import Transcript


def test_a_sentence_heard_right_is_heard_the_same_again_and_a_word_it_does_not_say_is_not(
    corpus: Path, models_dir: Path, run
) -> None:
    jfk = corpus / "en" / "jfk.flac"
    said = timed_sentences(run(jfk, language="en"))[0]
    assert "your country" in said.text
    rehearing = Rehearing(jfk, TranscribeOptions(language="en", cpu_threads=2), "en", models_dir=models_dir)
    assert rehearing(said.text, said.start, said.end)
    assert not rehearing(said.text.replace("country", "cousin", 1), said.start, said.end)
    assert not rehearing(said.text, said.start, (said.start + said.end) / 2)  # half the audio, not all the words
    assert rehearing.hearings == 3


def test_a_transcript_is_heard_again_with_the_model_it_was_made_with(tmp_path: Path) -> None:
    """A transcript made with tiny is heard again with tiny, whatever the settings say now; the
    client's glossary comes from the options."""
    options = TranscribeOptions(model="base", glossary=["tensiomètre"])
    made = Rehearing.of(
        Transcript("fr", model="tiny", backend="openai-whisper"), tmp_path, options, models_dir=tmp_path
    )
    assert (made.options.model, made.options.backend, made.language) == ("tiny", "openai-whisper", "fr")
    assert made.options.glossary == ["tensiomètre"]
    unknown = Rehearing.of(Transcript("en"), tmp_path, options, models_dir=tmp_path)  # no model recorded
    assert (unknown.options.model, unknown.options.backend) == ("base", "faster-whisper")


def test_the_same_words_in_a_row_whatever_the_case_punctuation_or_neighbours() -> None:
    assert same_words("Notez les chiffres dans un carnet.", "vraiment. Notez les chiffres, dans un carnet et")
    assert not same_words("Notez les chiffres dans un carnet.", "Notez les chiffres dans le carnet.")
    assert not same_words("", "Bonjour")
