"""Three ranked title candidates, each with the reason it ranks where it does.

Titles are built from the transcript's keyphrases with a few patterns that read as natural French
or English ("Hypertension artérielle : symptômes et traitements"), never from a list of hooks:
the main keyword first, then what makes the video specific (subtopics, the audience it is for,
its length), within 70 characters when possible so search results do not cut it. No clickbait,
no question or exclamation marks, no shouting, no '<' '>'; a candidate the deontology check
would block is dropped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from videokit.config import ClientProfile
from videokit.seo.text import clean_title, content_stems, looks_like_name, normalize, sentences
from videokit.seo.types import Keyword, TitleCandidate
from videokit.youtube.limits import TITLE_MAX_CHARS, title_problems

# (pattern, what it offers) per language; {k1} main keyword, {k2} {k3} subtopics, {aud} audience,
# {brand} the practitioner, {minutes} the length.
PATTERNS: dict[str, list[tuple[str, str]]] = {
    "fr": [
        ("{k1} : {k2} et {k3}", "two subtopics of the talk"),
        ("{k1} {aud} : {k2} et {k3}", "names the audience"),
        ("{k1} : {k2} et {k3} | {brand}", "two subtopics and the practitioner's name"),
        ("{k1} : {k2} | {brand}", "a subtopic and the practitioner's name"),
        ("{k1} et {k2} : l'essentiel en {minutes} minutes", "says what the viewer gets and how long it takes"),
        ("{k1} : {k2}", "one subtopic"),
    ],
    "en": [
        ("{k1}: {k2} and {k3}", "two subtopics of the talk"),
        ("{k1} {aud}: {k2} and {k3}", "names the audience"),
        ("{k1}: {k2} and {k3} | {brand}", "two subtopics and the practitioner's name"),
        ("{k1}: {k2} | {brand}", "a subtopic and the practitioner's name"),
        ("{k1} and {k2}: the essentials in {minutes} minutes", "says what the viewer gets and how long it takes"),
        ("{k1}: {k2}", "one subtopic"),
    ],
}
# Audience words (regex on the transcript, lower case) -> how a title names that audience.
AUDIENCES: dict[str, list[tuple[str, str]]] = {
    "fr": [
        (r"\b(enfants?|bébés?|nourrissons?|pédiatr\w*)\b", "chez l'enfant"),
        (r"\b(enceintes?|grossesses?)\b", "pendant la grossesse"),
        (r"\b(personnes? âgées?|seniors?|âgés)\b", "chez la personne âgée"),
        (r"\b(sportifs?|sportives?|athlètes?)\b", "chez le sportif"),
        (r"\b(adolescents?|ados?)\b", "chez l'adolescent"),
    ],
    "en": [
        (r"\b(child|children|kids?|babies|baby|infants?|paediatric|pediatric)\b", "in children"),
        (r"\b(pregnan\w*)\b", "in pregnancy"),
        (r"\b(elderly|older adults?|seniors?)\b", "in older adults"),
        (r"\b(athletes?|runners?|sportsm[ae]n)\b", "in athletes"),
        (r"\b(teenagers?|teens?|adolescents?)\b", "in teenagers"),
    ],
}
MIN_AUDIENCE_MENTIONS = 2  # one passing mention does not make a video "for" an audience


@dataclass(frozen=True)
class _Parts:
    k1: str
    subtopics: list[str]
    audience: str | None
    brand: str | None
    minutes: int


def title_candidates(
    keywords: Sequence[Keyword],
    language: str,
    *,
    text: str,
    duration: float,
    client: ClientProfile | None = None,
    ideal_chars: int = 70,
    count: int = 3,
) -> list[TitleCandidate]:
    """Up to `count` titles, best first, all within YouTube's rules and in `language`."""
    from videokit.compliance.check import blocking, check_text  # the check imports config; keep titles light

    parts = _parts(keywords, language, text, duration, client)
    if parts is None:
        return _fallback(text, ideal_chars)
    seen: set[str] = set()
    ranked: list[TitleCandidate] = []
    for pattern, offer in PATTERNS[language]:
        title = _fill(pattern, parts)
        if title is None or title.lower() in seen or title_problems(title) or len(title) > TITLE_MAX_CHARS:
            continue
        if blocking(check_text(title, language, client, source="title")):
            continue
        seen.add(title.lower())
        score, reason = _rank(title, parts, offer, ideal_chars, language)
        ranked.append(TitleCandidate(title, score, reason))
    ranked.sort(key=lambda t: -t.score)
    return ranked[:count] or _fallback(text, ideal_chars)


