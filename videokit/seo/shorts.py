"""A Short's own title and description: the full video's title made to fit with #Shorts, the words of
the Short as its hook, and a link to the full video (a Short is how new viewers find the long one)."""

from __future__ import annotations

from dataclasses import dataclass

from videokit.seo.describe import shorten
from videokit.seo.text import sentences
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
    metadata: Metadata, spoken: str, full_video_id: str, full_url: str, full_publish_at: str | None, hashtags: list[str]
) -> ShortMetadata:
    """The Short's metadata from the full video's and what the Short says (`spoken`)."""
    language = metadata.language if metadata.language in _FULL_VIDEO else "en"
    room = limits.TITLE_MAX_CHARS - len(SHORTS_TAG) - 1
    title = shorten(metadata.title, room)
    hook = ""
    for sentence in sentences(spoken):
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
