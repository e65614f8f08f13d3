"""Issue 16 item 6 on PostgreSQL: the job's advisory lock is held across connections (machines), and
step rows are upserted by concurrent writers without a UNIQUE violation."""

from __future__ import annotations

import threading
import time

import pytest

from videokit.store import open_store
from videokit.store.jobs import JobRecord

pytestmark = [pytest.mark.scaleout]


def test_advisory_lock_serialises_two_runs_of_one_job(pg_url: str) -> None:
    first, second = open_store(pg_url), open_store(pg_url)  # two processes' worth of connections
    order: list[str] = []
    try:
        with first.jobs.exclusive("sandbox-0123456789abcdef-publish"):
            waiter = threading.Thread(target=lambda: _take(second, order))
            waiter.start()
            time.sleep(1.0)
            order.append("first done")  # the second has not got the lock meanwhile
        waiter.join(10)
        assert order == ["first done", "second got it"]
        with first.jobs.exclusive("another-job"), second.jobs.exclusive("a-third-job"):
            pass  # different jobs never wait for each other
    finally:
        first.close()
        second.close()


def _take(store, order: list[str]) -> None:
    with store.jobs.exclusive("sandbox-0123456789abcdef-publish"):
        order.append("second got it")


def test_concurrent_step_rows_are_upserted(pg_url: str) -> None:
    store = open_store(pg_url)
    record = JobRecord("sandbox-0123456789abcdef-publish", "sandbox", "publish", "/x.mp4", "0" * 64, "/jobs/x")
    store.jobs.record_job(record, "running")
    barrier = threading.Barrier(8)

    def start() -> None:
        barrier.wait()
        store.jobs.record_step(record.id, "trim", "running")

    threads = [threading.Thread(target=start) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    (step,) = store.jobs.steps_of([record.id])
    assert (step.status, step.attempts) == ("running", 8)
    store.close()
