"""Authorisation per client: the installed-app flow, one 0600 token file per client and channel,
the channel pinned at auth time, silent refresh, and clear words when Google says no.

The sandbox's OAuth endpoints follow Google's, so its clients go through the same
google.oauth2.credentials code; only the consent screen is skipped (auto-approved).
Tokens, client secrets and authorisation codes are never logged or returned.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import logging
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import requests
from google.oauth2.credentials import Credentials
from google_auth_oauthlib.flow import Flow, InstalledAppFlow
from oauthlib.oauth2.rfc6749.errors import OAuth2Error

from videokit import fsutil
from videokit.config import SANDBOX_CHANNEL, ClientProfile, Settings
from videokit.errors import ConfigError, InputError, YouTubeError
from videokit.store.credentials import PinnedChannel, PinnedChannels

SCOPES = [
    "https://www.googleapis.com/auth/youtube.force-ssl",  # upload, update, captions, playlists
    "https://www.googleapis.com/auth/yt-analytics.readonly",
]
GOOGLE_TOKEN_URI = "https://oauth2.googleapis.com/token"
TOKEN_MODE = 0o600

# These libraries log tokens, codes and client secrets at DEBUG/INFO (request bodies, redirect
# lines); keep them at WARNING so no log line can carry a secret, whatever the root level.
for _name in ("requests_oauthlib", "oauthlib", "google_auth_oauthlib"):
    logging.getLogger(_name).setLevel(logging.WARNING)


def fix_hint(client: str) -> str:
    return f"run 'videokit auth add {client} --client-secrets FILE' (and publish the OAuth consent screen so tokens stop expiring after 7 days)"


def api_root(credentials: Credentials) -> str | None:
    """Where these credentials are valid: None for Google, else the sandbox that issued them."""
    if credentials.token_uri == GOOGLE_TOKEN_URI or "googleapis.com" in (
        urlsplit(credentials.token_uri).hostname or ""
    ):
        return None
    parts = urlsplit(credentials.token_uri)
    return f"{parts.scheme}://{parts.netloc}"


def read_client_secrets(path: Path) -> dict[str, Any]:
    path = Path(path).expanduser()
    try:
        config = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(
            f"{path}: no such file; download the OAuth client (type 'Desktop app') JSON from Google Cloud console > APIs & Services > Credentials"
        ) from None
    except (OSError, ValueError) as exc:
        raise InputError(
            f"{path}: not a readable JSON client secrets file ({type(exc).__name__}); download it again"
        ) from None
    if not isinstance(config, dict) or not config:
        raise InputError(f"{path}: not an OAuth client secrets file (a JSON object); download it again")
    if "installed" not in config:
        kind = str(next(iter(config), "nothing"))[:40]
        raise InputError(
            f"{path}: this is a {kind!r} OAuth client; create one of type 'Desktop app' (installed) in Google Cloud console"
        )
    installed = config["installed"]
    missing = [
        key
        for key in ("client_id", "client_secret", "auth_uri", "token_uri")
        if not isinstance(installed, dict) or not isinstance(installed.get(key), str) or not installed[key]
    ]
    if missing:
        raise InputError(f"{path}: the OAuth client lacks {', '.join(missing)}; download its JSON again")
    return config


@contextlib.contextmanager
def _loopback_http_allowed(client_config: dict[str, Any]) -> Iterator[None]:
    """oauthlib insists on https; a sandbox on loopback speaks plain HTTP (nothing leaves the machine)."""
    host = urlsplit(client_config["installed"]["auth_uri"]).hostname or ""
    loopback = host in ("127.0.0.1", "localhost", "::1")
    old = os.environ.get("OAUTHLIB_INSECURE_TRANSPORT")
    if loopback:
        os.environ["OAUTHLIB_INSECURE_TRANSPORT"] = "1"
    try:
        yield
    finally:
        if loopback:
            if old is None:
                os.environ.pop("OAUTHLIB_INSECURE_TRANSPORT", None)
            else:
                os.environ["OAUTHLIB_INSECURE_TRANSPORT"] = old


def run_consent(
    client_config: dict[str, Any], *, open_browser: bool = True, port: int = 0, login_hint: str | None = None
) -> Credentials:
    """Google's installed-app flow with a loopback redirect (the out-of-band flow is dead)."""
    flow = InstalledAppFlow.from_client_config(client_config, scopes=SCOPES)
    extra = {"login_hint": login_hint} if login_hint else {}
    # run_local_server prints the URL on stdout; stdout is reserved for --json output.
    token_uri = client_config["installed"]["token_uri"]
    with contextlib.redirect_stdout(sys.stderr), _loopback_http_allowed(client_config), _token_endpoint(token_uri):
        return flow.run_local_server(
            host="localhost",
            port=port,
            open_browser=open_browser,
            access_type="offline",
            prompt="consent",  # without it Google omits the refresh token on a second consent
            authorization_prompt_message="Open this address in a browser to authorise videokit:\n{url}",
            success_message="videokit is authorised; you can close this tab.",
            **extra,
        )


