"""Comments on a channel's videos: the threads viewers started, holding some for review, replying.

Costs (videokit.youtube.quota): commentThreads.list 1 unit per page of 100 threads,
comments.setModerationStatus 50 units per call of up to 50 comments, comments.insert 50 units
per reply. Only the channel's owner sees and sets moderation statuses.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:  # the Google client libraries load only when a session is made
    from videokit.youtube.session import YouTubeSession

THREAD_PAGE = 100  # the most commentThreads.list returns per page
MODERATE_MAX = 50  # the most comment ids one comments.setModerationStatus takes
REPLY_MAX_CHARS = 10_000  # YouTube refuses longer comments (commentTextTooLong)
Moderation = Literal["heldForReview", "published", "rejected"]


@dataclass(frozen=True)
class CommentThread:
    """A viewer's top-level comment and what the channel already did about it."""

    thread_id: str
    comment_id: str  # the top-level comment (the id replies and moderation use)
    video_id: str
    author: str
    author_channel_id: str
    text: str  # as written (textOriginal)
    published_at: datetime
    moderation_status: str  # "published", "heldForReview"...; "" when YouTube does not say
    reply_count: int
    owner_reply_id: str = ""  # the channel's reply in this thread, if it answered already

    @property
    def owner_replied(self) -> bool:
        return bool(self.owner_reply_id)


def threads(session: YouTubeSession, since: datetime | None = None) -> list[CommentThread]:
    """Public comment threads on the channel's videos, newest first, back to `since` (1 unit per 100)."""
    found: list[CommentThread] = []
    token = None
    while True:
        request = session.data.commentThreads().list(
            part="snippet,replies",
            allThreadsRelatedToChannelId=session.channel_id,
            maxResults=THREAD_PAGE,
            order="time",
            textFormat="plainText",
            pageToken=token,
        )
        reply = session.execute(request, "commentThreads.list")
        page = [_thread(item, session.channel_id) for item in reply.get("items", [])]
        fresh = [t for t in page if since is None or t.published_at >= since]
        found += fresh
        token = reply.get("nextPageToken")
        if not token or len(fresh) < len(page):  # newest first: the rest is older than `since`
            return found


def thread(session: YouTubeSession, thread_id: str) -> CommentThread | None:
    """One thread by id, as it stands now (1 unit)."""
    request = session.data.commentThreads().list(part="snippet,replies", id=thread_id, textFormat="plainText")
    items = session.execute(request, "commentThreads.list").get("items", [])
    return _thread(items[0], session.channel_id) if items else None


def set_moderation(session: YouTubeSession, comment_ids: Sequence[str], status: Moderation) -> None:
    """Set the moderation status of comments on the channel's videos (50 units per 50 comments)."""
    ids = list(dict.fromkeys(comment_ids))
    for i in range(0, len(ids), MODERATE_MAX):
        request = session.data.comments().setModerationStatus(
            id=",".join(ids[i : i + MODERATE_MAX]), moderationStatus=status
        )
        session.execute(request, "comments.setModerationStatus")


def reply(session: YouTubeSession, parent: CommentThread, text: str) -> str:
    """Post `text` as the channel's reply in the thread (50 units); the reply's id. A lost answer is
    recovered by reading the thread again, so a retry never posts the reply twice."""
    if not text.strip() or len(text) > REPLY_MAX_CHARS:
        raise ValueError(f"a reply has 1 to {REPLY_MAX_CHARS} characters, this one {len(text)}")
    body = {"snippet": {"parentId": parent.comment_id, "textOriginal": text}}

    def posted() -> dict[str, Any] | None:
        now = thread(session, parent.thread_id)
        return {"id": now.owner_reply_id} if now is not None and now.owner_replied else None

    result = session.execute(session.data.comments().insert(part="snippet", body=body), "comments.insert", posted)
    return str(result["id"])


def moderation_plan(pages: int, holds: int, replies: int) -> dict[str, int]:
    """The calls a triage makes ({method: count}), to check the quota before any."""
    return {
        "commentThreads.list": pages,
        "comments.setModerationStatus": -(-holds // MODERATE_MAX),
        "comments.insert": replies,
    }


def _thread(item: dict[str, Any], channel_id: str) -> CommentThread:
    snippet = item["snippet"]
    top = snippet["topLevelComment"]
    top_snippet = top["snippet"]
    replies = (item.get("replies") or {}).get("comments", [])
    return CommentThread(
        thread_id=item["id"],
        comment_id=top["id"],
        video_id=snippet.get("videoId") or top_snippet.get("videoId", ""),
        author=top_snippet.get("authorDisplayName", ""),
        author_channel_id=(top_snippet.get("authorChannelId") or {}).get("value", ""),
        text=top_snippet.get("textOriginal") or top_snippet.get("textDisplay", ""),
        published_at=datetime.fromisoformat(top_snippet["publishedAt"].replace("Z", "+00:00")),
        moderation_status=top_snippet.get("moderationStatus", ""),
        reply_count=int(snippet.get("totalReplyCount", 0)),
        owner_reply_id=next(
            (r["id"] for r in replies if (r["snippet"].get("authorChannelId") or {}).get("value") == channel_id), ""
        ),
    )
