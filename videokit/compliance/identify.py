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
from videokit.nlp import person_noun
from videokit.seo.text import strip_accents
from videokit.seo.types import Severity

WINDOW = 3  # sentences of one story

# Ages said in words ("huit ans", "dix-sept ans", "quarante-deux ans", "vingt et un ans"): the
# numbers to nineteen by value, then the tens, which make an adult whatever follows them.
_NUMBER_WORDS = {
    "fr": "un deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize dix-sept dix-huit "
    "dix-neuf".split(),
    "en": "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen "
    "eighteen nineteen".split(),
}
_TENS = {
    "fr": "vingt trente quarante cinquante soixante quatre-vingts quatre-vingt cent".split(),
    "en": "twenty thirty forty fifty sixty seventy eighty ninety hundred".split(),
}


def _either(words: list[str]) -> str:
    """A regex alternation, longest first: "dix-sept" before "dix"."""
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


_UNITS = {"fr": _either([*_NUMBER_WORDS["fr"], "une"]), "en": _either(_NUMBER_WORDS["en"])}
_TENS_EITHER = {language: _either(tens) for language, tens in _TENS.items()}
_SPELLED = {
    language: rf"(?:(?:{_TENS_EITHER[language]})(?:[- ](?:et[- ])?(?:{_UNITS[language]}))?|{_UNITS[language]})"
    for language in ("fr", "en")
}
_PATTERNS = {
    "fr": {
        "age": rf"\b(\d{{1,3}}|{_SPELLED['fr']}) (ans|mois)\b",
        # a named school (capital letter: "l'école Jean-Jaurès", not "à l'école"), or a class
        "school": r"\b(?i:ecole|college|lycee|maternelle|creche|conservatoire|universite)( (?i:de la|du|des|de))? [A-Z]",
        "grade": r"\b(en|au|de) (cp|ce1|ce2|cm1|cm2|sixieme|cinquieme|quatrieme|troisieme|seconde|maternelle)\b",
        "employer": r"\b(travaille|employee?|caissiere|caissier|chauffeur|professeure?|infirmiere|infirmier|gerante?|maire|boulanger|boulangere|vendeuse|vendeur|ouvriere?|secretaire|directrice|directeur)\b[^.]{0,30}\b(a la|au|chez|de la|du|de l'|a l'|dans)\b",
        "date": r"\b(le \d{1,2}|le premier|le 1er|en|depuis|debut|fin|mi-) ?(janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre)\b|\b(hier|avant-hier|ce matin|la semaine derniere|le mois dernier|l'an dernier|l'annee derniere)\b",
        "minor": r"\b(enfant|gamine?|bebe|nourrisson|ado|adolescente?|eleve|garcon|fillette|collegienne?|lyceenne?)\b",
        # a son or a daughter is a child unless the sentence gives an adult's age: "mon fils de 30 ans"
        "kin": r"\b(fils|fille)\b",
        "care": r"\b(patiente?s?|soigne|soignee|opere|operee|hospitalisee?|suivie?|recu|recue|vu|vue|consulte|platre|urgences|crise|maladie|asthme|scoliose|diabete|epilepsie|anorexie|appendicite|bronchiolite|depression|burn-out|cancer|fausse couche|alzheimer|sclerose|angoisse|tentative de suicide|infarctus|arret cardiaque|avc|malaise|enceinte|accouche|accouchee|apnee|meningite|ligaments?|casse le bras|cassee? la jambe|otites?|angines?|varicelle|rougeole|bronchites?|pneumonie|grippe|gastro|fievre|allergies?|eczema|fractures?|entorses?|venue? me voir|est venue?|est arrivee?|souffre|je (le|la|les) suis|je (le|la|les) soigne|on lui a trouve|va (beaucoup |bien )?mieux)\b",
        "title": r"\b(docteure?|dr|pr|professeure?|confrere|consoeur|collegue)\b\.?\s*$",
        # a role only one person holds in a community: "le maire de notre village", "la boulangère de la
        # rue Victor-Hugo", "le gardien de but du club de foot de la ville"
        "role": r"\b(le|la|du|de la|notre)\s+(maire|boulanger|boulangere|pharmacien|pharmacienne|gardien de but|capitaine|numero \d+|president|presidente|directeur|directrice|cure|instituteur|institutrice|maitresse|patron|patronne|proprietaire|facteur|factrice|garagiste|notaire|boucher|bouchere|fleuriste|buraliste|entraineur|entraineuse)\b[^.;]{0,40}?\b(de (la |notre |l')?(ville|village|commune|rue|place|ecole|equipe|club)|du (village|club|marche|bourg|lycee|college)|de (?-i:[A-Z]))",
        # care given to that one person: what turns a role in the story into a patient
        "treated": r"\b(je (le|la|l') ?(ai )?(suis|soigne|traite|opere|vu)e?|j'ai (opere|soigne|traite|suivi)e?|que j'ai vue?|l'ai (opere|soigne|suivi|vu)e?|est venue? me voir|on lui a trouve|(va|allait) (beaucoup |bien |deja )?mieux|rejoue)\b",
        "fiction": r"\b(appelons-(le|la)|pas son vrai nom|(prenoms?|noms?|details) (ont ete |a ete |sont )?(changes?|modifies?)|cas fictif|fictive?s?|imaginons|invente)\b",
        # a public figure's illness as the news told it: a reader's warning, not a breach of secrecy.
        # Fame, not a trade: "le cycliste renversé devant le cabinet" is anyone
        "public": r"\b(celebre|star|vedette|l'actualite|dans (la presse|les medias|les journaux)|a annonce publiquement|l'ancienne? (champion(ne)?|ministre|president(e)?|premiere? ministre|double|triple)|(champion(ne)?|vainqueur|medaille(e)?) (olympique|du monde|du tour|de france|d'or)|double vainqueur|(le|la) (president(e)? de la republique|premiere? ministre|prince(sse)?|roi|reine))\b",
    },
    "en": {
        "age": rf"\b(\d{{1,3}}|{_SPELLED['en']})[- ](years?|months?)[- ]old\b|\b(aged|age) \d{{1,3}}\b|, (\d{{1,2}}|{_SPELLED['en']}),",
        "school": r"\b[A-Z]\w+('s)? (?i:school|academy|college|primary|nursery)\b|\b(?i:the) [A-Z]\w+ (?i:ballet |high |grammar )?(?i:school|academy)\b",
        "grade": r"\b(year|grade) (one|two|three|four|five|six|seven|eight|nine|ten|eleven|\d{1,2})\b",
        "employer": r"\b(works|cashier|driver|teacher|nurse|manager|mayor|baker|shop assistant|secretary|director)\b[^.]{0,30}\b(at|for|in)\b",
        "date": r"\b(on the \w+ of|in) (january|february|march|april|may|june|july|august|september|october|november|december)\b|\b(yesterday|last week|this morning)\b",
        "minor": r"\b(child|kid|baby|toddler|teenager|teen|boy|girl|pupil|schoolgirl|schoolboy)\b|\b\w+-year-old\b",
        "kin": r"\b(son|daughter)\b",
        "care": r"\b(patients?|treated|operated|admitted|diagnosed|saw|seen|casts?|a&e|attack|asthma|scoliosis|diabetes|epilepsy|anorexia|appendicitis|bronchiolitis|depression|burnout|cancer|miscarriage|cardiac arrest|stroke|collapsed|pregnant|gave birth|alzheimer's|meningitis|ligaments?|broke (his|her) (arm|leg|wrist)|ear infections?|tonsillitis|chickenpox|measles|bronchitis|pneumonia|flu|fever|allerg(y|ies)|eczema|fractures?|sprains?|came to see me|came into|came in|suffers?|has had|mri|treating|we found|is doing (really |much |so )?(well|better|brilliantly))\b",
        "title": r"\b(dr|doctor|professor|prof|colleague)\b\.?\s*$",
        "role": r"\b(the|our)\s+(village |town'?s? |local |club'?s? |team'?s? )?(mayor|baker|pharmacist|chemist|goalkeeper|captain|headteacher|head teacher|headmaster|vicar|postman|postwoman|butcher|landlord|landlady|publican|florist|coach|owner of the)\b|\b(runs|owns) the \w+ (on|in|at)\b|\bteaches \w+ \w+ at\b",
        "treated": r"\b(operated on|(i|we)('ve| have)? (been )?(treat|treated|treating|seeing|saw|seen|diagnosed)|came (in|to see me)|we found|is (doing|getting) (really |much |so )?(well|better|brilliantly)|back (training|at work|at school)|finally sorted)\b",
        "fiction": r"\b(let's call (him|her)|not (his|her) real name|(names?|details) (have been |has been |were |are )?(changed|altered)|made-up|made up|fictional|hypothetical|imagine)\b",
        "public": r"\b(famous|celebrity|in the (news|press|papers)|made (the )?headlines|announced publicly|former (champion|minister|president|prime minister|winner)|(olympic|world|tour de france|wimbledon) (champion|winner|gold medallist)|the (prince|princess|king|queen|prime minister|president of the united states))\b",
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


# a capitalised word after a word that introduces a person is a first name ("la petite Emma", "Mme Roux",
# "one of my patients, Nicola, ...")
_NAMED = {
    "fr": re.compile(
        r"\b(?:[Pp]etite?|[Pp]atiente?s?,?|[Mm]me|M\.|[Mm]onsieur|[Mm]adame|[Mm]ademoiselle) ([A-ZÉÈ][a-zéèëïîôç]+(?:-[A-Z][a-zéèëïîôç]+)?)\b"
    ),
    "en": re.compile(r"\b(?:[Ll]ittle|[Pp]atients?,?|Mrs|Mr|Ms|Miss|[Oo]perated (?:this \w+ )?on) ([A-Z][a-z]+)\b"),
}


@dataclass(frozen=True)
class Identification:
    index: int  # the sentence where the story became identifying
    severity: Severity
    details: tuple[str, ...]  # kinds of detail found: name, age, school, town, employer, date
    minor: bool
    match: str  # the words that identify
    public: bool = False  # a public figure as the news tells it, not a patient of the speaker's


@dataclass(frozen=True)
class _Clues:
    """What one sentence says about the person of its story."""

    details: dict[str, str]  # kind of detail -> the words
    minor: bool
    care: bool  # an illness or care is told
    treated: bool  # by the speaker: "je l'ai opéré", "I've been treating him"
    made_up: bool  # "appelons-le Paul", "names have been changed"
    public: bool  # "l'ancien double vainqueur du Tour de France", "the actor"


def identifications(
    sentences: Sequence[Sentence], language: str, own_names: set[str], window: int = WINDOW
) -> list[Identification]:
    patterns = {k: re.compile(v, 0 if k == "school" else re.IGNORECASE) for k, v in _PATTERNS[language].items()}
    per_sentence = [_clues(s, language, patterns, own_names) for s in sentences]
    found: list[Identification] = []
    last = -window
    for i in range(len(sentences)):
        story = [per_sentence[j] for j in range(max(0, i - window + 1), i + 1)]
        details: dict[str, str] = {}
        for clues in story:
            for kind, words in clues.details.items():
                details.setdefault(kind, words)
        minor = any(c.minor for c in story)
        severity = None if any(c.made_up for c in story) else _severity(details, minor, any(c.care for c in story))
        # an adult public figure's illness as the news told it is no breach of the speaker's secrecy,
        # unless the speaker says they treated them: then it is the worst kind
        public = not minor and any(c.public for c in story) and not any(c.treated for c in story)
        if severity and public:
            severity = "warn"
        if severity and i - last >= window:
            found.append(
                Identification(i, severity, tuple(sorted(details)), minor, "; ".join(details.values()), public)
            )
            last = i
    return found


def _severity(details: dict[str, str], minor: bool, care: bool) -> Severity | None:
    if minor and len(details) >= 3:
        return "block"  # a child this well described, in a doctor's video, is a patient even untold
    if not care:
        return None
    if minor and len(details) >= 2:
        return "block"  # always: a child identified in a doctor's video
    if "role" in details or ("name" in details and len(details) >= 2) or len(details) >= 3:
        return "block"  # a role only one person holds names them as surely as their name
    return "warn" if len(details) == 2 and "age" in details else None


def _clues(sentence: Sentence, language: str, patterns: dict[str, re.Pattern[str]], own_names: set[str]) -> _Clues:
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
    years = _age(age.group(0), language) if age else None
    if age:
        details["age"] = text[age.start() : age.end()]
    minor = (
        bool(patterns["minor"].search(folded))
        or _says_little_one(sentence, language)
        or (years is not None and years < 18)
        or (bool(patterns["kin"].search(folded)) and (years is None or years < 18))
    )
    # a first name the entity model missed or mislabelled, right after "la petite", "little", "Mme"
    named = _NAMED[language].search(text) if "name" not in details else None
    if named and named.group(1).lower() not in own_names:
        details["name"] = named.group(1)
    # a role only one person holds is a detail of the story when the speaker tells that person's
    # care: the mayor opening a health centre is not a patient
    treated = bool(patterns["treated"].search(folded))
    kinds = ("school", "employer", "date", "role") if treated else ("school", "employer", "date")
    for kind in kinds:
        # named schools and places need their capitals; folding keeps the text's length
        m = patterns[kind].search(strip_accents(text) if kind in ("school", "role") else folded)
        if m:
            details[kind] = text[m.start() : m.end()]
    grade = patterns["grade"].search(folded)
    if grade and details.keys() & {"name", "school", "town"}:
        details["grade"] = text[grade.start() : grade.end()]  # a class alone ("en CE2") is teaching
    return _Clues(
        details,
        minor or "school" in details or bool(grade),
        bool(patterns["care"].search(folded)),
        treated,
        bool(patterns["fiction"].search(folded)),
        bool(patterns["public"].search(folded)),
    )


_LITTLE = {"fr": {"petit", "petite"}, "en": {"little"}}
_NOMINAL = ("nsubj", "nsubj:pass", "nsubjpass", "obj", "dobj", "iobj", "obl", "pobj", "nmod", "appos", "conj", "ROOT")


def _says_little_one(sentence: Sentence, language: str) -> bool:
    """ "Le petit Lucas", "mon petit patient", "la petite a huit ans", "little Mia": a child; not
    "en petit comité", "un petit peu", "a little tired", where the word qualifies a thing or a degree."""
    for token in sentence.doc:
        if token.lower_ not in _LITTLE[language]:
            continue
        head = token.head
        if token.dep_ in ("amod", "compound") and head is not token:
            if head.pos_ == "PROPN" or (head.pos_ == "NOUN" and person_noun(head.lemma_.lower(), language)):
                return True
        elif token.dep_ in _NOMINAL:  # the word stands for the child: "la petite a huit ans"
            return True
    return False


def _age(words: str, language: str) -> int:
    """Years in an age phrase ("8 ans", "huit ans", "eleven months old" = 0); 99 when unknown."""
    if "mois" in words or "month" in words:
        return 0
    number = re.search(r"\d+", words)
    if number:
        return int(number.group(0))
    if re.search(rf"\b(?:{_TENS_EITHER[language]})\b", words):
        return 20  # "quarante-deux": an adult, whatever the units
    said = re.search(rf"\b(?:{_UNITS[language]})\b", words)
    if said:
        word = said.group(0).lower()
        return 1 if word == "une" else _NUMBER_WORDS[language].index(word) + 1
    return 99
