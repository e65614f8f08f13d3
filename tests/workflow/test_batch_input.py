"""Batch input: a malformed manifest fails before any work, with the file, line and reason."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from videokit.config import load_settings
from videokit.errors import ConfigError, InputError
from videokit.workflow.batch import batch_id, read_items


@pytest.fixture
def clips(tmp_path: Path, corpus: Path) -> Path:
    folder = tmp_path / "monday"
    folder.mkdir()
    for name in ("fr/fleurs-fr-000.ogg", "fr/fleurs-fr-001.ogg"):
        shutil.copy(corpus / name, folder / Path(name).name)
    (folder / "notes.txt").write_text("not a clip")
    return folder


def _manifest(folder: Path, text: str) -> Path:
    path = folder / "batch.csv"
    path.write_text(text)
    return path


def test_folder_lists_media_only(home: Path, clips: Path) -> None:
    items = read_items(clips, load_settings(), None, "publish")
    assert [i.clip.name for i in items] == ["fleurs-fr-000.ogg", "fleurs-fr-001.ogg"]
    assert {i.client for i in items} == {"sandbox"}
    assert batch_id(clips, items) == batch_id(clips, list(reversed(items)))


@pytest.mark.parametrize(
    ("text", "error", "where", "needle"),
    [
        ("clip,client\nfleurs-fr-000.ogg,sandbox\nmissing.mp4,sandbox\n", InputError, ":3:", "does not exist"),
        ("clip\n../escape.mp4\n", InputError, ":2:", "outside the manifest's folder"),
        ("clip,client\nfleurs-fr-000.ogg,nobody\n", ConfigError, ":2:", "unknown client 'nobody'"),
        ("clip,colour\nfleurs-fr-000.ogg,red\n", InputError, ":1:", "unknown: colour"),
        ("clip,language\nfleurs-fr-000.ogg,de\n", InputError, ":2:", "accepted: auto, fr, en"),
        ("clip\n", InputError, "", "no rows"),
    ],
)
def test_bad_manifest_fails_before_work(
    home: Path, clips: Path, text: str, error: type, where: str, needle: str
) -> None:
    manifest = _manifest(clips, text)
    with pytest.raises(error) as err:
        read_items(manifest, load_settings(), None, "publish")
    assert str(err.value).startswith(f"{manifest}{where}"), str(err.value)
    assert needle in str(err.value)
    assert not (home / "jobs").exists()  # nothing started


def test_manifest_with_unknown_workflow(home: Path, clips: Path) -> None:
    manifest = _manifest(clips, "clip,workflow\nfleurs-fr-000.ogg,nightly\n")
    with pytest.raises(ConfigError, match="no such workflow"):
        read_items(manifest, load_settings(), None, "publish")


def test_batch_cli_reports_bad_manifest(run_cli, clips: Path) -> None:
    manifest = _manifest(clips, "clip\nmissing.mp4\n")
    result = run_cli(["batch", "run", str(manifest)])
    assert result.exit_code == 3
    assert f"{manifest}:2:" in result.stderr and "does not exist" in result.stderr
