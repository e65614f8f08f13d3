"""The sandbox's HTTP face: YouTube Data API v3, YouTube Analytics API v2 and Google's OAuth
endpoints on loopback, speaking the wire format google-api-python-client uses.

Routing comes from the packaged discovery documents (videokit.youtube.discovery), so a client
built from those documents with `rootUrl` set to the sandbox's base URL reaches every method,
uploads included. Any bearer token is accepted (an unknown one acts for the account "sandbox"
with every scope), so outside tools can use it; tokens the sandbox issued carry their channel,
scopes, project and expiry.

Upload protocols: resumable (session URI in `Location`; chunk PUTs with `Content-Range`; 308 with
`Range: bytes=0-N`, none when nothing arrived; status query `Content-Range: bytes */TOTAL`; the
resource JSON on completion, also to a status query after completion; 404 for an expired
session), multipart/related and simple media.
"""

from __future__ import annotations

import base64
import email.parser
import email.policy
import hashlib
import json
import logging
import re
import socket
import tempfile
import threading
import time
from collections import Counter
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlencode, urlsplit

from videokit import serial
from videokit.youtube import discovery, quota
from videokit.youtube.sandbox.api import Api, ApiError, Caller, Raw, validate_snippet, validate_status
from videokit.youtube.sandbox.faults import Fault, FaultPlan
from videokit.youtube.sandbox.state import SandboxState

log = logging.getLogger("videokit.sandbox")
ALL_SCOPES = frozenset(
    s
    for api in (discovery.DATA_API, discovery.ANALYTICS_API)
    for s in json.loads(discovery.document(api))["auth"]["oauth2"]["scopes"]
)
DEFAULT_ACCOUNT = "sandbox"
ANONYMOUS_PROJECT = "anonymous"
GRANULE = 256 * 1024  # Google persists resumable uploads in 256 KiB units
_RANGE = re.compile(r"bytes (\d+)-(\d+)/(\d+|\*)")


class SandboxServer:
    """A running sandbox: `.url`, `.state` (inspection), `.faults` (the fault plan), `.requests`, `.stop()`."""

    def __init__(
        self,
        state: Path,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        seed: int = 0,
        unaudited: bool = False,
        processing_seconds: float = 2.0,
        token_lifetime: float = 3600.0,
        session_ttl: float = 7 * 86400.0,
        daily_units: int = 10_000,
        daily_uploads: int = 100,
    ):
        self.state = SandboxState(Path(state), seed=seed)
        self.faults = FaultPlan()
        self.requests: Counter[str] = Counter()  # requests seen per operation (fault-plan names)
        self.token_lifetime = token_lifetime
        self.session_ttl = session_ttl
        self.limits = {quota.SHARED: daily_units, quota.UPLOADS: daily_uploads}
        self.httpd = ThreadingHTTPServer((host, port), _Handler)
        self.httpd.daemon_threads = True
        self.httpd.sandbox = self  # type: ignore[attr-defined]
        bound_host, bound_port = self.httpd.server_address[:2]
        self.url = f"http://{bound_host}:{bound_port}"
        self.api = Api(self.state, self.url, unaudited=unaudited, processing_seconds=processing_seconds)
        self._thread: threading.Thread | None = None

    def start(self) -> SandboxServer:
        self._thread = threading.Thread(target=self.httpd.serve_forever, name="youtube-sandbox", daemon=True)
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        self.httpd.serve_forever()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        if self._thread:
            self._thread.join(timeout=5)
        self.state.close()

    def __enter__(self) -> SandboxServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def client_config(self, client_id: str = "videokit-sandbox.apps.googleusercontent.com") -> dict[str, Any]:
        """An "installed app" client secrets structure whose endpoints are this sandbox."""
        return {
            "installed": {
                "client_id": client_id,
                "client_secret": "sandbox-not-secret",
                "auth_uri": f"{self.url}/o/oauth2/auth",
                "token_uri": f"{self.url}/token",
                "redirect_uris": ["http://localhost"],
            }
        }


def start_sandbox(state: Path, host: str = "127.0.0.1", port: int = 0, **options: Any) -> SandboxServer:
    """Start a sandbox in a background thread; `options` as for SandboxServer."""
    return SandboxServer(state, host, port, **options).start()


