"""The labelled compliance sentences and their fixed split.

- `LANG.tsv`: split once, before any model was trained, and never tuned: a sentence is held out when
  sha256("videokit-compliance-split-2026:" + id) modulo 10 is below 3 (30 %). Ids are the first 8 hex
  digits of the sentence's sha1, so a sentence keeps its side of the split whatever its line number.
- `LANG.train.tsv`: sentences written later to enlarge the training part only (never held out), so
  the held-out part stays the one the first figures were measured on.
- `blind/LANG.tsv` and `blind2/LANG.tsv`: written without sight of the check (blind2 later, by
  another author, when blind had been read often); evaluation only (`bench/compliance.py --set
  blind`/`blind2`), never read for training or thresholds.
- real talks (bench/prepare_talks.py writes them to bench/.data/talks; bench/talks.json lists them):
  the episodes on disorders, treatment and health (`medical`) are evaluation only
  (`bench/compliance.py --talks`); the others are ordinary teaching the classifier may learn from.
"""

from __future__ import annotations

import csv
import hashlib
import json
import sys
from dataclasses import dataclass
from pathlib import Path

# this checkout's videokit, not the one the venv installed (editable, maybe another worktree)
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from videokit.speech.types import Segment, Transcript

HERE = Path(__file__).resolve().parent
DATA = HERE / "data" / "compliance"
TALKS = HERE / ".data" / "talks"
SPLIT_SEED = "videokit-compliance-split-2026"
HELD_OUT_TENTHS = 3
LANGUAGES = ("fr", "en")
# the violation categories of the labels (the rules files' categories; "general" marks a plain sentence)
CATEGORIES = (
    "testimonial",
    "denigration",
    "promise",
    "superlative",
    "price",
    "incitement",
    "unproven",
    "identification",
    "advice",
)


@dataclass(frozen=True)
class Labelled:
    id: str
    language: str
    violation: bool
    category: str  # the category a violation belongs to, or the one a hard negative imitates ("general": none)
    style: str  # direct, indirect, negation, authority, quote, hypothetical, teaching, general
    source: str  # the rule the sentence breaks (violations) or must not be mistaken for (negatives)
    text: str
    train_only: bool = False

    @property
    def held_out(self) -> bool:
        if self.train_only:
            return False
        digest = hashlib.sha256(f"{SPLIT_SEED}:{self.id}".encode()).hexdigest()
        return int(digest, 16) % 10 < HELD_OUT_TENTHS


def read(path: Path, language: str, train_only: bool = False) -> list[Labelled]:
    with open(path, encoding="utf-8", newline="") as fh:
        return [
            Labelled(
                r["id"],
                language,
                r["label"] == "violation",
                r["category"],
                r["style"],
                r["source"],
                r["text"],
                train_only,
            )
            for r in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        ]


def load(language: str) -> list[Labelled]:
    """Every labelled sentence of the language outside the blind set."""
    extra = DATA / f"{language}.train.tsv"
    return read(DATA / f"{language}.tsv", language) + (read(extra, language, True) if extra.exists() else [])


def split(language: str) -> tuple[list[Labelled], list[Labelled]]:
    """(train, held_out) for one language."""
    items = load(language)
    return [s for s in items if not s.held_out], [s for s in items if s.held_out]


BLIND_SETS = ("blind", "blind2")


def blind(language: str, name: str = "blind") -> list[Labelled]:
    """A blind evaluation set (`blind`, or `blind2`, written later by another author): for reporting figures only."""
    return read(DATA / name / f"{language}.tsv", language)


def evaluated(language: str, name: str) -> list[Labelled]:
    """The sentences a benchmark reports on: the held-out part ("held-out") or a blind set."""
    return split(language)[1] if name == "held-out" else blind(language, name)


def talks(evaluated: bool) -> list[tuple[str, Transcript]]:
    """(id, transcript) of the prepared real talks: the ones `--talks` evaluates (`medical` in
    bench/talks.json), or the others (training only). Empty when bench/prepare_talks.py was not run."""
    manifest = json.loads((HERE / "talks.json").read_text(encoding="utf-8"))
    out = []
    for entry in manifest:
        path = TALKS / f"{entry['id']}.json"
        if entry["medical"] != evaluated or not path.exists():
            continue
        talk = json.loads(path.read_text(encoding="utf-8"))
        segments = tuple(Segment(s["start"], s["end"], s["text"]) for s in talk["segments"])
        out.append((entry["id"], Transcript(talk["language"], duration=talk["duration"], segments=segments)))
    return out
