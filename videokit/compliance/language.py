"""What a sentence says, beyond its words: lemmas and entities from the spaCy pipeline
(videokit.nlp), and whether a claim is the speaker's own, from edsnlp's qualifiers.

edsnlp (AP-HP's clinical NLP) decides whether a span is negated ("il n'existe pas de remède
miracle"), hypothetical ("si on vous promet...") or reported from someone else ("selon la HAS",
"certains pensent que"). Its French cue lists are the base; the rules file adds cues (`cues:`), and
English gets its own lists there. Reported speech uses a narrow verb list: the default one
("assurer", "dire") would silence a doctor's own "je vous assure que...".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from videokit.errors import ConfigError
from videokit.nlp import pipeline
from videokit.seo.text import strip_accents

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# edsnlp conjugates these (3rd person present, participles) into cues of reported speech. English
# cannot take its default French list, whose forms are English words too ("promise", participle of
# "promettre", made "we promise you risk-free surgery" someone else's claim), nor an empty list,
# which edsnlp reads as every French verb ("a", "sent", "change"...): it gets one verb none of
# whose forms is an English word; its reported speech comes from the rules file's cues.
_REPORTING_VERBS = {"fr": ["penser", "croire", "prétendre"], "en": ["affirmer"]}
_EN_TERMINATION = ["but", "however", "although", "though", "except", "yet", "whereas", ".", ";", "!", "?"]
_FIRST_SINGULAR = {"je", "j'", "j’", "moi", "me", "m'", "m’", "mon", "ma", "mes", "i", "i'm", "my", "mine", "myself"}
_FIRST_PLURAL = {"nous", "notre", "nos", "we", "our", "ours", "us", "we're"}
_CONTENT = {"NOUN", "PROPN", "VERB", "ADJ"}
_SECOND = {"vous", "votre", "vos", "tu", "toi", "ton", "ta", "tes", "te", "you", "your", "yours", "you're"}


@dataclass(frozen=True)
class Qualifiers:
    negated: bool = False
    hypothetical: bool = False
    reported: bool = False

    def silences(self, unless: frozenset[str]) -> bool:
        return (
            (self.negated and "negation" in unless)
            or (self.hypothetical and "hypothesis" in unless)
            or (self.reported and "reported" in unless)
        )


@dataclass(frozen=True)
class Sentence:
    """One sentence, analysed: folded text and lemmas for rules, the spaCy doc for entities."""

    text: str
    folded: str  # lower case without accents, same length as text
    lemmas: str  # folded lemmas joined by spaces
    lemma_spans: tuple[tuple[int, int, int], ...]  # per token: (offset in `lemmas`, start, end in `text`)
    doc: Doc
    # Share of the content words that are negated, hypothetical, reported: how much of the
    # sentence is the speaker's own assertion (a feature of the classifier).
    context: tuple[float, float, float]

    def surface(self, lemma_start: int, lemma_end: int) -> tuple[int, int]:
        """The stretch of `text` whose tokens a match in `lemmas` covers."""
        covered = [(s, e) for off, s, e in self.lemma_spans if lemma_start <= off < lemma_end] or [(0, len(self.text))]
        return covered[0][0], covered[-1][1]

    @property
    def persons(self) -> tuple[bool, bool, bool]:
        """Does the speaker say I, we, you."""
        words = {t.lower_ for t in self.doc}
        return bool(words & _FIRST_SINGULAR), bool(words & _FIRST_PLURAL), bool(words & _SECOND)

    @property
    def speaker(self) -> bool:
        """Does the speaker talk of themself or show the audience something: I, we, a subject "on"
        (French speech's "we"), or a sentence that is an imperative ("look at these photos")."""
        first_singular, first_plural, _ = self.persons
        return (
            first_singular
            or first_plural
            or any(t.lower_ == "on" and t.dep_.startswith("nsubj") for t in self.doc)
            or any(t.dep_ == "ROOT" and _imperative(t) for t in self.doc)
        )


def _imperative(verb: Token) -> bool:
    if "Imp" in verb.morph.get("Mood", []):
        return True
    # English marks no mood: a bare verb with no subject and no auxiliary opens the sentence
    return verb.tag_ == "VB" and not any(c.dep_ in ("nsubj", "nsubjpass", "aux", "expl") for c in verb.children)


class Analyser:
    """The language's spaCy pipeline and edsnlp qualifiers, loaded once per (language, cues)."""

    def __init__(self, language: str, cues: dict[str, tuple[str, ...]]) -> None:
        self.language = language
        self.nlp = pipeline(language)
        self.qualifiers = _qualifier_pipeline(language, cues)
        # "aucune étude n'a montré que X", "there is no evidence that X": edsnlp's negation stops at
        # "que"/"that", yet the whole clause after such a cue is denied
        self.denied = _cue_pattern(cues.get("denied", ()))
        # "X guérit le diabète : c'est faux", "X cures cancer; it doesn't": a refutation after a
        # claim denies everything said before it
        self.refuted = _cue_pattern(cues.get("refuted", ()))
        # "parle-en à ton généraliste", "talk to your own doctor": one viewer sent to their own doctor
        self.referral = _cue_pattern(cues.get("referral", ()))
        # edsnlp reads cues before a claim only: the parse finds a negation after its subject
        # ("testimonials aren't evidence"), above a relative clause ("there's no treatment that...")
        # or on the verb that says it ("I can't tell you that..."), and claims made by others
        # ("adverts that promise...")
        self.negators = frozenset(strip_accents(w.lower()) for w in cues.get("negators", ()))
        self.claim_verbs = frozenset(strip_accents(w.lower()) for w in cues.get("claim_verbs", ()))
        self.claimants = frozenset(strip_accents(w.lower()) for w in cues.get("claimants", ()))
        # "I'm not saying my colleagues are incompetent, but..." says it all the same; "I can't say that..." does not
        self.paralipsis = frozenset(strip_accents(w.lower()) for w in cues.get("paralipsis", ()))
        self.modals = frozenset(strip_accents(w.lower()) for w in cues.get("modals", ()))
        # "je ne peux rien vous garantir", "personne ne peut vous le promettre": a disclaimer, unless a
        # "mais" / "but" after it makes the claim anyway
        self.disclaiming = self.negators | {strip_accents(w.lower()) for w in cues.get("negative_pronouns", ())}
        self.contrast = frozenset(strip_accents(w.lower()) for w in cues.get("contrast", ()))

    def analyse(self, texts: Sequence[str]) -> list[Sentence]:
        docs = list(self.nlp.pipe(texts, batch_size=64))
        words = self.qualify([(doc.text, _content_spans(doc)) for doc in docs])
        return [_sentence(doc, _shares(q)) for doc, q in zip(docs, words)]

    def qualify(self, items: Sequence[tuple[str, Sequence[tuple[int, int]]]]) -> list[list[Qualifiers]]:
        """Qualifiers of character spans, per text: [(text, [(start, end), ...]), ...]."""
        out: list[list[Qualifiers]] = []
        for text, spans in items:
            if not spans:
                out.append([])
                continue
            doc = self.qualifiers.make_doc(text)
            doc.spans["claims"] = [doc.char_span(s, e, alignment_mode="expand") or doc[:] for s, e in spans]
            for _, component in self.qualifiers.pipeline:
                doc = component(doc)
            folded = strip_accents(text.lower())
            denied = [m.end() for m in self.denied.finditer(folded)] if self.denied else []
            # where the last refutation starts: every claim ending before it is refuted
            refuted = max((m.start() for m in self.refuted.finditer(folded)), default=-1) if self.refuted else -1
            out.append(
                [
                    Qualifiers(
                        bool(s._.negation) or any(d <= s.start_char for d in denied) or s.end_char <= refuted,
                        bool(s._.hypothesis),
                        # a refuted claim is someone else's, even for rules whose words are negative ("know nothing")
                        bool(s._.reported_speech) or s.end_char <= refuted,
                    )
                    for s in doc.spans["claims"]
                ]
            )
        return out

    def governed(self, sentence: Sentence, start: int, end: int) -> Qualifiers:
        """What the dependency parse says of the claim in sentence.text[start:end]: negated by the
        predicate governing it (a negation outside the matched words), denied from a clause above it
        (a negated noun it describes, a negated verb of saying; like a refutation, a denied claim is
        someone else's even when its own words are negative), or said by someone else (the subject
        of a verb of claiming is one of `claimants`)."""
        span = sentence.doc.char_span(start, end, alignment_mode="expand")
        if span is None or not self.negators:
            return Qualifiers()
        inside = {t.i for t in span}
        own_negative = any(_word(t) in self.negators for t in span)
        # the claim hangs from the sentence by the words that lead outside it: by its arguments of a
        # predicate ("mal" in "n'aurez plus jamais mal", not the adverb "jamais") when it has some
        leading = [t for t in span if t.head.i not in inside or t.head is t]
        arguments = [t for t in leading if t.dep_ not in _ADVERBIAL] or leading
        found = [self._walk(t, inside, own_negative) for t in arguments]
        return Qualifiers(any(q.negated for q in found), False, any(q.reported for q in found))

    def _walk(self, node: Token, inside: set[int], own_negative: bool) -> Qualifiers:
        """Up the parse from a word of the claim to the predicates that govern it (see `governed`)."""
        above = False
        for _ in range(len(node.doc)):
            if _is_predicate(node):
                negated = any(_word(c) in self.negators and c.i not in inside for c in node.children)
                if negated and above and self._paralipsis(node):
                    return Qualifiers()
                if negated and above:
                    return Qualifiers(negated=True, reported=True)
                if negated and not own_negative:
                    return Qualifiers(negated=True)
                if _word(node, lemma=True) in self.claim_verbs and self._claimant(node):
                    return Qualifiers(reported=True)
                if node.dep_ in ("relcl", "acl:relcl", "acl") and node.head is not node:
                    node, above = node.head, True
                    if any(c.dep_ == "det" and _word(c) in self.negators for c in node.children):
                        return Qualifiers(negated=True, reported=True)
                    continue
                # up to the verb that says it ("I can't tell you that...", "je ne peux pas vous dire que..."),
                # never to a remark after the claim ("..., they tell me every time", "..., nobody will ever know")
                if (
                    node.dep_ in ("ccomp", "xcomp")
                    and node.head.i < node.i
                    and self.claim_verbs & {_word(node, lemma=True), _word(node.head, lemma=True)}
                ):
                    node, above = node.head, True
                    continue
                return Qualifiers()
            # a phrase set beside the clause ("unlike other clinics, we never...") is not what it negates;
            # one brought in by "as" is what the verb makes of its object ("I wouldn't sell it as a miracle")
            if node.head is node or (node.dep_ in _ADVERBIAL and _word(node) not in _PREDICATIVE):
                return Qualifiers()
            # a noun (the claim's own words, or the noun a relative clause describes): up to its predicate
            node = node.head
        return Qualifiers()

    def disclaims(self, sentence: Sentence, verbs: frozenset[str]) -> bool:
        """The speaker declines what one of `verbs` would say ("I can't promise you'll be pain-free",
        "je ne peux rien vous garantir"): the verb, or the modal it depends on, is negated, and no
        contrast word after it brings the claim back ("..., but this will fix it")."""
        for token in sentence.doc:
            if token.pos_ != "VERB" or _word(token, lemma=True) not in verbs:
                continue
            scope = [token, token.head] if token.dep_ == "xcomp" else [token]
            if any(_word(c) in self.disclaiming for verb in scope for c in verb.children) and not any(
                _word(w) in self.contrast for w in sentence.doc[token.i + 1 :]
            ):
                return True
        return False

    def _paralipsis(self, verb: Token) -> bool:
        """A verb like "say" negated without a modal: the speaker says what they claim not to say."""
        return _word(verb, lemma=True) in self.paralipsis and not any(
            c.dep_ == "aux" and _word(c, lemma=True) in self.modals for c in verb.children
        )

    def _claimant(self, verb: Token) -> bool:
        """Is the subject of this verb of claiming someone other than the speaker ("adverts", "you")."""
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "nsubj:pass")]
        if verb.dep_ in ("relcl", "acl:relcl") and (
            not subjects or (subjects[0].pos_ == "PRON" and subjects[0].i > verb.head.i)
        ):
            subjects = [verb.head]  # "qui promettent": the noun the relative clause describes
        # "our website says...", "notre clinique vous promet..." is the practice speaking (the parser
        # may take the clitic "vous" there for a second subject: a first-person subject decides)
        first = _FIRST_SINGULAR | _FIRST_PLURAL
        if any(s.lower_ in first or any(c.lower_ in first for c in s.children) for s in subjects):
            return False
        return any(_word(s, lemma=True) in self.claimants for s in subjects)


