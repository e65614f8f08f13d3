"""Score every audited video and rank the repairs by expected value.

Each video goes through the SAME scorer as publish (videokit.seo.score.score_video) on the facts
YouTube returned, and through the deontology check on its title and description. A failed score
item or a finding is a defect. A defect's expected value is the views at stake (the audience the
video should get over the horizon, from its own pace) times the share of the score it costs
times how fixable it is: `audit fix` repairs titles, descriptions, chapters and tags from a
transcript; anything else needs a person. Deontology findings come first whatever their value:
they are a professional risk, not a ranking one.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

from videokit.audit.collect import AuditPlan, ChannelFacts, Collection, VideoFacts
from videokit.audit.options import AuditOptions
from videokit.config import ClientProfile
from videokit.seo.types import Chapter, SeoScore
from videokit.store.videos import Videos

AUTO_FIELDS = ("chapters", "description", "tags", "title")  # what `audit fix` can rewrite
PACE_FLOOR_DAYS = 30  # a video's pace is its views over at least this many days: a launch burst is not a pace
# A chapter line: a timestamp (0:00, 04:05, 1:02:03) at the start of the line, then the chapter title.
_CHAPTER_LINE = re.compile(r"^\s*\(?((?:\d{1,2}:)?\d{1,2}:\d{2})\)?\s*(?:[-–—:|.]\s*)?(\S.*)?$")


@dataclass(frozen=True)
class Defect:
    code: str  # the failed score item's name ("title_length", "captions"...) or "deontology"
    field: str  # what has to change: title, description, chapters, tags, captions, language, category, thumbnail
    severity: str  # "block" / "warn" (deontology) or "seo"
    points: int  # score points the defect costs
    detail: str
    rule_id: str = ""
    match: str = ""


@dataclass(frozen=True)
class VideoAudit:
    video_id: str
    title: str
    views: int
    published_at: datetime
    duration: float
    language: str
    score: SeoScore
    defects: list[Defect]
    transcript: str  # where `audit fix` would get a transcript: "job", "captions" or "" (none)
    views_at_stake: float

    @property
    def codes(self) -> list[str]:
        return [d.code for d in self.defects]


@dataclass(frozen=True)
class Repair:
    """What to change in one field of one video, priced: views at stake x points / 100 x fixability."""

    video_id: str
    title: str
    field: str
    codes: list[str]  # the defects this repair removes
    severity: str  # "block" / "warn" for deontology, else "seo"
    how: str  # "auto" (videokit audit fix) or "manual"
    views_at_stake: float
    value: float


@dataclass(frozen=True)
class ChannelSummary:
    videos: int
    views: int
    median_views: float
    top_share: float | None  # share of views of the most-viewed tenth of the videos
    uploads_by_month: list[tuple[str, int]]  # last 12 months, "YYYY-MM", oldest first
    median_gap_days: float | None
    days_since_last: int | None
    average_score: float | None
    defect_counts: dict[str, int] = field(default_factory=dict)


def chapter_block(description: str) -> tuple[int, int] | None:
    """Line indices [first, last] of the chapter block, or None."""
    lines = description.splitlines()
    first = next((i for i, line in enumerate(lines) if _CHAPTER_LINE.match(line)), None)
    if first is None:
        return None
    last = first
    for i in range(first + 1, len(lines)):
        if _CHAPTER_LINE.match(lines[i]):
            last = i
        elif lines[i].strip():
            break
    return first, last


def chapters_in(description: str) -> list[Chapter]:
    """The chapters of the description's chapter block, as written (valid or not)."""
    span = chapter_block(description)
    if span is None:
        return []
    out = []
    for line in description.splitlines()[span[0] : span[1] + 1]:
        m = _CHAPTER_LINE.match(line)
        if m:
            seconds = 0
            for part in m.group(1).split(":"):
                seconds = seconds * 60 + int(part)
            out.append(Chapter(float(seconds), (m.group(2) or "").strip()))
    return out


def views_at_stake(video: VideoFacts, today: date, horizon_days: int) -> float:
    """The views the video should get over the horizon at its own pace (at least a month's pace)."""
    age = max((today - video.published_at.date()).days, PACE_FLOOR_DAYS)
    return video.views / age * horizon_days


def video_keywords(published: Videos, video: VideoFacts, language: str) -> list[str]:
    """What the video is about: the keywords videokit derived for it, else its tags, else its description's."""
    known = published.get(video.video_id)
    if known and known.keywords:
        return known.keywords
    if video.tags:
        return video.tags
    from videokit.seo.keywords import extract_keywords

    return [k.text for k in extract_keywords(video.description, language, embedder=None, top_n=5)]


def video_language(video: VideoFacts, client: ClientProfile) -> str:
    """The language the scorer and the deontology rules read the metadata in (fr or en)."""
    for lang in (video.language, client.language):
        short = (lang or "").split("-")[0].lower()
        if short in ("fr", "en"):
            return short
    return "fr"


@dataclass(frozen=True)
class AuditResult:
    """The whole audit, laid out as its JSON report."""

    client: str
    channel_id: str
    channel_title: str
    generated: date
    quota: AuditPlan  # what the audit called, as priced before it started
    channel: ChannelFacts
    summary: ChannelSummary
    videos: list[VideoAudit]  # most viewed first
    repairs: list[Repair]  # deontology first, then by expected value
    facts: list[VideoFacts]  # every upload as YouTube described it


