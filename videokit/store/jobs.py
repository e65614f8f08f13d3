"""Batches, jobs and their steps: what ran, where, and how it ended.

The job folders hold the truth about what is done (videokit.workflow.jobs); these rows are the
shared, queryable view of it: `batch status`, the Celery executor following its workers, and
anything that lists work in progress.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine

from videokit.store.schema import batches, jobs, steps


@dataclass(frozen=True)
class JobRecord:
    id: str
    client: str
    workflow: str
    source: str
    source_sha256: str
    job_dir: str
    status: str = "pending"
    error: str | None = None
    batch_id: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None


@dataclass(frozen=True)
class StepRecord:
    job_id: str
    name: str
    status: str  # pending | running | done | skipped | failed
    attempts: int = 0
    started_at: datetime | None = None
    finished_at: datetime | None = None
    seconds: float | None = None
    error: str | None = None


@dataclass(frozen=True)
class BatchRecord:
    id: str
    source: str
    workflow: str
    executor: str = "local"
    status: str = "running"
    created_at: datetime | None = None


class Jobs:
    def __init__(self, engine: Engine):
        self._engine = engine

    # -- batches ------------------------------------------------------------------------------------
    def record_batch(self, batch: BatchRecord, members: Iterable[JobRecord]) -> None:
        """Create the batch (or mark it running again) and attach its jobs, creating the new ones."""
        with self._engine.begin() as conn:
            _upsert(
                conn,
                batches,
                {"id": batch.id},
                {"source": batch.source, "workflow": batch.workflow, "executor": batch.executor},
                {"status": "running"},
            )
            for job in members:
                _upsert(conn, jobs, {"id": job.id}, {**_job_values(job), "status": "pending"}, {"batch_id": batch.id})

    def batch(self, batch_id: str) -> BatchRecord | None:
        with self._engine.begin() as conn:
            row = conn.execute(sa.select(batches).where(batches.c.id == batch_id)).mappings().first()
        return BatchRecord(**row) if row else None

    def batches(self) -> list[BatchRecord]:
        """Every batch, newest first."""
        with self._engine.begin() as conn:
            rows = conn.execute(sa.select(batches).order_by(batches.c.created_at.desc())).mappings().all()
        return [BatchRecord(**row) for row in rows]

    def batch_status(self, batch_id: str) -> str:
        with self._engine.begin() as conn:
            return conn.execute(sa.select(batches.c.status).where(batches.c.id == batch_id)).scalar() or "unknown"

    def set_batch_status(self, batch_id: str, status: str) -> None:
        with self._engine.begin() as conn:
            conn.execute(sa.update(batches).where(batches.c.id == batch_id).values(status=status))

    def jobs_of(self, batch_id: str) -> list[JobRecord]:
        with self._engine.begin() as conn:
            rows = conn.execute(sa.select(jobs).where(jobs.c.batch_id == batch_id)).mappings().all()
        return [JobRecord(**row) for row in rows]

    # -- jobs and steps -----------------------------------------------------------------------------
    def record_job(self, job: JobRecord, status: str, error: str | None = None) -> None:
        """Set a job's status, creating its row if a run outside any batch (`publish`) meets it first."""
        values = {"status": status, "error": error, "updated_at": _now()}
        with self._engine.begin() as conn:
            _upsert(conn, jobs, {"id": job.id}, _job_values(job), values)

    def record_step(
        self, job_id: str, name: str, status: str, *, seconds: float | None = None, error: str | None = None
    ) -> None:
        """A step starts ("running": one more attempt) or ends (done, failed...)."""
        now = _now()
        values: dict[str, Any] = {"status": status, "error": error}
        if status == "running":
            values |= {"started_at": now}
            first, more = {"attempts": 1}, {"attempts": steps.c.attempts + 1}
        else:
            values |= {"finished_at": now, "seconds": seconds}
            first, more = {}, {}
        with self._engine.begin() as conn:  # one statement: two runs meeting on a step never collide
            _upsert(conn, steps, {"job_id": job_id, "name": name}, first, {**values, **more})

    @contextlib.contextmanager
    def exclusive(self, job_id: str) -> Iterator[None]:
        """Hold the job across machines: PostgreSQL's advisory lock, released at the end (or when the
        process dies and its connection closes). SQLite is one machine: the job folder's file lock serves."""
        if self._engine.dialect.name != "postgresql":
            yield
            return
        key = int.from_bytes(hashlib.sha256(job_id.encode()).digest()[:8], "big", signed=True)
        with self._engine.connect() as conn:
            conn.execute(sa.text("SELECT pg_advisory_lock(:key)"), {"key": key})
            conn.commit()
            try:
                yield
            finally:
                conn.execute(sa.text("SELECT pg_advisory_unlock(:key)"), {"key": key})
                conn.commit()

    def job(self, job_id: str) -> JobRecord | None:
        with self._engine.begin() as conn:
            row = conn.execute(sa.select(jobs).where(jobs.c.id == job_id)).mappings().first()
        return JobRecord(**row) if row else None

    def of_client(self, client: str, status: str | None = None) -> list[JobRecord]:
        """The client's jobs (with that status, when given), most recently updated first."""
        query = sa.select(jobs).where(jobs.c.client == client)
        if status:
            query = query.where(jobs.c.status == status)
        with self._engine.begin() as conn:
            rows = conn.execute(query.order_by(jobs.c.updated_at.desc())).mappings().all()
        return [JobRecord(**row) for row in rows]

    def steps_of(self, job_ids: Iterable[str]) -> list[StepRecord]:
        with self._engine.begin() as conn:
            rows = conn.execute(sa.select(steps).where(steps.c.job_id.in_(list(job_ids)))).mappings().all()
        return [StepRecord(**row) for row in rows]


def _upsert(
    conn: Connection, table: sa.Table, key: dict[str, Any], insert_only: dict[str, Any], values: dict[str, Any]
) -> None:
    """Insert the row, or update `values` on the row with `key`, in one statement (no read-then-write race)."""
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    stmt = dialect.insert(table).values(
        **key, **insert_only, **{k: v for k, v in values.items() if not isinstance(v, sa.ColumnElement)}
    )
    conn.execute(stmt.on_conflict_do_update(index_elements=list(key), set_=values))


def _job_values(job: JobRecord) -> dict[str, Any]:
    """The row's columns other than its key."""
    return {
        "client": job.client,
        "workflow": job.workflow,
        "source": job.source,
        "source_sha256": job.source_sha256,
        "job_dir": job.job_dir,
    }


def _now() -> datetime:
    return datetime.now(UTC)
