"""Batch planning: uploads the quota cannot cover today are deferred, never started; publishing
slots follow each client's posting calendar and stay stable across reruns."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from videokit.config import load_settings
from videokit.store import open_store
from videokit.workflow.batch import plan, read_items

PARIS = ZoneInfo("Europe/Paris")
MONDAY_MORNING = datetime(2026, 11, 23, 10, 0, tzinfo=PARIS)


@pytest.fixture
def folder(tmp_path: Path, corpus: Path) -> Path:
    clips = tmp_path / "clips"
    clips.mkdir()
    for i in (0, 2, 3):
        shutil.copy(corpus / f"fr/fleurs-fr-00{i}.ogg", clips)
    return clips


def _settings(home: Path, extra: str = ""):
    (home / "config.toml").write_text(
        extra + '[clients.drmartin]\nposting_calendar = ["TUE 18:00", "THU 18:00"]\ntimezone = "Europe/Paris"\n'
    )
    return load_settings(home)


def test_slots_follow_the_posting_calendar(home: Path, folder: Path) -> None:
    settings = _settings(home)
    items = read_items(folder, settings, "drmartin", "publish")
    store = open_store(settings.database_url)
    _, planned = plan(settings, store, folder, items, now=MONDAY_MORNING)
    slots = [p.options.publish_at for p in planned]
    assert [(s.strftime("%a %H:%M"), s.day) for s in slots] == [("Tue 18:00", 24), ("Thu 18:00", 26), ("Tue 18:00", 1)]
    _, again = plan(settings, store, folder, items, now=datetime(2026, 11, 25, 9, 0, tzinfo=PARIS))
    assert [p.options.publish_at for p in again] == slots  # chosen once, kept


def test_uploads_over_the_quota_are_deferred(home: Path, folder: Path) -> None:
    from videokit.workflow.batch import publish_cost
    from videokit.youtube.quota import plan_units

    settings = _settings(home)
    one = plan_units(publish_cost(settings, settings.client("drmartin")))["shared"]
    settings = _settings(home, f"[youtube]\ndaily_units = {2 * one + one // 2}\n")
    items = read_items(folder, settings, "drmartin", "publish")
    _, planned = plan(settings, open_store(settings.database_url), folder, items, now=MONDAY_MORNING)
    deferred = [p for p in planned if p.options.defer]
    assert len(deferred) == 1 and "quota" in deferred[0].options.defer
    assert deferred[0].options.publish_at is None  # no slot is taken by a deferred upload
