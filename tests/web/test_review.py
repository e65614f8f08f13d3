"""workflow.review on a job whose render put a 5 s intro before the talk: the reviewer works in the
video's time, metadata.json keeps the trimmed clip's, and the upload's caption track follows edits."""

from __future__ import annotations

import shutil

import pytest
from room import Room

from videokit import serial
from videokit.media.render import LoudnessReport, RenderResult
from videokit.seo.types import Chapter
from videokit.speech.captions import parse_cues
from videokit.workflow import review
from videokit.workflow.artifacts import Artifacts

INTRO = 5.0


def with_intro(room: Room) -> Artifacts:
    job = room.jobs["drmartin"]
    serial.write(
        job.path("render.json"),
        RenderResult(
            job.path("final.mp4"), INTRO, 65.2, 640, 360, 25.0, False, None, LoudnessReport(-14.0, -1.0, None), 1.0
        ),
    )
    return Artifacts(job.dir)


def test_chapters_are_edited_in_video_time_and_kept_in_clip_time(room: Room) -> None:
    artifacts = with_intro(room)
    final = artifacts.final_metadata()
    assert [c.start for c in final.chapters] == [0.0, 25.0, 45.0]  # as the player shows them
    edit = review.MetadataEdit(
        titles=[t.text for t in final.titles],
        chosen=0,
        description=final.description,
        tags=final.tags,
        chapters_text="0:00 Introduction\n0:30 Les symptômes\n0:50 Les nouvelles",
    )
    metadata, validation = review.edited(artifacts, edit)
    assert validation.ok, validation
    assert metadata.chapters == [
        Chapter(0.0, "Introduction"),
        Chapter(25.0, "Les symptômes"),
        Chapter(45.0, "Les nouvelles"),
    ]
    review.save_metadata(room.jobs["drmartin"], metadata)
    again = Artifacts(artifacts.folder).final_metadata()
    assert [(c.timestamp, c.title) for c in again.chapters] == [
        ("0:00", "Introduction"),
        ("0:30", "Les symptômes"),
        ("0:50", "Les nouvelles"),
    ]
    assert "0:30 Les symptômes" in again.description  # the description's chapter block, in video time
    assert validation.description_bytes == len(again.description.encode("utf-8"))  # counted as it is uploaded


def test_a_chapter_inside_the_intro_or_too_short_is_refused(room: Room) -> None:
    artifacts = with_intro(room)
    final = artifacts.final_metadata()
    edit = review.MetadataEdit(
        titles=[final.title],
        chosen=0,
        description=final.description,
        tags=final.tags,
        chapters_text="0:00 A\n0:05 B\n0:50 C\nnot a chapter",
    )
    _, validation = review.edited(artifacts, edit)
    assert "a chapter lasts 5.0 s (at least 10 s)" in validation.chapters
    assert any("not 'M:SS Heading'" in p for p in validation.chapters)
    assert not validation.ok


def test_the_uploaded_track_is_the_corrected_one_moved_past_the_intro(room: Room) -> None:
    artifacts = with_intro(room)
    job = room.jobs["drmartin"]
    review.save_cue(job, 0, "Bella, Gloria, amour.", room.settings.captions)
    shown = review.cues(artifacts)  # what the player (and the upload) gets
    on_clip = parse_cues(job.path("captions.srt").read_text())
    assert shown[0].text == on_clip[0].text == "Bella, Gloria, amour."
    assert shown[0].start == pytest.approx(on_clip[0].start + INTRO)


def test_a_removed_job_folder_shows_as_failed_in_the_queue(room: Room) -> None:
    shutil.rmtree(room.jobs["drsmith"].dir)
    http = room.client("john@clinic.uk")
    jobs = http.get("/api/jobs").json()["jobs"]
    assert [j["state"] for j in jobs] == ["failed"]
    assert http.get("/").status_code == 200
