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

from videokit.apart import run_apart
from videokit.progress import Progress, silent
from videokit.speech import glossary
from videokit.speech.audio import read_span
from videokit.speech.backends import load_backend
from videokit.speech.models import resolve_model
from videokit.speech.options import TranscribeOptions
from videokit.speech.transcribe import glossary_prompt
from videokit.speech.types import Transcript

PAD = 0.3  # seconds of audio kept either side of the sentence: its first and last words' soft edges


class Rehearing:
    """`rehearing(text, start, end)`: whether the audio from `start` to `end` of `media`, decoded
    alone with the same model and glossary, gives `text` again (its words, in order, possibly
    with a neighbour's word at either end). Each call decodes a 30 s window (about 1.7 CPU-s with
    the base model on two cores): callers ask only about the sentences they are about to quote
    (`hearings` counts them). The decoding runs in the transcription's process (videokit.apart),
    where the model is already loaded: this process never holds a second copy of it."""

    def __init__(self, media: Path, options: TranscribeOptions, language: str, *, models_dir: Path) -> None:
        self.media, self.options, self.language, self.models_dir = Path(media), options, language, models_dir
        self.hearings = 0

    @classmethod
    def of(cls, transcript: Transcript, media: Path, options: TranscribeOptions, *, models_dir: Path) -> Rehearing:
        """Hearing `transcript`'s sentences again from `media` with the model the transcript was made
        with (its `model` and `backend`), the rest from `options` (the client's glossary)."""
        made_with = {"model": transcript.model, "backend": transcript.backend}
        merged = {**options.model_dump(), **{k: v for k, v in made_with.items() if v}}
        return cls(media, TranscribeOptions.model_validate(merged), transcript.language, models_dir=models_dir)

    def __call__(self, text: str, start: float, end: float) -> bool:
        self.hearings += 1
        heard = run_apart(
            hear, self.media, start, end, self.options, self.language, self.models_dir, progress=silent, idle=False
        )
        return same_words(text, heard)


def hear(
    media: Path,
    start: float,
    end: float,
    options: TranscribeOptions,
    language: str,
    models_dir: Path,
    *,
    progress: Progress = silent,
) -> str:
    """The text of `media` from `start` to `end` (PAD either side) decoded alone, from a fresh start,
    with the glossary's corrections."""
    backend = load_backend(resolve_model(options.model, options.backend, models_dir), options)
    audio = read_span(media, max(start - PAD, 0.0), end + PAD)
    prompt = glossary_prompt(options.glossary)
    heard = Transcript(
        language, segments=tuple(backend.transcribe(audio, language=language, prompt=None, hotwords=prompt))
    )
    if options.glossary:  # the same corrections the transcript had
        heard = glossary.correct(heard, options.glossary, options.glossary_similarity)
    return heard.text


def same_words(said: str, heard: str) -> bool:
    """`said`'s words, case and punctuation aside, appear in `heard` in a row."""
    first, second = _words(said), _words(heard)
    return bool(first) and any(second[i : i + len(first)] == first for i in range(len(second) - len(first) + 1))


def _words(text: str) -> list[str]:
    # not wer.normalise: Whisper's normalisers import torch, and both texts here come from one model
    return "".join(c if c.isalnum() else " " for c in text.lower()).split()
