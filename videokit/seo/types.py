"""Result types of the SEO stage: keywords, titles, chapters, findings, score and the metadata."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import Any, Literal

Severity = Literal["block", "warn"]


@dataclass(frozen=True)
class Keyword:
    text: str
    score: float

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Keyword:
        return cls(data["text"], float(data["score"]))


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

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Chapter:
        return cls(float(data["start"]), data["title"])


@dataclass(frozen=True)
class TitleCandidate:
    text: str
    score: float
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TitleCandidate:
        return cls(data["text"], float(data["score"]), data["reason"])


@dataclass(frozen=True)
class ScoreItem:
    name: str
    ok: bool
    points: int
    max_points: int
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ScoreItem:
        return cls(data["name"], bool(data["ok"]), int(data["points"]), int(data["max_points"]), data["reason"])


@dataclass(frozen=True)
class SeoScore:
    total: int  # out of 100
    items: list[ScoreItem] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"total": self.total, "items": [i.to_dict() for i in self.items]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SeoScore:
        return cls(int(data["total"]), [ScoreItem.from_dict(i) for i in data.get("items", [])])


Box = tuple[float, float, float, float]  # x, y, width, height as fractions of the frame (any resolution)


@dataclass(frozen=True)
class Finding:
    rule_id: str
    severity: Severity
    category: str
    text: str  # the sentence (or metadata field) that matched
    start: float | None  # seconds into the video, when the text comes from the transcript
    source: str  # "transcript", "title", "description", "tags", "text", "frame"
    rule: str  # what the rule forbids, in words
    reference: str  # the legal or professional source
    match: str = ""  # the words that triggered the rule
    # What is shown on screen (source "frame"): where, until when, and what a reviewer decided.
    id: str = ""  # stable across reruns on the same video, for `videokit check FINDINGS.json --confirm ID`
    end: float | None = None  # seconds; the span start..end covers every frame it may appear in
    reason: str = ""  # in plain words
    box: Box | None = None  # where it is on the frame (the union over the span)
    track: tuple[tuple[float, float, float, float, float], ...] = ()  # (time, x, y, w, h) where it was seen
    image: str | None = None  # cropped frame, relative to the findings file
    confirmed: bool = False  # a reviewer confirmed it: `render --blur` hides this region

    @property
    def blocking(self) -> bool:
        return self.severity == "block"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Finding:
        data = dict(data)
        if data.get("box") is not None:
            data["box"] = tuple(float(v) for v in data["box"])
        data["track"] = tuple(tuple(float(v) for v in point) for point in data.get("track") or ())
        return cls(**data)


@dataclass(frozen=True)
class Metadata:
    titles: list[TitleCandidate]
    description: str
    tags: list[str]
    chapters: list[Chapter]
    hashtags: list[str]
    keywords: list[Keyword]
    language: str
    category_id: str
    score: SeoScore
    # What the description was assembled from, so it can be rebuilt (with_offset) without the transcript.
    parts: dict[str, Any] = field(default_factory=dict)

    @property
    def title(self) -> str:
        return self.titles[0].text if self.titles else ""

    def with_offset(self, seconds: float) -> Metadata:
        """Chapters after an intro of `seconds` is prepended at render: the first stays at 0:00 (it
        now covers the intro too), the others shift, and the description's chapter block follows."""
        from videokit.seo.describe import assemble  # describe imports this module

        if seconds < 0:
            raise ValueError("an intro offset cannot be negative")
        chapters = [c if i == 0 else replace(c, start=c.start + seconds) for i, c in enumerate(self.chapters)]
        parts = {**self.parts, "duration": float(self.parts.get("duration", 0.0)) + seconds}
        description = assemble(parts, chapters) if self.parts else self.description
        return replace(self, chapters=chapters, description=description, parts=parts)

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "titles": [t.to_dict() for t in self.titles],
            "description": self.description,
            "tags": list(self.tags),
            "chapters": [c.to_dict() for c in self.chapters],
            "hashtags": list(self.hashtags),
            "keywords": [k.to_dict() for k in self.keywords],
            "language": self.language,
            "category_id": self.category_id,
            "score": self.score.to_dict(),
            "parts": self.parts,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Metadata:
        return cls(
            titles=[TitleCandidate.from_dict(t) for t in data.get("titles", [])],
            description=data.get("description", ""),
            tags=list(data.get("tags", [])),
            chapters=[Chapter.from_dict(c) for c in data.get("chapters", [])],
            hashtags=list(data.get("hashtags", [])),
            keywords=[Keyword.from_dict(k) for k in data.get("keywords", [])],
            language=data["language"],
            category_id=str(data.get("category_id", "27")),
            score=SeoScore.from_dict(data.get("score", {"total": 0})),
            parts=dict(data.get("parts", {})),
        )
