"""Atomic file writes and content fingerprints: an artifact is either complete or absent."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import socket
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from videokit.errors import DISK_FULL_ERRNOS, OutputError, disk_full


@contextlib.contextmanager
def atomic_path(target: Path, mode: int | None = None) -> Iterator[Path]:
    """Yield a temporary path beside `target`; rename it onto `target` only if the block succeeds.

    The temporary name keeps the suffix so tools that infer formats from it (ffmpeg) still work.
    A block that checks what it wrote does so before leaving: nothing unchecked reaches `target`.
    A full disk (ENOSPC, quota, file size limit) is an OutputError naming `target`.
    """
    target = Path(target)
    if target.exists() and not target.is_file():  # renaming onto /dev/null or a folder would replace it
        raise OutputError(f"{target}: not a regular file; give a file path to write to")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(
            prefix=f".{target.stem}.{_HOST}-{os.getpid()}.", suffix=f".partial{target.suffix}", dir=target.parent
        )
    except OSError as exc:
        raise OutputError(f"{target}: cannot write here ({exc.strerror}); choose a writable folder") from exc
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        if mode is not None:
            os.chmod(tmp_path, mode)
        os.replace(tmp_path, target)
    except OSError as exc:
        if exc.errno in DISK_FULL_ERRNOS:
            raise disk_full(target, exc) from exc
        raise
    finally:
        tmp_path.unlink(missing_ok=True)


_HOST = socket.gethostname().replace(".", "_")  # temp names are split on dots


def remove_stale_partials(folder: Path) -> int:
    """Delete temporary files left by writers on this host that died mid-write (kill -9, crash)."""
    removed = 0
    for path in Path(folder).glob(".*.partial*"):
        owner = path.name.split(".")[2] if path.name.count(".") >= 3 else ""
        owner_host, _, pid = owner.rpartition("-")
        if owner_host == _HOST and pid.isdigit() and not _alive(int(pid)):
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


_SLUG = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")


def is_slug(name: str) -> bool:
    """A name that can become one folder or file name as it is: letters, digits, '-', '_' (no '/', no '..')."""
    return bool(_SLUG.fullmatch(name))


def write_bytes(target: Path, data: bytes, mode: int | None = None) -> None:
    with atomic_path(target, mode) as tmp, open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def write_text(target: Path, text: str, mode: int | None = None) -> None:
    write_bytes(target, text.encode("utf-8"), mode)


def write_json(target: Path, obj: Any, mode: int | None = None) -> None:
    write_text(target, json.dumps(obj, ensure_ascii=False, indent=2, sort_keys=False) + "\n", mode)


def read_json(path: Path) -> Any:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def sha256_file(path: Path) -> str:
    """The file's SHA-256, remembered in this process while its inode, size and modification time stay
    the same: the review room's queue and the upload's approval check ask again for the same final.mp4.
    A file modified in the last seconds is hashed afresh (a write within the clock's resolution could
    leave the time unchanged)."""
    st = os.stat(path)
    key = (str(Path(path).resolve()), st.st_ino, st.st_size, st.st_mtime_ns)
    if key in _HASHES:
        return _HASHES[key]
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(1 << 20):
            digest.update(block)
    if time.time_ns() - st.st_mtime_ns > _SETTLED_NS:
        if len(_HASHES) >= _MAX_HASHES:
            _HASHES.pop(next(iter(_HASHES)))
        _HASHES[key] = digest.hexdigest()
    return digest.hexdigest()


_HASHES: dict[tuple[str, int, int, int], str] = {}
_MAX_HASHES = 4096
_SETTLED_NS = 2_000_000_000
