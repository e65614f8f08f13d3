"""Deontology and privacy check: what a doctor may not publish, sentence by sentence.

Rules are data (videokit/seo/rules/LANG.yaml, French code of medical deontology first, English
professional guidance as the equivalent), extended or overridden per client by the YAML file
named in ClientProfile.deontology_rules. Patterns run on lower-case text without accents, so a
rule written once matches "prothèse", "Prothese" and "PROTHÈSE"; rules about names run on the
text as spoken (capitals are what tell a name apart).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from videokit.config import ClientProfile
from videokit.errors import ComplianceBlock, ConfigError
from videokit.seo.text import LANGUAGES, sentences, strip_accents
from videokit.seo.timed import timed_sentences
from videokit.seo.types import Finding, Metadata
from videokit.speech.types import Transcript

_SEVERITIES = ("block", "warn")
_TITLE_WORDS = {"dr", "docteur", "doctor", "pr", "professeur", "professor", "de", "du", "le", "la"}


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str
    category: str
    rule: str
    reference: str
    patterns: tuple[re.Pattern[str], ...]
    case_sensitive: bool = False
    sources: frozenset[str] | None = None
    severity_by_source: dict[str, str] = field(default_factory=dict)

    def severity_for(self, source: str) -> str:
        return self.severity_by_source.get(source, self.severity)


def load_rules(language: str, extra: Path | None = None) -> list[Rule]:
    """The language's rules, with a client's file merged over them (same id replaces, `disable` removes)."""
    if language not in LANGUAGES:
        raise ConfigError(f"no deontology rules for language {language!r} (available: {', '.join(LANGUAGES)})")
    base = resources.files("videokit.seo").joinpath(f"rules/{language}.yaml")
    rules = {r.id: r for r in _parse(base.read_text("utf-8"), str(base), language)}
    if extra is not None:
        path = Path(extra).expanduser()
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise ConfigError(
                f"{path}: cannot read the client's deontology rules ({exc.strerror}); fix deontology_rules in the client profile"
            ) from None
        data = _yaml(text, str(path))
        for rule in _parse(text, str(path), language):
            rules[rule.id] = rule
        for rule_id in data.get("disable") or []:
            rules.pop(str(rule_id), None)
    return list(rules.values())


@lru_cache(maxsize=32)
def _parse(text: str, where: str, language: str) -> tuple[Rule, ...]:
    data = _yaml(text, where)
    out = []
    for i, raw in enumerate(data.get("rules") or []):
        if not isinstance(raw, dict):
            raise ConfigError(f"{where}: rules[{i}] must be a mapping with id, severity, rule, reference, patterns")
        if raw.get("language", language) != language:
            continue
        missing = [k for k in ("id", "severity", "rule", "patterns") if not raw.get(k)]
        if missing:
            raise ConfigError(f"{where}: rule {raw.get('id', f'#{i}')!r} lacks {', '.join(missing)}; add them")
        severities = [raw["severity"], *(raw.get("severity_by_source") or {}).values()]
        if any(s not in _SEVERITIES for s in severities):
            raise ConfigError(f"{where}: rule {raw['id']!r} has a severity other than block or warn; use one of those")
        flags = 0 if raw.get("case_sensitive") else re.IGNORECASE
        try:
            patterns = tuple(re.compile(p, flags) for p in raw["patterns"])
        except re.error as exc:
            raise ConfigError(
                f"{where}: rule {raw['id']!r} has an invalid pattern ({exc}); fix the regular expression"
            ) from None
        out.append(
            Rule(
                id=str(raw["id"]),
                severity=raw["severity"],
                category=str(raw.get("category", "")),
                rule=str(raw["rule"]),
                reference=str(raw.get("reference", "")),
                patterns=patterns,
                case_sensitive=bool(raw.get("case_sensitive")),
                sources=frozenset(raw["sources"]) if raw.get("sources") else None,
                severity_by_source=dict(raw.get("severity_by_source") or {}),
            )
        )
    return tuple(out)


def _yaml(text: str, where: str) -> dict[str, Any]:
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        raise ConfigError(f"{where}: not valid YAML ({str(exc).splitlines()[0]}); fix the syntax") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{where}: expected a mapping with 'rules' (and optionally 'disable')")
    return data


def check_language(language: str | None, client: ClientProfile | None = None) -> str:
    """The rule set to apply: the text's language if we have rules for it, else the client's, else French."""
    for candidate in (language, client.language if client else None):
        if candidate in LANGUAGES:
            return candidate
    return "fr"


def check_text(text: str, language: str, client: ClientProfile | None = None, source: str = "text") -> list[Finding]:
    """Findings in free text (a title, a description, a script), sentence by sentence."""
    language = check_language(language, client)
    rules = load_rules(language, client.deontology_rules if client else None)
    return _check(((s, None) for s in sentences(text)), rules, source, client)


def check_transcript(
    transcript: Transcript, client: ClientProfile | None = None, language: str | None = None
) -> list[Finding]:
    """Findings in what is said, each with the time its sentence starts."""
    language = check_language(language or transcript.language, client)
    rules = load_rules(language, client.deontology_rules if client else None)
    return _check(((s.text, s.start) for s in timed_sentences(transcript)), rules, "transcript", client)


def check_metadata(metadata: Metadata, client: ClientProfile | None = None) -> list[Finding]:
    """Findings in the title, the description and the tags about to be published."""
    findings = check_text(metadata.title, metadata.language, client, source="title")
    findings += check_text(metadata.description, metadata.language, client, source="description")
    findings += check_text(", ".join(metadata.tags), metadata.language, client, source="tags")
    return findings


def blocking(findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if f.blocking]


def raise_if_blocking(findings: Iterable[Finding], where: str) -> None:
    """Stop before upload: ComplianceBlock naming the first blocking sentence and its rule."""
    blocked = blocking(findings)
    if blocked:
        first = blocked[0]
        at = f" at {first.start:.1f} s" if first.start is not None else f" in the {first.source}"
        raise ComplianceBlock(
            f'{where}: {len(blocked)} blocking finding(s); first{at}: "{first.text}" breaks {first.rule_id} '
            f"({first.rule}; {first.reference}); edit it, or override with a recorded reason"
        )


def _check(
    units: Iterable[tuple[str, float | None]], rules: list[Rule], source: str, client: ClientProfile | None
) -> list[Finding]:
    own_names = _own_names(client)
    findings = []
    for sentence, start in units:
        folded = strip_accents(sentence.lower())
        for rule in rules:
            if rule.sources is not None and source not in rule.sources:
                continue
            match = _first_match(rule, sentence, folded, own_names)
            if match is not None:
                findings.append(
                    Finding(
                        rule.id,
                        rule.severity_for(source),
                        rule.category,
                        sentence,
                        start,
                        source,
                        rule.rule,
                        rule.reference,
                        match,
                    )
                )
    return findings


def _first_match(rule: Rule, sentence: str, folded: str, own_names: set[str]) -> str | None:
    subject = sentence if rule.case_sensitive else folded
    for pattern in rule.patterns:
        for m in pattern.finditer(subject):
            # the practitioner naming themself ("Docteur Martin", "Madame Martin") is not a patient's name
            if rule.case_sensitive and own_names & {w.lower() for w in re.findall(r"\w+", m.group())}:
                continue
            return sentence[m.start() : m.end()] if len(sentence) == len(folded) else m.group()
    return None


def _own_names(client: ClientProfile | None) -> set[str]:
    if client is None:
        return set()
    words = re.findall(r"\w+", f"{client.display_name} {client.name}".lower())
    return {w for w in words if len(w) > 2 and w not in _TITLE_WORDS}
