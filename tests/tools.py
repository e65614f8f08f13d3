"""Small helpers test modules import (`from tools import ffmpeg`; pytest puts tests/ on sys.path:
it holds the root conftest). Fixtures stay in conftest files; plain functions live here, so no test
imports a conftest module by name (several folders have one)."""

from __future__ import annotations

import contextlib
import os
import resource
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def ffmpeg(*args: str) -> None:
    """Run ffmpeg quietly, overwriting outputs; a failure raises."""
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", *args], check=True)


def noise_clip(out: Path, seconds: float) -> Path:
    """A 640x360 clip of random pixels with a tone: it barely compresses, so any encode of it is large and slow."""
    ffmpeg("-f", "lavfi", "-i", f"nullsrc=s=640x360:r=30:d={seconds},geq=random(1)*255:128:128", "-f", "lavfi",
           "-i", f"sine=f=300:d={seconds}", "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", str(out))  # fmt: skip
    return out


@contextlib.contextmanager
def small_disk(folder: Path, size: str = "2m") -> Iterator[tuple[Path, Callable[[], None] | None]]:
    """A folder where writes fail with ENOSPC: a real tmpfs of `size` when this machine lets us mount
    one, else (preexec_fn, for a child process) a file size limit (RLIMIT_FSIZE, writes fail EFBIG)."""
    folder.mkdir(parents=True, exist_ok=True)
    mounted = (
        subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], capture_output=True
        ).returncode
        == 0
    )
    limit = None if mounted else _file_size_limit(int(size.rstrip("m")) << 20)
    try:
        yield folder, limit
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(folder)], check=True)


def _file_size_limit(size: int) -> Callable[[], None]:
    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG instead of killing
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))

    return limit


def videokit(
    args: list[str], home: Path, *, preexec_fn: Callable[[], None] | None = None, timeout: float = 600
) -> subprocess.CompletedProcess[str]:
    """`videokit ARGS` as a real process (this worktree's package), as a user runs it."""
    env = {**os.environ, "VIDEOKIT_HOME": str(home), "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "videokit", *args], capture_output=True, text=True, env=env,
                          preexec_fn=preexec_fn, timeout=timeout, check=False)  # fmt: skip
