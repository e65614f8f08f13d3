"""Authorised YouTube services for one client's pinned channel, over the one retry layer.

Layers, outermost first: `YouTubeSession.execute` (retry + quota check) -> googleapiclient
Resource (built from the packaged discovery document, `rootUrl` pointing at Google or at the
sandbox) -> google_auth_httplib2.AuthorizedHttp (adds the bearer token, refreshes it through
google.oauth2.credentials) -> videokit.youtube.transport.Transport (the wire, with hooks: the
quota meter records every call that reaches the API).

A session is not shared between threads (neither is httplib2's): a batch opens one per job.
"""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

import google_auth_httplib2
from google.oauth2.credentials import Credentials
from googleapiclient.discovery import build_from_document
from googleapiclient.http import HttpRequest

from videokit.config import ClientProfile, Settings
from videokit.errors import ConfigError, YouTubeError
from videokit.store import open_store
from videokit.youtube import auth, discovery, retry
from videokit.youtube.options import YouTubeSettings
from videokit.youtube.quota import QuotaLedger
from videokit.youtube.sandbox import SandboxServer, start_sandbox
from videokit.youtube.transport import Exchange, Transport

T = TypeVar("T")
_UNCHARGED_403 = frozenset(
    {"quotaExceeded", "dailyLimitExceeded", "rateLimitExceeded", "userRateLimitExceeded", "insufficientPermissions"}
)
_sandboxes: dict[Path, SandboxServer] = {}
_sandboxes_lock = threading.Lock()


class YouTubeSession:
    """Data v3 + Analytics v2 for one client, pinned to `channel_id`."""

    def __init__(
        self,
        client: ClientProfile,
        channel_id: str,
        credentials: Credentials,
        ledger: QuotaLedger,
        options: YouTubeSettings,
        chunk_size: int = 8 * 1024 * 1024,
    ):
        self.client = client
        self.chunk_size = chunk_size
        self.channel_id = channel_id
        self.ledger = ledger
        self.options = options
        self.credentials = credentials
        self.root = auth.api_root(credentials)  # None: Google itself
        self.transport = Transport(timeout=options.timeout, hooks=[self._meter])
        self.http = google_auth_httplib2.AuthorizedHttp(credentials, http=self.transport)
        self.data = self._build(discovery.DATA_API)
        self.analytics = self._build(discovery.ANALYTICS_API)

    def _build(self, api: str):
        doc = discovery.document_for(api, self.root) if self.root else discovery.document(api)
        return build_from_document(doc, http=self.http)

    @property
    def auth_fix(self) -> str:
        return auth.fix_hint(self.client.name)

    def run(self, attempt: Callable[[], T], what: str, recover: Callable[[], T | None] | None = None) -> T:
        """One operation through the retry layer (a fresh budget each call)."""
        return retry.call(
            attempt,
            what=f"client {self.client.name!r}: {what}",
            options=self.options,
            recover=recover,
            auth_fix=self.auth_fix,
        )

    def execute(self, request: HttpRequest, method: str, recover: Callable[[], Any] | None = None) -> Any:
        """Run one non-upload API call: refused before sending when the ledger says the quota is spent."""
        self.ledger.ensure({method: 1})
        return self.run(lambda: request.execute(num_retries=0), method, recover)

    def refresh(self) -> None:
        """Get a fresh access token now (a revoked grant fails here, before any work)."""
        self.run(lambda: self.credentials.refresh(google_auth_httplib2.Request(self.transport)), "token refresh")

    def verify_channel(self) -> None:
        """The token must act for the pinned channel: one client's credentials never publish elsewhere."""
        reply = self.execute(self.data.channels().list(part="id", mine=True), "channels.list")
        actual = [item["id"] for item in reply.get("items", [])]
        if actual != [self.channel_id]:
            raise YouTubeError(
                f"client {self.client.name!r}: its token acts for channel {', '.join(actual) or '(none)'}, "
                f"not for the pinned channel {self.channel_id}; refusing to publish. {self.auth_fix.capitalize()}"
            )

    @contextlib.contextmanager
    def upload_sessions(self, record: Callable[[str], None]) -> Iterator[None]:
        """Call `record(session_uri)` as soon as a resumable upload's Location arrives, before any byte is sent."""

        def hook(ex: Exchange) -> None:
            if (
                ex.method == "POST"
                and ex.status == 200
                and "uploadType=resumable" in ex.uri
                and ex.response
                and "location" in ex.response
            ):
                record(ex.response["location"])

        self.transport.hooks.append(hook)
        try:
            yield
        finally:
            self.transport.hooks.remove(hook)

    def _meter(self, ex: Exchange) -> None:
        """Record what Google charges: every call that reached the API, counted conservatively."""
        method = discovery.match(ex.method, urlsplit(ex.uri).path)
        if method is None:
            return
        if ex.status is None:
            if isinstance(ex.error, ConnectionRefusedError):
                return  # never reached the server
        elif (
            ex.status in (401, 429) or ex.status >= 500 or (ex.status == 403 and _reason(ex.content) in _UNCHARGED_403)
        ):
            return
        self.ledger.record(method.name, self.client.name)

    def close(self) -> None:
        self.transport.close()


