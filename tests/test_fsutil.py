"""Atomic writes never replace what is not a regular file (a folder, a device such as /dev/null)."""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

import pytest

from videokit import fsutil
from videokit.errors import OutputError


def test_a_folder_is_never_replaced_by_a_file(tmp_path: Path) -> None:
    folder = tmp_path / "report.html"
    folder.mkdir()
    (folder / "kept.txt").write_text("x")
    with pytest.raises(OutputError, match="not a regular file"):
        fsutil.write_text(folder, "<html>")
    assert (folder / "kept.txt").read_text() == "x" and not list(tmp_path.glob(".*partial*"))


def test_a_settled_file_is_hashed_once_a_fresh_one_every_time(tmp_path: Path) -> None:
    def write(path: Path, data: bytes, mtime_ns: int) -> None:
        path.write_bytes(data)
        os.utime(path, ns=(mtime_ns, mtime_ns))

    settled, fresh = tmp_path / "final.mp4", tmp_path / "draft.mp4"
    an_hour_ago = time.time_ns() - 3600 * 10**9
    write(settled, b"a" * 64, an_hour_ago)
    assert fsutil.sha256_file(settled) == hashlib.sha256(b"a" * 64).hexdigest()
    # same inode, size and time: remembered (this is what spares the queue a re-read of every video)
    write(settled, b"b" * 64, an_hour_ago)
    assert fsutil.sha256_file(settled) == hashlib.sha256(b"a" * 64).hexdigest()
    write(settled, b"b" * 65, an_hour_ago)  # any change of size or time is seen
    assert fsutil.sha256_file(settled) == hashlib.sha256(b"b" * 65).hexdigest()
    # written just now: never remembered, a rewrite within the clock's resolution is still seen
    now = time.time_ns()
    write(fresh, b"c" * 64, now)
    assert fsutil.sha256_file(fresh) == hashlib.sha256(b"c" * 64).hexdigest()
    write(fresh, b"d" * 64, now)
    assert fsutil.sha256_file(fresh) == hashlib.sha256(b"d" * 64).hexdigest()
