"""Issue 16 item 8: workflow and rule YAML is plain data. Alias expansion (a 450-byte file that grew to
344 MB), duplicate keys, absurd nesting and wrong types are exit 4 with one short line naming the file."""

from __future__ import annotations

import resource
import shutil
from pathlib import Path

import pytest

from videokit.compliance.ruleset import load_ruleset
from videokit.errors import ConfigError

LAUGHS = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
)
HOSTILE = {
    "aliases": (LAUGHS + "steps: [probe]\n", ":1:", "anchors and aliases"),
    "one-alias": ("base: &p {margin: 0.5}\nsteps:\n  - trim: *p\n", ":1:", "anchors and aliases"),
    "duplicate-key": ("name: x\nsteps: [probe]\nsteps: [probe, trim]\n", ":3:", "duplicate key 'steps'"),
    "deep-nesting": ("steps: " + "[" * 500 + "]" * 500 + "\n", ":1:", "nested deeper than"),
    "steps-not-list": ("steps: 5\n", ":1:", "non-empty 'steps' list"),
    "clients-wrong-type": ("steps: [probe]\nclients:\n  drmartin: [1, 2]\n", ":3:", "clients.drmartin"),
    "huge-name": ("steps: [" + "x" * 200_000 + "]\n", ":1:", "unknown step"),
}


@pytest.fixture
def clip_folder(tmp_path: Path, corpus: Path) -> Path:
    folder = tmp_path / "clips"
    folder.mkdir()
    shutil.copy(corpus / "fr" / "fleurs-fr-000.ogg", folder)
    return folder


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_workflow_file(run_cli, clip_folder: Path, tmp_path: Path, home: Path, case: str) -> None:
    text, line, needle = HOSTILE[case]
    workflow = tmp_path / f"{case}.yaml"
    workflow.write_text(text)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result = run_cli(["batch", "run", str(clip_folder), "--workflow", str(workflow), "--dry-run"])
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert result.exit_code == 4, result.output
    message = result.stderr.strip()
    assert "\n" not in message and len(message) < 500, message[:1000]
    assert message.startswith(f"error: {workflow}{line}") and needle in message, message
    assert grown_mb < 50  # nothing was expanded
    assert not (home / "jobs").exists()


def test_rule_files_are_read_strictly(tmp_path: Path) -> None:
    extra = tmp_path / "rules.yaml"
    extra.write_text(LAUGHS + "rules: []\n")
    with pytest.raises(ConfigError, match="anchors and aliases"):
        load_ruleset("fr", extra)
