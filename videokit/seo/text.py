"""Language-aware text handling for SEO: tokens, sentences, stems and keyphrase candidates.

Keyphrase candidates are noun phrases read off the language's spaCy pipeline (videokit.nlp):
part-of-speech tags decide where a phrase may start and end ("ensuite la douleur" or "euh donc"
never become one), and every word must be a word of the language (wordfreq) or a proper noun the
speaker says, so a mis-transcription ("infarque-tu") never becomes a tag. Stop words are spaCy's.
Phrases are compared by their Snowball stems (normalize), the same matching the gold sets use.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING

import snowballstemmer

from videokit import nlp
from videokit.errors import ConfigError

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

LANGUAGES = ("fr", "en")
_STEMMER_NAMES = {"fr": "french", "en": "english"}
# A word: letters/digits, hyphenated parts kept together; apostrophes split (l'hypertension -> l, hypertension).
_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"»”)]*\s+(?=[\"«“(]?[A-ZÀ-ÖØ-Þ0-9])|\n\s*\n|\n(?=[A-ZÀ-ÖØ-Þ])")
# Spoken hesitations and greetings spaCy's stop lists do not hold (often tagged as nouns).
_FILLERS = {
    "fr": frozenset("euh heu hum bah ben hein bon ouais ok okay bonjour bonsoir merci".split()),
    "en": frozenset("um uh erm hmm yeah okay ok hello hi thanks".split()),
}
# Words whose meaning depends on when they are said: spaCy's English list has "next", "last",
# "previous", its French one lacks them ("prochaine consultation" is no topic anyone searches).
_DEICTIC = {
    "fr": frozenset(
        "prochain prochaine prochains prochaines dernier dernière derniers dernières précédent précédente précédents précédentes".split()
    ),
    "en": frozenset(),
}
# Prepositions that may sit inside a noun phrase ("maladie d'Alzheimer", "quality of life"),
# and the articles that may follow them: "troubles de la mémoire", "accès à l'eau", never "du la" or
# "de les", which a mishearing leaves ("bataille du la succession").
_LINKS = {"fr": frozenset("de d' d’ du des à au aux en".split()), "en": frozenset(["of"])}
_LINK_ARTICLES: dict[str, dict[str, frozenset[str]]] = {
    "fr": {"de": frozenset("la l' l’".split()), "à": frozenset("la l' l’".split())},
    "en": {},
}
_MODIFIER_POS = frozenset({"ADJ", "NOUN", "PROPN"})
# nouns that hedge or count what follows them: "kind of sensory mix", "bits of information", "tas de choses"
_HEDGES = {
    "fr": frozenset("sorte espèce genre tas plein peu bout truc".split()),
    "en": frozenset("kind sort lot lots bit bits bunch couple ton tons".split()),
}
GENERIC_ZIPF = 5.5  # a word this common ("people", "things", "problem", "fois", "temps") is no keyword on its own
SPECIFIC_ZIPF = 5.0  # wordfreq Zipf from which a word is too common to name a part of a talk ("stage", "kids")


@dataclass(frozen=True)
class Lexicon:
    language: str
    stopwords: frozenset[str]

    def stem(self, word: str) -> str:
        return _stem(self.language, word.lower())

    def is_content(self, word: str) -> bool:
        low = word.lower()
        return low not in self.stopwords and len(low) > 1 and not low.isdigit()


@cache
def lexicon(language: str) -> Lexicon:
    """Stop words (spaCy's list for the language, plus spoken hesitations and, in French, the
    words of time spaCy's English list has) and the stemmer."""
    if language not in LANGUAGES:
        raise ConfigError(f"language {language!r} is not supported for SEO (use one of: {', '.join(LANGUAGES)})")
    if language == "fr":
        from spacy.lang.fr.stop_words import STOP_WORDS
    else:
        from spacy.lang.en.stop_words import STOP_WORDS
    return Lexicon(language, frozenset(STOP_WORDS) | _FILLERS[language] | _DEICTIC[language])


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


def real_words(text: str, language: str, glossary: Iterable[str] = (), *, sentence: bool = False) -> bool:
    """Every word is a word of the language (videokit.nlp.known_word), of a glossary term, or a name
    (capitalised; in a `sentence` the first word's capital says nothing): what Whisper mishears
    ("Centraitement", "infarque") never reaches the description (keyphrases, hence tags, get the
    same test token by token in `candidates`)."""
    allowed = {w.lower() for g in glossary for w in words(g)}
    return all(
        w.lower() in allowed or (w[:1].isupper() and not (sentence and i == 0)) or nlp.known_word(w, language)
        for i, w in enumerate(words(text))
    )


def normalize(phrase: str, language: str) -> str:
    """Lower-case, stemmed form used to compare phrases ("Traitements" == "traitement")."""
    lex = lexicon(language)
    return " ".join(lex.stem(w) for w in words(phrase))


def names_something(phrase: str, language: str, *, said_often: bool = False) -> bool:
    """A heading or a title's part names something: "hormones", "REM sleep", "symptômes", not
    "room", "way REM sleep" or "lots of things", whose words everyone says. `said_often`: a
    chapter's phrase the speaker says more than once there is a term even with a common word in it
    ("nervous system"); a title's parts, all said throughout the talk, keep the stricter rule."""
    lex = lexicon(language)
    zipfs = [nlp.zipf_frequency(w, language) for w in words(phrase) if lex.is_content(w)]
    return bool(zipfs) and min(zipfs) < SPECIFIC_ZIPF and (said_often or max(zipfs) < GENERIC_ZIPF)


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@dataclass
class Candidate:
    key: str  # stemmed, lower-case form
    text: str  # the most frequent surface form
    count: int
    first: float  # relative position of the first occurrence, 0 = start of the text
    n_content: int
    # The phrase as one types it in a search box: in the singular when the talk says its words in
    # the singular somewhere ("activité physique" for "activités physiques"), else `text`.
    canonical: str
    head: str  # the lemma of the noun the phrase is about: "psychologist" in "social psychologists"


def candidates(
    text: str | Doc | Span, language: str, max_words: int = 3, glossary: Iterable[str] = ()
) -> list[Candidate]:
    """Every noun phrase of 1..max_words content words in `text` (a string, or a stretch of an
    analysed Doc), with counts and first positions.

    A phrase is a run of nouns, proper nouns and adjectives, with prepositions of the language
    inside it ("risque d'infarctus", "quality of life"); it holds a noun, starts and ends on a
    content word, and (in English) ends on its noun. Words the language does not know are kept
    only as proper nouns or glossary words. A single word as common as "people" is skipped.
    Each phrase also gets its canonical (singular) form, from the singular forms `text` uses.
    """
    tokens = nlp.analyse(text, language) if isinstance(text, str) else text
    glossary_words = {w.lower() for g in glossary for w in words(g)}
    # Doc.text is rebuilt from every token on each access (a one-hour talk: 0.2 s a time), so a
    # stretch reads only its own characters, offsets taken from its first token
    start = tokens[0].idx if len(tokens) else 0
    source = tokens.text if len(tokens) else ""
    total = max((tokens[-1].idx + len(tokens[-1].text) - start) if len(tokens) else 1, 1)
    surfaces: dict[str, Counter[str]] = {}
    singulars: dict[str, Counter[str]] = {}
    first: dict[str, int] = {}
    n_content: dict[str, int] = {}
    heads: dict[str, str] = {}  # by surface form: "research" and "researchers" share a stem, not a head
    said_singular = _singular_forms(tokens)
    for run in _noun_runs(tokens, language, glossary_words):
        # a run keeps a hyphen only inside a compound: no phrase opens or closes on half of one
        # ("term memory" out of "long-term memory"), and a compound counts as one word
        joined = [_glued_hyphen(t) for t in run]
        for i, a in enumerate(run):
            if (
                joined[i]
                or (i > 0 and joined[i - 1])
                or not _may_open(a, run[i + 1] if i + 1 < len(run) else None, language)
            ):
                continue
            n = 0
            for j in range(i, len(run)):
                b = run[j]
                if b.pos_ in _MODIFIER_POS and not joined[j]:
                    n += not joined[j - 1]
                    if n > max_words:
                        break
                    phrase = run[i : j + 1]
                    closes = not (j + 1 < len(run) and joined[j + 1]) and _may_close(phrase, language)
                    if closes and not misheard(phrase) and not (n == 1 and _generic(b, language)):
                        surface = source[phrase[0].idx - start : b.idx - start + len(b.text)]
                        key = " ".join(_stem(language, w.lower()) for w in words(surface))
                        surfaces.setdefault(key, Counter())[surface] += 1
                        singular = _in_singular(phrase, said_singular)
                        if singular:
                            singulars.setdefault(key, Counter())[singular] += 1
                        first.setdefault(key, phrase[0].idx - start)
                        if surface not in heads:  # once per form, not per occurrence
                            heads[surface] = _head(phrase, language)
                        n_content[key] = n
    return [
        Candidate(
            key,
            best := _best_surface(forms),
            sum(forms.values()),
            first[key] / total,
            n_content[key],
            _best_surface(singulars[key]) if key in singulars else best,
            heads[best],
        )
        for key, forms in surfaces.items()
    ]


def misheard(tokens: Sequence[Token]) -> bool:
    """A phrase no editor would write, as speech recognition leaves some: a content word said twice
    (a sound or a stammer, "mwah mwah mwah"; articles and link words may come back: "the riddle of
    the Sphinx", "facteur de risque de diabète"), an adjective whose gender none of the phrase's
    nouns has ("routine merveilleux" for "merveilleuse"; "examen de la peau complet" agrees with
    "examen"), or, in French, an adjective whose number its noun does not have: "objets inédit",
    "risque cardiovasculaires" cut out of "facteurs de risque cardiovasculaires" (the tagger reads an
    adjective's number from its noun, so the endings tell)."""
    content = [t.lower_ for t in tokens if t.pos_ in _MODIFIER_POS]
    if len(set(content)) < len(content):
        return True
    nouns = [gender for t in tokens if t.pos_ == "NOUN" and (gender := _gender(t))]
    adjectives = [gender for t in tokens if t.pos_ == "ADJ" and (gender := _gender(t))]
    if nouns and any(not any(adjective & noun for noun in nouns) for adjective in adjectives):
        return True
    if not tokens or tokens[0].lang_ != "fr":
        return False
    singular_after_plural = any(
        a.pos_ == "NOUN" and b.pos_ == "ADJ" and _plural(a) and not _ends_plural(b) for a, b in zip(tokens, tokens[1:])
    )
    # a noun ending in s, x or z may be either ("temps forts", "nez rouges")
    plural_without_noun = any(t.pos_ == "ADJ" and _plural(t) for t in tokens) and not any(
        t.pos_ == "NOUN" and _ends_plural(t) for t in tokens
    )
    return singular_after_plural or plural_without_noun


def _ends_plural(token: Token) -> bool:
    return token.lower_.endswith(("s", "x", "z"))


def _plural(token: Token) -> bool:
    """A French word in the plural by its ending, its lemma not ending so ("objets", not "bras")."""
    return _ends_plural(token) and not token.lemma_.lower().endswith(("s", "x", "z"))


def _gender(token: Token) -> set[str]:
    """The token's grammatical gender as the tagger reads it: empty for none ("rare", English)."""
    return set(token.morph.get("Gender", []))


def _head(phrase: list[Token], language: str) -> str:
    """The lemma of a phrase's head noun: the first noun in French ("risque d'infarctus"), in
    English the last before a preposition ("quality of life", "retrieval cues")."""
    nouns = [t for t in phrase if t.pos_ in ("NOUN", "PROPN")]
    if language == "en":
        link = next((i for i, t in enumerate(phrase) if t.lower_ in _LINKS[language]), len(phrase))
        nouns = [t for t in phrase[:link] if t.pos_ in ("NOUN", "PROPN")][-1:] or nouns
    return nouns[0].lemma_.lower() if nouns else phrase[-1].lemma_.lower()


def _singular_forms(tokens: Doc | Span) -> dict[tuple[str, str], Counter[tuple[str, str]]]:
    """The nouns and adjectives the text says in the singular: (lemma, part of speech) ->
    how often each (gender, form) is said ("" when the tagger gives no gender)."""
    said: dict[tuple[str, str], Counter[tuple[str, str]]] = {}
    for t in tokens:
        if t.pos_ in ("NOUN", "ADJ") and t.morph.get("Number", []) == ["Sing"]:
            said.setdefault((t.lemma_.lower(), t.pos_), Counter())["".join(t.morph.get("Gender", [])), t.lower_] += 1
    return said


def _in_singular(phrase: list[Token], said: dict[tuple[str, str], Counter[tuple[str, str]]]) -> str | None:
    """`phrase` with each plural noun and adjective in the singular form the text says for it, of
    the same gender ("artérielle" for "artérielles": the lemma "artériel" is masculine), so no
    form is made up; None when one of them is never said in the singular."""
    out = ""
    for i, t in enumerate(phrase):
        word = t.text
        if t.pos_ in ("NOUN", "ADJ") and t.morph.get("Number", []) == ["Plur"]:
            gender = "".join(t.morph.get("Gender", []))
            forms = said.get((t.lemma_.lower(), t.pos_), Counter())
            agreeing = [(n, form) for (g, form), n in forms.items() if not (gender and g and gender != g)]
            if not agreeing:
                return None
            found = max(agreeing)[1]
            word = found[:1].upper() + found[1:] if t.text[:1].isupper() else found
        out += (phrase[i - 1].whitespace_ if i else "") + word
    return out


def _noun_runs(tokens: Doc | Span, language: str, glossary_words: set[str]) -> list[list[Token]]:
    """Maximal runs of phrase tokens: content words (known to the language, or proper nouns, or
    glossary words, never stop words) and the prepositions and articles allowed between them."""
    stop = lexicon(language).stopwords
    links, articles = _LINKS[language], _LINK_ARTICLES[language]
    said_inside = _said_inside(tokens)
    runs: list[list[Token]] = []
    current: list[Token] = []
    content = [
        tok.pos_ in _MODIFIER_POS
        and (low := tok.text.lower()) not in stop
        and len(low) > 1
        and any(c.isalpha() for c in low)
        and (
            low in glossary_words
            or _is_name(tok, said_inside)
            or (nlp.known_word(tok.text, language) and not _mistagged_start(tok, language, said_inside))
        )
        for tok in tokens
    ]
    for k, tok in enumerate(tokens):
        low = tok.text.lower()
        if content[k]:
            current.append(tok)
            continue
        # a compound's hyphen only between two phrase words: "long-term", not "tensiomètre-tomatique"
        compound = _glued_hyphen(tok) and k + 1 < len(content) and content[k + 1]
        if current and (
            low in links
            or low in articles.get(current[-1].text.lower(), ())
            or compound
            or _coordinates_complement(tok, current, links)
        ):
            current.append(tok)
            continue
        if current:
            runs.append(current)
        current = []
    if current:
        runs.append(current)
    return runs


def _coordinates_complement(tok: Token, run: list[Token], links: frozenset[str]) -> bool:
    """The "et" / "and" of a complement coordinated inside a run: "mélange de dépendance et de rejet"."""
    return _repeats_preposition(tok, links) and any(t.i == tok.head.head.i for t in run)


def _repeats_preposition(tok: Token, links: frozenset[str]) -> bool:
    """The "et" / "and" of a coordinated complement that says its preposition again after it:
    "de dépendance et de rejet", "of stroke and of dementia" (its head: the second noun)."""
    return tok.dep_ == "cc" and tok.head.dep_ == "conj" and tok.i + 1 < len(tok.doc) and tok.nbor(1).lower_ in links


def _glued_hyphen(tok: Token) -> bool:
    """The hyphen of a compound the English tokenizer splits ("long-term", "anti-inflammatory"):
    no space on either side. Inside a run, a phrase neither opens nor closes on either half of one."""
    return tok.text == "-" and not tok.whitespace_ and tok.i > 0 and not tok.doc[tok.i - 1].whitespace_


def _said_inside(tokens: Doc | Span) -> frozenset[str]:
    """The words (lower case) the text uses as nouns, names or adjectives somewhere other than at
    a sentence start: what vouches for the same word where a sentence opens with it."""
    return frozenset(t.text.lower() for t in tokens if t.pos_ in _MODIFIER_POS and not t.is_sent_start)


def _is_name(tok: Token, said_inside: frozenset[str]) -> bool:
    """A proper noun the speaker says: tagged so and capitalised mid-sentence, or opening a
    sentence when the text also names it elsewhere (at a sentence start the tagger calls many
    imperatives proper nouns: "Asseyez-vous"; "France" in a headline "France : ..." is a name)."""
    return tok.pos_ == "PROPN" and tok.text[:1].isupper() and (not tok.is_sent_start or tok.text.lower() in said_inside)


def _mistagged_start(tok: Token, language: str, said_inside: frozenset[str]) -> bool:
    """A sentence's first word tagged as a noun without an article: in speech mostly an imperative
    or a greeting ("Asseyez-vous", "Faites trois mesures"); French nouns take an article. Unless
    the text uses the word elsewhere as a noun (a headline "Crash : ...", a list of topics)."""
    return (
        bool(tok.is_sent_start)
        and (tok.pos_ == "PROPN" or (language == "fr" and tok.pos_ == "NOUN"))
        and tok.text.lower() not in said_inside
    )


def _may_open(tok: Token, following: Token | None, language: str) -> bool:
    if tok.pos_ not in _MODIFIER_POS:
        return False
    if tok.lower_ in _HEDGES[language] and following is not None and following.lower_ in _LINKS[language]:
        return False
    if language == "fr" and tok.pos_ == "ADJ":  # "haute pression", not "artérielle ..."
        return following is not None and following.pos_ in ("NOUN", "PROPN")
    return True


def _may_close(phrase: list[Token], language: str) -> bool:
    last = phrase[-1]
    if last.pos_ not in _MODIFIER_POS or not any(t.pos_ in ("NOUN", "PROPN") for t in phrase):
        return False
    if _cuts_complement(phrase, language) or _spans_two_phrases(phrase):
        return False
    if language != "en":
        return True
    following = last.nbor(1) if last.i + 1 < len(last.doc) else None
    # English heads come last: "snake" in "snake oil" modifies, it is not what is spoken of
    return last.pos_ in ("NOUN", "PROPN") and not (
        following is not None and following.pos_ == "NOUN" and last.pos_ == "NOUN"
    )


def _spans_two_phrases(phrase: list[Token]) -> bool:
    """Words in a row that the parse joins to different places: "the way REM sleep works" holds
    "way" and the subject of a clause about it, not a phrase "way REM sleep". A phrase is one
    subtree: a single word of it depends on a word outside it."""
    if len(phrase) < 2 or not phrase[0].doc.has_annotation("DEP"):
        return False
    inside = {t.i for t in phrase}
    return sum(t.head.i not in inside or t.head.i == t.i for t in phrase) > 1


def _cuts_complement(phrase: list[Token], language: str) -> bool:
    """A phrase with a complement that stops before an adjective of the complement's noun:
    "manque d'activités" out of "manque d'activités physiques", "risque d'accident vasculaire"
    out of "... cérébral", or before the rest of a coordination that says the preposition again
    ("mélange de dépendance" out of "mélange de dépendance et de rejet"), or a coordination without
    the noun it completes ("dépendance et de rejet"): the complement is cut, so the phrase says
    something the speaker did not, and no viewer searches it. A head without its complement
    ("hypertension" of "hypertension artérielle") is a topic of its own and stays. Read off the
    dependency parse."""
    links = _LINKS[language]
    inside = {t.i for t in phrase}
    if any(_repeats_preposition(t, links) and t.head.head.head.i not in inside for t in phrase):
        return True
    last = phrase[-1]
    if last.i + 1 >= len(last.doc) or not any(t.lower_ in links for t in phrase[1:-1]):
        return False
    noun = last if last.pos_ in ("NOUN", "PROPN") else last.head
    following = last.nbor(1)
    if following.pos_ == "ADJ" and following.head.i == noun.i:
        return True
    # a last noun a bare preposition brings in (a locution: "au sein", "en charge", "à cause"), without
    # its own complement: "changements significatifs au sein" out of "... au sein de notre organisation",
    # "prise en charge" out of "... de la douleur"; "bataille de la succession" stands (its noun has
    # an article of its own)
    brought_in = (
        noun is last
        and any(c.dep_ == "case" and c.i in inside for c in noun.children)
        and not any(c.dep_ == "det" for c in noun.children)
    )
    if brought_in and any(c.i > last.i and c.dep_ == "nmod" and _introduced_by(c, links) for c in noun.children):
        return True
    # the rest of a coordination after it: "... et de rejet"
    return any(_repeats_preposition(g, links) for c in noun.children if c.i > last.i for g in c.children)


def _introduced_by(noun: Token, links: frozenset[str]) -> bool:
    return any(c.dep_ == "case" and c.lower_ in links for c in noun.children)


def _generic(tok: Token, language: str) -> bool:
    return (
        tok.pos_ != "PROPN"
        and max(nlp.zipf_frequency(tok.text, language), nlp.zipf_frequency(tok.lemma_, language)) >= GENERIC_ZIPF
    )


def _best_surface(forms: Counter[str]) -> str:
    """The most frequent form; on a tie prefer lower case (a capital may only mean 'sentence start')."""
    return max(forms.items(), key=lambda kv: (kv[1], not kv[0][:1].isupper()))[0]


def content_stems(phrase: str, language: str) -> set[str]:
    """The stems of a phrase's content words: what two phrases must share to say the same thing."""
    lex = lexicon(language)
    return {lex.stem(w) for w in words(phrase) if lex.is_content(w)}


def contains_phrase(text: str, phrase: str, language: str) -> bool:
    """True when `phrase` occurs in `text` up to case and inflection (stemmed word sequence)."""
    return phrases_in(text, [phrase], language) == 1


def phrases_in(text: str, phrases: Sequence[str], language: str) -> int:
    """How many of `phrases` occur in `text` (as contains_phrase finds them), the text stemmed once."""
    hay = normalize(text, language).split()
    found = 0
    for phrase in phrases:
        needle = normalize(phrase, language).split()
        n = len(needle)
        found += n > 0 and any(hay[i : i + n] == needle for i in range(len(hay) - n + 1))
    return found


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
