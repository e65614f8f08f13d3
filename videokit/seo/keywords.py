"""Keyphrases from a transcript: KeyBERT-style embedding relevance, MMR diversity, YAKE fallback.

Candidates come from the text itself (videokit.seo.text.candidates), never from a generic list;
noun phrases in both languages, every word a word of the language or a name the speaker says. MMR never picks a common word already
inside a picked phrase, so ten keyphrases are ten things, not "price", "price reduction", "reduction".
Relevance is the phrase-document cosine (KeyBERT/EmbedRank) plus small bonuses for phrases the
text repeats and for phrases it says early: similarity alone favours long phrases that paraphrase
the whole text, while speakers and writers repeat what matters and name the subject first (a
headline and lead, a talk's introduction; PositionRank's prior). Weights, shortlist size and
diversity were chosen on samples of the bench sets (bench/keywords.py) and are the same for every
language.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import numpy as np

from videokit.seo.embed import Embedder, embed
from videokit.seo.text import Candidate, candidates, lexicon, normalize
from videokit.seo.types import Keyword

MAX_EMBEDDED = 40  # candidates embedded per document, shortlisted by frequency and position (80 scored no better)
CHUNK_WORDS = 120  # the document vector averages chunks: e5 reads only its first 512 tokens
W_FREQ = 0.1  # e5 cosines sit within ~0.15 of each other, so this is a real but bounded nudge
W_POS = 0.075  # for a phrase said first at the very start, falling linearly to 0 at the end
GLOSSARY_BOOST = 0.25  # a client's term the speaker says outranks the frequency and position bonuses together


def extract_keywords(
    text: str,
    language: str,
    *,
    embedder: Embedder | None,
    top_n: int = 15,
    glossary: Iterable[str] = (),
    diversity: float = 0.3,
    max_candidates: int = MAX_EMBEDDED,
    sentence_vectors: np.ndarray | None = None,
) -> list[Keyword]:
    """The `top_n` keyphrases of `text`, best first; YAKE with our stop words when `embedder` is None.
    At most `max_candidates` phrases are embedded (the cost), picked by frequency and position.
    `sentence_vectors`: the text's sentences already embedded; their mean stands for the document
    (a one-hour talk is then not embedded a second time in chunks)."""
    if not text.strip():
        return []
    glossary_keys = {normalize(g, language) for g in glossary if g.strip()}
    if embedder is None:
        return _yake(text, language, top_n, glossary_keys)
    cands = _shortlist(candidates(text, language, glossary=glossary), glossary_keys, max_candidates)
    if not cands:
        return []
    doc = (
        sentence_vectors
        if sentence_vectors is not None and len(sentence_vectors)
        else embed(embedder, _chunks(text), kind="passage")
    ).mean(axis=0)
    doc /= max(float(np.linalg.norm(doc)), 1e-9)
    vectors = embed(embedder, [c.text for c in cands], kind="query")
    relevance = relevance_scores(cands, vectors @ doc, glossary_keys)
    picked = mmr(relevance, vectors, top_n, diversity, subsumed=subsumption(cands))
    return [Keyword(cands[i].canonical, round(float(relevance[i]), 4)) for i in picked]


def subsumption(cands: Sequence[Candidate]) -> np.ndarray:
    """subsumed[r, c]: candidate r adds nothing once c is picked: a common word or phrase inside it
    ("price" in "price reduction"). Capitalised ones stay: "Obama" is a tag of its own beside
    "Barack Obama"."""
    stems = [frozenset(c.key.split()) for c in cands]
    return np.array([[c.text[:1].islower() and a < b for b in stems] for a, c in zip(stems, cands)], dtype=bool)


def relevance_scores(cands: Sequence[Candidate], similarity: np.ndarray, glossary_keys: set[str]) -> np.ndarray:
    max_count = max(c.count for c in cands)
    freq = np.array([math.log1p(c.count) / math.log1p(max_count) for c in cands])
    early = np.array([1.0 - c.first for c in cands])
    boost = np.array([GLOSSARY_BOOST if c.key in glossary_keys else 0.0 for c in cands])
    return similarity + W_FREQ * freq + W_POS * early + boost


def mmr(
    relevance: np.ndarray, vectors: np.ndarray, top_n: int, diversity: float, subsumed: np.ndarray | None = None
) -> list[int]:
    """Maximal marginal relevance: each pick trades relevance against similarity to earlier picks;
    a candidate `subsumed` by a pick is not picked at all."""
    chosen = [int(np.argmax(relevance))]
    pairwise = vectors @ vectors.T
    remaining = set(range(len(relevance))) - set(chosen)
    while remaining and len(chosen) < top_n:
        if subsumed is not None:
            remaining = {r for r in remaining if not subsumed[r, chosen].any()}
            if not remaining:
                break
        rest = np.array(sorted(remaining))
        redundancy = pairwise[np.ix_(rest, chosen)].max(axis=1)
        best = int(rest[np.argmax((1 - diversity) * relevance[rest] - diversity * redundancy)])
        chosen.append(best)
        remaining.discard(best)
    return chosen


def _shortlist(cands: list[Candidate], glossary_keys: set[str], limit: int) -> list[Candidate]:
    """Keep the candidates worth embedding: frequent, early, or in the client's glossary."""

    def stat(c: Candidate) -> float:
        return (c.count + 0.5 * (c.n_content - 1)) * (1.5 - c.first) + (100 if c.key in glossary_keys else 0)

    return sorted(cands, key=stat, reverse=True)[:limit]


def _chunks(text: str) -> list[str]:
    tokens = text.split()
    return [" ".join(tokens[i : i + CHUNK_WORDS]) for i in range(0, len(tokens), CHUNK_WORDS)] or [text]


def _yake(text: str, language: str, top_n: int, glossary_keys: set[str]) -> list[Keyword]:
    """YAKE (lower is better) with spaCy's stop words, its phrases kept only when they are noun
    phrases of the text (YAKE alone lets "ensuite" or "maladie d'Alzheimer commence" through)."""
    import yake  # seconds to import on a busy machine; only the no-model path needs it

    canonical = {c.key: c.canonical for c in candidates(text, language)}
    extractor = yake.KeywordExtractor(lan=language, n=3, top=top_n * 4, stopwords=set(lexicon(language).stopwords))
    found = []
    for phrase, score in extractor.extract_keywords(text):
        key = normalize(phrase, language)
        if key not in canonical and key not in glossary_keys:
            continue
        relevance = 1.0 / (1.0 + float(score)) + (GLOSSARY_BOOST if key in glossary_keys else 0.0)
        found.append(Keyword(canonical.get(key, phrase), round(relevance, 4)))
    found.sort(key=lambda k: -k.score)
    return found[:top_n]
