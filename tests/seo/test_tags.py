"""Tags are what a viewer searches: the talk's subject, its field's terms and the glossary, never
a word of everyday language the talk says no more than any text would."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from videokit.seo.tags import build_tags
from videokit.seo.types import Keyword

ROOT = Path(__file__).resolve().parents[2]
GLOSSARY = [
    line.strip()
    for line in (ROOT / "assets/demo/glossary.txt").read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#")
]
# The keyphrases derive_metadata picked on the demo talk (make demo, Whisper base), best first.
DEMO_KEYPHRASES = [
    "hypertension artérielle",
    "médecin généraliste",
    "tensiomètre",
    "médecin traitant",
    "tension",
    "symptôme",
    "manque d'activité physique",
    "sel",
    "artères",
    "risque",
    "maladie",
    "tension artérielle",
    "adulte",
    "pression",
    "maladie fréquente",
]


def _demo_text() -> str:
    """The demo talk as assets/make_sample_clip.py speaks it."""
    spec = importlib.util.spec_from_file_location("make_sample_clip", ROOT / "assets/make_sample_clip.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return " ".join(sentence for sentence, _ in module.SCRIPT)


def test_everyday_words_the_talk_does_not_dwell_on_are_no_tags() -> None:
    """ "pression", "adulte", "maladie" said once, "risque" twice in the talk, "manque d'activité
    physique" once: words any text says, which no viewer searches on their own; the field's terms
    ("artères", "symptôme"), what the talk keeps saying ("tension") and the glossary stay."""
    keywords = [Keyword(k, 1.0 - i / 100) for i, k in enumerate(DEMO_KEYPHRASES)]
    tags = build_tags(
        keywords,
        "fr",
        text=_demo_text(),
        main="hypertension artérielle",
        glossary=GLOSSARY,
        extra=["Cabinet du Dr Exemple"],
    )
    for generic in ("pression", "adulte", "risque", "maladie", "manque d'activité physique"):
        assert generic not in tags, tags
    for kept in (
        "hypertension artérielle",
        "tensiomètre",
        "antihypertenseur",
        "médecin traitant",
        "tension",
        "tension artérielle",
        "symptôme",
        "artères",
        "Cabinet du Dr Exemple",
    ):
        assert kept in tags, (kept, tags)


def test_a_common_word_the_talk_keeps_saying_is_a_tag_and_a_term_with_a_capital_always_is() -> None:
    text = " ".join(["Memory is how the brain keeps what we learn."] * 6 + ["REM sleep helps, for example."])
    keywords = [Keyword(k, 1.0) for k in ("memory", "example", "brain", "REM sleep")]
    assert build_tags(keywords, "en", text=text, main="memory") == ["memory", "brain", "REM sleep"]
