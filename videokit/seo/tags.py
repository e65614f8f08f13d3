"""Tags: the keyphrases and the client's glossary terms the talk uses, most relevant first,
deduplicated up to inflection, within YouTube's 500-character budget counted its way. Keyphrases
are made of words of the language, glossary terms and names (videokit.seo.text.candidates), so no
mis-transcription becomes a tag."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from videokit.seo.text import contains_phrase, looks_like_name, normalize
from videokit.seo.types import Keyword
from videokit.youtube.limits import FORBIDDEN_CHARS, TAGS_MAX_CHARS, tags_length

MAX_TAG_CHARS = 30  # YouTube rejects long tags; past this a "tag" is a sentence


def build_tags(
    keywords: Sequence[Keyword],
    language: str,
    *,
    text: str,
    main: str | None = None,
    glossary: Iterable[str] = (),
    extra: Iterable[str] = (),
) -> list[str]:
    """The main keyword (`main`, else the first keyphrase), then glossary terms said in the talk, then other keyphrases, then `extra`
    (the practitioner's name); each kept only if it is new and still fits the budget. Keyphrases
    that look like people's names are left out (a patient's name must never become a tag)."""
    spoken_glossary = [g for g in glossary if g.strip() and contains_phrase(text, g, language)]
    topics = [k.text for k in keywords if not looks_like_name(k.text)]  # names: see looks_like_name
    ordered = [*([main] if main else topics[:1]), *spoken_glossary, *topics, *extra]
    tags: list[str] = []
    seen: set[str] = set()
    for raw in ordered:
        tag = " ".join("".join(c for c in raw if c not in FORBIDDEN_CHARS and c != ",").split())
        key = normalize(tag, language)
        if not key or key in seen or len(tag) > MAX_TAG_CHARS:
            continue
        if tags_length([*tags, tag]) > TAGS_MAX_CHARS:
            continue  # a shorter tag further down may still fit
        tags.append(tag)
        seen.add(key)
    return tags
