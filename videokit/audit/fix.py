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

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from videokit.audit.collect import VideoFacts, channel_info, read_videos
from videokit.audit.options import AuditOptions
from videokit.audit.score import AUTO_FIELDS, audit_video, chapter_block, chapters_in, video_language
from videokit.audit.transcripts import TranscriptSource, job_transcript
from videokit.config import ClientProfile, Settings
from videokit.errors import InputError, YouTubeError
from videokit.progress import Progress, silent
from videokit.speech.types import Transcript
from videokit.store import Store
from videokit.store.changes import ChangeRecord
from videokit.store.stats import video_search_terms
from videokit.youtube import limits
from videokit.youtube.edit import EditConflict, for_update, writable
from videokit.youtube.quota import plan_units

if TYPE_CHECKING:
    from videokit.youtube.session import YouTubeSession

DEFAULT_FIELDS = ("chapters", "description", "tags")  # never the title unless asked
# YouTube's rules for each snippet field a repair may write.
_LIMITS: dict[str, Callable[[Any], list[str]]] = {
    "title": limits.title_problems,
    "description": limits.description_problems,
    "tags": limits.tags_problems,
}
# Which repair a defect's field calls for ("chapters" lives in the description).
_FIELD_OF = {"title": "title", "description": "description", "chapters": "chapters", "tags": "tags"}


@dataclass(frozen=True)
class FieldChange:
    field: str  # "title", "description" (chapters included) or "tags"
    before: Any
    after: Any


@dataclass(frozen=True)
class VideoFix:
    video_id: str
    title: str
    repairs: list[str]  # the repairs made (chapters, description, tags, title); those asked when skipped
    changes: list[FieldChange]
    source: TranscriptSource | None = None
    change_id: int | None = None  # set once applied
    skipped: str = ""  # why nothing was changed


@dataclass(frozen=True)
class FixResult:
    client: str
    dry_run: bool
    fields: list[str]
    plan: dict[str, int]  # calls planned (an upper bound: a video may need no caption download)
    units: dict[str, int]
    fixes: list[VideoFix] = field(default_factory=list)


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


