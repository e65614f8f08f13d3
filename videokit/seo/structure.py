"""How a talk is built: the subject it announces, the parts it announces ("Parlons d'abord des
symptômes…", "Voyons maintenant comment…", "Enfin, …"), its questions, its introduction.

Speakers signpost their talk with discourse markers; creators put their chapter breaks exactly
there and name chapters after what the speaker announced. The markers are phrases of each
language (written for this project, not a list of keywords); the words after an announcing verb
become a heading once spaCy's parse has trimmed them to a noun phrase or a how-to.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from videokit import nlp
from videokit.seo.text import misheard

if TYPE_CHECKING:
    from spacy.tokens import Token

MAX_HEADING_WORDS = 6
MAX_HEADING_CHARS = 49  # what the player shows of a chapter title on hover

# A sentence opening on one of these starts a new part of the talk (checked on its first words).
_MARKERS = {
    "fr": r"d'abord|tout d'abord|premièrement|en premier lieu|pour commencer|ensuite|deuxièmement|troisièmement|"
    r"en second lieu|puis|enfin|pour finir|pour terminer|pour conclure|en conclusion|en résumé|pour résumer|"
    r"passons|voyons|parlons|abordons|intéressons-nous|venons-en|revenons|regardons|maintenant|autre point|"
    r"deuxième point|dernier point|dernière chose|question suivante|place à",
    "en": r"first|firstly|first of all|to begin|to start|next|secondly|second|thirdly|then|finally|lastly|"
    r"in conclusion|to conclude|to sum up|in summary|let's talk|let's look|let's move|let's turn|let us|moving on|"
    r"now let's|now,? let's|turning to|another thing|the next|the last|so now|our next|which brings us",
}
_MARKER_WINDOW = 4  # "Alors, parlons d'abord…", "OK so next…": the marker sits in the first few words
# Verbs that announce what comes next; group 1 is what is announced.
_ANNOUNCE = {
    "fr": re.compile(
        r"\b(?:parlons|parler|discutons|abordons|aborder|traitons|passons|venons-en|intéressons-nous|voyons|regardons|"
        r"examinons|expliquer|explique|présenter|consacrée?)\b(?:\s+(?:maintenant|d'abord|ensuite|enfin|un peu|rapidement|aujourd'hui|ici))*"
        r"\s+(?:(?:aux|au|à|des|du|de|d'|sur|ce qu'est)\b\s*)?(.+)",
        re.IGNORECASE,
    ),
    "en": re.compile(
        r"\b(?:talk|talking|look|looking|turn|move on|focus|dive|get)\s+(?:now\s+)?(?:about|at|to|on|into)\s+(.+)"
        r"|\b(?:discuss|cover|explain|explore)\s+(.+)",
        re.IGNORECASE,
    ),
}
_TOPIC = {  # the subject a talk announces in its opening ("aujourd'hui nous parlons de X"; not "we talked about")
    "fr": re.compile(
        r"\b(?:parlons|parler|parle|sujet|thème|consacrée?|vidéo sur)\s+(?:aujourd'hui\s+)?(?:des|du|de|d'|sur|à)\b\s*(.+)",
        re.IGNORECASE,
    ),
    "en": re.compile(r"\b(?:talk|talking|video|episode)\s+(?:today\s+)?(?:about|on)\s+(.+)", re.IGNORECASE),
}
_GREETING = {
    "fr": re.compile(
        r"^\W*(?:bonjour|bonsoir|salut|bienvenue|hello)\b|\baujourd'hui,? (?:nous|on|je)\b|\bdans cette vidéo\b",
        re.IGNORECASE,
    ),
    "en": re.compile(
        r"^\W*(?:hello|hi|hey|welcome|good (?:morning|afternoon|evening))\b|\btoday,? (?:we|i)\b|\bin this (?:video|episode)\b",
        re.IGNORECASE,
    ),
}
HOW = {"fr": ("comment", "pourquoi", "quand"), "en": ("how", "why", "when")}
INTRODUCTION = "Introduction"
PART_PREFIX = {"fr": "Partie", "en": "Part"}  # "Partie 3": a chapter nothing better names
_CLAUSE_END = re.compile(r"[,;:.!?…]| (?:qui|que|car|parce|mais|et puis|which|because|but|so that) ")
_ARTICLES = {"fr": ("le", "la", "les", "l'", "un", "une", "des", "du", "de", "d'"), "en": ("the", "a", "an")}


@dataclass(frozen=True)
class Heading:
    text: str
    kind: str  # "announced", "question", "introduction" or "phrase"


def boundary_cue(sentence: str, language: str) -> float:
    """1.0 when the sentence opens a new part of the talk (a discourse marker in its first words),
    0.5 when it is a question (what the speaker answers next is one topic), else 0."""
    opening = " ".join(sentence.lower().replace("’", "'").split()[:_MARKER_WINDOW])
    if re.search(rf"(?:^|\W)(?:{_MARKERS[language]})(?:\W|$)", opening):
        return 1.0
    return 0.5 if sentence.rstrip().endswith("?") else 0.0


_CLOSING = {
    "fr": re.compile(
        r"^\W*(?:en conclusion|pour conclure|pour finir|pour terminer|en résumé|pour résumer|merci\b|voilà\b.*\b(?:vidéo|tout)\b)"
        r"|\bmerci (?:d'avoir|de votre|pour votre)|\babonnez-vous\b",
        re.IGNORECASE,
    ),
    "en": re.compile(
        r"^\W*(?:in conclusion|to conclude|to sum up|in summary|to recap|so today,? we|today,? (?:we|you) (?:learned|talked|discussed|looked))"
        r"|\bthanks? (?:you )?for watching\b|\bsubscribe\b|\byou(?:'ve| have)? (?:just )?learned (?:about|how|what|that|the)\b",
        re.IGNORECASE,
    ),
}
CONCLUSION = "Conclusion"
# a last chapter whose sum-up or thanks comes within its first sentences is the closing; further in,
# the chapter is a part of the talk that happens to end it ("Causes of mood disorders")
_CLOSING_WITHIN = 3


def is_conclusion(sentences: list[str], language: str) -> bool:
    """The closing sums up or thanks the viewer ("En résumé…", "Thanks for watching…")."""
    return any(_CLOSING[language].search(s.replace("’", "'")) for s in sentences)


def _said_heading(sentence: str, language: str) -> str | None:
    """A sentence that is itself a heading: a short noun phrase with no verb, said as a title
    ("The curious case of Phineas Gage.", "Deuxième point : l'alimentation.")."""
    text = sentence.strip().rstrip(".!…").strip()
    if not text or text.endswith("?") or not fits(text) or len(text.split()) < 2:
        return None
    tokens = [t for t in nlp.tag(text, language) if not t.is_punct]
    if any(t.pos_ in ("VERB", "AUX", "PRON", "SCONJ", "INTJ") for t in tokens):
        return None
    if misheard(tokens):  # "Mwah mwah mwah.", "Une routine merveilleux."
        return None
    # something specific is named: a name, or a noun rarer than "people", "question", "case"
    named = any(t.pos_ == "PROPN" or (t.pos_ == "NOUN" and nlp.zipf_frequency(t.text, language) < 4.5) for t in tokens)
    if not named or tokens[0].pos_ in ("ADV", "CCONJ"):
        return None
    return capitalise(text)


def is_introduction(sentences: list[str], language: str) -> bool:
    """The opening greets or announces the subject ("Bonjour…", "aujourd'hui nous parlons de…")."""
    return any(_GREETING[language].search(s) for s in sentences[:2])


def announced_topic(sentences: list[str], language: str) -> str | None:
    """The subject the opening announces, as a noun phrase: "hypertension artérielle"."""
    for sentence in sentences[:3]:
        match = _TOPIC[language].search(sentence.replace("’", "'"))
        if match:
            phrase = _noun_phrase(_clause(match.group(1)), language)
            if phrase:
                return phrase
    return None


def heading(sentences: list[str], language: str, *, first: bool, last: bool = False) -> Heading | None:
    """A chapter heading from the chapter's own opening: "Introduction" for a first chapter that
    greets or announces the talk, "Conclusion" for a last one that opens on a sum-up or thanks,
    else what the speaker announces, else a heading the speaker says as such ("The curious case of
    Phineas Gage."), else the question the speaker asks, else "Conclusion" for a last chapter that
    sums up or thanks after a last thought (by its third sentence). None otherwise."""
    if first and is_introduction(sentences, language):
        return Heading(INTRODUCTION, "introduction")
    if last and not first and is_conclusion(sentences[:2], language):
        return Heading(CONCLUSION, "conclusion")
    for sentence in sentences[:2]:
        for said in _announcements(sentence, language):
            found = _announced(said, language)
            if found:
                return Heading(found, "announced")
    as_heading = _said_heading(sentences[0], language) if sentences else None
    if as_heading:
        return Heading(as_heading, "announced")
    for sentence in sentences[:2]:
        question = question_heading(sentence, language)
        if question:
            return Heading(question, "question")
    if last and not first and is_conclusion(sentences[:_CLOSING_WITHIN], language):
        # the sum-up or thanks after a last thought ("…resilient creatures. Today we talked about…")
        return Heading(CONCLUSION, "conclusion")
    return None


def stands_alone(sentence: str, language: str) -> bool:
    """A sentence a reader can take out of the talk: it does not open on a connector ("Enfin, …",
    "Donc …", "And then…"), a marker, a word set apart by a comma ("Bon, …"), a pronoun or a
    demonstrative pointing back ("Elle augmente…", "This means…", "Ce traitement se prend…": which
    one, out of the talk?; but "Ce qui fait la force du smartphone, c'est…" says what it points
    to), it holds no connective leaning on what was said before ("d'ailleurs", "however") and no
    object pronoun pointing back ("On ne l'a pas dans la main…"), and it is no question."""
    text = sentence.strip()
    if not text or text.endswith("?") or boundary_cue(text, language) >= 1.0:
        return False
    tokens = [t for t in nlp.tag(text, language)]
    first = next((t for t in tokens if not t.is_punct), None)
    if first is None or first.pos_ in ("CCONJ", "SCONJ", "ADV", "INTJ"):
        return False
    if first.pos_ == "DET" and "Dem" in first.morph.get("PronType", []):
        return False
    if first.pos_ != "NOUN" and first.i + 1 < len(tokens) and tokens[first.i + 1].text == ",":
        # "Remember, …", "Écoutez, …": the speaker turning to the listener; "Bon, …", "Well, …" (a
        # particle the tagger may read as a name when it opens the sentence): the speaker thinking aloud
        return False
    if _LEANS_BACK[language].search(text) or _OPENS_ON_CONNECTIVE[language].match(text):
        return False
    if any(_object_pointing_back(t, tokens, language) or _pointing_back(t, tokens, language) for t in tokens):
        return False
    if first.pos_ == "PRON" and _POINTS_AHEAD[language].match(text):
        return True
    return not (first.pos_ == "PRON" and first.lower_ not in _SPEAKER_PRONOUNS[language])


def _object_pointing_back(token: Token, tokens: list[Token], language: str) -> bool:
    """A third-person object pronoun with no noun before it in the sentence: "On ne l'a pas dans la
    main quand on est au lit" (what?), "We gave them antibiotics" (whom?); "Notez les chiffres dans
    un carnet et apportez-le" has its noun. ("it" is left out: "make it to", "it's" say nothing back.)"""
    return (
        token.pos_ == "PRON"
        and token.lower_ in _OBJECT_PRONOUNS[language]
        and "Yes" not in token.morph.get("Poss", [])  # "her mother"
        and not any(t.pos_ in ("NOUN", "PROPN") for t in tokens[: token.i])
    )


def _pointing_back(token: Token, tokens: list[Token], language: str) -> bool:
    """A demonstrative standing for what was said before, no noun after it and none before it in the
    sentence ("To do that, we begin…", "Pour faire ça, on commence…"; but "this drug", "Elle
    augmente la tension, et ça abîme…" have theirs), or in English a person named only before the
    sentence: "he", "his", "her" with no name or person before them ("After a few months, he was
    healed up"; "The patient said he…" has one)."""
    before = tokens[: token.i]
    if "Dem" in token.morph.get("PronType", []) and token.pos_ in ("DET", "PRON") and token.i > 0:
        after = tokens[token.i + 1] if token.i + 1 < len(tokens) else None
        stands_for_something = after is None or after.pos_ not in ("NOUN", "PROPN", "ADJ", "NUM")
        return stands_for_something and not any(t.pos_ in ("NOUN", "PROPN") for t in before)
    return (
        language == "en"
        and token.lower_ in _PERSONS_BACK
        and not any(
            t.pos_ == "PROPN"
            or (t.pos_ == "NOUN" and (t.lemma_.lower() in _KIN or nlp.person_noun(t.lemma_, language)))
            for t in before
        )
    )


_SPEAKER_PRONOUNS = {"fr": frozenset("je j' nous on vous".split()), "en": frozenset("i we you".split())}
_PERSONS_BACK = frozenset("he him his she her hers".split())
# people nlp.person_noun leaves out (they name an audience there): "The child said she…" has hers
_KIN = frozenset(
    "child kid baby boy girl man woman mother father mom dad son daughter parent friend wife husband brother sister".split()
)
# an opening that ties the sentence to the one before: "In fact, sometimes it is exactly wrong",
# "For instance, right around Freud's time…", "Du coup, on…"
_OPENS_ON_CONNECTIVE = {
    "fr": re.compile(
        r"(?:en effet|en fait|par exemple|du coup|en revanche|au contraire|dans ce cas|à ce moment-là|"
        r"après ça|pour autant(?! qu)|de plus(?! en plus)|en outre|cela dit|ceci dit|malgré tout)\b",
        re.IGNORECASE,
    ),
    "en": re.compile(
        r"(?:in fact|as a matter of fact|for (?:instance|example)|as a result|in other words|in that case|"
        r"on top of that|after all|because of (?:this|that)|at (?:this|that) point|by contrast|in contrast|"
        r"in turn|even so|that said)\b",
        re.IGNORECASE,
    ),
}
# connectives that add to, or set against, what was said before, wherever they sit: "Ce qu'il dit
# d'ailleurs sur la photo…", "The second trial, however, …" (not "aussi" / "also": "L'hypertension
# abîme aussi les reins" reads alone; nor "pourtant" / "on the other hand", which as often set two
# halves of the same sentence against each other)
_LEANS_BACK = {
    "fr": re.compile(r"\b(?:d['’]ailleurs|par ailleurs|de même|non plus)\b", re.IGNORECASE),
    "en": re.compile(r"\b(?:however|instead(?! of)|nevertheless|nonetheless|likewise|similarly)\b", re.IGNORECASE),
}
_OBJECT_PRONOUNS = {"fr": frozenset("le la l' l’ les lui leur".split()), "en": frozenset("him her them".split())}
# a pronoun that points to the clause after it, not back: "Ce qui compte, c'est…", "What matters is…"
_POINTS_AHEAD = {"fr": re.compile(r"ce qu(?:i|e|['’])", re.IGNORECASE), "en": re.compile(r"what\b", re.IGNORECASE)}


_CARRIER = "Parlons de "  # French only: what with_article reads a phrase after


def with_article(phrase: str, language: str) -> str:
    """A heading as it reads inside a sentence: "Symptômes de l'hypertension" -> "les symptômes de
    l'hypertension" (French takes the article a heading drops; how-tos and English stay as they are)."""
    body = phrase[:1].lower() + phrase[1:] if not phrase[:2].isupper() else phrase
    if language != "fr" or body.split()[0] in HOW[language]:
        return body
    # after a preposition a lone word is read as the noun it is here ("objet" alone is tagged a verb)
    tagged = nlp.tag(_CARRIER + phrase, language)
    head = next((t for t in tagged if t.idx >= len(_CARRIER) and t.pos_ in ("NOUN", "PROPN")), None)
    if head is None:
        return body
    if head.pos_ == "PROPN" and head.text[:1].isupper():
        return phrase  # a name takes no article, and keeps its capital
    if "Plur" in head.morph.get("Number", []):
        return "les " + body
    if body[:1] in "aeiouyhéèêàâîôûœ":
        return "l'" + body
    # a word the tagger does not know ("smartphone", read as a name although lower case) is a
    # borrowing: French makes those masculine
    return ("la " if "Fem" in head.morph.get("Gender", []) else "le ") + body


def fits(text: str) -> bool:
    return 1 <= len(text.split()) <= MAX_HEADING_WORDS and len(text) <= MAX_HEADING_CHARS


def typeset(text: str, language: str) -> str:
    """French typography: a space before ':' '?' '!' ';' (none in English)."""
    if language == "fr":
        return re.sub(r"\s*([:?!;])", r" \1", text).replace("  ", " ")
    return re.sub(r"\s+([:?!;])", r"\1", text)


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def _clause(text: str) -> str:
    return _CLAUSE_END.split(text.strip(), maxsplit=1)[0].strip()


# what the next video will cover is no part of this one ("Next week, we'll talk about…")
_NEXT_VIDEO = {
    "fr": re.compile(
        r"\b(?:la semaine prochaine|la prochaine fois|(?:le |au )?prochain épisode|(?:la |dans la )?prochaine vidéo)\b",
        re.IGNORECASE,
    ),
    "en": re.compile(r"\b(?:next (?:week|time|episode|video)|tune in)\b", re.IGNORECASE),
}


def _announcements(sentence: str, language: str) -> Iterator[str]:
    """What a sentence opening a part says it will cover ("Voyons maintenant comment bien mesurer…")."""
    text = sentence.replace("’", "'")
    if boundary_cue(text, language) < 1.0 or _NEXT_VIDEO[language].search(text):
        return
    for match in _ANNOUNCE[language].finditer(text):
        yield next(g for g in match.groups() if g)


def _is_how_to(clause: str, language: str) -> bool:
    first = clause.lower().split()[:1]
    return bool(first) and first[0] in HOW[language]  # "comment …", not "commentaire …"


def _announced(said: str, language: str) -> str | None:
    clause = _clause(said)
    if _is_how_to(clause, language):  # "comment bien mesurer sa tension à domicile"
        how = _shorten(clause, language)
        return capitalise(how) if how and fits(how) else None
    phrase = _noun_phrase(clause, language)
    return capitalise(phrase) if phrase and fits(phrase) else None


_ASKING = {
    "fr": (
        "qu'est-ce",
        "qu'est",
        "quoi",
        "quel",
        "quelle",
        "quels",
        "quelles",
        "comment",
        "pourquoi",
        "quand",
        "combien",
        "où",
        "est-ce",
        "faut-il",
        "peut-on",
        "doit-on",
    ),
    "en": ("what", "why", "how", "when", "which", "who", "where", "is", "are", "can", "should", "does", "do"),
}


_TAG_QUESTION = {  # "…, right?", "…, non ?": the speaker checks the listener follows, asks nothing
    "fr": re.compile(r"(?:,|\b)\s*(?:non|hein|d'accord|ok|okay|n'est-ce pas|pas vrai|vous voyez|tu vois)\s*\?$", re.I),
    "en": re.compile(r",\s*(?:right|ok|okay|huh|yes|no|isn't it|don't you|you know|see)\s*\?$", re.I),
}


def question_heading(sentence: str, language: str) -> str | None:
    """A real question as a heading ("What are moods?"): it opens on a question word, names
    something (a noun) and is no tag ("…, right?") nor a rhetorical aside ("All that?",
    "Don't believe me?", "How about him?")."""
    text = sentence.strip().replace("’", "'")
    if not text.endswith("?") or _TAG_QUESTION[language].search(text):
        return None
    text = re.sub(r"^(?:alors|donc|et|mais|bon|so|and|but|ok|okay|now|well)\b[,\s]*", "", text, flags=re.IGNORECASE)
    body = text.rstrip("? ").strip()
    first = body.split()[0].lower() if body.split() else ""
    if not body or len(body.split()) > MAX_HEADING_WORDS + 2 or not first.startswith(_ASKING[language]):
        return None
    if first not in _ASKING[language] and not first.startswith(tuple(a for a in _ASKING[language] if "'" in a)):
        return None  # "don't" is no "do", "Whichever" no "which"
    if _asks_the_listener(body, language):
        return None
    if not any(t.pos_ in ("NOUN", "PROPN") for t in nlp.tag(body, language)):
        return None
    result = typeset(capitalise(body) + "?", language)
    return result if len(result) <= MAX_HEADING_CHARS and len(body.split()) >= 2 else None


# the question words of _ASKING a yes/no question opens on; asked of "it", "you", "vous"… it is an aside
_YES_NO = {"fr": frozenset({"est-ce"}), "en": frozenset({"is", "are", "can", "should", "does", "do"})}
_PERSONAL = {
    "fr": frozenset("je j' tu il elle ils elles vous nous ça c' cela".split()),
    "en": frozenset("i you he she it we they this that these those".split()),
}


def _asks_the_listener(body: str, language: str) -> bool:
    """A yes/no question about a pronoun ("Is it time for you to go?", "Do you remember?", "Est-ce
    que vous voyez ?"): it checks on the listener or the story, it names no topic. One about a
    thing ("Is coffee bad for the heart?", "Peut-on guérir du diabète ?") does."""
    said = re.findall(r"[\w-]+'?", body.lower().replace("’", "'"))
    if not said or said[0] not in _YES_NO[language]:
        return False
    rest = said[2:] if said[1:2] in (["que"], ["qu'"]) else said[1:]  # "est-ce que vous…"
    return bool(rest) and rest[0] in _PERSONAL[language]


def _noun_phrase(text: str, language: str) -> str | None:
    """The noun phrase `text` opens with, without its article: "des symptômes de l'hypertension"
    -> "symptômes de l'hypertension"; None when it does not open with one."""
    doc = nlp.tag(text, language)
    tokens = list(doc)
    while tokens and (tokens[0].pos_ in ("DET", "ADP", "PRON") or tokens[0].text.lower() in _ARTICLES[language]):
        tokens = tokens[1:]
    if not tokens or tokens[0].pos_ not in ("NOUN", "PROPN", "ADJ"):
        return None
    kept: list[Token] = []
    for i, tok in enumerate(tokens):
        following = tokens[i + 1] if i + 1 < len(tokens) else None
        coordinated = (
            tok.pos_ == "CCONJ" and following is not None and following.pos_ in ("NOUN", "PROPN", "ADJ", "DET")
        )
        if tok.pos_ in ("VERB", "AUX", "PRON", "SCONJ", "CCONJ", "PUNCT", "ADV") and kept and not coordinated:
            break
        kept.append(tok)
    while kept and kept[-1].pos_ in ("DET", "ADP"):
        kept.pop()
    if not any(t.pos_ in ("NOUN", "PROPN") for t in kept):
        return None
    return doc.text[kept[0].idx : kept[-1].idx + len(kept[-1].text)]


def _shorten(clause: str, language: str) -> str:
    """A how-to within the heading limit: adverbs go first ("comment bien mesurer" -> "comment
    mesurer"), then trailing complements, cut before a preposition ("quand consulter pour une
    fièvre chez l'enfant" -> "quand consulter pour une fièvre"), never inside one ("… chez")."""
    if fits(clause):
        return clause
    kept = _plain_how_to(clause, language)
    text = "".join(t.text_with_ws for t in kept).strip()
    if fits(text):
        return text
    cuts = ("".join(t.text_with_ws for t in kept[:i]).strip() for i in range(len(kept) - 1, 1, -1))
    return next(
        (cut for cut, tok in zip(cuts, reversed(kept[2:])) if tok.pos_ == "ADP" and fits(cut)),
        " ".join(text.split()[:MAX_HEADING_WORDS]),
    )


def _plain_how_to(clause: str, language: str) -> list[Token]:
    """The how-to's tokens without its adverbs ("comment bien mesurer" -> "comment mesurer")."""
    return [t for i, t in enumerate(nlp.tag(clause, language)) if i == 0 or t.pos_ != "ADV"]


def announced_how_to(sentence: str, language: str) -> str | None:
    """The how-to a sentence opening a part announces, whole and without adverbs ("Voyons
    maintenant quand consulter pour une fièvre chez l'enfant." -> "Quand consulter pour une fièvre
    chez l'enfant"): its chapter heading is the shortened form, a title has room for all of it."""
    for said in _announcements(sentence, language):
        clause = _clause(said)
        if _is_how_to(clause, language):
            return capitalise("".join(t.text_with_ws for t in _plain_how_to(clause, language)).strip())
    return None
