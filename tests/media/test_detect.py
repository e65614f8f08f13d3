"""Speech detection on recordings with known speech times (corpus/README.md)."""

from __future__ import annotations

import subprocess
import tracemalloc
from pathlib import Path

import pytest

from videokit.media.detect import detect_speech
from videokit.media.options import TrimOptions
from videokit.media.probe import probe

AE_SPEECH = [(0.2, 17.3), (40.0, 40.5)]  # corpus/README.md
BONJOUR_SPEECH = [(0.4, 3.5), (32.9, 35.9)]

TOLERANCE = 0.35  # seconds: the reference times are hand-read to about 0.1-0.3 s


def covered(speech: list[tuple[float, float]], start: float, end: float) -> float:
    """Fraction of [start, end] inside detected speech."""
    inside = sum(max(0.0, min(e, end) - max(s, start)) for s, e in speech)
    return inside / (end - start)


def test_auto_editor_example(ae_video: Path) -> None:
    speech = detect_speech(ae_video, probe(ae_video), TrimOptions())
    assert abs(speech[0][0] - AE_SPEECH[0][0]) < TOLERANCE
    assert abs(max(e for s, e in speech if e < 30) - AE_SPEECH[0][1]) < TOLERANCE
    assert covered(speech, 17.6, 39.7) == 0.0  # the long silence
    last = [r for r in speech if r[0] > 30]
    assert len(last) == 1 and abs(last[0][0] - 40.0) < TOLERANCE and abs(last[0][1] - 40.5) < TOLERANCE


def test_bonjour_second_phrase_after_noisy_gap(bonjour: Path) -> None:
    info = probe(bonjour)
    auto = detect_speech(bonjour, info, TrimOptions())
    vad_only = detect_speech(bonjour, info, TrimOptions(detector="vad"))
    # the trap: Silero alone loses the phrase after 29 s of room noise; the combination keeps it
    assert covered(vad_only, *BONJOUR_SPEECH[1]) == 0.0
    assert covered(auto, 33.0, 33.4) > 0.8 and covered(auto, 34.5, 35.4) > 0.8  # two words, a real pause between
    assert covered(auto, 0.5, 1.1) > 0.8 and covered(auto, 1.9, 2.9) > 0.8
    assert covered(auto, 4.2, 32.5) == 0.0  # noise floor ~-43 dBFS is not speech
    assert min(s for s, e in auto if s > 30) == pytest.approx(BONJOUR_SPEECH[1][0], abs=TOLERANCE)


def test_the_rechecks_find_the_same_speech_in_kept_or_decoded_audio(
    bonjour: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Up to half an hour the decoded audio stays in memory for the re-checks; a longer recording is
    decoded again around each candidate (here forced): the same speech either way."""
    from videokit.media import detect

    info = probe(bonjour)
    kept = detect_speech(bonjour, info, TrimOptions())
    decodes: list[float] = []
    stream = detect.stream_audio
    monkeypatch.setattr(
        detect, "stream_audio", lambda path, start=0.0, *a: decodes.append(start) or stream(path, start, *a)
    )
    monkeypatch.setattr(detect, "_KEEP_SECONDS", 0.0)
    assert detect_speech(bonjour, info, TrimOptions()) == kept
    assert len(decodes) > 1 and max(decodes) > 25  # the noisy gap was re-checked from a second decode


def test_energy_detector_alone(bonjour: Path) -> None:
    speech = detect_speech(bonjour, probe(bonjour), TrimOptions(detector="energy"))
    assert covered(speech, 33.0, 35.4) > 0.6 and covered(speech, 5.0, 32.0) == 0.0


def test_long_recording_streams_in_bounded_memory(media_dir: Path) -> None:
    """12 minutes of audio would take 46 MB decoded at once; streaming keeps Python's peak far below."""
    long = media_dir / "long.wav"
    subprocess.run(
        [
            "ffmpeg",
            "-nostdin",
            "-v",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            "anoisesrc=d=720:c=pink:r=16000:a=0.003",
            str(long),
        ],
        check=True,
    )
    info = probe(long)
    tracemalloc.start()
    try:
        speech = detect_speech(long, info, TrimOptions(detector="energy"))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert speech == []  # faint pink noise, no speech
    assert peak < 20 * 1024 * 1024, f"peak {peak / 1e6:.1f} MB"
