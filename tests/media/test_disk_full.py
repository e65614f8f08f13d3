"""Issue 16 item 2: a full disk while writing a video leaves nothing at the final path and is exit 8
naming the output (not exit 3 blaming the input, not a traceback, no `.partial` left behind).

The disk is a real 2 MB tmpfs when the machine lets the tests mount one (root), else a child process
with a 2 MB file size limit (RLIMIT_FSIZE): see `tools.small_disk`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from tools import ROOT, noise_clip, small_disk, videokit


@pytest.fixture(scope="module")
def noisy_clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """4 s of random pixels: any encode of it is far larger than 2 MB."""
    return noise_clip(tmp_path_factory.mktemp("noise") / "noise.mp4", 4)


def _assert_disk_full(result, out: Path, disk: Path) -> None:
    assert result.returncode == 8, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(out) in lines[0] and "disk is full" in lines[0], result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()
    left = [p.name for p in disk.rglob("*") if not p.name.endswith(".cuts.json")]  # the cut list is the plan, whole
    assert not left, left  # no partial file, no work folder


@pytest.mark.slow
def test_render_on_a_full_disk(noisy_clip: Path, tmp_path: Path) -> None:
    with small_disk(tmp_path / "disk") as (disk, limit):
        out = disk / "master.mp4"
        result = videokit(["render", str(noisy_clip), "-o", str(out)], tmp_path / "home", preexec_fn=limit)
        _assert_disk_full(result, out, disk)


@pytest.mark.slow
def test_trim_on_a_full_disk(noisy_clip: Path, tmp_path: Path) -> None:
    with small_disk(tmp_path / "disk") as (disk, limit):
        out = disk / "trimmed.mp4"
        result = videokit(
            ["trim", str(noisy_clip), "-o", str(out), "--reencode", "--keep", "0-4"],
            tmp_path / "home",
            preexec_fn=limit,
        )
        _assert_disk_full(result, out, disk)


SHORT = """
import sys
from pathlib import Path
from videokit.errors import OutputError
from videokit.media.options import RenderOptions
from videokit.media.shorts import make_short
try:
    make_short(Path(sys.argv[1]), Path(sys.argv[2]), 0.0, 4.0, RenderOptions(preset="ultrafast", crf=10))
except OutputError as err:
    print(err)
    sys.exit(err.exit_code)
"""


@pytest.mark.slow
def test_short_on_a_full_disk(noisy_clip: Path, tmp_path: Path) -> None:
    with small_disk(tmp_path / "disk") as (disk, limit):
        out = disk / "short.mp4"
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        result = subprocess.run([sys.executable, "-c", SHORT, str(noisy_clip), str(out)], capture_output=True, text=True,
                                env=env, preexec_fn=limit, timeout=600, check=False)  # fmt: skip
        assert result.returncode == 8, result.stderr[-2000:]
        assert str(out) in result.stdout and "disk is full" in result.stdout
        assert not out.exists() and not list(disk.iterdir())
