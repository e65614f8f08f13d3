"""Fixtures for the YouTube area: a fresh sandbox per test (it starts in milliseconds), settings
pointing at it with 256 KiB chunks, and a fast retry policy so fault cases finish in seconds."""

from __future__ import annotations

from pathlib import Path

import pytest

from videokit.config import load_settings
from videokit.store import open_store
from videokit.youtube.options import YouTubeSettings
from videokit.youtube.sandbox import start_sandbox
from videokit.youtube.service import connect

CHUNK = 256 * 1024
FAST = YouTubeSettings(attempts=5, initial_wait=0.05, max_wait=0.3, timeout=5.0, processing_wait=0.0, poll_interval=0.1)


@pytest.fixture
def options() -> YouTubeSettings:
    return FAST


@pytest.fixture
def sandbox(tmp_path: Path):
    server = start_sandbox(tmp_path / "sandbox" / "state.db", processing_seconds=0.0)
    yield server
    server.stop()


@pytest.fixture
def settings(home: Path, sandbox):
    def make(**youtube):
        return load_settings(home, {"youtube": {"sandbox_url": sandbox.url, "chunk_size": CHUNK, **youtube}})

    return make


@pytest.fixture
def session(settings):
    """A connected session for the built-in sandbox client."""
    s = settings()
    yt = connect(s, open_store(s.database_url), s.client("sandbox"), options=FAST)
    yield yt
    yt.close()


@pytest.fixture(scope="session")
def clip(corpus: Path) -> Path:
    """A real 745 kB video with speech: three 256 KiB chunks (first, middle, last)."""
    return corpus / "video" / "whisperx_sample01.mp4"


@pytest.fixture(scope="session")
def clip_srt(corpus: Path) -> Path:
    return corpus / "video" / "whisperx_sample01.srt"


@pytest.fixture
def project(session) -> str:
    """The sandbox keys quota by OAuth client id, which stands for the Cloud project."""
    return session.credentials.client_id
