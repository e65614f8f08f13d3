"""Read a channel for its audit: the quota plan first, then uploads, videos, caption tracks, analytics.

Quota: `plan_audit` makes one 1-unit call (channels.list: the upload count and the uploads
playlist), then prices the whole audit from the one cost table (videokit.youtube.quota) and
refuses, before any other call, when today's remaining quota cannot finish it. Listing is cheap
(playlistItems.list and videos.list cost 1 unit per 50 videos); caption tracks are not
(captions.list is 50 units per video), so `--limit N` lists the tracks of the N most-viewed
videos only. The plan is exact: after the run the ledger holds exactly the planned calls.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING

from videokit.errors import QuotaError, YouTubeError
from videokit.progress import Progress, silent
from videokit.youtube.quota import SHARED, cost, pacific_day, plan_units
from videokit.youtube.videos import PAGE, CaptionTrack, Video

if TYPE_CHECKING:
    from videokit.youtube.session import YouTubeSession

SEARCH = "YT_SEARCH"
# Analytics queries the audit makes: traffic sources, then the search terms behind YT_SEARCH.
ANALYTICS_QUERIES = 2


@dataclass(frozen=True)
class AuditPlan:
    """What the audit will call, priced per quota bucket, against what is left today."""

    client: str
    channel_id: str
    channel_title: str
    uploads_playlist: str
    video_count: int  # as channels.list counts them (then as the uploads playlist lists them)
    limit: int | None  # audit the most viewed N only
    audited: int  # videos whose caption tracks are listed (the most viewed first)
    calls: dict[str, int]
    units: dict[str, int]
    remaining: dict[str, int]
    channel_views: int = 0
    subscribers: int = 0


@dataclass(frozen=True)
class VideoFacts(Video):
    """One upload as YouTube describes it, with its caption tracks once listed."""

    captions: tuple[CaptionTrack, ...] | None = None  # None: not listed (outside --limit)

    @property
    def published_captions(self) -> list[CaptionTrack]:
        """Tracks viewers see: drafts are hidden from them."""
        return [c for c in self.captions or () if not c.is_draft]

    def age_days(self, today: date) -> float:
        return max((today - self.published_at.date()).days, 1)


@dataclass(frozen=True)
class ChannelFacts:
    """Channel-level facts: traffic sources and search terms when the Analytics API answers."""

    start: date
    end: date
    sources: dict[str, int] = field(default_factory=dict)
    search_terms: list[tuple[str, int]] = field(default_factory=list)
    analytics_error: str = ""  # why the Analytics API gave nothing (scope not granted...)
    search_share: float | None = field(init=False, default=None)  # share of views from YouTube search

    def __post_init__(self) -> None:
        total = sum(self.sources.values())
        object.__setattr__(self, "search_share", self.sources.get(SEARCH, 0) / total if total else None)


@dataclass(frozen=True)
class Collection:
    plan: AuditPlan
    videos: list[VideoFacts]  # every upload, most viewed first; `captions` set on the audited ones
    channel: ChannelFacts


def audit_calls(video_count: int, audited: int) -> dict[str, int]:
    """The calls an audit of a channel with `video_count` uploads makes (channels.list included)."""
    pages = math.ceil(video_count / PAGE)
    return {
        "channels.list": 1,
        "playlistItems.list": max(pages, 1),  # one call even for an empty playlist
        "videos.list": pages,
        "captions.list": audited,
        "reports.query": ANALYTICS_QUERIES,
    }


def channel_info(session: YouTubeSession, client: str) -> AuditPlan:
    """The channel, its uploads playlist and upload count: one 1-unit channels.list; not priced yet."""
    from videokit.youtube.channels import my_channel

    channel = my_channel(session)
    return AuditPlan(
        client=client,
        channel_id=channel.id,
        channel_title=channel.title,
        uploads_playlist=channel.uploads_playlist,
        video_count=channel.video_count,
        limit=None,
        audited=0,
        calls={},
        units={},
        remaining={},
        channel_views=channel.view_count,
        subscribers=channel.subscribers,
    )


def plan_audit(session: YouTubeSession, client: str, limit: int | None = None) -> AuditPlan:
    """Count the uploads (one 1-unit call) and price the audit; QuotaError if today cannot finish it."""
    if limit is not None and limit < 1:
        raise ValueError("limit must be at least 1")
    plan = replace(channel_info(session, client), limit=limit)
    return _priced(plan, session, plan.video_count, paid={"channels.list": 1})


def _priced(plan: AuditPlan, session: YouTubeSession, count: int, paid: dict[str, int]) -> AuditPlan:
    """The plan for `count` uploads, checked against the quota left for the calls not `paid` yet."""
    audited = min(plan.limit, count) if plan.limit else count
    calls = audit_calls(count, audited)
    try:
        session.ledger.ensure({method: n - paid.get(method, 0) for method, n in calls.items()})
    except QuotaError as err:
        fits = _videos_that_fit(session, {**calls, "captions.list": 0}, paid)
        if 0 < fits < audited:
            raise QuotaError(f"{err}; or audit only the {fits} most-viewed videos today with --limit {fits}") from None
        raise
    return replace(
        plan,
        video_count=count,
        audited=audited,
        calls=calls,
        units=plan_units(calls),
        remaining=session.ledger.remaining(),
    )


def _videos_that_fit(session: YouTubeSession, listing: dict[str, int], paid: dict[str, int]) -> int:
    """How many videos' caption tracks today's remaining quota can still list after the listing calls."""
    needed = plan_units({method: n - paid.get(method, 0) for method, n in listing.items()}).get(SHARED, 0)
    return max(session.ledger.remaining()[SHARED] - needed, 0) // cost("captions.list")[1]


def collect(
    session: YouTubeSession,
    plan: AuditPlan,
    *,
    analytics_days: int = 28,
    top_terms: int = 10,
    progress: Progress = silent,
) -> Collection:
    """Everything the audit scores, calling exactly what `plan` priced (plus a re-check if the
    uploads playlist holds more videos than channels.list counted, as it does for private ones)."""
    from videokit.youtube.videos import caption_tracks, upload_ids

    pages_before = session.calls["playlistItems.list"]
    ids = list(upload_ids(session, plan.uploads_playlist))
    if len(ids) != plan.video_count:
        # channels.list counts public videos only on YouTube: price the real number before going on.
        pages = session.calls["playlistItems.list"] - pages_before
        plan = _priced(plan, session, len(ids), paid={"channels.list": 1, "playlistItems.list": pages})
    total = len(ids) + plan.audited
    videos = read_videos(session, ids)
    progress(len(videos), total)
    videos.sort(key=lambda v: (-v.views, v.published_at))
    for i, video in enumerate(videos[: plan.audited]):
        videos[i] = replace(video, captions=tuple(caption_tracks(session, video.video_id)))
        progress(len(videos) + i + 1, total)
    return Collection(plan, videos, channel_facts(session, analytics_days, top_terms))


def channel_facts(session: YouTubeSession, days: int, top_terms: int) -> ChannelFacts:
    """Views by traffic source and the top YouTube search terms over the last `days` full days."""
    from videokit.youtube.analytics import search_terms, traffic_sources

    end = pacific_day() - timedelta(days=1)
    start = end - timedelta(days=days - 1)
    try:
        return ChannelFacts(
            start, end, traffic_sources(session, start, end), search_terms(session, start, end, top_terms)
        )
    except YouTubeError as err:  # analytics scope not granted, or a channel Analytics does not cover
        return ChannelFacts(start, end, analytics_error=str(err))


def read_videos(session: YouTubeSession, ids: list[str]) -> list[VideoFacts]:
    """snippet, status, contentDetails and statistics of `ids` (videos.list: 50 ids, 1 unit a call)."""
    from videokit.youtube.videos import videos

    return [VideoFacts(**{f.name: getattr(v, f.name) for f in fields(Video)}) for v in videos(session, ids)]
