"""How published videos do: statistics snapshots (videos.list), daily Analytics history per video
and per channel (video_id ""), and the traffic window (sources and YouTube search terms).

Every write is an upsert on the primary key, so a tracking pass run twice, or by cron and Celery
at once, stores the same thing. Days are whatever day the caller gives (Analytics' Pacific days).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine

from videokit.store.schema import daily_stats, snapshots, traffic
from videokit.store.videos import utc

_CHUNK = 500  # ids per IN (...) query: SQLite's bound-parameter limit


@dataclass(frozen=True)
class Snapshot:
    video_id: str
    taken_at: datetime  # UTC
    views: int
    likes: int = 0
    comments: int = 0


@dataclass(frozen=True)
class DailyRow:
    client: str
    video_id: str  # "" for the whole channel
    day: date
    views: int
    minutes: float = 0.0
    avg_view_duration: float = 0.0  # seconds
    subscribers: int = 0  # gained that day (net)


SOURCE, SEARCH = "source", "search"  # traffic source type; YouTube search term
VIDEO_SEARCH = "video-search"  # one video's search term: key "VIDEO_ID TERM"
YEAR = "year"  # the channel over the 12 months to period_end: key "views" or "minutes"


@dataclass(frozen=True)
class TrafficRow:
    client: str
    period_end: date
    kind: str  # SOURCE, SEARCH, VIDEO_SEARCH or YEAR
    key: str
    views: int
    period_days: int = 28


class Stats:
    def __init__(self, engine: Engine):
        self._engine = engine

    # -- snapshots ----------------------------------------------------------------------------------
    def add_snapshots(self, rows: Sequence[Snapshot]) -> None:
        if rows:
            with self._engine.begin() as conn:
                _upsert(conn, snapshots, [asdict(r) for r in rows], ("video_id", "taken_at"))

    def snapshotted_since(self, ids: Sequence[str], cutoff: datetime) -> set[str]:
        """The ids among `ids` with a snapshot taken at or after `cutoff`."""
        recent: set[str] = set()
        with self._engine.begin() as conn:
            for chunk in _chunks(ids):
                query = sa.select(snapshots.c.video_id).where(
                    snapshots.c.video_id.in_(chunk), snapshots.c.taken_at >= cutoff
                )
                recent |= set(conn.execute(query.distinct()).scalars())
        return recent

    def snapshots(self, ids: Sequence[str]) -> dict[str, list[Snapshot]]:
        """Snapshots of each video, oldest first."""
        out: dict[str, list[Snapshot]] = defaultdict(list)
        with self._engine.begin() as conn:
            for chunk in _chunks(ids):
                query = sa.select(snapshots).where(snapshots.c.video_id.in_(chunk))
                for r in conn.execute(query.order_by(snapshots.c.video_id, snapshots.c.taken_at)):
                    out[r.video_id].append(Snapshot(r.video_id, utc(r.taken_at), r.views, r.likes, r.comments))
        return dict(out)

    # -- daily history ------------------------------------------------------------------------------
    def add_daily(self, rows: Sequence[DailyRow]) -> None:
        if rows:
            with self._engine.begin() as conn:
                _upsert(conn, daily_stats, [asdict(r) for r in rows], ("client", "video_id", "day"))

    def daily(self, client: str) -> list[DailyRow]:
        with self._engine.begin() as conn:
            rows = conn.execute(sa.select(daily_stats).where(daily_stats.c.client == client)).mappings().all()
        return [DailyRow(**row) for row in rows]

    def last_day(self, client: str, video_id: str = "") -> date | None:
        """The last day of history stored for a video ("" the channel)."""
        query = sa.select(sa.func.max(daily_stats.c.day)).where(
            daily_stats.c.client == client, daily_stats.c.video_id == video_id
        )
        with self._engine.begin() as conn:
            return conn.execute(query).scalar()

    def history_ends(self, client: str) -> dict[str, date]:
        """The last day of history stored for each of the client's videos that has any."""
        query = (
            sa.select(daily_stats.c.video_id, sa.func.max(daily_stats.c.day))
            .where(daily_stats.c.client == client, daily_stats.c.video_id != "")
            .group_by(daily_stats.c.video_id)
        )
        with self._engine.begin() as conn:
            return {video_id: day for video_id, day in conn.execute(query)}

    # -- traffic ------------------------------------------------------------------------------------
    def has_traffic(self, client: str, period_end: date) -> bool:
        query = sa.select(traffic.c.key).where(traffic.c.client == client, traffic.c.period_end == period_end).limit(1)
        with self._engine.begin() as conn:
            return conn.execute(query).first() is not None

    def replace_traffic(self, client: str, period_end: date, rows: Iterable[TrafficRow]) -> None:
        """The window is replaced whole: a search term that dropped out must go."""
        values = [asdict(r) for r in rows]
        with self._engine.begin() as conn:
            conn.execute(traffic.delete().where(traffic.c.client == client, traffic.c.period_end == period_end))
            if values:
                conn.execute(traffic.insert(), values)

    def traffic(self, client: str, until: date | None = None) -> list[TrafficRow]:
        """The latest traffic window of the client ending by `until` (any, without it)."""
        window = sa.select(sa.func.max(traffic.c.period_end)).where(traffic.c.client == client)
        if until is not None:
            window = window.where(traffic.c.period_end <= until)
        with self._engine.begin() as conn:
            end = conn.execute(window).scalar()
            if end is None:
                return []
            rows = conn.execute(
                sa.select(traffic).where(traffic.c.client == client, traffic.c.period_end == end)
            ).mappings()
            return [TrafficRow(**row) for row in rows]


def video_search_terms(window: Iterable[TrafficRow]) -> dict[str, dict[str, int]]:
    """The VIDEO_SEARCH rows of a traffic window: video id -> its search terms -> views."""
    out: dict[str, dict[str, int]] = {}
    for row in window:
        if row.kind == VIDEO_SEARCH:
            video_id, _, term = row.key.partition(" ")
            out.setdefault(video_id, {})[term] = row.views
    return out


def _upsert(conn: Connection, table: sa.Table, rows: list[dict[str, Any]], keys: tuple[str, ...]) -> None:
    """Insert or update by primary key, on SQLite and PostgreSQL alike."""
    dialect = {"sqlite": sqlite, "postgresql": postgresql}[conn.dialect.name]
    stmt = dialect.insert(table)
    stmt = stmt.on_conflict_do_update(
        index_elements=list(keys), set_={c: stmt.excluded[c] for c in rows[0] if c not in keys}
    )
    conn.execute(stmt, rows)


def _chunks(ids: Sequence[str]) -> Iterable[list[str]]:
    for i in range(0, len(ids), _CHUNK):
        yield list(ids[i : i + _CHUNK])
