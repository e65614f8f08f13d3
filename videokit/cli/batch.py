"""`videokit batch run|status|retry|cancel` and `videokit worker`: many clips, many clients."""

from __future__ import annotations

import os
from pathlib import Path

import click
from rich.progress import TaskID

from videokit import serial
from videokit.cli.common import emit_json, json_option, progress_bars, settings_from, store_from
from videokit.errors import ApprovalRequired
from videokit.workflow.artifacts import Artifacts
from videokit.workflow.batch import plan, read_items
from videokit.workflow.engine import StepEvent
from videokit.workflow.executors import EXECUTORS, Outcome


@click.group()
def batch() -> None:
    """Run a folder or CSV manifest of clips for many clients, resumable after any crash.

    \b
    Manifest columns: clip (relative to the manifest), client, workflow, language, privacy, publish_at.
    Examples:
      videokit batch run monday/ --client drmartin
      videokit batch run monday.csv --json
      videokit batch run monday.csv --executor celery     # with 'videokit worker' running
      videokit batch status
    """


@batch.command("run")
@click.argument("source", type=click.Path(path_type=Path))
@click.option("--client", "client_name", metavar="NAME", help="Client for a folder, or for manifest rows without one.")
@click.option("--workflow", default="publish", show_default=True, help="Workflow for rows without one.")
@click.option("--executor", type=click.Choice(sorted(EXECUTORS)), default="local", show_default=True)
@click.option("--dry-run", is_flag=True, help="Everything but the uploads.")
@json_option
@click.pass_context
def run(ctx, source, client_name, workflow, executor, dry_run, as_json):
    """Run (or resume) a batch. Killing it at any instant and running the same command again
    finishes the remaining work, never redoes a finished step, never uploads a clip twice.
    Jobs of clients with require_approval wait before their upload (status needs-approval,
    exit 9 when nothing else is left): 'videokit approvals --client NAME' lists them.

    \b
    Examples:
      videokit batch run monday/ --client drmartin
      videokit batch run monday.csv --dry-run --json
    """
    settings = settings_from(ctx)
    store = store_from(ctx, settings)
    items = read_items(source, settings, client_name, workflow)
    batch_id, planned = plan(settings, store, source, items, executor, dry_run=dry_run)
    store.jobs.set_batch_status(batch_id, "running")
    with progress_bars(enabled=not as_json) as bars:
        tasks: dict[tuple[str, str], TaskID] = {}

        def on_event(event: StepEvent) -> None:
            key = (event.job.id, event.step)
            label = f"{event.job.source.name[:24]} {event.step}"
            if event.kind == "start" and key not in tasks:
                tasks[key] = bars.add_task(label, total=None)
            elif event.kind == "progress" and key in tasks:
                bars.update(tasks[key], completed=event.done, total=event.total)
            elif event.kind == "done" and key in tasks:
                bars.update(tasks[key], total=1, completed=1)
            elif event.kind == "failed" and key in tasks:
                bars.update(tasks[key], description=f"[red]{label} failed[/]")

        outcomes = EXECUTORS[executor](settings, store, batch_id, planned, on_event)
    status = "done" if all(o.status in ("done", "deferred") for o in outcomes) else "failed"
    if all(o.status in ("done", "deferred", ApprovalRequired.job_status) for o in outcomes) and status != "done":
        status = ApprovalRequired.job_status  # the uploads wait for the practitioner's sign-off (videokit approve)
    if any(o.status == "cancelled" for o in outcomes):
        status = "cancelled"
    store.jobs.set_batch_status(batch_id, status)
    _report(batch_id, status, planned, outcomes, as_json)
    if status == ApprovalRequired.job_status:
        ctx.exit(ApprovalRequired.exit_code)
    if status != "done":
        ctx.exit(1)


@batch.command("status")
@click.argument("batch_id", required=False)
@json_option
@click.pass_context
def status(ctx, batch_id, as_json):
    """List batches, or the jobs and steps of one.  Example: videokit batch status 3f2a9c1d0b7e4a55"""
    store = store_from(ctx, settings_from(ctx))
    if not batch_id:
        batches = store.jobs.batches()
        if as_json:
            emit_json({"batches": batches})
            return
        for b in batches:
            click.echo(f"{b.id}  {b.status:<10} {b.executor:<7} {b.source}")
        return
    members = store.jobs.jobs_of(batch_id)
    steps: dict[str, dict[str, str]] = {job.id: {} for job in members}
    for row in store.jobs.steps_of(steps):
        steps[row.job_id][row.name] = row.status
    if as_json:
        emit_json({"batch": batch_id, "jobs": [{**serial.dump(job), "steps": steps[job.id]} for job in members]})
        return
    for job in members:
        done = sum(1 for s in steps[job.id].values() if s == "done")
        click.echo(
            f"{job.status:<9} {done:>2} steps done  {Path(job.source).name}  ({job.client})"
            + (f"  {job.error}" if job.error else "")
        )


