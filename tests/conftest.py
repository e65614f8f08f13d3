"""Shared fixtures: the real corpus, an isolated videokit home, and the CLI as a user types it."""

from __future__ import annotations

import os
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("VIDEOKIT_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "corpus"
BENCH = SHARED / "bench"


@pytest.fixture(scope="session", autouse=True)
def embedded_sandbox():
    """Sandbox clients without youtube.sandbox_url reach an in-process sandbox, as under `videokit`."""
    from videokit.youtube.endpoint import provide_sandbox
    from videokit.youtube.sandbox.embedded import embedded_sandbox

    provide_sandbox(embedded_sandbox)


@pytest.fixture(scope="session")
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.fail(f"{CORPUS}: the shared corpus is missing; tests need ../shared beside the repo")
    return CORPUS


@pytest.fixture(scope="session")
def gold() -> Path:
    return BENCH


@pytest.fixture(scope="session")
def models_dir() -> Path:
    """Assembled and converted Whisper weights survive across runs (conversion takes seconds, not minutes)."""
    path = Path(os.environ.get("VIDEOKIT_TEST_MODELS", Path.home() / ".cache" / "videokit-test-models"))
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty videokit home for one test (embedded defaults: SQLite, sandbox, offline models)."""
    path = tmp_path / "home"
    path.mkdir()
    monkeypatch.setenv("VIDEOKIT_HOME", str(path))
    return path


@pytest.fixture
def run_cli(home: Path):
    """Run `videokit ARGS` in-process: run_cli("publish clip.mp4 --json")."""
    from videokit.cli import cli

    def run(args: str | list[str], input: str | None = None) -> Result:
        argv = shlex.split(args) if isinstance(args, str) else list(args)
        return CliRunner().invoke(cli, argv, input=input, env={"VIDEOKIT_HOME": str(home)}, catch_exceptions=False)

    return run
