"""A Short's own title and description: the subject and the parts the Short itself covers (the full
video's title would promise parts the Short leaves out), the words of the Short as its hook, and a
link to the full video (a Short is how new viewers find the long one)."""

from __future__ import annotations

from dataclasses import dataclass

from videokit.seo.describe import clean_sentence, shorten
from videokit.seo.text import sentences
from videokit.seo.titles import ESSENTIALS, chapter_parts, subject_and_parts
from videokit.seo.types import Metadata
from videokit.youtube import limits

SHORTS_TAG = "#Shorts"
HOOK_CHARS = 200  # what shows of a Short's description under the player, roughly
_FULL_VIDEO = {"fr": "La vidéo complète : ", "en": "Full video: "}


@dataclass(frozen=True)
class ShortMetadata:
    """short_metadata.json: what the Short is published with, and which video it leads to."""

    title: str
    description: str
    tags: list[str]
    language: str
    full_video_id: str
    full_video_url: str
    full_publish_at: str | None  # the full video's scheduled publication (RFC 3339, UTC), if any


def short_metadata(
    metadata: Metadata,
    spoken: str,
    full_video_id: str,
    full_url: str,
    full_publish_at: str | None,
    hashtags: list[str],
    span: tuple[float, float] | None = None,
) -> ShortMetadata:
    """The Short's metadata from the full video's and what the Short says (`spoken`); `span` is
    where the Short was cut in the talk (seconds), which tells the chapters it covers."""
    language = metadata.language if metadata.language in _FULL_VIDEO else "en"
    room = limits.TITLE_MAX_CHARS - len(SHORTS_TAG) - 1
    title = _covering_title(metadata, span, room) or shorten(metadata.title, room)
    hook = ""
    for sentence in (clean_sentence(s, language) for s in sentences(spoken)):
        if hook and len(hook) + len(sentence) + 1 > HOOK_CHARS:
            break
        hook = f"{hook} {sentence}".strip()
    tags_line = " ".join([*(f"#{h.lstrip('#')}" for h in hashtags[:2]), SHORTS_TAG])
    description = "\n\n".join(
        part for part in (shorten(hook, HOOK_CHARS), f"{_FULL_VIDEO[language]}{full_url}", tags_line) if part
    )
    return ShortMetadata(
        title=f"{title} {SHORTS_TAG}".replace("<", "‹").replace(">", "›"),
        description=description.replace("<", "‹").replace(">", "›"),
        tags=list(metadata.tags),
        language=metadata.language,
        full_video_id=full_video_id,
        full_video_url=full_url,
        full_publish_at=full_publish_at,
    )


def _covering_title(metadata: Metadata, span: tuple[float, float] | None, max_chars: int) -> str | None:
    """ "Subject : the parts the Short covers": a chapter counts when at least half of it is in the Short."""
    subject = metadata.parts.get("main_keyword")
    if span is None or not subject or not metadata.chapters:
        return None
    duration = float(metadata.parts.get("duration") or span[1])
    ends = [c.start for c in metadata.chapters[1:]] + [max(duration, span[1])]
    covered = [
        c.title
        for c, end in zip(metadata.chapters, ends)
        if end > c.start and (min(end, span[1]) - max(c.start, span[0])) / (end - c.start) >= 0.5
    ]
    # no named part in the Short (its introduction only): a title that promises no part
    parts = chapter_parts(covered, subject, metadata.language) or [ESSENTIALS[metadata.language]]
    return subject_and_parts(subject, parts, metadata.language, max_chars)
