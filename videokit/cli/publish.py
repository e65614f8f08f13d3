"""`videokit publish`: one clip, from raw footage to a published video."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import click
from rich.console import Console
from rich.markup import escape
from rich.progress import TaskID

from videokit import serial
from videokit.cli.common import emit_json, json_option, progress_bars, settings_from, store_from
from videokit.errors import InputError
from videokit.workflow.definition import load_workflow
from videokit.workflow.engine import JobResult, StepEvent, run_job
from videokit.workflow.jobs import open_job
from videokit.workflow.steps import RunOptions


@click.command()
@click.argument("clip", type=click.Path(dir_okay=False, path_type=str))
@click.option(
    "--client", "client_name", metavar="NAME", help="Client profile (default: the built-in 'sandbox' client)."
)
@click.option("--language", type=click.Choice(["auto", "fr", "en"]), help="Spoken language (default: the client's).")
@click.option(
    "--privacy",
    type=click.Choice(["private", "unlisted", "public"]),
    help="Privacy after upload (default: the client's).",
)
@click.option(
    "--publish-at",
    metavar="DATETIME",
    help="Schedule: ISO date-time, in the client's time zone unless it has an offset.",
)
@click.option("--dry-run", is_flag=True, help="Everything but the upload.")
@click.option(
    "--override",
    "override_reason",
    metavar="REASON",
    help="Publish despite blocking deontology findings; the reason is recorded.",
)
@click.option(
    "--burn-captions", is_flag=True, help="Burn captions into the picture (a caption track is uploaded anyway)."
)
@click.option(
    "--blur-confirmed",
    is_flag=True,
    help="Blur the on-screen findings confirmed in the job's findings.json (videokit check JOB/findings.json --confirm ID).",
)
@click.option(
    "--force", "force", multiple=True, metavar="STEP", help="Redo STEP even if its artifact is up to date (repeatable)."
)
@click.option(
    "--workflow", "workflow_name", default="publish", show_default=True, help="Workflow from workflows/ to run."
)
@json_option
@click.pass_context
def publish(
    ctx,
    clip,
    client_name,
    language,
    privacy,
    publish_at,
    dry_run,
    override_reason,
    burn_captions,
    blur_confirmed,
    force,
    workflow_name,
    as_json,
):
    """Trim, transcribe, caption, derive title/description/tags/chapters, upload; print the link.

    Rerunning on the same clip resumes at the first missing step; a clip already
    uploaded is reported, not uploaded again. For a client with require_approval, publish
    stops before the upload (exit 9) until 'videokit approve JOB --by NAME' records the
    practitioner's approval of exactly what will be sent.

    \b
    Examples:
      videokit publish consult.mp4
      videokit publish consult.mp4 --client drmartin --privacy unlisted
      videokit publish consult.mp4 --publish-at "2026-12-01 18:00" --json
      videokit publish consult.mp4 --dry-run
      videokit publish consult.mp4 --blur-confirmed   # after confirming on-screen findings
      videokit publish consult.mp4 --client drmartin  # again, after 'videokit approve JOB --by NAME'
    """
    settings = settings_from(ctx)
    client = settings.client(client_name)
    workflow = load_workflow(workflow_name)
    unknown = sorted(set(force) - {step.name for step in workflow.steps})
    if unknown:  # before any work, not after the trim and the transcription
        raise click.BadParameter(
            f"{unknown[0][:40]!r} is not a step of workflow {workflow.name!r} "
            f"({', '.join(step.name for step in workflow.steps)})",
            param_hint="--force",
        )
    options = RunOptions(
        dry_run=dry_run,
        language=language,
        privacy=privacy,
        publish_at=_publish_at(publish_at, client.timezone) if publish_at else None,
        override_reason=override_reason,
        burn_captions=burn_captions,
        blur_confirmed=blur_confirmed,
    )
    job = open_job(settings.jobs_dir, clip, client.name, workflow.name)
    with progress_bars(enabled=not as_json) as bars:
        tasks: dict[str, TaskID] = {}

        def on_event(event: StepEvent) -> None:
            if event.kind == "start":
                tasks[event.step] = bars.add_task(escape(event.step), total=None)
            elif event.kind == "progress" and event.step in tasks:
                bars.update(tasks[event.step], completed=event.done, total=event.total)
            elif event.kind == "done" and event.step in tasks:
                task = bars.tasks[tasks[event.step]]
                bars.update(tasks[event.step], total=task.total or 1, completed=task.total or 1)
            elif event.kind == "skipped":
                reason = event.summary.get("skipped", "up to date")
                bars.add_task(f"{escape(event.step)} [dim]({escape(str(reason))})[/]", total=1, completed=1)

        result = run_job(
            job,
            workflow,
            settings,
            store_from(ctx, settings),
            options=options,
            force=frozenset(force),
            on_event=on_event,
        )
    report = serial.dump(summarize(result))
    if as_json:
        emit_json(report)
    else:
        _print_summary(report)


def _publish_at(text: str, timezone: str) -> datetime:
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        raise InputError(
            f"--publish-at {text!r}: not a date-time; write it like 2026-12-01T18:00 or '2026-12-01 18:00+01:00'"
        ) from None
    if when.tzinfo is None:
        when = when.replace(tzinfo=ZoneInfo(timezone))
    if when <= datetime.now(when.tzinfo):
        raise InputError(f"--publish-at {text!r}: this moment is past; give a future date-time")
    return when


def summarize(result: JobResult) -> dict:
    """The publish outcome (the --json output, and the text summary's source)."""
    from videokit.workflow.artifacts import FINDINGS, METADATA, SHORT_METADATA, Artifacts
    from videokit.workflow.registry import get_step

    job = result.job
    upload = result.summary("upload")
    short = result.summary("short_upload")
    artifacts = Artifacts(job.dir)
    metadata = artifacts.final_metadata() if artifacts.exists(METADATA) else None
    written = dict.fromkeys(name for step in result.steps for name in get_step(step).outputs)
    files = {name: str(job.path(name)) for name in written if job.path(name).exists()}
    return {
        "video_id": upload.get("video_id"),
        "url": upload.get("url"),
        "privacy": upload.get("privacy"),
        "already_uploaded": bool(upload.get("already_uploaded")),
        "locked_private": bool(upload.get("locked_private")),
        "short": {
            **{key: short.get(key) for key in ("video_id", "url", "privacy", "publish_at", "already_uploaded")},
            # the Short's own title, and the full video it leads to
            **(
                {"title": meta.title, "full_video_url": meta.full_video_url}
                if artifacts.exists(SHORT_METADATA) and (meta := artifacts.short_metadata())
                else {}
            ),
        }
        if short
        else None,
        "title": metadata.title if metadata else None,
        "title_candidates": metadata.titles if metadata else [],
        "description": metadata.description if metadata else None,
        "tags": metadata.tags if metadata else [],
        "chapters": metadata.chapters if metadata else [],
        "score": metadata.score if metadata else None,
        "language": result.summary("transcribe").get("language"),
        "captions": {"srt": files.get("captions.srt"), "vtt": files.get("captions.vtt")},
        "findings": result.summary("check"),
        # what the practitioner answers for, one line each (`videokit check JOB/findings.json` has them in full)
        "finding_lines": [
            {"severity": f.severity, "rule_id": f.rule_id, "start": f.start, "reason": f.reason or f.rule, "fix": f.fix}
            for f in (artifacts.findings().findings if artifacts.exists(FINDINGS) else [])
        ],
        "trim": result.summary("trim"),
        "job_dir": str(job.dir),
        "files": files,
        "steps": {
            name: {"seconds": marker.get("seconds", 0.0), "reused": bool(marker.get("reused"))}
            for name, marker in result.steps.items()
        },
    }


def _print_metadata(out: Console, report: dict) -> None:
    """The full video's title, chapters and SEO score."""
    out.print(f"[bold]Title[/]      {escape(report['title'])}")
    if report["chapters"]:
        out.print("[bold]Chapters[/]")
        for chapter in report["chapters"]:
            minutes, seconds = divmod(int(chapter["start"]), 60)
            out.print(f"  {minutes}:{seconds:02d} {escape(chapter['title'])}")
    if report["score"]:
        out.print(f"[bold]SEO score[/]  {report['score']['total']}/100")


def _print_findings(out: Console, report: dict) -> None:
    """The compliance findings, one line each and what to do when the finding says: the practitioner
    signs for them."""
    if not report["findings"]:  # the workflow has no check step
        return
    lines = report["finding_lines"]
    if not lines:
        out.print("[bold]Findings[/]   none")
        return
    blocking = sum(f["severity"] == "block" for f in lines)
    where = escape(f"{report['job_dir']}/findings.json")
    out.print(f"[bold]Findings[/]   {len(lines)}, {blocking} blocking (in full: videokit check {where})")
    for f in lines:
        at = f" {int(f['start']) // 60}:{int(f['start']) % 60:02d}" if f["start"] is not None else ""
        colour = "red" if f["severity"] == "block" else "yellow"
        out.print(f"  [{colour}]{f['severity']}[/]{at} {escape(f['rule_id'])}: {escape(f['reason'])}")
        if f["fix"]:  # what to do about it, where the finding says (the charter's missing items do)
            out.print(f"    fix: {escape(f['fix'])}")


def _print_summary(report: dict) -> None:
    from rich.table import Table

    out = Console(highlight=False, soft_wrap=True)  # paths and URLs stay whole for copy-paste
    out.print()
    if report["url"]:
        note = " [yellow](already uploaded earlier; not uploaded again)[/]" if report["already_uploaded"] else ""
        out.print(f"[bold green]Published[/] {escape(report['url'])}{note}")
        if report["locked_private"]:
            out.print(
                "[yellow]YouTube kept the video private: the API project is unaudited; request an audit to publish publicly.[/]"
            )
    elif report["short"]:
        note = (
            " [yellow](already uploaded earlier; not uploaded again)[/]" if report["short"]["already_uploaded"] else ""
        )
        when = f", goes public {report['short']['publish_at']}" if report["short"]["publish_at"] else ""
        out.print(f"[bold green]Short published[/] {escape(str(report['short']['url']))}{when}{note}")
        if report["short"].get("title"):
            out.print(f"[bold]Title[/]      {escape(report['short']['title'])}")
            out.print(f"[bold]Leads to[/]   {escape(str(report['short']['full_video_url']))}")
    elif "upload" in report["steps"] or "short_upload" in report["steps"]:
        out.print("[bold]Dry run[/]: everything but the upload is ready.")
    else:
        out.print("[bold]Done[/]: this workflow has no upload step.")
    # a Short has no chapters (its title is above); a workflow without SEO (captions-only) has no title
    if (report["url"] or not report["short"]) and report["title"] is not None:
        _print_metadata(out, report)
    _print_findings(out, report)
    out.print(f"[bold]Captions[/]   {escape(str(report['captions']['srt']))}")
    out.print(f"[bold]Job folder[/] {escape(str(report['job_dir']))}")
    shown = [name for name in report["files"] if name.endswith((".mp4", ".jpg", ".png", ".fcpxml"))]
    if shown:
        out.print(f"[bold]Files[/]      {escape(', '.join(shown))}")
    table = Table(title="Time per step", show_edge=False, box=None)
    table.add_column("step")
    table.add_column("seconds", justify="right")
    for name, info in report["steps"].items():
        table.add_row(escape(name), "reused" if info["reused"] else f"{info['seconds']:.1f}")
    out.print(table)
