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
import re
from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from videokit.errors import QuotaError, YouTubeError
from videokit.progress import Progress, silent
from videokit.youtube.quota import SHARED, cost, pacific_day, plan_units

if TYPE_CHECKING:  # the Google client libraries load only when a command talks to YouTube
    from videokit.youtube.service import YouTubeSession

PAGE = 50  # YouTube's maximum page size and ids per videos.list call
SEARCH = "YT_SEARCH"
_DURATION = re.compile(r"P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$")
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

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AuditPlan:
        return cls(**data)


@dataclass(frozen=True)
class CaptionTrack:
    id: str
    language: str
    name: str
    kind: str  # "standard", "asr" (automatic) or "forced"
    is_draft: bool

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CaptionTrack:
        return cls(**data)


@dataclass(frozen=True)
class VideoFacts:
    """One upload as YouTube describes it; `snippet` is kept whole for read-modify-write."""

    video_id: str
    snippet: dict[str, Any]
    privacy: str
    published_at: datetime
    duration: float  # seconds
    views: int
    likes: int
    comments: int
    has_captions_flag: bool  # contentDetails.caption: some track exists (drafts included)
    captions: tuple[CaptionTrack, ...] | None = None  # None: not listed (outside --limit)

    @property
    def title(self) -> str:
        return self.snippet.get("title", "")

    @property
    def description(self) -> str:
        return self.snippet.get("description", "")

    @property
    def tags(self) -> list[str]:
        return list(self.snippet.get("tags") or [])

    @property
    def language(self) -> str:
        return self.snippet.get("defaultLanguage") or self.snippet.get("defaultAudioLanguage") or ""

    @property
    def published_captions(self) -> list[CaptionTrack]:
        """Tracks viewers see: drafts are hidden from them."""
        return [c for c in self.captions or () if not c.is_draft]

    def age_days(self, today: date) -> float:
        return max((today - self.published_at.date()).days, 1)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["published_at"] = self.published_at.isoformat()
        data["captions"] = None if self.captions is None else [c.to_dict() for c in self.captions]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> VideoFacts:
        captions = data.get("captions")
        return cls(
            **{
                **data,
                "published_at": datetime.fromisoformat(data["published_at"]),
                "captions": None if captions is None else tuple(CaptionTrack.from_dict(c) for c in captions),
            }
        )


@dataclass(frozen=True)
class ChannelFacts:
    """Channel-level facts: traffic sources and search terms when the Analytics API answers."""

    start: date
    end: date
    sources: dict[str, int] = field(default_factory=dict)
    search_terms: list[tuple[str, int]] = field(default_factory=list)
    analytics_error: str = ""  # why the Analytics API gave nothing (scope not granted...)

    @property
    def search_share(self) -> float | None:
        total = sum(self.sources.values())
        return self.sources.get(SEARCH, 0) / total if total else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "sources": dict(self.sources),
            "search_share": self.search_share,
            "search_terms": [list(t) for t in self.search_terms],
            "analytics_error": self.analytics_error,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ChannelFacts:
        return cls(
            date.fromisoformat(data["start"]),
            date.fromisoformat(data["end"]),
            dict(data.get("sources", {})),
            [(t, int(v)) for t, v in data.get("search_terms", [])],
            data.get("analytics_error", ""),
        )


