"""Running ffmpeg: one place for errors that name the input, and progress from `-progress`."""

from __future__ import annotations

import dataclasses
import errno
import re
import subprocess
from pathlib import Path

from videokit import fsutil
from videokit.errors import InputError, OutputError
from videokit.media.probe import MediaInfo, probe
from videokit.progress import Progress

# ffmpeg can exit 0 after a failed write (ENOSPC on the trailer): its log is the only trace.
_DISK_FULL = ("No space left on device", "File too large", "Disk quota exceeded")


def run(cmd: list[str], src: Path, *, progress: Progress | None = None, total: float | None = None) -> None:
    """Run an ffmpeg command; InputError naming `src` with ffmpeg's last line when it fails.

    A full disk is an OSError(ENOSPC) on the output (the last argument): `fsutil.atomic_path` turns it
    into an OutputError naming the final path, the CLI into exit 8 elsewhere."""
    if progress is not None and total:
        cmd = cmd[:1] + ["-progress", "pipe:1", "-nostats"] + cmd[1:]
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert proc.stdout is not None and proc.stderr is not None
        try:
            for line in proc.stdout:
                key, _, value = line.strip().partition("=")
                if key == "out_time_us" and value.isdigit():
                    progress(min(total, int(value) / 1e6), total)
            err = proc.stderr.read()
            rc = proc.wait()
        except BaseException:  # interrupted (Ctrl-C, SIGTERM): ffmpeg must not outlive us
            proc.kill()
            proc.wait()
            raise
    else:
        done = subprocess.run(cmd, capture_output=True, text=True, check=False)
        rc, err = done.returncode, done.stderr
    if any(marker in err for marker in _DISK_FULL):
        raise OSError(errno.ENOSPC, "No space left on device", cmd[-1])
    if rc != 0:
        last = err.strip().splitlines()[-1] if err.strip() else "no message"
        raise InputError(f"{src}: ffmpeg could not process it ({last}); check that the file plays, or re-export it")


def escape_filter_path(path: Path) -> str:
    """A path as a filter option value inside a filter graph (subtitles=filename=...): escaped once for
    the option parser (\\ ' :) and once more for the graph parser (\\ ' [ ] , ;), as ffmpeg reads both."""
    value = re.sub(r"([\\':])", r"\\\1", str(path))
    return re.sub(r"([\\'\[\],;])", r"\\\1", value)


def verify_output(part: Path, target: Path, expected_seconds: float) -> MediaInfo:
    """Check an ffmpeg output while it is still a temporary file: readable to its last packet and as
    long as planned. OutputError naming `target` otherwise (the rename never happens)."""
    try:
        info = probe(part)
    except InputError as exc:
        reason = str(exc).removeprefix(f"{part}: ").split(";")[0]
        raise OutputError(
            f"{target}: the written video failed its check ({reason}); check the free space and run again"
        ) from None
    if abs(info.duration - expected_seconds) > _LENGTH_SLACK:
        raise OutputError(
            f"{target}: the written video lasts {info.duration:.1f} s instead of {expected_seconds:.1f} s; "
            "check the free space and run again"
        )
    return info


def write_checked(
    cmd: list[str], src: Path, out: Path, seconds: float, *, progress: Progress | None = None
) -> MediaInfo:
    """Run ffmpeg `cmd` with a temporary file beside `out` as its last argument, check that file
    (`verify_output`) and only then rename it: `out` is whole and `seconds` long, or absent."""
    with fsutil.atomic_path(out) as part:
        run([*cmd, str(part)], src, progress=progress, total=seconds)
        info = verify_output(part, out, seconds)
    return dataclasses.replace(info, path=str(out))


_LENGTH_SLACK = 0.5  # seconds: frame-rate conversion of intro, main and outro rounds each to a frame
