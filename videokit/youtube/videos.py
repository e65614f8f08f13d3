"""Reading a channel's videos: the uploads playlist, videos by id, their caption tracks.

Data API calls are batched as YouTube allows (50 ids per videos.list, 50 items per playlist
page, 1 unit each) and go through the session's retry layer and quota ledger.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the Google client libraries load only when a session is made
    from videokit.youtube.session import YouTubeSession


PAGE = 50  # YouTube's largest page, and the most ids one videos.list takes
_DURATION = re.compile(r"P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$")


@dataclass(frozen=True)
class Video:
    """One video as YouTube describes it; `snippet` is kept whole for read-modify-write."""

    video_id: str
    snippet: dict[str, Any]
    privacy: str
    published_at: datetime
    duration: float  # seconds
    views: int
    likes: int
    comments: int
    has_captions_flag: bool  # contentDetails.caption: some track exists (drafts included)

    @property
    def title(self) -> str:
        return self.snippet.get("title", "")

    @property
    def description(self) -> str:
        return self.snippet.get("description", "")

    @property
    def tags(self) -> list[str]:
        return list(self.snippet.get("tags") or [])

    @property
    def language(self) -> str:
        return self.snippet.get("defaultLanguage") or self.snippet.get("defaultAudioLanguage") or ""

    @property
    def channel_id(self) -> str:
        return self.snippet.get("channelId", "")


@dataclass(frozen=True)
class CaptionTrack:
    id: str
    language: str
    name: str
    kind: str  # "standard", "asr" (automatic) or "forced"
    is_draft: bool


def upload_ids(session: YouTubeSession, playlist: str) -> Iterator[str]:
    """The video ids of an uploads playlist, newest first, each once (one 1-unit call per 50)."""
    seen: set[str] = set()
    token = None
    while True:
        request = session.data.playlistItems().list(
            part="contentDetails", playlistId=playlist, maxResults=PAGE, pageToken=token
        )
        reply = session.execute(request, "playlistItems.list")
        for item in reply.get("items", []):
            video_id = item["contentDetails"]["videoId"]
            if video_id not in seen:
                seen.add(video_id)
                yield video_id
        token = reply.get("nextPageToken")
        if not token:
            return


def videos(session: YouTubeSession, ids: Sequence[str]) -> list[Video]:
    """snippet, status, statistics and contentDetails of `ids`, in their order (one 1-unit call per 50).

    Ids YouTube does not return (deleted, or another channel's private video) are left out.
    """
    found: dict[str, Video] = {}
    for i in range(0, len(ids), PAGE):
        batch = ids[i : i + PAGE]
        request = session.data.videos().list(
            part="snippet,status,statistics,contentDetails", id=",".join(batch), maxResults=PAGE
        )
        for item in session.execute(request, "videos.list").get("items", []):
            found[item["id"]] = _video(item)
    return [found[i] for i in ids if i in found]


def caption_tracks(session: YouTubeSession, video_id: str) -> list[CaptionTrack]:
    """The video's caption tracks (captions.list: 50 units)."""
    request = session.data.captions().list(part="snippet", videoId=video_id)
    return [_track(item) for item in session.execute(request, "captions.list").get("items", [])]


def download_caption(session: YouTubeSession, track_id: str, fmt: str = "vtt") -> str:
    """A caption track's text (captions.download: 200 units; only the video's owner may)."""
    data = session.execute(session.data.captions().download_media(id=track_id, tfmt=fmt), "captions.download")
    return data.decode("utf-8", errors="replace") if isinstance(data, bytes) else str(data)


def parse_duration(text: str) -> float:
    """ISO 8601 duration as YouTube gives it ("PT1H2M3S") in seconds."""
    m = _DURATION.match(text or "")
    if not m:
        return 0.0
    days, hours, minutes, seconds = m.groups()
    return int(days or 0) * 86400 + int(hours or 0) * 3600 + int(minutes or 0) * 60 + float(seconds or 0)


def _video(item: dict[str, Any]) -> Video:
    stats = item.get("statistics", {})
    details = item.get("contentDetails", {})
    snippet = item.get("snippet", {})
    return Video(
        video_id=item["id"],
        snippet=snippet,
        privacy=item.get("status", {}).get("privacyStatus", ""),
        published_at=datetime.fromisoformat(snippet["publishedAt"].replace("Z", "+00:00")),
        duration=parse_duration(details.get("duration", "PT0S")),
        views=int(stats.get("viewCount", 0)),
        likes=int(stats.get("likeCount", 0)),
        comments=int(stats.get("commentCount", 0)),
        has_captions_flag=details.get("caption") == "true",
    )


def _track(item: dict[str, Any]) -> CaptionTrack:
    s = item.get("snippet", {})
    return CaptionTrack(
        item["id"],
        s.get("language", ""),
        s.get("name", ""),
        s.get("trackKind", "standard").lower(),
        bool(s.get("isDraft")),
    )
