"""The channel a session's token acts for: `channels.list(mine=true)`, one 1-unit call.

Auth pins the channel with it, publishing checks the pin with it before every upload, and audits
and tracking read the uploads playlist and the channel's counts from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from videokit.errors import YouTubeError

if TYPE_CHECKING:  # the Google client libraries load only when a session is made
    from videokit.youtube.session import YouTubeSession


@dataclass(frozen=True)
class Channel:
    id: str
    title: str
    uploads_playlist: str  # the playlist YouTube keeps of every upload ("UU...")
    video_count: int  # as YouTube counts them (public videos only)
    view_count: int
    subscribers: int


def my_channels(session: YouTubeSession) -> list[Channel]:
    """The channels the session's token acts for: one, or none for an account without a channel."""
    request = session.data.channels().list(part="id,snippet,contentDetails,statistics", mine=True)
    return [_channel(item) for item in session.execute(request, "channels.list").get("items") or []]


def my_channel(session: YouTubeSession) -> Channel:
    """The one channel the token acts for; YouTubeError when the account has none."""
    found = my_channels(session)
    if not found:
        raise YouTubeError(
            f"client {session.client.name!r}: the Google account signed in has no YouTube channel; "
            "create one or sign in with the channel's account"
        )
    return found[0]


def verify_channel(session: YouTubeSession) -> None:
    """The token must act for the pinned channel: one client's credentials never publish elsewhere."""
    actual = [c.id for c in my_channels(session)]
    if actual != [session.channel_id]:
        raise YouTubeError(
            f"client {session.client.name!r}: its token acts for channel {', '.join(actual) or '(none)'}, "
            f"not for the pinned channel {session.channel_id}; refusing to publish. {session.auth_fix.capitalize()}"
        )


def _channel(item: dict) -> Channel:
    stats = item.get("statistics", {})
    return Channel(
        id=item["id"],
        title=item.get("snippet", {}).get("title", ""),
        uploads_playlist=item.get("contentDetails", {}).get("relatedPlaylists", {}).get("uploads", ""),
        video_count=int(stats.get("videoCount", 0)),
        view_count=int(stats.get("viewCount", 0)),
        subscribers=int(stats.get("subscriberCount", 0)),
    )
