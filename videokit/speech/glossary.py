"""Client glossary post-correction: practitioner names, specialties and drug names spelt right.

The glossary is also given to the model (hotwords / prompt); this pass catches what decoding
still gets wrong. Word n-grams are compared with each term by spelling (folded case, accents,
spaces and punctuation) and by sound (espeak-ng's pronunciation, videokit.nlp.sound_similarity):
"tension métro" sounds like "tensiomètre". An n-gram is replaced when it matches exactly once
folded (a spelling variant such as "doliprane" for "Doliprane"), or when it is close enough and
the model itself was unsure of it: "matin" is close to "Martin", but a confidently heard "matin"
stays. A word the language does not know ("antihypertension", "trétant") is a mishearing however
sure the model was, and needs less similarity; real words that only lack part of a term
("tension artérielle" against "hypertension artérielle") are another thing said, never a
mishearing of it. French elides the article before a term that opens on a vowel, and the model
may write it into the word it does not know: "de Lusok" is "de l'USOC".
"""

from __future__ import annotations

import dataclasses
import difflib
import unicodedata

from videokit import nlp
from videokit.speech.types import Transcript, Word

_UNSURE = 0.85  # below this word probability the model's spelling is open to correction
_MIN_FUZZY_CHARS = 4  # shorter terms are only corrected on an exact folded match
_NON_WORD_SLACK = 0.1  # a span holding a non-word is corrected at this much less similarity
_ANALYSED = ("fr", "en")  # languages with a word list and a voice for sound comparison
_ELIDED = ("l", "d")  # "l'", "d'" before a vowel, written into the next word: "Lusok", "Dinserm"
_VOWELS = "aeiouyh"
_BEFORE_VERBS = {"j", "m", "t", "s", "n", "c"}  # "t'attendent": a pronoun elided before a verb, never a term


def correct(transcript: Transcript, terms: list[str], similarity: float) -> Transcript:
    """`transcript` with glossary terms substituted, each change recorded in `corrections`."""
    glossary = [(t.strip(), fold(t)) for t in terms if fold(t)]
    language = transcript.language if transcript.language in _ANALYSED else None
    corrections = list(transcript.corrections)
    segments = []
    for segment in transcript.segments:
        words, changes = _correct_words(list(segment.words), glossary, similarity, language)
        corrections.extend(changes)
        if changes:
            segment = dataclasses.replace(segment, words=tuple(words), text="".join(w.text for w in words))
        segments.append(segment)
    return dataclasses.replace(transcript, segments=tuple(segments), corrections=tuple(corrections))


