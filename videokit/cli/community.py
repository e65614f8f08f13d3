"""`videokit comments` (triage under medical rules) and `videokit social` (the cross-posting kit)."""

from __future__ import annotations

import sys
from datetime import datetime
from zoneinfo import ZoneInfo

import click

from videokit.cli.common import bar_callback, console, emit_json, json_option, progress_bars, settings_from, store_from
from videokit.errors import InputError

_KIND_LABELS = {  # (one, several)
    "advice_request": ("advice request", "advice requests"),
    "disclosure": ("disclosure", "disclosures"),
    "spam": ("spam", "spam"),
    "question": ("question", "questions"),
    "praise": ("praise", "praise"),
    "other": ("other", "other"),
    "unsupported_language": ("other language", "other language"),
}


@click.command()
@click.option(
    "--client", "client_name", metavar="NAME", help="Client whose channel is read (default: the default one)."
)
@click.option(
    "--since",
    type=click.DateTime(["%Y-%m-%d"]),
    help="Only comments written on or after this day (client's time zone); default: every thread.",
)
@click.option(
    "--apply",
    is_flag=True,
    help="Hold the risky comments (if the client allows it) and post the suggested replies; without it nothing is sent.",
)
@json_option
@click.pass_context
def comments(ctx: click.Context, client_name: str | None, since: datetime | None, apply: bool, as_json: bool) -> None:
    """Triage the channel's comment threads under medical rules.

    Each comment is an advice request, a disclosure of health data or identity, spam, an
    ordinary question or praise. Advice requests and disclosures get a suggested reply (no
    advice, an invitation to consult, never the disclosed data again); disclosures and spam are
    held for review when the client's profile sets hold_comments = true. Reading costs 1 quota
    unit per 100 threads; with --apply, holding costs 50 units per 50 comments and each reply 50.

    \b
    Examples:
      videokit comments --client drmartin                      # report and suggestions only
      videokit comments --client drmartin --since 2026-11-01 --json
      videokit comments --client drmartin --apply              # hold and reply
    """
    from videokit.community.triage import triage_comments

    settings = settings_from(ctx)
    client = settings.client(client_name)
    start = since.replace(tzinfo=ZoneInfo(client.timezone)) if since else None
    if start and start > datetime.now(start.tzinfo):
        raise InputError(f"--since {since:%Y-%m-%d}: this day is in the future; give a past day (YYYY-MM-DD)")
    with progress_bars(enabled=not as_json and sys.stderr.isatty()) as bars:
        result = triage_comments(
            settings, store_from(ctx, settings), client.name, start, apply, bar_callback(bars, "comments")
        )
    if as_json:
        emit_json(result)
        return
    if not result.comments:
        click.echo(f"{result.client}: no comment threads" + (f" since {since:%Y-%m-%d}" if since else ""))
    for video in result.videos:
        counts = ", ".join(f"{n} {_KIND_LABELS[k][n != 1]}" for k, n in video.counts.items())
        console.print(f"[bold]{video.title or video.video_id}[/] ({video.video_id}): {counts}")
    for c in result.comments:
        if c.kind in ("praise", "question", "other"):
            continue
        what = {"hold": "held" if c.done else "to hold", "reply": "replied" if c.done else "reply suggested"}.get(
            c.action, c.action
        )
        console.print(f"- [yellow]{_KIND_LABELS[c.kind][0]}[/] ({what}) {c.author}: {c.text[:90]}")
        for reason in c.reasons:
            console.print(f"    {reason}", markup=False)
        if c.suggested_reply:
            console.print(f"    suggested reply: {c.suggested_reply}", markup=False)
    if not result.hold_allowed and any(c.kind in ("disclosure", "spam") for c in result.comments):
        click.echo("note: risky comments are not held: set hold_comments = true in the client's profile to allow it")
    if not apply:
        click.echo("nothing was sent to YouTube; run again with --apply to hold and reply")
    click.echo(f"quota: {result.quota_units} units")


@click.command()
@click.argument("job")
@json_option
@click.pass_context
def social(ctx: click.Context, job: str, as_json: bool) -> None:
    """Write the cross-posting kit of a published video: LinkedIn, Facebook and X.

    JOB is the job id or the job folder 'videokit publish' printed. One post per network within its length
    limit, the video link with utm_source=linkedin|facebook|x, hashtags as each network uses
    them, 1:1 and 4:5 stills from the thumbnail, the compliance check of the posts, a Hootsuite
    bulk-composer CSV per network and an iCalendar (.ics) of the planned dates. Nothing is posted.

    \b
    Examples:
      videokit social drmartin-1a2b3c4d5e6f7a8b-publish
      videokit social ~/.local/share/videokit/jobs/drmartin/consult-3f2a1b9c0d4e-publish --json
    """
    from videokit.community.social import build_social_kit
    from videokit.workflow.jobs import find_job

    settings = settings_from(ctx)
    record = find_job(store_from(ctx, settings).jobs, job)
    kit = build_social_kit(record.dir, settings.client(record.client))
    if as_json:
        emit_json(kit)
        return
    for post in kit.posts:
        console.print(f"[bold]{post.network}[/] ({post.length}/{post.limit}, {post.planned_at:%Y-%m-%d %H:%M} UTC)")
        console.print(post.text, markup=False)
    for note in kit.notes:
        click.echo(f"note: {note}")
    click.echo(f"files in {record.dir}: {', '.join([p.file for p in kit.posts] + list(kit.stills.values()))}")
    click.echo(f"Hootsuite bulk CSV: {', '.join(kit.scheduler_files)}; calendar: {kit.calendar}")
