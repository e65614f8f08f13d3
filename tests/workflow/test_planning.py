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
    _, again = plan(settings, store, folder, items, now=datetime(2026, 11, 24, 9, 0, tzinfo=PARIS))
    assert [p.options.publish_at for p in again] == slots  # chosen once, kept while ahead


def test_a_slot_that_has_passed_is_replaced_by_the_next_free_one(home: Path, folder: Path) -> None:
    """A job that waited past its slot (quota, crash) gets the next free slot, not a publish_at in the past."""
    settings = _settings(home)
    items = read_items(folder, settings, "drmartin", "publish")
    store = open_store(settings.database_url)
    _, first = plan(settings, store, folder, items, now=MONDAY_MORNING)
    _, later = plan(settings, store, folder, items, now=datetime(2026, 11, 25, 9, 0, tzinfo=PARIS))
    days = [p.options.publish_at.strftime("%a %d") for p in later]
    assert days == ["Thu 03", "Thu 26", "Tue 01"]  # Tue 24 passed: the next slot not already taken
    assert all(p.options.publish_at > datetime(2026, 11, 25, 11, 0, tzinfo=PARIS) for p in later)
    assert [p.options.publish_at for p in later[1:]] == [p.options.publish_at for p in first[1:]]  # still ahead: kept


def test_a_dry_run_reserves_no_slot(home: Path, folder: Path) -> None:
    settings = _settings(home)
    items = read_items(folder, settings, "drmartin", "publish")
    store = open_store(settings.database_url)
    _, dry = plan(settings, store, folder, items, now=MONDAY_MORNING, dry_run=True)
    shown = [p.options.publish_at for p in dry]
    assert len(set(shown)) == 3 and all(p.options.dry_run for p in dry)  # shown, distinct within the batch
    assert not list((home / "jobs").rglob("schedule.json"))  # ...and kept nowhere
    _, real = plan(settings, store, folder, items, now=MONDAY_MORNING)
    assert [p.options.publish_at for p in real] == shown


def test_a_past_publish_at_in_a_manifest_fails_at_load(run_cli, home: Path, folder: Path) -> None:
    manifest = folder / "batch.csv"
    manifest.write_text(
        "clip,publish_at\nfleurs-fr-000.ogg,2030-01-01T18:00+01:00\nfleurs-fr-002.ogg,2020-01-01T18:00+01:00\n"
    )
    result = run_cli(["batch", "run", str(manifest), "--dry-run"])
    assert result.exit_code == 3 and result.stderr.startswith(f"error: {manifest.resolve()}:3: publish_at 2020-01-01")
    assert "in the past" in result.stderr and not (home / "jobs").exists()


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
