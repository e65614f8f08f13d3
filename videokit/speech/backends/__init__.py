"""The two Whisper engines behind one small interface returning videokit's own types.

A backend transcribes one window of 16 kHz mono audio with the language already chosen and
yields segments as they are decoded (timestamps relative to the window). Loaded models are kept
per process: a worker transcribing many clips loads the weights once.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterator
from typing import Protocol

import numpy as np

from videokit.speech.models import ResolvedModel
from videokit.speech.options import TranscribeOptions
from videokit.speech.types import Segment


class Backend(Protocol):
    name: str
    window_seconds: float  # longest window worth handing over at once (progress granularity, memory)
    multilingual: bool  # False for English-only models (tiny.en, base.en, ...)

    def language_probs(self, audio: np.ndarray) -> dict[str, float]:
        """Language code -> probability for the first 30 s of `audio`."""

    def transcribe(
        self, audio: np.ndarray, *, language: str, prompt: str | None, hotwords: str | None
    ) -> Iterator[Segment]:
        """Segments with word timestamps, relative to the start of `audio`."""


def load_backend(model: ResolvedModel, options: TranscribeOptions) -> Backend:
    # Keyed on the weights and the options that shape decoding, not on the per-client glossary or language.
    decoding = options.model_copy(update={"glossary": [], "language": "auto"}).model_dump_json()
    return _load(dataclasses.replace(model, source="", tried=()), decoding)


@functools.lru_cache(maxsize=3)
def _load(model: ResolvedModel, options_json: str) -> Backend:
    options = TranscribeOptions.model_validate_json(options_json)
    if model.backend == "faster-whisper":
        from videokit.speech.backends.faster import FasterWhisper

        return FasterWhisper(model, options)
    from videokit.speech.backends.openai import OpenAIWhisper

    return OpenAIWhisper(model, options)
