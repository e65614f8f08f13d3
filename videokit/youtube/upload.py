"""Resumable uploads that neither duplicate nor hang.

Each chunk is one attempt through the retry layer with a fresh budget. A failed chunk leaves the
googleapiclient request in its error state, so the next attempt first asks the server how much
it has (`Content-Range: bytes */TOTAL`) and resumes from there; a final reply that got lost is
recovered from that status query's 200/201 body. A saved session URI (after a crash) is resumed
the same way, at the server's current address (a sandbox started again listens on another port);
an expired one (404) restarts the upload, which is safe because an incomplete session never
becomes a video.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from googleapiclient.errors import HttpError
from googleapiclient.http import HttpRequest, MediaFileUpload

from videokit.progress import Progress, silent
from videokit.youtube.session import YouTubeSession

_EXPIRED = object()


class ChunkedFile(MediaFileUpload):
    """A file sent as bytes chunk by chunk: never a streamed body, so a re-send carries the same bytes."""

    def has_stream(self) -> bool:
        return False


def media(path: Path, chunk_size: int, mimetype: str = "application/octet-stream") -> ChunkedFile:
    return ChunkedFile(str(path), mimetype=mimetype, chunksize=chunk_size, resumable=True)


def session_status(session: YouTubeSession, uri: str, size: int) -> tuple[str, Any]:
    """("done", resource) | ("partial", bytes the server has) | ("expired", None) for a session URI."""

    def query() -> tuple[str, Any]:
        resp, content = session.http.request(
            uri, "PUT", body=b"", headers={"Content-Range": f"bytes */{size}", "Content-Length": "0"}
        )
        if resp.status in (200, 201):
            return "done", json.loads(content)
        if resp.status == 308:
            found = re.fullmatch(r"bytes=0-(\d+)", resp.get("range", ""))
            return "partial", int(found.group(1)) + 1 if found else 0
        if resp.status == 404:
            return "expired", None
        raise HttpError(resp, content, uri=uri)

    return session.run(query, "upload status query")


def upload(
    session: YouTubeSession,
    make_request: Callable[[], HttpRequest],
    size: int,
    *,
    saved_uri: str | None,
    record_uri: Callable[[str | None], None],
    progress: Progress = silent,
    what: str = "videos.insert",
) -> dict:
    """Drive a resumable upload to its final resource; `record_uri` persists the session URI first."""
    request = make_request()
    if saved_uri:
        saved_uri = session.on_this_server(saved_uri)
        state, value = session_status(session, saved_uri, size)
        if state == "done":
            return value
        if state == "partial":
            request.resumable_uri, request.resumable_progress = saved_uri, value
        else:
            record_uri(None)

    def chunk() -> Any:
        try:
            return request.next_chunk(num_retries=0)
        except HttpError as err:
            if err.resp.status == 404 and request.resumable_uri:
                return _EXPIRED
            raise

    response = None
    with session.upload_sessions(record_uri):
        while response is None:
            step = session.run(chunk, f"{what} (byte {request.resumable_progress} of {size})")
            if step is _EXPIRED:  # the session expired mid-upload: start a new one
                record_uri(None)
                request = make_request()
                continue
            status, response = step
            progress(size if response is not None else (status.resumable_progress if status else 0), size)
    return response