@dataclass(frozen=True)
class Collection:
    plan: AuditPlan
    videos: list[VideoFacts]  # every upload, most viewed first; `captions` set on the audited ones
    channel: ChannelFacts

    def to_dict(self) -> dict[str, Any]:
        return {
            "plan": self.plan.to_dict(),
            "videos": [v.to_dict() for v in self.videos],
            "channel": self.channel.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Collection:
        return cls(
            AuditPlan.from_dict(data["plan"]),
            [VideoFacts.from_dict(v) for v in data["videos"]],
            ChannelFacts.from_dict(data["channel"]),
        )


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
    session.ledger.ensure({"channels.list": 1})
    reply = session.execute(
        session.data.channels().list(part="snippet,contentDetails,statistics", mine=True), "channels.list"
    )
    items = reply.get("items") or []
    if not items:
        raise YouTubeError(
            f"client {client!r}: the signed-in account has no YouTube channel; create one, then run 'videokit auth add --client {client}'"
        )
    channel = items[0]
    stats = channel.get("statistics", {})
    return AuditPlan(
        client=client,
        channel_id=channel["id"],
        channel_title=channel.get("snippet", {}).get("title", ""),
        uploads_playlist=channel["contentDetails"]["relatedPlaylists"]["uploads"],
        video_count=int(stats.get("videoCount", 0)),
        limit=None,
        audited=0,
        calls={},
        units={},
        remaining={},
        channel_views=int(stats.get("viewCount", 0)),
        subscribers=int(stats.get("subscriberCount", 0)),
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
    ids, pages = upload_ids(session, plan.uploads_playlist)
    if len(ids) != plan.video_count:
        # channels.list counts public videos only on YouTube: price the real number before going on.
        plan = _priced(plan, session, len(ids), paid={"channels.list": 1, "playlistItems.list": pages})
    total = len(ids) + plan.audited
    videos = read_videos(session, ids)
    progress(len(videos), total)
    videos.sort(key=lambda v: (-v.views, v.published_at))
    for i, video in enumerate(videos[: plan.audited]):
        request = session.data.captions().list(part="snippet", videoId=video.video_id)
        tracks = tuple(_track(item) for item in session.execute(request, "captions.list").get("items", []))
        videos[i] = replace(video, captions=tracks)
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
    from videokit.youtube.analytics import video_statistics

    found = video_statistics(session, ids)
    return [video_from_item(found[i]) for i in ids if i in found]


def upload_ids(session: YouTubeSession, playlist: str) -> tuple[list[str], int]:
    """The video ids of the uploads playlist, and how many pages (calls) that took."""
    ids: list[str] = []
    token = None
    pages = 0
    while True:
        pages += 1
        request = session.data.playlistItems().list(
            part="contentDetails", playlistId=playlist, maxResults=PAGE, pageToken=token
        )
        reply = session.execute(request, "playlistItems.list")
        ids += [item["contentDetails"]["videoId"] for item in reply.get("items", [])]
        token = reply.get("nextPageToken")
        if not token:
            return list(dict.fromkeys(ids)), pages


def video_from_item(item: dict[str, Any]) -> VideoFacts:
    stats = item.get("statistics", {})
    details = item.get("contentDetails", {})
    return VideoFacts(
        video_id=item["id"],
        snippet=item.get("snippet", {}),
        privacy=item.get("status", {}).get("privacyStatus", ""),
        published_at=datetime.fromisoformat(item["snippet"]["publishedAt"].replace("Z", "+00:00")),
        duration=parse_duration(details.get("duration", "PT0S")),
        views=int(stats.get("viewCount", 0)),
        likes=int(stats.get("likeCount", 0)),
        comments=int(stats.get("commentCount", 0)),
        has_captions_flag=details.get("caption") == "true",
    )


def _track(item: dict[str, Any]) -> CaptionTrack:
    s = item.get("snippet", {})
    return CaptionTrack(
        item["id"],
        s.get("language", ""),
        s.get("name", ""),
        s.get("trackKind", "standard").lower(),
        bool(s.get("isDraft")),
    )


def parse_duration(text: str) -> float:
    """ISO 8601 duration as YouTube gives it ("PT1H2M3S") in seconds."""
    m = _DURATION.match(text or "")
    if not m:
        return 0.0
    days, hours, minutes, seconds = m.groups()
    return int(days or 0) * 86400 + int(hours or 0) * 3600 + int(minutes or 0) * 60 + float(seconds or 0)
