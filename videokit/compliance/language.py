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
    from spacy.tokens import Doc

_REPORTING_VERBS = {"fr": ["penser", "croire", "prétendre"], "en": []}
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
    # edsnlp's cue lists are French: English cues come from the rules file (its French verb lists stay: they never match English)
    for pipe, kind, config in (
        ("eds.negation", "negation", {"following": [], "pseudo": [], "termination": _EN_TERMINATION}),
        ("eds.hypothesis", "hypothesis", {"following": ["?"], "pseudo": [], "termination": _EN_TERMINATION}),
        ("eds.reported_speech", "reported", {"following": [], "pseudo": list(extra.get("own", ()))}),
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
