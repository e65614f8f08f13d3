"""probe(): what a file holds, and one clear error for each kind of bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from videokit import serial
from videokit.errors import InputError
from videokit.media.probe import MediaInfo, probe


def test_corpus_video(ae_video: Path) -> None:
    info = probe(ae_video)
    assert (info.has_video, info.has_audio) == (True, True)
    assert (info.width, info.height, info.fps) == (1280, 720, 30.0)
    assert info.video_codec == "h264" and info.audio_codec == "aac" and info.sample_rate == 48000
    assert 42.3 < info.duration < 42.6
    assert not info.vfr and info.rotation == 0
    assert serial.load(MediaInfo, json.loads(json.dumps(serial.dump(info)))) == info


def test_audio_only(bonjour: Path) -> None:
    info = probe(bonjour)
    assert info.has_audio and not info.has_video and info.width is None
    assert 36.3 < info.duration < 36.7


def test_phone_footage_rotation_and_vfr(phone_clip: Path) -> None:
    info = probe(phone_clip)
    assert info.rotation in (90, 270)
    assert (info.width, info.height) == (270, 480)  # displayed size: portrait
    assert info.vfr


@pytest.mark.parametrize(
    "make, expected",
    [
        (lambda d, src: d / "missing.mp4", "no such file"),
        (lambda d, src: _write(d / "empty.mp4", b""), "empty"),
        (lambda d, src: _write(d / "noise.mp4", bytes(range(256)) * 400), "not a readable video or audio file"),
        (lambda d, src: _write(d / "cut.mp4", src.read_bytes()[:1_500_000]), "truncated"),
        (lambda d, src: _write(d / "header.mp4", src.read_bytes()[:20_000]), "not a readable"),
    ],
    ids=["missing", "zero-length", "not-media", "truncated", "header-only"],
)
def test_bad_input_one_clear_error(tmp_path: Path, ae_video: Path, make, expected: str) -> None:
    path = make(tmp_path, ae_video)
    with pytest.raises(InputError) as err:
        probe(path)
    message = str(err.value)
    assert str(path) in message and expected in message
    assert "\n" not in message and ";" in message  # one line, with the fix after the semicolon


def test_probe_cli(run_cli, ae_video: Path) -> None:
    result = run_cli(f"probe {ae_video} --json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["fps"] == 30.0


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
