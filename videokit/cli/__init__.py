"""The `videokit` command: a thin click layer over the library.

Commands load lazily (importing Whisper or KeyBERT takes seconds), errors become one line and a
documented exit code (`videokit --help` lists them), and presentation (rich) lives only here.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import signal
import sys
from pathlib import Path
from typing import Any

import click

from videokit import __version__
from videokit.errors import DISK_FULL_ERRNOS, EXIT_CODES, VideokitError, disk_full

# command name -> "module:attribute"; each module owns its commands and their --help examples.
COMMANDS = {
    "publish": "videokit.cli.publish:publish",
    "trim": "videokit.cli.media:trim",
    "probe": "videokit.cli.media:probe",
    "render": "videokit.cli.media:render",
    "thumbnail": "videokit.cli.media:thumbnail",
    "transcribe": "videokit.cli.speech:transcribe",
    "seo": "videokit.cli.seo:seo",
    "check": "videokit.cli.seo:check",
    "sandbox": "videokit.cli.youtube:sandbox",
    "auth": "videokit.cli.youtube:auth",
    "quota": "videokit.cli.youtube:quota",
    "client": "videokit.cli.clients:client",
    "batch": "videokit.cli.batch:batch",
    "worker": "videokit.cli.batch:worker",
    "track": "videokit.cli.reports:track",
    "report": "videokit.cli.reports:report",
    "audit": "videokit.cli.audit:audit",
    "comments": "videokit.cli.community:comments",
    "social": "videokit.cli.community:social",
    "approve": "videokit.cli.approvals:approve",
    "request-changes": "videokit.cli.approvals:request_changes",
    "approvals": "videokit.cli.approvals:approvals",
    "approval-pdf": "videokit.cli.approvals:approval_pdf",
    "serve": "videokit.cli.web:serve",
    "user": "videokit.cli.web:user",
}

_EPILOG = "\b\nExit codes:\n" + "\n".join(f"  {code}  {text}" for code, text in sorted(EXIT_CODES.items()))


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        target = COMMANDS.get(name)
        if target is None:
            return None
        module, attr = target.split(":")
        try:
            return getattr(importlib.import_module(module), attr)
        except (ImportError, AttributeError) as exc:  # one broken command must not break the others
            return click.Command(
                name, help=f"(unavailable: {exc})", callback=lambda error=exc: _unavailable(name, error)
            )

    def main(self, args: Any = None, prog_name: str | None = None, complete_var: str | None = None,
             standalone_mode: bool = True, **extra: Any) -> Any:  # fmt: skip
        """As click's, except that a usage error is one line on stderr (exit 2), like every other error."""
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, **extra)
        try:
            code = super().main(args, prog_name, complete_var, False, **extra)
        except click.ClickException as err:
            hint = f" (see '{err.ctx.command_path} --help')" if isinstance(err, click.UsageError) and err.ctx else ""
            click.echo(f"error: {err.format_message()}{hint}", err=True)
            sys.exit(err.exit_code)
        except click.Abort:
            click.echo("error: aborted", err=True)
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except VideokitError as err:
            _fail(ctx, err)
        except OSError as exc:  # a full disk under a temporary folder (the final outputs are named by fsutil)
            if exc.errno not in DISK_FULL_ERRNOS:
                raise
            _fail(ctx, disk_full(exc.filename or "the output folder", exc))
        except KeyboardInterrupt:  # Ctrl-C or SIGTERM: _on_stop_signal stopped the children, `finally` cleaned up
            signum = _stopped_by or signal.SIGINT
            click.echo(
                f"error: stopped by {signal.Signals(signum).name}; nothing partial was kept, run the same command again to resume",
                err=True,
            )
            sys.exit(128 + signum)


def _fail(ctx: click.Context, err: VideokitError) -> None:
    if ctx.obj and ctx.obj.get("debug"):
        raise err
    click.echo(f"error: {err}", err=True)
    sys.exit(err.exit_code)


def _unavailable(name: str, exc: Exception) -> None:
    raise click.ClickException(f"'{name}' cannot load: {exc}")


@click.group(cls=LazyGroup, epilog=_EPILOG, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="videokit")
@click.option(
    "--home",
    type=click.Path(file_okay=False),
    envvar="VIDEOKIT_HOME",
    help="videokit home folder (config, database, tokens, jobs).",
)
@click.option("--debug", is_flag=True, help="Show tracebacks instead of one-line errors.")
@click.pass_context
def cli(ctx: click.Context, home: str | None, debug: bool) -> None:
    """Raw footage to a well-ranked YouTube video, and reports on how it grows.

    \b
    Start here:
      videokit publish clip.mp4                 # trim, transcribe, caption, SEO, upload (sandbox)
      videokit publish clip.mp4 --dry-run       # everything but the upload
      videokit batch run clips/ --client drmartin
    """
    ctx.ensure_object(dict)
    ctx.obj["home"] = home
    ctx.obj["debug"] = debug
    from videokit.youtube.endpoint import provide_sandbox  # here, not above: `videokit --help` stays instant

    provide_sandbox(_embedded_sandbox)


def _embedded_sandbox(state: Path) -> str:
    """Sandbox clients without youtube.sandbox_url reach a sandbox this process serves (imported on first use)."""
    from videokit.youtube.sandbox.embedded import embedded_sandbox

    return embedded_sandbox(state)


_stopped_by: int | None = None


def _on_stop_signal(signum: int, _frame: object) -> None:
    """SIGTERM/SIGINT: stop the ffmpeg (and other) children now, then unwind like Ctrl-C so every
    `finally` runs: temporary files and partial outputs are removed, job markers stay consistent."""
    global _stopped_by
    _stopped_by = signum
    _stop_children()
    raise KeyboardInterrupt


def _stop_children() -> None:
    """Terminate this process's children (Linux /proc; elsewhere they end with their pipes)."""
    me = os.getpid()
    try:
        tasks = os.listdir(f"/proc/{me}/task")
    except OSError:
        return
    for task in tasks:
        try:
            with open(f"/proc/{me}/task/{task}/children", encoding="ascii") as fh:
                pids = [int(pid) for pid in fh.read().split()]
        except OSError:
            continue
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)


def main() -> None:
    signal.signal(signal.SIGTERM, _on_stop_signal)
    signal.signal(signal.SIGINT, _on_stop_signal)
    cli(prog_name="videokit")
