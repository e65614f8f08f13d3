"""`videokit audit fix` / `undo` on the seeded sandbox channel: diff, apply, record, restore exactly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import CLIENT, seed_channel

from videokit import serial
from videokit.audit.fix import replace_chapters
from videokit.config import load_settings
from videokit.speech.captions import read_captions
from videokit.store import open_store
from videokit.store.jobs import JobRecord
from videokit.store.videos import VideoRecord
from videokit.youtube.sandbox.state import SandboxState

FIX_ALL = "--only chapters,description,tags,title"


def _stored(home: Path, ids: list[str]) -> dict[str, str]:
    """The sandbox's stored resource text of each video: byte-identical or not."""
    state = SandboxState(home / "sandbox.db")
    try:
        return {i: state.video(i)["resource"] for i in ids}
    finally:
        state.close()


def _listed(session, ids: list[str]) -> str:
    """videos.list as a client sees it (etag and snippet; statistics move with simulated time)."""
    reply = session.execute(session.data.videos().list(part="snippet", id=",".join(ids)), "videos.list")
    return json.dumps([{"etag": i["etag"], "snippet": i["snippet"]} for i in reply["items"]], ensure_ascii=False)


@pytest.fixture
def job_video(channel, home: Path, corpus: Path):
    """`long-title-1` as if videokit had published it: a job folder with its transcript."""
    seed = channel["long-title-1"]
    settings = load_settings(home)
    folder = home / "jobs" / CLIENT / "epaule"
    transcript = read_captions((corpus / "fr/whisperx_sample_fr_01.srt").read_text(encoding="utf-8"), "fr")
    serial.write(folder / "transcript.json", transcript)  # rendered without an intro: no render.json needed
    store = open_store(settings.database_url)
    store.jobs.record_job(JobRecord("job-epaule", CLIENT, "publish", "epaule.mp4", "0" * 64, str(folder)), "done")
    store.videos.add(VideoRecord(seed.video_id, CLIENT, "UC", seed.title, job_id="job-epaule"))
    return seed


def _changes(home: Path):
    return open_store(load_settings(home).database_url).changes.of_client(CLIENT)


def test_fix_then_undo_restores_every_video_byte_identical(channel, job_video, session, run_cli, home: Path) -> None:
    ids = [s.video_id for s in channel.values()]
    stored, listed = _stored(home, ids), _listed(session, ids)
    targets = [channel[k] for k in ("fix-description", "long-title-1", "fix-chapters")]
    args = " ".join(f"--video {s.video_id}" for s in targets)
    result = run_cli(f"audit fix --client {CLIENT} {args} {FIX_ALL} --json")
    assert result.exit_code == 0, result.output
    fixes = {f["video_id"]: f for f in json.loads(result.stdout)["fixes"]}
    description = fixes[channel["fix-description"].video_id]
    assert description["source"]["kind"] == "captions" and [c["field"] for c in description["changes"]] == [
        "description"
    ]
    assert description["changes"][0]["before"] == "" and len(description["changes"][0]["after"]) > 100
    title = fixes[channel["long-title-1"].video_id]
    assert title["source"] == {"kind": "job", "ref": "job-epaule", "language": "fr"}
    assert [c["field"] for c in title["changes"]] == ["title"] and len(title["changes"][0]["after"]) <= 70
    chapters = fixes[channel["fix-chapters"].video_id]  # 59 s: too short for chapters, said and left alone
    assert chapters["changes"] == [] and "chapter" in chapters["skipped"]

    after = _stored(home, ids)
    changed = {i for i in ids if after[i] != stored[i]}
    assert changed == {channel["fix-description"].video_id, channel["long-title-1"].video_id}
    records = _changes(home)
    assert {r.video_id for r in records} == changed
    for r in records:  # before = the full snippet as read, after = what YouTube stored
        assert r.before == json.loads(stored[r.video_id])["snippet"] | {"thumbnails": r.before["thumbnails"]}
        assert r.after["title"] == json.loads(after[r.video_id])["snippet"]["title"]

    for r in records:
        undone = run_cli(f"audit undo {r.id}")
        assert undone.exit_code == 0, undone.output
    assert _stored(home, ids) == stored
    assert _listed(session, ids) == listed
    assert run_cli(f"audit undo {records[0].id}").exit_code == 3  # already undone: said, nothing sent


def test_dry_run_shows_the_diff_and_changes_nothing(channel, session, run_cli, home: Path) -> None:
    ids = [s.video_id for s in channel.values()]
    stored = _stored(home, ids)
    seed = channel["fix-description"]
    result = run_cli(f"audit fix --client {CLIENT} --video {seed.video_id} --dry-run")
    assert result.exit_code == 0, result.output
    assert "--- description (before)" in result.output and "+++ description (after)" in result.output
    assert "would change 1 video(s)" in result.output
    assert _stored(home, ids) == stored and _changes(home) == []


def test_titles_change_only_when_asked(channel, job_video, session, run_cli, home: Path) -> None:
    seed = channel["long-title-1"]
    result = run_cli(f"audit fix --client {CLIENT} --video {seed.video_id} --json")
    assert result.exit_code == 0, result.output
    fix = json.loads(result.stdout)["fixes"][0]
    assert fix["changes"] == [] and fix["skipped"] == "no defect in the asked fields"
    assert json.loads(_stored(home, [seed.video_id])[seed.video_id])["snippet"]["title"] == seed.title
    assert run_cli(f"audit fix --client {CLIENT} --only titles").exit_code == 3


def test_undo_refuses_to_overwrite_a_later_edit_unless_forced(channel, session, run_cli, home: Path) -> None:
    seed = channel["fix-description"]
    original = _stored(home, [seed.video_id])
    assert run_cli(f"audit fix --client {CLIENT} --video {seed.video_id}").exit_code == 0
    (change,) = _changes(home)
    snippet = {
        k: v for k, v in change.after.items() if k in ("title", "description", "tags", "categoryId", "defaultLanguage")
    }
    snippet["title"] = "Hospital care: edited by hand"
    session.execute(
        session.data.videos().update(part="snippet", body={"id": seed.video_id, "snippet": snippet}), "videos.update"
    )
    refused = run_cli(f"audit undo {change.id}")
    assert refused.exit_code == 3 and "edited after this change (title)" in refused.stderr
    assert run_cli(f"audit undo {change.id} --force").exit_code == 0
    assert _stored(home, [seed.video_id]) == original


def test_unknown_or_foreign_video_is_named(channel, session, run_cli, home: Path, corpus: Path) -> None:
    result = run_cli(f"audit fix --client {CLIENT} --video XXXXXXXXXXX --dry-run")
    assert result.exit_code == 3 and "--video XXXXXXXXXXX: no such video on client 'drmartin'" in result.stderr
    (foreign,) = [
        s for s in seed_channel(home / "sandbox.db", corpus, account="another-doctor") if s.key == "fix-description"
    ]
    result = run_cli(f"audit fix --client {CLIENT} --video {foreign.video_id}")  # public, but another channel's
    assert result.exit_code == 3 and foreign.video_id in result.stderr


def test_chapter_block_is_replaced_in_place_or_appended() -> None:
    text = "Intro.\n\n0:00 Début\n0:05 Suite\n\nLiens : cabinet"
    assert replace_chapters(text, "0:00 A\n1:00 B\n2:00 C") == "Intro.\n\n0:00 A\n1:00 B\n2:00 C\n\nLiens : cabinet"
    assert replace_chapters("Intro.", "0:00 A\n1:00 B\n2:00 C") == "Intro.\n\n0:00 A\n1:00 B\n2:00 C"
