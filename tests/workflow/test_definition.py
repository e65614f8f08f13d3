"""Workflow files: the shipped ones load; malformed ones fail before any work with file, line and reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from videokit.errors import ConfigError
from videokit.workflow.definition import WORKFLOWS_DIR, load_workflow


@pytest.mark.parametrize("path", sorted(WORKFLOWS_DIR.glob("*.yaml")), ids=lambda p: p.name)
def test_shipped_workflows_load(path: Path) -> None:
    workflow = load_workflow(path)
    assert workflow.steps and workflow.steps[0].name == "probe"


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "wf.yaml"
    path.write_text(text)
    return path


@pytest.mark.parametrize(
    ("text", "line", "needle"),
    [
        ("steps:\n  - probe\n  - cuts: {margin: [oops\n", 3, "not valid YAML"),
        ("steps:\n  - probe\n  - polish\n", 3, "unknown step 'polish'"),
        ("steps:\n  - probe\n  - cuts:\n      margin: -4\n", 3, "margin"),
        ("steps:\n  - probe\n  - cuts:\n      speed: 2\n", 3, "speed"),
        ("steps:\n  - probe\n  - cuts\n  - trim:\n      margin: 0.2\n", 4, "takes no parameters"),
        ("steps:\n  - transcribe\n", 1, "needs trimmed.flac"),
        ("steps:\n  - probe\n  - trim\n", 1, "needs cuts.json, trimmed.flac"),
        ("steps:\n  - probe\n  - cuts\n  - upload:\n      when: sometimes\n", 4, "not a condition"),
        ("name: x\nstep:\n  - probe\n", 1, "non-empty 'steps'"),
        ("steps:\n  - probe\n  - probe\n", 1, "appears twice"),
    ],
)
def test_malformed_workflow_names_file_line_and_reason(tmp_path: Path, text: str, line: int, needle: str) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(ConfigError) as err:
        load_workflow(path)
    message = str(err.value)
    assert message.startswith(f"{path}:{line}:") or (line == 1 and message.startswith(f"{path}")), message
    assert needle in message


def test_workflow_name_cannot_escape_its_folder() -> None:
    with pytest.raises(ConfigError, match="outside"):
        load_workflow("../pyproject")


def test_client_overrides_are_validated_and_applied(tmp_path: Path) -> None:
    from videokit.config import ClientProfile

    path = _write(
        tmp_path, "steps:\n  - probe\n  - cuts: {margin: 0.3}\nclients:\n  drmartin:\n    cuts: {margin: 0.5}\n"
    )
    workflow = load_workflow(path)
    assert workflow.params_for("cuts", ClientProfile(name="drmartin"))["margin"] == 0.5
    assert workflow.params_for("cuts", ClientProfile(name="other"))["margin"] == 0.3
    bad = _write(tmp_path, "steps:\n  - probe\n  - cuts\nclients:\n  drmartin:\n    cuts: {margin: lots}\n")
    with pytest.raises(ConfigError, match="clients.drmartin.cuts"):
        load_workflow(bad)
