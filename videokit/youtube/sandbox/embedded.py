"""The embedded sandbox: one in-process server per state file, started the first time a sandbox
client connects without `youtube.sandbox_url` (the `videokit` command wires this in with
`videokit.youtube.service.provide_sandbox`)."""

from __future__ import annotations

import threading
from pathlib import Path

from videokit.youtube.sandbox.server import SandboxServer, start_sandbox

_servers: dict[Path, SandboxServer] = {}
_lock = threading.Lock()


def embedded_sandbox(state: Path) -> str:
    """The base URL of this process's sandbox serving `state`, started on first use."""
    state = Path(state).resolve()
    with _lock:
        if state not in _servers:
            _servers[state] = start_sandbox(state)
        return _servers[state].url
