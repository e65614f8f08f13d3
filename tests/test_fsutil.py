"""Atomic writes never replace what is not a regular file (a folder, a device such as /dev/null)."""

from __future__ import annotations

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