class _Dropped(Exception):
    """Close the connection without a reply."""


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "videokit-sandbox"
    _hold_reply = False

    @property
    def sandbox(self) -> SandboxServer:
        return self.server.sandbox  # type: ignore[attr-defined]

    def log_message(self, format: str, *args: Any) -> None:
        # Paths only: queries and bodies can carry codes and tokens.
        log.debug("%s %s", self.command, urlsplit(self.path).path)

    do_GET = do_POST = do_PUT = do_DELETE = lambda self: self._dispatch()

    # -- dispatch -----------------------------------------------------------------------------------
    def _dispatch(self) -> None:
        self._hold_reply = False
        url = urlsplit(self.path)
        self.url_path, self.query = url.path, parse_qs(url.query, keep_blank_values=True)
        try:
            operation, method = self._classify()
            self.sandbox.requests[operation or "other"] += 1
            fault = self.sandbox.faults.take(operation) if operation else None
            if fault:
                self._before(fault)
                self._hold_reply = fault.kind == "lost_reply"  # do the work, send nothing
            self._route(operation, method, fault)
        except _Dropped:
            self._drop()
        except ApiError as err:
            self._send_json(err.code, err.body())
        except (ConnectionError, TimeoutError):
            self.close_connection = True

    def _classify(self) -> tuple[str | None, discovery.ApiMethod | None]:
        path = self.url_path
        if path in ("/token", "/o/oauth2/token"):
            return "token", None
        if "upload_id" in self.query and self.command == "PUT":
            status = self.headers.get("Content-Range", "").startswith("bytes */")
            return ("upload.status" if status else "upload.chunk"), None
        method = discovery.match(self.command, path)
        return (method.name if method else None), method

    def _before(self, fault: Fault) -> None:
        if fault.kind == "delay":
            time.sleep(fault.seconds)
        elif fault.kind == "status":
            self._read_body()
            raise ApiError(fault.status, fault.reason, f"Injected fault: {fault.reason}.")
        elif fault.kind == "drop":
            self._partial_chunk() if self.query.get("upload_id") else self._read_body(half=True)
            raise _Dropped
        elif fault.kind == "expire_token":
            self.sandbox.state.expire_token(self._bearer() or "")
        elif fault.kind == "expire_session":
            self.sandbox.state.expire_sessions()

    def _route(self, operation: str | None, method: discovery.ApiMethod | None, fault: Fault | None) -> None:
        path = self.url_path
        if operation == "token":
            self._token()
        elif operation in ("upload.status", "upload.chunk"):
            self._session_put(operation)
        elif method is not None:
            self._api(method)
        elif path == "/" and self.command == "GET":
            self._status()
        elif path == "/o/oauth2/auth" and self.command == "GET":
            self._consent()
        elif path in ("/revoke", "/o/oauth2/revoke") and self.command == "POST":
            self._revoke()
        elif path == "/_sandbox/faults":
            self._faults_admin()
        elif path == "/watch" and self.command == "GET":
            self._watch()
        elif path.startswith("/vi/") and self.command == "GET":
            self._thumbnail()
        elif path.startswith("/_sandbox/media/") and self.command == "GET":
            self._media()
        else:
            self._read_body()
            raise ApiError(404, "notFound", f"The sandbox has no {self.command} {path}.")
        if fault and fault.kind == "lost_reply":
            raise _Dropped

    # -- request and response plumbing -------------------------------------------------------------
    def _read_body(self, half: bool = False) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        data = self.rfile.read(length // 2 if half else length) if length else b""
        if len(data) < (length // 2 if half else length):
            raise ConnectionError("client closed the connection mid-body")
        return data

    def _send(self, status: int, body: bytes, content_type: str | None, headers: dict[str, str] | None = None) -> None:
        if self._hold_reply:
            return
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if content_type:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _send_json(self, status: int, obj: Any, headers: dict[str, str] | None = None) -> None:
        self._send(status, json.dumps(obj, ensure_ascii=False).encode(), "application/json; charset=UTF-8", headers)

    def _drop(self) -> None:
        self.close_connection = True
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def _bearer(self) -> str | None:
        auth = self.headers.get("Authorization", "")
        return auth[7:].strip() if auth.lower().startswith("bearer ") else None

    def _caller(self, method: discovery.ApiMethod | None) -> Caller:
        token = self._bearer()
        if not token:
            raise ApiError(401, "required", "Login Required.", "global")
        row = self.sandbox.state.token(token)
        if row is None:  # a token from elsewhere: act for the default account, every scope
            return Caller(self.sandbox.state.channel_for(DEFAULT_ACCOUNT), ANONYMOUS_PROJECT, ALL_SCOPES)
        if row["expires_at"] <= time.time():
            raise ApiError(
                401,
                "authError",
                "Request had invalid authentication credentials. Expected OAuth 2 access token.",
                "global",
            )
        caller = Caller(row["channel_id"], row["client_id"], frozenset(row["scopes"].split()))
        if method is not None and not caller.scopes & set(method.scopes):
            raise ApiError(403, "insufficientPermissions", "Request had insufficient authentication scopes.", "global")
        return caller

    def _charge(self, caller: Caller, method: discovery.ApiMethod) -> None:
        """Refuse (403 quotaExceeded) when the bucket is spent, else charge the call."""
        bucket, units = quota.cost(method.name)
        if not units:
            return
        used = self.sandbox.state.quota_used(caller.project).get(bucket, 0)
        if used + units > self.sandbox.limits[bucket]:
            raise ApiError(
                403,
                "quotaExceeded",
                "The request cannot be completed because you have exceeded your quota.",
                "youtube.quota",
            )
        self.sandbox.state.charge(caller.project, method.name)

    # -- API methods ----------------------------------------------------------------------------------
    def _api(self, method: discovery.ApiMethod) -> None:
        body = self._read_body()
        caller = self._caller(method)
        upload_type = (self.query.get("uploadType") or [""])[0] if method.upload else ""
        params = {**self.query, "_path": [self.url_path]}
        self._charge(caller, method)
        if upload_type == "resumable":
            return self._open_session(method, caller, params, body)
        metadata: dict | None = None
        media_path = media_type = None
        if upload_type == "multipart":
            metadata, media, media_type = _multipart(self.headers.get("Content-Type", ""), body)
            media_path = self._spool(media)
        elif upload_type == "media":
            media_path, media_type = self._spool(body), self.headers.get("Content-Type")
        elif body:
            metadata = _json(body)
        result = self.sandbox.api.call(method.name, caller, params, metadata, media_path, media_type)
        if result is None:  # e.g. comments.setModerationStatus: 204 No Content
            self._send(204, b"", None)
        elif isinstance(result, Raw):
            self._send(200, result.data, result.content_type)
        else:
            self._send_json(200, result)

    def _spool(self, data: bytes) -> Path:
        fd, name = tempfile.mkstemp(dir=self.sandbox.state.blobs, suffix=".media")
        with open(fd, "wb") as fh:
            fh.write(data)
        return Path(name)

    def _open_session(self, method: discovery.ApiMethod, caller: Caller, params: dict, body: bytes) -> None:
        resource = _json(body) if body else {}
        if method.name == "videos.insert":  # metadata errors come before any byte is sent, as on YouTube
            validate_snippet(dict(resource.get("snippet") or {}))
            validate_status(dict(resource.get("status") or {}))
        total = self.headers.get("X-Upload-Content-Length")
        session = self.sandbox.state.open_session(
            method.name,
            caller.project,
            caller.channel_id,
            params,
            resource,
            int(total) if total else None,
            self.sandbox.session_ttl,
        )
        query = {k: v[0] for k, v in self.query.items()}
        location = f"{self.sandbox.url}{self.url_path}?{urlencode({**query, 'upload_id': session})}"
        self._send(200, b"", None, {"Location": location, "X-GUploader-UploadID": session})

    def _session_put(self, operation: str) -> None:
        state = self.sandbox.state
        session_id = self.query["upload_id"][0]
        session = state.session(session_id)
        if session is None:
            self._read_body()
            raise ApiError(404, "notFound", "The upload session does not exist or has expired; start a new upload.")
        token = self._bearer()
        row = state.token(token) if token else None
        if row is not None and row["expires_at"] <= time.time():
            self._read_body()
            raise ApiError(
                401,
                "authError",
                "Request had invalid authentication credentials. Expected OAuth 2 access token.",
                "global",
            )
        if session["result"]:
            self._read_body()
            return self._send_json(200, json.loads(session["result"]))
        content_range = self.headers.get("Content-Range", "")
        if operation == "upload.chunk":
            found = _RANGE.fullmatch(content_range)
            if not found:
                self._read_body()
                raise ApiError(400, "badContent", f"Failed to parse Content-Range header {content_range!r}.")
            start, end, total_s = found.groups()
            data = self._read_body()
            if len(data) != int(end) - int(start) + 1:
                raise ApiError(400, "badContent", "The body length does not match the Content-Range header.")
            total = None if total_s == "*" else int(total_s)
            received = state.write_chunk(session_id, int(start), data, total)
            session = state.session(session_id)
        else:
            self._read_body()
            received = session["received"]
        if session["total"] is not None and received >= session["total"]:
            return self._finish(session)
        headers = {"Range": f"bytes=0-{received - 1}"} if received else {}
        self._send(308, b"", "text/plain; charset=utf-8", {**headers, "X-GUploader-UploadID": session_id})

    def _finish(self, session) -> None:
        blob = self.sandbox.state.session_blob(session["id"])
        caller = Caller(session["channel_id"], session["project"], ALL_SCOPES)
        result = self.sandbox.api.call(
            session["method"], caller, json.loads(session["params"]), json.loads(session["resource"]), blob, None
        )
        self.sandbox.state.finish_session(session["id"], result)
        self._send_json(200, result)

    # -- OAuth ----------------------------------------------------------------------------------------
    def _consent(self) -> None:
        """Google's consent screen, auto-approved: the account is `login_hint` (default "sandbox")."""
        q = {k: v[0] for k, v in self.query.items()}
        redirect = q.get("redirect_uri", "")
        if not re.match(r"http://(localhost|127\.0\.0\.1|\[::1\])(:\d+)?/", redirect + "/"):
            return self._send_json(
                400,
                {
                    "error": "invalid_request",
                    "error_description": "redirect_uri must be a loopback address: the out-of-band flow is blocked.",
                },
            )
        if q.get("response_type") != "code" or not q.get("client_id") or not q.get("scope"):
            return self._send_json(
                400,
                {
                    "error": "invalid_request",
                    "error_description": "response_type=code, client_id and scope are required.",
                },
            )
        channel_id = self.sandbox.state.channel_for(q.get("login_hint") or DEFAULT_ACCOUNT)
        code = self.sandbox.state.issue_code(q["client_id"], channel_id, q["scope"], redirect, q.get("code_challenge"))
        sep = "&" if "?" in redirect else "?"
        back = redirect + sep + urlencode({"state": q.get("state", ""), "code": code, "scope": q["scope"]})
        self._send(302, b"", None, {"Location": back})

    def _token(self) -> None:
        form = {k: v[0] for k, v in parse_qs(self._read_body().decode()).items()}
        basic = self.headers.get("Authorization", "")
        if basic.lower().startswith("basic "):  # client authentication may come as HTTP Basic, as Google allows
            client_id, _, _secret = base64.b64decode(basic[6:]).decode().partition(":")
            form.setdefault("client_id", unquote(client_id))
        state = self.sandbox.state
        grant_type = form.get("grant_type")
        if grant_type == "authorization_code":
            code = state.redeem_code(form.get("code", ""))
            if (
                code is None
                or code["client_id"] != form.get("client_id")
                or code["redirect_uri"] != form.get("redirect_uri")
            ):
                return self._send_json(400, {"error": "invalid_grant", "error_description": "Malformed auth code."})
            if code["challenge"] and not _pkce_ok(code["challenge"], form.get("code_verifier", "")):
                return self._send_json(400, {"error": "invalid_grant", "error_description": "Invalid code verifier."})
            refresh = state.grant(code["client_id"], code["channel_id"], code["scopes"])
        elif grant_type == "refresh_token":
            refresh = form.get("refresh_token", "")
        else:
            return self._send_json(
                400, {"error": "unsupported_grant_type", "error_description": f"Invalid grant_type: {grant_type}"}
            )
        token = state.access_token(refresh, self.sandbox.token_lifetime)
        if token is None or token["client_id"] != form.get("client_id"):
            return self._send_json(
                400, {"error": "invalid_grant", "error_description": "Token has been expired or revoked."}
            )
        answer = {
            "access_token": token["access_token"],
            "expires_in": int(self.sandbox.token_lifetime),
            "scope": token["scopes"],
            "token_type": "Bearer",
        }
        if grant_type == "authorization_code":
            answer["refresh_token"] = refresh
        self._send_json(200, answer, {"Cache-Control": "no-store"})

    def _revoke(self) -> None:
        body = parse_qs(self._read_body().decode())
        token = (self.query.get("token") or body.get("token") or [""])[0]
        if self.sandbox.state.revoke(token):
            return self._send_json(200, {})
        self._send_json(400, {"error": "invalid_token", "error_description": "Token expired or revoked"})

    # -- sandbox-only pages -------------------------------------------------------------------------
    def _status(self) -> None:
        base = self.sandbox.url
        self._send_json(
            200,
            {
                "service": "videokit YouTube sandbox (YouTube Data API v3, YouTube Analytics API v2, OAuth 2.0)",
                "simulated": True,
                "base_url": base,
                "root_url": base + "/",
                "token_uri": f"{base}/token",
                "auth_uri": f"{base}/o/oauth2/auth",
                "state": str(self.sandbox.state.path),
                "counts": self.sandbox.state.summary(),
            },
        )

    def _faults_admin(self) -> None:
        plan = self.sandbox.faults
        if self.command == "POST":
            try:
                fault = plan.add(**_json(self._read_body()))
            except (TypeError, ValueError) as exc:
                raise ApiError(400, "badRequest", f"Invalid fault: {exc}") from None
            return self._send_json(200, serial.dump(fault))
        self._read_body()
        if self.command == "DELETE":
            plan.clear()
        self._send_json(200, {"faults": serial.dump(plan.pending())})

    def _watch(self) -> None:
        video_id = (self.query.get("v") or [""])[0]
        row = self.sandbox.state.video(video_id)
        if row is None:
            return self._send(404, b"<h1>Video unavailable</h1>", "text/html; charset=utf-8")
        video = self.sandbox.api.render_video(row, ["snippet", "status", "statistics"], owner=False)
        page = (
            f"<!doctype html><meta charset=utf-8><title>{escape(video['snippet']['title'])}</title>"
            f"<p><em>videokit sandbox: not YouTube; audience numbers are simulated</em></p>"
            f"<h1>{escape(video['snippet']['title'])}</h1>"
            f"<video controls width=640 src='/_sandbox/media/{escape(video_id)}'></video>"
            f"<p>{escape(video['status']['privacyStatus'])} &middot; {video['statistics']['viewCount']} views (simulated)</p>"
            f"<pre>{escape(video['snippet'].get('description', ''))}</pre>"
        )
        self._send(200, page.encode(), "text/html; charset=utf-8")

    def _thumbnail(self) -> None:
        row = self.sandbox.state.thumbnail(self.url_path.split("/")[2])
        if row is None:
            raise ApiError(404, "notFound", "No custom thumbnail.")
        self._send(200, bytes(row["data"]), row["mime"])

    def _media(self) -> None:
        blob = self.sandbox.state.video_blob(self.url_path.rsplit("/", 1)[1])
        if not blob.is_file():
            raise ApiError(404, "notFound", "No media for this video.")
        self._send(200, blob.read_bytes(), "video/mp4")

    def _partial_chunk(self) -> None:
        """A connection dropped mid-chunk: Google keeps what arrived, in whole 256 KiB units."""
        session_id = self.query["upload_id"][0]
        found = _RANGE.fullmatch(self.headers.get("Content-Range", ""))
        data = self._read_body(half=True)
        if found and self.sandbox.state.session(session_id):
            keep = len(data) // GRANULE * GRANULE
            if keep:
                self.sandbox.state.write_chunk(session_id, int(found.group(1)), data[:keep], None)


def _json(body: bytes) -> dict:
    try:
        value = json.loads(body or b"{}")
    except ValueError:
        raise ApiError(400, "parseError", "Parse Error: the request body is not JSON.", "global") from None
    if not isinstance(value, dict):
        raise ApiError(400, "parseError", "Parse Error: the request body must be a JSON object.", "global")
    return value


def _multipart(content_type: str, body: bytes) -> tuple[dict, bytes, str | None]:
    """multipart/related: a JSON metadata part, then the media part."""
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body
    )
    parts = list(message.iter_parts()) if message.is_multipart() else []
    if len(parts) != 2:
        raise ApiError(400, "badContent", "A multipart/related body needs exactly two parts: metadata, then media.")
    return _json(parts[0].get_payload(decode=True)), parts[1].get_payload(decode=True), parts[1].get_content_type()


def _pkce_ok(challenge: str, verifier: str) -> bool:
    digest = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    return digest == challenge or verifier == challenge
