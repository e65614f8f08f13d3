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
import json
import math
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from videokit.config import Settings
from videokit.errors import VideokitError
from videokit.progress import Progress, silent
from videokit.reports.data import analytics_day, chunks, utc
from videokit.reports.options import ReportsOptions
from videokit.store import Store, open_store
from videokit.youtube import quota

BATCH = 50  # videos.list and playlistItems.list take at most 50 ids / items per call
TRAFFIC_DAYS = 28
TOP_TERMS = 25  # the most the Analytics API returns for search terms
DAILY_METRICS = "views,estimatedMinutesWatched,averageViewDuration,subscribersGained"


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

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TrackResult:
        return cls(**data)


def track_all(
    settings: Settings, clients: Iterable[str] | None = None, progress: Progress = silent, discover: bool = False
) -> list[TrackResult]:
    """One pass over `clients` (default: every client with credentials or published videos).

    The plain function the Celery beat task calls. A client that fails (revoked token, quota
    spent) gets its error in its result and the others still run.
    """
    results = []
    for name in clients if clients is not None else tracked_clients(settings):
        try:
            results.append(track_client(settings, name, discover=discover, progress=progress))
        except VideokitError as err:
            results.append(TrackResult(client=name, error=str(err), exit_code=err.exit_code))
    return results


def tracked_clients(settings: Settings) -> list[str]:
    store = open_store(settings.database_url)
    videos, credentials = store.table("videos"), store.table("credentials")
    with store.begin() as conn:
        names = set(
            conn.execute(sa.select(videos.c.client).where(videos.c.published_at.is_not(None)).distinct()).scalars()
        )
        names |= set(conn.execute(sa.select(credentials.c.client)).scalars())
    return sorted(n for n in names if n in settings.clients)


