"""kill -9 during an upload, then run again: exactly one video, byte-identical to the file."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from videokit import fsutil

pytestmark = pytest.mark.slow  # Whisper, embeddings, renders or kill -9 runs: left out of `make check`

SCRIPT = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path
    from videokit import serial
    from videokit.config import load_settings
    from videokit.store import open_store
    from videokit.youtube.options import YouTubeSettings
    from videokit.youtube.publish import UploadRequest, publish_video
    from videokit.youtube.service import connect

    home, url, video, state = sys.argv[1:5]
    settings = load_settings(Path(home), {"youtube": {"sandbox_url": url, "chunk_size": 262144}})
    options = YouTubeSettings(initial_wait=0.05, max_wait=0.3, timeout=10, processing_wait=0)
    session = connect(settings, open_store(settings.database_url), settings.client("sandbox"), options=options)
    request = UploadRequest(video=Path(video), title="Reprise après coupure", tags=["test"])
    print(json.dumps(serial.dump(publish_video(session, request, state_file=Path(state)))))
    """
)


def _run(home: Path, url: str, video: Path, state: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    argv = [sys.executable, "-c", SCRIPT, str(home), url, str(video), str(state)]
    return subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)


def _wait_for(predicate, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("the upload never reached the point where the test kills it")
        time.sleep(0.02)


def _received(sandbox) -> int:
    row = sandbox.state.row("SELECT MAX(received) AS n FROM sessions")
    return row["n"] or 0


@pytest.mark.timeout(120)
@pytest.mark.parametrize("moment", ["mid-upload", "last chunk in flight"])
def test_kill_9_then_rerun_leaves_one_identical_video(moment, sandbox, home, corpus, tmp_path):
    video = corpus / "video" / "auto-editor-example.mp4"  # 3 MB: 12 chunks of 256 KiB
    size = video.stat().st_size
    state = tmp_path / "upload_state.json"
    if moment == "mid-upload":
        sandbox.faults.add("upload.chunk", 1, "delay", seconds=0.25, times=100)  # slow enough to kill in between
        reached = lambda: _received(sandbox) >= 3 * 262144  # noqa: E731
    else:
        sandbox.faults.add("upload.chunk", 12, "delay", seconds=3)  # the server sits on the final chunk
        reached = lambda: sandbox.requests["upload.chunk"] >= 12  # noqa: E731

    first = _run(home, sandbox.url, video, state)
    try:
        _wait_for(reached)
        saved = fsutil.read_json(state)
        assert saved["session_uri"], "the session URI must be saved before bytes are sent"
        first.send_signal(signal.SIGKILL)
    finally:
        first.wait(timeout=10)
    sandbox.faults.clear()
    if moment == "last chunk in flight":  # the server completes the video after the client died
        _wait_for(lambda: sandbox.state.count_videos() == 1, 10)

    second = _run(home, sandbox.url, video, state)
    out, err = second.communicate(timeout=60)
    assert second.returncode == 0, err
    result = json.loads(out)

    videos = sandbox.state.videos()
    assert [v["id"] for v in videos] == [result["video_id"]]
    assert videos[0]["sha256"] == fsutil.sha256_file(video) and videos[0]["size"] == size
    sessions = sandbox.state.row("SELECT COUNT(*) AS n FROM sessions")["n"]
    assert sessions == 1, "the rerun must resume the saved session, not open a new one"


EMBEDDED = textwrap.dedent(
    """
    import json, os, signal, sys
    from pathlib import Path
    from videokit import fsutil, serial
    from videokit.config import load_settings
    from videokit.store import open_store
    from videokit.youtube.endpoint import provide_sandbox
    from videokit.youtube.publish import UploadRequest, publish_video
    from videokit.youtube.sandbox.embedded import embedded_sandbox
    from videokit.youtube.service import connect

    home, video, state, die = sys.argv[1:5]
    if die == "die":
        write = fsutil.write_json

        def write_then_die(target, obj, mode=None):
            write(target, obj, mode)
            if obj.get("session_uri"):
                os.kill(os.getpid(), signal.SIGKILL)  # the session URI is on disk, not one byte sent yet

        fsutil.write_json = write_then_die
    provide_sandbox(embedded_sandbox)  # as the videokit command does: no youtube.sandbox_url
    settings = load_settings(Path(home), {"youtube": {"chunk_size": 262144, "processing_wait": 0}})
    session = connect(settings, open_store(settings.database_url), settings.client("sandbox"))
    request = UploadRequest(video=Path(video), title="Reprise après coupure", tags=["test"])
    print(json.dumps(serial.dump(publish_video(session, request, state_file=Path(state)))))
    """
)


@pytest.mark.timeout(120)
def test_killed_after_the_session_uri_is_saved_resumes_on_the_default_sandbox(home, corpus, tmp_path):
    """The embedded sandbox listens on a new port each run; the saved session must still resume (issue 16)."""
    from videokit.youtube.sandbox import SandboxState

    video, state = corpus / "video" / "whisperx_sample01.mp4", tmp_path / "upload_state.json"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}

    def publish(die: str) -> subprocess.CompletedProcess:
        argv = [sys.executable, "-c", EMBEDDED, str(home), str(video), str(state), die]
        return subprocess.run(argv, capture_output=True, text=True, env=env, timeout=90)

    first = publish("die")
    assert first.returncode == -signal.SIGKILL, first.stderr
    saved = fsutil.read_json(state)["session_uri"]
    sandbox = SandboxState(home / "sandbox.db")
    try:
        assert sandbox.count_videos() == 0 and sandbox.row("SELECT MAX(received) AS n FROM sessions")["n"] == 0

        second = publish("live")
        assert second.returncode == 0, second.stderr
        result = json.loads(second.stdout)
        assert saved.split("/upload/")[0] != result["url"].split("/watch")[0], "the sandbox came back on another port"
        assert [v["id"] for v in sandbox.videos()] == [result["video_id"]]
        assert sandbox.videos()[0]["sha256"] == fsutil.sha256_file(video)
        assert sandbox.row("SELECT COUNT(*) AS n FROM sessions")["n"] == 1, (
            "the saved session was resumed, not a new one"
        )
    finally:
        sandbox.close()