def sandbox_client_config(base_url: str, cloud_project: str) -> dict[str, Any]:
    """The sandbox's stand-in for a client secrets file; the OAuth client id names the project."""
    return {
        "installed": {
            "client_id": f"{cloud_project}.sandbox.apps.googleusercontent.com",
            "client_secret": "sandbox-not-secret",
            "auth_uri": f"{base_url}/o/oauth2/auth",
            "token_uri": f"{base_url}/token",
            "redirect_uris": ["http://localhost"],
        }
    }


def sandbox_consent(base_url: str, client: ClientProfile) -> Credentials:
    """The same code flow against the sandbox, its consent screen answered without a browser."""
    redirect = "http://localhost:1/"  # never contacted: the code is read from the Location header
    config = sandbox_client_config(base_url, client.cloud_project)
    flow = Flow.from_client_config(config, scopes=SCOPES, redirect_uri=redirect)
    with _loopback_http_allowed(config):
        url, _state = flow.authorization_url(access_type="offline", prompt="consent", login_hint=client.name)
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        conn.request("GET", f"{parts.path}?{parts.query}")
        reply = conn.getresponse()
        reply.read()
        location = reply.getheader("Location") or ""
    except OSError as exc:
        raise YouTubeError(
            f"sandbox at {base_url} does not answer ({type(exc).__name__}); start it with 'videokit sandbox serve'"
        ) from None
    finally:
        conn.close()
    code = parse_qs(urlsplit(location).query).get("code")
    if not code:
        raise YouTubeError(f"sandbox at {base_url} refused the authorisation request (HTTP {reply.status})")
    with _loopback_http_allowed(config), _token_endpoint(config["installed"]["token_uri"]):
        flow.fetch_token(code=code[0])
    return flow.credentials


@contextlib.contextmanager
def _token_endpoint(token_uri: str) -> Iterator[None]:
    """The code-for-token exchange: an error answer, an unreadable one or no answer is one line (exit 5).
    Only the error's kind and code are named: the request carried the code and the client secret."""
    try:
        yield
    except OAuth2Error as exc:
        raise YouTubeError(
            f"token endpoint {token_uri} refused the authorisation ({exc.error or type(exc).__name__}); "
            "run 'videokit auth add' again, or download the OAuth client again if it was deleted"
        ) from None
    except (requests.RequestException, OSError) as exc:
        raise YouTubeError(
            f"token endpoint {token_uri} does not answer ({type(exc).__name__}); check the network and try again"
        ) from None
    except (ValueError, Warning) as exc:  # a reply that is not a token (oauthlib raises Warning on a scope change)
        raise YouTubeError(
            f"token endpoint {token_uri} answered something that is not a token ({type(exc).__name__}); try again later"
        ) from None


def require_refresh_token(credentials: Credentials, client: str) -> None:
    if not credentials.refresh_token:
        raise YouTubeError(
            f"client {client!r}: Google returned no refresh token, so videokit could not work unattended; "
            "remove videokit at https://myaccount.google.com/permissions and run 'videokit auth add' again"
        )


def token_path(settings: Settings, client: str, channel_id: str) -> Path:
    return settings.tokens_dir / f"{client}-{channel_id}.json"


def save_credentials(
    pins: PinnedChannels, settings: Settings, client: str, channel_id: str, channel_title: str, credentials: Credentials
) -> Path:
    """Write the token file (0600, atomically) and pin (client, channel, path) in the store."""
    require_refresh_token(credentials, client)
    path = token_path(settings, client, channel_id)
    settings.tokens_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    fsutil.write_text(path, credentials.to_json(), mode=TOKEN_MODE)
    pins.pin(PinnedChannel(client, channel_id, channel_title, str(path), " ".join(credentials.scopes or SCOPES)))
    return path


def load_credentials(pinned: PinnedChannel) -> Credentials:
    """The saved grant of a pinned client; refuses a token file others can read."""
    client, path = pinned.client, Path(pinned.token_path)
    try:
        mode = path.stat().st_mode & 0o777
    except FileNotFoundError:
        raise YouTubeError(f"{path}: the token file of client {client!r} is missing; {fix_hint(client)}") from None
    if mode & 0o077:
        raise ConfigError(f"{path}: token file is readable by others (mode {mode:o}); run 'chmod 600 {path}'")
    try:
        info = json.loads(path.read_text(encoding="utf-8"))
        # Built by hand: from_authorized_user_info drops token_uri, which says where the grant lives.
        return Credentials(
            token=None,
            refresh_token=info["refresh_token"],
            token_uri=info["token_uri"],
            client_id=info["client_id"],
            client_secret=info["client_secret"],
            scopes=info.get("scopes") or SCOPES,
        )
    except (ValueError, KeyError, TypeError):
        raise YouTubeError(f"{path}: not a usable token file (no refresh token); {fix_hint(client)}") from None


def is_sandbox(client: ClientProfile) -> bool:
    return client.channel == SANDBOX_CHANNEL
