"""One client's tracking data, read from the store in a few queries.

Days are the Analytics API's: Pacific days (`analytics_day`), for every source alike.
Every query filters on the client (or on that client's video ids): a report built from a
`ClientData` cannot contain another client's figures.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import sqlalchemy as sa

from videokit.store import Store
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
class Snapshot:
    taken_at: datetime  # UTC
    views: int
    likes: int
    comments: int


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


def analytics_day(moment: datetime) -> date:
    """The day `moment` falls in as the Analytics API counts days: in Pacific time."""
    return moment.astimezone(PACIFIC).date()


def utc(value: datetime) -> datetime:
    """SQLite hands back naive datetimes: the store writes UTC, so say so."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def load_client(store: Store, client: str, until: date | None = None) -> ClientData:
    """Everything the metrics need about `client`; traffic is the latest window ending by `until`."""
    videos_t, snaps_t, daily_t, traffic_t = (store.table(n) for n in ("videos", "snapshots", "daily_stats", "traffic"))
    with store.begin() as conn:
        rows = conn.execute(
            sa.select(videos_t.c.video_id, videos_t.c.title, videos_t.c.published_at, videos_t.c.keywords)
            .where(videos_t.c.client == client, videos_t.c.published_at.is_not(None))
            .order_by(videos_t.c.published_at)
        ).all()
        videos = [Video(r.video_id, r.title, utc(r.published_at), _keywords(r.keywords)) for r in rows]
        ids = [v.video_id for v in videos]

        snapshots: dict[str, list[Snapshot]] = defaultdict(list)
        for chunk in chunks(ids, 500):  # stay under SQLite's bound-parameter limit
            for r in conn.execute(
                sa.select(snaps_t).where(snaps_t.c.video_id.in_(chunk)).order_by(snaps_t.c.video_id, snaps_t.c.taken_at)
            ):
                snapshots[r.video_id].append(Snapshot(utc(r.taken_at), r.views, r.likes, r.comments))

        channel_daily: dict[date, DayStats] = {}
        video_daily: dict[str, dict[date, int]] = defaultdict(dict)
        known = set(ids)
        for r in conn.execute(sa.select(daily_t).where(daily_t.c.client == client)):
            if r.video_id == "":
                channel_daily[r.day] = DayStats(r.views, r.minutes, r.avg_view_duration, r.subscribers)
            elif r.video_id in known:
                video_daily[r.video_id][r.day] = r.views

        window = sa.select(sa.func.max(traffic_t.c.period_end)).where(traffic_t.c.client == client)
        if until is not None:
            window = window.where(traffic_t.c.period_end <= until)
        traffic_end = conn.execute(window).scalar()
        sources: dict[str, int] = {}
        terms: dict[str, int] = {}
        days = 0
        if traffic_end is not None:
            for r in conn.execute(
                sa.select(traffic_t).where(traffic_t.c.client == client, traffic_t.c.period_end == traffic_end)
            ):
                (sources if r.kind == "source" else terms)[r.key] = r.views
                days = r.period_days
    return ClientData(
        client, videos, channel_daily, dict(video_daily), dict(snapshots), sources, terms, traffic_end, days
    )


def _keywords(raw: str) -> tuple[str, ...]:
    try:
        value = json.loads(raw) if raw else []
    except json.JSONDecodeError:
        return ()
    return tuple(str(k) for k in value if str(k).strip()) if isinstance(value, list) else ()


def chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]
