"""What a talk is about, as the speaker names it: the most central noun phrase of the transcript.

A talk's subject is said throughout it, not in one passage: "hypertension artérielle" comes back
in every part of a talk on blood pressure, while "tensiomètre" belongs to one part and "question"
or "thing" to every talk. So a phrase ranks by how often it is said, in how many stretches of the
talk, and how specific it is (rare in the language: wordfreq's Zipf scale); the subject then takes
the longest form the speaker commonly uses ("hypertension" said mostly as "hypertension
artérielle"), and two subjects the speaker joins ("sensation and perception") stay together.
What the opening announces ("aujourd'hui nous parlons de…") is taken only when it is central too:
"Let me tell you about Oliver Sacks" opens a talk on the senses.

The same analysis gives the viewer's intents the talk covers (symptoms, causes, treatment…, the
forms health channels title with) and the other central phrases, which name its parts (as the
speaker commonly says them: "retrieval cues", not "cues").
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from videokit import nlp
from videokit.seo.embed import Embedder, embed
from videokit.seo.text import Candidate, candidates, contains_phrase, content_stems, looks_like_name, normalize, words

if TYPE_CHECKING:
    from spacy.tokens import Doc

STRETCHES = 6  # the talk is cut into this many equal stretches to tell a subject from a passing topic
SPECIFICITY_FLOOR = 0.25
EXTEND_SHARE = 0.5  # a longer form is the subject's when the speaker uses it this often
# ... or this often when the longer form is itself among the CENTRAL_FORMS most central phrases:
# "psychological disorders" (9 of 24 "disorders", second most central) names a talk "disorders" does not
CENTRAL_EXTEND_SHARE = 1 / 3
CENTRAL_FORMS = 3
ANNOUNCED_SHARE = 0.5  # the announced subject is taken when it is this central next to the most central phrase
JOINED_SHARE = 0.5  # "X and Y" is the subject when Y is this central next to X and the speaker joins them
CLOSENESS_WEIGHT = 0.25  # closeness to the talk moves a score by at most this share: single words embed noisily
EMBEDDED = 12  # the most central phrases reweighed by closeness to the talk (the cost: 12 short embeddings)
GLOSSARY_WEIGHT = 1.5
INTENT_MIN = 2  # an intent the talk covers is said at least this often (as a noun)

AND = {"fr": "et", "en": "and"}
_PLAIN = re.compile(r"[^\W\d_]+(?:['’ -][^\W\d_]+)*")  # words only: no list ("smarty pants, egg head") or number

# The viewer's intents health channels title with, as nouns the talk says (lemmas), in the
# usual order of a title: (title form, lemmas that say it).
INTENTS: dict[str, tuple[tuple[str, frozenset[str]], ...]] = {
    "fr": (
        ("causes", frozenset({"cause"})),
        ("facteurs de risque", frozenset({"facteur de risque"})),
        ("symptômes", frozenset({"symptôme"})),
        ("diagnostic", frozenset({"diagnostic", "dépistage"})),
        ("complications", frozenset({"complication"})),
        ("traitement", frozenset({"traitement"})),
        ("prévention", frozenset({"prévention"})),
    ),
    "en": (
        ("causes", frozenset({"cause"})),
        ("risk factors", frozenset({"risk factor"})),
        ("symptoms", frozenset({"symptom"})),
        ("diagnosis", frozenset({"diagnosis", "screening"})),
        ("complications", frozenset({"complication"})),
        ("treatment", frozenset({"treatment"})),
        ("prevention", frozenset({"prevention"})),
    ),
}


@dataclass(frozen=True)
class Central:
    text: str  # as the speaker says it most
    key: str  # stemmed form (videokit.seo.text.normalize)
    score: float


@dataclass(frozen=True)
class Subject:
    text: str  # "hypertension artérielle", "sensation and perception"
    others: tuple[Central, ...]  # the next central phrases, most central first, none inside the subject
    intents: tuple[str, ...]  # the viewer's intents the talk covers, in title order ("symptômes", "traitement")


def main_subject(
    text: str,
    language: str,
    *,
    announced: str | None = None,
    glossary: Iterable[str] = (),
    embedder: Embedder | None = None,
    talk_vector: np.ndarray | None = None,
) -> Subject | None:
    """The talk's subject and what else it covers, or None when no noun phrase recurs in it.
    `announced`: the subject the opening announces; kept when the talk keeps saying it.
    `embedder` and `talk_vector` (the mean of the sentences' embeddings): the most central
    phrases are also ranked by how close they are to the whole talk, as KeyBERT ranks keyphrases."""
    glossary_keys = {normalize(g, language) for g in glossary}
    doc = nlp.analyse(text, language)
    phrases = {c.key: c for c in candidates(doc, language)}  # read once: ranking and longest form share it
    ranked = _central_phrases(doc, phrases, language, glossary_keys)
    if embedder is not None and talk_vector is not None and len(ranked) > 1:
        ranked = _by_closeness(ranked, embedder, talk_vector)
    if not ranked:
        return None
    best = ranked[0]
    if announced:
        said = next((c for c in ranked if set(c.key.split()) <= set(normalize(announced, language).split())), None)
        if said is not None and said.score >= ANNOUNCED_SHARE * best.score:
            best = _longest_form(said, ranked, phrases)
            best = Central(announced if len(announced) >= len(best.text) else best.text, best.key, best.score)
    else:
        best = _longest_form(best, ranked, phrases)
    inside = set(best.key.split())
    others = [c for c in ranked if not set(c.key.split()) & inside]
    subject = best.text
    if others and others[0].score >= JOINED_SHARE * best.score:
        joined = _joined(best.text, others[0].text, text, language)
        if joined:
            subject, others = joined, others[1:]
    others = _as_said(others, ranked, phrases, inside)
    return Subject(subject, tuple(others[:6]), intents_covered(text, language, subject))


def _central_phrases(
    doc: Doc, whole: dict[str, Candidate], language: str, glossary_keys: Collection[str]
) -> list[Central]:
    """The talk's noun phrases (`whole`, by key) by centrality, most central first: said often, in
    many stretches of the talk, and specific; the client's glossary terms count more (the
    practitioner's own words). Names are left out (in a doctor's video a name may be a patient's)
    unless the glossary holds them, and so are the people a talk speaks of by role ("psychologists",
    "participants", "patients"): a title names what the talk is about, not who appears in it."""
    if not whole:
        return []
    size = math.ceil(len(doc) / STRETCHES)
    reach: Counter[str] = Counter()
    for start in range(0, len(doc), size):
        reach.update({c.key for c in candidates(doc[start : start + size], language)})
    stretches = math.ceil(len(doc) / size)
    ranked = []
    for key, c in whole.items():
        if c.count < 2 or not _PLAIN.fullmatch(c.text):
            continue
        if (looks_like_name(c.text) or nlp.person_noun(c.head, language)) and key not in glossary_keys:
            continue
        spread = reach[key] / stretches
        weight = GLOSSARY_WEIGHT if key in glossary_keys else 1.0
        ranked.append(Central(c.text, key, math.log1p(c.count) * spread * _specificity(c, language) * weight))
    return sorted(ranked, key=lambda c: -c.score)


def _by_closeness(ranked: list[Central], embedder: Embedder, talk_vector: np.ndarray) -> list[Central]:
    """The most central phrases reweighed by their closeness to the talk (cosine to the mean
    sentence vector, rescaled over them to 1 ± CLOSENESS_WEIGHT): "brain" is said all through a talk on the
    senses, "senses" is what it is about."""
    head, rest = ranked[:EMBEDDED], ranked[EMBEDDED:]
    vector = talk_vector / max(float(np.linalg.norm(talk_vector)), 1e-9)
    closeness = embed(embedder, [c.text for c in head], kind="query") @ vector
    low, high = float(closeness.min()), float(closeness.max())
    scaled = 1 - CLOSENESS_WEIGHT + 2 * CLOSENESS_WEIGHT * (closeness - low) / max(high - low, 1e-9)
    head = [Central(c.text, c.key, c.score * float(f)) for c, f in zip(head, scaled)]
    floor = min((c.score for c in head), default=0.0)
    return sorted(head, key=lambda c: -c.score) + [c for c in rest if c.score < floor]


def _specificity(c: Candidate, language: str) -> float:
    """How much saying this phrase tells about a talk, as an inverse document frequency would:
    1 for a term ("hypertension", Zipf <= 3.5), less as its words get common ("tension" 0.74,
    "brain" 0.59), SPECIFICITY_FLOOR at the least; a phrase is as specific as its rarest word."""
    zipf = min((nlp.zipf_frequency(w, language) for w in words(c.text) if len(w) > 2), default=7.0)
    return max(SPECIFICITY_FLOOR, min(1.0, (7.0 - zipf) / 3.5))


def _longest_form(best: Central, ranked: list[Central], counts: dict[str, Candidate]) -> Central:
    """The subject as the speaker commonly says it: a longer phrase holding it ("hypertension
    artérielle" for "hypertension") when it is said at least half as often as the shorter one, or
    a third as often when it is one of the most central phrases itself."""
    base = counts[best.key].count
    inside = set(best.key.split())
    longer = [
        counts[c.key]
        for rank, c in enumerate(ranked)
        if set(c.key.split()) > inside
        and counts[c.key].count >= (CENTRAL_EXTEND_SHARE if rank < CENTRAL_FORMS else EXTEND_SHARE) * base
    ]
    if not longer:
        return best
    form = max(longer, key=lambda c: (c.count, c.n_content))
    return Central(form.text, form.key, best.score)


def _as_said(
    others: list[Central], ranked: list[Central], counts: dict[str, Candidate], inside: set[str]
) -> list[Central]:
    """The other central phrases (the parts a title lists) as the speaker commonly says them, as
    the subject is (_longest_form): "retrieval cues" for "cues", "inattentional blindness" for
    "blindness", "psychological research" for "research"; each once, none taking up a word of the
    subject (`inside`: its stems)."""
    out: list[Central] = []
    for c in others:
        form = _longest_form(c, ranked, counts)
        if set(form.key.split()) & inside:
            form = c
        if all(form.key != o.key for o in out):
            out.append(form)
    return out


def _joined(first: str, second: str, text: str, language: str) -> str | None:
    """ "X and Y" when the speaker says the two central phrases together ("sensation and
    perception", "le stress et l'anxiété"), in the speaker's order."""
    conj = AND[language]
    for a, b in ((first, second), (second, first)):
        pattern = rf"\b{re.escape(a)}\s+{conj}\s+(?:(?:the|l'|l’|le|la|les|de|des|du)\s*)?{re.escape(b)}\b"
        if re.search(pattern, text, flags=re.IGNORECASE) or contains_phrase(text, f"{a} {conj} {b}", language):
            return f"{a} {conj} {b}"
    return None


def intents_covered(text: str, language: str, subject: str) -> tuple[str, ...]:
    """The viewer's intents the talk covers about its subject ("symptômes", "traitement"), in
    title order: said as nouns at least INTENT_MIN times, once at least in a sentence that names
    the subject ("les symptômes de l'hypertension"), so a lecture that mentions symptoms in
    passing is not titled as a health guide."""
    subject_stems = content_stems(subject, language)
    said: Counter[str] = Counter()
    beside: set[str] = set()
    for sentence in nlp.analyse(text, language).sents:
        found = [t.lemma_.lower() for t in sentence if t.pos_ == "NOUN"]
        found += [  # "risk factor", "facteur de risque"
            " ".join(t.lemma_.lower() if t.pos_ == "NOUN" else t.lower_ for t in span)
            for span in (*zip(sentence, sentence[1:]), *zip(sentence, sentence[1:], sentence[2:]))
            if span[0].pos_ == "NOUN" and span[-1].pos_ == "NOUN" and all(t.pos_ in ("NOUN", "ADP") for t in span)
        ]
        said.update(found)
        if content_stems(sentence.text, language) & subject_stems:
            beside.update(found)
    return tuple(
        form for form, lemmas in INTENTS[language] if sum(said[x] for x in lemmas) >= INTENT_MIN and lemmas & beside
    )
