"""Changing a published video's metadata without losing anything.

videos.update replaces each part it is given: a field left out is deleted (tags, description,
defaultLanguage...). So every update reads the full part first, applies the changes, and writes
the whole part back; the part as read is returned for the caller's undo log.
"""

from __future__ import annotations

import copy
from typing import Any

from videokit.errors import YouTubeError
from videokit.youtube.service import YouTubeSession

_READ_ONLY = {
    "snippet": ("publishedAt", "channelId", "channelTitle", "thumbnails", "liveBroadcastContent", "localized"),
    "status": ("uploadStatus", "failureReason", "rejectionReason", "madeForKids"),
}


def update_video(session: YouTubeSession, video_id: str, changes: dict[str, dict[str, Any]]) -> tuple[dict, dict]:
    """Apply `changes` ({part: {field: value}}) by read-modify-write; returns (before, after) parts."""
    parts = ",".join(changes)
    reply = session.execute(session.data.videos().list(part=parts, id=video_id), "videos.list")
    if not reply.get("items"):
        raise YouTubeError(
            f"video {video_id}: not found on channel {session.channel_id} (deleted, or another channel's)"
        )
    current = reply["items"][0]
    before = {part: copy.deepcopy(current.get(part, {})) for part in changes}
    body: dict[str, Any] = {"id": video_id}
    for part, fields in changes.items():
        merged = {k: v for k, v in current.get(part, {}).items() if k not in _READ_ONLY.get(part, ())}
        merged.update(fields)
        body[part] = merged
    after = session.execute(session.data.videos().update(part=parts, body=body), "videos.update")
    return before, {part: after.get(part, {}) for part in changes}