def _fallback(text: str, ideal_chars: int) -> list[TitleCandidate]:
    """No usable keyphrase (or every pattern blocked): the talk's first sentence, shortened."""
    from videokit.seo.describe import clean_sentence, shorten

    shortened = (clean_title(shorten(clean_sentence(s).rstrip(".!?"), ideal_chars)) for s in sentences(text))
    title = next((t for t in shortened if any(c.isalnum() for c in t)), "")
    return (
        [TitleCandidate(title, 0.1, "no keyphrase to build on: the first sentence of the talk; edit it")]
        if title
        else []
    )


def main_keyword(keywords: Sequence[Keyword], language: str, client: ClientProfile | None = None) -> str | None:
    """The phrase the video should rank for: the best keyphrase that is not a person's name,
    or a longer phrase near the top that contains it ("hypertension artérielle" over "hypertension")."""
    usable = _usable(keywords, language, client)
    if not usable:
        return None
    first = content_stems(usable[0], language)
    return next(
        (
            k
            for k in usable[1:5]
            if len(content_stems(k, language)) > len(first) and first <= content_stems(k, language)
        ),
        usable[0],
    )


def _usable(keywords: Sequence[Keyword], language: str, client: ClientProfile | None) -> list[str]:
    glossary = {normalize(g, language) for g in (client.glossary if client else [])}
    return [k.text for k in keywords if not looks_like_name(k.text) or normalize(k.text, language) in glossary]


def _parts(
    keywords: Sequence[Keyword], language: str, text: str, duration: float, client: ClientProfile | None
) -> _Parts | None:
    k1 = main_keyword(keywords, language, client)
    if k1 is None:
        return None
    taken = content_stems(k1, language)
    subtopics: list[str] = []
    for kw in _usable(keywords, language, client):
        # a subtopic must bring new words: "hypertension sévère" under "hypertension artérielle" repeats the title
        if content_stems(kw, language) & taken:
            continue
        subtopics.append(kw)
        taken |= content_stems(kw, language)
        if len(subtopics) == 2:
            break
    lowered = text.lower()
    audience = next(
        (label for pattern, label in AUDIENCES[language] if len(re.findall(pattern, lowered)) >= MIN_AUDIENCE_MENTIONS),
        None,
    )
    brand = (client.display_name.strip() or None) if client else None
    return _Parts(k1, subtopics, audience, brand, max(1, round(duration / 60)))


def _fill(pattern: str, parts: _Parts) -> str | None:
    needs = set(re.findall(r"{(\w+)}", pattern))
    values = {"k1": parts.k1, "aud": parts.audience, "brand": parts.brand, "minutes": str(parts.minutes)}
    values.update(dict(zip(("k2", "k3"), parts.subtopics)))
    if any(not values.get(n) for n in needs):
        return None
    return clean_title(pattern.format(**values))


def _rank(title: str, parts: _Parts, offer: str, ideal_chars: int, language: str) -> tuple[float, str]:
    covered = 1 + sum(1 for s in parts.subtopics if s.lower() in title.lower())
    score = 0.4 + 0.12 * covered
    reasons = [f'main keyword "{parts.k1}" first', offer]
    if len(title) <= ideal_chars:
        score += 0.25
        reasons.append(f"{len(title)} characters, fully visible in search (<= {ideal_chars})")
    else:
        reasons.append(f"{len(title)} characters: cut in search results after {ideal_chars}")
    if parts.audience and parts.audience in title:
        score += 0.08
    if parts.brand and parts.brand in title:
        score += 0.03
    return round(min(score, 1.0), 3), "; ".join(reasons)
