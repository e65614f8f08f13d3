"""What keeps the review room shut: the session secret, CSRF tokens, the login rate limit and the
response headers every page carries."""

from __future__ import annotations

import secrets
import time
from collections import defaultdict, deque
from pathlib import Path

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from videokit import fsutil

CSRF_FIELD = "csrf"
CSRF_HEADER = "x-csrf-token"


def session_secret(home: Path) -> str:
    """The key that signs session cookies: made once per videokit home, kept 0600 beside the database."""
    path = home / "web" / "session.key"
    if not path.exists():
        fsutil.write_text(path, secrets.token_urlsafe(48), mode=0o600)
    return path.read_text(encoding="utf-8").strip()


def csrf_token(request: Request) -> str:
    """The session's CSRF token, made on first use; every form and htmx request sends it back."""
    token = request.session.get(CSRF_FIELD)
    if not token:
        token = request.session[CSRF_FIELD] = secrets.token_urlsafe(32)
    return str(token)


async def csrf_ok(request: Request) -> bool:
    """The request carries the session's token (form field or header), compared in constant time."""
    expected = request.session.get(CSRF_FIELD)
    sent: object = request.headers.get(CSRF_HEADER)
    if sent is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        sent = (await request.form()).get(CSRF_FIELD)
    return bool(expected) and isinstance(sent, str) and secrets.compare_digest(sent, str(expected))


class LoginLimiter:
    """At most `attempts` failed logins per address and per account within `window` seconds."""

    def __init__(self, attempts: int, window: float):
        self.attempts, self.window = attempts, window
        self._failures: dict[str, deque[float]] = defaultdict(deque)

    def _recent(self, key: str, now: float) -> deque[float]:
        failures = self._failures[key]
        while failures and failures[0] <= now - self.window:
            failures.popleft()
        return failures

    def wait(self, *keys: str) -> float:
        """Seconds until a new attempt is allowed for these keys (0: allowed now)."""
        now = time.monotonic()
        waits = [
            failures[0] + self.window - now
            for failures in (self._recent(k, now) for k in keys)
            if len(failures) >= self.attempts
        ]
        return max(waits, default=0.0)

    def failed(self, *keys: str) -> None:
        now = time.monotonic()
        for key in keys:
            self._recent(key, now).append(now)

    def succeeded(self, *keys: str) -> None:
        for key in keys:
            self._failures.pop(key, None)


CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "media-src 'self'; font-src 'self'; connect-src 'self'; frame-src 'self'; frame-ancestors 'self'; "
    "form-action 'self'; base-uri 'none'"
)


class SecureHeaders:
    """Headers on every response: no framing by others, no sniffing, no referrer, a strict CSP,
    nothing cached, and HSTS when served over HTTPS."""

    def __init__(self, app: ASGIApp, https: bool):
        self.app, self.https = app, https

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {name.lower() for name, _ in headers}
                extra = {
                    b"content-security-policy": CSP.encode(),
                    b"x-content-type-options": b"nosniff",
                    b"x-frame-options": b"SAMEORIGIN",
                    b"referrer-policy": b"no-referrer",
                    b"cross-origin-opener-policy": b"same-origin",
                    b"cross-origin-resource-policy": b"same-origin",
                    b"permissions-policy": b"camera=(), microphone=(), geolocation=()",
                    b"cache-control": b"no-store",
                }
                if self.https:
                    extra[b"strict-transport-security"] = b"max-age=31536000; includeSubDomains"
                headers += [(k, v) for k, v in extra.items() if k not in names]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)
