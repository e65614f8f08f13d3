"""Chapters: topic segmentation of the transcript, boundaries on sentence starts, discourse cues and pauses.

Sentences are embedded once (e5, "query:" prefix for sentence-to-sentence similarity), centred on
the document mean (e5 vectors all point roughly the same way; centring restores contrast) and mixed
with a lexical similarity (shared stems), which catches topic words the small model blurs. The
segmentation minimises the within-segment scatter plus a penalty per segment, found exactly by
dynamic programming (Alemi & Ginsparg 2015 style) over segments of bounded length, so a three-hour
talk costs about what three one-hour talks cost and the number of chapters grows with the talk.
A boundary costs less where the speaker signposts one (videokit.seo.structure: "Voyons
maintenant…", "Next,…", a question) or pauses; timing constraints (each chapter at least N
seconds) go into the same program, so what comes out is valid for YouTube by construction.
Each chapter is then named as a creator would: what the speaker announced, the question asked,
"Introduction" for an opening that is one, else the noun phrase most specific to the chapter.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from videokit import nlp
from videokit.seo import structure
from videokit.seo.embed import Embedder, embed, sentence_heads
from videokit.seo.options import SeoOptions
from videokit.seo.text import (
    candidates,
    clean_title,
    content_stems,
    lexicon,
    looks_like_name,
    names_something,
    normalize,
    words,
)
from videokit.seo.timed import TimedSentence
from videokit.seo.types import Chapter
from videokit.youtube.limits import chapters_problems

PENALTY = 1.4  # per-segment cost, in units of the document's mean per-sentence scatter (tuned on bench/chapters.py)
LEXICAL_WEIGHT = 0.2  # share of the lexical similarity in the mixed kernel
PAUSE_BONUS = 0.5  # a boundary after a 2 s pause costs this fraction of a segment penalty less
CUE_BONUS = 0.9  # a boundary at a discourse marker ("Voyons maintenant…") costs this fraction less
REGULARITY = 2.0  # weight of the chapter-length prior (0 = off): creators' chapters are of comparable length
MAX_SEGMENT_SENTENCES = 240  # the longest chapter considered: keeps the program near-linear in the talk


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
    min_sentences: int = 2,
    timing: Timing | None = None,
    cues: Sequence[float] = (),
    vectors: np.ndarray | None = None,
) -> list[int]:
    """Boundaries as sentence indices: a new segment starts at each returned index (never 0).

    The number of segments is chosen by the penalty; with `n_segments` the penalty is searched
    for that many. `timing` forbids segments shorter than `timing.min_seconds`; `cues` (0..1 per
    sentence) lower the cost of a boundary before that sentence; `vectors` are the sentences'
    embeddings when the caller already has them. Without an embedder only the lexical
    similarity is used (seo.embedder = "none").
    """
    n = len(sentences)
    if n < 2 * min_sentences:
        return []
    kernel = similarity(sentences, embedder, language, vectors)
    if n_segments is None:
        found = _best_partition(kernel, PENALTY, min_sentences, timing, cues)
        minutes = (timing.end - timing.starts[0]) / 60 if timing is not None else 0.0
        signposted = sum(c >= 1.0 for c in cues) >= max(minutes, 2.0)  # a part announced every minute or more
        if REGULARITY and timing is not None and found and not signposted:
            # where the speaker signposts the parts, the signposts decide; elsewhere creators' lengths do
            # second pass: as many chapters, each pulled towards the talk's mean chapter length
            target = (timing.end - timing.starts[0]) / (len(found) + 1)
            found = _best_partition(kernel, PENALTY, min_sentences, timing, cues, target) or found
        return found
    low, high = 0.05, 20.0  # penalty bounds: more segments below, fewer above
    found = _best_partition(kernel, PENALTY, min_sentences, timing, cues)
    for _ in range(30):
        if len(found) + 1 == n_segments:
            break
        middle = math.sqrt(low * high)
        found = _best_partition(kernel, middle, min_sentences, timing, cues)
        low, high = (middle, high) if len(found) + 1 > n_segments else (low, middle)
    return found


def similarity(
    sentences: Sequence[str], embedder: Embedder | None, language: str | None, vectors: np.ndarray | None = None
) -> np.ndarray:
    """Sentence-by-sentence similarity: centred embeddings mixed with shared-stem overlap."""
    if embedder is None and vectors is None:
        if not language:
            raise ValueError("segmenting without an embedder needs the language (lexical similarity only)")
        lexical = _lexical_vectors(sentences, language)
        return lexical @ lexical.T
    if vectors is None:
        vectors = embed(embedder, sentence_heads(list(sentences)), kind="query")
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
    kernel: np.ndarray,
    penalty_units: float,
    min_sentences: int,
    timing: Timing | None,
    cues: Sequence[float],
    target_seconds: float | None = None,
) -> list[int]:
    """Least total scatter + penalty per segment, segments of min_sentences..MAX_SEGMENT_SENTENCES."""
    n = len(kernel)
    # cumulative sums give any block's total similarity in O(1): scatter(a, b) = (b - a) - block / (b - a)
    cum = np.zeros((n + 1, n + 1))
    cum[1:, 1:] = kernel.cumsum(axis=0).cumsum(axis=1)
    diag = np.diag(cum)
    penalty = penalty_units * max((n - cum[n, n] / n) / n, 1e-6)
    # a boundary before sentence a costs less after a pause or at a discourse marker (a = 0 is the start)
    discount = np.zeros(n + 1)
    if timing is not None and len(timing.pauses):
        discount[1:n] += PAUSE_BONUS * penalty * np.minimum(np.asarray(timing.pauses[1:n], dtype=float), 2.0) / 2.0
    if len(cues):
        discount[1:n] += CUE_BONUS * penalty * np.asarray(cues[1:n], dtype=float)
    seconds = None if timing is None else np.append(np.asarray(timing.starts, dtype=float), timing.end)
    best = np.full(n + 1, np.inf)
    back = np.zeros(n + 1, dtype=int)
    best[0] = 0.0
    for b in range(min_sentences, n + 1):
        a = np.arange(max(0, b - MAX_SEGMENT_SENTENCES), b - min_sentences + 1)
        size = b - a
        cost = best[a] + size - (cum[b, b] - cum[a, b] - cum[b, a] + diag[a]) / size + penalty - discount[a]
        if seconds is not None:
            lasting = seconds[b] - seconds[a]
            if target_seconds:
                cost = cost + REGULARITY * penalty * np.log(np.maximum(lasting, 1.0) / target_seconds) ** 2
            cost = np.where(lasting >= timing.min_seconds, cost, np.inf)
        i = int(np.argmin(cost))
        best[b], back[b] = cost[i], a[i]
    if not np.isfinite(best[n]):
        return []
    cuts, b = [], n
    while b > 0:
        b = int(back[b])
        cuts.append(b)
    return sorted(c for c in cuts if c > 0)


def chapter_plan(
    sentences: Sequence[TimedSentence],
    duration: float,
    embedder: Embedder | None,
    language: str,
    options: SeoOptions,
    avoid: Sequence[str] = (),
    vectors: np.ndarray | None = None,
) -> tuple[list[Chapter], list[str]]:
    """(chapters, how each was named: "announced", "question", "introduction", "phrase", "part").

    YouTube chapters for a timed transcript, or [] when no valid set exists (never broken ones).

    Starts are whole seconds (the description shows m:ss) on sentence starts; each chapter is
    titled as a heading (see chapter_titles), skipping `avoid` (the video's main keyword, already
    in the title) where it can. `vectors`: the sentences' embeddings, when already computed.
    """
    if duration < options.min_video_seconds or len(sentences) < 2 * options.min_chapters:
        return [], []
    texts = [s.text for s in sentences]
    timing = Timing(
        starts=[math.floor(s.start) for s in sentences],
        end=duration,
        min_seconds=options.min_chapter_seconds,
        pauses=[s.pause_before for s in sentences],
    )
    cues = [structure.boundary_cue(t, language) for t in texts]
    if vectors is None and embedder is not None:
        vectors = embed(embedder, sentence_heads(texts), kind="query")
    bounds = segment(texts, embedder, language=language, timing=timing, cues=cues, vectors=vectors)
    if len(bounds) + 1 > options.max_chapters:
        bounds = segment(
            texts,
            embedder,
            language=language,
            timing=timing,
            cues=cues,
            vectors=vectors,
            n_segments=options.max_chapters,
        )
    if len(bounds) + 1 < options.min_chapters:
        return [], []
    starts = [0.0] + [float(timing.starts[b]) for b in bounds]
    if chapters_problems(starts, duration):
        return [], []
    pieces = [texts[a:b] for a, b in zip([0, *bounds], [*bounds, len(texts)])]
    headings = chapter_titles(pieces, language, avoid)
    # a chapter nothing names ("Partie 4") is no heading an editor writes: it joins the chapter
    # before it, as long as the video keeps the chapters YouTube requires
    kept = [i for i, h in enumerate(headings) if i == 0 or h.kind != "part"]
    if len(kept) >= options.min_chapters:
        starts, headings = [starts[i] for i in kept], [headings[i] for i in kept]
    return [Chapter(start, h.text) for start, h in zip(starts, headings)], [h.kind for h in headings]


def chapter_titles(
    pieces: Sequence[Sequence[str]], language: str, avoid: Sequence[str] = ()
) -> list[structure.Heading]:
    """One distinct heading per chapter (its sentences in order): what the speaker announced
    ("Symptômes de l'hypertension"), the question asked, "Introduction" for an opening that is
    one (it greets, announces the talk, or never names `avoid`, the talk's subject), else the noun
    phrase most specific to the chapter (frequent in it, rare in the others)."""
    whole = " ".join(" ".join(p) for p in pieces)
    doc = nlp.analyse(whole, language)  # the parse keyphrases read (cached): one analysis of the talk
    spans, offset = [], 0
    for piece in pieces:
        text = " ".join(piece)
        spans.append(doc.char_span(offset, offset + len(text), alignment_mode="expand"))
        offset += len(text) + 1
    phrases = [
        {c.key: c for c in candidates(span, language)} if span is not None and len(span) else {} for span in spans
    ]
    # how much each word (stem) belongs to each chapter: said there often, in few other chapters
    lex = lexicon(language)
    bags = [Counter(lex.stem(w) for w in words(" ".join(p)) if lex.is_content(w)) for p in pieces]
    reach = Counter(w for bag in bags for w in bag)
    weights = [{w: n * math.log(1 + len(pieces) / reach[w]) for w, n in bag.items()} for bag in bags]
    avoided = {normalize(a, language) for a in avoid}
    used: set[str] = set()
    titles = []
    for number, (piece, found) in enumerate(zip(pieces, phrases), 1):
        heading = structure.heading(list(piece), language, first=number == 1, last=number == len(pieces))
        if heading is None and number == 1 and len(pieces) > 1 and _cold_open(piece, avoid, language):
            heading = structure.Heading(structure.INTRODUCTION, "introduction")
        if heading is None or normalize(heading.text, language) in used:
            phrase = _specific_phrase(found, weights[number - 1], used, avoided, language)
            heading = (
                structure.Heading(phrase, "phrase")
                if phrase
                else structure.Heading(f"{structure.PART_PREFIX[language]} {number}", "part")
            )
        used.add(normalize(heading.text, language))
        titles.append(structure.Heading(structure.typeset(clean_title(heading.text), language), heading.kind))
    return titles


def _cold_open(piece: Sequence[str], subjects: Sequence[str], language: str) -> bool:
    """An opening that never names what the talk is about: a story, a scene, a question told before
    the subject ("Clive Wearing was playing the piano alone in his room…" opens a talk on memory).
    That is the talk's introduction; its keyphrase ("Herpes encephalitis virus") is a detail of the
    story, not a part of the talk."""
    said = content_stems(" ".join(piece), language)
    return bool(subjects) and not any(content_stems(subject, language) & said for subject in subjects)


def _specific_phrase(
    found: dict, weights: dict[str, float], used: set[str], avoided: set[str], language: str
) -> str | None:
    """The chapter's best heading phrase: made of the words this chapter says most and the others
    seldom (a phrase of them outranks any one of them; a phrase of once-said words, such as "male
    tax accountants", does not), repeated, and early in the chapter, where creators name what it
    opens on; never one already used, the video's main keyword only as a last resort, no name
    (in a doctor's video it may be a patient's), and none that names nothing ("room", "lots of things")."""

    def score(key: str) -> float:
        c = found[key]
        belonging = sum(weights.get(stem, 0.0) for stem in key.split()) / math.sqrt(c.n_content)
        early = 1.3 if c.first < 0.33 else 1.0
        plain = 0.6 if c.n_content == 1 and nlp.zipf_frequency(c.text, language) >= 4.0 else 1.0
        return belonging * math.log(2 + c.count) * early * plain * (0.3 if key in avoided else 1.0)

    fitting = [
        k
        for k in found
        if k not in used
        and structure.fits(found[k].text)
        and not any(w[:1].isupper() for w in words(found[k].text)[1:])  # no name, whole or cut
        and not looks_like_name(found[k].text)
        and (found[k].count > 1 or found[k].n_content > 1)
        and names_something(found[k].text, language, said_often=found[k].count > 1)
    ]
    return found[max(fitting, key=score)].text if fitting else None
