"""Issue 16 item 6: one job never runs twice at once. Two real processes started together on the same
clip both succeed and every step runs once (the second waits on the job's lock, then finds the steps
done); step rows are upserted; a manifest listing the same job twice is refused at load with FILE:LINE."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from tools import ROOT

from videokit.config import load_settings
from videokit.store import open_store

MINI = "name: mini\nsteps:\n  - probe\n  - cuts:\n      detector: energy\n"


@pytest.mark.slow
def test_two_runs_of_one_job_at_once(tmp_path: Path, corpus: Path) -> None:
    home, clips = tmp_path / "home", tmp_path / "clips"
    home.mkdir()
    clips.mkdir()
    shutil.copy(corpus / "en" / "apollo11.mp3", clips)  # 89 s: the cut takes long enough for the runs to meet
    workflow = tmp_path / "mini.yaml"
    workflow.write_text(MINI)
    env = {**os.environ, "VIDEOKIT_HOME": str(home), "PYTHONPATH": str(ROOT)}
    argv = [sys.executable, "-m", "videokit", "batch", "run", str(clips), "--workflow", str(workflow), "--json"]
    runs = [
        subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)
    ]
    outcomes = [(proc.wait(timeout=600), proc.stderr.read()) for proc in runs]  # type: ignore[union-attr]
    assert [rc for rc, _ in outcomes] == [0, 0], outcomes
    assert not any("Traceback" in err for _, err in outcomes)
    store = open_store(load_settings(home).database_url)
    (job,) = store.jobs.jobs_of(store.jobs.batches()[0].id)
    attempts = {s.name: (s.status, s.attempts) for s in store.jobs.steps_of([job.id])}
    assert attempts == {"probe": ("done", 1), "cuts": ("done", 1)}  # each step ran once
    store.close()


def test_step_rows_are_upserted(home: Path) -> None:
    from videokit.store.jobs import JobRecord

    store = open_store(load_settings(home).database_url)
    record = JobRecord("sandbox-0123456789abcdef-mini", "sandbox", "mini", "/x.mp4", "0" * 64, "/jobs/x")
    store.jobs.record_job(record, "running")
    store.jobs.record_job(record, "running")
    for status in ("running", "failed", "running", "done"):
        store.jobs.record_step(record.id, "trim", status, seconds=1.0)
    (step,) = store.jobs.steps_of([record.id])
    assert (step.status, step.attempts, step.error) == ("done", 2, None)
    store.close()


def test_duplicate_manifest_rows_are_refused(run_cli, tmp_path: Path, corpus: Path, home: Path) -> None:
    folder = tmp_path / "monday"
    folder.mkdir()
    shutil.copy(corpus / "fr" / "fleurs-fr-000.ogg", folder / "a.ogg")
    manifest = folder / "batch.csv"
    manifest.write_text("clip,client\na.ogg,sandbox\n./a.ogg,\n")
    result = run_cli(["batch", "run", str(manifest), "--dry-run"])
    assert result.exit_code == 3
    assert (
        result.stderr.strip()
        == f"error: {manifest}:3: same clip, client and workflow as line 2; remove one of the two rows"
    )
    assert not (home / "jobs").exists()
