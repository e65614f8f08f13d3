"""Progress reporting, injected: the library calls a plain callable, the CLI draws bars with it.

`report(done, total)` in the stage's own unit (seconds of media, bytes uploaded, items). Library
code never imports rich, so it runs unchanged inside a Celery worker.
"""

from __future__ import annotations

from typing import Protocol


class Progress(Protocol):
    def __call__(self, done: float, total: float | None = None) -> None: ...


def silent(done: float, total: float | None = None) -> None:
    """The default when nobody watches."""