def track_forever(
    settings: Settings,
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
        on_pass(track_all(settings, names, discover=discover))
        stop.wait(max(every.total_seconds() - (time.monotonic() - started), 0))


def track_client(
    settings: Settings,
    client: str,
    *,
    discover: bool = False,
    progress: Progress = silent,
    session: Any = None,
    options: ReportsOptions | None = None,
) -> TrackResult:
    """One tracking pass for `client`: snapshots, daily history, traffic. Returns what it stored.

    `session` (a videokit.youtube.service.YouTubeSession) and `options` default to the
    client's own connection and the settings' `reports` section.
    """
    profile = settings.client(client)
    options = options or settings.reports
    store = open_store(settings.database_url)
    if session is None:
        from videokit.youtube.service import connect  # imported late: it builds Google clients

        with contextlib.closing(connect(settings, profile)) as own:
            return track_client(
                settings, profile.name, discover=discover, progress=progress, session=own, options=options
            )
    started = time.monotonic()
    client = profile.name
    result = TrackResult(client=client)
    new: list[str] = []
    if discover or not published_videos(store, client):
        new, result.quota_units = _discover(session, store)
    published = published_videos(store, client)
    now = datetime.now(UTC)
    due = _due(store, list(published), now - timedelta(minutes=options.min_snapshot_minutes)) + new
    result.skipped = len(published) - (len(due) - len(new))
    session.ledger.ensure({"videos.list": math.ceil(len(due) / BATCH)})  # QuotaError before any call
    for i, batch in enumerate(chunks(due, BATCH)):
        stored, missing, added = _snapshot(session, store, client, batch, now, set(new))
        result.snapshots += stored
        result.missing += missing
        result.discovered += added
        result.quota_units += quota.cost("videos.list")[1]
        progress(min((i + 1) * BATCH, len(due)), len(due))
    published = published_videos(store, client)
    result.videos = len(published)
    yesterday = quota.pacific_day() - timedelta(days=1)  # Analytics days are Pacific days
    result.daily_rows = _channel_history(session, store, client, published, yesterday, options)
    histories, rows = _video_histories(session, store, client, published, yesterday, options)
    result.video_histories, result.daily_rows = histories, result.daily_rows + rows
    result.traffic_rows = _traffic(session, store, client, yesterday)
    result.seconds = round(time.monotonic() - started, 3)
    return result


# -- Data API ---------------------------------------------------------------------------------------
def published_videos(store: Store, client: str) -> dict[str, date]:
    """Published video id -> its (Pacific) publication day."""
    videos = store.table("videos")
    with store.begin() as conn:
        rows = conn.execute(
            sa.select(videos.c.video_id, videos.c.published_at).where(
                videos.c.client == client, videos.c.published_at.is_not(None)
            )
        ).all()
    return {r.video_id: analytics_day(utc(r.published_at)) for r in rows}


def _due(store: Store, ids: list[str], cutoff: datetime) -> list[str]:
    """The ids not snapshotted since `cutoff`."""
    snaps = store.table("snapshots")
    recent: set[str] = set()
    with store.begin() as conn:
        for chunk in chunks(ids, 500):
            query = (
                sa.select(snaps.c.video_id).where(snaps.c.video_id.in_(chunk), snaps.c.taken_at >= cutoff).distinct()
            )
            recent |= set(conn.execute(query).scalars())
    return [i for i in ids if i not in recent]


def _snapshot(
    session: Any, store: Store, client: str, ids: list[str], now: datetime, new: set[str]
) -> tuple[int, list[str], int]:
    """Store one snapshot per video; register the public `new` ones (their tags stand in for keywords)."""
    request = session.data.videos().list(part="snippet,statistics,status", id=",".join(ids), maxResults=BATCH)
    items = session.execute(request, "videos.list").get("items", [])
    fresh = [i for i in items if i["id"] in new and i["status"]["privacyStatus"] == "public"]
    fresh_ids = {i["id"] for i in fresh}
    items = [i for i in items if i["id"] not in new or i["id"] in fresh_ids]
    snaps = [
        {"video_id": i["id"], "taken_at": now, "views": int(i.get("statistics", {}).get("viewCount", 0)),
         "likes": int(i.get("statistics", {}).get("likeCount", 0)), "comments": int(i.get("statistics", {}).get("commentCount", 0))}
        for i in items
    ]  # fmt: skip
    videos = store.table("videos")
    with store.begin() as conn:
        if fresh:
            conn.execute(videos.insert(), [_video_row(client, i) for i in fresh])
        if snaps:
            _upsert(conn, store.table("snapshots"), snaps, ("video_id", "taken_at"))
        if items:  # a title edited on YouTube shows as edited in the next report
            update = videos.update().where(videos.c.video_id == sa.bindparam("vid"), videos.c.client == client)
            update = update.values(title=sa.bindparam("new_title"), privacy=sa.bindparam("new_privacy"))
            conn.execute(
                update,
                [
                    {"vid": i["id"], "new_title": i["snippet"]["title"], "new_privacy": i["status"]["privacyStatus"]}
                    for i in items
                ],
            )
    returned = {i["id"] for i in items}
    return len(snaps), [i for i in ids if i not in returned and i not in new], len(fresh)


def _video_row(client: str, item: dict[str, Any]) -> dict[str, Any]:
    snippet = item["snippet"]
    return {
        "video_id": item["id"],
        "client": client,
        "channel_id": snippet["channelId"],
        "title": snippet["title"],
        "privacy": item["status"]["privacyStatus"],
        "requested_privacy": item["status"]["privacyStatus"],
        "published_at": datetime.fromisoformat(snippet["publishedAt"].replace("Z", "+00:00")).astimezone(UTC),
        "keywords": json.dumps(snippet.get("tags", []), ensure_ascii=False),
    }


def _discover(session: Any, store: Store) -> tuple[list[str], int]:
    """The channel's uploads the store does not know yet, and the units spent listing them."""
    channel = session.execute(session.data.channels().list(part="contentDetails", mine=True), "channels.list")
    uploads = channel["items"][0]["contentDetails"]["relatedPlaylists"]["uploads"]
    units = quota.cost("channels.list")[1]
    ids: list[str] = []
    token = None
    while True:
        request = session.data.playlistItems().list(
            part="contentDetails", playlistId=uploads, maxResults=BATCH, pageToken=token
        )
        page = session.execute(request, "playlistItems.list")
        units += quota.cost("playlistItems.list")[1]
        ids += [item["contentDetails"]["videoId"] for item in page.get("items", [])]
        token = page.get("nextPageToken")
        if not token:
            break
    videos = store.table("videos")
    known: set[str] = set()
    with store.begin() as conn:
        for chunk in chunks(ids, 500):
            known |= set(conn.execute(sa.select(videos.c.video_id).where(videos.c.video_id.in_(chunk))).scalars())
    return [i for i in dict.fromkeys(ids) if i not in known], units


# -- Analytics API ----------------------------------------------------------------------------------
def _channel_history(
    session: Any, store: Store, client: str, published: dict[str, date], end: date, options: ReportsOptions
) -> int:
    """The channel's daily views, watch time, view duration and subscribers since the last pass."""
    last = _last_day(store, client, "")
    if last is not None and last >= end:
        return 0  # already fetched since yesterday's figures came out
    start = end - timedelta(days=options.backfill_days - 1)
    if last is not None:
        start = max(start, last - timedelta(days=options.analytics_lag_days - 1))
    elif published:
        start = max(start, min(published.values()))
    return _daily(session, store, client, "", start, end)


def _video_histories(
    session: Any, store: Store, client: str, published: dict[str, date], end: date, options: ReportsOptions
) -> tuple[int, int]:
    """Daily views of the videos still in their first weeks, and once of every video never fetched.

    The Analytics API has no per-video daily report for many videos at once: one query per video,
    so only the videos whose curve still moves (or was never read) are asked again.
    """
    young_since = end - timedelta(days=options.video_history_days)
    fetched = _videos_with_history(store, client)
    videos = sorted(published.items(), key=lambda kv: kv[1], reverse=True)
    # A history reaching yesterday was fetched today: yesterday's figures only come out today.
    todo = [
        (vid, day) for vid, day in videos if (day >= young_since or vid not in fetched) and fetched.get(vid, day) < end
    ]
    done = rows = 0
    for vid, day in todo[: options.histories_per_pass]:
        last = fetched.get(vid)
        start = max(day, last - timedelta(days=options.analytics_lag_days - 1)) if last else day
        rows += _daily(session, store, client, vid, start, end)
        done += 1
    return done, rows


def _daily(session: Any, store: Store, client: str, video_id: str, start: date, end: date) -> int:
    if start > end:
        return 0
    query: dict[str, Any] = {"ids": "channel==MINE", "startDate": start.isoformat(), "endDate": end.isoformat(),
                             "metrics": DAILY_METRICS, "dimensions": "day", "sort": "day"}  # fmt: skip
    if video_id:
        query["filters"] = f"video=={video_id}"
    table = session.execute(session.analytics.reports().query(**query), "reports.query")
    rows = [
        {
            "client": client,
            "video_id": video_id,
            "day": date.fromisoformat(day),
            "views": int(views),
            "minutes": float(minutes),
            "avg_view_duration": float(duration),
            "subscribers": int(subs),
        }
        for day, views, minutes, duration, subs in table.get("rows") or []
    ]
    if not rows:
        return 0
    with store.begin() as conn:
        _upsert(conn, store.table("daily_stats"), rows, ("client", "video_id", "day"))
    return len(rows)


def _traffic(session: Any, store: Store, client: str, end: date) -> int:
    """Views by traffic source type and the top YouTube search terms over the 28 days to `end`.

    Fetched once a day: the window only moves when a new day's figures come out.
    """
    traffic = store.table("traffic")
    with store.begin() as conn:
        if conn.execute(
            sa.select(traffic.c.key).where(traffic.c.client == client, traffic.c.period_end == end).limit(1)
        ).first():
            return 0
    base = {
        "ids": "channel==MINE",
        "startDate": (end - timedelta(days=TRAFFIC_DAYS - 1)).isoformat(),
        "endDate": end.isoformat(),
        "metrics": "views",
    }
    reports = session.analytics.reports()
    sources = session.execute(
        reports.query(**base, dimensions="insightTrafficSourceType", sort="-views"), "reports.query"
    )
    terms = session.execute(
        reports.query(
            **base,
            dimensions="insightTrafficSourceDetail",
            filters="insightTrafficSourceType==YT_SEARCH",
            sort="-views",
            maxResults=TOP_TERMS,
        ),
        "reports.query",
    )
    rows = [
        {
            "client": client,
            "period_end": end,
            "kind": kind,
            "key": key,
            "views": int(views),
            "period_days": TRAFFIC_DAYS,
        }
        for kind, table in (("source", sources), ("search", terms))
        for key, views in table.get("rows") or []
    ]
    with store.begin() as conn:  # the window is replaced whole: a term that dropped out must go
        conn.execute(traffic.delete().where(traffic.c.client == client, traffic.c.period_end == end))
        if rows:
            conn.execute(traffic.insert(), rows)
    return len(rows)


# -- store helpers ----------------------------------------------------------------------------------
def _last_day(store: Store, client: str, video_id: str) -> date | None:
    daily = store.table("daily_stats")
    with store.begin() as conn:
        return conn.execute(
            sa.select(sa.func.max(daily.c.day)).where(daily.c.client == client, daily.c.video_id == video_id)
        ).scalar()


def _videos_with_history(store: Store, client: str) -> dict[str, date]:
    daily = store.table("daily_stats")
    query = (
        sa.select(daily.c.video_id, sa.func.max(daily.c.day))
        .where(daily.c.client == client, daily.c.video_id != "")
        .group_by(daily.c.video_id)
    )
    with store.begin() as conn:
        return dict(conn.execute(query).all())


def _upsert(conn: Connection, table: sa.Table, rows: list[dict[str, Any]], keys: tuple[str, ...]) -> None:
    """Insert or update by primary key, on SQLite and PostgreSQL alike."""
    dialect = {"sqlite": sqlite, "postgresql": postgresql}[conn.dialect.name]
    stmt = dialect.insert(table)
    stmt = stmt.on_conflict_do_update(
        index_elements=list(keys), set_={c: stmt.excluded[c] for c in rows[0] if c not in keys}
    )
    conn.execute(stmt, rows)
