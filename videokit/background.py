"""Python work in a process of its own, scheduled only on the time the cores have left (Linux
SCHED_IDLE): the on-screen check beside the transcription.

Why not a thread: the on-screen check's Python holds the GIL, and Whisper's decoding loop waits for
it between two CTranslate2 calls. On a 3-minute 1080p talk (2 cores), a transcription of 25 s took
30-34 s beside the check in a thread at nice +10; at SCHED_IDLE in a thread it kept its pace, but the
check, waiting for the GIL, ended 11-12 s after it. In a process at SCHED_IDLE both kept their pace:
the check took the gaps Whisper's two threads leave and ended with the transcription.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any, TypeVar

from videokit.progress import Progress

T = TypeVar("T")


def run_in_background(function: Callable[..., T], *args: Any, progress: Progress, **kwargs: Any) -> T:
    """function(*args, **kwargs, progress=...) in a child process at idle priority; its progress reports
    reach `progress` here (which may raise to stop it: that child is then ended), its exception is
    raised here. `function` and its arguments must pickle (a module-level function, plain data). A
    child that finished is kept for the next call, with what it loaded (a batch's next clip does not
    load the language pipeline and the face and text models again). In a daemonic process (a Celery
    prefork worker), which may not start children, it runs here."""
    if multiprocessing.current_process().daemon:
        return function(*args, **kwargs, progress=progress)
    with _spare_lock:
        worker = _spare.pop() if _spare else None
    worker = worker or _Worker()
    try:
        return worker.run(function, args, kwargs, progress)
    finally:
        if worker.ready:
            with _spare_lock:
                _spare.append(worker)
        else:
            worker.end()


class _Worker:
    """A spawned process at idle priority that runs one call at a time, while this process lives.
    Spawned, not forked: this process runs threads (Whisper's, the engine's) that a fork would copy
    mid-flight; a spawned child starts in about 0.3 s."""

    def __init__(self) -> None:
        context = multiprocessing.get_context("spawn")
        self.connection, theirs = context.Pipe()
        self.process = context.Process(target=_serve, args=(theirs,), daemon=True)
        self.process.start()
        theirs.close()
        self.ready = True  # no call under way: it may take the next one

    def run(self, function: Callable[..., T], args: tuple[Any, ...], kwargs: dict[str, Any], progress: Progress) -> T:
        self.ready = False
        self.connection.send((function, args, kwargs))
        while True:
            try:
                kind, *message = self.connection.recv()
            except EOFError:
                self.process.join()
                raise RuntimeError(
                    f"{getattr(function, '__name__', function)} ended without a result (exit code "
                    f"{self.process.exitcode}): out of memory? Run it again with fewer jobs at once"
                ) from None
            if kind == "progress":
                progress(*message)
                continue
            self.ready = True
            if kind == "error":
                raise message[0]
            return message[0]

    def end(self) -> None:
        self.connection.close()
        if self.process.is_alive():
            self.process.terminate()
        self.process.join()


_spare: list[_Worker] = []
_spare_lock = threading.Lock()


def _serve(connection: Connection) -> None:
    _idle()
    # Ctrl-C reaches the whole process group: the parent decides, and ends this process if it must
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def report(done: float, total: float | None = None) -> None:
        connection.send(("progress", done, total))

    while True:
        try:
            function, args, kwargs = connection.recv()
        except EOFError:  # the parent is gone
            return
        try:
            connection.send(("result", function(*args, **kwargs, progress=report)))
        except BaseException as exc:
            try:
                connection.send(("error", exc))
            except Exception:  # an exception that does not pickle: its words still reach the parent
                connection.send(("error", RuntimeError(f"{type(exc).__name__}: {exc}")))


def _idle() -> None:
    """Run only when no other thread wants a core (Linux); elsewhere the lowest niceness."""
    try:
        os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
    except (AttributeError, OSError):
        with contextlib.suppress(AttributeError, OSError):
            os.nice(19)
