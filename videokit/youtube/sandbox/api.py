"""YouTube Data API v3 and YouTube Analytics API v2 methods, as the sandbox answers them.

HTTP-free: the server parses the request (query, JSON body, media) and calls `Api.call`. Errors
are `ApiError`, rendered in Google's JSON error shape. Validation follows YouTube's documented
rules through videokit.youtube.limits, so the sandbox refuses what YouTube refuses.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import time
from dataclasses import dataclass
from datetime import date
from html import escape
from pathlib import Path
from typing import Any

from videokit.youtube import limits
from videokit.youtube.sandbox import growth
from videokit.youtube.sandbox.state import SandboxState, new_id, parse_rfc3339, rfc3339

THUMBNAIL_MAX_BYTES = 2 * 1024 * 1024
MAX_IDS = 50
COMMENT_PAGE = 20  # commentThreads.list's default page
COMMENT_MAX_CHARS = 10_000  # longer comments are refused (commentTextTooLong)
# videoCategories for regionCode FR/US: (title, assignable)
CATEGORIES = {
    "1": ("Film & Animation", True), "2": ("Autos & Vehicles", True), "10": ("Music", True),
    "15": ("Pets & Animals", True), "17": ("Sports", True), "18": ("Short Movies", False),
    "19": ("Travel & Events", True), "20": ("Gaming", True), "21": ("Videoblogging", False),
    "22": ("People & Blogs", True), "23": ("Comedy", True), "24": ("Entertainment", True),
    "25": ("News & Politics", True), "26": ("Howto & Style", True), "27": ("Education", True),
    "28": ("Science & Technology", True), "29": ("Nonprofits & Activism", True),
}  # fmt: skip
_STATUS = {400: "INVALID_ARGUMENT", 401: "UNAUTHENTICATED", 403: "PERMISSION_DENIED", 404: "NOT_FOUND",
           409: "ALREADY_EXISTS", 413: "INVALID_ARGUMENT", 429: "RESOURCE_EXHAUSTED", 500: "INTERNAL",
           503: "UNAVAILABLE"}  # fmt: skip
_DOMAINS = {"quotaExceeded": "youtube.quota", "rateLimitExceeded": "youtube.quota", "userRateLimitExceeded": "usageLimits",
            "authError": "global", "insufficientPermissions": "global", "backendError": "global"}  # fmt: skip


class ApiError(Exception):
    """An error answer: HTTP `code`, Google's `reason`, a message."""

    def __init__(self, code: int, reason: str, message: str, domain: str | None = None):
        super().__init__(message)
        self.code, self.reason, self.message = code, reason, message
        self.domain = domain or _DOMAINS.get(reason, "youtube.api")

    def body(self) -> dict[str, Any]:
        return {
            "error": {
                "code": self.code,
                "message": self.message,
                "errors": [{"message": self.message, "domain": self.domain, "reason": self.reason}],
                "status": _STATUS.get(self.code, "UNKNOWN"),
            }
        }


@dataclass(frozen=True)
class Caller:
    channel_id: str
    project: str  # the OAuth client id stands for the Cloud project
    scopes: frozenset[str]


@dataclass(frozen=True)
class Raw:
    """A non-JSON answer (captions.download)."""

    data: bytes
    content_type: str


def parts_of(params: dict[str, list[str]], name: str = "part") -> list[str]:
    return [p.strip() for v in params.get(name, []) for p in v.split(",") if p.strip()]


def one(params: dict[str, list[str]], name: str, default: str | None = None) -> str | None:
    values = params.get(name)
    return values[0] if values else default


def required(params: dict[str, list[str]], name: str) -> str:
    value = one(params, name)
    if not value:
        raise ApiError(400, "required", f"Required parameter: {name}")
    return value


