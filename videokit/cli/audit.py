"""`videokit audit`: score a client's existing channel, repair its metadata, undo a repair."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

import click
from rich.markup import escape

from videokit.cli.common import bar_callback, console, emit_json, json_option, progress_bars, settings_from, store_from
from videokit.youtube.quota import cost


@click.group(invoke_without_command=True)
@click.option(
    "--client", "client_name", metavar="NAME", help="Client profile whose channel is audited (default: 'sandbox')."
)
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    metavar="N",
    help="Audit the N most-viewed videos only (caption listing costs 50 units a video).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["html", "pdf", "json"]),
    default="html",
    show_default=True,
    help="Report format.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Report file (default: audit-CLIENT-DATE.FORMAT here).",
)
@click.option(
    "--lang", type=click.Choice(["fr", "en"]), help="Report language (default: the client's; French when 'auto')."
)
@json_option
@click.pass_context
def audit(ctx, client_name, limit, fmt, output, lang, as_json):
    """Audit every upload of a client's channel: captions, chapters, titles, descriptions,
    tags, deontology, search traffic; fixes ranked by expected value.

    The quota the audit needs is printed (and checked) before the audit starts.

    \b
    Examples:
      videokit audit --client drmartin
      videokit audit --client drmartin --limit 40 --format pdf -o audit.pdf
      videokit audit fix --client drmartin --dry-run
      videokit audit undo 12
    """
    if ctx.invoked_subcommand:
        return
    from videokit.audit.audit import run_audit
    from videokit.audit.report import write_report
    from videokit.reports.report import report_language

    settings = settings_from(ctx)
    profile = settings.client(client_name)
    language = report_language(settings, profile.name, lang)
    target = output or Path(f"audit-{profile.name}-{datetime.now(UTC):%Y-%m-%d}.{fmt}")
    with progress_bars(enabled=not as_json) as bars:
        result = run_audit(
            settings,
            store_from(ctx, settings),
            profile.name,
            limit=limit,
            on_plan=_print_plan,
            progress=bar_callback(bars, "audit"),
        )
    path = write_report(result, target, fmt, profile.display_name or profile.name, language, settings.reports)
    summary = {
        "client": profile.name,
        "report": str(path),
        "format": fmt,
        "videos": result.summary.videos,
        "audited": len(result.videos),
        "average_score": result.summary.average_score,
        "defects": result.summary.defect_counts,
        "quota": {"calls": result.quota.calls, "units": result.quota.units},
        "top_repairs": result.repairs[:10],
    }
    if as_json:
        emit_json(summary)
        return
    if result.summary.videos:
        click.echo(
            f"{len(result.videos)} of {result.summary.videos} videos audited, average SEO score {result.summary.average_score:.0f}/100"
        )
    else:
        click.echo("the channel has no video to audit yet")
    for code, count in result.summary.defect_counts.items():
        click.echo(f"  {code:<22} {count} video(s)")
    click.echo(f"report: {path}")


@audit.command("fix")
@click.option("--client", "client_name", metavar="NAME", help="Client profile (default: 'sandbox').")
@click.option(
    "--video",
    "video_ids",
    multiple=True,
    metavar="ID",
    help="Video to repair (repeatable; default: every video with a defect).",
)
@click.option(
    "--only",
    metavar="FIELDS",
    help="Comma list of chapters,description,tags,title (default: chapters,description,tags; titles only when named).",
)
@click.option("--dry-run", is_flag=True, help="Show the before/after diff; change nothing on YouTube.")
@json_option
@click.pass_context
def fix(ctx, client_name, video_ids, only, dry_run, as_json):
    """Derive new metadata from the best transcript and apply it, recording every change.

    Only fields with a defect change. Each change gets an id for 'videokit audit undo'.

    \b
    Examples:
      videokit audit fix --client drmartin --dry-run
      videokit audit fix --client drmartin --video dQw4w9WgXcQ --only chapters
      videokit audit fix --client drmartin --only title,description
    """
    from videokit.audit.fix import fix_videos, parse_fields

    settings = settings_from(ctx)
    profile = settings.client(client_name)
    fields = parse_fields(only)

    def on_plan(plan) -> None:
        _print_units("audit fix", plan.plan, plan.units)

    with progress_bars(enabled=not as_json) as bars:
        result = fix_videos(
            settings, store_from(ctx, settings), profile, list(video_ids), fields, dry_run=dry_run, options=settings.audit, on_plan=on_plan,
            progress=bar_callback(bars, "fix"),
        )  # fmt: skip
    if as_json:
        emit_json(result)
        return
    for f in result.fixes:
        if not f.changes:
            if video_ids or f.repairs:
                click.echo(f"{f.video_id}  {f.title}\n  unchanged: {f.skipped}")
            continue
        head = f"change {f.change_id}" if f.change_id else "dry run"
        click.echo(
            click.style(f"{f.video_id}  {f.title}  ({head}; from {f.source.kind if f.source else '?'})", bold=True)
        )
        for change in f.changes:
            click.echo(_diff(change.field, change.before, change.after))
        if f.skipped:
            click.echo(f"  note: {f.skipped}")
    changed = [f for f in result.fixes if f.changes]
    verb = "would change" if dry_run else "changed"
    click.echo(
        f"{verb} {len(changed)} video(s)"
        + ("" if dry_run or not changed else "; undo one with 'videokit audit undo CHANGE_ID'")
    )


@audit.command("undo")
@click.argument("change_id", type=click.IntRange(1, 2**63 - 1))
@click.option("--force", is_flag=True, help="Restore even if the video was edited after the change.")
@json_option
@click.pass_context
def undo(ctx, change_id, force, as_json):
    """Restore a video's metadata exactly as it was before change CHANGE_ID.

    \b
    Examples:
      videokit audit undo 12
      videokit audit changes --client drmartin     # find the id
    """
    from videokit.audit.fix import undo_change

    settings = settings_from(ctx)
    record = undo_change(settings, store_from(ctx, settings), change_id, force=force)
    if as_json:
        emit_json(record)
    else:
        click.echo(f"change {record.id} undone: video {record.video_id} has its {', '.join(record.fields)} back")


@audit.command("changes")
@click.option("--client", "client_name", metavar="NAME", help="Client profile (default: 'sandbox').")
@json_option
@click.pass_context
def changes(ctx, client_name, as_json):
    """List the metadata changes 'audit fix' made, newest last.

    \b
    Example:
      videokit audit changes --client drmartin
    """
    settings = settings_from(ctx)
    records = store_from(ctx, settings).changes.of_client(settings.client(client_name).name)
    if as_json:
        emit_json({"changes": records})
        return
    for r in records:
        state = f"undone {r.undone_at:%Y-%m-%d %H:%M}" if r.undone_at else "applied"
        click.echo(f"{r.id:>5}  {r.video_id}  {','.join(r.fields):<28} {state}  {r.before.get('title', '')}")


def _print_plan(plan) -> None:
    _print_units(
        f"audit of {plan.channel_title or plan.channel_id} ({plan.audited} of {plan.video_count} videos)",
        plan.calls,
        plan.units,
        plan.remaining,
    )


def _print_units(
    what: str, calls: dict[str, int], units: dict[str, int], remaining: dict[str, int] | None = None
) -> None:
    """The quota estimate, per bucket and per call, on stderr (stdout stays for results)."""
    console.print(f"[bold]Quota estimate[/] for {escape(what)}:")
    if not calls:
        console.print("  no call to make")
    for method, n in calls.items():
        bucket, each = cost(method)
        console.print(f"  {method:<20} {n:>5} call(s) x {each:>3} = {n * each:>6} units ({bucket})")
    for bucket, total in units.items():
        left = f", {remaining[bucket]} left today" if remaining and bucket in remaining else ""
        console.print(f"  [bold]{bucket}: {total} units[/]{left}")


def _diff(field: str, before, after) -> str:
    """A coloured before/after: a line diff for descriptions, old and new values otherwise."""
    if (
        isinstance(before, str)
        and isinstance(after, str)
        and ("\n" in before or "\n" in after or field == "description")
    ):
        lines: Iterable[str] = difflib.unified_diff(
            before.splitlines(), after.splitlines(), f"{field} (before)", f"{field} (after)", lineterm="", n=1
        )
    else:
        lines = [f"--- {field} (before)", f"+++ {field} (after)", f"-{_value(before)}", f"+{_value(after)}"]
    colour = {"+": "green", "-": "red", "@": "cyan"}
    return "\n".join(
        click.style("  " + line, fg=colour.get(line[:1]) if not line.startswith(("---", "+++")) else None)
        for line in lines
    )


def _value(value) -> str:
    if value is None:
        return "(none)"
    return ", ".join(value) if isinstance(value, list) else str(value)
