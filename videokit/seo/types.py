"""Result types of the SEO stage: keywords, titles, chapters, findings, score and the metadata."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Severity = Literal["block", "warn"]


@dataclass(frozen=True)
class Keyword:
    text: str
    score: float


@dataclass(frozen=True)
class Chapter:
    start: float  # seconds
    title: str

    @property
    def timestamp(self) -> str:
        """YouTube's description format: 0:00, 4:05, 1:02:03."""
        total = int(self.start)
        h, rest = divmod(total, 3600)
        m, s = divmod(rest, 60)
        return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


@dataclass(frozen=True)
class TitleCandidate:
    text: str
    score: float
    reason: str


@dataclass(frozen=True)
class ScoreItem:
    name: str
    ok: bool
    points: int
    max_points: int
    reason: str


@dataclass(frozen=True)
class SeoScore:
    total: int  # out of 100
    items: list[ScoreItem] = field(default_factory=list)


Box = tuple[float, float, float, float]  # x, y, width, height as fractions of the frame (any resolution)


@dataclass(frozen=True)
class Finding:
    rule_id: str
    severity: Severity
    category: str
    text: str  # the sentence (or metadata field) that matched
    start: float | None  # seconds into the video, when the text comes from the transcript
    source: str  # "transcript", "title", "description", "tags", "text", "charter", "short", "frame"
    rule: str  # what the rule forbids, in words
    reference: str  # the legal or professional source
    match: str = ""  # the words that triggered the rule
    reason: str = ""  # why it was flagged, in plain words
    fix: str = ""  # what to do about it
    end: float | None = None  # seconds: the end of the sentence; on screen, the span covers every frame it may be on
    # What is shown on screen (source "frame"): where, and what a reviewer decided.
    id: str = ""  # stable across reruns on the same video, for `videokit check FINDINGS.json --confirm/--accept ID`
    box: Box | None = None  # where it is on the frame (the union over the span)
    track: tuple[tuple[float, float, float, float, float], ...] = ()  # (time, x, y, w, h) where it was seen
    image: str | None = None  # cropped frame, relative to the findings file
    confirmed: bool = False  # a reviewer confirmed it: `render --blur` hides this region
    # Why a reviewer accepts it as it is (`videokit check FINDINGS.json --accept ID --reason TEXT`):
    # an accepted finding no longer blocks, and the reason is part of the practitioner's sign-off.
    accepted: str = ""

    @property
    def blocking(self) -> bool:
        return self.severity == "block"


@dataclass(frozen=True, kw_only=True)
class Metadata:
    titles: list[TitleCandidate] = field(default_factory=list)  # best first
    description: str = ""
    tags: list[str] = field(default_factory=list)
    chapters: list[Chapter] = field(default_factory=list)
    hashtags: list[str] = field(default_factory=list)
    keywords: list[Keyword] = field(default_factory=list)
    language: str
    category_id: str = "27"
    score: SeoScore = field(default_factory=lambda: SeoScore(0))
    # What the description was assembled from, so it can be rebuilt (describe.with_offset) without the transcript.
    parts: dict[str, Any] = field(default_factory=dict)
    title: str = field(init=False, default="")  # the best title candidate's text

    def __post_init__(self) -> None:
        object.__setattr__(self, "title", self.titles[0].text if self.titles else "")
