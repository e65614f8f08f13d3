"""A sentence addressed to one member of the audience: where personalised medical advice starts
(R.4127-33, a diagnosis given to someone never examined), in comments, lives and answers to
messages. Found in the dependency parse, so that wording no pattern listed is found too:

- an @handle read out: "@camille_run, d'après ta description c'est une tendinite…";
- one viewer singled out by what they did on the channel: a definite, singular person with a
  relative clause whose verb posts, comments or messages ("le papa qui a posté la photo…"), or
  asks, writes, sends or describes on the channel ("la personne qui demandait sous le dernier
  live…") or to the speaker, set apart from the sentence ("The lady who wrote to me, …") rather
  than its subject ("the patient who asked me about statins was worried" tells of a consultation);
- one viewer singled out by their situation, as the sentence opens: "For the lady whose daughter
  gets itchy wheals…", "Pour la dame dont le fils…".

"Ceux qui m'ont demandé…", "everyone who asked" (plural, or no one in particular) answer the
audience, and "the study that described" names no viewer. A finding here is a warning: a general
answer to one viewer's question is allowed, and the practitioner reads it again.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from videokit.seo.text import lexicon

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

# verbs that are acts of a viewer on the channel whatever their object
_POSTS = {"fr": frozenset({"poster", "commenter"}), "en": frozenset({"post", "comment", "message", "dm", "tweet"})}
# verbs that single out a viewer when the speaker or the channel is in the clause
_TELLS = {
    "fr": frozenset(
        {"demander", "écrire", "envoyer", "décrire", "raconter", "partager", "laisser", "poser", "expliquer"}
    ),
    "en": frozenset({"ask", "write", "send", "describe", "tell", "share", "leave", "mention", "email", "explain"}),
}
_SPEAKER = {"fr": frozenset({"me", "m'", "moi", "nous"}), "en": frozenset({"me", "us"})}
_CHANNEL = {
    "fr": frozenset(
        {"commentaire", "live", "vidéo", "message", "mp", "instagram", "chat", "story", "stories", "direct"}
    ),
    "en": frozenset(
        {"comment", "comments", "live", "livestream", "video", "message", "dm", "dms", "instagram", "chat", "inbox"}
    ),
}
_ADDRESSING = {"fr": frozenset({"pour", "à"}), "en": frozenset({"for", "to"})}  # "Pour la dame dont…"
_WHOSE = {"fr": "dont", "en": "whose"}
_DEFINITE = {"fr": frozenset({"le", "la", "l'", "ce", "cet", "cette"}), "en": frozenset({"the", "this", "that"})}
# pronouns for one person: "celle qui m'a écrit", "toi qui m'as demandé", "the one who"
_ONE = {"fr": frozenset({"celui", "celle", "toi"}), "en": frozenset({"one"})}
_HANDLE = re.compile(r"@\w{2,}")
_OPENING = 3  # tokens before the person for "For the lady whose…" to open the sentence


def addressed(sentence: Doc | Span, language: str) -> str | None:
    """The words that single out one viewer in `sentence` (analysed by the language's pipeline),
    or None when it speaks to the audience as a whole."""
    for token in sentence:
        if _HANDLE.fullmatch(token.text):
            return token.text
        if not _one_person(token, language):
            continue
        for clause in token.children:
            if clause.dep_ in ("relcl", "acl:relcl") and _acted(token, clause, language):
                return sentence.doc[token.left_edge.i : clause.i + 1].text
        whose = next((t for t in token.subtree if t.lower_ == _WHOSE[language]), None)
        if whose is not None and _opens_on(token, sentence, language):
            return sentence.doc[token.left_edge.i : whose.i + 1].text
    return None


def _one_person(token: Token, language: str) -> bool:
    """A singular person the sentence points to: "la personne", "the gentleman", "celle", "Marc"."""
    if "Plur" in token.morph.get("Number", []):
        return False
    if token.pos_ == "PRON":
        return token.lower_ in _ONE[language]
    return token.pos_ == "PROPN" or (
        token.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ in _DEFINITE[language] for c in token.children)
    )


def _acted(person: Token, clause: Token, language: str) -> bool:
    """The relative clause says the person posted, or wrote on the channel or to the speaker: the
    person is its subject ("la personne qui demandait", not "la question qu'un abonné m'a posée")."""
    if not any(t.dep_.startswith("nsubj") and _relative(t) for t in clause.children):
        return False
    posts, tells = (_said_by(clause, verbs[language], language) for verbs in (_POSTS, _TELLS))
    inside = list(clause.subtree)
    if posts or (tells and any(t.lower_ in _CHANNEL[language] for t in inside)):
        return True
    if tells and any(t.lower_ in _SPEAKER[language] for t in inside):
        # "the patient who asked me… was worried" tells of a consultation; the one spoken to is set
        # apart, which the parse may still read as a subject beside the verb's own ("La dame qui
        # m'écrit…, une gouttière suffira")
        subjects = [c for c in person.head.children if c.dep_.startswith("nsubj")]
        return not person.dep_.startswith("nsubj") or len(subjects) > 1
    return False


def _relative(token: Token) -> bool:
    """A relative pronoun: French morphology says it, the English tagger's WP/WDT ("who", "that")."""
    return "Rel" in token.morph.get("PronType", []) or token.tag_ in ("WP", "WDT")


def _said_by(verb: Token, lemmas: frozenset[str], language: str) -> bool:
    """The verb is one of `lemmas`, by its stem: the French lemmatizer leaves "demande" for "demander"."""
    return lexicon(language).stem(verb.lemma_) in _stems(lemmas, language)


@cache
def _stems(lemmas: frozenset[str], language: str) -> frozenset[str]:
    return frozenset(lexicon(language).stem(lemma) for lemma in lemmas)


def _opens_on(person: Token, sentence: Doc | Span, language: str) -> bool:
    """The sentence opens by turning to the person: "For the lady…", "Pour la maman…"."""
    before = sentence[: person.i - sentence[0].i]
    return len(before) <= _OPENING and any(t.lower_ in _ADDRESSING[language] for t in before)