def fix_videos(
    settings: Settings,
    store: Store,
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
    from videokit.youtube.videos import upload_ids

    options = options or AuditOptions()
    session = connect(settings, store, client)
    today = datetime.now(UTC).date()
    try:
        if not video_ids:
            # One 1-unit count, then the uploads playlist: listing is cheap, fixing is what costs.
            video_ids = list(upload_ids(session, channel_info(session, client.name).uploads_playlist))
        # videos.list also answers for other channels' public videos: only this channel's are ours to fix.
        videos = [v for v in read_videos(session, video_ids) if v.channel_id == session.channel_id]
        missing = sorted(set(video_ids) - {v.video_id for v in videos})
        if missing:
            raise InputError(
                f"--video {missing[0]}: no such video on client {client.name!r}'s channel; check the id (the part after watch?v=)"
            )
        searched = video_search_terms(store.stats.traffic(client.name)) if "tags" in fields else {}
        extra_tags: dict[str, list[str]] = {}  # the search terms that join a video's tags
        work = []
        for video in videos:
            audit = audit_video(video, client, store.videos, options, today)
            repairs = [
                f for f in fields if any(_FIELD_OF.get(d.field) == f and d.code != "deontology" for d in audit.defects)
            ]
            terms = _missing_terms(video, searched)
            if terms and "tags" not in repairs:
                repairs.append("tags")
            needs_transcript = [r for r in repairs if not (r == "tags" and terms)]
            work.append((video, repairs, job_transcript(store.videos, video.video_id) if needs_transcript else None))
            extra_tags[video.video_id] = terms
        calls = _fix_calls(work, dry_run, extra_tags)
        session.ledger.ensure(calls)
        result = FixResult(client.name, dry_run, list(fields), calls, plan_units(calls))
        if on_plan:
            on_plan(result)
        fixes = []
        for i, (video, repairs, job) in enumerate(work):
            try:
                fixes.append(
                    _fix_one(
                        session,
                        store,
                        client,
                        settings,
                        video,
                        repairs,
                        job,
                        dry_run,
                        options,
                        extra_tags[video.video_id],
                    )
                )
            except (YouTubeError, InputError) as err:  # one video refused (edited meanwhile, invalid): the others go on
                fixes.append(VideoFix(video.video_id, video.title, repairs, [], skipped=str(err)))
            progress(i + 1, len(work))
        return FixResult(client.name, dry_run, list(fields), calls, plan_units(calls), fixes)
    finally:
        session.close()


def _fix_calls(work, dry_run: bool, extra_tags: dict[str, list[str]]) -> dict[str, int]:
    """Upper bound of the calls still to make: caption listing and download where no job transcript."""
    todo = [(video, job, repairs) for video, repairs, job in work if repairs]
    need_captions = sum(
        1
        for video, job, repairs in todo
        if job is None and video.has_captions_flag and (repairs != ["tags"] or not extra_tags.get(video.video_id))
    )
    calls = {"captions.list": need_captions, "captions.download": need_captions}
    if not dry_run:
        calls.update({"videos.list": len(todo), "videos.update": len(todo)})
    return {k: v for k, v in calls.items() if v}


def _fix_one(
    session: YouTubeSession,
    store: Store,
    client: ClientProfile,
    settings: Settings,
    video: VideoFacts,
    repairs: list[str],
    job: tuple[Transcript, TranscriptSource] | None,
    dry_run: bool,
    options: AuditOptions,
    extra_tags: list[str] | None = None,
) -> VideoFix:
    if not repairs:
        return VideoFix(video.video_id, video.title, [], [], skipped="no defect in the asked fields")
    if repairs == ["tags"] and extra_tags:  # the searches that bring viewers join the tags: no transcript needed
        tags = with_search_terms(video.tags, extra_tags, video_language(video, client), client)
        changes = [FieldChange("tags", video.tags, tags)] if tags != video.tags else []
        if not changes or dry_run:
            skipped = "" if changes else "the search terms cannot join the tags (YouTube's 500-character limit)"
            return VideoFix(video.video_id, video.title, ["tags"] if changes else [], changes, skipped=skipped)
        change_id = apply(session, store, client.name, video, {"tags": tags}, ["tags"])
        return VideoFix(video.video_id, video.title, ["tags"], changes, change_id=change_id)
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
    if extra_tags and "tags" in repairs:
        new["tags"] = with_search_terms(new.get("tags", video.tags), extra_tags, video_language(video, client), client)
        applied = list(dict.fromkeys([*applied, "tags"])) if new["tags"] != video.tags else applied
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
        problems = _LIMITS[key](value)
        if blocking or problems:
            notes.append(
                f"{key}: the derived {key} is not safe to publish ({blocking[0].rule if blocking else problems[0]})"
            )
            del new[key]
    applied = [r for r in repairs if made.get(r) in new and new[made[r]] != video.snippet.get(made[r])]
    return new, applied, "; ".join(notes)


def with_search_terms(tags: list[str], terms: list[str], language: str, client: ClientProfile) -> list[str]:
    """`tags` and then the search `terms` they lack, as long as YouTube's tag limits hold and the
    compliance check finds nothing blocking in the term."""
    from videokit.compliance.check import check_text

    out = list(tags)
    for term in terms:
        if term.casefold() in {t.casefold() for t in out}:
            continue
        if limits.tags_problems([*out, term]) or any(
            f.blocking for f in check_text(term, language, client, source="tags")
        ):
            continue
        out.append(term)
    return out


def _missing_terms(video: VideoFacts, searched: dict[str, dict[str, int]]) -> list[str]:
    """The searches bringing the video viewers that its title and tags do not carry, most viewed first."""
    from videokit.reports.insights import VideoText, fix_suggestions

    return [f.term for f in fix_suggestions([VideoText(video.video_id, video.title, video.tags)], searched)]


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
    from videokit.youtube.edit import update_snippet

    change_id: int | None = None

    def record(before: dict[str, Any], sent: dict[str, Any]) -> None:
        nonlocal change_id
        change_id = store.changes.record(client, video.video_id, repairs, before, sent)

    try:
        update = update_snippet(
            session,
            video.video_id,
            lambda current: {**for_update(current), **new},
            expected=video.snippet,
            before_write=record,
        )
    except EditConflict:
        raise YouTubeError(
            f"video {video.video_id}: its metadata changed on YouTube while the fix was prepared; run 'videokit audit fix' again"
        ) from None
    except Exception:
        if change_id is not None:  # YouTube refused: nothing changed, so nothing to undo
            store.changes.forget(change_id)
        raise
    assert change_id is not None  # recorded before the write
    store.changes.stored(change_id, update.stored)
    return change_id


def undo_change(settings: Settings, store: Store, change_id: int, *, force: bool = False) -> ChangeRecord:
    """Write back the snippet recorded before change `change_id`; refuse if the video moved since."""
    from videokit.youtube.edit import update_snippet
    from videokit.youtube.service import connect

    record = get_change(store, change_id)
    if record.undone_at is not None:
        raise InputError(f"change {change_id}: already undone on {record.undone_at:%Y-%m-%d %H:%M}; nothing to do")
    session = connect(settings, store, settings.client(record.client))
    try:
        update = update_snippet(
            session,
            record.video_id,
            lambda current: for_update(record.before),
            expected=None if force else record.after,
        )
    except EditConflict as conflict:
        raise InputError(
            f"change {change_id}: video {record.video_id} was edited after this change ({', '.join(conflict.moved)}); "
            "undoing would overwrite those edits; rerun with --force to restore the recorded metadata anyway"
        ) from None
    finally:
        session.close()
    if writable(update.stored) != writable(record.before):
        raise YouTubeError(
            f"change {change_id}: YouTube did not store the restored metadata as sent; check video {record.video_id} by hand"
        )
    store.changes.undone(change_id)
    return get_change(store, change_id)


def get_change(store: Store, change_id: int) -> ChangeRecord:
    record = store.changes.get(change_id)
    if record is None:
        raise InputError(f"{store.url}: no change {change_id}; list them with 'videokit audit changes --client NAME'")
    return record


def _caption_transcript(session: YouTubeSession, video: VideoFacts) -> tuple[Transcript, TranscriptSource] | None:
    """The video's caption track as a transcript: its own language first, published before drafts."""
    from videokit.speech.captions import read_captions
    from videokit.youtube.videos import caption_tracks, download_caption

    tracks = caption_tracks(session, video.video_id)
    if not tracks:
        return None
    lang = video.language.split("-")[0]
    best = min(tracks, key=lambda t: (t.language.split("-")[0] != lang, t.is_draft, t.kind == "asr"))
    try:
        text = download_caption(session, best.id)
    except YouTubeError:
        return None  # not the owner's to download (a third-party track): no transcript from captions
    language = best.language.split("-")[0] or lang or "fr"
    transcript = read_captions(text, language, video.duration or None)
    if not transcript.segments:
        return None
    return transcript, TranscriptSource("captions", best.id, language)
