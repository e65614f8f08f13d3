"""`videokit sandbox`, `videokit auth`, `videokit quota`: thin commands over videokit.youtube."""

from __future__ import annotations

from pathlib import Path

import click

from videokit import serial
from videokit.cli.common import console, emit_json, json_option, settings_from, store_from
from videokit.youtube.quota import QuotaLedger


@click.group()
def sandbox() -> None:
    """The local YouTube sandbox (Data API v3, Analytics API v2, OAuth) for tests, demos and rehearsals.

    \b
    Example:
      videokit sandbox serve --port 8765
      videokit sandbox seed --account drmartin --videos 20
    """


@sandbox.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (loopback by default).")
@click.option("--port", default=0, type=int, help="Port (0: any free port).")
@click.option(
    "--state",
    "state",
    type=click.Path(dir_okay=False, path_type=Path),
    help="SQLite state file [default: HOME/sandbox.db].",
)
@click.option("--seed", default=0, type=int, show_default=True, help="Seed of the simulated audience.")
@click.option("--unaudited", is_flag=True, help="Act as an unaudited API project: every upload is locked private.")
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, state: Path | None, seed: int, unaudited: bool) -> None:
    """Serve the sandbox until Ctrl-C; prints its base URL.

    \b
    Example:
      videokit sandbox serve --port 8765
      # then, in config.toml: [youtube] sandbox_url = "http://127.0.0.1:8765"
    """
    from videokit.youtube.sandbox import SandboxServer

    state = state or settings_from(ctx).home / "sandbox.db"
    server = SandboxServer(state, host, port, seed=seed, unaudited=unaudited)
    click.echo(server.url, nl=True)
    console.print(f"sandbox state in {state}; Ctrl-C to stop", style="dim")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.httpd.server_close()


@sandbox.command("seed")
@click.option(
    "--state",
    "state",
    type=click.Path(dir_okay=False, path_type=Path),
    help="SQLite state file [default: HOME/sandbox.db].",
)
@click.option(
    "--account",
    default="sandbox",
    show_default=True,
    help="Sandbox account (a sandbox client signs in as its client name).",
)
@click.option(
    "--videos", default=20, type=click.IntRange(1, 5000), show_default=True, help="How many videos to invent."
)
@click.option(
    "--days",
    default=60,
    type=click.IntRange(1, 3650),
    show_default=True,
    help="Spread their publication over the last DAYS days.",
)
@click.option("--seed", default=0, type=int, show_default=True, help="Seed for titles, tags and durations.")
@click.option(
    "--comments",
    type=click.Choice(["fr", "en"]),
    help="Also post invented viewers' comments (advice requests, disclosures, spam...) in this language.",
)
@json_option
@click.pass_context
def seed(
    ctx: click.Context,
    state: Path | None,
    account: str,
    videos: int,
    days: int,
    seed: int,
    comments: str | None,
    as_json: bool,
) -> None:
    """Add invented public videos (labelled simulated) to a sandbox channel, for reports and audits.

    \b
    Example:
      videokit sandbox seed --account drmartin --videos 30 --days 60
      videokit sandbox seed --account drmartin --videos 5 --comments fr   # for 'videokit comments'
    """
    from videokit.youtube.sandbox import seed_channel, seed_comments

    state = state or settings_from(ctx).home / "sandbox.db"
    ids = seed_channel(state, account, videos, days, seed)
    comment_ids = seed_comments(state, ids, comments, seed=seed) if comments else []
    if as_json:
        emit_json(
            {"state": str(state), "account": account, "video_ids": ids, "comment_ids": comment_ids, "simulated": True}
        )
    else:
        click.echo(
            f"added {len(ids)} simulated videos and {len(comment_ids)} comments "
            f"to the sandbox channel of {account!r} ({state})"
        )


