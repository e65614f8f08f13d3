"""The description: hook, summary, chapters, links, disclaimer, hashtags, within 5000 UTF-8 bytes.

The first ~150 characters are what shows above "...more" and in search snippets, so they carry
the hook and the main keyword. The description is kept as parts (Metadata.parts) and assembled
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

from videokit.seo.embed import Embedder, embed
from videokit.seo.text import contains_phrase, looks_like_name, strip_accents, words
from videokit.seo.types import Chapter, Keyword, Metadata
from videokit.youtube.limits import DESCRIPTION_FOLD_CHARS, DESCRIPTION_MAX_BYTES

LABELS = {
    "fr": {"chapters": "Chapitres :", "more": "En savoir plus :"},
    "en": {"chapters": "Chapters:", "more": "Learn more:"},
}
DEFAULT_DISCLAIMER = {
    "fr": "Cette vidéo donne une information générale et ne remplace pas une consultation médicale. "
    "Pour votre situation, parlez-en à votre médecin.",
    "en": "This video is general information and does not replace a medical consultation. "
    "For your own situation, talk to your doctor.",
}
_FILLERS = re.compile(r"\b(euh+|heu+|hum+|bah|ben|uh+|um+|erm)\b[,.]?\s*", re.IGNORECASE)
SUMMARY_MAX_CHARS = 900


def hook(sentences: Sequence[str], main_keyword: str, language: str) -> str:
    """One or two lines (<= 150 characters) with the main keyword: the first spoken sentence that
    names it, prefixed with the keyword when the sentence does not open with it."""
    spoken = [clean_sentence(s) for s in sentences]
    with_keyword = [s for s in spoken if contains_phrase(s, main_keyword, language) and len(s) >= 30]
    sentence = with_keyword[0] if with_keyword else next((s for s in spoken if len(s) >= 30), "")
    keyword = main_keyword[:1].upper() + main_keyword[1:]
    position = strip_accents(sentence.lower()).find(strip_accents(main_keyword.lower()))
    if 0 <= position < 60 or not sentence:
        return shorten(sentence or keyword, DESCRIPTION_FOLD_CHARS)
    if sentence[1:2].islower():  # "Rapport : est-ce que...", not "Rapport : Est-ce que..."
        sentence = sentence[0].lower() + sentence[1:]
    return shorten(f"{keyword}{' :' if language == 'fr' else ':'} {sentence}", DESCRIPTION_FOLD_CHARS)


def summary(
    sentences: Sequence[str],
    embedder: Embedder | None,
    keywords: Sequence[Keyword],
    language: str,
    count: int,
    skip: str = "",
) -> str:
    """The `count` most central sentences in speaking order (not the hook's `skip` again): centrality
    is the cosine to the whole talk's mean embedding, or keyword coverage without a model."""
    spoken = [clean_sentence(s) for s in sentences]
    usable = [i for i, s in enumerate(spoken) if 6 <= len(s.split()) <= 60 and s.rstrip("…") not in skip]
    if not usable or count == 0:
        return ""
    if embedder is not None:
        vectors = embed(embedder, [spoken[i] for i in usable], kind="query")
        centre = vectors.mean(axis=0)
        scores = vectors @ (centre / max(float(np.linalg.norm(centre)), 1e-9))
    else:
        scores = np.array(
            [sum(contains_phrase(spoken[i], k.text, language) for k in keywords[:10]) for i in usable], float
        )
    best = sorted(np.argsort(-scores, kind="stable")[:count])
    return shorten(" ".join(spoken[usable[i]] for i in best), SUMMARY_MAX_CHARS)


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
