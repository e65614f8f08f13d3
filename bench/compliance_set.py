"""The labelled compliance sentences (bench/data/compliance/LANG.tsv) and their fixed split.

The split was decided before any model was trained and is never tuned: a sentence is held out when
sha256("videokit-compliance-split-2026:" + id) modulo 10 is below 3 (30 %). Ids are the first 8 hex
digits of the sentence's sha1, so a sentence keeps its side of the split whatever its line number.
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "compliance"
SPLIT_SEED = "videokit-compliance-split-2026"
HELD_OUT_TENTHS = 3
LANGUAGES = ("fr", "en")


@dataclass(frozen=True)
class Labelled:
    id: str
    language: str
    violation: bool
    category: str  # the category a violation belongs to, or the one a hard negative imitates ("general": none)
    style: str  # direct, indirect, negation, authority, quote, hypothetical, teaching, general
    source: str  # the rule the sentence breaks (violations) or must not be mistaken for (negatives)
    text: str

    @property
    def held_out(self) -> bool:
        digest = hashlib.sha256(f"{SPLIT_SEED}:{self.id}".encode()).hexdigest()
        return int(digest, 16) % 10 < HELD_OUT_TENTHS


def load(language: str) -> list[Labelled]:
    with open(DATA / f"{language}.tsv", encoding="utf-8", newline="") as fh:
        return [
            Labelled(r["id"], language, r["label"] == "violation", r["category"], r["style"], r["source"], r["text"])
            for r in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        ]


def split(language: str) -> tuple[list[Labelled], list[Labelled]]:
    """(train, held_out) for one language."""
    items = load(language)
    return [s for s in items if not s.held_out], [s for s in items if s.held_out]
