"""Running ffmpeg: one place for errors that name the input, and progress from `-progress`."""

from __future__ import annotations

import subprocess
from pathlib import Path

from videokit.errors import InputError
from videokit.progress import Progress


def run(cmd: list[str], src: Path, *, progress: Progress | None = None, total: float | None = None) -> None:
    """Run an ffmpeg command; InputError naming `src` with ffmpeg's last line when it fails."""
    if progress is not None and total:
        cmd = cmd[:1] + ["-progress", "pipe:1", "-nostats"] + cmd[1:]
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert proc.stdout is not None and proc.stderr is not None
        for line in proc.stdout:
            key, _, value = line.strip().partition("=")
            if key == "out_time_us" and value.isdigit():
                progress(min(total, int(value) / 1e6), total)
        err = proc.stderr.read()
        rc = proc.wait()
    else:
        done = subprocess.run(cmd, capture_output=True, text=True, check=False)
        rc, err = done.returncode, done.stderr
    if rc != 0:
        last = err.strip().splitlines()[-1] if err.strip() else "no message"
        raise InputError(f"{src}: ffmpeg could not process it ({last}); check that the file plays, or re-export it")


def escape_filter_path(path: Path) -> str:
    """A path as a quoted filter option value (subtitles=filename=...)."""
    return "'" + str(path).replace("\\", "\\\\").replace("'", "'\\''").replace(":", "\\:") + "'"
