"""Small helpers test modules import (`from tools import ffmpeg`; pytest puts tests/ on sys.path:
it holds the root conftest). Fixtures stay in conftest files; plain functions live here, so no test
imports a conftest module by name (several folders have one)."""

from __future__ import annotations

import subprocess


def ffmpeg(*args: str) -> None:
    """Run ffmpeg quietly, overwriting outputs; a failure raises."""
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", *args], check=True)
