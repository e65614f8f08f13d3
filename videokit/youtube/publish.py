"""Full publish of one video: upload, captions per language, thumbnail, playlists, processing.

Idempotent and resumable through a JSON state file (atomic writes, 0600: the session URI lets
anyone finish the upload). What is recorded, and when:
- the resumable session URI, as soon as the initiation reply's Location arrives and before any
  byte is sent (so a rerun resumes that session and never starts a second video);
- the video id, as soon as the final reply (or a status query after a lost reply) gives it;
- "pending" before each non-idempotent call (caption track, playlist, playlist item) and its id
  once done: a rerun finding "pending" looks first (captions.list, playlistItems.list) and only
  calls again if the earlier attempt left nothing.
The whole plan's quota is checked before the first call (QuotaError, nothing sent).
"""

from __future__ import annotations

import math
import re
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from googleapiclient.http import MediaInMemoryUpload

from videokit import fsutil, serial
from videokit.errors import InputError
from videokit.progress import Progress, silent
from videokit.youtube import limits
from videokit.youtube.channels import verify_channel
from videokit.youtube.options import YouTubeSettings
from videokit.youtube.session import YouTubeSession
from videokit.youtube.upload import media, upload
from videokit.youtube.videos import caption_tracks

THUMBNAIL_MAX_BYTES = 2 * 1024 * 1024
LOCKED_PRIVATE = (
    "YouTube locked this video private: the Google Cloud project is not audited for public uploads; "
    "request the API audit (YouTube API Services audit form) or publish it by hand in YouTube Studio"
)
_PLAYLIST_ID = re.compile(r"(PL|OLAK5uy_)[0-9A-Za-z_-]{16,}")


@dataclass(frozen=True)
class Processing:
    """Where YouTube's processing of an upload stood when publish stopped waiting."""

    status: str  # "succeeded", "processing", "failed", "terminated" or "unknown"
    upload_status: str | None = None
    failure: str | None = None


@dataclass(frozen=True)
class PublishResult:
    """One video on the channel: what publish made (upload.json), or found made by an earlier run."""

    video_id: str
    url: str
    channel_id: str = ""
    privacy: str | None = None
    requested_privacy: str | None = None
    publish_at: str | None = None  # as YouTube recorded it (RFC 3339, UTC)
    locked_private: bool = False
    captions: list[str] = field(default_factory=list)  # caption track ids, one per language
    thumbnail: bool = False
    playlists: list[str] = field(default_factory=list)  # playlist ids
    processing: Processing | None = None
    warning: str = ""
    already_uploaded: bool = False  # reported from an earlier run, not uploaded again


@dataclass
class UploadRequest:
    video: Path
    title: str
    description: str = ""
    tags: list[str] = field(default_factory=list)
    category_id: str = "27"
    default_language: str = "fr"
    privacy: str = "private"  # with publish_at, the video is private until then, then public
    publish_at: datetime | None = None
    made_for_kids: bool = False
    contains_synthetic_media: bool = False
    captions: list[tuple[Path, str]] = field(default_factory=list)  # (srt/vtt path, language)
    thumbnail: Path | None = None
    playlists: list[str] = field(default_factory=list)  # playlist ids or titles (created if missing)

    @property
    def status_privacy(self) -> str:
        """The privacyStatus sent: YouTube accepts publishAt only on a private video."""
        return "private" if self.publish_at else self.privacy

    def validate(self) -> None:
        """Refuse locally what YouTube would refuse, before any quota is spent."""
        for path in [self.video, *(p for p, _ in self.captions), *([self.thumbnail] if self.thumbnail else [])]:
            if not Path(path).is_file():
                raise InputError(f"{path}: no such file; check the path (or run the step that makes it)")
        problems = (
            limits.title_problems(self.title)
            + limits.description_problems(self.description)
            + limits.tags_problems(self.tags)
        )
        if problems:
            raise InputError(
                f"{self.video}: metadata YouTube would refuse: {'; '.join(problems)}; fix the title, description or tags"
            )
        if self.privacy not in ("private", "unlisted", "public"):
            raise InputError(f"{self.video}: privacy {self.privacy!r} is not one of private, unlisted, public")
        if self.publish_at is not None:
            if self.publish_at.tzinfo is None:
                raise InputError(
                    f"{self.video}: publish_at {self.publish_at} has no time zone; give one (e.g. 2026-03-01T18:00+01:00)"
                )
            if self.publish_at <= datetime.now(UTC):
                raise InputError(
                    f"{self.video}: publish_at {self.publish_at.isoformat()} is in the past; choose a future time"
                )
        languages = [lang for _, lang in self.captions]
        if len(set(languages)) != len(languages):
            raise InputError(
                f"{self.video}: two caption files for the same language ({', '.join(languages)}); keep one per language"
            )
        if self.thumbnail and self.thumbnail.stat().st_size > THUMBNAIL_MAX_BYTES:
            raise InputError(
                f"{self.thumbnail}: {self.thumbnail.stat().st_size} bytes; YouTube takes thumbnails up to 2 MB, export it smaller (JPEG quality 85)"
            )

    def body(self) -> dict[str, Any]:
        status: dict[str, Any] = {"privacyStatus": self.status_privacy, "selfDeclaredMadeForKids": self.made_for_kids}
        if self.publish_at:
            status["publishAt"] = self.publish_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        if self.contains_synthetic_media:
            status["containsSyntheticMedia"] = True
        snippet = {
            "title": self.title,
            "description": self.description,
            "tags": self.tags,
            "categoryId": self.category_id,
            "defaultLanguage": self.default_language,
            "defaultAudioLanguage": self.default_language,
        }
        return {"snippet": snippet, "status": status}


