"""Which YouTube a client talks to: Google for a client with a channel id, a sandbox for a client
whose channel is "sandbox", at `youtube.sandbox_url`.

Without that setting the application provides one with `provide_sandbox`: the `videokit` command
starts the embedded sandbox on HOME/sandbox.db the first time a sandbox client connects. The
client code only ever knows a sandbox's address; it never imports the sandbox.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from videokit.config import SANDBOX_CHANNEL, ClientProfile, Settings
from videokit.errors import ConfigError

SandboxStarter = Callable[[Path], str]  # state file -> base URL of a sandbox serving it
_sandbox_starter: SandboxStarter | None = None


def provide_sandbox(start: SandboxStarter | None) -> None:
    """How sandbox clients reach a sandbox when `youtube.sandbox_url` is not set (None: they cannot)."""
    global _sandbox_starter
    _sandbox_starter = start


def sandbox_url(settings: Settings) -> str:
    """`youtube.sandbox_url`, else the sandbox the application provides for HOME/sandbox.db."""
    if settings.youtube.sandbox_url:
        return settings.youtube.sandbox_url.rstrip("/")
    if _sandbox_starter is None:
        raise ConfigError(
            f"{settings.config_file}: youtube.sandbox_url is not set and this program starts no sandbox; "
            "run 'videokit sandbox serve' and set youtube.sandbox_url to the address it prints"
        )
    return _sandbox_starter((settings.home / "sandbox.db").resolve()).rstrip("/")


def watch_link(settings: Settings, client: ClientProfile, video_id: str) -> str:
    """The public link of a video, without a session: youtu.be, or the sandbox's watch page."""
    if client.channel == SANDBOX_CHANNEL:
        return f"{sandbox_url(settings)}/watch?v={video_id}"
    return f"https://youtu.be/{video_id}"
