"""Scale-out: two real Celery workers (Redis broker, PostgreSQL state) run one batch; every clip is
published exactly once and the shared quota ledger equals the sandbox's own count."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from videokit.cli import cli
from videokit.config import load_settings
from videokit.store import open_store, schema
from videokit.youtube.quota import QuotaLedger
from videokit.youtube.sandbox import start_sandbox

pytestmark = [pytest.mark.scaleout, pytest.mark.slow]
CLIPS = ["fr/fleurs-fr-000.ogg", "fr/fleurs-fr-002.ogg", "en/fleurs-en-003.ogg", "en/fleurs-en-004.ogg"]


@pytest.fixture
def cluster(tmp_path, pg_url, redis_urls, corpus):
    sandbox = start_sandbox(tmp_path / "sandbox.db", processing_seconds=0.0)
    home = tmp_path / "home"
    home.mkdir()
    broker, backend = redis_urls
    (home / "config.toml").write_text(
        f'database_url = "{pg_url}"\njobs_dir = "{tmp_path / "shared-jobs"}"\n'
        f'[celery]\nbroker_url = "{broker}"\nresult_backend = "{backend}"\n'
        f'[youtube]\nsandbox_url = "{sandbox.url}"\nprocessing_wait = 0.0\nchunk_size = 262144\n'
        "[transcribe]\nbeam_size = 1\n"
    )
    clips = tmp_path / "clips"
    clips.mkdir()
    for name in CLIPS:
        shutil.copy(corpus / name, clips / Path(name).name)
    env = {**os.environ, "VIDEOKIT_HOME": str(home)}
    workers = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "videokit",
                "worker",
                "--queues",
                "cpu,upload,io",
                "--concurrency",
                "1",
                "--name",
                f"w{i}@%h",
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for i in range(2)
    ]
    yield home, clips, sandbox, workers
    for worker in workers:
        worker.terminate()
    for worker in workers:
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
    sandbox.stop()


@pytest.mark.timeout(900)
def test_two_workers_publish_each_clip_once(cluster) -> None:
    home, clips, sandbox, workers = cluster
    time.sleep(2)
    assert all(w.poll() is None for w in workers), [
        w.stderr.read().decode()[-2000:] for w in workers if w.poll() is not None
    ]
    result = CliRunner().invoke(
        cli,
        ["batch", "run", str(clips), "--executor", "celery", "--json"],
        env={"VIDEOKIT_HOME": str(home)},
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert {job["status"] for job in report["jobs"]} == {"done"}, report
    videos = sandbox.state.rows("SELECT id, sha256 FROM videos")
    assert len(videos) == len(CLIPS)
    assert sorted(v["id"] for v in videos) == sorted(job["video_id"] for job in report["jobs"])
    settings = load_settings(home)
    store = open_store(settings.database_url)
    with store.engine.begin() as conn:
        rows = conn.execute(sa.select(schema.videos.c.job_id)).scalars().all()
    assert len(rows) == len(set(rows)) == len(CLIPS)
    ledger = QuotaLedger.for_project(store.quota, settings.youtube, "default")
    assert ledger.spent() == sandbox.state.quota_used()

    # Running the same batch again publishes nothing more.
    again = CliRunner().invoke(
        cli,
        ["batch", "run", str(clips), "--executor", "celery", "--json"],
        env={"VIDEOKIT_HOME": str(home)},
        catch_exceptions=False,
    )
    assert again.exit_code == 0, again.output
    assert len(sandbox.state.rows("SELECT id FROM videos")) == len(CLIPS)
