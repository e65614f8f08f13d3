"""Transcript -> Metadata: keywords, three titles, description, tags, chapters and the score."""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

import numpy as np

from videokit import nlp
from videokit.compliance.charter import description_block
from videokit.config import ClientProfile
from videokit.errors import InputError
from videokit.progress import Progress, silent
from videokit.seo import describe, structure
from videokit.seo.chapters import chapter_plan
from videokit.seo.embed import Embedder, embed, get_embedder, sentence_heads
from videokit.seo.keywords import extract_keywords
from videokit.seo.options import SeoOptions
from videokit.seo.score import score_video
from videokit.seo.subject import main_subject
from videokit.seo.tags import build_tags
from videokit.seo.text import LANGUAGES
from videokit.seo.timed import TimedSentence, timed_sentences
from videokit.seo.titles import main_keyword, title_candidates
from videokit.seo.types import Metadata
from videokit.speech import glossary
from videokit.speech.options import TranscribeOptions
from videokit.speech.types import Transcript

EMBED_BATCH = 64  # sentences embedded per call: small enough for a progress bar to move
# Where the progress bar stands (percent) once each part is done: their shares of the step's CPU
# on a one-hour talk (bench/metadata.py), so the bar moves evenly from loading to the last part.
PROGRESS = {"embedded": 65.0, "parsed": 82.0, "keywords": 87.0, "subject": 95.0, "chapters": 98.0, "done": 100.0}
HEARINGS_PER_QUOTE = 2  # sentences heard again for each one quoted: room for one refusal each
GLOSSARY_SIMILARITY = TranscribeOptions.model_fields["glossary_similarity"].default  # the threshold transcription uses


def _confirmed(
    rehearing: Callable[[str, float, float], bool] | None,
    sentences: Sequence[TimedSentence],
    quotes: int,
    glossary: Sequence[str],
    language: str,
) -> describe.Confirmed:
    """Whether sentence i may be quoted as heard: its rare words heard surely
    (describe.rare_words_sure: a second hearing writes the same guess again), then, given a
    `rehearing`, heard the same way again, asked once each and of HEARINGS_PER_QUOTE sentences
    per quote at most (`quotes`: the summary's and the hook's): past that, on audio where most
    sentences come out differently, the rest count as not confirmed, which bounds the step's cost
    (a one-hour talk's SEO is about 25 CPU-s; a hearing about 1.7)."""
    budget = HEARINGS_PER_QUOTE * quotes

    @functools.cache
    def confirmed(i: int) -> bool:
        nonlocal budget
        sentence = sentences[i]
        if not describe.rare_words_sure(((w.text, w.probability) for w in sentence.words), language, glossary):
            return False  # costs nothing: asked before hearing again
        if rehearing is None:
            return True
        if budget <= 0:
            return False
        budget -= 1
        return rehearing(sentence.text, sentence.start, sentence.end)

    return confirmed


def seo_language(transcript_language: str | None, client: ClientProfile) -> str:
    """Metadata is written in the video's language when we support it, else the client's, else English."""
    for candidate in (transcript_language, client.language):
        if candidate in LANGUAGES:
            return candidate
    return "en"


