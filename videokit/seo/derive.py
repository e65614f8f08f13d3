"""Transcript -> Metadata: keywords, three titles, description, tags, chapters and the score."""

from __future__ import annotations

from datetime import date
from typing import Any

from videokit.compliance.charter import description_block
from videokit.config import ClientProfile
from videokit.errors import InputError
from videokit.seo import describe
from videokit.seo.chapters import chapter_times
from videokit.seo.embed import get_embedder
from videokit.seo.keywords import extract_keywords
from videokit.seo.options import SeoOptions
from videokit.seo.score import score_video
from videokit.seo.tags import build_tags
from videokit.seo.text import LANGUAGES
from videokit.seo.timed import timed_sentences
from videokit.seo.titles import main_keyword, title_candidates
from videokit.seo.types import Metadata
from videokit.speech.types import Transcript


def seo_language(transcript_language: str | None, client: ClientProfile) -> str:
    """Metadata is written in the video's language when we support it, else the client's, else English."""
    for candidate in (transcript_language, client.language):
        if candidate in LANGUAGES:
            return candidate
    return "en"


def derive_metadata(
    transcript: Transcript, client: ClientProfile, options: SeoOptions, *, has_captions: bool = True
) -> Metadata:
    text = transcript.text
    if sum(any(c.isalnum() for c in word) for word in text.split()) < 5:  # "<" or "..." is not a word
        raise InputError(
            "the transcript has fewer than 5 words, too few to derive a title; check the audio or its language"
        )
    language = seo_language(transcript.language, client)
    embedder = get_embedder(options.embedder)
    keywords = extract_keywords(
        text, language, embedder=embedder, top_n=options.keywords, glossary=client.glossary, diversity=options.diversity
    )
    sentences = timed_sentences(transcript)
    duration = transcript.duration or (sentences[-1].end if sentences else 0.0)
    main = main_keyword(keywords, language, client) or (keywords[0].text if keywords else "")
    chapters = chapter_times(sentences, duration, embedder, language, options, avoid=[main])
    titles = title_candidates(
        keywords, language, text=text, duration=duration, client=client, ideal_chars=options.title_ideal_chars
    )
    spoken = [s.text for s in sentences]
    head = titles[0].text if titles else main
    hook = describe.hook(spoken, main, language)
    parts: dict[str, Any] = {
        "language": language,
        "duration": duration,
        "main_keyword": main,
        "hook": hook,
        "summary": describe.summary(spoken, embedder, keywords, language, options.summary_sentences, skip=hook),
        "link": describe.utm_link(client.website, describe.slug(head)) if client.website else "",
        "charter": description_block(client, language, date.today()),
        "disclaimer": client.disclaimer or describe.DEFAULT_DISCLAIMER[language],
        "hashtags": describe.hashtags(client.hashtags, keywords, options.hashtags),
    }
    description = describe.assemble(parts, chapters)
    tags = build_tags(
        keywords,
        language,
        text=text,
        main=main,
        glossary=client.glossary,
        extra=[client.display_name] if client.display_name else [],
    )
    score = score_video(
        title=titles[0].text if titles else "",
        description=description,
        tags=tags,
        has_captions=has_captions,
        default_language=language,
        category_id=client.category_id,
        custom_thumbnail=True,  # the thumbnail step always makes one
        keywords=[main, *(k.text for k in keywords)],
        chapters_valid=bool(chapters),
        duration=duration,
    )
    return Metadata(
        titles=titles,
        description=description,
        tags=tags,
        chapters=chapters,
        hashtags=parts["hashtags"],
        keywords=keywords,
        language=language,
        category_id=client.category_id,
        score=score,
        parts=parts,
    )
