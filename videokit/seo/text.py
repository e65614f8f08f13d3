"""Language-aware text handling for SEO: tokens, sentences, stems and keyphrase candidates.

No tagger is available offline, so noun phrases are approximated with the language's lexicon
(videokit/seo/lexicon/LANG.yaml): function words, auxiliaries, frequent verbs and fillers never
start or end a phrase, and a few connectors may sit inside one ("maladie d'Alzheimer",
"quality of life"). That is what keeps "ensuite la douleur" or "euh donc" out of tags.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

import snowballstemmer
import yaml

from videokit.errors import ConfigError

LANGUAGES = ("fr", "en")
_STEMMER_NAMES = {"fr": "french", "en": "english"}
# A word: letters/digits, hyphenated parts kept together; apostrophes split (l'hypertension -> l, hypertension).
_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
# Anything that is neither a word character, a space, a hyphen nor an apostrophe ends a phrase.
_PHRASE_BREAK = re.compile(r"[^\w\s'’-]+|\s-\s|\n")
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"»”)]*\s+(?=[\"«“(]?[A-ZÀ-ÖØ-Þ0-9])|\n\s*\n|\n(?=[A-ZÀ-ÖØ-Þ])")


@dataclass(frozen=True)
class Lexicon:
    language: str
    stopwords: frozenset[str]
    connectors: frozenset[str]
    determiners_after_connector: frozenset[str]
    weak_heads: frozenset[str]

    def stem(self, word: str) -> str:
        return _stem(self.language, word.lower())

    def is_content(self, word: str) -> bool:
        low = word.lower()
        return low not in self.stopwords and len(low) > 1 and not low.isdigit()


@cache
def lexicon(language: str) -> Lexicon:
    if language not in LANGUAGES:
        raise ConfigError(f"language {language!r} is not supported for SEO (use one of: {', '.join(LANGUAGES)})")
    data = yaml.safe_load(resources.files("videokit.seo").joinpath(f"lexicon/{language}.yaml").read_text("utf-8"))

    def words(key: str) -> frozenset[str]:
        value = data.get(key, [])
        return frozenset(value.split() if isinstance(value, str) else value)

    return Lexicon(
        language, words("stopwords"), words("connectors"), words("determiners_after_connector"), words("weak_heads")
    )


@cache
def _stemmer(language: str) -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer(_STEMMER_NAMES[language])


@lru_cache(maxsize=200_000)
def _stem(language: str, word: str) -> str:
    """Pure-Python Snowball costs ~0.1 ms a word; talks repeat their words, so remember them."""
    return _stemmer(language).stemWord(word)


def sentences(text: str) -> list[str]:
    """Split running text into sentences (punctuation followed by a capital, or blank lines)."""
    return [s.strip() for s in _SENTENCE_END.split(text) if s and s.strip()]


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def normalize(phrase: str, language: str) -> str:
    """Lower-case, stemmed form used to compare phrases ("Traitements" == "traitement")."""
    lex = lexicon(language)
    return " ".join(lex.stem(w) for w in words(phrase))


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@dataclass
class Candidate:
    key: str  # stemmed, lower-case form
    text: str  # the most frequent surface form
    count: int
    first: float  # relative position of the first occurrence, 0 = start of the text
    n_content: int


def candidates(text: str, language: str, max_words: int = 3) -> list[Candidate]:
    """Every phrase of 1..max_words content words the lexicon allows, with counts and first positions.

    A phrase starts and ends on a content word; inside it only connectors ("de", "of") and a
    determiner right after a connector ("de la") are allowed. Weak heads ("problème", "new") are
    kept inside longer phrases but not alone.
    """
    lex = lexicon(language)
    surfaces: dict[str, Counter[str]] = {}
    first: dict[str, int] = {}
    n_content: dict[str, int] = {}
    offset = 0

    def add(chunk: str, tokens: list[tuple[str, int, int]], i: int, j: int, n: int) -> None:
        key = " ".join(lex.stem(t[0]) for t in tokens[i : j + 1])
        surfaces.setdefault(key, Counter())[chunk[tokens[i][1] : tokens[j][2]]] += 1
        first.setdefault(key, offset + tokens[i][1])
        n_content[key] = n

    for chunk in _PHRASE_BREAK.split(text):
        tokens = [(m.group(), m.start(), m.end()) for m in _WORD.finditer(chunk)]
        lows = [t[0].lower() for t in tokens]
        content = [lex.is_content(t[0]) for t in tokens]
        for i in range(len(tokens)):
            if not content[i]:
                continue
            n = 0
            for j in range(i, min(len(tokens), i + max_words + 3)):
                if content[j]:
                    n += 1
                    if n > max_words:
                        break
                    if n > 1 or lows[j] not in lex.weak_heads:
                        add(chunk, tokens, i, j, n)
                elif lows[j].isdigit() and content[j - 1]:
                    add(chunk, tokens, i, j, n)  # "Falcon 9", "covid 19": a number closes a phrase, never opens it
                    break
                elif lows[j] in lex.connectors:
                    if lows[j - 1] in lex.connectors:
                        break
                elif not (lows[j] in lex.determiners_after_connector and lows[j - 1] in lex.connectors):
                    break
        offset += len(chunk) + 1
    total = max(len(text), 1)
    return [
        Candidate(key, _best_surface(forms), sum(forms.values()), first[key] / total, n_content[key])
        for key, forms in surfaces.items()
    ]


def _best_surface(forms: Counter[str]) -> str:
    """The most frequent form; on a tie prefer lower case (a capital may only mean 'sentence start')."""
    return max(forms.items(), key=lambda kv: (kv[1], not kv[0][:1].isupper()))[0]


def content_stems(phrase: str, language: str) -> set[str]:
    """The stems of a phrase's content words: what two phrases must share to say the same thing."""
    lex = lexicon(language)
    return {lex.stem(w) for w in words(phrase) if lex.is_content(w)}


def contains_phrase(text: str, phrase: str, language: str) -> bool:
    """True when `phrase` occurs in `text` up to case and inflection (stemmed word sequence)."""
    needle = normalize(phrase, language).split()
    hay = normalize(text, language).split()
    n = len(needle)
    return n > 0 and any(hay[i : i + n] == needle for i in range(len(hay) - n + 1))


def clean_title(text: str) -> str:
    """A title-like string: no '<' '>', single spaces, first letter up, no shouting words (acronyms
    up to 4 letters such as AVC, ORL, HPV stay)."""
    text = re.sub(r"\s+", " ", text.replace("<", "").replace(">", "")).strip(" ,;:-")
    text = _LONG_WORD.sub(lambda m: m.group().lower() if m.group().isupper() else m.group(), text)
    return text[:1].upper() + text[1:]


_LONG_WORD = re.compile(r"\b[^\W\d_]{5,}\b")


def looks_like_name(phrase: str) -> bool:
    """Every word capitalised mid-sentence (the surface form kept when it never appears in lower
    case): a person or a place. Titles and tags skip these unless the client's glossary lists
    them, since in a doctor's video a name is more likely a patient's than a topic."""
    tokens = words(phrase)
    return bool(tokens) and all(t[:1].isupper() and not t.isupper() for t in tokens)
