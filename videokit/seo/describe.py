"""The description: hook, summary, chapters, links, disclaimer, hashtags, within 5000 UTF-8 bytes.

The first ~150 characters are what shows above "...more" and in search snippets, so they carry
the hook (what the viewer will learn, from the chapters) and the main keyword; the summary that
follows takes one sentence from each of the longest chapters. The description is kept as parts (Metadata.parts) and assembled
here, so moving the chapters after an intro (`with_offset`) rebuilds it exactly.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import replace
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

import numpy as np

from videokit import nlp
from videokit.seo import structure
from videokit.seo.embed import Embedder, embed, sentence_heads
from videokit.seo.text import contains_phrase, looks_like_name, real_words, strip_accents, words
from videokit.seo.types import Chapter, Keyword, Metadata
from videokit.youtube.limits import DESCRIPTION_FOLD_CHARS, DESCRIPTION_MAX_BYTES

LABELS = {
    "fr": {"chapters": "Chapitres :", "more": "En savoir plus :", "in_this_video": "Dans cette vidéo", "and": "et"},
    "en": {"chapters": "Chapters:", "more": "Learn more:", "in_this_video": "In this video", "and": "and"},
}
DEFAULT_DISCLAIMER = {
    "fr": "Cette vidéo donne une information générale et ne remplace pas une consultation médicale. "
    "Pour votre situation, parlez-en à votre médecin.",
    "en": "This video is general information and does not replace a medical consultation. "
    "For your own situation, talk to your doctor.",
}
_FILLERS = re.compile(r"\b(euh+|heu+|hum+|bah|ben|uh+|um+|erm)\b[,.]?\s*", re.IGNORECASE)
SUMMARY_MAX_CHARS = 900
# A word the model gave less than even odds: it found the other spellings together more likely,
# so the word heard may not be the word said (a real word that passes any dictionary check).
SURE_WORD = 0.5


def hook(
    sentences: Sequence[str],
    main_keyword: str,
    language: str,
    chapters: Sequence[Chapter] = (),
    confidence: Sequence[float] = (),
) -> str:
    """What the viewer will learn, within the first 150 characters and with the main keyword:
    the parts the chapters name ("Dans cette vidéo : les symptômes de l'hypertension, comment
    mesurer sa tension à domicile et le traitement…"), else the first sentence that names the
    keyword, reads on its own (never "Enfin, …" or "Donc …") and was heard surely (`confidence`,
    as in summary()), prefixed with the keyword when it does not open with it."""
    topics = [
        c.title
        for c in chapters
        if c.title != structure.INTRODUCTION and not c.title.startswith(structure.PART_PREFIX[language] + " ")
    ]
    keyword = structure.capitalise(main_keyword)
    if len(topics) >= 2:
        parts = [structure.with_article(t.rstrip(" ?"), language) for t in topics]
        while parts:
            listing = parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} {LABELS[language]['and']} {parts[-1]}"
            lead = LABELS[language]["in_this_video"] if contains_phrase(listing, main_keyword, language) else keyword
            text = structure.typeset(f"{lead} : {listing}.", language)
            if len(text) <= DESCRIPTION_FOLD_CHARS or len(parts) == 1:
                return shorten(text, DESCRIPTION_FOLD_CHARS)
            parts.pop()
    spoken = [
        s for s, sure in zip(map(clean_sentence, sentences), _sure(confidence, len(sentences))) if sure and len(s) >= 30
    ]
    # parsed lazily, in order: a one-hour talk has hundreds of sentences and the first few decide
    with_keyword = (s for s in spoken if contains_phrase(s, main_keyword, language))
    sentence = next((s for s in with_keyword if structure.stands_alone(s, language)), "")
    sentence = sentence or next((s for s in spoken if structure.stands_alone(s, language)), "")
    position = strip_accents(sentence.lower()).find(strip_accents(main_keyword.lower()))
    if 0 <= position < 60 or not sentence:
        return shorten(sentence or keyword, DESCRIPTION_FOLD_CHARS)
    opening = next(iter(nlp.tag(sentence, language)), None)
    if sentence[1:2].islower() and (
        opening is None or opening.pos_ != "PROPN"
    ):  # "Rapport : est-ce que…", but "Jamison"
        sentence = sentence[0].lower() + sentence[1:]
    return shorten(structure.typeset(f"{keyword} : {sentence}", language), DESCRIPTION_FOLD_CHARS)


def summary(
    sentences: Sequence[str],
    embedder: Embedder | None,
    keywords: Sequence[Keyword],
    language: str,
    count: int,
    skip: str = "",
    pieces: Sequence[tuple[int, int]] = (),
    vectors: np.ndarray | None = None,
    glossary: Sequence[str] = (),
    confidence: Sequence[float] = (),
) -> str:
    """`count` sentences in speaking order that cover the talk: one from each of its longest
    chapters (`pieces`: sentence ranges) that has one to give, the one closest to that chapter's
    centre, else the most central of the whole talk. Only sentences that read on their own
    (structure.stands_alone), never the hook's `skip` again, never one with a word Whisper made up
    (`text.real_words`) nor one it was unsure of (`confidence`: each sentence's lowest word
    probability, TimedSentence.confidence; below SURE_WORD a real word may still be the wrong one,
    "elle abîme le cours" for "le cœur"). Without a model, keyword coverage stands for centrality."""
    spoken = [clean_sentence(s) for s in sentences]
    sure = _sure(confidence, len(spoken))
    usable = {
        i
        for i, s in enumerate(spoken)
        if sure[i]
        and 6 <= len(s.split()) <= 60
        and s.rstrip("…") not in skip
        and real_words(s, language, glossary, sentence=True)
    }
    if not usable or count == 0:
        return ""
    if vectors is None and embedder is not None:
        vectors = embed(embedder, sentence_heads(spoken), kind="query")
    if vectors is not None:
        scores = _centrality(vectors, pieces or [(0, len(spoken))])
    else:
        scores = np.array([sum(contains_phrase(s, k.text, language) for k in keywords[:10]) for s in spoken], float)
    ranges = sorted(pieces, key=lambda p: p[0] - p[1]) if pieces else [(0, len(spoken))]
    picked: list[int] = []
    for a, b in ranges:
        if len(picked) >= count:
            break
        inside = sorted((i for i in range(a, b) if i in usable and i not in picked), key=lambda i: -scores[i])
        alone = (i for i in inside if structure.stands_alone(spoken[i], language))  # parsed lazily: best first
        picked.extend(i for _, i in zip(range(1 if pieces else count), alone))
    return shorten(" ".join(spoken[i] for i in sorted(picked)[:count]), SUMMARY_MAX_CHARS)


def _sure(confidence: Sequence[float], count: int) -> list[bool]:
    """Which of `count` sentences the model heard surely (every word at SURE_WORD or more); all of
    them when the transcript gave no word probabilities (nothing to doubt)."""
    return [c >= SURE_WORD for c in confidence] if confidence else [True] * count


def _centrality(vectors: np.ndarray, pieces: Sequence[tuple[int, int]]) -> np.ndarray:
    """Each sentence's cosine to the centre of its own piece."""
    scores = np.zeros(len(vectors))
    for a, b in pieces:
        centre = vectors[a:b].mean(axis=0)
        scores[a:b] = vectors[a:b] @ (centre / max(float(np.linalg.norm(centre)), 1e-9))
    return scores


def clean_sentence(sentence: str) -> str:
    """Spoken words written down: fillers out, spaces normalised, '<' '>' removed (YouTube refuses them)."""
    text = _FILLERS.sub("", sentence).replace("<", "").replace(">", "")
    text = re.sub(r"\s+([,.])", r"\1", re.sub(r"\s+", " ", text)).strip(" ,")
    return text[:1].upper() + text[1:]


def shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:")
    return cut + "…"


def utm_link(website: str, campaign: str) -> str:
    """The practitioner's link tagged so their analytics credit YouTube (existing query kept)."""
    parts = urlsplit(website if "://" in website else f"https://{website}")
    tags = urlencode({"utm_source": "youtube", "utm_medium": "video", "utm_campaign": campaign})
    query = f"{parts.query}&{tags}" if parts.query else tags
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", query, parts.fragment))


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", strip_accents(text.lower())).strip("-")[:60] or "video"


def hashtags(client_tags: Sequence[str], keywords: Sequence[Keyword], count: int) -> list[str]:
    """Up to `count` hashtags: the client's own first, then the main keyphrases in CamelCase."""
    out: list[str] = []
    for raw in [*client_tags, *(k.text for k in keywords if not looks_like_name(k.text))]:
        tag = "#" + "".join(w[:1].upper() + w[1:] for w in words(raw.lstrip("#")))
        key = unicodedata.normalize("NFKC", strip_accents(tag.lower()))
        if len(tag) > 2 and key not in {strip_accents(t.lower()) for t in out}:
            out.append(tag)
        if len(out) == count:
            break
    return out


def assemble(parts: dict[str, Any], chapters: Sequence[Chapter]) -> str:
    """The description text from its parts, trimmed to YouTube's byte limit summary-first."""
    labels = LABELS[parts["language"]]
    chapter_block = "\n".join([labels["chapters"], *(f"{c.timestamp} {c.title}" for c in chapters)]) if chapters else ""
    link = f"{labels['more']} {parts['link']}" if parts.get("link") else ""
    summary_text = parts.get("summary", "")
    while True:
        # parts["charter"]: the "Sources et mise à jour" block (videokit.compliance.charter)
        blocks = [
            parts["hook"],
            summary_text,
            chapter_block,
            link,
            parts.get("charter", ""),
            parts.get("disclaimer", ""),
            " ".join(parts.get("hashtags", [])),
        ]
        text = "\n\n".join(b for b in blocks if b).replace("<", "").replace(">", "")
        excess = len(text.encode("utf-8")) - DESCRIPTION_MAX_BYTES
        if excess <= 0 or not summary_text:
            break
        summary_text = (
            shorten(summary_text, max(0, len(summary_text) - excess - 1)) if len(summary_text) > excess + 20 else ""
        )
    return _fit_bytes(text)


def _fit_bytes(text: str) -> str:
    """Last resort (a very long chapter list or disclaimer): cut on a line, never mid-character."""
    data = text.encode("utf-8")
    if len(data) <= DESCRIPTION_MAX_BYTES:
        return text
    cut = data[:DESCRIPTION_MAX_BYTES].decode("utf-8", errors="ignore")
    return cut.rsplit("\n", 1)[0] if "\n" in cut else cut


def with_offset(metadata: Metadata, seconds: float) -> Metadata:
    """The metadata of the video once an intro of `seconds` is prepended at render: the first
    chapter stays at 0:00 (it now covers the intro too), the others shift, and the description's
    chapter block follows."""
    if seconds < 0:
        raise ValueError("an intro offset cannot be negative")
    chapters = [c if i == 0 else replace(c, start=c.start + seconds) for i, c in enumerate(metadata.chapters)]
    parts = {**metadata.parts, "duration": float(metadata.parts.get("duration", 0.0)) + seconds}
    description = assemble(parts, chapters) if metadata.parts else metadata.description
    return replace(metadata, chapters=chapters, description=description, parts=parts)
