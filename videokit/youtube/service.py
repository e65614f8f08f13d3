"""Connecting to YouTube: an authorised session for a client's pinned channel, and `auth add`.

Google or the sandbox, as the client's profile says (videokit.youtube.endpoint).
"""

from __future__ import annotations

from pathlib import Path

from google.oauth2.credentials import Credentials

from videokit.config import ClientProfile, Settings
from videokit.errors import ConfigError, YouTubeError
from videokit.store import Store
from videokit.store.credentials import PinnedChannel
from videokit.youtube import auth
from videokit.youtube.channels import my_channel
from videokit.youtube.endpoint import sandbox_url
from videokit.youtube.options import YouTubeSettings
from videokit.youtube.quota import QuotaLedger
from videokit.youtube.session import YouTubeSession


def connect(
    settings: Settings, store: Store, client: ClientProfile, *, options: YouTubeSettings | None = None
) -> YouTubeSession:
    """Authorised services for the client's pinned channel (see videokit.youtube.session for the layers)."""
    options = options or settings.youtube
    ledger = QuotaLedger.for_project(store.quota, settings.youtube, client.cloud_project)
    pinned = store.credentials.get(client.name)
    if auth.is_sandbox(client):
        base = sandbox_url(settings)
        credentials = auth.load_credentials(pinned) if pinned and Path(pinned.token_path).exists() else None
        if pinned is None or credentials is None or auth.api_root(credentials) != base:
            return _sandbox_authorize(settings, store, client, base, ledger, options)
        session = YouTubeSession(client, pinned.channel_id, credentials, ledger, options, settings.youtube.chunk_size)
        try:
            session.refresh()
        except YouTubeError:  # the sandbox's state was reset: authorise again, as a user would
            return _sandbox_authorize(settings, store, client, base, ledger, options)
        return session
    if pinned is None:
        raise YouTubeError(f"client {client.name!r} has no YouTube authorisation yet; {auth.fix_hint(client.name)}")
    if pinned.channel_id != client.channel:
        raise ConfigError(
            f"{settings.config_file}: client {client.name!r} names channel {client.channel} but was authorised for "
            f"{pinned.channel_id}; fix the profile or {auth.fix_hint(client.name)}"
        )
    credentials = auth.load_credentials(pinned)
    session = YouTubeSession(client, pinned.channel_id, credentials, ledger, options, settings.youtube.chunk_size)
    session.refresh()
    return session


def authorize(
    settings: Settings,
    store: Store,
    client: ClientProfile,
    client_secrets: Path,
    *,
    open_browser: bool = True,
    port: int = 0,
    options: YouTubeSettings | None = None,
) -> PinnedChannel:
    """`videokit auth add`: consent in a browser, pin the channel, store the token (0600)."""
    config = auth.read_client_secrets(client_secrets)
    credentials = auth.run_consent(
        config, open_browser=open_browser, port=port, login_hint=client.name if auth.is_sandbox(client) else None
    )
    ledger = QuotaLedger.for_project(store.quota, settings.youtube, client.cloud_project)
    require = None if auth.is_sandbox(client) else client.channel
    return _pin(settings, store, client, credentials, ledger, options or settings.youtube, require)


def _sandbox_authorize(
    settings: Settings, store: Store, client: ClientProfile, base: str, ledger: QuotaLedger, options: YouTubeSettings
) -> YouTubeSession:
    credentials = auth.sandbox_consent(base, client)
    pinned = _pin(settings, store, client, credentials, ledger, options, require=None)
    return YouTubeSession(client, pinned.channel_id, credentials, ledger, options, settings.youtube.chunk_size)


def _pin(
    settings: Settings,
    store: Store,
    client: ClientProfile,
    credentials: Credentials,
    ledger: QuotaLedger,
    options: YouTubeSettings,
    require: str | None,
) -> PinnedChannel:
    auth.require_refresh_token(credentials, client.name)  # before any call: without it nothing works unattended
    probe = YouTubeSession(client, "", credentials, ledger, options)
    try:
        channel = my_channel(probe)
    finally:
        probe.close()
    if require and channel.id != require:
        raise YouTubeError(
            f"client {client.name!r}: you signed in to channel {channel.id} ({channel.title}) but the profile pins {require}; "
            "run 'videokit auth add' again and pick the right account or brand channel"
        )
    auth.save_credentials(store.credentials, settings, client.name, channel.id, channel.title, credentials)
    pinned = store.credentials.get(client.name)
    assert pinned is not None  # just written
    return pinned
