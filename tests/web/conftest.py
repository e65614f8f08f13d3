"""The `room` fixture: a review room on real files (see room.py)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from room import ACCOUNTS, CLIP, PASSWORD, Room, make_job

from videokit.config import load_settings
from videokit.store import open_store
from videokit.web.accounts import add_user


@pytest.fixture
def room(home: Path, corpus: Path) -> Iterator[Room]:
    (home / "config.toml").write_text(
        '[clients.drmartin]\ndisplay_name = "Dr Claire Martin"\nlanguage = "fr"\n\n'
        '[clients.drsmith]\ndisplay_name = "Dr John Smith"\nlanguage = "en"\n',
        encoding="utf-8",
    )
    settings = load_settings(home)
    store = open_store(settings.database_url)
    clip = home / "consultation.mp4"
    shutil.copy(corpus / CLIP, clip)
    shutil.copy((corpus / CLIP).with_suffix(".srt"), clip.with_suffix(".srt"))
    jobs = {client: make_job(settings, store, clip, client) for client in ("drmartin", "drsmith")}
    for email, (role, clients) in ACCOUNTS.items():
        add_user(store.users, settings, email, role, clients, PASSWORD)
    yield Room(settings, store, jobs)
    store.close()
