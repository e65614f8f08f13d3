"""The compliance check: what a doctor may not publish, sentence by sentence.

Three detectors, one finding type (videokit.seo.types.Finding):
- rules (videokit/compliance/rules/LANG.yaml, extended per client): patterns on the folded text and
  on lemmas, silenced when edsnlp finds the words negated, hypothetical or attributed to someone
  else ("il n'existe pas de remède miracle", "selon la HAS..."), or the dependency parse finds them
  negated or claimed by someone else (Analyser.governed: "testimonials aren't evidence");
- the embedding classifier (classifier.py): meaning without tell-tale words, with a calibrated
  probability (warning from a threshold per language; blocking from a higher one only for a client
  who sets ClientProfile.meaning_blocks);
- identification (identify.py): a patient recognisable from a story's details; a minor with two
  details is always blocking.
Each finding keeps its sentence, time, rule, legal source, a plain-words reason and the fix.
`raise_if_blocking` is the one place a blocking finding stops publishing.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from videokit.compliance.address import addressed
from videokit.compliance.classifier import embed_sentences, features, load_classifier
from videokit.compliance.identify import WINDOW, identifications
from videokit.compliance.language import Analyser, Sentence, analyser
from videokit.compliance.ruleset import CLAIM_GROUP, LANGUAGES, Category, Rule, RuleSet, load_ruleset
from videokit.config import ClientProfile
from videokit.errors import ComplianceBlock
from videokit.progress import Progress
from videokit.seo.text import sentences as split_sentences
from videokit.seo.timed import timed_sentences
from videokit.seo.types import Finding, Metadata, Severity
from videokit.speech.types import Transcript

_TITLE_WORDS = {"dr", "docteur", "docteure", "doctor", "pr", "professeur", "professor", "de", "du", "le", "la"}
CLASSIFIER_SOURCES = frozenset({"transcript", "text", "short", "description"})  # titles and tags are too short to read
_IMPERSONAL_SOURCES = frozenset({"title", "tags"})
# Shorter utterances ("Lâchez, c'est bon.") carry no claim the classifier was trained to read; rules still apply.
CLASSIFIER_MIN_WORDS = 6


@dataclass(frozen=True)
class Unit:
    """A piece of text to check: a sentence and where it comes from."""

    text: str
    start: float | None = None
    end: float | None = None


def check_language(language: str | None, client: ClientProfile | None = None) -> str:
    """The rule set to apply: the text's language if we have rules for it, else the client's, else French."""
    for candidate in (language, client.language if client else None):
        if candidate in LANGUAGES:
            return candidate
    return "fr"


def ruleset_for(language: str, client: ClientProfile | None) -> RuleSet:
    return load_ruleset(language, client.deontology_rules if client else None)


def analyser_for(ruleset: RuleSet) -> Analyser:
    """The language's pipeline with the rule set's qualifier cues (loaded once per language and cues)."""
    return analyser(ruleset.language, tuple(sorted(ruleset.cues.items())))


# What the identification's reason adds when the person is a minor, or a public figure
_WHO_IS_IDENTIFIED = {
    "fr": {
        "minor": " Il s'agit d'un mineur.",
        "public": " Personnalité publique : s'en tenir à ce qu'elle a rendu public, sans rien en dire comme son médecin.",
    },
    "en": {
        "minor": " The patient is a minor.",
        "public": " A public figure: keep to what they made public, and say nothing as their doctor.",
    },
}


def check_units(
    units: Sequence[Unit],
    language: str,
    client: ClientProfile | None = None,
    source: str = "text",
    progress: Progress | None = None,
    *,
    classifier: bool = True,
    story: bool = True,
) -> list[Finding]:
    """Findings in a sequence of sentences, in order (rules, classifier, identification).
    `story=False` reads the sentences as unrelated (labelled sets): identification details are not
    pooled across them; `classifier=False` leaves the classifier out (its own training)."""
    units = [u for u in units if u.text.strip()]
    if not units:
        return []
    ruleset = ruleset_for(language, client)
    nlp = analyser_for(ruleset)
    analysed = nlp.analyse([u.text for u in units])
    own = _own_names(client)
    per_sentence: list[list[Finding]] = [[] for _ in units]
    for i, (unit, sentence) in enumerate(zip(units, analysed)):
        per_sentence[i] = _rule_findings(unit, sentence, ruleset, nlp, source, own)
    if classifier and source in CLASSIFIER_SOURCES:
        _add_classifier_findings(
            units, analysed, ruleset, nlp, source, per_sentence, progress, blocks=bool(client and client.meaning_blocks)
        )
    if source != "tags":
        _add_addressed_findings(units, analysed, ruleset, nlp, source, per_sentence)
        category = ruleset.category("identification")
        for found in identifications(analysed, language, own, window=WINDOW if story else 1):
            about = "minor" if found.minor else "public" if found.public else None
            per_sentence[found.index].append(
                _category_finding(
                    f"{language}.identification.{'minor' if found.minor else 'patient'}",
                    found.severity,
                    category,
                    units[found.index],
                    source,
                    found.match,
                    category.reason + (_WHO_IS_IDENTIFIED[language][about] if about else ""),
                )
            )
    return [f for found in per_sentence for f in found]


def _add_addressed_findings(
    units: Sequence[Unit],
    analysed: Sequence[Sentence],
    ruleset: RuleSet,
    nlp: Analyser,
    source: str,
    per_sentence: list[list[Finding]],
) -> None:
    """A warning where a sentence singles out one viewer (address.py), no advice rule spoke, and
    the viewer is not sent to their own doctor (the `referral` cues: the answer a council expects)."""
    category = ruleset.category("advice")
    for unit, sentence, found in zip(units, analysed, per_sentence):
        if any(f.category == category.id for f in found) or (nlp.referral and nlp.referral.search(sentence.folded)):
            continue
        match = addressed(sentence.doc, ruleset.language)
        if match is not None:
            rule_id = f"{ruleset.language}.advice.addressed"
            found.append(_category_finding(rule_id, "warn", category, unit, source, match, category.reason))


def check_text(text: str, language: str, client: ClientProfile | None = None, source: str = "text") -> list[Finding]:
    """Findings in free text (a title, a description, a script), sentence by sentence."""
    language = check_language(language, client)
    return check_units([Unit(s) for s in split_sentences(text)], language, client, source)


def check_transcript(
    transcript: Transcript,
    client: ClientProfile | None = None,
    language: str | None = None,
    progress: Progress | None = None,
) -> list[Finding]:
    """Findings in what is said, each with the time its sentence starts and ends."""
    language = check_language(language or transcript.language, client)
    units = [Unit(s.text, s.start, s.end) for s in timed_sentences(transcript)]
    return check_units(units, language, client, "transcript", progress)


def check_metadata(metadata: Metadata, client: ClientProfile | None = None) -> list[Finding]:
    """Findings in the title, the description and the tags about to be published."""
    findings = check_text(metadata.title, metadata.language, client, source="title")
    findings += check_text(metadata.description, metadata.language, client, source="description")
    findings += check_text(", ".join(metadata.tags), metadata.language, client, source="tags")
    return findings


@dataclass(frozen=True)
class FindingsReport:
    """findings.json: what the check found, and why blocking findings were published anyway."""

    findings: list[Finding]
    override_reason: str | None = None
    screen: dict[str, Any] = field(default_factory=dict)  # what the on-screen check looked at


def blocking(findings: Iterable[Finding], *, blurred: bool = False) -> list[Finding]:
    """The findings that stop a publication: blocking ones no reviewer accepted with a reason. With
    `blurred`, a region shown on screen that a reviewer confirmed is hidden at render
    (`--blur-confirmed`, `render --blur`), so it no longer blocks."""
    return [
        f for f in findings if f.blocking and not f.accepted and not (blurred and f.confirmed and f.box is not None)
    ]


def identified(findings: Iterable[Finding]) -> list[Finding]:
    """The findings, each with an id (on-screen findings have theirs): for what is said or written, a
    hash of the rule, the place and the sentence, so it is the same on every rerun of the same job."""
    out = []
    for f in findings:
        if not f.id:
            start = "" if f.start is None else f"{f.start:.2f}"
            key = f"{f.rule_id}|{f.source}|{start}|{f.text}"
            f = replace(f, id=hashlib.sha256(key.encode()).hexdigest()[:8])
        out.append(f)
    return out


def accept(findings: Sequence[Finding], ids: Iterable[str], reason: str) -> list[Finding]:
    """The findings with `accepted` set to `reason` on those whose id starts with one of `ids` (""
    withdraws the acceptance). ValueError naming an id that matches no finding, or several."""
    chosen = _chosen(findings, ids)
    return [replace(f, accepted=reason.strip()) if f.id in chosen else f for f in findings]


def confirm(findings: Sequence[Finding], ids: Iterable[str], confirmed: bool = True) -> list[Finding]:
    """The findings with `confirmed` set on those whose id starts with one of `ids` (on-screen
    findings a reviewer confirms for blurring). ValueError as for `accept`."""
    chosen = _chosen(findings, ids)
    return [replace(f, confirmed=confirmed) if f.id in chosen else f for f in findings]


def _chosen(findings: Sequence[Finding], ids: Iterable[str]) -> set[str]:
    """The finding ids the given prefixes name, one each."""
    chosen = set()
    for wanted in ids:
        hits = {f.id for f in findings if f.id and f.id.startswith(wanted)}
        if len(hits) != 1:
            raise ValueError(
                f"no finding with id {wanted!r}"
                if not hits
                else f"id {wanted!r} matches {len(hits)} findings; give more characters"
            )
        chosen |= hits
    return chosen


def carry_acceptances(findings: Sequence[Finding], previous: Sequence[Finding]) -> list[Finding]:
    """Keep the reasons a reviewer accepted findings with across a rerun of the check (same ids)."""
    reasons = {f.id: f.accepted for f in previous if f.accepted and f.id}
    return [replace(f, accepted=reasons[f.id]) if f.id in reasons else f for f in findings]


def raise_if_blocking(
    findings: Iterable[Finding],
    where: str,
    override: str | None = None,
    *,
    blurred: bool = False,
    findings_file: Path | None = None,
) -> None:
    """Stop before upload: ComplianceBlock naming `where` (the job or file), the first blocking
    finding, its time, rule, source and fix, and the file that lists them all (with the IDs a
    reviewer confirms). An override reason lets it through (the caller records it)."""
    blocked = blocking(findings, blurred=blurred)
    if not blocked or override:
        return
    first = blocked[0]
    at = f" at {_clock(first.start)}" if first.start is not None else f" in the {first.source}"
    fix = f"; fix: {first.fix}" if first.fix else ""
    listed = f"; all findings: {findings_file}" if findings_file else ""
    accept = (
        f"accept it with 'videokit check {findings_file} --accept {first.id} --reason TEXT' or "
        if findings_file and first.id
        else ""
    )
    raise ComplianceBlock(
        f'{where}: {len(blocked)} blocking finding(s); first{at}: "{first.text}" breaks {first.rule_id} '
        f'({first.rule}; {first.reference}){fix}; or {accept}publish with --override "REASON" to record why it '
        f"is acceptable{listed}"
    )


def _clock(seconds: float) -> str:
    total = int(seconds)
    return f"{total // 60}:{total % 60:02d}"


def _rule_findings(
    unit: Unit, sentence: Sentence, ruleset: RuleSet, nlp: Analyser, source: str, own: set[str]
) -> list[Finding]:
    candidates: list[tuple[Rule, int, int]] = []
    for rule in ruleset.rules:
        if rule.sources is not None and source not in rule.sources:
            continue
        # a title or tags speak for the practice without saying "we": the keyword alone counts there
        if rule.speaker and source not in _IMPERSONAL_SOURCES and not sentence.speaker:
            continue
        if any(p.search(sentence.folded) for p in rule.not_with):
            continue
        span = _first_match(rule, sentence, own)
        if span is not None:
            candidates.append((rule, *span))
    if not candidates:
        return []
    qualifiers = nlp.qualify([(sentence.text, [(s, e) for _, s, e in candidates])])[0]
    out = []
    for (rule, s, e), q in zip(candidates, qualifiers):
        if q.silences(rule.unless) or nlp.governed(sentence, s, e).silences(rule.unless):
            continue
        out.append(
            Finding(
                rule.id,
                rule.severity_for(source),
                rule.category,
                unit.text,
                unit.start,
                source,
                rule.rule,
                rule.reference,
                sentence.text[s:e],
                rule.reason,
                rule.fix,
                unit.end,
            )
        )
    return out


def _first_match(rule: Rule, sentence: Sentence, own: set[str]) -> tuple[int, int] | None:
    subject = sentence.text if rule.case_sensitive else sentence.folded
    for pattern in rule.patterns:
        for m in pattern.finditer(subject):
            # the practitioner naming themself ("Docteur Martin", "Madame Martin") is not a patient's name
            if rule.case_sensitive and own & {w.lower() for w in re.findall(r"\w+", m.group())}:
                continue
            # a `claim` group is the words the qualifiers read; the rest of the match is its context
            # ("fasting" in "fasting ... doesn't replace any treatment": the negation is on "replace")
            if CLAIM_GROUP in pattern.groupindex and m.start(CLAIM_GROUP) >= 0:
                return m.span(CLAIM_GROUP)
            return m.start(), m.end()
    for pattern in rule.lemmas:
        found = pattern.search(sentence.lemmas)
        if found:
            return sentence.surface(found.start(), found.end())
    return None


def _add_classifier_findings(
    units: Sequence[Unit],
    analysed: Sequence[Sentence],
    ruleset: RuleSet,
    nlp: Analyser,
    source: str,
    per_sentence: list[list[Finding]],
    progress: Progress | None,
    *,
    blocks: bool,
) -> None:
    model = load_classifier()
    warn, block = model.warn[ruleset.language], model.block[ruleset.language]
    read = [i for i, u in enumerate(units) if len(u.text.split()) >= CLASSIFIER_MIN_WORDS]
    vectors = embed_sentences([units[i].text for i in read], progress)
    for i, prediction in zip(read, model.predict(features(vectors, [analysed[i] for i in read]))):
        if prediction.probability < warn or any(f.category == prediction.category for f in per_sentence[i]):
            continue
        category = ruleset.category(prediction.category)
        if category.disclaimed_by and nlp.disclaims(analysed[i], category.disclaimed_by):
            continue  # the meaning is near a promise, the words decline to make it
        per_sentence[i].append(
            _category_finding(
                f"{ruleset.language}.meaning.{category.id}",
                "block" if blocks and prediction.probability >= block else "warn",
                category,
                units[i],
                source,
                "",
                f"{category.reason} ({prediction.probability:.0%})",
            )
        )


def _category_finding(
    rule_id: str, severity: Severity, category: Category, unit: Unit, source: str, match: str, reason: str
) -> Finding:
    """A finding reported under a category of the rules file (identification, the classifier's)."""
    return Finding(
        rule_id,
        severity,
        category.id,
        unit.text,
        unit.start,
        source,
        category.rule,
        category.reference,
        match,
        reason,
        category.fix,
        unit.end,
    )


def _own_names(client: ClientProfile | None) -> set[str]:
    if client is None:
        return set()
    words = re.findall(r"\w+", f"{client.display_name} {client.name}".lower())
    return {w for w in words if len(w) > 2 and w not in _TITLE_WORDS}