@batch.command("retry")
@click.argument("batch_id")
@click.option("--executor", type=click.Choice(sorted(EXECUTORS)), default=None)
@json_option
@click.pass_context
def retry(ctx, batch_id, executor, as_json):
    """Run a batch again from where it stopped (failed, cancelled or interrupted jobs).

    \b
    Example:
      videokit batch retry 3f2a9c1d0b7e4a55
    """
    record = store_from(ctx, settings_from(ctx)).jobs.batch(batch_id)
    if record is None:
        raise click.BadParameter(f"no batch {batch_id}; 'videokit batch status' lists them", param_hint="BATCH_ID")
    ctx.invoke(
        run,
        source=Path(record.source),
        client_name=None,
        workflow=record.workflow,
        executor=executor or record.executor,
        dry_run=False,
        as_json=as_json,
    )


@batch.command("cancel")
@click.argument("batch_id")
@click.pass_context
def cancel(ctx, batch_id):
    """Stop a running batch after the steps under way; 'retry' resumes it.

    \b
    Example:
      videokit batch cancel 3f2a9c1d0b7e4a55
    """
    store_from(ctx, settings_from(ctx)).jobs.set_batch_status(batch_id, "cancelled")
    click.echo(f"batch {batch_id}: cancelled; running steps finish, no new step starts")


def _report(batch_id: str, status: str, planned, outcomes: list[Outcome], as_json: bool) -> None:
    rows = []
    for entry, outcome in zip(planned, outcomes):
        upload = Artifacts(entry.job.dir).upload()
        rows.append(
            {
                "clip": str(entry.job.source),
                "client": entry.job.client,
                "status": outcome.status,
                "error": outcome.error,
                "video_id": upload.video_id if upload else None,
                "url": upload.url if upload else None,
                "publish_at": entry.options.publish_at,
                "deferred": entry.options.defer,
                "job_dir": str(entry.job.dir),
            }
        )
    if as_json:
        emit_json({"batch": batch_id, "status": status, "jobs": rows})
        return
    for row in rows:
        line = f"{row['status']:<9} {Path(row['clip']).name:<32} {row['client']:<12} {row['url'] or ''}"
        if row["error"]:
            line += f"  {row['error']}"
        elif row["deferred"]:
            line += f"  {row['deferred']}"
        click.echo(line)
    click.echo(f"batch {batch_id}: {status}")


@click.command()
@click.option("--queues", default="cpu,upload,io", show_default=True, help="Queues to take work from.")
@click.option("--concurrency", type=int, default=None, help="Processes (default: settings.workers for the queues).")
@click.option("--name", default="videokit@%h", show_default=True, help="Worker node name (unique per machine).")
@click.option("--beat", is_flag=True, help="Also run the periodic tracking (one worker of the deployment only).")
@click.pass_context
def worker(ctx, queues, concurrency, name, beat):
    """Run a Celery worker for `batch run --executor celery`.

    \b
    Examples:
      videokit worker --queues cpu          # a media/transcription machine
      videokit worker --queues upload       # an upload box
      videokit worker --queues io --beat    # tracking every celery.track_every_hours
    """
    from videokit.workflow.celery_app import app_for

    settings = settings_from(ctx)
    os.environ.setdefault("VIDEOKIT_HOME", str(settings.home))
    names = [q.strip() for q in queues.split(",") if q.strip()]
    count = concurrency or max(1, sum(settings.workers.get(q, 1) for q in names))
    argv = [
        "worker",
        "-Q",
        ",".join(names),
        "-c",
        str(count),
        "-n",
        name,
        "--loglevel",
        "INFO",
        "--without-gossip",
        "--without-mingle",
    ]
    if beat:
        argv += ["--beat", "--schedule", str(settings.home / "celerybeat-schedule")]
    app_for(settings).worker_main(argv)
