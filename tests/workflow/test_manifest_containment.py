"""Issue 16 item 3: a manifest cannot reach outside its folder through the workflow column, and no
name that becomes a path (workflow `name:`, client) can climb out of jobs/."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from videokit.errors import ConfigError
from videokit.workflow.definition import WORKFLOWS_DIR
from videokit.workflow.jobs import open_job


@pytest.fixture
def batch_folder(tmp_path: Path, corpus: Path) -> Path:
    folder = tmp_path / "monday"
    folder.mkdir()
    shutil.copy(corpus / "fr" / "fleurs-fr-000.ogg", folder / "clip.ogg")
    return folder


def _run(run_cli, folder: Path, workflow_cell: str):
    manifest = folder / "batch.csv"
    manifest.write_text(f"clip,workflow\nclip.ogg,{workflow_cell}\n")
    return manifest, run_cli(["batch", "run", str(manifest), "--dry-run"])


def test_a_workflow_file_outside_the_manifest_folder_is_refused(
    run_cli, batch_folder: Path, tmp_path: Path, home: Path
) -> None:
    outside = tmp_path / "elsewhere.yaml"
    shutil.copy(WORKFLOWS_DIR / "captions-only.yaml", outside)
    for cell in (str(outside), "../elsewhere.yaml", str(WORKFLOWS_DIR / "publish.yaml")):
        manifest, result = _run(run_cli, batch_folder, cell)
        assert result.exit_code == 4, (cell, result.stderr)
        assert result.stderr.startswith(f"error: {manifest}:2: ") and "outside the manifest's folder" in result.stderr
        assert not (home / "jobs").exists()


def test_a_workflow_name_with_a_path_is_refused(run_cli, batch_folder: Path, home: Path) -> None:
    manifest, result = _run(run_cli, batch_folder, "../../workflows/publish")
    assert result.exit_code == 4 and f"{manifest}:2: " in result.stderr and "not a workflow name" in result.stderr


def test_a_workflow_file_naming_itself_out_of_jobs_is_refused(
    run_cli, batch_folder: Path, tmp_path: Path, home: Path
) -> None:
    text = (WORKFLOWS_DIR / "captions-only.yaml").read_text()
    (batch_folder / "mine.yaml").write_text(
        "name: ../../../escaped\n" + "\n".join(ln for ln in text.splitlines() if not ln.startswith("name:"))
    )
    _, result = _run(run_cli, batch_folder, "mine.yaml")
    assert result.exit_code == 4 and f"{batch_folder / 'mine.yaml'}:1: " in result.stderr, result.stderr
    assert "use letters, digits" in result.stderr
    assert not list(tmp_path.rglob("*escaped*"))


def test_a_workflow_file_inside_the_manifest_folder_is_accepted(run_cli, batch_folder: Path, home: Path) -> None:
    shutil.copy(WORKFLOWS_DIR / "captions-only.yaml", batch_folder / "mine.yaml")
    manifest = batch_folder / "batch.csv"
    manifest.write_text("clip,workflow\nclip.ogg,mine.yaml\n")
    from videokit.config import load_settings
    from videokit.workflow.batch import read_items

    (item,) = read_items(manifest, load_settings(), None, "publish")
    assert Path(item.workflow) == (batch_folder / "mine.yaml").resolve()


@pytest.mark.parametrize("client, workflow", [("../x", "publish"), ("sandbox", "a/../../b"), ("sandbox", "..")])
def test_job_folders_take_slugs_only(tmp_path: Path, corpus: Path, client: str, workflow: str) -> None:
    with pytest.raises(ConfigError, match="letters, digits"):
        open_job(tmp_path / "jobs", corpus / "fr" / "fleurs-fr-000.ogg", client, workflow)
    assert not (tmp_path / "jobs").exists() and not (tmp_path / "x").exists()
