"""The sandbox speaks YouTube's wire format and refuses what YouTube refuses."""

from __future__ import annotations

import http.client
import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from google.oauth2.credentials import Credentials
from googleapiclient.discovery import build_from_document
from googleapiclient.errors import HttpError
from googleapiclient.http import MediaInMemoryUpload

from videokit.youtube import discovery
from videokit.youtube.edit import EditConflict, for_update, update_snippet
from videokit.youtube.sandbox import start_sandbox
from videokit.youtube.transport import Transport


def _wire(url: str, method: str, path: str, body: bytes = b"", headers: dict | None = None):
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    conn.request(method, path, body=body, headers={"Authorization": "Bearer anything", **(headers or {})})
    resp = conn.getresponse()
    data = resp.read()
    conn.close()
    return resp, data


def _outside_client(url: str, api: str = discovery.DATA_API):
    """What a tool outside videokit does: the packaged document, rootUrl replaced, any bearer token."""
    from google_auth_httplib2 import AuthorizedHttp

    return build_from_document(
        discovery.document_for(api, url), http=AuthorizedHttp(Credentials("any-token"), http=Transport(10))
    )


def test_resumable_protocol_on_the_wire(sandbox, clip):
    data = clip.read_bytes()[:600_000]
    meta = json.dumps({"snippet": {"title": "Protocole", "categoryId": "27"}}).encode()
    resp, _ = _wire(sandbox.url, "POST", "/upload/youtube/v3/videos?uploadType=resumable&part=snippet,status", meta,
                    {"Content-Type": "application/json", "X-Upload-Content-Length": str(len(data)), "X-Upload-Content-Type": "video/mp4"})  # fmt: skip
    assert resp.status == 200
    session = urlsplit(resp.getheader("Location"))
    target = f"{session.path}?{session.query}"

    status, _ = _wire(sandbox.url, "PUT", target, b"", {"Content-Range": f"bytes */{len(data)}"})
    assert status.status == 308 and status.getheader("Range") is None  # nothing arrived yet
    part, _ = _wire(sandbox.url, "PUT", target, data[:262144], {"Content-Range": f"bytes 0-262143/{len(data)}"})
    assert part.status == 308 and part.getheader("Range") == "bytes=0-262143"
    status, _ = _wire(sandbox.url, "PUT", target, b"", {"Content-Range": f"bytes */{len(data)}"})
    assert status.getheader("Range") == "bytes=0-262143"
    gap, _ = _wire(
        sandbox.url, "PUT", target, data[524288:], {"Content-Range": f"bytes 524288-{len(data) - 1}/{len(data)}"}
    )
    assert gap.getheader("Range") == "bytes=0-262143"  # a chunk past a hole is not taken
    last, body = _wire(
        sandbox.url, "PUT", target, data[262144:], {"Content-Range": f"bytes 262144-{len(data) - 1}/{len(data)}"}
    )
    assert last.status == 200 and json.loads(body)["kind"] == "youtube#video"
    again, body2 = _wire(sandbox.url, "PUT", target, b"", {"Content-Range": f"bytes */{len(data)}"})
    assert (
        again.status == 200 and json.loads(body2)["id"] == json.loads(body)["id"]
    )  # a lost final reply is recoverable

    sandbox.state.expire_sessions()
    gone, body = _wire(sandbox.url, "PUT", target, b"", {"Content-Range": f"bytes */{len(data)}"})
    assert gone.status == 404 and json.loads(body)["error"]["code"] == 404


def test_status_page_and_outside_client(sandbox):
    resp, body = _wire(sandbox.url, "GET", "/")
    status = json.loads(body)
    assert resp.status == 200 and status["simulated"] is True and status["base_url"] == sandbox.url
    mine = _outside_client(sandbox.url).channels().list(part="id,contentDetails", mine=True).execute()
    assert mine["items"][0]["contentDetails"]["relatedPlaylists"]["uploads"].startswith("UU")


