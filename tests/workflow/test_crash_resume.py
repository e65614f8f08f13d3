"""A batch killed with SIGKILL at many random instants, then run again: every clip published
exactly once, every artifact complete (its bytes match what its step recorded)."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from videokit import fsutil
from videokit.youtube.sandbox import start_sandbox

pytestmark = pytest.mark.slow
CLIPS = [f"fr/fleurs-fr-00{i}.ogg" for i in (0, 2, 3, 4, 5, 8)]
KILLS = 7  # killed runs of 0.5-12 s each: together most of the batch, which the last run finishes


@pytest.mark.timeout(1200)
def test_batch_survives_kill_9_at_random_instants(tmp_path: Path, corpus: Path) -> None:
    sandbox = start_sandbox(tmp_path / "sandbox.db", processing_seconds=0.0)
    try:
        home = tmp_path / "home"
        home.mkdir()
        (home / "config.toml").write_text(
            f'[youtube]\nsandbox_url = "{sandbox.url}"\nprocessing_wait = 0.0\nchunk_size = 262144\n'
            '[transcribe]\nbeam_size = 1\n[render]\npreset = "ultrafast"\n'
        )
        clips = tmp_path / "clips"
        clips.mkdir()
        for name in CLIPS:
            shutil.copy(corpus / name, clips / Path(name).name)
        env = {**os.environ, "VIDEOKIT_HOME": str(home)}
        argv = [sys.executable, "-m", "videokit", "batch", "run", str(clips), "--json"]
        rng = random.Random(20261122)
        killed = 0
        for _ in range(KILLS * 3):
            if killed == KILLS:
                break
            proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            try:
                proc.wait(timeout=rng.uniform(0.5, 12.0))
            except subprocess.TimeoutExpired:
                proc.send_signal(signal.SIGKILL)
                proc.wait()
                killed += 1
            else:
                break  # finished before the kill came: the batch is done
        assert killed >= min(KILLS, 1)
        final = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=900)
        assert final.returncode == 0, final.stderr[-3000:]
        report = json.loads(final.stdout)
        assert [job["status"] for job in report["jobs"]] == ["done"] * len(CLIPS)

        videos = sandbox.state.rows("SELECT id, sha256 FROM videos")
        assert len(videos) == len(CLIPS), "a clip was uploaded twice or not at all"
        by_id = {v["id"]: v["sha256"] for v in videos}
        for job in report["jobs"]:
            job_dir = Path(job["job_dir"])
            assert by_id[job["video_id"]] == fsutil.sha256_file(job_dir / "final.mp4")
            for marker_path in (job_dir / ".steps").glob("[!.]*.json"):
                marker = fsutil.read_json(marker_path)
                for name, recorded in marker["outputs"].items():
                    assert fsutil.sha256_file(job_dir / name) == recorded["sha256"], f"{job_dir / name} is incomplete"
            assert not list(job_dir.glob("**/.*.partial*")), "a half-written file was left behind"
    finally:
        sandbox.stop()


def test_a_marker_killed_mid_write_leaves_no_temp_file_once_the_job_resumes(tmp_path: Path, corpus: Path) -> None:
    """A kill during a marker's atomic write left `.steps/.render.HOST-PID.*.partial.json` behind (the
    batch test above found one); reopening the job removes it, as it does in the job folder."""
    from videokit.workflow.jobs import open_job

    clip = corpus / CLIPS[0]
    job = open_job(tmp_path / "jobs", clip, "sandbox", "publish")
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    job.steps_dir.mkdir(parents=True, exist_ok=True)
    for place in (job.dir, job.steps_dir):
        (place / f".render.{fsutil._HOST}-{dead.pid}.x1y2.partial.json").write_text('{"step": "ren')
    open_job(tmp_path / "jobs", clip, "sandbox", "publish")
    assert not list(job.dir.glob("**/.*.partial*"))