def audit_channel(
    collection: Collection, client: ClientProfile, published: Videos, options: AuditOptions, today: date
) -> AuditResult:
    """Score the audited videos (those whose caption tracks were listed) and rank the repairs."""
    audited = [v for v in collection.videos if v.captions is not None]
    results = [audit_video(v, client, published, options, today) for v in audited]
    repairs = sorted(
        (r for a in results for r in _repairs(a, options)),
        key=lambda r: (r.severity != "block", r.severity != "warn", -r.value, r.video_id, r.field),
    )
    return AuditResult(
        client=client.name,
        channel_id=collection.plan.channel_id,
        channel_title=collection.plan.channel_title,
        generated=today,
        quota=collection.plan,
        channel=collection.channel,
        summary=summarize(collection.videos, results, today),
        videos=results,
        repairs=repairs,
        facts=collection.videos,
    )


def audit_video(
    video: VideoFacts, client: ClientProfile, published: Videos, options: AuditOptions, today: date
) -> VideoAudit:
    from videokit.audit.transcripts import job_transcript
    from videokit.compliance.check import check_text

    language = video_language(video, client)
    job = job_transcript(published, video.video_id)
    thumbnail = custom_thumbnail(published, video.video_id)
    score = seo_score(video, video_keywords(published, video, language), thumbnail)
    defects = [
        Defect(item.name, item_field(item.name), "seo", item.max_points - item.points, item.reason)
        for item in score.items
        # The Data API does not say whether a thumbnail is custom: only videokit's own uploads are known.
        if not item.ok and not (item.name == "thumbnail" and thumbnail is None)
    ]
    for source, text in (("title", video.title), ("description", video.description)):
        for f in check_text(text, language, client, source=source):
            defects.append(Defect("deontology", source, f.severity, 0, f"{f.rule}: {f.text}", f.rule_id, f.match))
    transcript = "job" if job else "captions" if video.published_captions and options.download_captions else ""
    return VideoAudit(
        video_id=video.video_id,
        title=video.title,
        views=video.views,
        published_at=video.published_at,
        duration=video.duration,
        language=language,
        score=score,
        defects=defects,
        transcript=transcript,
        views_at_stake=views_at_stake(video, today, options.horizon_days),
    )


def custom_thumbnail(published: Videos, video_id: str) -> bool | None:
    """True when videokit uploaded the video with its own thumbnail; None when nobody can tell."""
    job = published.job_folder(video_id)
    return True if job and (job.folder / "thumbnail.jpg").exists() else None


def _repairs(audit: VideoAudit, options: AuditOptions) -> list[Repair]:
    """One repair per field to change: SEO defects of a field add up, deontology stands apart."""
    groups: dict[tuple[bool, str], list[Defect]] = {}
    for d in audit.defects:
        groups.setdefault((d.code == "deontology", d.field), []).append(d)
    out = []
    for (deontology, field_name), defects in groups.items():
        auto = not deontology and field_name in AUTO_FIELDS and bool(audit.transcript)
        fixability = options.fixability_auto if auto else options.fixability_manual
        # A deontology finding concerns every view; an SEO defect the share of the score it costs.
        weight = 1.0 if deontology else max(sum(d.points for d in defects), 1) / 100
        severity = min((d.severity for d in defects), key=("block", "warn", "seo").index)
        out.append(
            Repair(audit.video_id, audit.title, field_name, list(dict.fromkeys(d.code for d in defects)), severity,
                   "auto" if auto else "manual", audit.views_at_stake, round(audit.views_at_stake * weight * fixability, 1))
        )  # fmt: skip
    return out


def summarize(videos: list[VideoFacts], audits: list[VideoAudit], today: date) -> ChannelSummary:
    """Channel-level facts from every listed upload (free to read), defects from the audited ones."""
    views = sorted((v.views for v in videos), reverse=True)
    top = views[: max(len(views) // 10, 1)]
    published = sorted(v.published_at.date() for v in videos)
    months = []
    year, month = today.year, today.month
    for _ in range(12):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    per_month = Counter(d.strftime("%Y-%m") for d in published)
    gaps = [(b - a).days for a, b in zip(published, published[1:], strict=False)]
    counts = Counter(code for a in audits for code in dict.fromkeys(a.codes))
    return ChannelSummary(
        videos=len(videos),
        views=sum(views),
        median_views=statistics.median(views) if views else 0,
        top_share=sum(top) / sum(views) if sum(views) else None,
        uploads_by_month=[(m, per_month.get(m, 0)) for m in reversed(months)],
        median_gap_days=statistics.median(gaps) if gaps else None,
        days_since_last=(today - published[-1]).days if published else None,
        average_score=statistics.mean(a.score.total for a in audits) if audits else None,
        defect_counts=dict(counts.most_common()),
    )


def seo_score(video: VideoFacts, keywords: list[str], thumbnail: bool | None) -> SeoScore:
    """The publish scorer on the facts YouTube returned for an existing video."""
    from videokit.seo.score import score_video

    has_captions = bool(video.published_captions) if video.captions is not None else video.has_captions_flag
    return score_video(
        title=video.title,
        description=video.description,
        tags=video.tags,
        has_captions=has_captions,
        default_language=video.language or None,
        category_id=video.snippet.get("categoryId"),
        custom_thumbnail=bool(thumbnail),
        keywords=keywords,
        # No chapter line at all: the scorer then judges by duration (a short video needs none).
        chapters_valid=None if chapter_block(video.description) else False,
        duration=video.duration,
    )


def item_field(name: str) -> str:
    """The metadata field a score item is about ("title_keyword" -> "title")."""
    return next(
        (
            f
            for f in ("title", "description", "chapters", "captions", "tags", "thumbnail", "language", "category")
            if f in name
        ),
        name,
    )
