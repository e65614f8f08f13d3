"""`publish` stops on what is shown, and publishes once the reviewer confirmed the regions to blur."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def test_publish_blocks_on_screen_then_blurs_what_the_reviewer_confirmed(consult: Path, home: Path, run_cli) -> None:
    (home / "config.toml").write_text(
        '[transcribe]\nbeam_size = 1\n[render]\npreset = "ultrafast"\n'
        '[clients.drmartin]\nlanguage = "en"\ndisplay_name = "Dr Claire Martin"\nrpps = "10000123454"\ninterests = []\n'
    )
    result = run_cli(f"publish {consult} --client drmartin --dry-run --json")
    assert result.exit_code == 7, result.output
    assert "--blur-confirmed" in result.output and "findings.json" in result.output
    [findings_file] = (home / "jobs" / "drmartin").glob("*/findings.json")
    on_screen = [f for f in json.loads(findings_file.read_text())["findings"] if f["source"] == "frame"]
    looked_at = json.loads(findings_file.read_text())["screen"]
    blocking = [f["id"] for f in on_screen if f["severity"] == "block"]
    assert {f["rule_id"] for f in on_screen} >= {"frame.face", "frame.nir", "frame.name", "frame.birth_date"}
    assert all((findings_file.parent / f["image"]).is_file() for f in on_screen)

    # without --blur-confirmed a confirmation alone does not let the video through: it would not be blurred
    run_cli(["check", str(findings_file), *[arg for i in blocking for arg in ("--confirm", i)]])
    assert run_cli(f"publish {consult} --client drmartin --dry-run --json").exit_code == 7

    result = run_cli(f"publish {consult} --client drmartin --dry-run --blur-confirmed --json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["findings"]["blocking"] == 0 and report["findings"]["on_screen"] == len(on_screen)
    render = json.loads((findings_file.parent / "render.json").read_text())
    assert render["blurred_regions"] == len(blocking)
    saved = json.loads(findings_file.read_text())
    assert saved["screen"] == looked_at  # the picture was analysed once (a second look would time itself anew)
    assert {f["id"] for f in saved["findings"] if f.get("confirmed")} == set(blocking)