def connect(settings: Settings, client: ClientProfile, *, options: YouTubeSettings | None = None) -> YouTubeSession:
    """Authorised services for the client's pinned channel (see the module docstring for layers)."""
    options = options or settings.youtube
    store = open_store(settings.database_url)
    ledger = QuotaLedger(store, client.cloud_project, settings.youtube.daily_units, settings.youtube.daily_uploads)
    row = auth.pinned(store, client.name)
    if auth.is_sandbox(client):
        base = sandbox_url(settings)
        credentials = auth.load_credentials(row, client.name) if row and Path(row["token_path"]).exists() else None
        if credentials is None or auth.api_root(credentials) != base:
            return _sandbox_authorize(settings, client, base, ledger, options)
        session = YouTubeSession(client, row["channel_id"], credentials, ledger, options, settings.youtube.chunk_size)
        try:
            session.refresh()
        except YouTubeError:  # the sandbox's state was reset: authorise again, as a user would
            return _sandbox_authorize(settings, client, base, ledger, options)
        return session
    if row is None:
        raise YouTubeError(f"client {client.name!r} has no YouTube authorisation yet; {auth.fix_hint(client.name)}")
    if row["channel_id"] != client.channel:
        raise ConfigError(
            f"{settings.config_file}: client {client.name!r} names channel {client.channel} but was authorised for "
            f"{row['channel_id']}; fix the profile or {auth.fix_hint(client.name)}"
        )
    session = YouTubeSession(
        client, row["channel_id"], auth.load_credentials(row, client.name), ledger, options, settings.youtube.chunk_size
    )
    session.refresh()
    return session


def authorize(
    settings: Settings,
    client: ClientProfile,
    client_secrets: Path,
    *,
    open_browser: bool = True,
    port: int = 0,
    options: YouTubeSettings | None = None,
) -> dict[str, Any]:
    """`videokit auth add`: consent in a browser, pin the channel, store the token (0600)."""
    config = auth.read_client_secrets(client_secrets)
    credentials = auth.run_consent(
        config, open_browser=open_browser, port=port, login_hint=client.name if auth.is_sandbox(client) else None
    )
    store = open_store(settings.database_url)
    ledger = QuotaLedger(store, client.cloud_project, settings.youtube.daily_units, settings.youtube.daily_uploads)
    return _pin(
        settings,
        client,
        credentials,
        ledger,
        options or settings.youtube,
        require=None if auth.is_sandbox(client) else client.channel,
    )


def _sandbox_authorize(
    settings: Settings, client: ClientProfile, base: str, ledger: QuotaLedger, options: YouTubeSettings
) -> YouTubeSession:
    credentials = auth.sandbox_consent(base, client)
    _pin(settings, client, credentials, ledger, options, require=None)
    row = auth.pinned(ledger.store, client.name)
    return YouTubeSession(client, row["channel_id"], credentials, ledger, options, settings.youtube.chunk_size)


def _pin(
    settings: Settings,
    client: ClientProfile,
    credentials: Credentials,
    ledger: QuotaLedger,
    options: YouTubeSettings,
    require: str | None,
) -> dict[str, Any]:
    auth.require_refresh_token(credentials, client.name)  # before any call: without it nothing works unattended
    probe = YouTubeSession(client, "", credentials, ledger, options)
    reply = probe.execute(probe.data.channels().list(part="id,snippet", mine=True), "channels.list")
    probe.close()
    items = reply.get("items") or []
    if not items:
        raise YouTubeError(
            f"client {client.name!r}: the Google account you signed in with has no YouTube channel; create one or sign in with the channel's account"
        )
    channel_id, title = items[0]["id"], items[0]["snippet"]["title"]
    if require and channel_id != require:
        raise YouTubeError(
            f"client {client.name!r}: you signed in to channel {channel_id} ({title}) but the profile pins {require}; "
            "run 'videokit auth add' again and pick the right account or brand channel"
        )
    path = auth.save_credentials(ledger.store, settings, client.name, channel_id, title, credentials)
    return {"client": client.name, "channel_id": channel_id, "channel_title": title, "token_path": str(path)}


def sandbox_url(settings: Settings) -> str:
    """settings.youtube.sandbox_url, else a sandbox started once per process on loopback."""
    if settings.youtube.sandbox_url:
        return settings.youtube.sandbox_url.rstrip("/")
    path = (settings.home / "sandbox.db").resolve()
    with _sandboxes_lock:
        if path not in _sandboxes:
            _sandboxes[path] = start_sandbox(path)
        return _sandboxes[path].url


def _reason(content: bytes) -> str:
    try:
        return json.loads(content)["error"]["errors"][0]["reason"]
    except (ValueError, KeyError, IndexError, TypeError):
        return ""
