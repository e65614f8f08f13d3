"""Hearing a sentence again: its audio decoded alone, from a fresh start, before it is quoted.

The description quotes the speaker's own sentences, and a misheard word that is still a word
("Manger davantage de fri et de légumes") passes every dictionary check. Whisper's word
probabilities do not tell it apart: with the base model, 20-31 % of common French words heard at
0.5 to 0.8 are wrong, with no trend across that range (bench/heard.py). What does tell it apart is a second decoding of
the sentence's audio alone, without the text before it as context: a word misheard in context
often comes out differently, while a sentence heard right comes out the same. On the corpus
recordings and the demo talk, the sentences the description could quote went from 12 wrong in
36 to 2 wrong in 21, keeping 19 of the 24 right ones (`python bench/heard.py`).
"""

from __future__ import annotations

from pathlib import Path

from videokit.speech import glossary
from videokit.speech.audio import read_span
from videokit.speech.backends import Backend, load_backend
from videokit.speech.models import resolve_model
from videokit.speech.options import TranscribeOptions
from videokit.speech.transcribe import glossary_prompt
from videokit.speech.types import Transcript

PAD = 0.3  # seconds of audio kept either side of the sentence: its first and last words' soft edges


class Rehearing:
    """`rehearing(text, start, end)`: whether the audio from `start` to `end` of `media`, decoded
    alone with the same model and glossary, gives `text` again (its words, in order, possibly
    with a neighbour's word at either end). Loads the model on the first call. Each call decodes
    a 30 s window (about 1.7 CPU-s with the base model on two cores): callers ask only about the
    sentences they are about to quote (`hearings` counts them)."""

    def __init__(self, media: Path, options: TranscribeOptions, language: str, *, models_dir: Path) -> None:
        self.media, self.options, self.language, self.models_dir = Path(media), options, language, models_dir
        self.hearings = 0
        self._backend: Backend | None = None

    @classmethod
    def of(cls, transcript: Transcript, media: Path, options: TranscribeOptions, *, models_dir: Path) -> Rehearing:
        """Hearing `transcript`'s sentences again from `media` with the model the transcript was made
        with (its `model` and `backend`), the rest from `options` (the client's glossary)."""
        made_with = {"model": transcript.model, "backend": transcript.backend}
        merged = {**options.model_dump(), **{k: v for k, v in made_with.items() if v}}
        return cls(media, TranscribeOptions.model_validate(merged), transcript.language, models_dir=models_dir)

    def __call__(self, text: str, start: float, end: float) -> bool:
        self.hearings += 1
        audio = read_span(self.media, max(start - PAD, 0.0), end + PAD)
        heard = Transcript(
            self.language,
            segments=tuple(
                self.backend.transcribe(
                    audio, language=self.language, prompt=None, hotwords=glossary_prompt(self.options.glossary)
                )
            ),
        )
        if self.options.glossary:  # the same corrections the transcript had
            heard = glossary.correct(heard, self.options.glossary, self.options.glossary_similarity)
        return same_words(text, heard.text)

    @property
    def backend(self) -> Backend:
        if self._backend is None:
            model = resolve_model(self.options.model, self.options.backend, self.models_dir)
            self._backend = load_backend(model, self.options)  # the transcription's, when it ran in this process
        return self._backend


def same_words(said: str, heard: str) -> bool:
    """`said`'s words, case and punctuation aside, appear in `heard` in a row."""
    first, second = _words(said), _words(heard)
    return bool(first) and any(second[i : i + len(first)] == first for i in range(len(second) - len(first) + 1))


def _words(text: str) -> list[str]:
    # not wer.normalise: Whisper's normalisers import torch, and both texts here come from one model
    return "".join(c if c.isalnum() else " " for c in text.lower()).split()
