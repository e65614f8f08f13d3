"""Opening a new SQLite database from several processes at once: the batch runner's workers and a
second `videokit batch run` all migrate on open, and none may fail on a table another just made."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

from videokit.store import open_store


def _open(url: str, start: multiprocessing.synchronize.Barrier, errors: multiprocessing.Queue) -> None:
    start.wait()
    try:
        open_store(url).close()
    except Exception as exc:  # reported to the test, which names it
        errors.put(f"{type(exc).__name__}: {exc}")


def test_processes_opening_a_new_database_together_all_succeed(tmp_path: Path) -> None:
    context = multiprocessing.get_context("fork")
    for round_ in range(3):  # the race is between two DDL statements: give it several chances
        url = f"sqlite:///{tmp_path / f'videokit-{round_}.db'}"
        start, errors = context.Barrier(6), context.Queue()
        workers = [context.Process(target=_open, args=(url, start, errors)) for _ in range(6)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(timeout=120)
        found = [errors.get() for _ in range(errors.qsize())]
        assert not found, found
        assert [w.exitcode for w in workers] == [0] * 6
        store = open_store(url)
        assert store.jobs.batches() == []  # every table there, the schema whole
        store.close()
