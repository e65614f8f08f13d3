"""An authorised YouTube session for one client's pinned channel, over the one retry layer.

Layers, outermost first: `YouTubeSession.execute` (retry + quota check) -> googleapiclient
Resource (built from the packaged discovery document, `rootUrl` pointing at Google or at the
sandbox) -> google_auth_httplib2.AuthorizedHttp (adds the bearer token, refreshes it through
google.oauth2.credentials) -> videokit.youtube.transport.Transport (the wire, with hooks: the
quota meter records every call that reaches the API).

Only the modules of videokit.youtube build requests on a session (`session.data`,
`session.analytics`); everything else calls their typed functions (channels, videos,
analytics, edit, publish). A session is not shared between threads (neither is httplib2's): a
batch opens one per job.
"""

from __future__ import annotations

import contextlib
import json
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any, TypeVar
from urllib.parse import urlsplit, urlunsplit

import google_auth_httplib2
from google.oauth2.credentials import Credentials
from googleapiclient.discovery import build_from_document
from googleapiclient.http import HttpRequest

from videokit.config import ClientProfile
from videokit.youtube import auth, discovery, retry
from videokit.youtube.options import YouTubeSettings
from videokit.youtube.quota import QuotaLedger
from videokit.youtube.transport import Exchange, Transport

T = TypeVar("T")
_UNCHARGED_403 = frozenset(
    {"quotaExceeded", "dailyLimitExceeded", "rateLimitExceeded", "userRateLimitExceeded", "insufficientPermissions"}
)


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
        self.calls: Counter[str] = Counter()  # API calls made through `execute`, by method
        self.transport = Transport(timeout=options.timeout, hooks=[self._meter])
        self.http = google_auth_httplib2.AuthorizedHttp(credentials, http=self.transport)
        self.data = self._build(discovery.DATA_API)
        self.analytics = self._build(discovery.ANALYTICS_API)

    def _build(self, api: str) -> Any:
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
        self.calls[method] += 1
        return self.run(lambda: request.execute(num_retries=0), method, recover)

    def refresh(self) -> None:
        """Get a fresh access token now (a revoked grant fails here, before any work)."""
        self.run(lambda: self.credentials.refresh(google_auth_httplib2.Request(self.transport)), "token refresh")

    def on_this_server(self, uri: str) -> str:
        """A saved resumable-session URI, addressed to this session's server.

        A sandbox started again (on another port) keeps its upload sessions in its state file, so
        only the address has moved; Google's URIs are returned as they are.
        """
        if self.root is None:
            return uri
        saved, here = urlsplit(uri), urlsplit(self.root)
        return urlunsplit((here.scheme, here.netloc, saved.path, saved.query, saved.fragment))

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


def _reason(content: bytes) -> str:
    try:
        return json.loads(content)["error"]["errors"][0]["reason"]
    except (ValueError, KeyError, IndexError, TypeError):
        return ""