class Api:
    def __init__(self, state: SandboxState, base_url: str, *, unaudited: bool = False, processing_seconds: float = 2.0):
        self.state = state
        self.base_url = base_url
        self.unaudited = unaudited  # an unaudited API project: every upload is locked private
        self.processing_seconds = processing_seconds

    def call(
        self,
        method: str,
        caller: Caller,
        params: dict[str, list[str]],
        body: dict | None,
        media: Path | None,
        media_type: str | None,
    ) -> dict | Raw | None:
        handler = getattr(self, method.replace(".", "_"), None)
        if handler is None:
            raise ApiError(501, "notImplemented", f"The sandbox does not model {method}.")
        return handler(caller, params, body or {}, media, media_type)

    # -- videos -------------------------------------------------------------------------------------
    def videos_insert(self, caller: Caller, params, body, media, media_type) -> dict:
        if media is None:
            raise ApiError(400, "mediaBodyRequired", "The request does not include the video content.")
        parts = parts_of(params)
        snippet, status = dict(body.get("snippet") or {}), dict(body.get("status") or {})
        validate_snippet(snippet)
        validate_status(status)
        video_id = new_id(11)
        now = time.time()
        channel = self.state.channel(caller.channel_id)
        snippet.update(
            publishedAt=rfc3339(now),
            channelId=caller.channel_id,
            channelTitle=channel["title"],
            liveBroadcastContent="none",
        )
        snippet.setdefault("description", "")
        snippet.setdefault("categoryId", "22")
        snippet["localized"] = {"title": snippet["title"], "description": snippet["description"]}
        status.setdefault("privacyStatus", "public")
        if self.unaudited:
            status["privacyStatus"] = "private"
            status.pop("publishAt", None)
        duration = probe_duration(media)
        status.update(
            uploadStatus="uploaded" if duration is not None else "failed",
            license=status.get("license", "youtube"),
            embeddable=status.get("embeddable", True),
            publicStatsViewable=status.get("publicStatsViewable", True),
            madeForKids=bool(status.get("selfDeclaredMadeForKids", False)),
        )
        if duration is None:
            status["failureReason"] = "codec"
        resource = {"kind": "youtube#video", "id": video_id, "snippet": snippet, "status": status}
        self.state.add_video(
            video_id, caller.channel_id, resource, media, duration or 0.0, now + self.processing_seconds
        )
        return self.render_video(self.state.video(video_id), parts)

    def videos_list(self, caller: Caller, params, body, media, media_type) -> dict:
        parts = parts_of(params)
        ids = parts_of(params, "id")
        if not ids:
            raise ApiError(400, "missingRequiredParameter", "No filter selected. Expected one of: id, chart, myRating.")
        if len(ids) > MAX_IDS:
            raise ApiError(400, "invalidFilters", f"The request specifies more than {MAX_IDS} video IDs.")
        items = []
        for video_id in ids:
            row = self.state.video(video_id)
            if row is None:
                continue
            visible = row["channel_id"] == caller.channel_id or self._privacy(json.loads(row["resource"])) != "private"
            if visible:
                items.append(self.render_video(row, parts, owner=row["channel_id"] == caller.channel_id))
        return {
            "kind": "youtube#videoListResponse",
            "items": items,
            "pageInfo": {"totalResults": len(items), "resultsPerPage": len(items)},
        }

    def videos_update(self, caller: Caller, params, body, media, media_type) -> dict:
        parts = parts_of(params)
        row = self._own_video(caller, body.get("id") or "")
        resource = json.loads(row["resource"])
        for part in parts:
            if part not in ("snippet", "status", "localizations", "recordingDetails"):
                raise ApiError(400, "invalidPart", f"The part {part!r} cannot be updated.")
            new = dict(body.get(part) or {})  # an omitted field is deleted, as on YouTube
            if part == "snippet":
                if not new.get("categoryId"):
                    raise ApiError(
                        400, "invalidCategoryId", "The snippet.categoryId property must be set when updating a snippet."
                    )
                validate_snippet(new)
                kept = {
                    k: resource["snippet"][k]
                    for k in ("publishedAt", "channelId", "channelTitle", "liveBroadcastContent")
                }
                new = {**new, **kept}
                new.setdefault("description", "")
                new["localized"] = {"title": new["title"], "description": new["description"]}
            if part == "status":
                validate_status(new)
                kept = {k: resource["status"][k] for k in ("uploadStatus", "failureReason") if k in resource["status"]}
                new = {**new, **kept, "madeForKids": bool(new.get("selfDeclaredMadeForKids", False))}
                if self.unaudited:
                    new["privacyStatus"] = "private"
            resource[part] = new
        self.state.save_video(row["id"], resource)
        return self.render_video(self.state.video(row["id"]), parts)

    def render_video(self, row, parts: list[str], owner: bool = True) -> dict:
        resource = json.loads(row["resource"])
        out: dict[str, Any] = {"kind": "youtube#video", "etag": _etag(row["resource"]), "id": row["id"]}
        now = time.time()
        ready = now >= row["ready_at"]
        status = dict(resource["status"])
        status["privacyStatus"] = self._privacy(resource)
        if status["privacyStatus"] != resource["status"]["privacyStatus"]:
            status.pop("publishAt", None)
        if status.get("uploadStatus") == "uploaded" and ready:
            status["uploadStatus"] = "processed"
        for part in parts:
            if part == "snippet":
                snippet = dict(resource["snippet"])
                snippet["thumbnails"] = self._thumbnails(row["id"])
                out["snippet"] = snippet
            elif part == "status":
                out["status"] = status
            elif part == "statistics":
                published = self._published_ts(resource)
                out["statistics"] = (
                    growth.statistics(row["id"], published, self.state.seed)
                    if published is not None
                    else {"viewCount": "0", "likeCount": "0", "favoriteCount": "0", "commentCount": "0"}
                )
                out["simulated"] = True  # the audience is invented
            elif part == "contentDetails":
                out["contentDetails"] = {
                    "duration": iso_duration(row["duration"]),
                    "dimension": "2d",
                    "definition": "hd",
                    "caption": "true" if self.state.captions(row["id"]) else "false",
                    "licensedContent": False,
                    "projection": "rectangular",
                }
            elif part == "processingDetails" and owner:
                failed = status.get("uploadStatus") == "failed"
                details: dict[str, Any] = {
                    "processingStatus": "failed" if failed else ("succeeded" if ready else "processing"),
                    "thumbnailsAvailability": "available" if ready else "notAvailable",
                }
                if failed:
                    details["processingFailureReason"] = "transcodeFailed"
                elif not ready:
                    left = max(row["ready_at"] - now, 0)
                    details["processingProgress"] = {
                        "partsTotal": "1000",
                        "partsProcessed": str(int(1000 * (1 - left / max(self.processing_seconds, 1e-9)))),
                        "timeLeftMs": str(int(left * 1000)),
                    }
                out["processingDetails"] = details
        if row["seeded"]:
            out["simulated"] = True
        return out

    def _privacy(self, resource: dict) -> str:
        """privacyStatus now: a scheduled private video turns public at its publishAt."""
        status = resource["status"]
        publish_at = status.get("publishAt")
        if status.get("privacyStatus") == "private" and publish_at and parse_rfc3339(publish_at) <= time.time():
            return "public"
        return status.get("privacyStatus", "public")

    def _published_ts(self, resource: dict) -> float | None:
        """When the audience starts growing: None while the video is private."""
        if self._privacy(resource) == "private":
            return None
        publish_at = resource["status"].get("publishAt")
        return parse_rfc3339(publish_at) if publish_at else parse_rfc3339(resource["snippet"]["publishedAt"])

    def _thumbnails(self, video_id: str) -> dict:
        base = f"{self.base_url}/vi/{video_id}"
        return {
            "default": {"url": f"{base}/default.jpg", "width": 120, "height": 90},
            "medium": {"url": f"{base}/mqdefault.jpg", "width": 320, "height": 180},
            "high": {"url": f"{base}/hqdefault.jpg", "width": 480, "height": 360},
        }

    def _own_video(self, caller: Caller, video_id: str):
        row = self.state.video(video_id) if video_id else None
        if row is None:
            raise ApiError(
                404, "videoNotFound", "The video that you are trying to update cannot be found.", "youtube.video"
            )
        if row["channel_id"] != caller.channel_id:
            raise ApiError(403, "forbidden", "The video cannot be modified by this channel.", "youtube.video")
        return row

    # -- captions -----------------------------------------------------------------------------------
    def captions_insert(self, caller: Caller, params, body, media, media_type) -> dict:
        snippet = dict(body.get("snippet") or {})
        row = self._own_video(caller, snippet.get("videoId") or "")
        if media is None or media.stat().st_size == 0:
            raise ApiError(
                400, "contentRequired", "The request does not contain the caption track contents.", "youtube.caption"
            )
        data = media.read_bytes()
        media.unlink()
        text = data.decode("utf-8-sig", errors="replace").lstrip()
        if not (text.startswith("WEBVTT") or text[:1].isdigit()):
            raise ApiError(
                400,
                "invalidMetadata",
                "The caption track is not in a supported format (SubRip or WebVTT).",
                "youtube.caption",
            )
        language, name = snippet.get("language") or "", snippet.get("name") or ""
        if not language:
            raise ApiError(400, "invalidMetadata", "The snippet.language property is required.", "youtube.caption")
        if any(c["language"] == language and c["name"] == name for c in self.state.captions(row["id"])):
            raise ApiError(409, "captionExists", "The specified caption track already exists.", "youtube.caption")
        caption_id = self.state.add_caption(row["id"], language, name, bool(snippet.get("isDraft")), data)
        return self._caption(self.state.caption(caption_id))

    def captions_list(self, caller: Caller, params, body, media, media_type) -> dict:
        row = self._own_video(caller, required(params, "videoId"))
        return {
            "kind": "youtube#captionListResponse",
            "items": [self._caption(c) for c in self.state.captions(row["id"])],
        }

    def captions_download(self, caller: Caller, params, body, media, media_type) -> Raw:
        caption_id = params["_path"][0].rsplit("/", 1)[1]
        row = self.state.caption(caption_id)
        if row is None:
            raise ApiError(404, "captionNotFound", "The caption track could not be found.", "youtube.caption")
        self._own_video(caller, row["video_id"])  # only the owner may download
        return Raw(bytes(row["data"]), "text/plain; charset=utf-8")

    def _caption(self, row) -> dict:
        return {
            "kind": "youtube#caption",
            "etag": _etag(row["id"] + str(row["updated_at"])),
            "id": row["id"],
            "snippet": {
                "videoId": row["video_id"],
                "lastUpdated": rfc3339(row["updated_at"]),
                "trackKind": "standard",
                "language": row["language"],
                "name": row["name"],
                "audioTrackType": "unknown",
                "isCC": False,
                "isLarge": False,
                "isEasyReader": False,
                "isDraft": bool(row["is_draft"]),
                "isAutoSynced": False,
                "status": "serving",
            },
        }

    # -- thumbnails -----------------------------------------------------------------------------------
    def thumbnails_set(self, caller: Caller, params, body, media, media_type) -> dict:
        row = self._own_video(caller, required(params, "videoId"))
        if media is None:
            raise ApiError(
                400, "mediaBodyRequired", "The request does not include the image content.", "youtube.thumbnail"
            )
        size = media.stat().st_size
        if size > THUMBNAIL_MAX_BYTES:
            media.unlink()
            raise ApiError(
                413,
                "mediaBodyTooLarge",
                f"The thumbnail image file is too large ({size} bytes; at most 2 MB).",
                "youtube.thumbnail",
            )
        data = media.read_bytes()
        media.unlink()
        if not (data.startswith(b"\xff\xd8") or data.startswith(b"\x89PNG")):
            raise ApiError(
                400,
                "invalidImage",
                "The provided image content is invalid (JPEG or PNG expected).",
                "youtube.thumbnail",
            )
        self.state.set_thumbnail(row["id"], data, media_type or "image/jpeg")
        return {"kind": "youtube#thumbnailSetResponse", "items": [self._thumbnails(row["id"])]}

    # -- playlists ------------------------------------------------------------------------------------
    def playlists_insert(self, caller: Caller, params, body, media, media_type) -> dict:
        snippet = dict(body.get("snippet") or {})
        if not snippet.get("title") or len(snippet["title"]) > 150:
            raise ApiError(
                400,
                "invalidPlaylistSnippet",
                "The playlist title is missing or longer than 150 characters.",
                "youtube.playlist",
            )
        snippet.update(channelId=caller.channel_id, publishedAt=rfc3339(time.time()))
        snippet.setdefault("description", "")
        status = dict(body.get("status") or {"privacyStatus": "public"})
        playlist_id = self.state.add_playlist(
            caller.channel_id, {"kind": "youtube#playlist", "snippet": snippet, "status": status}
        )
        return json.loads(self.state.playlist(playlist_id)["resource"])

    def playlists_list(self, caller: Caller, params, body, media, media_type) -> dict:
        if one(params, "mine") == "true":
            rows = self.state.playlists(caller.channel_id)
        else:
            rows = [r for r in (self.state.playlist(i) for i in parts_of(params, "id")) if r]
        return {"kind": "youtube#playlistListResponse", "items": [json.loads(r["resource"]) for r in rows]}

    def playlistItems_insert(self, caller: Caller, params, body, media, media_type) -> dict:
        snippet = dict(body.get("snippet") or {})
        playlist = self.state.playlist(snippet.get("playlistId") or "")
        if playlist is None:
            raise ApiError(
                404,
                "playlistNotFound",
                "The playlist identified with the request's playlistId cannot be found.",
                "youtube.playlistItem",
            )
        if playlist["channel_id"] != caller.channel_id:
            raise ApiError(
                403,
                "playlistItemsNotAccessible",
                "The request is not properly authorized to modify this playlist.",
                "youtube.playlistItem",
            )
        video_id = (snippet.get("resourceId") or {}).get("videoId") or ""
        if self.state.video(video_id) is None:
            raise ApiError(
                404, "videoNotFound", "The video that you are trying to add cannot be found.", "youtube.playlistItem"
            )
        item_id, position = self.state.add_playlist_item(playlist["id"], video_id)
        return self._item(item_id, playlist["id"], video_id, position)

    def playlistItems_list(self, caller: Caller, params, body, media, media_type) -> dict:
        playlist_id = required(params, "playlistId")
        size = min(int(one(params, "maxResults", "5")), MAX_IDS)
        start = int(one(params, "pageToken", "0") or 0)
        if playlist_id.startswith("UU"):  # the uploads playlist: the channel's videos, newest first
            channel_id = "UC" + playlist_id[2:]
            rows = list(reversed(self.state.videos(channel_id)))
            if channel_id != caller.channel_id:
                rows = [r for r in rows if self._privacy(json.loads(r["resource"])) != "private"]
            entries = [(f"UU{r['id']}", r["id"]) for r in rows]
        else:
            if self.state.playlist(playlist_id) is None:
                raise ApiError(404, "playlistNotFound", "The playlist cannot be found.", "youtube.playlistItem")
            entries = [(r["id"], r["video_id"]) for r in self.state.playlist_items(playlist_id)]
        page = entries[start : start + size]
        out = {
            "kind": "youtube#playlistItemListResponse",
            "items": [self._item(item_id, playlist_id, vid, start + i) for i, (item_id, vid) in enumerate(page)],
            "pageInfo": {"totalResults": len(entries), "resultsPerPage": size},
        }
        if start + size < len(entries):
            out["nextPageToken"] = str(start + size)
        return out

    def _item(self, item_id: str, playlist_id: str, video_id: str, position: int) -> dict:
        return {
            "kind": "youtube#playlistItem",
            "id": item_id,
            "snippet": {
                "playlistId": playlist_id,
                "position": position,
                "resourceId": {"kind": "youtube#video", "videoId": video_id},
            },
            "contentDetails": {"videoId": video_id},
        }

    # -- channels, categories ---------------------------------------------------------------------
    def channels_list(self, caller: Caller, params, body, media, media_type) -> dict:
        if one(params, "mine") == "true":
            ids = [caller.channel_id]
        else:
            ids = parts_of(params, "id")
        items = []
        for channel_id in ids:
            row = self.state.channel(channel_id)
            if row is None:
                continue
            videos = self.state.videos(channel_id)
            views = sum(int(self.render_video(v, ["statistics"])["statistics"]["viewCount"]) for v in videos)
            subs = sum(
                round(
                    int(self.render_video(v, ["statistics"])["statistics"]["viewCount"])
                    * growth.curve(v["id"], self.state.seed).subs_per_view
                )
                for v in videos
            )
            items.append(
                {
                    "kind": "youtube#channel",
                    "id": channel_id,
                    "snippet": {"title": row["title"], "description": "", "publishedAt": rfc3339(row["created_at"])},
                    "contentDetails": {"relatedPlaylists": {"likes": "", "uploads": "UU" + channel_id[2:]}},
                    "statistics": {
                        "viewCount": str(views),
                        "subscriberCount": str(subs),
                        "hiddenSubscriberCount": False,
                        "videoCount": str(len(videos)),
                    },
                    "simulated": True,
                }
            )
        return {
            "kind": "youtube#channelListResponse",
            "items": items,
            "pageInfo": {"totalResults": len(items), "resultsPerPage": 5},
        }

    def videoCategories_list(self, caller: Caller, params, body, media, media_type) -> dict:
        ids = parts_of(params, "id") or list(CATEGORIES)
        return {
            "kind": "youtube#videoCategoryListResponse",
            "items": [
                {
                    "kind": "youtube#videoCategory",
                    "id": i,
                    "snippet": {
                        "title": CATEGORIES[i][0],
                        "assignable": CATEGORIES[i][1],
                        "channelId": "UCBR8-60-B28hp2BmDPdntcQ",
                    },
                }
                for i in ids
                if i in CATEGORIES
            ],
        }

    # -- comments -----------------------------------------------------------------------------------
    def commentThreads_list(self, caller: Caller, params, body, media, media_type) -> dict:
        parts = parts_of(params)
        if not parts or set(parts) - {"id", "snippet", "replies"}:
            raise ApiError(400, "invalidPart", "The part parameter must be id, snippet and/or replies.")
        filters = [f for f in ("allThreadsRelatedToChannelId", "id", "videoId") if one(params, f)]
        if len(filters) != 1:
            raise ApiError(
                400,
                "missingRequiredParameter",
                "Specify exactly one of allThreadsRelatedToChannelId, id or videoId.",
                "youtube.commentThread",
            )
        status = one(params, "moderationStatus", "published") or "published"
        if status not in ("published", "heldForReview", "likelySpam"):
            raise ApiError(400, "invalidParameter", f"Invalid moderationStatus {status!r}.", "youtube.commentThread")
        size = int(one(params, "maxResults", str(COMMENT_PAGE)) or COMMENT_PAGE)
        if not 1 <= size <= 100:
            raise ApiError(400, "invalidParameter", "maxResults must be between 1 and 100.", "youtube.commentThread")
        html = (one(params, "textFormat", "html") or "html") == "html"
        rows = self.state.comments()
        if filters[0] == "videoId":
            video = self.state.video(one(params, "videoId") or "")
            if video is None:
                raise ApiError(
                    404, "videoNotFound", "The video identified by the videoId parameter could not be found.",
                    "youtube.commentThread",
                )  # fmt: skip
            rows = [r for r in rows if r["video_id"] == video["id"]]
        elif filters[0] == "allThreadsRelatedToChannelId":
            rows = [r for r in rows if r["channel_id"] == one(params, "allThreadsRelatedToChannelId")]
        else:
            wanted = set(parts_of(params, "id"))
            rows = [r for r in rows if r["thread_id"] in wanted]
        owner = all(r["channel_id"] == caller.channel_id for r in rows)
        if status != "published" and not owner:
            raise ApiError(
                403, "forbidden", "Only the channel's owner may list comments by moderation status.",
                "youtube.commentThread",
            )  # fmt: skip
        threads: dict[str, list] = {}
        for row in rows:
            threads.setdefault(row["thread_id"], []).append(row)
        chosen = []
        for thread_id, members in threads.items():
            top = next((m for m in members if m["id"] == thread_id), None)
            if top is None or top["status"] == "rejected":
                continue
            # held or likely spam: the thread counts when its top-level comment or one reply is in that state
            if (status == "published" and top["status"] == "published") or (
                status != "published" and any(m["status"] == status for m in members)
            ):
                chosen.append((top, [m for m in members if m["parent_id"]]))
        chosen.sort(key=lambda t: -t[0]["published_at"])
        start = int(one(params, "pageToken", "0") or 0) if filters[0] != "id" else 0
        page = chosen[start : start + size] if filters[0] != "id" else chosen
        items = []
        for top, replies in page:
            item: dict[str, Any] = {
                "kind": "youtube#commentThread",
                "etag": _etag(top["id"] + top["text"]),
                "id": top["id"],
            }
            if "snippet" in parts:
                item["snippet"] = {
                    "channelId": top["channel_id"],
                    "videoId": top["video_id"],
                    "topLevelComment": self._comment(top, html, owner),
                    "canReply": True,
                    "totalReplyCount": len(replies),
                    "isPublic": True,
                }
            if "replies" in parts and replies:
                shown = sorted(replies, key=lambda r: r["published_at"])
                item["replies"] = {"comments": [self._comment(r, html, owner) for r in shown]}
            items.append(item)
        out: dict[str, Any] = {
            "kind": "youtube#commentThreadListResponse",
            "etag": _etag(json.dumps([i["id"] for i in items])),
            "pageInfo": {"totalResults": len(chosen), "resultsPerPage": size},
            "items": items,
        }
        if filters[0] != "id" and start + size < len(chosen):
            out["nextPageToken"] = str(start + size)
        if any(t["seeded"] for t, _ in page):
            out["simulated"] = True  # the viewers and their words are invented
        return out

    def comments_insert(self, caller: Caller, params, body, media, media_type) -> dict:
        if set(parts_of(params)) - {"id", "snippet"} or not parts_of(params):
            raise ApiError(400, "invalidPart", "The part parameter must be snippet (and/or id).", "youtube.comment")
        snippet = dict(body.get("snippet") or {})
        text, parent_id = snippet.get("textOriginal") or "", snippet.get("parentId") or ""
        if not parent_id:
            raise ApiError(
                400, "parentIdMissing", "The comment must be linked to a parent comment (snippet.parentId).",
                "youtube.comment",
            )  # fmt: skip
        if not text.strip():
            raise ApiError(400, "commentTextRequired", "The comment cannot be empty.", "youtube.comment")
        if len(text) > COMMENT_MAX_CHARS:
            raise ApiError(400, "commentTextTooLong", "The comment has too many characters.", "youtube.comment")
        parent = self.state.comment(parent_id)
        if parent is None:
            raise ApiError(404, "parentCommentNotFound", "The parent comment could not be found.", "youtube.comment")
        if parent["parent_id"]:
            raise ApiError(
                400, "operationNotSupported", "Replies go to a top-level comment, not to a reply.", "youtube.comment"
            )
        if parent["status"] != "published":
            raise ApiError(400, "parentCommentIsPrivate", "The specified parent comment is private.", "youtube.comment")
        channel = self.state.channel(caller.channel_id)
        comment_id = self.state.add_comment(
            parent["video_id"], channel["title"] if channel else "", caller.channel_id, text, parent_id=parent_id
        )
        return self._comment(self.state.comment(comment_id), False, True)

    def comments_setModerationStatus(self, caller: Caller, params, body, media, media_type) -> None:
        ids = parts_of(params, "id")
        status = required(params, "moderationStatus")
        if not ids:
            raise ApiError(400, "required", "Required parameter: id")
        if len(ids) > MAX_IDS:
            raise ApiError(400, "invalidParameter", f"At most {MAX_IDS} comment ids per call.", "youtube.comment")
        if status not in ("heldForReview", "published", "rejected"):
            raise ApiError(400, "invalidModerationStatus", f"Invalid moderationStatus {status!r}.", "youtube.comment")
        ban = one(params, "banAuthor", "false") == "true"
        if ban and status != "rejected":
            raise ApiError(
                400, "banWithoutReject", "The banAuthor parameter can only be used with moderationStatus rejected.",
                "youtube.comment",
            )  # fmt: skip
        rows = [self.state.comment(i) for i in ids]
        if any(r is None for r in rows):
            raise ApiError(404, "commentNotFound", "One or more comments could not be found.", "youtube.comment")
        if any(r["channel_id"] != caller.channel_id for r in rows):
            raise ApiError(403, "forbidden", "The comments cannot be moderated by this channel.", "youtube.comment")
        if status == "published" and any(r["status"] == "rejected" for r in rows):
            raise ApiError(400, "processingFailure", "A rejected comment cannot be published again.", "youtube.comment")
        self.state.set_comment_status(ids, status, ban)
        return None  # 204 No Content

    def _comment(self, row, html: bool, owner: bool) -> dict:
        text = row["text"]
        snippet: dict[str, Any] = {
            "channelId": row["channel_id"],
            "videoId": row["video_id"],
            "textDisplay": escape(text).replace("\n", "<br>") if html else text,
            "textOriginal": text,
            "authorDisplayName": row["author"],
            "authorProfileImageUrl": f"{self.base_url}/_sandbox/avatar/{row['author_channel_id']}.jpg",
            "authorChannelUrl": f"http://www.youtube.com/channel/{row['author_channel_id']}",
            "authorChannelId": {"value": row["author_channel_id"]},
            "canRate": True,
            "viewerRating": "none",
            "likeCount": 0,
            "publishedAt": rfc3339(row["published_at"]),
            "updatedAt": rfc3339(row["updated_at"]),
        }
        if row["parent_id"]:
            snippet["parentId"] = row["parent_id"]
        if owner:  # only the owner of the channel or video sees the moderation status
            snippet["moderationStatus"] = row["status"]
        return {"kind": "youtube#comment", "etag": _etag(row["id"] + text), "id": row["id"], "snippet": snippet}

    # -- analytics ----------------------------------------------------------------------------------
    def reports_query(self, caller: Caller, params, body, media, media_type) -> dict:
        ids = required(params, "ids")
        if ids not in ("channel==MINE", f"channel=={caller.channel_id}"):
            raise ApiError(403, "forbidden", "Forbidden: the ids parameter names a channel you do not own.", "global")
        try:
            start, end = (
                date.fromisoformat(required(params, "startDate")),
                date.fromisoformat(required(params, "endDate")),
            )
        except ValueError:
            raise ApiError(400, "badRequest", "Invalid value at 'startDate'/'endDate': use YYYY-MM-DD.") from None
        if start > end:
            raise ApiError(400, "badRequest", "The start date must be on or before the end date.")
        metrics = parts_of(params, "metrics")
        known = {"views", "estimatedMinutesWatched", "averageViewDuration", "subscribersGained"}
        if not metrics or set(metrics) - known:
            raise ApiError(
                400,
                "badRequest",
                f"Unknown identifier ({', '.join(sorted(set(metrics) - known)) or 'metrics'}) given in field parameters.metrics.",
            )
        dims = parts_of(params, "dimensions")
        filters = dict(f.split("==", 1) for f in (one(params, "filters", "") or "").split(";") if "==" in f)
        if set(dims) - {"day", "video", "insightTrafficSourceType", "insightTrafficSourceDetail"}:
            raise ApiError(400, "badRequest", "The query is not supported.")
        if "insightTrafficSourceDetail" in dims and (
            filters.get("insightTrafficSourceType") != "YT_SEARCH"
            or int(one(params, "maxResults", "0") or 0) not in range(1, 26)
        ):
            raise ApiError(
                400,
                "badRequest",
                "The query is not supported: insightTrafficSourceDetail needs filters=insightTrafficSourceType==YT_SEARCH and maxResults <= 25.",
            )
        rows = self._facts(caller.channel_id, start, end, filters, dims)
        table: dict[tuple, list[float]] = {}
        for fact in rows:
            key = tuple(fact[d] for d in dims)
            acc = table.setdefault(key, [0, 0.0, 0])
            acc[0] += fact["views"]
            acc[1] += fact["minutes"]
            acc[2] += fact["subs"]
        out_rows = []
        for key, (views, minutes, subs) in table.items():
            values = {
                "views": views,
                "estimatedMinutesWatched": round(minutes),
                "averageViewDuration": round(minutes * 60 / views) if views else 0,
                "subscribersGained": subs,
            }
            out_rows.append([*key, *(values[m] for m in metrics)])
        sort = one(params, "sort", "") or ""
        for field in reversed([s for s in sort.split(",") if s]):
            name = field.lstrip("-")
            cols = dims + metrics
            if name not in cols:
                raise ApiError(400, "badRequest", f"The sort field {name!r} is not in dimensions or metrics.")
            out_rows.sort(key=lambda r, i=cols.index(name): r[i], reverse=field.startswith("-"))
        if not sort:
            out_rows.sort(key=lambda r: tuple(r[: len(dims)]))
        first = int(one(params, "startIndex", "1") or 1) - 1
        limit = int(one(params, "maxResults", "0") or 0) or None
        out_rows = out_rows[first : first + limit if limit else None]
        headers = [{"name": d, "columnType": "DIMENSION", "dataType": "STRING"} for d in dims]
        headers += [{"name": m, "columnType": "METRIC", "dataType": "INTEGER"} for m in metrics]
        return {"kind": "youtubeAnalytics#resultTable", "columnHeaders": headers, "rows": out_rows, "simulated": True}

    def _facts(self, channel_id: str, start: date, end: date, filters: dict[str, str], dims: list[str]) -> list[dict]:
        """One row per (video, day[, traffic source[, search term]]): the grain the report sums."""
        wanted = set(filters["video"].split(",")) if "video" in filters else None
        source_filter = filters.get("insightTrafficSourceType")
        by_source = source_filter or {"insightTrafficSourceType", "insightTrafficSourceDetail"} & set(dims)
        facts = []
        for row in self.state.videos(channel_id):
            if wanted is not None and row["id"] not in wanted:
                continue
            resource = json.loads(row["resource"])
            published = self._published_ts(resource)
            if published is None:
                continue
            curve = growth.curve(row["id"], self.state.seed)
            for day, views, minutes, subs in growth.daily(
                row["id"], published, row["duration"], self.state.seed, start, end
            ):
                base = {
                    "video": row["id"],
                    "day": day.isoformat(),
                    "insightTrafficSourceType": "",
                    "insightTrafficSourceDetail": "",
                }
                if not by_source:
                    facts.append({**base, "views": views, "minutes": minutes, "subs": subs})
                    continue
                for source, source_views in zip(growth.SOURCES, growth.split(views, curve.mix)):
                    if source_filter and source != source_filter:
                        continue
                    # minutes and subscribers follow the views' split (subscribers rounded per source)
                    share = source_views / views if views else 0.0
                    fact = {
                        **base,
                        "insightTrafficSourceType": source,
                        "views": source_views,
                        "minutes": minutes * share,
                        "subs": round(subs * share),
                    }
                    if "insightTrafficSourceDetail" not in dims:
                        facts.append(fact)
                        continue
                    terms = growth.search_terms(
                        row["id"],
                        resource["snippet"].get("title", ""),
                        resource["snippet"].get("tags", []),
                        self.state.seed,
                    )
                    for (term, _), term_views in zip(terms, growth.split(source_views, tuple(w for _, w in terms))):
                        part = term_views / source_views if source_views else 0.0
                        facts.append(
                            {
                                **fact,
                                "insightTrafficSourceDetail": term,
                                "views": term_views,
                                "minutes": fact["minutes"] * part,
                                "subs": 0,
                            }
                        )
        return facts


