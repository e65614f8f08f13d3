"""Issue 16 sweep: the sandbox server answers malformed requests with a 400 (never a traceback or a
thread waiting forever), refuses a negative or huge Content-Length, and completes an upload session
once when its final chunk arrives twice at the same time."""

from __future__ import annotations

import http.client
import json
import socket
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

TOKEN = {"Authorization": "Bearer anything"}


def _raw(sandbox, request: bytes, timeout: float = 5.0) -> bytes:
    """Send bytes as they are; return the reply (the server must answer or close within `timeout`)."""
    host, port = urlsplit(sandbox.url).hostname, urlsplit(sandbox.url).port
    with socket.create_connection((host, port), timeout=timeout) as sock:
        sock.sendall(request)
        reply = b""
        while chunk := sock.recv(65536):
            reply += chunk
            if b"\r\n\r\n" in reply and b"Connection: close" not in reply and len(reply) > 200:
                break
    return reply


@pytest.mark.parametrize(
    "length, status",
    [("-5", b"400"), ("abc", b"400"), ("99999999999999", b"413"), ("1e9", b"400")],
)
def test_bad_content_length_is_refused_at_once(sandbox, length: str, status: bytes) -> None:
    request = (
        f"POST /youtube/v3/playlists?part=snippet HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer t\r\n"
        f"Content-Length: {length}\r\nContent-Type: application/json\r\n\r\n"
    ).encode()
    reply = _raw(sandbox, request)
    assert reply.split(b" ")[1] == status, reply[:200]
    assert b'"error"' in reply


@pytest.mark.parametrize(
    "headers, body",
    [
        ({"X-Upload-Content-Length": "lots", "Content-Type": "application/json"}, b"{}"),
        ({"Content-Type": "application/json"}, b"{not json"),
        ({"Content-Type": "application/json"}, b"\xff\xfe[1,2]"),
        ({"Content-Type": "multipart/related; boundary=zz"}, b"--zz\r\nnonsense"),
    ],
)
def test_malformed_requests_get_a_400(sandbox, headers: dict[str, str], body: bytes) -> None:
    url = urlsplit(sandbox.url)
    upload = "resumable" if "X-Upload-Content-Length" in headers else "multipart"
    path = f"/upload/youtube/v3/videos?part=snippet,status&uploadType={upload}"
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=5)
    conn.request("POST", path, body=body, headers={**TOKEN, **headers})
    reply = conn.getresponse()
    assert reply.status == 400, reply.read()[:300]
    assert json.loads(reply.read())["error"]["code"] == 400
    conn.close()


def test_concurrent_final_chunks_complete_the_session_once(sandbox, corpus: Path) -> None:
    video = (corpus / "video" / "whisperx_sample01.mp4").read_bytes()
    url = urlsplit(sandbox.url)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
    meta = json.dumps({"snippet": {"title": "Une fois", "categoryId": "27"}, "status": {"privacyStatus": "private"}})
    conn.request("POST", "/upload/youtube/v3/videos?part=snippet,status&uploadType=resumable", body=meta,
                 headers={**TOKEN, "Content-Type": "application/json", "X-Upload-Content-Length": str(len(video))})  # fmt: skip
    opened = conn.getresponse()
    opened.read()
    session = urlsplit(opened.getheader("Location"))
    barrier, replies = threading.Barrier(4), []

    def final_chunk() -> None:
        c = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
        barrier.wait()
        c.request("PUT", f"{session.path}?{session.query}", body=video,
                  headers={**TOKEN, "Content-Range": f"bytes 0-{len(video) - 1}/{len(video)}"})  # fmt: skip
        reply = c.getresponse()
        replies.append((reply.status, json.loads(reply.read())))

    threads = [threading.Thread(target=final_chunk) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert [status for status, _ in replies] == [200] * 4
    assert len({body["id"] for _, body in replies}) == 1
    assert sandbox.state.count_videos() == 1
