"""Tags: the keyphrases and the client's glossary terms the talk uses, most relevant first,
deduplicated up to inflection, within YouTube's 500-character budget counted its way. Keyphrases
are made of words of the language, glossary terms and names (videokit.seo.text.candidates), so no
mis-transcription becomes a tag. Nor does a word of everyday language the talk says no more than
any text would ("pression", "risque", "example"): see generic()."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from videokit import nlp
from videokit.seo.text import contains_phrase, looks_like_name, normalize, words
from videokit.seo.types import Keyword
from videokit.youtube.limits import FORBIDDEN_CHARS, TAGS_MAX_CHARS, tags_length

MAX_TAG_CHARS = 30  # YouTube rejects long tags; past this a "tag" is a sentence
# A tag is everyday language when the language says it at least 10 times per million words
# (wordfreq's Zipf 4: "pression", "risque", "brain", "example"); rarer words ("tensiomètre",
# "hypertension", "neuron", 2-3.5) are the vocabulary of a field and always stay.
COMMON_ZIPF = 4.0
# An everyday word is a tag only when the talk says it at least 10**KEYNESS (~30) times as often
# as the language does (a keyness ratio): what the talk is about ("memory" in a talk on memory)
# against what any talk says ("example", "kind", "question"). The talk's rate is counted
# conservatively, one mention left out, so a word said once is never a topic.
KEYNESS = 1.5


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
    that look like people's names are left out (a patient's name must never become a tag), and so
    are those of everyday language the talk does not dwell on (generic())."""
    spoken_glossary = [g for g in glossary if g.strip() and contains_phrase(text, g, language)]
    said = normalize(text, language).split()
    # names: see looks_like_name
    topics = [k.text for k in keywords if not looks_like_name(k.text) and not generic(k.text, language, said)]
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


def generic(phrase: str, language: str, said: Sequence[str]) -> bool:
    """Whether `phrase` is everyday language that the talk (`said`: its words' stems, normalize) says
    no more than any text would: common (COMMON_ZIPF, wordfreq's estimate for a phrase combining
    its words') and said fewer than 10**KEYNESS times as often as the language says it, one
    mention discounted ("adulte", "pression" said once in a demo talk on hypertension; "example",
    "kind" in any lecture), so no viewer would search it on its own. A phrase with a capital (a
    name, "REM sleep") is never generic."""
    if not said or any(w[:1].isupper() for w in words(phrase)):
        return False
    zipf = nlp.zipf_frequency(phrase, language)
    if zipf < COMMON_ZIPF:
        return False
    needle = normalize(phrase, language).split()
    n = len(needle)
    if n == 0:
        return False
    count = sum(said[i : i + n] == needle for i in range(len(said) - n + 1)) if n > 1 else said.count(needle[0])
    return count <= 1 or math.log10((count - 1) / len(said) * 1e9) - zipf < KEYNESS
