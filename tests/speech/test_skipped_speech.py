"""Whisper sometimes ends a 30 s chunk's text early and seeks past the rest; transcribe decodes again
the stretches no word covers where the speech detector hears speech (real corpus audio)."""

from __future__ import annotations

from pathlib import Path

import pytest

from videokit.speech.audio import stream_audio
from videokit.speech.transcribe import skipped_speech
from videokit.speech.types import Segment, Word


def _decoded(*spans: tuple[float, float]) -> Segment:
    return Segment(spans[0][0], spans[-1][1], "…", tuple(Word(a, b, " mot") for a, b in spans))


def test_speech_no_word_covers_is_found_and_a_whole_decode_leaves_nothing(corpus: Path) -> None:
    _, audio = next(stream_audio(corpus / "fr" / "fleurs-fr-000.ogg", 600))  # one sentence, 2.0-9.0 s
    ((start, end),) = skipped_speech([_decoded((2.0, 3.0))], audio)
    assert 3.0 <= start <= 3.6 and end == pytest.approx(9.0, abs=0.6)
    ((start, end),) = skipped_speech([], audio)
    assert start <= 2.1 and end == pytest.approx(9.0, abs=0.6)
    assert skipped_speech([_decoded((2.0, 9.0))], audio) == []


def test_a_long_noisy_pause_is_not_speech_but_the_phrase_after_it_is(corpus: Path) -> None:
    # "Bonjour ! Est-ce que vous allez bien ?" twice, 29 s of room noise between (corpus README);
    # Silero with one state over the whole gap misses the second phrase.
    _, audio = next(stream_audio(corpus / "fr" / "bonjour_vous_allez_bien.mp3", 600))
    first, second = _decoded((0.2, 1.1), (1.7, 3.0)), _decoded((32.4, 33.0), (33.5, 35.9))
    assert skipped_speech([first, second], audio) == []
    ((start, end),) = skipped_speech([first], audio)
    assert 30.0 < start < 32.5 and end > 35.5
