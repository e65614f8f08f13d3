"""One client's tracking data, read from the store in a few queries.

Days are the Analytics API's: Pacific days (`analytics_day`), for every source alike.
Every query filters on the client (or on that client's video ids): a report built from a
`ClientData` cannot contain another client's figures.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from videokit.store import Store
from videokit.store.stats import SEARCH, SOURCE, YEAR, Snapshot, video_search_terms
from videokit.youtube.quota import PACIFIC


@dataclass(frozen=True)
class Video:
    video_id: str
    title: str
    published_at: datetime  # UTC
    keywords: tuple[str, ...] = ()

    @property
    def published_day(self) -> date:
        return analytics_day(self.published_at)


@dataclass(frozen=True)
class DayStats:
    views: int
    minutes: float
    avg_view_duration: float  # seconds
    subscribers: int  # gained that day (net)


@dataclass
class ClientData:
    client: str
    videos: list[Video]
    channel_daily: dict[date, DayStats]
    video_daily: dict[str, dict[date, int]]  # video id -> day -> views (Analytics)
    snapshots: dict[str, list[Snapshot]]  # video id -> snapshots, oldest first
    sources: dict[str, int] = field(default_factory=dict)  # traffic source type -> views
    search_terms: dict[str, int] = field(default_factory=dict)  # YouTube search term -> views
    traffic_end: date | None = None
    traffic_days: int = 0
    video_terms: dict[str, dict[str, int]] = field(default_factory=dict)  # video id -> its search terms -> views
    year_views: int | None = None  # the channel over the 12 months to traffic_end
    year_minutes: float | None = None


def analytics_day(moment: datetime) -> date:
    """The day `moment` falls in as the Analytics API counts days: in Pacific time."""
    return moment.astimezone(PACIFIC).date()


def load_client(store: Store, client: str, until: date | None = None) -> ClientData:
    """Everything the metrics need about `client`; traffic is the latest window ending by `until`."""
    videos = [
        Video(v.video_id, v.title, v.published_at, tuple(v.keywords))
        for v in store.videos.of_client(client)
        if v.published_at is not None
    ]
    known = {v.video_id for v in videos}
    channel_daily: dict[date, DayStats] = {}
    video_daily: dict[str, dict[date, int]] = defaultdict(dict)
    for r in store.stats.daily(client):
        if r.video_id == "":
            channel_daily[r.day] = DayStats(r.views, r.minutes, r.avg_view_duration, r.subscribers)
        elif r.video_id in known:
            video_daily[r.video_id][r.day] = r.views
    window = store.stats.traffic(client, until)
    sources = {r.key: r.views for r in window if r.kind == SOURCE}
    terms = {r.key: r.views for r in window if r.kind == SEARCH}
    video_terms = {v: terms for v, terms in video_search_terms(window).items() if v in known}
    year = {r.key: r.views for r in window if r.kind == YEAR}
    short = [r for r in window if r.kind in (SOURCE, SEARCH)] or window
    return ClientData(
        client,
        videos,
        channel_daily,
        dict(video_daily),
        store.stats.snapshots([v.video_id for v in videos]),
        sources,
        terms,
        window[0].period_end if window else None,
        short[0].period_days if short else 0,
        video_terms,
        year.get("views"),
        float(year["minutes"]) if "minutes" in year else None,
    )


def chunks(items: Sequence[str], size: int) -> Iterator[list[str]]:
    for i in range(0, len(items), size):
        yield list(items[i : i + size])
