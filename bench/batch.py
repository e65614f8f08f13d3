"""Batch throughput: clips per hour with the local and the Celery executors on this machine, and
the share of wall time spent outside the media and model work (the steps' own run time).

    python bench/batch.py [--clips 6] [--skip-celery]

Local runs in one process with one slot per resource (cpu, upload, io), so a clip's upload may
overlap the next clip's transcription; its share outside is the wall time during which no step was
running. Celery runs two workers of one process each (PostgreSQL state, Redis broker on loopback);
its share outside is 1 - sum(step seconds) / (2 x wall), idle tails included.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
sys.path.insert(0, str(ROOT))

from videokit.config import load_settings
from videokit.store import open_store
from videokit.workflow.batch import plan, read_items
from videokit.workflow.executors import run_celery, run_local
from videokit.youtube.sandbox import start_sandbox

CLIPS = sorted(CORPUS.glob("fr/fleurs-fr-*.ogg")) + sorted(CORPUS.glob("en/fleurs-en-*.ogg"))


def make_home(root: Path, sandbox_url: str, top: str = "", sections: str = "") -> Path:
    home = root / "home"
    home.mkdir(parents=True)
    (home / "config.toml").write_text(
        f"{top}workers = {{ cpu = 1, upload = 1, io = 1 }}\n"
        f'[youtube]\nsandbox_url = "{sandbox_url}"\nprocessing_wait = 0.0\n{sections}'
    )
    return home


def step_intervals(store, planned) -> list[tuple[float, float]]:
    """(start, end) of each step's own run time, in seconds since the epoch."""
    rows = [s for s in store.jobs.steps_of(p.job.id for p in planned) if s.seconds is not None and s.finished_at]
    ends = [(r.finished_at.replace(tzinfo=r.finished_at.tzinfo or UTC).timestamp(), r.seconds) for r in rows]
    return [(end - seconds, end) for end, seconds in ends]


def covered(intervals: list[tuple[float, float]]) -> float:
    """Length of the union of intervals."""
    total, reach = 0.0, float("-inf")
    for start, end in sorted(intervals):
        if end > reach:
            total += end - max(start, reach)
            reach = end
    return total


def run(name: str, home: Path, clips: Path, executor, parallel: int) -> None:
    settings = load_settings(home)
    items = read_items(clips, settings, None, "publish")
    started = time.perf_counter()
    store = open_store(settings.database_url)
    batch_id, planned = plan(settings, store, clips, items)
    outcomes = executor(settings, store, batch_id, planned, None)
    wall = time.perf_counter() - started
    assert all(o.status == "done" for o in outcomes), outcomes
    intervals = step_intervals(store, planned)
    work = sum(end - start for start, end in intervals)
    outside = 1 - covered(intervals) / wall if parallel == 1 else 1 - work / (parallel * wall)
    print(
        f"{name:<7} {len(planned)} clips in {wall:6.1f} s = {3600 * len(planned) / wall:6.0f} clips/hour; "
        f"steps {work:6.1f} s; outside media/model work {100 * outside:4.1f} % (goal < 5 %)"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clips", type=int, default=6)
    parser.add_argument("--skip-celery", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        clips = tmp / "clips"
        clips.mkdir()
        for clip in CLIPS[: args.clips]:
            shutil.copy(clip, clips / clip.name)
        sandbox = start_sandbox(tmp / "sandbox.db", processing_seconds=0.0)
        try:
            run("local", make_home(tmp / "local", sandbox.url), clips, run_local, 1)
            if not args.skip_celery:
                celery(tmp, sandbox.url, clips)
        finally:
            sandbox.stop()


def celery(tmp: Path, sandbox_url: str, clips: Path) -> None:
    db = f"videokit_bench_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine("postgresql+psycopg://postgres@127.0.0.1:5432/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{db}"'))
    top = f'database_url = "postgresql+psycopg://postgres@127.0.0.1:5432/{db}"\njobs_dir = "{tmp / "celery-jobs"}"\n'
    sections = '[celery]\nbroker_url = "redis://127.0.0.1:6379/11"\nresult_backend = "redis://127.0.0.1:6379/12"\n'
    home = make_home(tmp / "celery", sandbox_url, top, sections)
    env = {**os.environ, "VIDEOKIT_HOME": str(home)}
    workers = [
        subprocess.Popen(
            [sys.executable, "-m", "videokit", "worker", "--concurrency", "1", "--name", f"bench{i}@%h"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for i in range(2)
    ]
    try:
        time.sleep(3)
        run("celery", home, clips, run_celery, 2)
    finally:
        for w in workers:
            w.terminate()
            w.wait(timeout=30)
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)'))


if __name__ == "__main__":
    main()