def derive_metadata(
    transcript: Transcript,
    client: ClientProfile,
    options: SeoOptions,
    *,
    has_captions: bool = True,
    progress: Progress = silent,
    rehearing: Callable[[str, float, float], bool] | None = None,
) -> Metadata:
    """Keywords, three titles, description, tags, chapters and the score for a transcript.

    The client's glossary corrects the transcript first (a transcript made without it, or
    before a term was added, gets the same fixes; `parts["corrections"]` reports them). Each
    sentence is embedded once and the text analysed once; every part below reuses them.
    `progress` hears (percent done, 100) from the start (loading the models) to the end.
    `rehearing(text, start, end)` (videokit.speech.rehear.Rehearing over the talk's audio) says
    whether a sentence is heard the same way again: the description quotes only those that are.
    """
    if sum(any(c.isalnum() for c in word) for word in transcript.text.split()) < 5:  # "<" or "..." is not a word
        raise InputError(
            "the transcript has fewer than 5 words, too few to derive a title; check the audio or its language"
        )
    progress(0.0, 100.0)
    language = seo_language(transcript.language, client)
    already = len(transcript.corrections)
    if client.glossary:
        transcript = glossary.correct(transcript, list(client.glossary), GLOSSARY_SIMILARITY)
    sentences = timed_sentences(transcript)
    spoken = [s.text for s in sentences]
    text = " ".join(spoken) or transcript.text
    embedder = get_embedder(options.embedder)
    vectors = _embed_sentences(embedder, spoken, progress) if embedder is not None and spoken else None
    progress(PROGRESS["embedded"], 100.0)
    nlp.analyse(text, language)  # the parse every part below reads (cached), here so the bar moves after it
    progress(PROGRESS["parsed"], 100.0)
    keywords = extract_keywords(
        text,
        language,
        embedder=embedder,
        top_n=options.keywords,
        glossary=client.glossary,
        diversity=options.diversity,
        sentence_vectors=vectors,
    )
    progress(PROGRESS["keywords"], 100.0)
    duration = transcript.duration or (sentences[-1].end if sentences else 0.0)
    subject = main_subject(
        text,
        language,
        announced=structure.announced_topic(spoken, language),
        glossary=client.glossary,
        embedder=embedder,
        talk_vector=vectors.mean(axis=0) if vectors is not None else None,
    )
    progress(PROGRESS["subject"], 100.0)
    main = (
        (subject.text if subject else None)
        or main_keyword(keywords, language, client)
        or (keywords[0].text if keywords else "")
    )
    chapters, kinds = chapter_plan(sentences, duration, embedder, language, options, avoid=[main], vectors=vectors)
    progress(PROGRESS["chapters"], 100.0)
    # the parts the speaker announced or asked name what the talk covers; a chapter's keyphrase does not
    announced = [c for c, kind in zip(chapters, kinds) if kind in ("announced", "question")]
    titles = title_candidates(
        keywords,
        language,
        text=text,
        duration=duration,
        client=client,
        ideal_chars=options.title_ideal_chars,
        chapters=announced,
        subject=subject,
    )
    head = titles[0].text if titles else main
    confidence = [s.confidence for s in sentences]
    cleaned = [describe.clean_sentence(s, language) for s in spoken]  # once, for the hook and the summary
    confirmed = _confirmed(rehearing, sentences, options.summary_sentences + 1, client.glossary, language)
    hook = describe.hook(
        cleaned, main, language, announced, confidence, [k.text for k in keywords], client.glossary, confirmed, vectors
    )
    starts = [
        next((i for i, s in enumerate(sentences) if math.floor(s.start) >= c.start), len(sentences)) for c in chapters
    ]
    pieces = list(zip(starts, [*starts[1:], len(sentences)])) if chapters else []
    parts: dict[str, Any] = {
        "language": language,
        "duration": duration,
        "main_keyword": main,
        "hook": hook,
        "summary": describe.summary(
            cleaned,
            embedder,
            keywords,
            language,
            options.summary_sentences,
            skip=hook,
            pieces=pieces,
            vectors=vectors,
            glossary=client.glossary,
            confidence=confidence,
            confirmed=confirmed,
        ),
        "link": describe.utm_link(client.website, describe.slug(head)) if client.website else "",
        "charter": description_block(client, language, date.today()),
        "disclaimer": client.disclaimer or describe.DEFAULT_DISCLAIMER[language],
        "hashtags": describe.hashtags(client.hashtags, keywords, options.hashtags),
        "corrections": list(transcript.corrections[already:]),
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
    progress(PROGRESS["done"], 100.0)
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


def _embed_sentences(embedder: Embedder, spoken: list[str], progress: Progress) -> np.ndarray:
    """The sentences' embeddings, in batches so a long talk shows its progress."""
    heads = sentence_heads(spoken)
    batches = []
    for start in range(0, len(spoken), EMBED_BATCH):
        progress(PROGRESS["embedded"] * start / len(spoken), 100.0)
        batches.append(embed(embedder, heads[start : start + EMBED_BATCH], kind="query"))
    return np.vstack(batches)
