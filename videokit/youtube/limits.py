"""YouTube's metadata rules, in one place: the SEO stage obeys them, the sandbox enforces them,
the audit scores against them. Google changes these; keep every number here."""

from __future__ import annotations

TITLE_MAX_CHARS = 100
TITLE_VISIBLE_CHARS = 70  # longer titles are cut in search results
DESCRIPTION_MAX_BYTES = 5000  # UTF-8 bytes: an accented letter counts twice
DESCRIPTION_FOLD_CHARS = 150  # what shows above "...more"
TAGS_MAX_CHARS = 500
HASHTAGS_SHOWN = 3  # the first three hashtags show above the title
CHAPTERS_MIN = 3
CHAPTER_MIN_SECONDS = 10.0
FORBIDDEN_CHARS = ("<", ">")


def tag_cost(tag: str) -> int:
    """A tag's length as YouTube counts it: a tag with a space is quoted, which adds 2."""
    return len(tag) + (2 if " " in tag else 0)


def tags_length(tags: list[str]) -> int:
    """Total length of a tag list as YouTube counts it (commas between tags count)."""
    return sum(tag_cost(t) for t in tags) + max(len(tags) - 1, 0)


def title_problems(title: str) -> list[str]:
    problems = []
    if not title.strip():
        problems.append("title is empty")
    if len(title) > TITLE_MAX_CHARS:
        problems.append(f"title has {len(title)} characters (at most {TITLE_MAX_CHARS})")
    if any(c in title for c in FORBIDDEN_CHARS):
        problems.append("title contains '<' or '>'")
    return problems


def description_problems(description: str) -> list[str]:
    problems = []
    size = len(description.encode("utf-8"))
    if size > DESCRIPTION_MAX_BYTES:
        problems.append(f"description is {size} UTF-8 bytes (at most {DESCRIPTION_MAX_BYTES})")
    if any(c in description for c in FORBIDDEN_CHARS):
        problems.append("description contains '<' or '>'")
    return problems


def tags_problems(tags: list[str]) -> list[str]:
    total = tags_length(tags)
    problems = (
        [f"tags total {total} characters counted YouTube's way (at most {TAGS_MAX_CHARS})"]
        if total > TAGS_MAX_CHARS
        else []
    )
    if any(c in t for t in tags for c in FORBIDDEN_CHARS):
        problems.append("a tag contains '<' or '>'")
    return problems


def chapters_problems(starts: list[float], duration: float) -> list[str]:
    """YouTube shows chapters only when: first at 0:00, at least 3, ascending, each >= 10 s."""
    if not starts:
        return []
    problems = []
    if starts[0] != 0:
        problems.append("first chapter does not start at 0:00")
    if len(starts) < CHAPTERS_MIN:
        problems.append(f"{len(starts)} chapters (at least {CHAPTERS_MIN})")
    bounds = list(starts) + [duration]
    for a, b in zip(bounds, bounds[1:]):
        if b <= a:
            problems.append("chapter times are not ascending")
            break
        if b - a < CHAPTER_MIN_SECONDS:
            problems.append(f"a chapter lasts {b - a:.1f} s (at least {CHAPTER_MIN_SECONDS:.0f} s)")
            break
    return problems
