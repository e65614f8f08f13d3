"""Word error rate, normalised the way Whisper's authors measure it.

French (and any non-English language) uses whisper.normalizers.BasicTextNormalizer, English
uses EnglishTextNormalizer (spelling variants, numbers, contractions), so punctuation, case and
"10" versus "ten" do not count as errors.
"""

from __future__ import annotations

import functools

import numpy as np


def normalise(text: str, language: str) -> list[str]:
    """Words of `text` after Whisper's normaliser for `language`."""
    return _normaliser(language == "en")(text).split()


def word_error_rate(reference: str, hypothesis: str, language: str) -> float:
    """(substitutions + deletions + insertions) / reference words, after normalisation.

    An empty reference gives 0.0 for an empty hypothesis and 1.0 otherwise.
    """
    ref, hyp = normalise(reference, language), normalise(hypothesis, language)
    if not ref:
        return 0.0 if not hyp else 1.0
    return edit_distance(ref, hyp) / len(ref)


def edit_distance(ref: list[str], hyp: list[str]) -> int:
    """Levenshtein distance between two word lists, one numpy row per reference word."""
    vocab: dict[str, int] = {}
    r = np.array([vocab.setdefault(w, len(vocab)) for w in ref], dtype=np.int64)
    h = np.array([vocab.setdefault(w, len(vocab)) for w in hyp], dtype=np.int64)
    steps = np.arange(len(h) + 1)
    row = steps.copy()
    for word in r:
        diag = row[:-1] + (h != word)
        best = np.minimum(row[1:] + 1, diag)  # deletion or substitution/match
        best = np.concatenate(([row[0] + 1], best))
        # Insertions chain along the row: d[j] = min_k<=j (best[k] + j - k), a running minimum.
        row = np.minimum.accumulate(best - steps) + steps
    return int(row[-1])


@functools.lru_cache(maxsize=2)
def _normaliser(english: bool):
    from whisper.normalizers import BasicTextNormalizer, EnglishTextNormalizer

    return EnglishTextNormalizer() if english else BasicTextNormalizer()
