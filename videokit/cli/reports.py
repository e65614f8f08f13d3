"""`videokit track` and `videokit report`: views over time and the client report."""

from __future__ import annotations

import contextlib
import re
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import click
from rich.markup import escape

from videokit.cli.common import bar_callback, console, emit_json, json_option, progress_bars, settings_from, store_from

_SPAN = re.compile(r"^(\d+)\s*([mhdw]?)$")
_LONGEST = timedelta(days=3650)
_UNITS = {"m": timedelta(minutes=1), "h": timedelta(hours=1), "d": timedelta(days=1), "w": timedelta(weeks=1)}


def parse_span(text: str, default_unit: str = "d") -> timedelta:
    """'6h', '30m', '30d', '4w' (a bare number takes `default_unit`)."""
    match = _SPAN.match(text.strip().lower())
    if not match or int(match.group(1)) == 0:
        raise click.BadParameter(f"{text[:40]!r}: give a duration like 30m, 6h, 30d or 4w")
    span = _UNITS[match.group(2) or default_unit] * min(int(match.group(1)), 10**7)  # no overflow past the cap
    if span > _LONGEST:
        raise click.BadParameter(f"{text[:40]!r}: at most {_LONGEST.days} days (10 years)")
    return span


@click.command()
@click.option(
    "--client",
    "clients",
    metavar="NAME",
    multiple=True,
    help="Client to track (repeatable; default: every client with videos or credentials).",
)
@click.option("--every", metavar="SPAN", help="Keep running, one pass every SPAN (e.g. 6h); Ctrl-C stops.")
@click.option(
    "--discover",
    is_flag=True,
    help="Also list the channel's uploads (1 unit per 50) to find videos published outside videokit.",
)
@json_option
@click.pass_context
def track(ctx: click.Context, clients: tuple[str, ...], every: str | None, discover: bool, as_json: bool) -> None:
    """Snapshot views, likes and comments of every published video and fetch daily history.

    One pass costs 1 quota unit per 50 videos (videos.list); daily views, watch time,
    subscribers, traffic sources and search terms come from the Analytics API (no units).
    Safe to run from cron: running twice stores nothing twice.

    \b
    Examples:
      videokit track                         # every client, one pass
      videokit track --client drmartin --json
      videokit track --every 6h              # keep tracking; or from cron: 0 */6 * * * videokit track
    """
    from videokit.reports.tracking import track_all, track_forever

    settings = settings_from(ctx)
    store = store_from(ctx, settings)
    names = [settings.client(n).name for n in clients] or None

    def show(results) -> None:
        if as_json:
            emit_json({"passed_at": datetime.now().isoformat(timespec="seconds"), "clients": results})
        if not results and not as_json:
            click.echo(
                "nothing to track: no client has published videos or credentials; try 'videokit track --client NAME'"
            )
        for r in results:
            if r.error:
                console.print(f"[red]{escape(r.client)}[/]: {escape(str(r.error))}")
            elif not as_json:
                click.echo(
                    f"{r.client}: {r.snapshots} snapshots ({r.skipped} recent, skipped), {r.discovered} new videos, "
                    f"{r.daily_rows} daily rows, {r.traffic_rows} traffic rows, {r.quota_units} quota units, {r.seconds:.1f} s"
                    + (f"; missing on YouTube: {', '.join(r.missing)}" if r.missing else "")
                )

    if every:
        span = parse_span(every, "h")
        console.print(f"tracking every {every}; Ctrl-C stops", markup=False)
        with contextlib.suppress(KeyboardInterrupt):
            track_forever(settings, store, span, names, on_pass=show, discover=discover)
        return
    with progress_bars(enabled=not as_json and sys.stderr.isatty()) as bars:
        results = track_all(settings, store, names, progress=bar_callback(bars, "videos.list"), discover=discover)
    show(results)
    failed = [r.exit_code for r in results if r.error]
    if failed:
        ctx.exit(failed[0])  # the documented code of the first failure (5 YouTube, 6 quota...)


@click.command()
@click.option("--client", metavar="NAME", help="Client whose channel the report covers (default: the default client).")
@click.option(
    "--period",
    default="30d",
    show_default=True,
    metavar="SPAN",
    help="Days covered, ending with the last day with data: 7d, 30d, 4w, 90d.",
)
@click.option("--format", "fmt", type=click.Choice(["html", "pdf"]), help="Default: from the -o suffix, else html.")
@click.option("--lang", type=click.Choice(["fr", "en"]), help="Language of the report (default: the client's).")
@click.option(
    "--until", type=click.DateTime(["%Y-%m-%d"]), help="Last day of the period (default: the last day with data)."
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Output file (default: CLIENT-report-END.html|pdf).",
)
@json_option
@click.pass_context
def report(ctx, client, period, fmt, lang, until, output, as_json):
    """Write a client's growth report: one self-contained HTML page, or the same as an A4 PDF.

    Headline in plain words, channel views over time, each video's growth (48 h, 7 and
    28 days, against the channel's median video), top movers, the YouTube searches that
    bring viewers and what to do next. Run 'videokit track' first.

    \b
    Examples:
      videokit report --client drmartin --period 30d -o drmartin.html
      videokit report --client drmartin --format pdf --lang en -o drmartin-en.pdf
    """
    from videokit.reports.report import make_report

    settings = settings_from(ctx)
    profile = settings.client(client)
    days = parse_span(period).days
    if not days:
        raise click.BadParameter(f"{period!r}: a report covers at least one day", param_hint="--period")
    fmt = fmt or ("pdf" if output and output.suffix.lower() == ".pdf" else "html")
    end: date | None = until.date() if until else None
    output = output or Path(f"{profile.name}-report-{(end or date.today()).isoformat()}.{fmt}")
    result = make_report(settings, store_from(ctx, settings), profile.name, output, fmt, days, lang, end)
    if as_json:
        emit_json(result)
    else:
        click.echo(str(result.path))
