"""The wire: an httplib2.Http-compatible transport on http.client, with hooks.

Why not httplib2.Http: it silently re-sends a request once when a kept-alive connection closes
without a reply (duplicating non-idempotent calls such as captions.insert, and with a streamed
body re-sending an empty one that hangs until the socket timeout), and it follows 308, which
breaks resumable uploads. Here a request is sent exactly once; retrying is the retry layer's job
(videokit.youtube.retry), and only it decides.

Connections: POST always opens a fresh connection (a stale kept-alive socket must never make a
non-idempotent call ambiguous); other methods reuse an idle connection after checking the server
has not closed it. Bodies are bytes: a file-like body is read first, so a re-send carries the same
bytes. Hooks see every exchange (the quota meter, the upload-session recorder) before the caller
does; they never see headers, so tokens cannot leak through them.
"""

from __future__ import annotations

import http.client
import logging
import select
import threading
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

import httplib2

log = logging.getLogger("videokit.youtube")
_IDEMPOTENT = {"GET", "HEAD", "PUT", "DELETE", "OPTIONS"}


@dataclass(frozen=True)
class Exchange:
    """One request as hooks see it: no headers, no body (they may carry secrets)."""

    method: str
    uri: str
    status: int | None  # None: no reply (connection failed)
    response: httplib2.Response | None
    content: bytes
    error: BaseException | None


Hook = Callable[[Exchange], None]


class Transport:
    """Drop-in for httplib2.Http as google-api-python-client and google-auth-httplib2 use it."""

    redirect_codes: frozenset[int] = frozenset()  # never follow: 308 is "resume incomplete"
    follow_redirects = False

    def __init__(self, timeout: float = 120.0, hooks: list[Hook] | None = None):
        self.timeout = timeout
        self.hooks: list[Hook] = list(hooks or [])
        self._idle: dict[tuple[str, str, int | None], http.client.HTTPConnection] = {}
        self._lock = threading.Lock()
        self.connections: dict = {}  # httplib2 attribute some callers touch

    def request(
        self,
        uri: str,
        method: str = "GET",
        body=None,
        headers=None,
        redirections: int = 0,
        connection_type=None,
        **_: object,
    ):
        if hasattr(body, "read"):
            body = body.read()
        if isinstance(body, str):
            body = body.encode("utf-8")
        parts = urlsplit(uri)
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        key = (parts.scheme, parts.hostname or "", parts.port)
        conn = self._connection(key, reuse=method in _IDEMPOTENT)
        try:
            conn.request(method, target or "/", body=body, headers=dict(headers or {}))
            raw = conn.getresponse()
            content = raw.read()
        except BaseException as exc:
            conn.close()
            log.debug("%s %s: no reply (%s)", method, parts.path, type(exc).__name__)
            self._notify(Exchange(method, uri, None, None, b"", exc))
            raise
        response = httplib2.Response(raw)
        if raw.will_close:
            conn.close()
        else:
            with self._lock:
                old = self._idle.pop(key, None)
                self._idle[key] = conn
            if old is not None:
                old.close()
        log.debug("%s %s -> %s", method, parts.path, response.status)
        self._notify(Exchange(method, uri, response.status, response, content, None))
        return response, content

    def _connection(self, key: tuple[str, str, int | None], reuse: bool) -> http.client.HTTPConnection:
        if reuse:
            with self._lock:
                conn = self._idle.pop(key, None)
            if conn is not None and conn.sock is not None and not _closed_by_peer(conn.sock):
                return conn
            if conn is not None:
                conn.close()
        scheme, host, port = key
        cls = http.client.HTTPSConnection if scheme == "https" else http.client.HTTPConnection
        return cls(host, port, timeout=self.timeout)

    def _notify(self, exchange: Exchange) -> None:
        for hook in self.hooks:
            hook(exchange)

    def close(self) -> None:
        with self._lock:
            idle, self._idle = list(self._idle.values()), {}
        for conn in idle:
            conn.close()


def _closed_by_peer(sock) -> bool:
    """An idle keep-alive socket that is readable has been closed (or sent junk): do not reuse it."""
    try:
        readable, _, _ = select.select([sock], [], [], 0)
    except (OSError, ValueError):
        return True
    return bool(readable)
