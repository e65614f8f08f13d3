"""Three ranked title candidates, each with the reason it ranks where it does.

A title is built from the talk's structure, as an editor would write it: the main subject as the
speaker names it (videokit.seo.subject: "Hypertension artérielle", "Sensation and perception"),
then what the talk covers: the parts it announces ("symptômes, mesure et traitement"), else the
viewer's intents it covers (symptoms, causes, treatment…), else its other central terms; or the
question a how-to part answers ("Comment mesurer sa tension à domicile ?"), or the question the
speaker asks about the subject ("What is consciousness?"). Within 70 characters when possible so
search results do not cut it, in the language's typography (a space before ':' and '?' in
French), sentence case, no clickbait, no '<' '>'; a candidate the deontology check would block is
dropped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from videokit import nlp
from videokit.config import ClientProfile
from videokit.seo import structure
from videokit.seo.subject import Subject
from videokit.seo.text import (
    clean_title,
    contains_phrase,
    content_stems,
    looks_like_name,
    names_something,
    normalize,
    sentences,
)
from videokit.seo.types import Chapter, Keyword, TitleCandidate
from videokit.youtube.limits import TITLE_MAX_CHARS, title_problems

AND = {"fr": "et", "en": "and"}
ESSENTIALS = {"fr": "ce qu'il faut savoir", "en": "what you need to know"}
MAX_PARTS = 3
# Nouns made from a how-to's verb, tried in this order: "mesurer" -> "mesure", "traiter" -> "traitement".
_NOMINAL_ENDINGS = {"fr": ("e", "ement", "age", "ation"), "en": ("ment", "ion", "ing", "")}
_NOMINAL_MIN_ZIPF = 3.0


@dataclass(frozen=True)
class _Plan:
    subject: str
    parts: list[str]
    parts_from: str  # what the parts are, for the reason: "its chapters", "the viewer's questions it answers"…
    how_to: str | None
    asked: str | None  # the speaker's own question about the subject: "What is consciousness?"
    brand: str | None


def title_candidates(
    keywords: Sequence[Keyword],
    language: str,
    *,
    text: str,
    duration: float,
    client: ClientProfile | None = None,
    ideal_chars: int = 70,
    count: int = 3,
    chapters: Sequence[Chapter] = (),
    subject: Subject | None = None,
) -> list[TitleCandidate]:
    """Up to `count` titles, best first, all within YouTube's rules and in `language`. `subject`
    is what the talk is about and what else it covers (videokit.seo.subject; without it, the
    main keyphrase); `chapters` (those the speaker announced) give the parts first."""
    from videokit.compliance.check import blocking, check_text  # the check imports config; keep titles light

    if subject is None:
        main = main_keyword(keywords, language, client)
        if main is None:
            return _fallback(text, language, ideal_chars)
        subject = Subject(main, (), ())
    plan = _plan(subject, chapters, language, client, text)
    seen: set[str] = set()
    ranked: list[TitleCandidate] = []
    for title, score, reason in _drafts(plan, language, ideal_chars):
        title = structure.typeset(clean_title(title), language)
        if title.lower() in seen or title_problems(title) or len(title) > TITLE_MAX_CHARS:
            continue
        if blocking(check_text(title, language, client, source="title")):
            continue
        seen.add(title.lower())
        fit = len(title) <= ideal_chars
        length = (
            f"{len(title)} characters, fully visible in search (<= {ideal_chars})"
            if fit
            else f"{len(title)} characters: cut in search results after {ideal_chars}"
        )
        ranked.append(TitleCandidate(title, round(score + (0.25 if fit else 0.0), 3), f"{reason}; {length}"))
    ranked.sort(key=lambda t: -t.score)
    return ranked[:count] or _fallback(text, language, ideal_chars)


def _drafts(plan: _Plan, language: str, ideal_chars: int) -> list[tuple[str, float, str]]:
    """(title, score before length, reason) for every form the plan allows."""
    subject = structure.capitalise(plan.subject)
    drafts: list[tuple[str, float, str]] = []
    if plan.parts:  # as many parts as fit within the visible length, else the first alone
        title, n = (
            _fitted(plan.subject, plan.parts, language, ideal_chars)
            or _fitted(plan.subject, plan.parts[:1], language, TITLE_MAX_CHARS)
            or ("", 0)
        )
        covered = f"the {n} parts the talk covers" if n > 1 else "the part the talk covers"
        if title:
            drafts.append(
                (title, 0.6 + 0.05 * n, f'main subject "{plan.subject}" first, then {covered} ({plan.parts_from})')
            )
    if plan.how_to:
        question = plan.how_to.rstrip(" ?") + " ?"
        if not any(t.pos_ in ("NOUN", "PROPN") for t in nlp.tag(question, language)):
            # "Quand consulter ?" asks about nothing on its own: "Fièvre chez l'enfant : quand consulter ?"
            question = f"{subject} : {question[:1].lower()}{question[1:]}"
        drafts.append((question, 0.55, "the question the talk answers, as viewers type it"))
    elif plan.asked:
        drafts.append((plan.asked, 0.55, "the question the speaker asks about the subject, as viewers type it"))
    drafts.append(
        (f"{subject} : {ESSENTIALS[language]}", 0.45, f'main subject "{plan.subject}" first; says what the viewer gets')
    )
    if plan.brand and plan.parts:
        drafts.append(
            (
                f"{subject} : {_listing(plan.parts[:2], language)} | {plan.brand}",
                0.5,
                "subject, two parts and the practitioner's name",
            )
        )
    elif plan.brand:
        drafts.append((f"{subject} | {plan.brand}", 0.4, "subject and the practitioner's name"))
    return drafts


def _listing(parts: Sequence[str], language: str) -> str:
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} {AND[language]} {parts[-1]}"


def _plan(
    subject: Subject, chapters: Sequence[Chapter], language: str, client: ClientProfile | None, text: str
) -> _Plan:
    """The parts a title lists after the subject: the announced chapters, else the viewer's
    intents the talk covers, else its other central terms (specific ones, as the speaker says
    them); and the how-to or question a viewer would type."""
    headings = [c.title for c in chapters if not _unnamed(c.title, language)]
    # a question names what viewers ask; a how-to heading is both that and a part ("mesure")
    how_to = next((h for h in headings if h.lower().startswith(structure.HOW[language]) or h.endswith("?")), None)
    if how_to and not how_to.endswith("?"):  # the heading is cut to 6 words; a title has room for what was said
        said = (structure.announced_how_to(s, language) for s in sentences(text))
        how_to = next((w for w in said if w and content_stems(how_to, language) <= content_stems(w, language)), how_to)
    announced = chapter_parts(headings, subject.text, language)
    taken = content_stems(subject.text, language).union(*(content_stems(p, language) for p in announced))
    brand = (client.display_name.strip() or None) if client else None
    asked = next(
        (
            q
            for q in (structure.question_heading(s, language) for s in sentences(text) if s.rstrip().endswith("?"))
            if q and contains_phrase(q, subject.text, language)
        ),
        None,
    )
    if len(announced) >= 2:
        return _Plan(subject.text, announced, "its chapters", how_to, asked, brand)
    intents = [i for i in subject.intents if not content_stems(i, language) <= taken]
    if len(intents) >= 2:
        return _Plan(subject.text, intents[:MAX_PARTS], "the viewer's questions it answers", how_to, asked, brand)
    terms: list[str] = []
    for other in subject.others:
        if len(terms) == MAX_PARTS:
            break
        stems = content_stems(other.text, language)
        if stems & taken or not names_something(other.text, language):
            continue
        terms.append(other.text)
        taken |= stems
    return _Plan(subject.text, terms, "its other central terms", how_to, asked, brand)


def chapter_parts(headings: Sequence[str], subject: str, language: str) -> list[str]:
    """What the chapters add to the subject, as short noun phrases, at most MAX_PARTS: the list after
    the colon of "Hypertension artérielle : symptômes, mesure et traitement"."""
    taken = content_stems(subject, language)
    parts: list[str] = []
    for heading in headings:
        if heading.endswith("?") or _unnamed(heading, language):
            continue
        part = _part(heading, subject, language)
        if part and not content_stems(part, language) <= taken and len(parts) < MAX_PARTS:
            if not (names_something(part, language) or heading.lower().startswith(structure.HOW[language])):
                continue  # "Future", "Way REM sleep": a heading cut from a sentence, naming nothing
            parts.append(part)
            taken |= content_stems(part, language)
    return parts


def subject_and_parts(subject: str, parts: Sequence[str], language: str, max_chars: int) -> str | None:
    """ "Subject : part, part and part" with as many parts as fit in `max_chars`, typeset; None if none fits."""
    fitted = _fitted(subject, parts, language, max_chars)
    return fitted[0] if fitted else None


def _fitted(subject: str, parts: Sequence[str], language: str, max_chars: int) -> tuple[str, int] | None:
    """The typeset "Subject : parts" with the most leading parts that fit in `max_chars`, and how many."""
    for n in range(len(parts), 0, -1):
        title = structure.typeset(f"{structure.capitalise(subject)} : {_listing(parts[:n], language)}", language)
        if len(title) <= max_chars:
            return title, n
    return None


def _unnamed(heading: str, language: str) -> bool:
    """ "Introduction", "Partie 3": a chapter whose heading names no part of the subject."""
    return heading == structure.INTRODUCTION or heading.startswith(structure.PART_PREFIX[language] + " ")


def _part(heading: str, subject: str, language: str) -> str | None:
    """What a chapter adds to the subject, as a short noun phrase in lower case: "Symptômes de
    l'hypertension" -> "symptômes", "Comment mesurer sa tension" -> "mesure"."""
    doc = nlp.tag(heading.rstrip(" ?"), language)
    tokens = [t for t in doc if not t.is_punct]
    if not tokens:
        return None
    if tokens[0].lower_ in structure.HOW[language]:
        verb = next((t for t in tokens if t.pos_ == "VERB"), None)
        return _nominal(verb.lemma_, language) if verb is not None else None
    subject_stems = content_stems(subject, language)
    kept = []
    for tok in tokens:
        # stop where a complement restates the subject: "symptômes [de l'hypertension]"
        if tok.pos_ == "ADP" and content_stems(doc.text[tok.idx :], language) & subject_stems:
            break
        kept.append(tok)
    while kept and kept[-1].pos_ in ("ADP", "DET", "CCONJ"):
        kept.pop()
    if not kept or not any(t.pos_ in ("NOUN", "PROPN") for t in kept):
        return None
    text = doc.text[kept[0].idx : kept[-1].idx + len(kept[-1].text)]
    return text if kept[0].pos_ == "PROPN" or text[:2].isupper() else text[:1].lower() + text[1:]


