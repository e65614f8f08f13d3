"""The processes of the transcription and the on-screen check: the work runs apart (at idle priority
when asked), and what it reports, returns or raises reaches the step that waits for it; stopping the
step ends it."""

from __future__ import annotations

import multiprocessing
import os
import signal
import time

import pytest

from videokit.apart import end_spares, run_apart
from videokit.errors import InputError
from videokit.progress import Progress


def _counting(count: int, *, progress: Progress) -> tuple[int, int]:
    for done in range(count):
        progress(done, count)
    return os.getpid(), os.sched_getscheduler(0)


def _unreadable(path: str, progress: Progress) -> None:
    raise InputError(f"{path}: no picture could be decoded; check that the video plays, or re-export it")


def _endless(progress: Progress) -> None:
    while True:
        progress(os.getpid(), None)
        time.sleep(0.01)


def _killed(progress: Progress) -> None:
    os._exit(9)


def test_the_work_runs_in_a_child_at_idle_priority_and_its_progress_reaches_the_parent() -> None:
    reports: list[tuple[float, float | None]] = []
    pid, policy = run_apart(_counting, 3, idle=True, progress=lambda done, total=None: reports.append((done, total)))
    assert pid != os.getpid() and policy == os.SCHED_IDLE
    assert reports == [(0, 3), (1, 3), (2, 3)]
    assert os.sched_getscheduler(0) == os.SCHED_OTHER  # the parent keeps its priority


def test_work_not_idle_runs_apart_at_the_usual_priority_in_children_of_its_own() -> None:
    """The transcription runs apart for its GIL, not at idle priority: it is the critical path."""
    pid, policy = run_apart(_counting, 1, idle=False, progress=lambda done, total=None: None)
    assert pid != os.getpid() and policy == os.SCHED_OTHER
    idle_pid, _ = run_apart(_counting, 1, idle=True, progress=lambda done, total=None: None)
    assert idle_pid != pid  # a spare child keeps its priority: the idle one is another
    assert run_apart(_counting, 1, idle=False, progress=lambda done, total=None: None) == (pid, os.SCHED_OTHER)


def test_the_childs_error_is_raised_in_the_parent_with_its_words() -> None:
    with pytest.raises(InputError, match=r"talk\.mp4: no picture could be decoded"):
        run_apart(_unreadable, "talk.mp4", idle=True, progress=lambda done, total=None: None)


def test_stopping_the_step_ends_the_child() -> None:
    seen: list[int] = []

    def interrupted(done: float, total: float | None = None) -> None:
        seen.append(int(done))
        raise KeyboardInterrupt  # what the engine's progress raises on Ctrl-C

    with pytest.raises(KeyboardInterrupt):
        run_apart(_endless, idle=True, progress=interrupted)
    with pytest.raises(ProcessLookupError):
        os.kill(seen[0], 0)
    # the next call is served by another process, whole
    assert run_apart(_counting, 1, idle=True, progress=lambda done, total=None: None)[0] != seen[0]


def test_a_child_that_finished_serves_the_next_call_and_one_that_failed_too() -> None:
    first, _ = run_apart(_counting, 1, idle=True, progress=lambda done, total=None: None)
    with pytest.raises(InputError):
        run_apart(_unreadable, "talk.mp4", idle=True, progress=lambda done, total=None: None)
    assert run_apart(_counting, 1, idle=True, progress=lambda done, total=None: None)[0] == first


def test_a_spare_child_killed_while_it_waited_is_replaced() -> None:
    """The kernel's out-of-memory killer picks the largest idle process: the next clip is still checked."""
    waiting, _ = run_apart(_counting, 1, idle=True, progress=lambda done, total=None: None)
    os.kill(waiting, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while _alive(waiting) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert run_apart(_counting, 1, idle=True, progress=lambda done, total=None: None)[0] != waiting


def test_ending_the_spares_ends_the_waiting_children() -> None:
    waiting, _ = run_apart(_counting, 1, idle=True, progress=lambda done, total=None: None)
    end_spares()
    assert not _alive(waiting)
    assert run_apart(_counting, 1, idle=True, progress=lambda done, total=None: None)[0] != waiting


def test_a_child_that_dies_is_an_error_not_an_empty_result() -> None:
    with pytest.raises(RuntimeError, match=r"_killed ended without a result \(exit code 9\)"):
        run_apart(_killed, idle=True, progress=lambda done, total=None: None)


def _inside_a_daemon(answers: multiprocessing.SimpleQueue) -> None:
    answers.put(run_apart(_counting, 1, idle=True, progress=lambda done, total=None: None)[0] != os.getpid())


def test_a_daemonic_worker_runs_the_work_apart_too() -> None:
    """Celery's prefork workers are daemonic, and a daemonic process may not start multiprocessing
    children: the child is a plain Python process."""
    context = multiprocessing.get_context("spawn")
    answers = context.SimpleQueue()
    worker = context.Process(target=_inside_a_daemon, args=(answers,), daemon=True)
    worker.start()
    worker.join(60)
    assert worker.exitcode == 0 and answers.get() is True


def _reporting_pid(pids: multiprocessing.SimpleQueue) -> None:
    def report(done: float, total: float | None = None) -> None:
        if pids.empty():
            pids.put(int(done))

    run_apart(_endless, idle=True, progress=report)


def _alive(pid: int) -> bool:
    try:
        status = open(f"/proc/{pid}/status").read()  # noqa: SIM115
    except FileNotFoundError:
        return False
    return "\nState:\tZ" not in status  # a zombie nobody reaped has ended


def test_a_child_whose_parent_is_killed_stops_working() -> None:
    """kill -9 of `videokit batch` leaves no check running on for minutes with nobody to read it."""
    context = multiprocessing.get_context("spawn")
    pids = context.SimpleQueue()
    parent = context.Process(target=_reporting_pid, args=(pids,))
    parent.start()
    child = pids.get()
    assert _alive(child)
    os.kill(parent.pid, signal.SIGKILL)
    parent.join()
    deadline = time.monotonic() + 10
    while _alive(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(child)


def _where_prints_go(*, progress: Progress) -> bool:
    out, err = os.fstat(1), os.fstat(2)
    return (out.st_dev, out.st_ino) == (err.st_dev, err.st_ino)


def test_what_the_child_prints_goes_to_the_standard_error() -> None:
    """`videokit publish --json` writes its report on the standard output."""
    assert run_apart(_where_prints_go, idle=True, progress=lambda done, total=None: None) is True