@click.group()
def auth() -> None:
    """Authorise videokit on a client's YouTube channel (one token per client, pinned to its channel).

    \b
    Example:
      videokit auth add drmartin --client-secrets ~/Downloads/client_secret.json
    """


@auth.command("add")
@click.argument("client")
@click.option(
    "--client-secrets",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="OAuth client JSON (type 'Desktop app') from Google Cloud console.",
)
@click.option("--no-browser", is_flag=True, help="Do not open a browser; print the address to open instead.")
@click.option("--port", default=0, type=int, help="Loopback port for Google's redirect (0: any free port).")
@json_option
@click.pass_context
def add(ctx: click.Context, client: str, client_secrets: Path, no_browser: bool, port: int, as_json: bool) -> None:
    """Sign in with Google, pin the client's channel and store its token (mode 0600).

    \b
    Example:
      videokit auth add drmartin --client-secrets ~/Downloads/client_secret.json
    """
    from videokit.youtube.service import authorize

    settings = settings_from(ctx)
    store = store_from(ctx, settings)
    pinned = authorize(settings, store, settings.client(client), client_secrets, open_browser=not no_browser, port=port)
    if as_json:
        emit_json(
            {
                "client": pinned.client,
                "channel_id": pinned.channel_id,
                "channel_title": pinned.channel_title,
                "token_path": pinned.token_path,
            }
        )
    else:
        click.echo(
            f"{client}: authorised for channel {pinned.channel_id} ({pinned.channel_title}); token in {pinned.token_path}"
        )


@auth.command("list")
@json_option
@click.pass_context
def list_(ctx: click.Context, as_json: bool) -> None:
    """Show which client is pinned to which channel (never the tokens).

    \b
    Example:
      videokit auth list --json
    """
    rows = store_from(ctx, settings_from(ctx)).credentials.all()
    if as_json:
        emit_json({"credentials": rows})
        return
    for row in rows:
        click.echo(f"{row.client:<20} {row.channel_id:<26} {row.channel_title}")
    if not rows:
        click.echo("no client is authorised yet; run 'videokit auth add CLIENT --client-secrets FILE'")


@auth.command("check")
@click.argument("client", required=False)
@json_option
@click.pass_context
def check(ctx: click.Context, client: str | None, as_json: bool) -> None:
    """Refresh the client's token and confirm it still acts for the pinned channel.

    \b
    Example:
      videokit auth check drmartin
    """
    from videokit.youtube.channels import verify_channel
    from videokit.youtube.service import connect

    settings = settings_from(ctx)
    profile = settings.client(client)
    session = connect(settings, store_from(ctx, settings), profile)
    try:
        verify_channel(session)
    finally:
        session.close()
    result = {"client": profile.name, "channel_id": session.channel_id, "ok": True}
    if as_json:
        emit_json(result)
    else:
        click.echo(f"{profile.name}: token works and acts for channel {session.channel_id}")


@click.command()
@click.option("--client", "client", help="Client whose Cloud project to show [default: the default client].")
@json_option
@click.pass_context
def quota(ctx: click.Context, client: str | None, as_json: bool) -> None:
    """YouTube quota spent and left today (Pacific day) per bucket, and when it resets.

    \b
    Example:
      videokit quota --client drmartin
    """
    settings = settings_from(ctx)
    profile = settings.client(client)
    ledger = QuotaLedger.for_project(store_from(ctx, settings).quota, settings.youtube, profile.cloud_project)
    summary = ledger.summary()
    if as_json:
        emit_json({"client": profile.name, **serial.dump(summary)})
        return
    click.echo(
        f"cloud project {summary.cloud_project}, Pacific day {summary.pacific_day} (resets {summary.resets_at.isoformat()})"
    )
    for bucket, use in summary.buckets.items():
        unit = "uploads" if bucket == "videos.insert" else "units"
        click.echo(f"  {bucket:<14} spent {use.spent:>6} of {use.limit:>6} {unit}, {use.left:>6} left")
