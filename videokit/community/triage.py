"""`videokit comments`: read the channel's new comment threads, classify each under medical rules,
suggest the replies a doctor may post, hold the risky comments for review when the client allows
it, and count per video. Nothing is sent to YouTube without `apply`.

What `apply` does, and only then: the comments that disclose a patient's data or identity, and
spam, are held for review (comments.setModerationStatus heldForReview, one 50-unit call per 50
comments) when the client's profile sets `hold_comments`; the suggested replies to advice requests
and disclosures left in public view are posted (comments.insert, 50 units each). A held comment
keeps its suggested reply for the doctor: YouTube takes no reply to a comment out of public view.
A thread the channel has answered already is reported and left alone, so a rerun posts nothing twice.
The quota for all of it is checked before the first call.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING, Literal

from videokit.compliance.comments import KINDS, CommentKind, classify_comment, suggest_reply
from videokit.config import Settings
from videokit.progress import Progress, silent
from videokit.store import Store
from videokit.youtube import comments as yt_comments
from videokit.youtube import videos as yt_videos
from videokit.youtube.service import connect

if TYPE_CHECKING:
    from videokit.youtube.session import YouTubeSession

Action = Literal["none", "hold", "reply", "answered"]


@dataclass(frozen=True)
class TriagedComment:
    thread_id: str
    comment_id: str
    video_id: str
    author: str
    published_at: datetime
    text: str
    kind: CommentKind
    language: str
    reasons: list[str] = field(default_factory=list)
    disclosed: list[str] = field(default_factory=list)
    suggested_reply: str = ""
    action: Action = "none"  # what `apply` does (or did) with it
    done: bool = False  # `apply` did it
    reply_id: str = ""


@dataclass(frozen=True)
class VideoCounts:
    video_id: str
    title: str
    counts: dict[str, int]  # kind -> comments
    held: int = 0
    replies: int = 0


@dataclass(frozen=True)
class TriageResult:
    client: str
    channel_id: str
    since: datetime | None
    applied: bool
    hold_allowed: bool  # the client's profile lets videokit hold comments for review
    comments: list[TriagedComment]
    videos: list[VideoCounts]
    quota_units: int  # spent by this run (shared bucket)


def triage_comments(
    settings: Settings,
    store: Store,
    client_name: str | None,
    since: datetime | None = None,
    apply: bool = False,
    progress: Progress = silent,
) -> TriageResult:
    """Triage the client's comment threads since `since` (all when None); see the module docstring."""
    client = settings.client(client_name)
    session = connect(settings, store, client)
    try:
        before = session.ledger.spent().get("shared", 0)
        threads = yt_comments.threads(session, since)
        triaged: list[TriagedComment] = []
        for i, thread in enumerate(threads):
            found = classify_comment(thread.text, client)
            action: Action = "none"
            if thread.owner_replied:
                action = "answered"
            elif found.risky and client.hold_comments:
                action = "hold"
            elif found.needs_reply:
                action = "reply"
            triaged.append(
                TriagedComment(
                    thread.thread_id,
                    thread.comment_id,
                    thread.video_id,
                    thread.author,
                    thread.published_at,
                    thread.text,
                    found.kind,
                    found.language,
                    found.reasons,
                    found.disclosed,
                    suggest_reply(found, thread.text, client) if action != "answered" else "",
                    action,
                )
            )
            progress(i + 1, len(threads))
        if apply:
            triaged = _apply(session, threads, triaged)
        titles = _titles(session, store, sorted({c.video_id for c in triaged}))
        spent = session.ledger.spent().get("shared", 0) - before
        return TriageResult(
            client.name,
            session.channel_id,
            since,
            apply,
            client.hold_comments,
            triaged,
            _per_video(triaged, titles),
            spent,
        )
    finally:
        session.close()


def _apply(
    session: YouTubeSession, threads: Sequence[yt_comments.CommentThread], triaged: list[TriagedComment]
) -> list[TriagedComment]:
    holds = [c for c in triaged if c.action == "hold"]
    replies = [c for c in triaged if c.action == "reply" and c.suggested_reply]
    # a reply whose answer is lost re-reads its thread (1 unit) rather than posting again
    session.ledger.ensure(yt_comments.moderation_plan(len(replies), len(holds), len(replies)))
    yt_comments.set_moderation(session, [c.comment_id for c in holds], "heldForReview")
    by_id = {t.thread_id: t for t in threads}
    out = []
    for c in triaged:
        if c.action == "hold":
            c = replace(c, done=True)
        elif c.action == "reply" and c.suggested_reply:
            c = replace(c, done=True, reply_id=yt_comments.reply(session, by_id[c.thread_id], c.suggested_reply))
        out.append(c)
    return out


def _titles(session: YouTubeSession, store: Store, ids: list[str]) -> dict[str, str]:
    titles = {i: record.title for i in ids if (record := store.videos.get(i)) is not None and record.title}
    unknown = [i for i in ids if i not in titles]
    if unknown:
        titles.update({v.video_id: v.title for v in yt_videos.videos(session, unknown)})
    return titles


def _per_video(triaged: list[TriagedComment], titles: dict[str, str]) -> list[VideoCounts]:
    rows = []
    for video_id in dict.fromkeys(c.video_id for c in triaged):
        mine = [c for c in triaged if c.video_id == video_id]
        counts = Counter(c.kind for c in mine)
        rows.append(
            VideoCounts(
                video_id,
                titles.get(video_id, ""),
                {kind: counts[kind] for kind in KINDS if counts[kind]},
                held=sum(c.action == "hold" and c.done for c in mine),
                replies=sum(c.action == "reply" and c.done for c in mine),
            )
        )
    return sorted(rows, key=lambda r: -sum(r.counts.values()))
