"""Repair channel metadata safely: derive, diff, read-modify-write, record, undo.

For each video with a defect in the asked fields, new metadata is derived from the best
transcript (videokit's job artifacts, else the channel's caption track via captions.download).
Only defective fields change, and titles only when `title` is asked for explicitly.

Applying is a read-modify-write of the whole snippet part (videos.update deletes any snippet
field it is not sent): the snippet is read again just before writing, the change is refused if
it moved since the diff was made, and the change is recorded BEFORE the write (before = the full
snippet as read, after = the snippet sent, then the snippet YouTube returned), so a crash between
the two still leaves an undoable record. Undo writes the recorded snippet back, and refuses when
the video was edited after the change (unless forced).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from videokit.audit.collect import VideoFacts, channel_info, read_videos, upload_ids
from videokit.audit.options import AuditOptions
from videokit.audit.score import AUTO_FIELDS, audit_video, chapter_block, chapters_in
from videokit.audit.transcripts import TranscriptSource, job_transcript, parse_captions
from videokit.config import ClientProfile, Settings
from videokit.errors import InputError, YouTubeError
from videokit.progress import Progress, silent
from videokit.speech.types import Transcript
from videokit.store import Store, open_store
from videokit.youtube import limits
from videokit.youtube.quota import plan_units

if TYPE_CHECKING:  # the Google client libraries load only when a command talks to YouTube
    from videokit.youtube.service import YouTubeSession

DEFAULT_FIELDS = ("chapters", "description", "tags")  # never the title unless asked
# The snippet fields videos.update writes. The read-only ones (publishedAt, channelId, localized...)
# are sent back as read, in their order, as Google's own update sample does; YouTube ignores them.
WRITABLE = ("title", "description", "tags", "categoryId", "defaultLanguage", "defaultAudioLanguage")
GENERATED = ("thumbnails",)  # made by the server on every read: never sent
# Which repair a defect's field calls for ("chapters" lives in the description).
_FIELD_OF = {"title": "title", "description": "description", "chapters": "chapters", "tags": "tags"}


@dataclass(frozen=True)
class FieldChange:
    field: str  # "title", "description" (chapters included) or "tags"
    before: Any
    after: Any

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FieldChange:
        return cls(**data)


@dataclass(frozen=True)
class VideoFix:
    video_id: str
    title: str
    repairs: list[str]  # the repairs made (chapters, description, tags, title); those asked when skipped
    changes: list[FieldChange]
    source: TranscriptSource | None = None
    change_id: int | None = None  # set once applied
    skipped: str = ""  # why nothing was changed

    def to_dict(self) -> dict[str, Any]:
        return {
            "video_id": self.video_id,
            "title": self.title,
            "repairs": list(self.repairs),
            "changes": [c.to_dict() for c in self.changes],
            "source": self.source.to_dict() if self.source else None,
            "change_id": self.change_id,
            "skipped": self.skipped,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> VideoFix:
        return cls(
            data["video_id"],
            data["title"],
            list(data["repairs"]),
            [FieldChange.from_dict(c) for c in data["changes"]],
            TranscriptSource.from_dict(data["source"]) if data.get("source") else None,
            data.get("change_id"),
            data.get("skipped", ""),
        )


@dataclass(frozen=True)
class FixResult:
    client: str
    dry_run: bool
    fields: list[str]
    plan: dict[str, int]  # calls planned (an upper bound: a video may need no caption download)
    units: dict[str, int]
    fixes: list[VideoFix] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {**{k: v for k, v in asdict(self).items() if k != "fixes"}, "fixes": [f.to_dict() for f in self.fixes]}


@dataclass(frozen=True)
class ChangeRecord:
    id: int
    client: str
    video_id: str
    fields: list[str]
    before: dict[str, Any]
    after: dict[str, Any]
    created_at: datetime | None
    undone_at: datetime | None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["created_at"] = self.created_at.isoformat() if self.created_at else None
        data["undone_at"] = self.undone_at.isoformat() if self.undone_at else None
        return data


def parse_fields(only: str | None) -> list[str]:
    """`--only chapters,description` as a list; the default never touches titles."""
    if not only:
        return list(DEFAULT_FIELDS)
    asked = [f.strip() for f in only.split(",") if f.strip()]
    unknown = [f for f in asked if f not in AUTO_FIELDS]
    if unknown or not asked:
        raise InputError(
            f"--only {only}: unknown field(s) {', '.join(unknown) or '(none)'}; use a comma list of {', '.join(AUTO_FIELDS)}"
        )
    return list(dict.fromkeys(asked))


def writable(snippet: dict[str, Any]) -> dict[str, Any]:
    """The fields an update can change: what two snippets must share to count as the same metadata."""
    return {k: v for k, v in snippet.items() if k in WRITABLE}


def for_update(snippet: dict[str, Any]) -> dict[str, Any]:
    """The snippet as read, ready to send whole (videos.update deletes any writable field left out)."""
    return {k: v for k, v in snippet.items() if k not in GENERATED}


def fix_videos(
    settings: Settings,
    client: ClientProfile,
    video_ids: list[str],
    fields: list[str],
    *,
    dry_run: bool = False,
    options: AuditOptions | None = None,
    on_plan: Callable[[FixResult], None] | None = None,
    progress: Progress = silent,
) -> FixResult:
    """Repair `fields` of the given videos (all the channel's when none is given)."""
    from videokit.youtube.service import connect

    options = options or AuditOptions()
    store = open_store(settings.database_url)
    session = connect(settings, client)
    today = datetime.now(UTC).date()
    try:
        if not video_ids:
            # One 1-unit count, then the uploads playlist: listing is cheap, fixing is what costs.
            video_ids, _ = upload_ids(session, channel_info(session, client.name).uploads_playlist)
        # videos.list also answers for other channels' public videos: only this channel's are ours to fix.
        videos = [v for v in read_videos(session, video_ids) if v.snippet.get("channelId") == session.channel_id]
        missing = sorted(set(video_ids) - {v.video_id for v in videos})
        if missing:
            raise InputError(
                f"--video {missing[0]}: no such video on client {client.name!r}'s channel; check the id (the part after watch?v=)"
            )
        work = []
        for video in videos:
            audit = audit_video(video, client, store, options, today)
            repairs = [
                f for f in fields if any(_FIELD_OF.get(d.field) == f and d.code != "deontology" for d in audit.defects)
            ]
            work.append((video, repairs, job_transcript(store, video.video_id) if repairs else None))
        calls = _fix_calls(work, dry_run)
        session.ledger.ensure(calls)
        result = FixResult(client.name, dry_run, list(fields), calls, plan_units(calls))
        if on_plan:
            on_plan(result)
        fixes = []
        for i, (video, repairs, job) in enumerate(work):
            try:
                fixes.append(_fix_one(session, store, client, settings, video, repairs, job, dry_run, options))
            except (YouTubeError, InputError) as err:  # one video refused (edited meanwhile, invalid): the others go on
                fixes.append(VideoFix(video.video_id, video.title, repairs, [], skipped=str(err)))
            progress(i + 1, len(work))
        return FixResult(client.name, dry_run, list(fields), calls, plan_units(calls), fixes)
    finally:
        session.close()


def _fix_calls(work, dry_run: bool) -> dict[str, int]:
    """Upper bound of the calls still to make: caption listing and download where no job transcript."""
    todo = [(video, job) for video, repairs, job in work if repairs]
    need_captions = sum(1 for video, job in todo if job is None and video.has_captions_flag)
    calls = {"captions.list": need_captions, "captions.download": need_captions}
    if not dry_run:
        calls.update({"videos.list": len(todo), "videos.update": len(todo)})
    return {k: v for k, v in calls.items() if v}


def _fix_one(
    session: YouTubeSession,
    store,
    client,
    settings,
    video: VideoFacts,
    repairs,
    job,
    dry_run: bool,
    options: AuditOptions,
) -> VideoFix:
    if not repairs:
        return VideoFix(video.video_id, video.title, [], [], skipped="no defect in the asked fields")
    found = job or (
        _caption_transcript(session, video) if options.download_captions and video.has_captions_flag else None
    )
    if found is None:
        return VideoFix(
            video.video_id,
            video.title,
            repairs,
            [],
            skipped="no transcript: not published with videokit and no caption track the owner can download",
        )
    transcript, source = found
    words = len(transcript.text.split())
    if words < options.min_transcript_words:
        return VideoFix(
            video.video_id,
            video.title,
            repairs,
            [],
            source,
            skipped=f"the transcript has {words} words, too few to derive metadata from (audit.min_transcript_words = {options.min_transcript_words})",
        )
    new, applied, skipped = propose(video, transcript, client, settings, repairs)
    changes = [FieldChange(k, video.snippet.get(k), v) for k, v in new.items() if video.snippet.get(k) != v]
    if not changes:
        return VideoFix(
            video.video_id, video.title, repairs, [], source, skipped=skipped or "the derived metadata is the same"
        )
    if dry_run:
        return VideoFix(video.video_id, video.title, applied, changes, source, skipped=skipped)
    change_id = apply(session, store, client.name, video, {c.field: c.after for c in changes}, applied)
    return VideoFix(video.video_id, video.title, applied, changes, source, change_id, skipped)


def propose(
    video: VideoFacts, transcript: Transcript, client: ClientProfile, settings: Settings, repairs: list[str]
) -> tuple[dict[str, Any], list[str], str]:
    """New values for the repaired snippet fields, the repairs they make, and why any was left out."""
    from videokit.compliance.check import check_text
    from videokit.seo.derive import derive_metadata
    from videokit.seo.describe import assemble

    metadata = derive_metadata(transcript, client, settings.seo)
    new: dict[str, Any] = {}
    made: dict[str, str] = {}  # repair -> the snippet field it changes
    notes = []
    if "title" in repairs and metadata.title:
        new["title"], made["title"] = metadata.title, "title"
    if "tags" in repairs and metadata.tags:
        new["tags"], made["tags"] = list(metadata.tags), "tags"
    chapters = metadata.chapters if "chapters" in repairs else chapters_in(video.description)
    if "chapters" in repairs and not metadata.chapters:
        notes.append("chapters: no valid chapter list (3+ chapters of 10 s+) could be derived from the transcript")
    if "description" in repairs:
        # The derived text around the chapters asked for: the owner's stay unless chapters are repaired.
        new["description"], made["description"] = assemble(metadata.parts, chapters), "description"
        if "chapters" in repairs and metadata.chapters:
            made["chapters"] = "description"
    elif "chapters" in repairs and metadata.chapters:
        new["description"] = replace_chapters(
            video.description, "\n".join(f"{c.timestamp} {c.title}" for c in metadata.chapters)
        )
        made["chapters"] = "description"
    for key, value in list(new.items()):
        text = ", ".join(value) if key == "tags" else value
        blocking = [f for f in check_text(text, metadata.language, client, source=key) if f.severity == "block"]
        problems = {
            "title": limits.title_problems,
            "description": limits.description_problems,
            "tags": limits.tags_problems,
        }[key](value)
        if blocking or problems:
            notes.append(
                f"{key}: the derived {key} is not safe to publish ({blocking[0].rule if blocking else problems[0]})"
            )
            del new[key]
    applied = [r for r in repairs if made.get(r) in new and new[made[r]] != video.snippet.get(made[r])]
    return new, applied, "; ".join(notes)


def replace_chapters(description: str, block: str) -> str:
    """`description` with its chapter block replaced by `block` (appended when it has none)."""
    lines = description.splitlines()
    span = chapter_block(description)
    if span is None:
        return f"{description.rstrip()}\n\n{block}".strip() if block else description
    first, last = span
    return "\n".join(lines[:first] + (block.splitlines() if block else []) + lines[last + 1 :]).strip()


def apply(
    session: YouTubeSession, store: Store, client: str, video: VideoFacts, new: dict[str, Any], repairs: list[str]
) -> int:
    """Read-modify-write the snippet; the change row is written before the update (write-ahead)."""
    current = read_videos(session, [video.video_id])
    if not current:
        raise YouTubeError(
            f"video {video.video_id}: it disappeared from the channel during the fix; run the audit again"
        )
    before = current[0].snippet
    if writable(before) != writable(video.snippet):
        raise YouTubeError(
            f"video {video.video_id}: its metadata changed on YouTube while the fix was prepared; run 'videokit audit fix' again"
        )
    sent = {**for_update(before), **new}
    changes = store.table("changes")
    with store.begin() as conn:
        change_id = conn.execute(
            changes.insert().values(
                client=client,
                video_id=video.video_id,
                fields=json.dumps(repairs),
                before=_dump(before),
                after=_dump(sent),
            )
        ).inserted_primary_key[0]
    try:
        reply = session.execute(
            session.data.videos().update(part="snippet", body={"id": video.video_id, "snippet": sent}), "videos.update"
        )
    except Exception:
        with store.begin() as conn:  # YouTube refused: nothing changed, so nothing to undo
            conn.execute(changes.delete().where(changes.c.id == change_id))
        raise
    with store.begin() as conn:
        conn.execute(changes.update().where(changes.c.id == change_id).values(after=_dump(reply.get("snippet", sent))))
    return int(change_id)


def undo_change(settings: Settings, change_id: int, *, force: bool = False) -> ChangeRecord:
    """Write back the snippet recorded before change `change_id`; refuse if the video moved since."""
    from videokit.youtube.service import connect

    store = open_store(settings.database_url)
    record = get_change(store, change_id, settings)
    if record.undone_at is not None:
        raise InputError(f"change {change_id}: already undone on {record.undone_at:%Y-%m-%d %H:%M}; nothing to do")
    session = connect(settings, settings.client(record.client))
    try:
        current = read_videos(session, [record.video_id])
        if not current:
            raise YouTubeError(
                f"change {change_id}: video {record.video_id} is no longer on the channel; nothing can be restored"
            )
        now = current[0].snippet
        if writable(now) != writable(record.after) and not force:
            moved = [k for k in WRITABLE if now.get(k) != record.after.get(k)]
            raise InputError(
                f"change {change_id}: video {record.video_id} was edited after this change ({', '.join(moved)}); "
                "undoing would overwrite those edits; rerun with --force to restore the recorded metadata anyway"
            )
        body = {"id": record.video_id, "snippet": for_update(record.before)}
        reply = session.execute(session.data.videos().update(part="snippet", body=body), "videos.update")
        if writable(reply.get("snippet", {})) != writable(record.before):
            raise YouTubeError(
                f"change {change_id}: YouTube did not store the restored metadata as sent; check video {record.video_id} by hand"
            )
    finally:
        session.close()
    changes = store.table("changes")
    with store.begin() as conn:
        conn.execute(changes.update().where(changes.c.id == change_id).values(undone_at=datetime.now(UTC)))
    return get_change(store, change_id, settings)


def get_change(store: Store, change_id: int, settings: Settings) -> ChangeRecord:
    changes = store.table("changes")
    with store.begin() as conn:
        row = conn.execute(sa.select(changes).where(changes.c.id == change_id)).mappings().first()
    if row is None:
        raise InputError(
            f"{settings.database_url}: no change {change_id}; list them with 'videokit audit changes --client NAME'"
        )
    return _record(row)


def list_changes(settings: Settings, client: str) -> list[ChangeRecord]:
    store = open_store(settings.database_url)
    changes = store.table("changes")
    with store.begin() as conn:
        rows = (
            conn.execute(sa.select(changes).where(changes.c.client == client).order_by(changes.c.id)).mappings().all()
        )
    return [_record(r) for r in rows]


def _record(row) -> ChangeRecord:
    return ChangeRecord(
        row["id"], row["client"], row["video_id"], json.loads(row["fields"]), json.loads(row["before"]), json.loads(row["after"]),
        row["created_at"], row["undone_at"],
    )  # fmt: skip


def _caption_transcript(session: YouTubeSession, video: VideoFacts) -> tuple[Transcript, TranscriptSource] | None:
    """The video's caption track as a transcript: its own language first, published before drafts."""
    reply = session.execute(session.data.captions().list(part="snippet", videoId=video.video_id), "captions.list")
    tracks = reply.get("items", [])
    if not tracks:
        return None
    lang = video.language.split("-")[0]

    def rank(item):
        s = item["snippet"]
        return (
            s.get("language", "").split("-")[0] != lang,
            bool(s.get("isDraft")),
            s.get("trackKind", "").lower() == "asr",
        )

    best = min(tracks, key=rank)
    try:
        data = session.execute(session.data.captions().download_media(id=best["id"], tfmt="vtt"), "captions.download")
    except YouTubeError:
        return None  # not the owner's to download (a third-party track): no transcript from captions
    text = data.decode("utf-8", errors="replace") if isinstance(data, bytes) else str(data)
    language = best["snippet"].get("language", "").split("-")[0] or lang or "fr"
    transcript = parse_captions(text, language, video.duration or None)
    if not transcript.segments:
        return None
    return transcript, TranscriptSource("captions", best["id"], language)


def _dump(snippet: dict[str, Any]) -> str:
    return json.dumps(snippet, ensure_ascii=False)
