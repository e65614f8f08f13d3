"""Python work in a process of its own: the transcription, and the on-screen check beside it,
scheduled only on the time the cores have left (Linux SCHED_IDLE).

Why not threads: Whisper's decoding loop needs the GIL between two CTranslate2 calls, and any Python
beside it in the same process holds it. On a 3-minute 1080p talk (2 cores), a transcription of 25 s
took 30-34 s beside the on-screen check in a thread at nice +10; at SCHED_IDLE in a thread it kept
its pace, but the check, waiting for the GIL, ended 11-12 s after it. In a process at SCHED_IDLE both
kept their pace: the check took the gaps Whisper's two threads leave. Loading the SEO models (spaCy,
10 CPU-s of mostly Python) in a thread beside it cost the transcription of a 10-minute talk the same
way (66 s alone, 72-80 s beside them); with the transcription in a process of its own, 68-70 s.

The child is `python -m videokit.apart`, not a multiprocessing child: it neither imports the
caller's main script again (a script without an `if __name__ == "__main__":` guard would run twice)
nor is refused inside a daemonic process (a Celery prefork worker).
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any, TypeVar

from videokit.progress import Progress

T = TypeVar("T")


def run_apart(function: Callable[..., T], *args: Any, progress: Progress, idle: bool, **kwargs: Any) -> T:
    """function(*args, **kwargs, progress=...) in a child process, at idle priority when `idle`, else at
    this process's; its progress reports reach `progress` here (which may raise to stop it: that child
    is then ended), its exception is raised here. `function` and its arguments must pickle (a
    module-level function, plain data). A child that finished is kept for the next call of the same
    priority, with what it loaded (a batch's next clip does not load Whisper, the language pipeline
    and the face and text models again)."""
    with _spare_lock:
        spares = _spare[idle]
        worker = spares.pop() if spares else None
    if worker is not None and worker.process.poll() is not None:  # killed while it waited (out of memory)
        worker.end()
        worker = None
    worker = worker or _Worker(idle)
    try:
        return worker.run(function, args, kwargs, progress)
    finally:
        if worker.ready:
            with _spare_lock:
                _spare[idle].append(worker)
        else:
            worker.end()


class _Worker:
    """A child Python process that runs one call at a time, while this process lives; it reads calls
    from one pipe and answers on another, pickled (multiprocessing's framing)."""

    def __init__(self, idle: bool) -> None:
        calls_in, calls_out = os.pipe()
        answers_in, answers_out = os.pipe()
        # the child imports what this process can: the same interpreter, the same import path
        path = os.pathsep.join(p for p in sys.path if p)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "videokit.apart", str(calls_in), str(answers_out), "idle" if idle else "usual"],
            pass_fds=(calls_in, answers_out),
            stdin=subprocess.DEVNULL,
            stdout=2,  # what a library prints there must not mix into `publish --json`'s output
            env={**os.environ, "PYTHONPATH": path},
        )
        os.close(calls_in)
        os.close(answers_out)
        self.calls, self.answers = Connection(calls_out, readable=False), Connection(answers_in, writable=False)
        self.ready = True  # no call under way: it may take the next one

    def run(self, function: Callable[..., T], args: tuple[Any, ...], kwargs: dict[str, Any], progress: Progress) -> T:
        self.ready = False
        with contextlib.suppress(OSError):  # it died between two calls: said below
            self.calls.send((function, args, kwargs))
        while True:
            try:
                kind, *message = self.answers.recv()
            except (EOFError, OSError):
                raise RuntimeError(
                    f"{getattr(function, '__name__', function)} ended without a result (exit code "
                    f"{self.process.wait()}): out of memory? Run it again with fewer jobs at once"
                ) from None
            if kind == "progress":
                progress(*message)
                continue
            self.ready = True
            if kind == "error":
                raise message[0]
            return message[0]

    def end(self) -> None:
        self.calls.close()
        self.answers.close()
        if self.process.poll() is None:
            self.process.terminate()
        self.process.wait()


_spare: dict[bool, list[_Worker]] = {True: [], False: []}  # idle or not: the children waiting
_spare_lock = threading.Lock()


def end_spares() -> None:
    """End the children kept for a next call (they end with this process anyway): a long-lived process
    frees their memory, a benchmark counts their CPU time."""
    with _spare_lock:
        waiting = [worker for spares in _spare.values() for worker in spares]
        for spares in _spare.values():
            spares.clear()
    for worker in waiting:
        worker.end()


def _serve(calls: Connection, answers: Connection, idle: bool) -> None:
    if idle:
        _idle()
    # Ctrl-C reaches the whole process group: the parent decides, and ends this process if it must
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def report(done: float, total: float | None = None) -> None:
        # a parent killed meanwhile closed the pipe: this raises, and the process ends with its work
        answers.send(("progress", done, total))

    while True:
        try:
            function, args, kwargs = calls.recv()
        except EOFError:  # the parent is gone
            return
        except Exception as exc:  # a call it cannot read (a function defined in the caller's script)
            _send_error(answers, exc)
            continue
        try:
            answers.send(("result", function(*args, **kwargs, progress=report)))
        except BaseException as exc:
            _send_error(answers, exc)


def _send_error(answers: Connection, exc: BaseException) -> None:
    try:
        answers.send(("error", exc))
    except Exception:  # an exception that does not pickle: its words still reach the parent
        answers.send(("error", RuntimeError(f"{type(exc).__name__}: {exc}")))


def _idle() -> None:
    """Run only when no other thread wants a core (Linux); elsewhere the lowest niceness."""
    try:
        os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
    except (AttributeError, OSError):
        with contextlib.suppress(AttributeError, OSError):
            os.nice(19)


if __name__ == "__main__":
    _serve(
        Connection(int(sys.argv[1]), writable=False),
        Connection(int(sys.argv[2]), readable=False),
        idle=sys.argv[3] == "idle",
    )
