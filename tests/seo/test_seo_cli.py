"""`videokit seo` and `videokit check` driven as a user types them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from videokit import serial
from videokit.youtube.limits import chapters_problems, description_problems, tags_problems, title_problems


@pytest.fixture
def smartphone_json(tmp_path: Path, corpus: Path, text_transcript) -> Path:
    transcript = text_transcript((corpus / "fr/smartphone.txt").read_text(encoding="utf-8"), "fr", 177.8)
    path = tmp_path / "smartphone.json"
    path.write_text(json.dumps(serial.dump(transcript), ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.slow
def test_seo_json_prints_valid_metadata_and_writes_the_file(
    run_cli, smartphone_json: Path, tmp_path: Path, embedder
) -> None:
    out = tmp_path / "metadata.json"
    result = run_cli(f"seo {smartphone_json} --json -o {out}")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert json.loads(out.read_text(encoding="utf-8")) == data
    assert data["language"] == "fr" and data["title"] == data["titles"][0]["text"]
    assert title_problems(data["title"]) == [] and description_problems(data["description"]) == []
    assert tags_problems(data["tags"]) == []
    assert chapters_problems([c["start"] for c in data["chapters"]], 177.8) == []
    assert {i["name"] for i in data["score"]["items"]} >= {
        "title_keyword",
        "description_hook",
        "chapters",
        "captions",
        "tags",
    }


@pytest.mark.slow
def test_seo_text_output_shows_titles_reasons_and_score(run_cli, smartphone_json: Path, embedder) -> None:
    result = run_cli(f"seo {smartphone_json}")
    assert result.exit_code == 0, result.output
    for heading in ("Titles", "Description", "Tags", "Chapters", "SEO score"):
        assert heading in result.stdout
    assert "main keyword" in result.stdout  # each title's reason


@pytest.mark.slow
def test_seo_language_option_switches_the_metadata_language(
    run_cli, tmp_path: Path, text_transcript, corpus: Path, embedder
) -> None:
    transcript = text_transcript((corpus / "en/jfk.txt").read_text(encoding="utf-8"), "en", 11.0)
    path = tmp_path / "jfk.json"
    path.write_text(json.dumps(serial.dump(transcript)), encoding="utf-8")
    english = json.loads(run_cli(f"seo {path} --json").stdout)
    assert english["language"] == "en" and "Learn more" not in english["description"]  # sandbox client has no website
    assert "does not replace a medical consultation" in english["description"]


def test_seo_bad_inputs_are_one_line_errors(run_cli, tmp_path: Path) -> None:
    missing = run_cli(f"seo {tmp_path / 'nope.json'}")
    assert missing.exit_code == 3 and "nope.json: no such file" in missing.stderr
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    result = run_cli(f"seo {broken}")
    assert result.exit_code == 3 and "broken.json: not valid JSON" in result.stderr
    wrong = tmp_path / "wrong.json"
    wrong.write_text('{"segments": []}', encoding="utf-8")
    result = run_cli(f"seo {wrong}")
    assert result.exit_code == 3 and "wrong.json: not a videokit transcript" in result.stderr
    empty = tmp_path / "empty.json"
    empty.write_text('{"language": "fr", "segments": []}', encoding="utf-8")
    result = run_cli(f"seo {empty}")
    assert result.exit_code == 3 and "empty.json: the transcript has fewer than 5 words" in result.stderr
    assert run_cli(f"seo {broken} --client nobody").exit_code == 4
    result = run_cli(f"seo {broken} --audio {tmp_path / 'gone.wav'}")
    assert result.exit_code == 3 and "gone.wav: no such file; give the recording" in result.stderr


def test_check_text_blocks_with_exit_7_and_names_sentence_rule_and_source(run_cli) -> None:
    result = run_cli(["check", "Bonjour. Mes patients sont ravis, le résultat est garanti.", "--json"])
    assert result.exit_code == 7
    data = json.loads(result.stdout)
    assert data["blocking"] == 2
    assert {f["rule_id"] for f in data["findings"]} == {"fr.temoignage.satisfaction", "fr.garantie"}
    assert all(f["text"] == "Mes patients sont ravis, le résultat est garanti." for f in data["findings"])
    assert all("R.4127" in f["reference"] for f in data["findings"])
    assert "blocking finding" in result.stderr


def test_check_clean_text_exits_0(run_cli) -> None:
    result = run_cli(["check", "High blood pressure often has no symptoms.", "--language", "en"])
    assert result.exit_code == 0 and "No deontology or privacy finding" in result.stdout


def test_check_transcript_reports_times(run_cli, tmp_path: Path, text_transcript) -> None:
    text = (
        "Parlons du dos. La lombalgie est fréquente. Ma patiente Madame Girard a été opérée. Merci de votre attention."
    )
    path = tmp_path / "talk.json"
    path.write_text(json.dumps(serial.dump(text_transcript(text, "fr", 20.0)), ensure_ascii=False), encoding="utf-8")
    result = run_cli(f"check {path}")
    assert result.exit_code == 7
    assert "fr.prive.nom at 0:" in result.stdout and "Madame Girard" in result.stdout


def test_check_metadata_file_and_text_file(run_cli, tmp_path: Path) -> None:
    metadata = tmp_path / "metadata.json"
    metadata.write_text(
        json.dumps(
            {
                "language": "fr",
                "titles": [{"text": "Le meilleur chirurgien de Lyon", "score": 1, "reason": ""}],
                "description": "Consultation offerte.",
                "tags": [],
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    data = json.loads(run_cli(f"check {metadata} --json").stdout)
    assert {(f["rule_id"], f["source"]) for f in data["findings"]} >= {
        ("fr.superlatif.autopromotion", "title"),
        ("fr.promotion", "description"),
    }
    script = tmp_path / "script.txt"
    script.write_text("The best surgeon in Boston. Results are guaranteed.", encoding="utf-8")
    result = run_cli(f"check {script} --language en --json")
    assert result.exit_code == 7 and json.loads(result.stdout)["blocking"] == 2


@pytest.mark.slow
def test_check_media_transcribes_then_checks(run_cli, corpus: Path) -> None:
    result = run_cli(f"check {corpus / 'fr/fleurs-fr-000.ogg'} --language fr --json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["blocking"] == 0


def test_help_has_examples(run_cli) -> None:
    for command in ("seo", "check"):
        result = run_cli(f"{command} --help")
        assert result.exit_code == 0 and "Examples:" in result.output and f"videokit {command} " in result.output
