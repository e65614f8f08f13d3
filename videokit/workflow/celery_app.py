"""Scale-out on Celery: one task runs one step of one job folder on a shared path.

Redis is the broker, PostgreSQL the shared state (`database_url`), the jobs folder a shared
path configured once. Quota is enforced through the database ledger, never per worker. Each
worker process opens the store once and keeps it (the tasks share its connection pool).

    videokit worker --queues cpu,upload
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

from celery import Celery

from videokit import serial
from videokit.config import Settings, load_settings
from videokit.store import Store, open_store

app = Celery("videokit")
app.conf.update(
    task_acks_late=True,  # a worker killed mid-step gives the task back; the step's marker decides what reruns
    task_reject_on_worker_lost=True,
    worker_prefetch_multiplier=1,
    task_serializer="json",
    result_serializer="json",
    accept_content=["json"],
    broker_connection_retry_on_startup=True,
)
_stores: dict[tuple[int, str], Store] = {}
_stores_lock = threading.Lock()


def app_for(settings: Settings) -> Celery:
    app.conf.broker_url = settings.celery.broker_url
    app.conf.result_backend = settings.celery.result_backend
    # `videokit worker --beat` runs tracking on this schedule, like `videokit track --every`.
    app.conf.beat_schedule = {
        "track-views": {
            "task": "videokit.track_all",
            "schedule": settings.celery.track_every_hours * 3600,
            "args": [str(settings.home)],
        }
    }
    return app


def worker_store(settings: Settings) -> Store:
    """This worker process's store (a forked process opens its own: connections do not cross a fork)."""
    key = (os.getpid(), settings.database_url)
    with _stores_lock:
        if key not in _stores:
            _stores[key] = open_store(settings.database_url)
        return _stores[key]


@app.task(name="videokit.run_step")
def run_step(home: str, job: dict[str, Any], workflow_path: str, step: str, options: dict[str, Any]) -> dict[str, Any]:
    from videokit.workflow.definition import load_workflow
    from videokit.workflow.engine import run_job
    from videokit.workflow.jobs import Job
    from videokit.workflow.steps import RunOptions

    settings = load_settings(Path(home))
    result = run_job(
        serial.load(Job, job),
        load_workflow(workflow_path),
        settings,
        worker_store(settings),
        options=RunOptions.model_validate(options),
        only=step,
    )
    return result.summary(step)


@app.task(name="videokit.track_all", queue="io")
def track_all_task(home: str) -> dict[str, Any]:
    from videokit.reports.tracking import track_all

    settings = load_settings(Path(home))
    return {"clients": serial.dump(track_all(settings, worker_store(settings)))}
