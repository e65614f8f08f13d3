"""Quality metrics shared by bench/ and the tests: keyphrase F1@k, segmentation Pk and WindowDiff."""

from __future__ import annotations

from collections.abc import Sequence

from videokit.seo.text import normalize


def f_at_k(predicted: Sequence[str], gold: Sequence[str], language: str, k: int) -> float:
    """F1 of the top-k predictions against the gold phrases, both lower-cased and stemmed, exact match."""
    pred = list(dict.fromkeys(p for p in (normalize(x, language) for x in predicted) if p))[:k]
    ref = {g for g in (normalize(x, language) for x in gold) if g}
    hits = len(set(pred) & ref)
    if not hits:
        return 0.0
    p, r = hits / len(pred), hits / len(ref)
    return 2 * p * r / (p + r)


def _labels(boundaries: Sequence[int], n: int) -> list[int]:
    """Segment number of each of n sentences, a segment starting at each boundary index."""
    cuts = set(boundaries)
    labels, current = [], 0
    for i in range(n):
        if i in cuts and i > 0:
            current += 1
        labels.append(current)
    return labels


def _window(reference: Sequence[int], n: int) -> int:
    return max(1, round(n / (len(set(reference) - {0}) + 1) / 2))


def pk(reference: Sequence[int], hypothesis: Sequence[int], n: int) -> float:
    """Beeferman's Pk: share of windows (k = half the mean reference segment) where reference and
    hypothesis disagree on whether both ends lie in the same segment. Lower is better."""
    k = _window(reference, n)
    ref, hyp = _labels(reference, n), _labels(hypothesis, n)
    windows = range(n - k)
    errors = sum((ref[i] == ref[i + k]) != (hyp[i] == hyp[i + k]) for i in windows)
    return errors / max(len(windows), 1)


def window_diff(reference: Sequence[int], hypothesis: Sequence[int], n: int) -> float:
    """Pevzner & Hearst's WindowDiff: share of windows whose boundary counts differ. Lower is better."""
    k = _window(reference, n)
    ref, hyp = _labels(reference, n), _labels(hypothesis, n)
    windows = range(n - k)
    errors = sum((ref[i + k] - ref[i]) != (hyp[i + k] - hyp[i]) for i in windows)
    return errors / max(len(windows), 1)
