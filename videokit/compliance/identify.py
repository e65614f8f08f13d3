"""Identifiable patients in speech: a story that names a patient, or gives enough details (age,
school, town, employer, dates of care) to recognise them. A minor with any two is always blocking.

Details of one story often span several sentences ("Je pense au petit Lucas. Il a huit ans, il est
en CE2 à l'école Jean-Jaurès de Roubaix."), so they are counted over a window of consecutive
sentences. spaCy's entities give person and place names; the other details are patterns. The
practitioner's own name and colleagues introduced with their title are not patients; a generic
"l'école" or "un enfant de huit ans" (teaching) is not identifying, a named school or town is.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from videokit.compliance.language import Sentence
from videokit.seo.text import strip_accents
from videokit.seo.types import Severity

WINDOW = 3  # sentences of one story

_NUMBER_WORDS = {
    "fr": "un une deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize dix-sept".split(),
    "en": "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen".split(),
}
_NUMBER_WORDS["fr"].remove("une")  # "un" and "une" both mean 1
_PATTERNS = {
    "fr": {
        "age": r"\b(\d{1,3}|[a-z-]+) (ans|mois)\b",
        # a named school (capital letter: "l'école Jean-Jaurès", not "à l'école"), or a class
        "school": r"\b(?i:ecole|college|lycee|maternelle|creche|conservatoire|universite)( (?i:de la|du|des|de))? [A-Z]|\b(?i:en|au|de) (?i:cp|ce1|ce2|cm1|cm2|sixieme|cinquieme|maternelle)\b",
        "employer": r"\b(travaille|employee?|caissiere|caissier|chauffeur|professeure?|infirmiere|infirmier|gerante?|maire|boulanger|boulangere|vendeuse|vendeur|ouvriere?|secretaire|directrice|directeur)\b[^.]{0,30}\b(a la|au|chez|de la|du|de l'|a l'|dans)\b",
        "date": r"\b(le \d{1,2}|le premier|le 1er|en|depuis|debut|fin|mi-) ?(janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre)\b",
        "minor": r"\b(petite?|enfant|gamine?|bebe|nourrisson|ado|adolescente?|fils|fille|eleve|garcon|fillette|collegienne?|lyceenne?)\b",
        "care": r"\b(patiente?s?|soigne|soignee|opere|operee|hospitalisee?|suivie?|recu|recue|vu|vue|consulte|platre|urgences|crise|maladie|asthme|scoliose|diabete|epilepsie|anorexie|appendicite|bronchiolite|depression|burn-out|cancer|fausse couche|alzheimer|sclerose|angoisse|tentative de suicide|infarctus|apnee|otites?|angines?|varicelle|rougeole|bronchites?|pneumonie|grippe|gastro|fievre|allergies?|eczema|fractures?|entorses?|venue? me voir|est venue?|est arrivee?|souffre)\b",
        "title": r"\b(docteure?|dr|pr|professeure?|confrere|consoeur|collegue)\b\.?\s*$",
    },
    "en": {
        "age": r"\b(\d{1,3}|[a-z-]+)[- ](years?|months?)[- ]old\b|\b(aged|age) \d{1,3}\b|, (\d{1,2}|[a-z-]+),",
        "school": r"\b[A-Z]\w+('s)? (?i:school|academy|college|primary|nursery)\b|\b(?i:the) [A-Z]\w+ (?i:ballet |high |grammar )?(?i:school|academy)\b|\b(?i:year) (?i:one|two|three|four|five|six|\d)\b",
        "employer": r"\b(works|cashier|driver|teacher|nurse|manager|mayor|baker|shop assistant|secretary|director)\b[^.]{0,30}\b(at|for|in)\b",
        "date": r"\b(on the \w+ of|in) (january|february|march|april|may|june|july|august|september|october|november|december)\b|\b(yesterday|last week|this morning)\b",
        "minor": r"\b(little|child|kid|baby|toddler|teenager|teen|son|daughter|boy|girl|pupil|schoolgirl|schoolboy)\b|\b\w+-year-old\b",
        "care": r"\b(patients?|treated|operated|admitted|diagnosed|saw|seen|casts?|a&e|attack|asthma|scoliosis|diabetes|epilepsy|anorexia|appendicitis|bronchiolitis|depression|burnout|cancer|miscarriage|alzheimer's|ear infections?|tonsillitis|chickenpox|measles|bronchitis|pneumonia|flu|fever|allerg(y|ies)|eczema|fractures?|sprains?|came to see me|came into|suffers?|has had|mri)\b",
        "title": r"\b(dr|doctor|professor|prof|colleague)\b\.?\s*$",
    },
}
_EPONYMS = {
    "alzheimer",
    "parkinson",
    "crohn",
    "gilbert",
    "covid",
    "lyme",
    "reye",
    "hodgkin",
    "basedow",
    "raynaud",
    "ritaline",
    "doliprane",
    "levothyrox",
}


@dataclass(frozen=True)
class Identification:
    index: int  # the sentence where the story became identifying
    severity: Severity
    details: tuple[str, ...]  # kinds of detail found: name, age, school, town, employer, date
    minor: bool
    match: str  # the words that identify


def identifications(
    sentences: Sequence[Sentence], language: str, own_names: set[str], window: int = WINDOW
) -> list[Identification]:
    patterns = {k: re.compile(v, 0 if k == "school" else re.IGNORECASE) for k, v in _PATTERNS[language].items()}
    per_sentence = [_details(s, language, patterns, own_names) for s in sentences]
    found: list[Identification] = []
    last = -window
    for i in range(len(sentences)):
        story = range(max(0, i - window + 1), i + 1)
        details: dict[str, str] = {}
        for j in story:
            for kind, words in per_sentence[j][0].items():
                details.setdefault(kind, words)
        minor = any(per_sentence[j][1] for j in story)
        care = any(per_sentence[j][2] for j in story)
        severity = _severity(details, minor, care)
        if severity and i - last >= window:
            found.append(Identification(i, severity, tuple(sorted(details)), minor, "; ".join(details.values())))
            last = i
    return found


def _severity(details: dict[str, str], minor: bool, care: bool) -> Severity | None:
    if not care:
        return None
    if minor and len(details) >= 2:
        return "block"  # always: a child identified in a doctor's video
    if ("name" in details and len(details) >= 2) or len(details) >= 3:
        return "block"
    return "warn" if len(details) == 2 and "age" in details else None


def _details(
    sentence: Sentence, language: str, patterns: dict[str, re.Pattern[str]], own_names: set[str]
) -> tuple[dict[str, str], bool, bool]:
    text, folded = sentence.text, sentence.folded
    details: dict[str, str] = {}
    for ent in sentence.doc.ents:
        words = {w.lower() for w in re.findall(r"\w+", ent.text)}
        if words & own_names or words & _EPONYMS:
            continue
        if ent.label_ in ("PER", "PERSON") and not patterns["title"].search(text[: ent.start_char]):
            details.setdefault("name", ent.text)
        elif ent.label_ in ("LOC", "GPE") and ent.text.lower() not in (
            "france",
            "europe",
            "uk",
            "england",
            "london",
            "paris",
        ):
            details.setdefault("town", ent.text)
    age = patterns["age"].search(folded)
    minor = bool(patterns["minor"].search(folded))
    if age:
        details["age"] = text[age.start() : age.end()]
        minor = minor or _age(age.group(0), language) < 18
    for kind in ("school", "employer", "date"):
        # schools need their capitals (a named school); folding keeps the text's length
        m = patterns[kind].search(strip_accents(text) if kind == "school" else folded)
        if m:
            details[kind] = text[m.start() : m.end()]
    minor = minor or "school" in details
    return details, minor, bool(patterns["care"].search(folded))


def _age(words: str, language: str) -> int:
    """Years in an age phrase ("8 ans", "huit ans", "eleven months old" = 0); 99 when unknown."""
    if "mois" in words or "month" in words:
        return 0
    number = re.search(r"\d+", words)
    if number:
        return int(number.group(0))
    for i, word in enumerate(_NUMBER_WORDS[language], start=1):
        if re.search(rf"\b{word}\b", words):
            return i
    return 99
