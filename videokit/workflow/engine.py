"""Runs a workflow's steps for one job, skipping those already done (see jobs.py for the rule)."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from videokit.config import Settings
from videokit.errors import VideokitError
from videokit.progress import Progress
from videokit.store import Store, open_store
from videokit.workflow import jobs as jobfs
from videokit.workflow.definition import Workflow
from videokit.workflow.jobs import Job
from videokit.workflow.steps import StepContext, get_step


@dataclass
class StepEvent:
    kind: str  # start | progress | done | skipped | failed
    step: str
    job: Job
    done: float = 0.0
    total: float | None = None
    seconds: float = 0.0
    summary: dict[str, Any] = field(default_factory=dict)
    error: str = ""


EventSink = Callable[[StepEvent], None]


@dataclass
class JobResult:
    job: Job
    steps: dict[str, dict[str, Any]]  # name -> marker summary (+ "seconds", "reused")

    def summary(self, step: str) -> dict[str, Any]:
        return self.steps.get(step, {}).get("summary", {})


def _producers(workflow: Workflow) -> dict[str, str]:
    return {out: s.name for s in workflow.steps for out in get_step(s.name).outputs}


def run_job(
    job: Job,
    workflow: Workflow,
    settings: Settings,
    *,
    options: dict[str, Any] | None = None,
    force: frozenset[str] = frozenset(),
    on_event: EventSink | None = None,
    only: str | None = None,
    slot: Callable[[str], AbstractContextManager[object]] | None = None,
) -> JobResult:
    """Run (or resume) every step of `workflow` on `job`.

    `only` runs one step (a Celery task); `slot(resource)` is entered around each step that runs,
    which is how executors bound concurrency per resource (cpu workers, upload slots).
    """
    options = options or {}
    emit = on_event or (lambda event: None)
    store = open_store(settings.database_url)
    client = settings.client(job.client)
    producers = _producers(workflow)
    results: dict[str, dict[str, Any]] = {}
    _record_job(store, job, "running")
    for spec in workflow.steps:
        if only and spec.name != only:
            results[spec.name] = job.marker(spec.name) or {}
            continue
        step = get_step(spec.name)
        params = workflow.params_for(spec.name, client)
        fp_params = {**params, **{k: options.get(k) for k in step.option_keys}}
        params_fp = jobfs.params_fingerprint(fp_params)
        inputs = {name: job.fingerprint(name, producers) for name in step.inputs}
        if spec.name not in force and jobfs.is_done(job, spec.name, inputs, params_fp, step.outputs):
            marker = job.marker(spec.name) or {}
            results[spec.name] = {**marker, "reused": True}
            emit(StepEvent("skipped", spec.name, job, summary=marker.get("summary", {})))
            continue
        skip_reason = workflow.skip_reason(spec, client, options)
        if step.resource == "upload" and options.get("defer"):
            skip_reason = f"deferred ({options['defer']})"
        if skip_reason:
            results[spec.name] = {"summary": {"skipped": skip_reason}, "seconds": 0.0}
            emit(StepEvent("skipped", spec.name, job, summary={"skipped": skip_reason}))
            continue
        emit(StepEvent("start", spec.name, job))
        _record_step(store, job, spec.name, "running")

        def progress(done: float, total: float | None = None, _name: str = spec.name) -> None:
            emit(StepEvent("progress", _name, job, done=done, total=total))

        ctx = StepContext(job, settings, client, params, progress, options)
        try:
            with (slot or _no_slot)(step.resource):
                started = time.monotonic()
                summary = step.run(ctx) or {}
        except Exception as exc:
            _record_step(store, job, spec.name, "failed", error=str(exc))
            _record_job(store, job, "failed", error=f"{spec.name}: {exc}")
            emit(StepEvent("failed", spec.name, job, error=str(exc)))
            raise
        seconds = time.monotonic() - started
        marker = jobfs.mark_done(job, spec.name, inputs, params_fp, step.outputs, summary, seconds)
        _record_step(store, job, spec.name, "done", seconds=seconds)
        results[spec.name] = marker
        emit(StepEvent("done", spec.name, job, seconds=seconds, summary=summary))
    if not only:
        deferred = any("deferred" in str(r.get("summary", {}).get("skipped", "")) for r in results.values())
        _record_job(store, job, "deferred" if deferred else "done")
    return JobResult(job, results)


def _no_slot(resource: str) -> AbstractContextManager[object]:
    return contextlib.nullcontext()


def _now() -> datetime:
    return datetime.now(UTC)


def _record_job(store: Store, job: Job, status: str, error: str | None = None) -> None:
    table = store.table("jobs")
    values = {"status": status, "error": error, "updated_at": _now()}
    with store.begin() as conn:
        updated = conn.execute(sa.update(table).where(table.c.id == job.id).values(**values)).rowcount
        if not updated:
            conn.execute(
                sa.insert(table).values(
                    id=job.id,
                    client=job.client,
                    workflow=job.workflow,
                    source=str(job.source),
                    source_sha256=job.source_sha256,
                    job_dir=str(job.dir),
                    **values,
                )
            )


def _record_step(
    store: Store, job: Job, name: str, status: str, *, seconds: float | None = None, error: str | None = None
) -> None:
    table = store.table("steps")
    now = _now()
    with store.begin() as conn:
        row = conn.execute(sa.select(table.c.attempts).where(table.c.job_id == job.id, table.c.name == name)).first()
        values: dict[str, Any] = {"status": status, "error": error}
        if status == "running":
            values |= {"started_at": now, "attempts": (row.attempts if row else 0) + 1}
        else:
            values |= {"finished_at": now, "seconds": seconds}
        if row:
            conn.execute(sa.update(table).where(table.c.job_id == job.id, table.c.name == name).values(**values))
        else:
            conn.execute(sa.insert(table).values(job_id=job.id, name=name, **values))


__all__ = ["JobResult", "Progress", "StepEvent", "VideokitError", "run_job"]
