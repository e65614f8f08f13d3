"""Viewers' comments under a doctor's video, read with the compliance tools: who asks for personal
advice, who discloses their health or identity, what is spam, an ordinary question or praise; and
the reply a doctor may post (no advice, an invitation to consult, never the disclosed data again).

The identity part is videokit.compliance.pii (names, dates of birth, NIR, phones, e-mails,
addresses); whether the writer speaks of themself (I, my) comes from the language pipeline of
videokit.compliance.language (spaCy); health words are a list of their own (`_HEALTH`: conditions,
treatments and written forms such as doses), as the check's rules read a doctor's words, not a
patient's. A suggested reply goes through the check's rules and identification (`reply_problems`).
A comment in neither French nor English is left unclassified with a note saying so: no rule set
reads it, so nothing is suggested.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from videokit.compliance.check import Unit, analyser_for, check_units, ruleset_for
from videokit.compliance.pii import find_pii
from videokit.compliance.ruleset import LANGUAGES
from videokit.config import ClientProfile
from videokit.nlp import zipf_frequency
from videokit.seo.text import sentences, strip_accents

CommentKind = Literal["advice_request", "disclosure", "spam", "question", "praise", "other", "unsupported_language"]
KINDS: tuple[CommentKind, ...] = (
    "advice_request",
    "disclosure",
    "spam",
    "question",
    "praise",
    "other",
    "unsupported_language",
)
# A language whose common words a comment mostly uses: average Zipf frequency of its words (wordfreq).
LANGUAGE_MIN_ZIPF = 3.0
_WORD = re.compile(r"[\w'’-]+")
_QUESTION = {
    "fr": r"\?|^(est-ce|comment|pourquoi|quand|quel|quelle|quels|quelles|combien|peut-on|dois-je|puis-je|faut-il)\b",
    "en": r"\?|^(is|are|can|could|should|does|do|how|why|when|what|which|will|would)\b",
}
_HEALTH = {
    "fr": r"\b(diabet\w*|cancer|vih|seropositi\w*|sida|hepatite|depression|depressi\w*|enceinte|grossesse|fausse couche|"
    r"traitement|medicament|metformine|insuline|antidepresseur|chimio\w*|diagnostique\w*|opere\w*|hospitalise\w*|"
    r"tension|hypertendu\w*|glycemie|asthme|asthmatique|epilep\w*|cholesterol|thyroide|bipolaire|schizophren\w*|"
    r"avc|infarctus|sclerose|alzheimer|parkinson|endometriose|\d+ ?mg)\b",
    "en": r"\b(diabet\w*|cancer|hiv|aids|hepatitis|depress\w*|pregnan\w*|miscarriage|medication|meds|metformin|insulin|"
    r"antidepressants?|chemo\w*|diagnosed|surgery|operated|hospitali[sz]ed|blood pressure|blood sugar|asthma\w*|"
    r"epilep\w*|cholesterol|thyroid|bipolar|schizophreni\w*|stroke|heart attack|sclerosis|alzheimer'?s|parkinson'?s|"
    r"endometriosis|\d+ ?mg)\b",
}
# Questions about oneself that only a consultation answers: doses, stopping or starting a treatment.
_PERSONAL_DECISION = {
    "fr": r"\b(je (dois|devrais)|dois-je|me conseillez|que dois-je|quelle dose|combien de \w+ je|arreter mon|"
    r"prendre mon|c'est grave)\b",
    "en": r"\b(should i|do i need|what dose|how much \w+ should|is it serious|stop my|take my|what should i)\b",
}
# Asking whether one may do something is personal advice only when it is about one's health.
_MAY_I = {"fr": r"\b(je peux|puis-je|est-ce que je|je pourrais)\b", "en": r"\b(can i|could i|may i)\b"}
_SPAM = {
    "fr": r"\b(gagnez|gagner \d+|argent facile|cliquez|whatsapp|telegram|crypto\w*|bitcoin|promo|abonnez-vous a ma|"
    r"\d+ ?(€|euros?) par jour)\b",
    "en": r"\b(earn|make money|click here|whatsapp|telegram|crypto\w*|bitcoin|promo|dm me|sub to my|"
    r"\$\d+ (a|per) day)\b",
}
_LINK = re.compile(r"(https?://|www\.|bit\.ly|tinyurl|t\.me/)", re.IGNORECASE)
_PRAISE = {
    "fr": r"\b(merci|bravo|super|genial|top|excellent\w*|clair\w*|utile|passionnant|parfait|je partage)\b",
    "en": r"\b(thanks?|thank you|great|brilliant|excellent|helpful|clear|love|awesome|amazing|sharing)\b",
}
_SELF_NAMING = {
    "fr": r"\b(je m'appelle|je suis madame|je suis monsieur|mon nom est)\b",
    "en": r"\b(my name is|i am mr|i am mrs|i'm mr|i'm mrs)\b",
}
_REPLIES = {
    "fr": {
        "advice_request": (
            "Merci pour votre question. Je ne peux pas donner d'avis médical personnalisé en commentaire : "
            "chaque situation est différente et demande un examen. Parlez-en à votre médecin traitant ou à votre "
            "pharmacien, qui connaissent votre dossier ; en cas d'urgence, appelez le 15."
        ),
        "disclosure": (
            "Merci de votre confiance. Pour protéger votre vie privée, ne partagez pas d'informations personnelles "
            "ou de santé dans un commentaire public. Je ne peux pas donner d'avis personnalisé ici : votre médecin "
            "traitant est le mieux placé pour vous accompagner ; en cas d'urgence, appelez le 15."
        ),
        "appointment": "Pour consulter : {website}",
    },
    "en": {
        "advice_request": (
            "Thank you for your question. I can't give personal medical advice in the comments: every situation "
            "is different and needs an examination. Please talk to your own doctor or pharmacist, who know your "
            "history; in an emergency, call your local emergency number."
        ),
        "disclosure": (
            "Thank you for trusting us. To protect your privacy, please don't share personal or health details in "
            "a public comment. I can't give personal advice here: your own doctor is best placed to help you; in "
            "an emergency, call your local emergency number."
        ),
        "appointment": "To book a consultation: {website}",
    },
}


@dataclass(frozen=True)
class CommentClass:
    """What a comment is, and why."""

    kind: CommentKind
    language: str  # "fr", "en", or "" when it is in neither
    reasons: list[str] = field(default_factory=list)
    disclosed: list[str] = field(default_factory=list)  # kinds of data the writer disclosed ("phone", "health"...)
    asks_advice: bool = False

    @property
    def risky(self) -> bool:
        """A comment better kept from public view: personal data, or spam."""
        return self.kind in ("disclosure", "spam")

    @property
    def needs_reply(self) -> bool:
        return self.kind in ("advice_request", "disclosure")


def comment_language(text: str, preferred: str = "fr") -> str:
    """ "fr" or "en", whichever language's common words the comment uses; "" for neither."""
    words = [w for w in _WORD.findall(text.lower()) if not w.isdigit()]
    if not words:
        return preferred if preferred in LANGUAGES else "fr"
    scores = {lang: sum(zipf_frequency(w, lang) for w in words) / len(words) for lang in LANGUAGES}
    best = max(scores, key=lambda lang: (scores[lang], lang == preferred))
    return best if scores[best] >= LANGUAGE_MIN_ZIPF else ""


