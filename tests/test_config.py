"""The configuration model: embedded defaults, one-line errors naming file, key and accepted values."""

from __future__ import annotations

from pathlib import Path

import pytest

from videokit.config import load_settings
from videokit.errors import ConfigError


def test_embedded_defaults(home: Path) -> None:
    settings = load_settings()
    assert settings.home == home.resolve()
    assert settings.database_url == f"sqlite:///{home.resolve() / 'videokit.db'}"
    assert settings.client(None).channel == "sandbox"
    assert settings.transcribe.backend == "faster-whisper" and settings.transcribe.compute_type == "int8"


@pytest.mark.parametrize(
    ("toml", "needles"),
    [
        ("[transcribe]\nbackend = 'whisperx'\n", ["transcribe.backend", "faster-whisper", "openai-whisper"]),
        ("[trim]\nmargin = -1\n", ["trim.margin", "greater than or equal to 0"]),
        ("[clients.drmartin]\nlanguage = 'de'\n", ["clients.drmartin.language", "'fr'"]),
        ("[clients.drmartin]\nposting_calendar = ['tuesday 6pm']\n", ["posting_calendar", "TUE 18:00"]),
        ("[youtube]\nchunk_size = 1000000\n", ["youtube.chunk_size", "262144"]),
        ("[clients.drmartin\n", ["not valid TOML"]),
        ("colour = 'blue'\n", ["colour", "Extra inputs"]),
    ],
)
def test_bad_config_names_file_key_and_fix(home: Path, toml: str, needles: list[str]) -> None:
    (home / "config.toml").write_text(toml)
    with pytest.raises(ConfigError) as err:
        load_settings()
    message = str(err.value)
    assert message.startswith(str((home / "config.toml").resolve()))
    assert "\n" not in message
    for needle in needles:
        assert needle in message


def test_unknown_client_says_how_to_add_it(home: Path) -> None:
    with pytest.raises(ConfigError, match="videokit client add nobody"):
        load_settings().client("nobody")


def test_client_cli_round_trip(run_cli, home: Path) -> None:
    result = run_cli(
        "client add drmartin --display-name 'Dr Claire Martin' --slot 'TUE 18:00' --slot 'THU 18:00' --website https://dr-martin.fr"
    )
    assert result.exit_code == 0, result.output
    assert (home / "config.toml").stat().st_mode & 0o077 == 0
    result = run_cli("client edit drmartin --language en --json")
    assert result.exit_code == 0
    import json

    profile = json.loads(result.stdout)
    assert profile["language"] == "en" and profile["posting_calendar"] == ["TUE 18:00", "THU 18:00"]
    before = (home / "config.toml").read_text()
    bad = run_cli("client edit drmartin --channel not-a-channel")
    assert bad.exit_code == 4 and "UC followed by 22 characters" in bad.stderr
    assert (home / "config.toml").read_text() == before  # a rejected edit leaves the file untouched
    listed = run_cli("client list --json")
    assert {c["name"] for c in json.loads(listed.stdout)["clients"]} == {"drmartin", "sandbox"}


def test_transcribe_options_one_rule_for_every_caller(home: Path, tmp_path: Path) -> None:
    """publish, `transcribe` and `seo`/`check` on media all merge a client's options this way."""
    from videokit.clients import read_glossary
    from videokit.config import transcribe_options

    (home / "config.toml").write_text(
        '[transcribe]\nlanguage = "fr"\nglossary = ["Ordre"]\n'
        '[clients.drmartin]\nlanguage = "en"\nglossary = ["amlodipine", "Ordre"]\n',
        encoding="utf-8",
    )
    settings = load_settings(home)
    sandbox, drmartin = settings.client("sandbox"), settings.client("drmartin")  # the built-in client says "auto"
    assert transcribe_options(settings.transcribe, sandbox).language == "fr"  # "auto" leaves the configured one
    assert transcribe_options(settings.transcribe, drmartin).language == "en"  # the client's
    assert transcribe_options(settings.transcribe, drmartin, language="auto").language == "auto"  # asked for
    terms = tmp_path / "terms.txt"
    terms.write_text("# spelt the client's way\nDr Claire Martin  # on the slides\n\n", encoding="utf-8")
    options = transcribe_options(
        settings.transcribe, drmartin, glossary=read_glossary(terms), overrides={"model": "tiny"}
    )
    assert options.glossary == ["Ordre", "amlodipine", "Dr Claire Martin"] and options.model == "tiny"
    assert transcribe_options(settings.transcribe, drmartin, overrides={"model": None}).model == "base"
