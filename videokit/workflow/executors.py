"""Executors run a planned batch: in threads on this machine, or as Celery tasks on many.

Both run the same steps through `engine.run_job`; only where a step runs differs. The local
executor bounds concurrency per resource with semaphores (settings.workers); the Celery
executor routes each step to the queue named by its resource (`cpu`, `upload`, `io`).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass

from videokit import serial
from videokit.config import WORKERS, Resource, Settings
from videokit.errors import ApprovalRequired, VideokitError
from videokit.store import Store
from videokit.workflow.batch import PlannedJob
from videokit.workflow.engine import EventSink, StepEvent, run_job


class Cancelled(VideokitError):
    exit_code = 130


@dataclass
class Outcome:
    job_id: str
    status: str  # done | deferred | needs-approval | failed | cancelled
    error: str = ""


def run_local(
    settings: Settings, store: Store, batch_id: str, planned: list[PlannedJob], on_event: EventSink | None = None
) -> list[Outcome]:
    """Run every job in threads; one job's failure never stops the others."""
    limits = {**WORKERS, **settings.workers}
    semaphores = {name: threading.BoundedSemaphore(n) for name, n in limits.items()}

    def slot(resource: Resource) -> AbstractContextManager[object]:
        if store.jobs.batch_status(batch_id) == "cancelled":
            raise Cancelled(f"batch {batch_id} was cancelled; 'videokit batch retry {batch_id}' resumes it")
        return semaphores.get(resource) or nullcontext()

    def one(entry: PlannedJob) -> Outcome:
        try:
            result = run_job(
                entry.job, entry.workflow, settings, store, options=entry.options, on_event=on_event, slot=slot
            )
        except Cancelled as exc:
            return Outcome(entry.job.id, "cancelled", str(exc))
        except ApprovalRequired as exc:
            return Outcome(entry.job.id, ApprovalRequired.job_status, str(exc))
        except Exception as exc:  # recorded in the database by the engine; the batch goes on
            return Outcome(entry.job.id, "failed", str(exc) or type(exc).__name__)
        deferred = any("deferred" in str(m.get("summary", {}).get("skipped", "")) for m in result.steps.values())
        return Outcome(entry.job.id, "deferred" if deferred else "done")

    with ThreadPoolExecutor(max_workers=max(1, sum(limits.values()))) as pool:
        return list(pool.map(one, planned))


def run_celery(
    settings: Settings,
    store: Store,
    batch_id: str,
    planned: list[PlannedJob],
    on_event: EventSink | None = None,
    poll: float = 0.5,
) -> list[Outcome]:
    """Submit one chain of step tasks per job and follow them until all end."""
    from celery import chain

    from videokit.workflow.celery_app import app_for, run_step
    from videokit.workflow.registry import get_step

    app_for(settings)
    results = {}
    for entry in planned:
        options = entry.options.model_dump(mode="json")
        tasks = [
            run_step.si(str(settings.home), serial.dump(entry.job), str(entry.workflow.path), spec.name, options).set(
                queue=get_step(spec.name).resource
            )
            for spec in entry.workflow.steps
        ]
        results[entry.job.id] = chain(*tasks).apply_async()
    outcomes: dict[str, Outcome] = {}
    seen: dict[tuple[str, str], str] = {}
    by_id = {e.job.id: e for e in planned}
    while len(outcomes) < len(planned):
        _emit_step_changes(store, by_id, seen, on_event)
        for job_id, result in results.items():
            if job_id in outcomes or not result.ready():
                continue
            if result.failed():
                waiting = isinstance(result.result, ApprovalRequired)
                outcomes[job_id] = Outcome(
                    job_id, ApprovalRequired.job_status if waiting else "failed", str(result.result)
                )
            else:
                deferred = bool(by_id[job_id].options.defer)
                outcomes[job_id] = Outcome(job_id, "deferred" if deferred else "done")
        time.sleep(poll)
    _emit_step_changes(store, by_id, seen, on_event)
    return [outcomes[e.job.id] for e in planned]


def _emit_step_changes(
    store: Store, by_id: dict[str, PlannedJob], seen: dict[tuple[str, str], str], on_event: EventSink | None
) -> None:
    """Workers record step status in the shared database; turn changes into events for the display."""
    if on_event is None:
        return
    for row in store.jobs.steps_of(by_id):
        key = (row.job_id, row.name)
        if seen.get(key) == row.status:
            continue
        seen[key] = row.status
        kind = {"running": "start", "done": "done", "failed": "failed"}.get(row.status)
        if kind:
            on_event(StepEvent(kind, row.name, by_id[row.job_id].job, seconds=row.seconds or 0.0))


Executor = Callable[[Settings, Store, str, list[PlannedJob], EventSink | None], list[Outcome]]
EXECUTORS: dict[str, Executor] = {"local": run_local, "celery": run_celery}
