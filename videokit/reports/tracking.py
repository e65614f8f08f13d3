"""Tracking: statistics snapshots and daily Analytics history for every published video.

One pass per client: `videos.list` in batches of 50 ids (1 quota unit per 50 videos, checked
against the ledger before the first call), then the Analytics API (its own quota, no units)
for the channel's daily history, the young videos' daily history, the traffic sources and the
YouTube search terms. Every write is an upsert and a video snapshotted less than
`min_snapshot_minutes` ago is skipped, so a pass run twice, or by cron and Celery at once,
stores the same thing.
"""

from __future__ import annotations

import contextlib
import math
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from videokit.config import Settings
from videokit.errors import VideokitError
from videokit.progress import Progress, silent
from videokit.reports.data import analytics_day, chunks
from videokit.reports.options import ReportsOptions
from videokit.store import Store
from videokit.store.stats import VIDEO_SEARCH, YEAR, DailyRow, Snapshot, TrafficRow
from videokit.store.videos import VideoRecord, Videos
from videokit.youtube import analytics, quota
from videokit.youtube.channels import my_channel
from videokit.youtube.session import YouTubeSession
from videokit.youtube.videos import PAGE, upload_ids, videos

TRAFFIC_DAYS = 28
YEAR_DAYS = 365


@dataclass
class TrackResult:
    client: str
    videos: int = 0  # published videos known for the client
    snapshots: int = 0  # new snapshots stored this pass
    skipped: int = 0  # snapshotted too recently to ask again
    discovered: int = 0  # videos found on the channel that the store did not know
    missing: list[str] = field(default_factory=list)  # ids YouTube no longer returns (deleted)
    daily_rows: int = 0
    video_histories: int = 0  # videos whose daily history was refreshed
    traffic_rows: int = 0
    quota_units: int = 0
    seconds: float = 0.0
    error: str | None = None
    exit_code: int = 0  # the error's documented exit code


def track_all(
    settings: Settings,
    store: Store,
    clients: Iterable[str] | None = None,
    progress: Progress = silent,
    discover: bool = False,
) -> list[TrackResult]:
    """One pass over `clients` (default: every client with credentials or published videos).

    The plain function the Celery beat task calls. A client that fails (revoked token, quota
    spent) gets its error in its result and the others still run.
    """
    results = []
    for name in clients if clients is not None else tracked_clients(settings, store):
        try:
            results.append(track_client(settings, store, name, discover=discover, progress=progress))
        except VideokitError as err:
            results.append(TrackResult(client=name, error=str(err), exit_code=err.exit_code))
    return results


def tracked_clients(settings: Settings, store: Store) -> list[str]:
    names = store.videos.clients_with_published() | {p.client for p in store.credentials.all()}
    return sorted(n for n in names if n in settings.clients)


def track_forever(
    settings: Settings,
    store: Store,
    every: timedelta,
    clients: Iterable[str] | None = None,
    on_pass: Callable[[list[TrackResult]], None] = lambda results: None,
    stop: threading.Event | None = None,
    discover: bool = False,
) -> None:
    """Run `track_all` every `every` until `stop` is set; a failed pass waits for the next one."""
    stop = stop or threading.Event()
    names = list(clients) if clients is not None else None
    while not stop.is_set():
        started = time.monotonic()
        on_pass(track_all(settings, store, names, discover=discover))
        stop.wait(max(every.total_seconds() - (time.monotonic() - started), 0))


def track_client(
    settings: Settings,
    store: Store,
    client: str,
    *,
    discover: bool = False,
    progress: Progress = silent,
    session: YouTubeSession | None = None,
    options: ReportsOptions | None = None,
) -> TrackResult:
    """One tracking pass for `client`: snapshots, daily history, traffic. Returns what it stored.

    `session` and `options` default to the client's own connection and the settings' `reports`.
    """
    profile = settings.client(client)
    options = options or settings.reports
    if session is None:
        from videokit.youtube.service import connect  # imported late: it builds Google clients

        with contextlib.closing(connect(settings, store, profile)) as own:
            return track_client(
                settings, store, profile.name, discover=discover, progress=progress, session=own, options=options
            )
    started, calls = time.monotonic(), session.calls.copy()
    client = profile.name
    result = TrackResult(client=client)
    new: list[str] = []
    if discover or not store.videos.published(client):
        new = _discover(session, store.videos)
    published = published_videos(store.videos, client)
    now = datetime.now(UTC)
    ids = list(published)
    recent = store.stats.snapshotted_since(ids, now - timedelta(minutes=options.min_snapshot_minutes))
    due = [i for i in ids if i not in recent] + new
    result.skipped = len(published) - (len(due) - len(new))
    session.ledger.ensure({"videos.list": math.ceil(len(due) / PAGE)})  # QuotaError before any call
    for i, batch in enumerate(chunks(due, PAGE)):
        stored, missing, added = _snapshot(session, store, client, batch, now, set(new))
        result.snapshots += stored
        result.missing += missing
        result.discovered += added
        progress(min((i + 1) * PAGE, len(due)), len(due))
    published = published_videos(store.videos, client)
    result.videos = len(published)
    yesterday = quota.pacific_day() - timedelta(days=1)  # Analytics days are Pacific days
    result.daily_rows = _channel_history(session, store, client, published, yesterday, options)
    histories, rows = _video_histories(session, store, client, published, yesterday, options)
    result.video_histories, result.daily_rows = histories, result.daily_rows + rows
    result.traffic_rows = _traffic(session, store, client, yesterday, options)
    result.quota_units = sum(quota.plan_units(dict(session.calls - calls)).values())
    result.seconds = round(time.monotonic() - started, 3)
    return result


