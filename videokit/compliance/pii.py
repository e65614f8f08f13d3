"""Structured identifiers of a person in a text: names, dates of birth, French social security
numbers (NIR), phone numbers, e-mail addresses and postal addresses.

Used on text read from the picture (prescriptions, screens, X-ray labels, appointment lists) and
on what is said. Each rule prefers a library made for the identifier: python-stdnum checks the
NIR's key, Google's phonenumbers (the library Presidio's phone recognizer wraps) finds phone
numbers, the spaCy pipelines of videokit.nlp find person names. Dates count only with a birth
cue ("né le", "DOB", ...) or beside a name, and phone numbers only as written (leading 0, +, or
separators), so appointment times, prices and codes are not reported.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Literal

PiiKind = Literal["nir", "birth_date", "phone", "email", "address", "name"]
KINDS: tuple[PiiKind, ...] = ("nir", "email", "phone", "birth_date", "address", "name")  # priority when matches overlap


@dataclass(frozen=True)
class PiiMatch:
    kind: PiiKind
    text: str  # the characters as they appear in the text
    start: int  # offsets in the text given to find_pii
    end: int
    reason: str  # in plain words, for the reviewer
    # "high": the text says what it is (a title, a label, a check digit, a phone or address format);
    # "low": only the language model thinks so (a name in running text: a colleague, a scientist)
    confidence: Literal["high", "low"] = "high"


def find_pii(text: str, language: str, *, exclude_names: Iterable[str] = ()) -> list[PiiMatch]:
    """Every identifier in `text` ("fr" or "en" decides the phone region and the name model),
    in text order; where two overlap the more specific wins (a NIR is not also a phone number).
    `exclude_names` are people who may be named (the practitioner)."""
    excluded = {_fold(n) for name in exclude_names for n in name.split() if len(n) > 1}
    found: list[PiiMatch] = [*_nirs(text), *_emails(text), *_phones(text, language), *_addresses(text)]
    names = [m for m in _names(text, language) if not _is_excluded(m.text, excluded)]
    found += _birth_dates(text, names)
    found += names
    return _resolve(found)


# --- NIR (numéro d'inscription au répertoire, "numéro de sécurité sociale") -----------------------
# 15 characters: sex, year, month, department (2A/2B in Corsica), commune, order, 2-digit key;
# OCR and people space the groups anyhow, so any single space, dot or dash may separate characters.
_SEP = r"[ .\-]?"
_NIR = re.compile(
    rf"(?<![\w])[1-478](?:{_SEP}\d){{4}}{_SEP}(?:\d{_SEP}\d|2{_SEP}[AB])(?:{_SEP}\d){{6}}(?:{_SEP}\d{_SEP}\d)?(?![\w])"
)
_NIR_CUE = re.compile(
    r"(s[ée]cu|s[ée]curit[ée] sociale|\bnir\b|\bn°?\s*ss\b|\bss\s*n|insee|immatriculation|social security|assur[ée])",
    re.I,
)


def _nirs(text: str) -> list[PiiMatch]:
    from stdnum.fr import nir

    out = []
    for m in _NIR.finditer(text):
        compact = re.sub(r"[ .\-]", "", m.group()).upper()
        if len(compact) == 15 and nir.is_valid(compact) and _nir_shape(compact):
            out.append(
                PiiMatch("nir", m.group(), m.start(), m.end(), "a French social security number (NIR) whose key checks")
            )
        elif (
            len(compact) in (13, 15)
            and _nir_shape(compact)
            and _NIR_CUE.search(text[max(0, m.start() - 40) : m.start()])
        ):
            # labelled as one: a misread digit or a missing key does not make it less identifying
            out.append(
                PiiMatch("nir", m.group(), m.start(), m.end(), "a French social security number (labelled as one)")
            )
    return out


def _nir_shape(compact: str) -> bool:
    month = compact[3:5]
    return (
        compact[0] in "12378"
        and month.isdigit()
        and (1 <= int(month) <= 12 or 20 <= int(month) <= 42 or 50 <= int(month) <= 99)
    )


# --- e-mail and phone ----------------------------------------------------------------------------
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?![\w])")
_PHONE_REGIONS = {"fr": ("FR",), "en": ("GB", "US")}


def _emails(text: str) -> list[PiiMatch]:
    return [PiiMatch("email", m.group(), m.start(), m.end(), "an e-mail address") for m in _EMAIL.finditer(text)]


def _phones(text: str, language: str) -> list[PiiMatch]:
    import phonenumbers

    out: dict[tuple[int, int], PiiMatch] = {}
    for region in _PHONE_REGIONS.get(language, ("FR",)):
        for m in phonenumbers.PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.VALID):
            raw = m.raw_string
            # as people write phone numbers: national 0..., international +/00..., or grouped with separators
            if raw[0] in "0+(" or re.search(r"\d[ .\-]\d", raw):
                out[(m.start, m.end)] = PiiMatch("phone", raw, m.start, m.end, "a phone number")
    return list(out.values())


# --- dates of birth ------------------------------------------------------------------------------
_MONTHS = (
    "janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[uû]t|septembre|octobre|novembre|d[ée]cembre|janv|f[ée]vr?|avr|juil|sept|oct|nov|d[ée]c"
    "|january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep"
)
_DATE = re.compile(
    rf"(?<![\w/.-])(?:\d{{1,2}}[/.-]\d{{1,2}}[/.-](?:\d{{4}}|\d{{2}})|\d{{4}}-\d{{2}}-\d{{2}}"
    rf"|(?:\d{{1,2}}|1er)(?:st|nd|rd|th)?\s+(?:{_MONTHS})\.?\s+\d{{4}}|(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}})(?![\w/])",
    re.I,
)
_BIRTH_CUE = re.compile(r"(\bn[ée]e?\b|\bn[ée]\(e\)|naissance|\bddn\b|\bborn\b|birth|\bd\.?o\.?b\b)", re.I)
_YEAR = re.compile(r"(\d{4})|(?<=[/.-])(\d{2})$")


def _birth_dates(text: str, names: list[PiiMatch]) -> list[PiiMatch]:
    out = []
    for m in _DATE.finditer(text):
        before = text[max(0, m.start() - 40) : m.start()]
        line_start, line_end = text.rfind("\n", 0, m.start()) + 1, _line_end(text, m.end())
        if _BIRTH_CUE.search(before.split("\n")[-1]) or _BIRTH_CUE.search(before[-20:]):
            out.append(PiiMatch("birth_date", m.group(), m.start(), m.end(), "a date of birth"))
        elif any(line_start <= n.start < line_end for n in names) and _past_year(m.group()):
            out.append(
                PiiMatch(
                    "birth_date",
                    m.group(),
                    m.start(),
                    m.end(),
                    "a date beside a person's name (likely a date of birth)",
                )
            )
    return out


def _past_year(text: str) -> bool:
    """A year at least two years back: appointment dates next to a name are recent or to come."""
    found = _YEAR.search(text)
    if not found:
        return False
    year = int(found.group(1) or found.group(2))
    if year < 100:
        year += 1900 if year > date.today().year % 100 else 2000
    return 1900 <= year <= date.today().year - 2


def _line_end(text: str, at: int) -> int:
    end = text.find("\n", at)
    return len(text) if end < 0 else end


# --- postal addresses ----------------------------------------------------------------------------
_STREET_FR = (
    r"rue|avenue|av\.|bd|boulevard|place|pl\.|chemin|all[ée]e|impasse|route|quai|cours|square|r[ée]sidence|lotissement|voie|passage"
    r"|sentier|faubourg|rond-point|cit[ée]|hameau|lieu-dit|parvis|promenade|esplanade"
)
_STREET_EN = r"street|st\.?|road|rd\.?|avenue|ave\.?|lane|ln\.?|drive|close|way|court|ct\.?|boulevard|blvd\.?|terrace|crescent|square|gardens|grove"
_ADDRESS = re.compile(
    rf"(?<![\w])\d{{1,4}}(?:\s?(?:bis|ter))?,?\s+(?:(?:{_STREET_FR})\s+[^\n,;]{{2,50}}?|(?:[A-Z][\w'’-]*\s+){{1,4}}(?:{_STREET_EN}))"
    rf"(?:(?=\s*[,\n]?\s*\d{{5}}\s)|(?=[\n,;]|\.\s|\.?$))"
    rf"(?:\s*[,\n]?\s*(?:F-)?\d{{5}}\s+[A-ZÀ-Þ][\w'’ -]{{1,30}}|\s*,?\s*[A-Z]{{1,2}}\d[A-Z\d]?\s*\d[A-Z]{{2}}\b)?",
    re.I,
)
_UK_POSTCODE = re.compile(r"(?<![\w])[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}(?![\w])")


def _addresses(text: str) -> list[PiiMatch]:
    out = [
        PiiMatch("address", m.group().strip(), m.start(), m.start() + len(m.group().rstrip()), "a postal address")
        for m in _ADDRESS.finditer(text)
    ]
    out += [
        PiiMatch("address", m.group(), m.start(), m.end(), "a postcode (it narrows a person down to a few homes)")
        for m in _UK_POSTCODE.finditer(text)
    ]
    return out


# --- person names --------------------------------------------------------------------------------
_NAME_WORD = r"[A-ZÀ-Þ][A-Za-zÀ-ÿ'’-]+"
_NAME = rf"{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,2}}"
_TITLED = re.compile(
    rf"\b(?:M\.|MM\.|Mme|Mmes|Mlle|Monsieur|Madame|Mademoiselle|Mr\.?|Mrs\.?|Ms\.?|Miss)[ \t]+({_NAME})"
)
_LABELLED = re.compile(
    rf"\b(?:[Pp]atient(?:e)?|[Nn]om(?: de naissance| d'usage)?|[Pp]r[ée]nom|[Nn]ame|[Ss]urname|[Ff]irst name|[Aa]ssur[ée]e?|[Bb][ée]n[ée]ficiaire)"
    rf"[ \t]*[:\-]?[ \t]+({_NAME})"
)
_DICOM = re.compile(r"(?<![\w^])[A-Z][A-Z'-]+\^[A-Z][A-Z'-]+(?:\^[A-Z'-]+)*")
_APPOINTMENT = re.compile(
    rf"^[ \t]*\d{{1,2}}[h:.]\d{{2}}[ \t]+((?:{_NAME_WORD}|[A-Z]{{2,}})(?:[ \t]+(?:{_NAME_WORD}|[A-Z]{{2,}})){{1,2}})",
    re.M,
)
_PRACTITIONER_TITLE = re.compile(r"\b(?:dr|docteur|doctor|pr|prof|professeur|professor)\.?\s*$", re.I)


def _names(text: str, language: str) -> list[PiiMatch]:
    out = []
    for pattern, reason in ((_TITLED, "a person's name (after a title)"), (_LABELLED, "a person's name (labelled as one)"),
                            (_APPOINTMENT, "a name on an appointment list")):  # fmt: skip
        out += [PiiMatch("name", m.group(1), m.start(1), m.end(1), reason) for m in pattern.finditer(text)]
    out += [
        PiiMatch("name", m.group(), m.start(), m.end(), "a patient's name as written on medical images")
        for m in _DICOM.finditer(text)
    ]
    out += _model_names(text, language)
    # a practitioner's name is public: "Dr Martin" is not a patient
    return [m for m in out if not _PRACTITIONER_TITLE.search(text[max(0, m.start - 12) : m.start])]


def _model_names(text: str, language: str) -> list[PiiMatch]:
    """Person entities from the spaCy pipeline, kept when they look like a full name."""
    lines = text.splitlines()
    # a full name holds two capitalised words in a row: without them on any line, nothing the model
    # finds could be kept, so it is not loaded (9 CPU-s of a talking head's on-screen check)
    if not any(_full_name(f"{a} {b}") for line in lines for a, b in itertools.pairwise(_LETTERS.findall(line))):
        return []
    from videokit.nlp import pipeline

    doc = pipeline(language if language in ("fr", "en") else "fr")(text)
    return [
        PiiMatch("name", ent.text, ent.start_char, ent.end_char, "a person's name", "low")
        for ent in doc.ents
        if ent.label_ in ("PER", "PERSON") and _full_name(ent.text)
    ]


_LETTERS = re.compile(r"[^\W\d_]+")


def _full_name(text: str) -> bool:
    """Two words or more on one line, each starting with a capital ("Sophie Durand", "J. Martin")."""
    found = _LETTERS.findall(text)
    return len(found) >= 2 and "\n" not in text and all(w[0].isupper() for w in found)


def _is_excluded(name: str, excluded: set[str]) -> bool:
    words = {_fold(w) for w in re.split(r"[\s^]+", name) if len(w) > 1}
    return bool(excluded) and words <= excluded


def _fold(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", word.casefold()) if not unicodedata.combining(c))


def _resolve(found: list[PiiMatch]) -> list[PiiMatch]:
    """Drop a match overlapping a more specific or surer one (and duplicates), then sort by position."""
    kept: list[PiiMatch] = []
    for match in sorted(
        found, key=lambda m: (KINDS.index(m.kind), m.confidence != "high", m.start, -(m.end - m.start))
    ):
        if not any(match.start < k.end and k.start < match.end for k in kept):
            kept.append(match)
    return sorted(kept, key=lambda m: m.start)
