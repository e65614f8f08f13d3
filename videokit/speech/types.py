"""Transcript result types shared by every backend, captions, SEO and the workflow."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any


@dataclass(frozen=True, slots=True)
class Word:
    start: float
    end: float
    text: str  # as the model emits it, usually with a leading space
    probability: float = 1.0


@dataclass(frozen=True, slots=True)
class Segment:
    start: float
    end: float
    text: str
    words: tuple[Word, ...] = ()
    avg_logprob: float = 0.0
    no_speech_prob: float = 0.0
    compression_ratio: float = 1.0


@dataclass(frozen=True, slots=True)
class Transcript:
    language: str
    language_probability: float = 1.0
    duration: float = 0.0  # seconds of media; 0 when unknown: the end of the last segment stands in
    segments: tuple[Segment, ...] = ()
    backend: str = ""
    model: str = ""
    corrections: tuple[dict[str, Any], ...] = field(default=())  # glossary post-corrections applied

    def __post_init__(self) -> None:
        if not self.duration and self.segments:
            object.__setattr__(self, "duration", self.segments[-1].end)

    @property
    def text(self) -> str:
        return " ".join(s.text.strip() for s in self.segments if s.text.strip())

    @property
    def words(self) -> list[Word]:
        return [w for s in self.segments for w in s.words]

    def shifted(self, seconds: float) -> Transcript:
        """The same transcript later by `seconds` (an intro prepended at render time)."""

        def move(item):
            return replace(item, start=item.start + seconds, end=item.end + seconds)

        segments = tuple(replace(move(s), words=tuple(move(w) for w in s.words)) for s in self.segments)
        return replace(self, segments=segments, duration=self.duration + seconds)