# -- Data API ---------------------------------------------------------------------------------------
def published_videos(known: Videos, client: str) -> dict[str, date]:
    """Published video id -> its (Pacific) publication day."""
    return {video_id: analytics_day(at) for video_id, at in known.published(client).items()}


def _snapshot(
    session: YouTubeSession, store: Store, client: str, ids: list[str], now: datetime, new: set[str]
) -> tuple[int, list[str], int]:
    """Store one snapshot per video; register the public `new` ones (their tags stand in for keywords)."""
    listed = [v for v in videos(session, ids) if v.video_id not in new or v.privacy == "public"]
    fresh = [v for v in listed if v.video_id in new]
    store.videos.add_many(
        VideoRecord(
            video_id=v.video_id,
            client=client,
            channel_id=v.channel_id,
            title=v.title,
            privacy=v.privacy,
            requested_privacy=v.privacy,
            published_at=v.published_at.astimezone(UTC),
            keywords=v.tags,
        )
        for v in fresh
    )
    store.stats.add_snapshots([Snapshot(v.video_id, now, v.views, v.likes, v.comments) for v in listed])
    store.videos.update_listing(client, [(v.video_id, v.title, v.privacy) for v in listed])  # an edit shows next report
    returned = {v.video_id for v in listed}
    return len(listed), [i for i in ids if i not in returned and i not in new], len(fresh)


def _discover(session: YouTubeSession, known: Videos) -> list[str]:
    """The channel's uploads the store does not know yet."""
    ids = list(upload_ids(session, my_channel(session).uploads_playlist))
    recorded = known.known(ids)
    return [i for i in ids if i not in recorded]


# -- Analytics API ----------------------------------------------------------------------------------
def _channel_history(
    session: YouTubeSession, store: Store, client: str, published: dict[str, date], end: date, options: ReportsOptions
) -> int:
    """The channel's daily views, watch time, view duration and subscribers since the last pass."""
    last = store.stats.last_day(client)
    if last is not None and last >= end:
        return 0  # already fetched since yesterday's figures came out
    start = end - timedelta(days=options.backfill_days - 1)
    if last is not None:
        start = max(start, last - timedelta(days=options.analytics_lag_days - 1))
    elif published:
        start = max(start, min(published.values()))
    return _daily(session, store, client, "", start, end)


def _video_histories(
    session: YouTubeSession, store: Store, client: str, published: dict[str, date], end: date, options: ReportsOptions
) -> tuple[int, int]:
    """Daily views of the videos still in their first weeks, and once of every video never fetched.

    The Analytics API has no per-video daily report for many videos at once: one query per video,
    so only the videos whose curve still moves (or was never read) are asked again.
    """
    young_since = end - timedelta(days=options.video_history_days)
    fetched = store.stats.history_ends(client)
    by_age = sorted(published.items(), key=lambda kv: kv[1], reverse=True)
    # A history reaching yesterday was fetched today: yesterday's figures only come out today.
    todo = [
        (vid, day) for vid, day in by_age if (day >= young_since or vid not in fetched) and fetched.get(vid, day) < end
    ]
    done = rows = 0
    for vid, day in todo[: options.histories_per_pass]:
        last = fetched.get(vid)
        start = max(day, last - timedelta(days=options.analytics_lag_days - 1)) if last else day
        rows += _daily(session, store, client, vid, start, end)
        done += 1
    return done, rows


def _daily(session: YouTubeSession, store: Store, client: str, video_id: str, start: date, end: date) -> int:
    if start > end:
        return 0
    rows = [
        DailyRow(client, video_id, d.day, d.views, d.minutes, d.avg_view_duration, d.subscribers)
        for d in analytics.daily_stats(session, start, end, video_id)
    ]
    store.stats.add_daily(rows)
    return len(rows)


def _traffic(session: YouTubeSession, store: Store, client: str, end: date, options: ReportsOptions) -> int:
    """Views by traffic source type and the top YouTube search terms over the 28 days to `end`, the
    search terms of the most recent videos one by one, and the channel's views and minutes watched
    over the 12 months to `end` (the health features' threshold).

    Fetched once a day: the window only moves when a new day's figures come out.
    """
    if store.stats.has_traffic(client, end):
        return 0
    start = end - timedelta(days=TRAFFIC_DAYS - 1)
    sources = analytics.traffic_sources(session, start, end)
    terms = analytics.search_terms(session, start, end)
    rows = [
        TrafficRow(client, end, kind, key, views, TRAFFIC_DAYS)
        for kind, pairs in (("source", list(sources.items())), ("search", terms))
        for key, views in pairs
    ]
    recent = [v.video_id for v in reversed(store.videos.of_client(client))][: options.search_videos]
    for video_id in recent:
        rows += [
            TrafficRow(client, end, VIDEO_SEARCH, f"{video_id} {term}", views, TRAFFIC_DAYS)
            for term, views in analytics.search_terms(session, start, end, video_id=video_id)
        ]
    views, minutes = analytics.totals(session, end - timedelta(days=YEAR_DAYS - 1), end)
    rows += [
        TrafficRow(client, end, YEAR, "views", views, YEAR_DAYS),
        TrafficRow(client, end, YEAR, "minutes", round(minutes), YEAR_DAYS),
    ]
    store.stats.replace_traffic(client, end, rows)
    return len(rows)