_PREDICATIVE = {"as"}  # English parses "as X" as a preposition; French "comme X" is already the verb's argument
_ADVERBIAL = {
    "prep",
    "advmod",
    "npadvmod",
    "obl",
    "obl:mod",
    "advcl",
    "vocative",
    "dislocated",
    "parataxis",
    "dep",
    "intj",
}


def _word(token: Token, lemma: bool = False) -> str:
    return strip_accents((token.lemma_ if lemma else token.lower_).lower())


def _is_predicate(token: Token) -> bool:
    return token.pos_ in ("VERB", "AUX") or token.dep_ == "ROOT" or any(c.dep_ == "cop" for c in token.children)


def _cue_pattern(cues: Sequence[str]) -> re.Pattern[str] | None:
    folded = [re.escape(strip_accents(c.lower())) for c in cues]
    return re.compile(r"\b(" + "|".join(folded) + r")\b") if folded else None


@lru_cache(maxsize=8)
def analyser(language: str, cues: tuple[tuple[str, tuple[str, ...]], ...]) -> Analyser:
    return Analyser(language, dict(cues))


def _qualifier_pipeline(language: str, extra: dict[str, tuple[str, ...]]) -> Any:
    try:
        import edsnlp
        from edsnlp.pipes.qualifiers.hypothesis import patterns as hypothesis
        from edsnlp.pipes.qualifiers.negation import patterns as negation
        from edsnlp.pipes.qualifiers.reported_speech import patterns as reported
    except ImportError as exc:
        raise ConfigError(
            f"the compliance check needs edsnlp ({exc}); run 'pip install edsnlp==0.23.0' (scripts/setup.sh does)"
        ) from None
    nlp = edsnlp.blank("eds")
    nlp.add_pipe("eds.sentences")
    common = {"span_getter": "claims"}
    if language == "fr":
        nlp.add_pipe("eds.negation", config={**common, "preceding": [*negation.preceding, *extra.get("negation", ())]})
        nlp.add_pipe(
            "eds.hypothesis", config={**common, "preceding": [*hypothesis.preceding, *extra.get("hypothesis", ())]}
        )
        nlp.add_pipe(
            "eds.reported_speech",
            config={
                **common,
                "preceding": [*reported.preceding, *extra.get("reported", ())],
                "pseudo": list(extra.get("own", ())),
                "verbs": _REPORTING_VERBS["fr"],
            },
        )
        return nlp
    # edsnlp's cue lists are French: English cues come from the rules file (its French negation and
    # hypothesis verbs stay: none of their forms is a word of the English training sentences)
    for pipe, kind, config in (
        ("eds.negation", "negation", {"following": [], "pseudo": [], "termination": _EN_TERMINATION}),
        ("eds.hypothesis", "hypothesis", {"following": ["?"], "pseudo": [], "termination": _EN_TERMINATION}),
        (
            "eds.reported_speech",
            "reported",
            {"following": [], "pseudo": list(extra.get("own", ())), "verbs": _REPORTING_VERBS["en"]},
        ),
    ):
        nlp.add_pipe(pipe, config={**common, "preceding": list(extra.get(kind, ())), **config})
    return nlp


def _content_spans(doc: Doc) -> list[tuple[int, int]]:
    return [(t.idx, t.idx + len(t.text)) for t in doc if t.pos_ in _CONTENT]


def _shares(qualifiers: list[Qualifiers]) -> tuple[float, float, float]:
    n = max(len(qualifiers), 1)
    return (
        sum(q.negated for q in qualifiers) / n,
        sum(q.hypothetical for q in qualifiers) / n,
        sum(q.reported for q in qualifiers) / n,
    )


def _sentence(doc: Doc, context: tuple[float, float, float]) -> Sentence:
    text = doc.text
    folded = strip_accents(text.lower())
    if len(folded) != len(text):  # ligatures and the like: fold character by character
        folded = "".join(strip_accents(c.lower())[:1] or c for c in text)
    parts, spans, offset = [], [], 0
    for token in doc:
        if token.is_space:
            continue
        lemma = strip_accents((token.lemma_ or token.text).lower())
        spans.append((offset, token.idx, token.idx + len(token.text)))
        parts.append(lemma)
        offset += len(lemma) + 1
    return Sentence(text, folded, " ".join(parts), tuple(spans), doc, context)