def _nominal(verb: str, language: str) -> str | None:
    """The common noun of an action ("mesurer" -> "mesure", "treat" -> "treatment"), if the language has one."""
    stem = verb[:-2] if language == "fr" and verb.endswith(("er", "ir")) else verb
    forms = [stem + ending for ending in _NOMINAL_ENDINGS[language] if stem + ending != verb or language == "en"]
    scored = [(nlp.zipf_frequency(f, language), f) for f in forms]
    best = max(scored, default=(0.0, ""))
    return best[1] if best[0] >= _NOMINAL_MIN_ZIPF else None


def _fallback(text: str, language: str, ideal_chars: int) -> list[TitleCandidate]:
    """No usable keyphrase (or every form blocked): the talk's first sentence, shortened."""
    from videokit.seo.describe import clean_sentence, shorten

    shortened = (clean_title(shorten(clean_sentence(s, language).rstrip(".!?"), ideal_chars)) for s in sentences(text))
    title = next((t for t in shortened if any(c.isalnum() for c in t)), "")
    return (
        [TitleCandidate(title, 0.1, "no keyphrase to build on: the first sentence of the talk; edit it")]
        if title
        else []
    )


def main_keyword(keywords: Sequence[Keyword], language: str, client: ClientProfile | None = None) -> str | None:
    """The phrase the video should rank for: the best keyphrase that is not a person's name,
    or a longer phrase near the top that contains it ("hypertension artérielle" over "hypertension")."""
    usable = _usable(keywords, language, client)
    if not usable:
        return None
    first = content_stems(usable[0], language)
    return next(
        (
            k
            for k in usable[1:5]
            if len(content_stems(k, language)) > len(first) and first <= content_stems(k, language)
        ),
        usable[0],
    )


def _usable(keywords: Sequence[Keyword], language: str, client: ClientProfile | None) -> list[str]:
    glossary = {normalize(g, language) for g in (client.glossary if client else [])}
    return [k.text for k in keywords if not looks_like_name(k.text) or normalize(k.text, language) in glossary]
