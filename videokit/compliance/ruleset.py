"""Rules as data: per language (videokit/compliance/rules/LANG.yaml), extended per client.

A rules file holds three things. `categories`: what each kind of breach is, in words, with its legal
source, a plain-words reason and the fix; the classifier and the identification check report under
these. `cues`: extra words for the negation, hypothesis and reported-speech qualifiers (edsnlp's
French lists are the base; English has its own), and `own`: the speaker attributing a claim to
themself ("selon moi", "in my opinion"), which never makes it someone else's; `denied`: cues after
which a whole clause is denied ("aucune étude n'a montré que", "there is no evidence that"), and
`refuted`: cues that deny what was said before them ("... : c'est faux", "...; it doesn't");
for the dependency parse (language.Analyser.governed), `negators` (words that negate the predicate
they depend on or the noun they determine), `claim_verbs` and `claimants` (a claim whose verb has
one of them for subject is someone else's), `paralipsis` and `modals` ("I'm not saying..." still
says it, "I can't say..." does not), and `referral` (one viewer sent to their own doctor: "parle-en
à ton généraliste" is the answer a council expects, no personal advice); and for a category's
`disclaimed_by` verbs (the speaker declining to promise: "je ne peux rien vous garantir"),
`negative_pronouns` ("rien", "personne", "nothing") that negate them as negators do, and `contrast`
words ("mais", "but") after which the sentence may make the claim anyway. `rules`: patterns, each a regular expression on the
sentence in lower case without accents (`patterns`) or on its lemmas (`lemmas`: "je vous garantis"
reads "je vous garantir"; a pattern's `(?P<claim>...)` group, when present, is the part the qualifiers
read, the rest being context: "fasting ... (?P<claim>cures)"), suppressed when the words are negated, hypothetical or attributed to
someone else (`unless`, by default all three), and with `speaker: true` only in a sentence where the
speaker talks of themself ("our patient reviews", not "patient reviews are not evidence"), and
silent in a sentence that also matches one of `not_with` (the context that makes the words
teaching: a fee with its reimbursement, a cure by chemotherapy). A client's file (ClientProfile.deontology_rules) adds rules, replaces one by id, adds cues, or removes
rules (`disable`); the rules a minor's identification triggers cannot be disabled.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from videokit import yamlfile
from videokit.errors import ConfigError
from videokit.seo.text import strip_accents
from videokit.seo.types import Severity

LANGUAGES = ("fr", "en")
SEVERITIES = ("block", "warn")
QUALIFIERS = ("negation", "hypothesis", "reported")
CUE_KINDS = (
    "negation",
    "hypothesis",
    "reported",
    "own",
    "denied",
    "refuted",
    "negators",
    "claim_verbs",
    "claimants",
    "paralipsis",
    "modals",
    "referral",
    "negative_pronouns",
    "contrast",
)
_UNDISABLEABLE = {"fr.identification.minor", "en.identification.minor"}
# a pattern's named group: the words the qualifiers read when the rest of the match is only the context that makes
# them a claim ("fasting ... (?P<claim>cures)"), so a negation between the two is read on the claim
CLAIM_GROUP = "claim"


@dataclass(frozen=True)
class Category:
    id: str
    label: str  # in the rules' language, for people
    rule: str  # what is forbidden, in words
    reference: str  # the legal or professional source
    reason: str  # why it matters, in plain words
    fix: str  # what to do
    # lemmas of the verbs that, negated in the speaker's mouth, deny the category ("I can't promise")
    disclaimed_by: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    category: str  # a Category id, or free text in older client files
    rule: str
    reference: str
    reason: str
    fix: str
    patterns: tuple[re.Pattern[str], ...] = ()
    lemmas: tuple[re.Pattern[str], ...] = ()
    case_sensitive: bool = False
    unless: frozenset[str] = frozenset(QUALIFIERS)
    sources: frozenset[str] | None = None
    severity_by_source: dict[str, Severity] = field(default_factory=dict)
    # only when the speaker talks of themself or shows something (Sentence.speaker): the words alone are also general teaching
    speaker: bool = False
    # silent in a sentence that also matches one of these (folded text): the context that makes the
    # same words ordinary teaching ("30 euros, remboursés à 70 % par l'Assurance maladie")
    not_with: tuple[re.Pattern[str], ...] = ()

    def severity_for(self, source: str) -> Severity:
        return self.severity_by_source.get(source, self.severity)


@dataclass(frozen=True)
class RuleSet:
    language: str
    categories: dict[str, Category]
    rules: tuple[Rule, ...]
    cues: dict[str, tuple[str, ...]]  # "negation" | "hypothesis" | "reported" -> extra preceding cues
    qualifiers: tuple[str, ...] = ()  # reservations a Short's cut must not drop ("chez certains patients")

    def category(self, category_id: str) -> Category:
        return self.categories[category_id]


def load_ruleset(language: str, extra: Path | None = None) -> RuleSet:
    """The language's rules, with a client's file merged over them (same id replaces, `disable` removes)."""
    if language not in LANGUAGES:
        raise ConfigError(f"no compliance rules for language {language!r} (available: {', '.join(LANGUAGES)})")
    base = resources.files("videokit.compliance").joinpath(f"rules/{language}.yaml")
    own = _parse(base.read_text("utf-8"), str(base), language, ())
    merged = {r.id: r for r in own.rules}
    cue_lists = {k: list(v) for k, v in own.cues.items()}
    qualifiers = list(own.qualifiers)
    if extra is not None:
        path = Path(extra).expanduser()
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise ConfigError(
                f"{path}: cannot read the client's deontology rules ({exc.strerror}); fix deontology_rules in the client profile"
            ) from None
        client = _parse(text, str(path), language, tuple(own.categories.values()))
        merged.update({r.id: r for r in client.rules})
        for kind, words in client.cues.items():
            cue_lists.setdefault(kind, []).extend(words)
        for rule_id in client.disable:
            if rule_id in _UNDISABLEABLE:
                raise ConfigError(
                    f"{path}: rule {rule_id!r} cannot be disabled (a minor's identification always blocks); remove it from disable"
                )
            merged.pop(rule_id, None)
        qualifiers += client.qualifiers
    return RuleSet(
        language,
        dict(own.categories),
        tuple(merged.values()),
        {k: tuple(v) for k, v in cue_lists.items()},
        tuple(qualifiers),
    )


@dataclass(frozen=True)
class _File:
    """One rules file, parsed and validated (cached by its text: the check loads the rules on every call)."""

    categories: dict[str, Category]
    rules: tuple[Rule, ...]
    cues: dict[str, tuple[str, ...]]
    qualifiers: tuple[str, ...]
    disable: tuple[str, ...]


@lru_cache(maxsize=32)
def _parse(text: str, where: str, language: str, inherited: tuple[Category, ...]) -> _File:
    data = _yaml(text, where)
    categories = {}
    for cid, raw in (data.get("categories") or {}).items():
        missing = [k for k in ("label", "rule", "reference", "reason", "fix") if not (raw or {}).get(k)]
        if missing:
            raise ConfigError(f"{where}: category {cid!r} lacks {', '.join(missing)}; add them")
        disclaimed_by = raw.get("disclaimed_by", [])
        if not isinstance(disclaimed_by, list):
            raise ConfigError(f"{where}: category {cid!r}: disclaimed_by must be a list of verbs' lemmas")
        categories[str(cid)] = Category(
            str(cid),
            **{k: str(raw[k]) for k in ("label", "rule", "reference", "reason", "fix")},
            disclaimed_by=frozenset(strip_accents(str(w).lower()) for w in disclaimed_by),
        )
    every_category = {**{c.id: c for c in inherited}, **categories}
    cues = {}
    for kind, words in (data.get("cues") or {}).items():
        if kind not in CUE_KINDS or not isinstance(words, list):
            raise ConfigError(f"{where}: cues.{kind} must be a list under one of {', '.join(CUE_KINDS)}")
        cues[kind] = tuple(str(w) for w in words)
    rules = []
    for i, raw in enumerate(data.get("rules") or []):
        if not isinstance(raw, dict):
            raise ConfigError(f"{where}: rules[{i}] must be a mapping with id, severity, category, patterns")
        if raw.get("language", language) != language:
            continue
        rules.append(_rule(raw, i, where, every_category))
    return _File(
        categories,
        tuple(rules),
        cues,
        tuple(str(q) for q in data.get("qualifiers") or []),
        tuple(str(r) for r in data.get("disable") or []),
    )


def _rule(raw: dict[str, Any], i: int, where: str, categories: dict[str, Category]) -> Rule:
    rid = raw.get("id", f"#{i}")
    known_category = raw.get("category") in categories
    required = ("id", "severity") if known_category else ("id", "severity", "rule")
    missing = [k for k in required if not raw.get(k)]
    if not raw.get("patterns") and not raw.get("lemmas"):
        missing.append("patterns")
    if missing:
        raise ConfigError(f"{where}: rule {rid!r} lacks {', '.join(missing)}; add them")
    severities = [raw["severity"], *(raw.get("severity_by_source") or {}).values()]
    if any(s not in SEVERITIES for s in severities):
        raise ConfigError(f"{where}: rule {rid!r} has a severity other than block or warn; use one of those")
    unless = raw.get("unless", list(QUALIFIERS))
    if not isinstance(unless, list) or any(u not in QUALIFIERS for u in unless):
        raise ConfigError(f"{where}: rule {rid!r}: unless must list some of {', '.join(QUALIFIERS)}")
    flags = 0 if raw.get("case_sensitive") else re.IGNORECASE
    try:
        patterns = tuple(re.compile(p, flags) for p in raw.get("patterns") or [])
        lemmas = tuple(re.compile(p, re.IGNORECASE) for p in raw.get("lemmas") or [])
        not_with = tuple(re.compile(p, re.IGNORECASE) for p in raw.get("not_with") or [])
    except re.error as exc:
        raise ConfigError(f"{where}: rule {rid!r} has an invalid pattern ({exc}); fix the regular expression") from None
    base = categories.get(raw.get("category", ""))
    return Rule(
        id=str(rid),
        severity=raw["severity"],
        category=str(raw.get("category", "")),
        rule=str(raw.get("rule") or (base.rule if base else "")),
        reference=str(raw.get("reference") or (base.reference if base else "")),
        reason=str(raw.get("reason") or (base.reason if base else "")),
        fix=str(raw.get("fix") or (base.fix if base else "")),
        patterns=patterns,
        lemmas=lemmas,
        case_sensitive=bool(raw.get("case_sensitive")),
        unless=frozenset(unless),
        sources=frozenset(raw["sources"]) if raw.get("sources") else None,
        severity_by_source=dict(raw.get("severity_by_source") or {}),
        speaker=bool(raw.get("speaker")),
        not_with=not_with,
    )


def _yaml(text: str, where: str) -> dict[str, Any]:
    data = yamlfile.parse(text, where)[0] or {}
    if not isinstance(data, dict):
        raise ConfigError(f"{where}: expected a mapping with 'rules' (and optionally 'categories', 'cues', 'disable')")
    return data
