"""`videokit publish` end to end, as a user types it, on real corpus recordings and the sandbox."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from videokit import fsutil
from videokit.cli import cli
from videokit.youtube.sandbox import start_sandbox

pytestmark = pytest.mark.slow
CLIP = "video/auto-editor-example.mp4"  # speech 0.2-17.3 s, silence to 40.0 s, one word at 40.0-40.5 s


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory):
    server = start_sandbox(tmp_path_factory.mktemp("sandbox") / "state.db", processing_seconds=0.0)
    yield server
    server.stop()


def make_home(root: Path, sandbox) -> Path:
    home = root / "home"
    home.mkdir(parents=True)
    (home / "config.toml").write_text(
        f'[youtube]\nsandbox_url = "{sandbox.url}"\nchunk_size = 262144\nprocessing_wait = 0.0\ninitial_wait = 0.05\nmax_wait = 0.5\n'
        '[clients.drmartin]\nlanguage = "en"\ncloud_project = "agency"\n'
    )
    return home


def run(home: Path, args: list[str]):
    return CliRunner().invoke(cli, args, env={"VIDEOKIT_HOME": str(home)}, catch_exceptions=False)


def videos_in(sandbox) -> list[dict]:
    return [dict(r) for r in sandbox.state.rows("SELECT * FROM videos")]


@pytest.fixture(scope="module")
def published(tmp_path_factory, sandbox, corpus):
    home = make_home(tmp_path_factory.mktemp("publish"), sandbox)
    result = run(home, ["publish", str(corpus / CLIP), "--client", "drmartin", "--json"])
    assert result.exit_code == 0, result.output
    return home, json.loads(result.stdout), result


def test_publish_uploads_one_complete_video(published, sandbox) -> None:
    _, report, _ = published
    assert re.fullmatch(r"[A-Za-z0-9_-]{11}", report["video_id"])
    assert report["url"].endswith(report["video_id"])
    assert report["title"] and len(report["title"]) <= 100
    assert report["description"] and report["tags"]
    for key in ("captions", "chapters", "job_dir"):
        assert key in report
    videos = videos_in(sandbox)
    assert len(videos) == 1
    final = Path(report["files"]["final.mp4"])
    assert videos[0]["sha256"] == fsutil.sha256_file(final)
    tracks = sandbox.state.rows("SELECT * FROM captions WHERE video_id = ?", report["video_id"])
    assert len(tracks) == 1 and tracks[0]["language"] == "en"


def test_publish_trims_the_dead_air(published) -> None:
    _, report, _ = published
    trim = report["trim"]
    # 22.7 s of silence (17.3-40.0 s) goes; the speech (17.1 s) and the last word stay.
    assert 15.0 < trim["kept"] < 22.0, trim
    assert trim["removed"] > 20.0


def test_publish_captions_follow_the_rules(published) -> None:
    _, report, _ = published
    srt = Path(report["captions"]["srt"]).read_text()
    vtt = Path(report["captions"]["vtt"]).read_text()
    assert vtt.startswith("WEBVTT")
    cues = [block.splitlines() for block in srt.strip().split("\n\n")]
    assert len(cues) >= 3
    for cue in cues:
        lines = cue[2:]
        assert 1 <= len(lines) <= 2 and all(len(line) <= 42 for line in lines), cue


def test_rerun_reports_instead_of_uploading_again(published, sandbox, corpus) -> None:
    home, first, _ = published
    result = run(home, ["publish", str(corpus / CLIP), "--client", "drmartin", "--json"])
    assert result.exit_code == 0, result.output
    again = json.loads(result.stdout)
    assert again["video_id"] == first["video_id"]
    assert all(step["reused"] for step in again["steps"].values()), again["steps"]
    assert len(videos_in(sandbox)) == 1


def test_text_summary_shows_link_title_and_captions(published, corpus) -> None:
    home, report, _ = published
    result = run(home, ["publish", str(corpus / CLIP), "--client", "drmartin"])
    assert result.exit_code == 0
    assert report["url"] in result.stdout and report["title"] in result.stdout
    assert report["captions"]["srt"] in result.stdout
    # the findings the practitioner signs for, one line each, as findings.json holds them
    lines = report["finding_lines"]
    assert len(lines) == report["findings"]["findings"]
    assert f"Findings   {len(lines)}" in result.stdout if lines else "Findings   none" in result.stdout
    assert all(f"{f['rule_id']}: " in result.stdout for f in lines)
    # and what to do, where the finding says (the client's profile lacks the charter's sources)
    fixes = [f["fix"] for f in lines if f["fix"]]
    assert fixes and all(f"fix: {fix[:40]}" in " ".join(result.stdout.split()) for fix in fixes)


def test_no_secret_in_output_or_home_readable(published) -> None:
    home, _, result = published
    tokens = list((home / "tokens").glob("*.json"))
    assert tokens
    for token_file in tokens:
        assert token_file.stat().st_mode & 0o077 == 0
        token = json.loads(token_file.read_text())
        for secret in (token.get("token"), token.get("refresh_token"), token.get("client_secret")):
            if secret:
                assert secret not in result.output


def test_captions_wer_matches_the_model_called_directly(tmp_path, sandbox, corpus) -> None:
    """jfk.flac wrapped as a video: captions within 2 WER points of faster-whisper on the same audio."""
    from faster_whisper import WhisperModel

    from videokit.config import load_settings
    from videokit.speech.models import resolve_model
    from videokit.speech.wer import word_error_rate

    audio = corpus / "en" / "jfk.flac"
    clip = tmp_path / "jfk.mp4"
    subprocess.run(
        [
            "ffmpeg",
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            "color=c=navy:s=640x360:r=25",
            "-i",
            str(audio),
            "-shortest",
            "-c:v",
            "libx264",
            "-preset",
            "ultrafast",
            "-c:a",
            "aac",
            str(clip),
        ],
        check=True,
    )
    home = make_home(tmp_path, sandbox)
    result = run(home, ["publish", str(clip), "--language", "en", "--dry-run", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["video_id"] is None  # dry run: nothing uploaded
    srt = Path(report["captions"]["srt"]).read_text()
    captions_text = " ".join(line for block in srt.strip().split("\n\n") for line in block.splitlines()[2:])
    reference = (corpus / "en" / "jfk.txt").read_text()

    settings = load_settings(home)
    model = WhisperModel(str(resolve_model("base", "faster-whisper", settings.models_dir).path), compute_type="int8")
    segments, _ = model.transcribe(str(audio), language="en", beam_size=5)
    direct = " ".join(s.text for s in segments)
    ours, theirs = word_error_rate(reference, captions_text, "en"), word_error_rate(reference, direct, "en")
    assert ours <= theirs + 0.02, (ours, theirs, captions_text)


@pytest.mark.timeout(600)
def test_kill_during_upload_then_rerun_leaves_one_identical_video(tmp_path, sandbox, corpus) -> None:
    home = make_home(tmp_path, sandbox)
    clip = corpus / "video" / "whisperx_sample01.mp4"
    prepared = run(home, ["publish", str(clip), "--client", "drmartin", "--dry-run", "--json"])
    assert prepared.exit_code == 0, prepared.output
    job_dir = Path(json.loads(prepared.stdout)["job_dir"])
    before = len(videos_in(sandbox))
    env = {**os.environ, "VIDEOKIT_HOME": str(home)}
    argv = [sys.executable, "-m", "videokit", "publish", str(clip), "--client", "drmartin", "--json"]
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    state = job_dir / "upload_state.json"
    deadline = time.monotonic() + 120
    while not (state.exists() and _bytes_received(sandbox) > 0):
        assert proc.poll() is None, proc.stderr.read().decode()
        assert time.monotonic() < deadline, "the upload never started"
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert not (job_dir / "upload.json").exists()
    result = run(home, ["publish", str(clip), "--client", "drmartin", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    videos = videos_in(sandbox)
    assert len(videos) == before + 1
    mine = [v for v in videos if v["id"] == report["video_id"]]
    assert mine and mine[0]["sha256"] == fsutil.sha256_file(job_dir / "final.mp4")


def _bytes_received(sandbox) -> int:
    row = sandbox.state.row("SELECT MAX(received) AS n FROM sessions")
    return (row["n"] or 0) if row else 0
