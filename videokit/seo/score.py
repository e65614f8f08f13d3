"""SEO score out of 100 with concrete reasons, from plain video facts.

The same scorer rates what we generate and, for the channel audit, videos already online (their
title, description, tags, captions, language, category, thumbnail), so it takes facts rather
than our Metadata. Each item says what earned or lost its points.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from videokit.seo.text import LANGUAGES, contains_phrase, normalize
from videokit.seo.types import ScoreItem, SeoScore
from videokit.youtube.limits import (
    CHAPTERS_MIN,
    DESCRIPTION_FOLD_CHARS,
    DESCRIPTION_MAX_BYTES,
    TAGS_MAX_CHARS,
    TITLE_MAX_CHARS,
    TITLE_VISIBLE_CHARS,
    chapters_problems,
    description_problems,
    tags_length,
    title_problems,
)

_TIMESTAMP = re.compile(r"^\s*((?:\d+:)?\d{1,2}:\d{2})\s+\S", re.MULTILINE)
DESCRIPTION_GOOD_CHARS = 250  # enough words for YouTube to understand the topic
TAGS_GOOD_CHARS = 200  # a dozen specific tags; padding up to 500 adds nothing
# Categories that fit medical education: 26 Howto & Style, 27 Education, 28 Science & Technology, 22 People & Blogs.
FITTING_CATEGORIES = {"22", "26", "27", "28"}


def score_video(
    *,
    title: str,
    description: str,
    tags: Sequence[str],
    has_captions: bool,
    default_language: str | None,
    category_id: str | None,
    custom_thumbnail: bool,
    keywords: Sequence[str] = (),
    chapters_valid: bool | None = None,
    duration: float | None = None,
) -> SeoScore:
    """Score a video. `keywords` best first (the main one first); without them the first tag is taken
    as the main keyword. `chapters_valid` None means: read the chapters from the description."""
    language = (
        default_language.split("-")[0] if default_language and default_language.split("-")[0] in LANGUAGES else "en"
    )
    main = next((k for k in [*keywords, *tags] if normalize(k, language)), None)
    items = [
        _title_keyword(title, main, language),
        _title_length(title),
        _description_hook(description, main, language),
        _description_length(description),
        _chapters(description, chapters_valid, duration),
        ScoreItem(
            "captions",
            has_captions,
            10 if has_captions else 0,
            10,
            "captions uploaded (searchable text, accessibility)"
            if has_captions
            else "no captions: YouTube indexes less of what is said",
        ),
        _tags(tags),
        ScoreItem(
            "thumbnail",
            custom_thumbnail,
            5 if custom_thumbnail else 0,
            5,
            "custom thumbnail" if custom_thumbnail else "automatic thumbnail: a custom one earns more clicks",
        ),
        ScoreItem(
            "language",
            bool(default_language),
            5 if default_language else 0,
            5,
            f"default language set ({default_language})" if default_language else "default language not set",
        ),
        _category(category_id),
    ]
    return SeoScore(sum(i.points for i in items), items)


def _title_keyword(title: str, main: str | None, language: str) -> ScoreItem:
    if not main:
        return ScoreItem("title_keyword", False, 0, 20, "no keyword known to look for (no keywords, no tags)")
    if not contains_phrase(title, main, language):
        return ScoreItem("title_keyword", False, 0, 20, f'main keyword "{main}" is not in the title')
    early = contains_phrase(title[: max(len(title) // 2, len(main) + 5)], main, language)
    if early:
        return ScoreItem("title_keyword", True, 20, 20, f'main keyword "{main}" early in the title')
    return ScoreItem("title_keyword", True, 12, 20, f'main keyword "{main}" in the title but late; move it forward')


def _title_length(title: str) -> ScoreItem:
    problems = title_problems(title)
    if problems:
        return ScoreItem("title_length", False, 0, 10, "; ".join(problems))
    if len(title) <= TITLE_VISIBLE_CHARS:
        return ScoreItem(
            "title_length", True, 10, 10, f"{len(title)} characters, fully visible in search (<= {TITLE_VISIBLE_CHARS})"
        )
    return ScoreItem(
        "title_length",
        False,
        5,
        10,
        f"{len(title)} characters: cut after {TITLE_VISIBLE_CHARS} in search (limit {TITLE_MAX_CHARS})",
    )


def _description_hook(description: str, main: str | None, language: str) -> ScoreItem:
    fold = description[:DESCRIPTION_FOLD_CHARS]
    if not main:
        return ScoreItem("description_hook", False, 0, 15, "no keyword known to look for in the first lines")
    if contains_phrase(fold, main, language):
        return ScoreItem(
            "description_hook", True, 15, 15, f'main keyword "{main}" in the first {DESCRIPTION_FOLD_CHARS} characters'
        )
    if contains_phrase(description, main, language):
        return ScoreItem(
            "description_hook",
            False,
            6,
            15,
            f'main keyword "{main}" only below the fold; put it in the first two lines',
        )
    return ScoreItem("description_hook", False, 0, 15, f'main keyword "{main}" missing from the description')


def _description_length(description: str) -> ScoreItem:
    problems = description_problems(description)
    size = len(description.encode("utf-8"))
    if problems:
        return ScoreItem("description_length", False, 0, 10, "; ".join(problems))
    if len(description) >= DESCRIPTION_GOOD_CHARS:
        return ScoreItem(
            "description_length",
            True,
            10,
            10,
            f"{len(description)} characters ({size} of {DESCRIPTION_MAX_BYTES} bytes)",
        )
    if description.strip():
        return ScoreItem(
            "description_length",
            False,
            4,
            10,
            f"only {len(description)} characters; aim for {DESCRIPTION_GOOD_CHARS}+ with a summary",
        )
    return ScoreItem("description_length", False, 0, 10, "empty description")


def _chapters(description: str, chapters_valid: bool | None, duration: float | None) -> ScoreItem:
    starts = [_seconds(m) for m in _TIMESTAMP.findall(description)]
    if chapters_valid is None:
        if not starts:
            return ScoreItem("chapters", False, 0, 10, "no chapters in the description")
        problems = chapters_problems(starts, duration if duration is not None else starts[-1] + 10)
        if problems:
            return ScoreItem("chapters", False, 0, 10, "chapters YouTube will not show: " + "; ".join(problems))
        return ScoreItem("chapters", True, 10, 10, f"{len(starts)} valid chapters")
    if chapters_valid:
        return ScoreItem("chapters", True, 10, 10, f"{len(starts) or 'valid'} chapters" if starts else "valid chapters")
    if duration is not None and duration < CHAPTERS_MIN * 30:
        return ScoreItem("chapters", True, 10, 10, f"{duration:.0f} s video: too short to need chapters")
    return ScoreItem("chapters", False, 0, 10, "no valid chapters (at least 3, first at 0:00, each >= 10 s)")


def _tags(tags: Sequence[str]) -> ScoreItem:
    used = tags_length(list(tags))
    if used > TAGS_MAX_CHARS:
        return ScoreItem("tags", False, 0, 10, f"tags use {used} characters, over YouTube's {TAGS_MAX_CHARS}")
    points = min(10, round(10 * used / TAGS_GOOD_CHARS))
    return ScoreItem("tags", points == 10, points, 10, f"{len(tags)} tags, {used} of {TAGS_MAX_CHARS} characters")


def _category(category_id: str | None) -> ScoreItem:
    if not category_id:
        return ScoreItem("category", False, 0, 5, "no category")
    if str(category_id) in FITTING_CATEGORIES:
        return ScoreItem("category", True, 5, 5, f"category {category_id} fits health education")
    return ScoreItem(
        "category", False, 2, 5, f"category {category_id}: 27 (Education) or 26/28 fit health content better"
    )


def _seconds(stamp: str) -> float:
    total = 0
    for part in stamp.split(":"):
        total = total * 60 + int(part)
    return float(total)
