"""`videokit publish CLIP --workflow shorts`: a vertical Short cut from the real corpus clip, checked in
its own context and uploaded after the full video, exactly once."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from videokit.media.probe import probe
from videokit.youtube.sandbox import start_sandbox

pytestmark = pytest.mark.slow  # Whisper, embeddings, renders or kill -9 runs: left out of `make check`
CLIP = "video/auto-editor-example.mp4"


@pytest.fixture
def sandbox(tmp_path):
    server = start_sandbox(tmp_path / "sandbox.db", processing_seconds=0.0)
    yield server
    server.stop()


def test_short_is_cut_checked_and_published_after_the_full_video(run_cli, home, sandbox, corpus: Path) -> None:
    (home / "config.toml").write_text(
        f'[youtube]\nsandbox_url = "{sandbox.url}"\nchunk_size = 262144\nprocessing_wait = 0.0\n'
        '[clients.drmartin]\nlanguage = "en"\nhashtags = ["health"]\n'
    )
    clip = str(corpus / CLIP)
    refused = run_cli(["publish", clip, "--client", "drmartin", "--workflow", "shorts", "--json"])
    assert refused.exit_code == 3 and "publish it first: videokit publish" in refused.output
    assert refused.output.count("\n") == 1 and sandbox.state.count_videos() == 0  # one line, nothing uploaded

    at = (datetime.now(UTC) + timedelta(days=2)).replace(microsecond=0)
    full = run_cli(["publish", clip, "--client", "drmartin", "--publish-at", at.isoformat(), "--json"])
    assert full.exit_code == 0, full.output
    full_id = json.loads(full.stdout)["video_id"]
    steps = json.loads(full.stdout)["steps"]  # the same clip, trimmed and transcribed the same way by the Short's job
    assert all(steps[name]["reused"] for name in ("probe", "cuts", "trim", "transcribe", "captions", "seo")), steps

    result = run_cli(["publish", clip, "--client", "drmartin", "--workflow", "shorts", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    short = probe(Path(report["files"]["short.mp4"]))
    trimmed = probe(Path(report["files"]["trimmed.mp4"]))
    assert (short.width, short.height) == (1080, 1920) and short.has_audio
    assert 10.0 < short.duration <= min(58.0, trimmed.duration) + 0.1  # 60 s by default, 2 s of margin
    summary = json.loads((Path(report["job_dir"]) / "short.json").read_text(encoding="utf-8"))
    spoken = (Path(report["job_dir"]) / "transcript.txt").read_text(encoding="utf-8")
    assert summary["text"].split()[0] in spoken and summary["keyword_hits"] >= 1
    assert abs(short.duration - (summary["end"] - summary["start"])) < 0.1  # the picked stretch, not the whole clip

    short_id = report["short"]["video_id"]
    assert short_id and short_id != full_id
    video = json.loads(sandbox.state.video(short_id)["resource"])
    assert video["snippet"]["title"].endswith("#Shorts") and len(video["snippet"]["title"]) <= 100
    assert f"{sandbox.url}/watch?v={full_id}" in video["snippet"]["description"]
    assert "#health" in video["snippet"]["description"]
    full_at = json.loads(sandbox.state.video(full_id)["resource"])["status"]["publishAt"]
    assert video["status"]["privacyStatus"] == "private"
    assert _time(video["status"]["publishAt"]) == _time(full_at) + timedelta(hours=24)
    findings = json.loads((Path(report["job_dir"]) / "short_findings.json").read_text(encoding="utf-8"))
    assert isinstance(findings["findings"], list)  # checked on its own words, title and description

    again = run_cli(["publish", clip, "--client", "drmartin", "--workflow", "shorts", "--json"])
    assert json.loads(again.stdout)["short"]["video_id"] == short_id and sandbox.state.count_videos() == 2
    (Path(report["job_dir"]) / "short_upload.json").unlink()  # a lost result: the ledger still knows
    third = run_cli(["publish", clip, "--client", "drmartin", "--workflow", "shorts", "--json"])
    assert json.loads(third.stdout)["short"] == {**json.loads(third.stdout)["short"], "video_id": short_id}
    assert json.loads(third.stdout)["short"]["already_uploaded"] is True and sandbox.state.count_videos() == 2
    # as staff read it: the Short's own title and the video it leads to, not the full video's chapters
    printed = run_cli(["publish", clip, "--client", "drmartin", "--workflow", "shorts"]).output
    assert f"Title      {video['snippet']['title']}" in printed and f"watch?v={full_id}" in printed
    assert "Chapters" not in printed


def _time(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))