def watch_url(video_id: str, session: YouTubeSession) -> str:
    return f"{session.root}/watch?v={video_id}" if session.root else f"https://youtu.be/{video_id}"


def plan(request: UploadRequest, state: dict[str, Any], options: YouTubeSettings) -> dict[str, int]:
    """Calls still to make ({method: count}), counting the look-ups a recovery may need.
    With an empty `state` this is the price of one publish (batches plan their quota with it)."""
    caps = state.get("captions", {})
    lists = state.get("playlists", {})
    todo_caps = sum(1 for _, lang in request.captions if "id" not in caps.get(lang, {}))
    todo_lists = [t for t in request.playlists if "item" not in lists.get(t, {})]
    unresolved = [t for t in todo_lists if "playlist_id" not in lists.get(t, {}) and not _PLAYLIST_ID.fullmatch(t)]
    polls = math.ceil(options.processing_wait / options.poll_interval) + 1
    return {
        "channels.list": 1,
        "videos.insert": 0 if state.get("video_id") else 1,
        "captions.insert": todo_caps,
        "captions.list": todo_caps,
        "thumbnails.set": int(bool(request.thumbnail) and not state.get("thumbnail")),
        "playlists.list": 2 * len(unresolved),
        "playlists.insert": len(unresolved),
        "playlistItems.insert": len(todo_lists),
        "playlistItems.list": len(todo_lists),
        "videos.list": polls,
    }


def publish_video(
    session: YouTubeSession, request: UploadRequest, *, state_file: Path, progress: Progress = silent
) -> PublishResult:
    """Upload and finish one video; rerun after any crash to resume. See the module docstring."""
    request.validate()
    state = _load(Path(state_file), request.video)
    session.ledger.ensure(plan(request, state, session.options))
    verify_channel(session)

    def save() -> None:
        fsutil.write_json(Path(state_file), state, mode=0o600)

    if not state.get("video_id"):

        def record_uri(uri: str | None) -> None:
            state["session_uri"] = uri
            save()

        resource = upload(
            session,
            lambda: session.data.videos().insert(
                part="snippet,status",
                body=request.body(),
                media_body=media(request.video, session.chunk_size, "video/*"),
            ),
            state["size"],
            saved_uri=state.get("session_uri"),
            record_uri=record_uri,
            progress=progress,
        )
        state.update(video_id=resource["id"], inserted_status=resource.get("status", {}), session_uri=None)
        save()
    video_id = state["video_id"]
    for path, language in request.captions:
        _caption(session, state, save, video_id, Path(path), language)
    if request.thumbnail and not state.get("thumbnail"):
        mime = "image/png" if request.thumbnail.suffix.lower() == ".png" else "image/jpeg"
        body = MediaInMemoryUpload(request.thumbnail.read_bytes(), mimetype=mime)
        session.execute(session.data.thumbnails().set(videoId=video_id, media_body=body), "thumbnails.set")
        state["thumbnail"] = True
        save()
    for name in request.playlists:
        _playlist(session, state, save, video_id, name)
    processing, privacy = wait_processing(session, video_id)
    inserted = state.get("inserted_status", {})
    requested = request.status_privacy
    locked = (privacy == "private" and requested != "private") or (
        bool(request.publish_at) and "publishAt" not in inserted
    )
    result = PublishResult(
        video_id=video_id,
        url=watch_url(video_id, session),
        channel_id=session.channel_id,
        privacy=privacy,
        requested_privacy=requested,
        publish_at=inserted.get("publishAt"),
        locked_private=locked,
        captions=[state["captions"][lang]["id"] for _, lang in request.captions],
        thumbnail=bool(state.get("thumbnail")),
        playlists=[state["playlists"][name]["playlist_id"] for name in request.playlists],
        processing=processing,
        warning=LOCKED_PRIVATE if locked else "",
    )
    state["result"] = serial.dump(result)
    save()
    return result