META_ERRORS = {
    "title of 101 characters": ({"title": "a" * 101}, {}, "invalidTitle"),
    "title with <": ({"title": "Douleur <aiguë>"}, {}, "invalidTitle"),
    "description of 5001 UTF-8 bytes": ({"title": "ok", "description": "é" * 2500 + "a"}, {}, "invalidDescription"),
    "tags over 500 counted YouTube's way": ({"title": "ok", "tags": ["mal de dos"] * 42}, {}, "invalidTags"),
    "unknown category": ({"title": "ok", "categoryId": "999"}, {}, "invalidCategoryId"),
    "publishAt on a public video": (
        {"title": "ok"},
        {"privacyStatus": "public", "publishAt": "2099-01-01T10:00:00Z"},
        "invalidPublishAt",
    ),
}


@pytest.mark.parametrize("case", list(META_ERRORS))
def test_metadata_validation_matches_youtube(case, sandbox):
    snippet, status, reason = META_ERRORS[case]
    yt = _outside_client(sandbox.url)
    request = yt.videos().insert(part="snippet,status", body={"snippet": {"categoryId": "27", **snippet}, "status": status},
                                 media_body=MediaInMemoryUpload(b"x" * 10, mimetype="video/mp4", resumable=True))  # fmt: skip
    with pytest.raises(HttpError) as caught:
        request.execute()
    error = json.loads(caught.value.content)["error"]
    assert (
        caught.value.resp.status == 400
        and error["errors"][0]["reason"] == reason
        and error["status"] == "INVALID_ARGUMENT"
    )


