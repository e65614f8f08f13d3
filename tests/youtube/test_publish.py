"""Full publish: captions per language, thumbnail, playlist, scheduling, flags, locked private."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from PIL import Image

from videokit.config import load_settings
from videokit.errors import InputError
from videokit.store import open_store
from videokit.youtube.publish import UploadRequest, publish_video
from videokit.youtube.sandbox import start_sandbox
from videokit.youtube.service import connect


@pytest.fixture
def thumbnail(tmp_path):
    path = tmp_path / "thumb.jpg"
    Image.new("RGB", (1280, 720), (11, 95, 165)).save(path, quality=85)
    return path


def _request(clip, clip_srt, thumbnail, tmp_path) -> UploadRequest:
    vtt = tmp_path / "captions.fr.vtt"
    vtt.write_text("WEBVTT\n\n00:00.000 --> 00:02.000\nBonjour à tous.\n", encoding="utf-8")
    return UploadRequest(
        video=clip,
        title="Lombalgie : trois gestes simples",
        description="Un médecin explique.\n\n00:00 Introduction",
        tags=["lombalgie", "mal de dos"],
        category_id="27",
        default_language="fr",
        privacy="public",
        publish_at=datetime.now(UTC) + timedelta(days=3),
        contains_synthetic_media=True,
        captions=[(vtt, "fr"), (clip_srt, "en")],
        thumbnail=thumbnail,
        playlists=["Dos et posture"],
    )


def test_full_publish_sets_everything_once(session, sandbox, clip, clip_srt, thumbnail, tmp_path):
    request = _request(clip, clip_srt, thumbnail, tmp_path)
    result = publish_video(session, request, state_file=tmp_path / "state.json")
    again = publish_video(session, request, state_file=tmp_path / "state.json")  # a rerun adds nothing
    assert again.video_id == result.video_id and again.captions == result.captions

    row = sandbox.state.video(result.video_id)
    video = json.loads(row["resource"])
    assert video["snippet"]["defaultLanguage"] == "fr" and video["snippet"]["categoryId"] == "27"
    assert video["status"]["containsSyntheticMedia"] is True and video["status"]["selfDeclaredMadeForKids"] is False
    assert video["status"]["privacyStatus"] == "private" and video["status"]["publishAt"] == result.publish_at
    assert sorted(c["language"] for c in sandbox.state.captions(result.video_id)) == ["en", "fr"]
    assert bytes(sandbox.state.thumbnail(result.video_id)["data"]) == thumbnail.read_bytes()
    items = sandbox.state.playlist_items(result.playlists[0])
    assert [i["video_id"] for i in items] == [result.video_id]
    assert result.locked_private is False and result.processing.status == "succeeded"
    assert result.url == f"{sandbox.url}/watch?v={result.video_id}"
    assert (tmp_path / "state.json").stat().st_mode & 0o077 == 0  # the session URI is a credential


def test_unaudited_project_reports_locked_private(home, options, clip, tmp_path):
    server = start_sandbox(tmp_path / "unaudited.db", unaudited=True, processing_seconds=0)
    try:
        settings = load_settings(home, {"youtube": {"sandbox_url": server.url}})
        session = connect(settings, open_store(settings.database_url), settings.client("sandbox"), options=options)
        result = publish_video(
            session, UploadRequest(video=clip, title="Public demandé", privacy="public"), state_file=tmp_path / "s.json"
        )
    finally:
        server.stop()
    assert result.requested_privacy == "public" and result.privacy == "private"
    assert result.locked_private is True and "audit" in result.warning


def test_bad_requests_fail_before_any_call(session, sandbox, clip, tmp_path):
    before = dict(sandbox.requests)
    cases = [
        (UploadRequest(video=clip, title="x" * 101), "101 characters"),
        (UploadRequest(video=tmp_path / "missing.mp4", title="ok"), "missing.mp4: no such file"),
        (UploadRequest(video=clip, title="ok", publish_at=datetime(2020, 1, 1, tzinfo=UTC)), "in the past"),
    ]
    for request, words in cases:
        with pytest.raises(InputError, match=words):
            publish_video(session, request, state_file=tmp_path / "s.json")
    assert dict(sandbox.requests) == before
