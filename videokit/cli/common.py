"""Shared CLI plumbing: settings and the store from the context, rich progress bars, JSON output."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from videokit import serial
from videokit.config import Settings, load_settings

if TYPE_CHECKING:
    from videokit.store import Store

console = Console(stderr=True, highlight=False)


def settings_from(ctx: click.Context, overrides: dict[str, Any] | None = None) -> Settings:
    home = (ctx.find_root().obj or {}).get("home")
    return load_settings(Path(home) if home else None, overrides)


def store_from(ctx: click.Context, settings: Settings) -> Store:
    """The command's store, opened once and closed when the command ends."""
    from videokit.store import open_store  # SQLAlchemy loads only for the commands that use the database

    store = open_store(settings.database_url)
    ctx.call_on_close(store.close)
    return store


def json_option(func):
    return click.option("--json", "as_json", is_flag=True, help="Print one JSON object on stdout instead of text.")(
        func
    )


def emit_json(obj: Any) -> None:
    """`obj` (plain data or typed results) as one JSON object on stdout."""
    sys.stdout.write(json.dumps(serial.dump(obj), ensure_ascii=False, indent=2) + "\n")


@contextmanager
def progress_bars(enabled: bool = True) -> Iterator[Progress]:
    """A rich progress display on stderr (bars with ETA); none when disabled or when stderr is not a
    terminal (a log or a pipe gets the result and the one-line error only)."""
    columns = [
        TextColumn("[bold]{task.description:<12}"),
        BarColumn(),
        TaskProgressColumn(),
        TimeElapsedColumn(),
        TextColumn("eta"),
        TimeRemainingColumn(),
    ]
    with Progress(*columns, console=console, disable=not enabled or not console.is_terminal, transient=False) as bars:
        yield bars


def bar_callback(bars: Progress, description: str, total: float | None = None):
    """A videokit.progress.Progress callable that drives one rich task."""
    task = bars.add_task(description, total=total)

    def report(done: float, total: float | None = None) -> None:
        if total is not None:
            bars.update(task, total=total)
        bars.update(task, completed=done)

    return report


__all__ = [
    "MofNCompleteColumn",
    "bar_callback",
    "console",
    "emit_json",
    "json_option",
    "progress_bars",
    "settings_from",
    "store_from",
]