def test_limits_at_the_edge_are_accepted(sandbox):
    yt = _outside_client(sandbox.url)
    # 100 characters; 5000 UTF-8 bytes; tags 38 * (10 + 2 for the space) + 37 commas = 493 <= 500
    snippet = {"title": "é" * 100, "description": "é" * 2500, "tags": ["mal de dos"] * 38, "categoryId": "27"}
    publish_at = (datetime.now(UTC) + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M:%SZ")
    video = yt.videos().insert(part="snippet,status", body={"snippet": snippet, "status": {"privacyStatus": "private", "publishAt": publish_at}},
                               media_body=MediaInMemoryUpload(b"x" * 10, mimetype="video/mp4", resumable=True)).execute()  # fmt: skip
    assert (
        video["status"]["publishAt"] == publish_at and video["status"]["uploadStatus"] == "failed"
    )  # 10 bytes are not a video


def test_update_deletes_omitted_fields_and_list_caps_ids(sandbox, session, clip):
    yt = session.data
    inserted = session.execute(yt.videos().insert(part="snippet,status", body={"snippet": {"title": "Avant", "description": "garde-moi", "tags": ["dos"], "categoryId": "27"}},
                                                  media_body=MediaInMemoryUpload(clip.read_bytes(), mimetype="video/mp4", resumable=True)), "videos.insert")  # fmt: skip
    video_id = inserted["id"]
    raw = session.execute(
        yt.videos().update(part="snippet", body={"id": video_id, "snippet": {"title": "Brut", "categoryId": "27"}}),
        "videos.update",
    )
    assert "tags" not in raw["snippet"] and raw["snippet"]["description"] == ""  # omitted = deleted, as on YouTube

    session.execute(
        yt.videos().update(
            part="snippet",
            body={
                "id": video_id,
                "snippet": {"title": "Avant", "description": "garde-moi", "tags": ["dos"], "categoryId": "27"},
            },
        ),
        "videos.update",
    )
    update = update_snippet(session, video_id, lambda current: {**for_update(current), "title": "Après"})
    assert update.before["title"] == "Avant"
    assert update.stored["title"] == "Après" and update.stored["tags"] == ["dos"]
    assert update.stored["description"] == "garde-moi"
    sent = session.calls["videos.update"]
    with pytest.raises(EditConflict, match=r"\(title\)"):  # edited since `update.before` was read: refused
        update_snippet(session, video_id, lambda current: {**current, "title": "Autre"}, expected=update.before)
    assert session.calls["videos.update"] == sent  # ... before anything was sent

    with pytest.raises(Exception, match="more than 50"):
        session.execute(yt.videos().list(part="id", id=",".join(["x" * 11] * 51)), "videos.list")


def test_thumbnail_too_large_and_wrong_scope_are_refused(sandbox, clip):
    yt = _outside_client(sandbox.url)
    video = yt.videos().insert(part="snippet", body={"snippet": {"title": "Vignette", "categoryId": "27"}},
                               media_body=MediaInMemoryUpload(clip.read_bytes(), mimetype="video/mp4", resumable=True)).execute()  # fmt: skip
    big = b"\xff\xd8" + b"0" * (2 * 1024 * 1024)
    with pytest.raises(HttpError) as caught:
        yt.thumbnails().set(videoId=video["id"], media_body=MediaInMemoryUpload(big, mimetype="image/jpeg")).execute()
    assert caught.value.resp.status == 413
    ok = (
        yt.thumbnails()
        .set(videoId=video["id"], media_body=MediaInMemoryUpload(b"\xff\xd8small", mimetype="image/jpeg"))
        .execute()
    )
    assert ok["items"][0]["default"]["url"].endswith("default.jpg")

    channel = sandbox.state.channel_for("readonly")
    refresh = sandbox.state.grant("viewer", channel, "https://www.googleapis.com/auth/youtube.readonly")
    token = sandbox.state.access_token(refresh, 3600)["access_token"]
    resp, body = _wire(sandbox.url, "POST", "/youtube/v3/playlists?part=snippet", json.dumps({"snippet": {"title": "x"}}).encode(),
                       {"Authorization": f"Bearer {token}", "Content-Type": "application/json"})  # fmt: skip
    assert resp.status == 403 and json.loads(body)["error"]["errors"][0]["reason"] == "insufficientPermissions"


def test_quota_runs_out_with_quota_exceeded(tmp_path, clip):
    server = start_sandbox(tmp_path / "q.db", daily_units=120, processing_seconds=0)
    try:
        yt = _outside_client(server.url)
        video = yt.videos().insert(part="snippet", body={"snippet": {"title": "Quota", "categoryId": "27"}},
                                   media_body=MediaInMemoryUpload(clip.read_bytes()[:1000], mimetype="video/mp4", resumable=True)).execute()  # fmt: skip
        thumb = MediaInMemoryUpload(b"\xff\xd8tiny", mimetype="image/jpeg")
        yt.thumbnails().set(videoId=video["id"], media_body=thumb).execute()  # 50
        yt.thumbnails().set(videoId=video["id"], media_body=thumb).execute()  # 100
        with pytest.raises(HttpError) as caught:
            yt.thumbnails().set(videoId=video["id"], media_body=thumb).execute()  # 150 > 120
        assert caught.value.resp.status == 403 and b"quotaExceeded" in caught.value.content
        assert server.state.quota_used() == {"shared": 100, "videos.insert": 1}
    finally:
        server.stop()


@pytest.mark.slow
def test_sandbox_serve_command_prints_its_url(tmp_path):
    env = {
        **os.environ,
        "VIDEOKIT_HOME": str(tmp_path / "home"),
        "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
    }
    videokit = Path(sys.executable).parent / "videokit"
    proc = subprocess.Popen(
        [str(videokit), "sandbox", "serve", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
        text=True,
    )
    try:
        url = proc.stdout.readline().strip()
        resp, body = _wire(url, "GET", "/")
        assert resp.status == 200 and json.loads(body)["base_url"] == url
        mine = _outside_client(url).channels().list(part="id", mine=True).execute()
        assert mine["items"][0]["id"].startswith("UC")
    finally:
        proc.terminate()
        proc.wait(timeout=10)
