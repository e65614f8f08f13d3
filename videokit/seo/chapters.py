"""Chapters: topic segmentation of the transcript, boundaries on sentence starts and pauses.

Sentences are embedded (e5, "query:" prefix for sentence-to-sentence similarity), centred on the
document mean (e5 vectors all point roughly the same way; centring restores contrast) and mixed
with a lexical similarity (shared stems), which catches topic words the small model blurs. The
segmentation is the one minimising the within-segment scatter plus a penalty per segment, found
exactly by dynamic programming (Alemi & Ginsparg 2015 style, the optimum rather than a greedy
depth-score threshold). Timing constraints (each chapter at least N seconds, a bonus for cutting
at a pause) go into the same program, so what comes out is valid for YouTube by construction.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from videokit.seo.embed import Embedder, embed
from videokit.seo.keywords import extract_keywords
from videokit.seo.options import SeoOptions
from videokit.seo.text import clean_title, content_stems, lexicon, normalize, words
from videokit.seo.timed import TimedSentence
from videokit.seo.types import Chapter
from videokit.youtube.limits import chapters_problems

PENALTY = 1.4  # per-segment cost, in units of the document's mean per-sentence scatter (tuned on bench/chapters.py)
LEXICAL_WEIGHT = 0.2  # share of the lexical similarity in the mixed kernel
PAUSE_BONUS = 0.5  # a boundary after a 2 s pause costs this fraction of a segment penalty less
CHAPTER_CANDIDATES = 30  # phrases embedded per chapter title: a chapter is short, its best phrases are frequent
CHAPTER_TITLE_CHARS = 40  # two keyphrases in a chapter title only while they stay short
JOINERS = {"fr": " et ", "en": " and "}
PART = {"fr": "Partie", "en": "Part"}


@dataclass(frozen=True)
class Timing:
    """Where each sentence starts and how long a chapter must last, for timed transcripts."""

    starts: Sequence[float]
    end: float
    min_seconds: float = 10.0
    pauses: Sequence[float] = ()  # silence before each sentence, seconds


def segment(
    sentences: Sequence[str],
    embedder: Embedder | None,
    *,
    language: str | None = None,
    n_segments: int | None = None,
    max_segments: int | None = None,
    min_sentences: int = 2,
    timing: Timing | None = None,
) -> list[int]:
    """Boundaries as sentence indices: a new segment starts at each returned index (never 0).

    With `n_segments` the best segmentation into exactly that many parts; otherwise the number
    is chosen by the penalty. `timing` forbids segments shorter than `timing.min_seconds`.
    Without an embedder (seo.embedder = "none") only the lexical similarity is used.
    """
    n = len(sentences)
    if n < 2 * min_sentences:
        return []
    kernel = similarity(sentences, embedder, language)
    return _best_partition(kernel, n_segments, max_segments, min_sentences, timing)


def similarity(sentences: Sequence[str], embedder: Embedder | None, language: str | None) -> np.ndarray:
    """Sentence-by-sentence similarity: centred embeddings mixed with shared-stem overlap."""
    if embedder is None:
        if not language:
            raise ValueError("segmenting without an embedder needs the language (lexical similarity only)")
        lexical = _lexical_vectors(sentences, language)
        return lexical @ lexical.T
    vectors = embed(embedder, list(sentences), kind="query")
    vectors = vectors - vectors.mean(axis=0)
    vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)
    kernel = vectors @ vectors.T
    if language:
        lexical = _lexical_vectors(sentences, language)
        kernel = (1 - LEXICAL_WEIGHT) * kernel + LEXICAL_WEIGHT * (lexical @ lexical.T)
    return kernel


def _lexical_vectors(sentences: Sequence[str], language: str) -> np.ndarray:
    """Unit tf-idf vectors of content-word stems, centred like the embeddings."""
    lex = lexicon(language)
    bags = [Counter(lex.stem(w) for w in words(s) if lex.is_content(w)) for s in sentences]
    vocab = {w: i for i, w in enumerate({w for bag in bags for w in bag})}
    matrix = np.zeros((len(bags), max(len(vocab), 1)))
    for row, bag in enumerate(bags):
        for w, count in bag.items():
            matrix[row, vocab[w]] = count
    df = (matrix > 0).sum(axis=0)
    matrix *= np.log((1 + len(bags)) / (1 + df)) + 1
    matrix -= matrix.mean(axis=0)
    return matrix / np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-9)


def _best_partition(
    kernel: np.ndarray, n_segments: int | None, max_segments: int | None, min_sentences: int, timing: Timing | None
) -> list[int]:
    n = len(kernel)
    # cumulative sums give any block's total similarity in O(1): scatter(a, b) = (b - a) - block / (b - a)
    cum = np.zeros((n + 1, n + 1))
    cum[1:, 1:] = kernel.cumsum(axis=0).cumsum(axis=1)
    diag = np.diag(cum)
    starts_at = np.arange(n + 1)
    penalty = PENALTY * max((n - cum[n, n] / n) / n, 1e-6)
    # a boundary before sentence a costs less after a pause (a = 0 is the start, not a boundary)
    discount = np.zeros(n + 1)
    if timing is not None and len(timing.pauses):
        discount[1:n] = PAUSE_BONUS * penalty * np.minimum(np.asarray(timing.pauses[1:n], dtype=float), 2.0) / 2.0
    seconds = None if timing is None else np.append(np.asarray(timing.starts, dtype=float), timing.end)

    limit = min(n_segments or max_segments or n, n // min_sentences)
    # best[k, b]: least cost covering sentences [0, b) with k segments; back[k, b]: where the last one starts
    best = np.full((limit + 1, n + 1), np.inf)
    back = np.zeros((limit + 1, n + 1), dtype=int)
    best[0, 0] = 0.0
    for b in range(min_sentences, n + 1):
        a = starts_at[: b - min_sentences + 1]
        size = b - a
        cost = size - (cum[b, b] - cum[a, b] - cum[b, a] + diag[a]) / size + penalty - discount[a]
        if seconds is not None:
            cost = np.where(seconds[b] - seconds[a] >= timing.min_seconds, cost, np.inf)
        for k in range(1, limit + 1):
            total = best[k - 1, a] + cost
            i = int(np.argmin(total))
            best[k, b], back[k, b] = total[i], a[i]
    if n_segments and best[min(n_segments, limit), n] < np.inf:
        k = min(n_segments, limit)
    else:
        k = int(np.argmin(best[:, n]))
    if not np.isfinite(best[k, n]):
        return []
    cuts, b = [], n
    while k > 0:
        b = int(back[k, b])
        cuts.append(b)
        k -= 1
    return sorted(c for c in cuts if c > 0)


def chapter_times(
    sentences: Sequence[TimedSentence],
    duration: float,
    embedder: Embedder | None,
    language: str,
    options: SeoOptions,
    avoid: Sequence[str] = (),
) -> list[Chapter]:
    """YouTube chapters for a timed transcript, or [] when no valid set exists (never broken ones).

    Starts are whole seconds (the description shows m:ss) on sentence starts; each chapter is
    titled from its own keyphrases, skipping `avoid` (the video's main keyword, already in the title).
    """
    if duration < options.min_video_seconds or len(sentences) < 2 * options.min_chapters:
        return []
    timing = Timing(
        starts=[math.floor(s.start) for s in sentences],
        end=duration,
        min_seconds=options.min_chapter_seconds,
        pauses=[s.pause_before for s in sentences],
    )
    most = min(options.max_chapters, int(duration // options.min_chapter_seconds))
    bounds = segment([s.text for s in sentences], embedder, language=language, max_segments=most, timing=timing)
    if len(bounds) + 1 < options.min_chapters:
        return []
    starts = [0.0] + [float(timing.starts[b]) for b in bounds]
    if chapters_problems(starts, duration):
        return []
    pieces = [sentences[a:b] for a, b in zip([0, *bounds], [*bounds, len(sentences)])]
    titles = _titles([" ".join(s.text for s in piece) for piece in pieces], embedder, language, avoid)
    return [Chapter(start, title) for start, title in zip(starts, titles)]


def _titles(texts: Sequence[str], embedder: Embedder | None, language: str, avoid: Sequence[str]) -> list[str]:
    """One distinct title per chapter from its best keyphrases ("Symptômes et diagnostic")."""
    used = {normalize(a, language) for a in avoid}
    joiner = JOINERS[language]
    titles = []
    for number, text in enumerate(texts, 1):
        found = [
            k.text
            for k in extract_keywords(text, language, embedder=embedder, top_n=6, max_candidates=CHAPTER_CANDIDATES)
        ]
        fresh = [k for k in found if normalize(k, language) not in used] or found
        # a second phrase must say something else: not "Symptômes et symptômes de l'hypertension"
        second = next(
            (k for k in fresh[1:] if not content_stems(k, language) & content_stems(fresh[0], language)), None
        )
        picked = [fresh[0], second] if second and len(fresh[0]) + len(second) <= CHAPTER_TITLE_CHARS else fresh[:1]
        title = joiner.join(picked) if picked else f"{PART[language]} {number}"
        used.update(normalize(p, language) for p in picked)
        titles.append(clean_title(title))
    return titles
