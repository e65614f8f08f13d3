"""Published videos: the ones videokit uploaded (with the job that made them) and the ones tracking
found on a client's channel. Times are stored in UTC (SQLite's DateTime drops offsets)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from videokit.store.schema import jobs, videos

_CHUNK = 500  # ids per IN (...) query: SQLite's bound-parameter limit


@dataclass(frozen=True)
class VideoRecord:
    video_id: str
    client: str
    channel_id: str
    title: str = ""
    privacy: str = "private"
    requested_privacy: str = "private"
    publish_at: datetime | None = None  # UTC
    published_at: datetime | None = None  # UTC
    keywords: list[str] = field(default_factory=list)  # what the video is about: derived keywords, or its tags
    job_id: str | None = None  # the job that uploaded it; None for a video found on the channel


@dataclass(frozen=True)
class JobFolder:
    """Where the job that published a video keeps its artifacts."""

    job_id: str
    folder: Path


class Videos:
    def __init__(self, engine: Engine):
        self._engine = engine

    def add(self, record: VideoRecord) -> bool:
        """Record a published video unless its id is known already; True if it was added."""
        with self._engine.begin() as conn:
            if conn.execute(sa.select(videos.c.video_id).where(videos.c.video_id == record.video_id)).first():
                return False
            conn.execute(videos.insert().values(_row(record)))
        return True

    def add_many(self, records: Iterable[VideoRecord]) -> None:
        rows = [_row(r) for r in records]
        if rows:
            with self._engine.begin() as conn:
                conn.execute(videos.insert(), rows)

    def for_job(self, job_id: str) -> VideoRecord | None:
        """The video a job uploaded, if any."""
        with self._engine.begin() as conn:
            row = conn.execute(sa.select(videos).where(videos.c.job_id == job_id)).mappings().first()
        return _record(row) if row else None

    def get(self, video_id: str) -> VideoRecord | None:
        with self._engine.begin() as conn:
            row = conn.execute(sa.select(videos).where(videos.c.video_id == video_id)).mappings().first()
        return _record(row) if row else None

    def known(self, ids: Iterable[str]) -> set[str]:
        """The ids among `ids` that are recorded."""
        ids, found = list(ids), set()
        with self._engine.begin() as conn:
            for i in range(0, len(ids), _CHUNK):
                query = sa.select(videos.c.video_id).where(videos.c.video_id.in_(ids[i : i + _CHUNK]))
                found |= set(conn.execute(query).scalars())
        return found

    def published(self, client: str) -> dict[str, datetime]:
        """The client's published videos: id -> publication time (UTC)."""
        query = sa.select(videos.c.video_id, videos.c.published_at).where(
            videos.c.client == client, videos.c.published_at.is_not(None)
        )
        with self._engine.begin() as conn:
            return {r.video_id: utc(r.published_at) for r in conn.execute(query)}

    def of_client(self, client: str) -> list[VideoRecord]:
        """The client's published videos, oldest first."""
        query = sa.select(videos).where(videos.c.client == client, videos.c.published_at.is_not(None))
        with self._engine.begin() as conn:
            return [_record(row) for row in conn.execute(query.order_by(videos.c.published_at)).mappings()]

    def clients_with_published(self) -> set[str]:
        query = sa.select(videos.c.client).where(videos.c.published_at.is_not(None)).distinct()
        with self._engine.begin() as conn:
            return set(conn.execute(query).scalars())

    def scheduled(self, client: str) -> list[datetime]:
        """Publication times (UTC) the client's videos were scheduled for: the posting slots taken."""
        query = sa.select(videos.c.publish_at).where(videos.c.client == client, videos.c.publish_at.is_not(None))
        with self._engine.begin() as conn:
            return [utc(t) for t in conn.execute(query).scalars()]

    def update_listing(self, client: str, listed: Iterable[tuple[str, str, str]]) -> None:
        """Titles and privacy as YouTube lists them now ((video_id, title, privacy)): an edit shows in reports."""
        rows = [{"vid": vid, "new_title": title, "new_privacy": privacy} for vid, title, privacy in listed]
        if not rows:
            return
        update = videos.update().where(videos.c.video_id == sa.bindparam("vid"), videos.c.client == client)
        with self._engine.begin() as conn:
            conn.execute(update.values(title=sa.bindparam("new_title"), privacy=sa.bindparam("new_privacy")), rows)

    def job_folder(self, video_id: str) -> JobFolder | None:
        """The job folder of the job that published `video_id`; None for a video videokit did not publish."""
        query = sa.select(jobs.c.id, jobs.c.job_dir).join(videos, videos.c.job_id == jobs.c.id)
        with self._engine.begin() as conn:
            row = conn.execute(query.where(videos.c.video_id == video_id)).first()
        return JobFolder(row.id, Path(row.job_dir)) if row else None


def _row(record: VideoRecord) -> dict[str, object]:
    return {
        "video_id": record.video_id,
        "job_id": record.job_id,
        "client": record.client,
        "channel_id": record.channel_id,
        "title": record.title,
        "privacy": record.privacy,
        "requested_privacy": record.requested_privacy,
        "publish_at": _stored_time(record.publish_at),
        "published_at": _stored_time(record.published_at),
        "keywords": json.dumps(record.keywords, ensure_ascii=False),
    }


def _record(row: sa.RowMapping) -> VideoRecord:
    return VideoRecord(
        video_id=row["video_id"],
        client=row["client"],
        channel_id=row["channel_id"],
        title=row["title"],
        privacy=row["privacy"],
        requested_privacy=row["requested_privacy"],
        publish_at=utc(row["publish_at"]) if row["publish_at"] else None,
        published_at=utc(row["published_at"]) if row["published_at"] else None,
        keywords=keywords(row["keywords"]),
        job_id=row["job_id"],
    )


def keywords(raw: str | None) -> list[str]:
    """The stored JSON keyword list; anything unreadable counts as none."""
    try:
        value = json.loads(raw) if raw else []
    except json.JSONDecodeError:
        return []
    return [str(k) for k in value if str(k).strip()] if isinstance(value, list) else []


def utc(value: datetime) -> datetime:
    """SQLite hands back naive datetimes: the store writes UTC, so say so."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _stored_time(value: datetime | None) -> datetime | None:
    """UTC throughout: SQLite's DateTime drops offsets, so an aware time is turned to UTC before it is stored."""
    return value.astimezone(UTC) if value is not None and value.tzinfo else value