def fold(text: str) -> str:
    """Lower case, no accents, letters and digits only: 'Kinésithérapeute-Dupont' -> 'kinesitherapeutedupont'."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if c.isalnum())


def _correct_words(
    words: list[Word], glossary: list[tuple[str, str]], similarity: float, language: str | None
) -> tuple[list[Word], list[dict]]:
    out: list[Word] = []
    changes: list[dict] = []
    i = 0
    while i < len(words):
        match = _best_match(words, i, glossary, similarity, language)
        if match is None:
            out.append(words[i])
            i += 1
            continue
        n, term, score, elided = match
        span = words[i : i + n]
        original = "".join(w.text for w in span).strip()
        text = _leading(span[0].text) + elided + term + _trailing(span[-1].text)
        # The corrected word's probability is the match's similarity (spelling or sound): the doubt
        # left is whether the span is the term, no longer the model's doubt between the spellings it
        # heard, which the glossary settles ("story" of "BFM story" at 0.13, Whisper unsure of its
        # case). An exact folded match is sure (1.0); a fuzzy one is as sure as it is close, and
        # needed the correction threshold to be made at all. The lowest probability of the words
        # replaced kept every sentence naming a glossary term out of the description's quotes.
        out.append(Word(span[0].start, span[-1].end, text, score))
        if original != text.strip():
            changes.append(
                {
                    "start": span[0].start,
                    "end": span[-1].end,
                    "original": original,
                    "corrected": elided + term,
                    "similarity": round(score, 3),
                }
            )
        i += n
    return out, changes


def _best_match(
    words: list[Word], i: int, glossary: list[tuple[str, str]], similarity: float, language: str | None
) -> tuple[int, str, float, str] | None:
    """(words taken, term, similarity, elided article written before the term) for the best
    glossary match starting at word `i`, or None."""
    before = words[i - 1] if i else None
    if (
        language == "fr"
        and words[i].text[:1] in "'’"
        and before is not None
        and before.text.strip().lower() in _BEFORE_VERBS
    ):
        return None  # "t'attetent": what follows an elided pronoun is a verb, never a glossary term
    best: tuple[int, str, float, str] | None = None
    for term, key in glossary:
        size = len(term.split())
        for n in range(max(1, size - 1), size + 2):  # names are often split or merged by the model
            span = words[i : i + n]
            if len(span) < n:
                break
            for heard, elided in _readings(span, key, language, before):
                score = _span_score(heard, term, key, similarity, language, _rest_of_word(words, i + n))
                if score is not None and (best is None or score > best[2]):
                    best = (n, term, score, elided)
    return best


def _readings(span: list[Word], key: str, language: str | None, before: Word | None) -> list[tuple[list[Word], str]]:
    """The span as heard, and in French, when the term opens on a vowel and the span on a word the
    language does not have made of "l" or "d" then a vowel ("Lusok", not "Lions"), the span without
    that letter with the article it was ("l'")."""
    first = span[0].text
    readings = [(span, "")]
    lead = _leading(first)
    body = first[len(lead) :]
    if (
        language == "fr"
        and key[:1] in _VOWELS
        and len(body) > 2
        and body[0].lower() in _ELIDED
        and fold(body[1]) in _VOWELS
        and not nlp.known_word(body.strip(".,;:!?…"), language)
    ):
        starts_sentence = before is None or before.text.rstrip()[-1:] in ".!?…"
        article = (body[0] if starts_sentence else body[0].lower()) + "'"
        readings.append(([dataclasses.replace(span[0], text=lead + body[1:]), *span[1:]], article))
    return readings


def _span_score(
    span: list[Word], term: str, key: str, similarity: float, language: str | None, rest: str
) -> float | None:
    """How surely `span` is a mishearing of `term` (its similarity), or None when it is not one."""
    score = _spelling(span, key)
    if score < 1.0 and len(key) < _MIN_FUZZY_CHARS:
        return None
    # Every word of the span must earn its place: "de Nicolas" must not swallow "de".
    if len(span) > 1 and score <= max(_spelling(span[1:], key), _spelling(span[:-1], key)):
        return None
    if score < 1.0:
        unsure = min(w.probability for w in span) < _UNSURE
        score, needed = _fuzzy(span, term, key, score, similarity, language, unsure, rest)
        if score < needed:
            return None
    return score


def _fuzzy(
    span: list[Word],
    term: str,
    key: str,
    spelling: float,
    similarity: float,
    language: str | None,
    unsure: bool,
    rest: str = "",
) -> tuple[float, float]:
    """(similarity of the span to the term by spelling or sound, the similarity it needs). The model
    must have been unsure of the span, unless it wrote a word the language does not have: one of
    the span's, or the word its last one begins (`rest`: "métro" of "métro-tomatique")."""
    if language is None:
        return (spelling, similarity) if unsure else (0.0, similarity)
    said = "".join(w.text for w in span).strip()
    tokens = [t for t in said.replace("-", " ").split() if any(c.isalpha() for c in t)]
    if rest and tokens:
        tokens.append(said.split()[-1] + rest)
    unknown = any(not nlp.known_word(t.strip(".,;:!?…"), language) for t in tokens)
    if not unknown and (not unsure or fold(said) in key):  # confident, or real words that are part of the term
        return 0.0, similarity
    score = max(spelling, nlp.sound_similarity(said, term, language)) if spelling >= 0.6 else spelling
    return score, similarity - _NON_WORD_SLACK if unknown else similarity


def _rest_of_word(words: list[Word], i: int) -> str:
    """The pieces from `i` on that continue the written word before them ("-tomatique" after "métro":
    Whisper writes one word as several tokens, only the first with a space)."""
    rest = ""
    while i < len(words) and words[i].text[:1] == "-":
        rest += words[i].text
        i += 1
    return rest


def _spelling(span: list[Word], key: str) -> float:
    candidate = fold("".join(w.text for w in span))
    if not candidate:
        return 0.0
    return 1.0 if candidate == key else difflib.SequenceMatcher(None, candidate, key).ratio()


def _leading(text: str) -> str:
    """Space and punctuation before the first letter: " " or "'" of "l'" + "Usoc" survive the fix."""
    start = 0
    while start < len(text) and not text[start].isalnum():
        start += 1
    return text[:start]


def _trailing(text: str) -> str:
    end = len(text)
    while end and not text[end - 1].isalnum():
        end -= 1
    return text[end:]
