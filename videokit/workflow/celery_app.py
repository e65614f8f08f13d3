"""Scale-out on Celery: one task runs one step of one job folder on a shared path.

Redis is the broker, PostgreSQL the shared state (`database_url`), the jobs folder a shared
path configured once. Quota is enforced through the database ledger, never per worker.

    videokit worker --queues cpu,upload
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from celery import Celery

from videokit.config import Settings, load_settings

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


@app.task(name="videokit.run_step")
def run_step(home: str, job: dict[str, Any], workflow_path: str, step: str, options: dict[str, Any]) -> dict[str, Any]:
    from videokit.workflow.definition import load_workflow
    from videokit.workflow.engine import run_job
    from videokit.workflow.jobs import Job

    settings = load_settings(Path(home))
    job_obj = Job(**{**job, "dir": Path(job["dir"]), "source": Path(job["source"])})
    result = run_job(job_obj, load_workflow(workflow_path), settings, options=options, only=step)
    return result.summary(step)


@app.task(name="videokit.track_all", queue="io")
def track_all_task(home: str) -> dict[str, Any]:
    from videokit.reports.tracking import track_all

    return {"clients": [result.to_dict() for result in track_all(load_settings(Path(home)))]}
