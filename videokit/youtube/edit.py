"""Changing a published video's snippet without losing anything, and without overwriting an edit.

videos.update replaces the whole part it is given: a field left out is deleted (tags,
description, defaultLanguage...). So an update reads the snippet first, builds the one to send
from it, and writes it whole; and when the caller says what it expects the snippet to be (what
it showed a person, what it recorded), an edit made on YouTube since is refused, not overwritten.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from videokit.errors import YouTubeError

if TYPE_CHECKING:  # the Google client libraries load only when a session is made
    from videokit.youtube.session import YouTubeSession

# The snippet fields videos.update writes. The read-only ones (publishedAt, channelId, localized...)
# are sent back as read, in their order, as Google's own update sample does; YouTube ignores them.
WRITABLE = ("title", "description", "tags", "categoryId", "defaultLanguage", "defaultAudioLanguage")
GENERATED = ("thumbnails",)  # made by the server on every read: never sent


class EditConflict(YouTubeError):
    """The snippet on YouTube is not the one the edit was prepared from; nothing was sent."""

    def __init__(self, video_id: str, moved: list[str]):
        super().__init__(f"video {video_id}: its metadata changed on YouTube since it was read ({', '.join(moved)})")
        self.moved = moved


@dataclass(frozen=True)
class SnippetUpdate:
    video_id: str
    before: dict[str, Any]  # the snippet as read just before writing
    sent: dict[str, Any]
    stored: dict[str, Any]  # as YouTube stored it


def writable(snippet: dict[str, Any]) -> dict[str, Any]:
    """The fields an update can change: what two snippets must share to count as the same metadata."""
    return {k: v for k, v in snippet.items() if k in WRITABLE}


def for_update(snippet: dict[str, Any]) -> dict[str, Any]:
    """The snippet as read, ready to send whole (videos.update deletes any writable field left out)."""
    return {k: v for k, v in snippet.items() if k not in GENERATED}


def read_snippet(session: YouTubeSession, video_id: str) -> dict[str, Any]:
    """The video's snippet now (videos.list: 1 unit); YouTubeError if the channel has no such video."""
    reply = session.execute(session.data.videos().list(part="snippet", id=video_id), "videos.list")
    items = reply.get("items") or []
    if not items:
        raise YouTubeError(
            f"video {video_id}: not found on channel {session.channel_id} (deleted, or another channel's)"
        )
    return items[0]["snippet"]


def update_snippet(
    session: YouTubeSession,
    video_id: str,
    change: Callable[[dict[str, Any]], dict[str, Any]],
    *,
    expected: dict[str, Any] | None = None,
    before_write: Callable[[dict[str, Any], dict[str, Any]], None] | None = None,
) -> SnippetUpdate:
    """Read-modify-write of a video's snippet (videos.list then videos.update: 51 units).

    `change(current)` returns the whole snippet to send. With `expected`, the writable fields read
    must equal its writable fields, else EditConflict and nothing is sent. `before_write(before,
    sent)` runs between the read and the write: a write-ahead log records the change there.
    """
    before = read_snippet(session, video_id)
    if expected is not None and writable(before) != writable(expected):
        raise EditConflict(video_id, [k for k in WRITABLE if before.get(k) != expected.get(k)])
    sent = change(before)
    if before_write is not None:
        before_write(before, sent)
    request = session.data.videos().update(part="snippet", body={"id": video_id, "snippet": sent})
    reply = session.execute(request, "videos.update")
    return SnippetUpdate(video_id, before, sent, reply.get("snippet", sent))
