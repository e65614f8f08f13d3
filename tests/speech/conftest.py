"""Speech fixtures: one persistent model cache, models loaded once, short real clips."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from videokit.speech.options import TranscribeOptions
from videokit.speech.transcribe import transcribe
from videokit.speech.types import Transcript


@pytest.fixture(scope="session")
def cut(tmp_path_factory: pytest.TempPathFactory):
    """cut(source, start, seconds) -> a WAV excerpt of a corpus file."""
    folder = tmp_path_factory.mktemp("clips")

    def make(source: Path, start: float, seconds: float) -> Path:
        out = folder / f"{source.stem}-{start:g}-{seconds:g}.wav"
        if not out.exists():
            cmd = [
                "ffmpeg",
                "-nostdin",
                "-v",
                "error",
                "-y",
                "-ss",
                str(start),
                "-t",
                str(seconds),
                "-i",
                str(source),
                str(out),
            ]
            subprocess.run(cmd, check=True)
        return out

    return make


@pytest.fixture(scope="session")
def run(models_dir: Path):
    """run(media, **options) -> Transcript, memoised for the session (2 CPU cores are shared)."""
    done: dict[tuple, Transcript] = {}

    def go(media: Path, **options) -> Transcript:
        key = (str(media), tuple(sorted((k, str(v)) for k, v in options.items())))
        if key not in done:
            done[key] = transcribe(media, TranscribeOptions(cpu_threads=2, **options), models_dir=models_dir)
        return done[key]

    return go
