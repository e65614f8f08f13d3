"""Batches, jobs and their steps: what ran, where, and how it ended.

The job folders hold the truth about what is done (videokit.workflow.jobs); these rows are the
shared, queryable view of it: `batch status`, the Celery executor following its workers, and
anything that lists work in progress.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

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
            if conn.execute(sa.select(batches.c.id).where(batches.c.id == batch.id)).first():
                conn.execute(sa.update(batches).where(batches.c.id == batch.id).values(status="running"))
            else:
                conn.execute(
                    sa.insert(batches).values(
                        id=batch.id, source=batch.source, workflow=batch.workflow, executor=batch.executor
                    )
                )
            for job in members:
                if conn.execute(sa.select(jobs.c.id).where(jobs.c.id == job.id)).first():
                    conn.execute(sa.update(jobs).where(jobs.c.id == job.id).values(batch_id=batch.id))
                else:
                    conn.execute(sa.insert(jobs).values(**_job_values(job), batch_id=batch.id, status="pending"))

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
            updated = conn.execute(sa.update(jobs).where(jobs.c.id == job.id).values(**values)).rowcount
            if not updated:
                conn.execute(sa.insert(jobs).values(**_job_values(job), **values))

    def record_step(
        self, job_id: str, name: str, status: str, *, seconds: float | None = None, error: str | None = None
    ) -> None:
        """A step starts ("running": one more attempt) or ends (done, failed...)."""
        now = _now()
        with self._engine.begin() as conn:
            row = conn.execute(
                sa.select(steps.c.attempts).where(steps.c.job_id == job_id, steps.c.name == name)
            ).first()
            values: dict[str, Any] = {"status": status, "error": error}
            if status == "running":
                values |= {"started_at": now, "attempts": (row.attempts if row else 0) + 1}
            else:
                values |= {"finished_at": now, "seconds": seconds}
            if row:
                conn.execute(sa.update(steps).where(steps.c.job_id == job_id, steps.c.name == name).values(**values))
            else:
                conn.execute(sa.insert(steps).values(job_id=job_id, name=name, **values))

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


def _job_values(job: JobRecord) -> dict[str, Any]:
    return {
        "id": job.id,
        "client": job.client,
        "workflow": job.workflow,
        "source": job.source,
        "source_sha256": job.source_sha256,
        "job_dir": job.job_dir,
    }


def _now() -> datetime:
    return datetime.now(UTC)
