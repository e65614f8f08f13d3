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
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any, TypeVar

from videokit.progress import Progress

T = TypeVar("T")


def run_in_background(function: Callable[..., T], *args: Any, progress: Progress, **kwargs: Any) -> T:
    """function(*args, **kwargs, progress=...) in a child process at idle priority; its progress reports
    reach `progress` here (which may raise to stop it: the child is then ended), its exception is raised
    here. `function` and its arguments must pickle (a module-level function, plain data). In a
    daemonic process (a Celery prefork worker), which may not start children, it runs here."""
    if multiprocessing.current_process().daemon:
        return function(*args, **kwargs, progress=progress)
    # spawned, not forked: this process runs threads (Whisper's, the engine's) that a fork would copy
    # mid-flight; a spawned child starts in about 0.3 s and the models it needs load there anyway
    context = multiprocessing.get_context("spawn")
    receiving, sending = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(sending, function, args, kwargs), daemon=True)
    child.start()
    sending.close()
    try:
        while True:
            try:
                kind, *message = receiving.recv()
            except EOFError:
                child.join()
                raise RuntimeError(
                    f"{getattr(function, '__name__', function)} ended without a result (exit code "
                    f"{child.exitcode}): out of memory? Run it again with fewer jobs at once"
                ) from None
            if kind == "progress":
                progress(*message)
            elif kind == "error":
                raise message[0]
            else:
                return message[0]
    finally:
        receiving.close()
        if child.is_alive():
            child.terminate()
        child.join()


def _child(sending: Connection, function: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    _idle()
    try:
        result = function(*args, **kwargs, progress=lambda done, total=None: sending.send(("progress", done, total)))
        sending.send(("result", result))
    except BaseException as exc:
        try:
            sending.send(("error", exc))
        except Exception:  # an exception that does not pickle: its words still reach the parent
            sending.send(("error", RuntimeError(f"{type(exc).__name__}: {exc}")))
    finally:
        sending.close()


def _idle() -> None:
    """Run only when no other thread wants a core (Linux); elsewhere the lowest niceness."""
    try:
        os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
    except (AttributeError, OSError):
        with contextlib.suppress(AttributeError, OSError):
            os.nice(19)
