"""A Short checked in its own context: its own sentences alone (a viewer of the Short hears
nothing else), and no cut that drops a qualifier the full sentence had.

"Ce traitement fait disparaître les douleurs, chez certains patients, sur avis médical" cut after
"douleurs" becomes a promise. `check_short` reads the words inside the cut (word times), checks
them as their own text, and reports a blocking `short.qualifier_dropped` finding when a sentence
the cut crosses loses one of the language's qualifiers (`qualifiers:` in the rules file).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from videokit.compliance.check import Unit, check_language, check_units, ruleset_for
from videokit.config import ClientProfile
from videokit.seo.text import strip_accents
from videokit.seo.timed import TimedSentence, timed_sentences
from videokit.seo.types import Finding
from videokit.speech.types import Transcript, Word

_EPSILON = 0.05  # seconds: a word is inside the cut when it lies within it, give or take this


def check_short(
    transcript: Transcript, start: float, end: float, client: ClientProfile | None = None, language: str | None = None
) -> list[Finding]:
    """Findings for the Short cut from `start` to `end` (seconds of the transcript's timeline)."""
    if end <= start:
        raise ValueError(f"a Short must end after it starts ({start:.2f} s to {end:.2f} s)")
    language = check_language(language or transcript.language, client)
    words = [w for w in transcript.words if w.start >= start - _EPSILON and w.end <= end + _EPSILON]
    units = [
        unit
        for s in timed_sentences(transcript)
        if s.end > start and s.start < end and (unit := _unit(s, words)) is not None
    ]
    findings = check_units([Unit(text, s, e) for text, s, e, _ in units], language, client, source="short")
    ruleset = ruleset_for(language, client)
    for kept, s, e, full in units:
        dropped = _dropped_qualifiers(full.text, kept, ruleset.qualifiers)
        if dropped:
            findings.append(
                Finding(
                    "short.qualifier_dropped",
                    "block",
                    "promise",
                    kept,
                    s,
                    "short",
                    "Coupe qui retire une réserve de la phrase complète"
                    if language == "fr"
                    else "Cut that drops a qualifier the full sentence had",
                    "Code de la santé publique, art. R.4127-13 (prudence, répercussions des propos) et R.4127-19-1"
                    if language == "fr"
                    else "GMC, Good medical practice (2024); CAP Code rule 3.1 (misleading by omission)",
                    dropped,
                    f"« {full.text} » perd « {dropped} » dans le Short."
                    if language == "fr"
                    else f'"{full.text}" loses "{dropped}" in the Short.',
                    "Move the cut so the whole sentence is in the Short, or leave this sentence out",
                    e,
                )
            )
    return findings


def _unit(sentence: TimedSentence, words: Sequence[Word]) -> tuple[str, float, float, TimedSentence] | None:
    inside = [w for w in words if w.start >= sentence.start - _EPSILON and w.end <= sentence.end + _EPSILON]
    if not inside:
        # none of its words in the cut: outside the Short, unless the cut has no timed word at all (a
        # transcript without word timings): then every sentence the cut overlaps is read whole
        return None if words else (sentence.text, sentence.start, sentence.end, sentence)
    text = "".join(w.text for w in inside).strip()
    return text, inside[0].start, inside[-1].end, sentence


def _dropped_qualifiers(full: str, kept: str, qualifiers: Sequence[str]) -> str:
    folded_full, folded_kept = _fold(full), _fold(kept)
    for qualifier in qualifiers:
        pattern = re.compile(rf"\b{re.escape(_fold(qualifier))}\b")
        if pattern.search(folded_full) and not pattern.search(folded_kept):
            return qualifier
    return ""


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", strip_accents(text.lower().replace("’", "'")))
