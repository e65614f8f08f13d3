"""Issue 16 sweep: SIGTERM or SIGINT sent to `videokit` mid-render stops its ffmpeg child and leaves no
temporary file, no partial output and no work folder behind (a real process, killed while ffmpeg runs)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from tools import ROOT, noise_clip


@pytest.fixture(scope="module")
def long_clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """20 s of random pixels: its render takes long enough to be interrupted midway."""
    return noise_clip(tmp_path_factory.mktemp("long") / "noise.mp4", 20)


def _children(pid: int) -> list[int]:
    found = []
    for task in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{task}/children") as fh:
            found += [int(p) for p in fh.read().split()]
    return found


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


@pytest.mark.slow
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_render_stopped_midway_leaves_nothing(long_clip: Path, tmp_path: Path, signum: int) -> None:
    out, tmp = tmp_path / "out" / "master.mp4", tmp_path / "tmp"
    out.parent.mkdir()
    tmp.mkdir()
    env = {**os.environ, "VIDEOKIT_HOME": str(tmp_path / "home"), "PYTHONPATH": str(ROOT), "TMPDIR": str(tmp)}
    proc = subprocess.Popen([sys.executable, "-m", "videokit", "render", str(long_clip), "-o", str(out)],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
    encoder = None
    deadline = time.monotonic() + 120
    while encoder is None and time.monotonic() < deadline and proc.poll() is None:
        # the encoding pass (not the loudness measure): ffmpeg writing the partial file
        encoder = next((c for c in _children(proc.pid) if ".partial" in _cmdline(c)), None)
        time.sleep(0.05)
    assert encoder is not None, "the render never reached its encoding pass"
    time.sleep(1.0)  # well into the encode
    assert list(out.parent.glob(".*partial*"))
    proc.send_signal(signum)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 128 + signum, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: stopped by {signal.Signals(signum).name}"), err
    assert not Path(f"/proc/{encoder}").exists() or "ffmpeg" not in _cmdline(encoder)  # the child is gone
    assert not list(out.parent.iterdir())  # no partial, no output
    assert not list(tmp.iterdir())  # no work folder (filter script, fonts)