def validate_snippet(snippet: dict) -> None:
    title = snippet.get("title")
    if not isinstance(title, str) or limits.title_problems(title):
        problems = limits.title_problems(title) if isinstance(title, str) else ["title is missing"]
        raise ApiError(
            400,
            "invalidTitle",
            f"The request metadata specifies an invalid or empty video title: {'; '.join(problems)}.",
            "youtube.video",
        )
    problems = limits.description_problems(snippet.get("description") or "")
    if problems:
        raise ApiError(
            400,
            "invalidDescription",
            f"The request metadata specifies an invalid video description: {'; '.join(problems)}.",
            "youtube.video",
        )
    tags = snippet.get("tags") or []
    problems = limits.tags_problems(tags)
    if problems:
        raise ApiError(
            400,
            "invalidTags",
            f"The request metadata specifies invalid video keywords: {'; '.join(problems)}.",
            "youtube.video",
        )
    category = snippet.get("categoryId")
    if category is not None and not CATEGORIES.get(str(category), ("", False))[1]:
        raise ApiError(
            400,
            "invalidCategoryId",
            f"The snippet.categoryId property specifies an invalid category ID ({category}).",
            "youtube.video",
        )


def validate_status(status: dict) -> None:
    privacy = status.get("privacyStatus", "public")
    if privacy not in ("public", "private", "unlisted"):
        raise ApiError(400, "invalidVideoMetadata", f"Invalid privacyStatus {privacy!r}.", "youtube.video")
    publish_at = status.get("publishAt")
    if publish_at:
        if privacy != "private":
            raise ApiError(
                400,
                "invalidPublishAt",
                "The scheduled publishing time can only be set if the video's privacy status is private.",
                "youtube.video",
            )
        try:
            when = parse_rfc3339(publish_at)
        except ValueError:
            raise ApiError(
                400,
                "invalidPublishAt",
                f"The scheduled publishing time {publish_at!r} is not an RFC 3339 date-time.",
                "youtube.video",
            ) from None
        if when <= time.time():
            raise ApiError(400, "invalidPublishAt", "The scheduled publishing time is in the past.", "youtube.video")


def probe_duration(media: Path) -> float | None:
    """The video's duration via ffprobe; None when it is not decodable media (processing fails)."""
    try:
        out = subprocess.run(
            ["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "json", str(media)],
            capture_output=True, text=True, timeout=60, check=True,
        )  # fmt: skip
        return float(json.loads(out.stdout)["format"]["duration"])
    except (subprocess.SubprocessError, KeyError, ValueError, OSError):
        return None


def iso_duration(seconds: float) -> str:
    total = int(round(seconds))
    h, rem = divmod(total, 3600)
    m, s = divmod(rem, 60)
    return "PT" + (f"{h}H" if h else "") + (f"{m}M" if m else "") + f"{s}S"


def _etag(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()[:27]