def wait_processing(session: YouTubeSession, video_id: str) -> tuple[Processing, str | None]:
    """Poll processing until it leaves "processing" or `processing_wait` runs out; report what is
    known, and the video's privacy status."""
    deadline = time.monotonic() + session.options.processing_wait
    while True:
        reply = session.execute(session.data.videos().list(part="status,processingDetails", id=video_id), "videos.list")
        items = reply.get("items") or [{}]
        details, status = items[0].get("processingDetails", {}), items[0].get("status", {})
        state = details.get("processingStatus", "unknown")
        if state != "processing" or time.monotonic() + session.options.poll_interval > deadline:
            failure = details.get("processingFailureReason") or status.get("failureReason")
            return Processing(state, status.get("uploadStatus"), failure), status.get("privacyStatus")
        time.sleep(session.options.poll_interval)


def _caption(session: YouTubeSession, state: dict, save, video_id: str, path: Path, language: str) -> None:
    track = state.setdefault("captions", {}).setdefault(language, {})
    if "id" in track:
        return

    def find() -> dict | None:
        found = next((t for t in caption_tracks(session, video_id) if t.language == language and t.name == ""), None)
        return {"id": found.id} if found else None

    found = find() if track.get("pending") else None
    if found is None:
        track["pending"] = True
        save()
        body = {"snippet": {"videoId": video_id, "language": language, "name": "", "isDraft": False}}
        upload_body = MediaInMemoryUpload(path.read_bytes(), mimetype="application/octet-stream")
        found = session.execute(
            session.data.captions().insert(part="snippet", body=body, media_body=upload_body),
            "captions.insert",
            recover=find,
        )
    state["captions"][language] = {"id": found["id"]}
    save()


def _playlist(session: YouTubeSession, state: dict, save, video_id: str, name: str) -> None:
    entry = state.setdefault("playlists", {}).setdefault(name, {})
    if "item" in entry:
        return
    if "playlist_id" not in entry:
        if _PLAYLIST_ID.fullmatch(name):
            entry["playlist_id"] = name
        else:

            def by_title() -> dict | None:
                return _find_playlist(session, name)

            found = by_title()
            if found is None:
                body = {
                    "snippet": {
                        "title": name,
                        "defaultLanguage": session.client.language if session.client.language != "auto" else "fr",
                    },
                    "status": {"privacyStatus": "public"},
                }
                found = session.execute(
                    session.data.playlists().insert(part="snippet,status", body=body),
                    "playlists.insert",
                    recover=by_title,
                )
            entry["playlist_id"] = found["id"]
        save()
    playlist_id = entry["playlist_id"]

    def in_playlist() -> dict | None:
        token = None
        while True:
            reply = session.execute(
                session.data.playlistItems().list(
                    part="snippet", playlistId=playlist_id, maxResults=50, pageToken=token
                ),
                "playlistItems.list",
            )
            hit = next((i for i in reply.get("items", []) if i["snippet"]["resourceId"]["videoId"] == video_id), None)
            token = reply.get("nextPageToken")
            if hit or not token:
                return hit

    found = in_playlist() if entry.get("pending") else None
    if found is None:
        entry["pending"] = True
        save()
        item = {"snippet": {"playlistId": playlist_id, "resourceId": {"kind": "youtube#video", "videoId": video_id}}}
        found = session.execute(
            session.data.playlistItems().insert(part="snippet", body=item), "playlistItems.insert", recover=in_playlist
        )
    state["playlists"][name] = {"playlist_id": playlist_id, "item": found["id"]}
    save()


def _find_playlist(session: YouTubeSession, title: str) -> dict | None:
    token = None
    while True:
        reply = session.execute(
            session.data.playlists().list(part="snippet", mine=True, maxResults=50, pageToken=token), "playlists.list"
        )
        hit = next((p for p in reply.get("items", []) if p["snippet"]["title"] == title), None)
        token = reply.get("nextPageToken")
        if hit or not token:
            return hit


def _load(path: Path, video: Path) -> dict[str, Any]:
    """The saved state for this exact file (by content), or a fresh one."""
    sha = fsutil.sha256_file(video)
    try:
        state = fsutil.read_json(path)
    except FileNotFoundError:
        return {"sha256": sha, "size": video.stat().st_size}
    except ValueError:
        raise InputError(
            f"{path}: upload state is not valid JSON; check the video is not already on the channel, then delete this file"
        ) from None
    if state.get("sha256") != sha:
        raise InputError(
            f"{path}: records an upload of another version of {video.name} (video {state.get('video_id') or 'not finished'}); "
            "delete the state file to upload this version as a new video"
        )
    return state