def classify_comment(text: str, client: ClientProfile | None = None) -> CommentClass:
    """The comment's kind: disclosure before advice request before spam, question, praise."""
    preferred = client.language if client else "fr"
    language = comment_language(text, preferred)
    if not language:
        return CommentClass(
            "unsupported_language",
            "",
            ["written in neither French nor English: no rule set reads it; review it by hand"],
        )
    folded = _fold(text)
    own = [client.display_name] if client and client.display_name else []
    pii = find_pii(text, language, exclude_names=own)
    sentence = analyser_for(ruleset_for(language, client)).analyse([text])[0]
    first_person = sentence.persons[0]
    disclosed: list[str] = []
    reasons: list[str] = []
    for match in pii:
        if match.kind == "name" and match.confidence == "low" and not re.search(_SELF_NAMING[language], folded):
            continue  # a name in running text (a colleague, a scientist) is not the writer's identity
        if match.kind not in disclosed:
            disclosed.append(match.kind)
            reasons.append(f"{match.kind.replace('_', ' ')}: {match.reason}")
    health = re.search(_HEALTH[language], folded)
    if health and first_person:
        disclosed.append("health")
        reasons.append(f"speaks of their own health ({text[health.start() : health.end()]})")
    question = bool(re.search(_QUESTION[language], folded.strip(), re.MULTILINE))
    asks_advice = bool(re.search(_PERSONAL_DECISION[language], folded)) or (
        bool(health) and (bool(re.search(_MAY_I[language], folded)) or (question and first_person))
    )
    if asks_advice:
        reasons.append("asks what to do in their own case")
    spam_cues = len(re.findall(_SPAM[language], folded)) + bool(_LINK.search(text))
    if disclosed:
        kind: CommentKind = "disclosure"
    elif asks_advice:
        kind = "advice_request"
    elif spam_cues >= 2:
        kind = "spam"
        reasons.append("a link or money offer with promotional words")
    elif question:
        kind = "question"
    elif re.search(_PRAISE[language], folded):
        kind = "praise"
    else:
        kind = "other"
    return CommentClass(kind, language, reasons, disclosed, asks_advice)


def suggest_reply(found: CommentClass, comment: str, client: ClientProfile | None = None) -> str:
    """The reply a doctor may post to an advice request or a disclosure ("" for other comments): no
    advice, an invitation to consult, and nothing of what the writer disclosed (checked, see
    `reply_problems`)."""
    if not found.needs_reply:
        return ""
    texts = _REPLIES[found.language]
    reply = texts[found.kind]
    if client and client.website:
        reply += " " + texts["appointment"].format(website=client.website)
    problems = reply_problems(reply, comment, found.language, client)
    if problems:  # the templates are fixed: a problem here is a bug in them, never something to post
        raise AssertionError(f"suggested reply breaks the rules: {'; '.join(problems)}")
    return reply


def reply_problems(reply: str, comment: str, language: str, client: ClientProfile | None = None) -> list[str]:
    """Why a reply may not be posted: it repeats what the comment disclosed, or the compliance check
    finds a blocking problem in it (a promise, advice)."""
    problems = [
        f"repeats the {m.kind.replace('_', ' ')} {m.text!r}"
        for m in find_pii(comment, language)
        if m.confidence == "high" and _fold(m.text) in _fold(reply)
    ]
    # the rules and identification (the classifier reads talks, not a two-line reply)
    units = [Unit(s) for s in sentences(reply)]
    problems += [
        f"{f.rule_id}: {f.reason or f.rule}"
        for f in check_units(units, language, client, source="text", classifier=False)
        if f.blocking
    ]
    return problems


def _fold(text: str) -> str:
    return strip_accents(text.lower().replace("’", "'"))
