"""The description: hook, summary, chapters, links, disclaimer, hashtags, within 5000 UTF-8 bytes.

The first ~150 characters are what shows above "...more" and in search snippets, so they carry
the hook (what the viewer will learn, from the chapters) and the main keyword; the summary that
follows takes one sentence from each of the longest chapters. The description is kept as parts (Metadata.parts) and assembled
here, so moving the chapters after an intro (`with_offset`) rebuilds it exactly.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode, urlsplit, urlunsplit

import numpy as np

from videokit import nlp
from videokit.seo import structure
from videokit.seo.embed import Embedder, embed, sentence_heads
from videokit.seo.text import contains_phrase, looks_like_name, phrases_in, real_words, strip_accents, words
from videokit.seo.types import Chapter, Keyword, Metadata
from videokit.youtube.limits import DESCRIPTION_FOLD_CHARS, DESCRIPTION_MAX_BYTES

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

LABELS = {
    "fr": {"chapters": "Chapitres :", "more": "En savoir plus :", "in_this_video": "Dans cette vidéo", "and": "et"},
    "en": {"chapters": "Chapters:", "more": "Learn more:", "in_this_video": "In this video", "and": "and"},
}
DEFAULT_DISCLAIMER = {
    "fr": "Cette vidéo donne une information générale et ne remplace pas une consultation médicale. "
    "Pour votre situation, parlez-en à votre médecin.",
    "en": "This video is general information and does not replace a medical consultation. "
    "For your own situation, talk to your doctor.",
}
_FILLERS = re.compile(r"\b(euh+|heu+|hum+|bah|ben|uh+|um+|erm)\b[,.]?\s*", re.IGNORECASE)
# what captions say of the sound rather than the words: "[Intro]", "[Musique]", "(applause)", "♪"
_SOUND_NOTES = re.compile(
    r"\[[^\]]*\]|\((?:music|musique|applause|applaudissements|laughter|rires)[^)]*\)|♪", re.IGNORECASE
)
SUMMARY_MAX_CHARS = 900
_QUOTED_OPENING = 40  # characters of a sentence that tell the hook already quotes it
# A word the model gave less than even odds: it found the other spellings together more likely,
# so the word heard may not be the word said (a real word that passes any dictionary check).
SURE_WORD = 0.5
# On poor audio no sentence may have every word at SURE_WORD; the description then quotes the
# surest sentences among those with no word below this. Below it Whisper's word is mostly not the
# word said (the demo talk: "le cours" for "le cœur" at 0.05, "tabard" 0.25, "appuyer" 0.29),
# while between it and SURE_WORD right words ("Parlons d'abord", 0.35) and wrong ones ("la tension
# est tendance", 0.39) mix: quoted only when there is nothing surer.
FLOOR_WORD = 0.3
# A rare word (wordfreq Zipf below RARE_ZIPF) is where Whisper's guess goes wrong while staying a
# word: "Manger davantage de fri et de légumes" ("fruits", 0.56, Zipf 2.5), "de la dépistée" (0.54);
# a second hearing writes the same guess again. A sentence with one is quoted only when every such
# word was heard at RARE_SURE_WORD (bench/heard.py: one wrong French sentence in 14 less, no right
# one lost). The client's glossary terms are rare on purpose and exempt.
RARE_ZIPF = 3.0
RARE_SURE_WORD = 0.9
# Whether the sentence at this index may be quoted as heard: its rare words heard surely
# (rare_words_sure) and, given the audio, heard the same way a second time (videokit.speech.rehear):
# asked only of the few sentences about to be quoted, since each hearing decodes its audio again.
Confirmed = Callable[[int], bool]


def hook(
    sentences: Sequence[str],
    main_keyword: str,
    language: str,
    chapters: Sequence[Chapter] = (),
    confidence: Sequence[float] = (),
    keywords: Sequence[str] = (),
    glossary: Sequence[str] = (),
    confirmed: Confirmed | None = None,
    vectors: np.ndarray | None = None,
) -> str:
    """What the viewer will learn, within the first 150 characters and with the main keyword:
    the parts the chapters name ("Dans cette vidéo : les symptômes de l'hypertension, comment
    mesurer sa tension à domicile et le traitement…"), else the first sentence that names the
    keyword, reads on its own (never "Enfin, …" or "Donc …"), fits whole when one does (search
    cuts the rest), was heard surely (`confidence`),
    has no word Whisper made up (`text.real_words`, as in summary()) and, given `confirmed`, was
    heard the same way again (videokit.speech.rehear), prefixed with the keyword when it does not open with it
    (among those that do not name it, the one naming most of the `keywords`, then the closest to
    the whole talk given the sentences' `vectors`: never a passing remark because it came early); when no sentence
    was heard well enough, the main keyword and the `keywords` listed ("Dans cette vidéo :
    l'hypertension artérielle, le tensiomètre et …"), never the bare keyword alone if there are more.
    `sentences` are quoted as given: clean_sentence's, derive cleans them once for hook and summary."""
    topics = [
        c.title
        for c in chapters
        if c.title != structure.INTRODUCTION and not c.title.startswith(structure.PART_PREFIX[language] + " ")
    ]
    keyword = structure.capitalise(main_keyword)
    if len(topics) >= 2:
        return _listing(topics, main_keyword, language)
    # Only a sentence heard surely, never FLOOR_WORD's doubtful ones: the hook is what search shows.
    sure = next(_heard(confidence, len(sentences)))
    spoken = [i for i, (s, heard) in enumerate(zip(sentences, sure)) if heard and len(s) >= 30]
    quotable = [i for i in spoken if real_words(sentences[i], language, glossary, sentence=True)]

    def usable(i: int) -> bool:  # the costliest test last: a sentence heard again decodes its audio
        return structure.stands_alone(sentences[i], language) and (confirmed is None or confirmed(i))

    named = [i for i in quotable if contains_phrase(sentences[i], main_keyword, language)]
    lead = len(structure.typeset(f"{main_keyword} : ", language))
    whole = [
        i
        for i in quotable
        if len(sentences[i]) + (0 if _names_early(sentences[i], main_keyword) else lead) <= DESCRIPTION_FOLD_CHARS
    ]
    # among sentences that do not name the subject, those that name most of the talk's keyphrases,
    # then the closest to the whole talk: what it is about, not a remark that came early
    # a name is no keyphrase here: in a doctor's video it may be a patient's
    topics = [k for k in keywords[:10] if not looks_like_name(k)]
    covers = {i: phrases_in(sentences[i], topics, language) for i in quotable}
    closeness = _centrality(vectors, [(0, len(vectors))]) if vectors is not None else np.zeros(len(sentences))
    whole, quotable = (sorted(group, key=lambda i: (-covers[i], -closeness[i])) for group in (whole, quotable))
    # a sentence that names the keyword first, and one search shows whole before one it cuts with "…"
    order = dict.fromkeys([*(i for i in named if i in whole), *whole, *named, *quotable])
    chosen = next((i for i in order if usable(i)), None)
    if chosen is None:  # nothing heard surely enough to quote: what the talk covers, by its keyphrases
        covered = _distinct([main_keyword, *(k for k in keywords if not looks_like_name(k))], language)
        return _listing(covered[:3], main_keyword, language) if len(covered) >= 2 else keyword
    return shorten(_led_by_keyword(sentences[chosen], main_keyword, language), DESCRIPTION_FOLD_CHARS)


def _names_early(sentence: str, main_keyword: str) -> bool:
    return 0 <= strip_accents(sentence.lower()).find(strip_accents(main_keyword.lower())) < 60


def _led_by_keyword(sentence: str, main_keyword: str, language: str) -> str:
    """The sentence as a hook: as said when it names the keyword early, else after "Keyword : "."""
    if _names_early(sentence, main_keyword):
        return sentence
    opening = next(iter(nlp.tag(sentence, language)), None)
    first = next(iter(words(sentence)), "")
    acronym = len(first) > 1 and first.isupper()
    if not acronym and first != "I" and (opening is None or opening.pos_ != "PROPN"):
        # "Rapport : est-ce que…", "Rapport : l'écran…", but "Jamison", "IRM", "I"
        sentence = sentence[0].lower() + sentence[1:]
    return structure.typeset(f"{structure.capitalise(main_keyword)} : {sentence}", language)


def _listing(topics: Sequence[str], main_keyword: str, language: str) -> str:
    """ "Dans cette vidéo : a, b et c." (the main keyword as the lead when the list does not name
    it), dropping topics from the end until it fits above the fold."""
    keyword = structure.capitalise(main_keyword)
    parts = [structure.with_article(t.rstrip(" ?"), language) for t in topics]
    text = keyword
    while parts:
        listing = parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} {LABELS[language]['and']} {parts[-1]}"
        lead = LABELS[language]["in_this_video"] if contains_phrase(listing, main_keyword, language) else keyword
        text = structure.typeset(f"{lead} : {listing}.", language)
        if len(text) <= DESCRIPTION_FOLD_CHARS or len(parts) == 1:
            break
        parts.pop()
    return shorten(text, DESCRIPTION_FOLD_CHARS)


def _distinct(phrases: Sequence[str], language: str) -> list[str]:
    """`phrases` in order without one another's repeats ("hypertension" after "hypertension artérielle")."""
    out: list[str] = []
    for phrase in phrases:
        if phrase and not any(
            contains_phrase(p, phrase, language) or contains_phrase(phrase, p, language) for p in out
        ):
            out.append(phrase)
    return out


def summary(
    sentences: Sequence[str],
    embedder: Embedder | None,
    keywords: Sequence[Keyword],
    language: str,
    count: int,
    skip: str = "",
    pieces: Sequence[tuple[int, int]] = (),
    vectors: np.ndarray | None = None,
    glossary: Sequence[str] = (),
    confidence: Sequence[float] = (),
    confirmed: Confirmed | None = None,
) -> str:
    """`count` sentences in speaking order that cover the talk: one from each of its longest
    chapters (`pieces`: sentence ranges) that has one to give, the one closest to that chapter's
    centre, else the most central of the whole talk. Only sentences that read on their own
    (structure.stands_alone), never the hook's `skip` again, never one with a word Whisper made up
    (`text.real_words`) nor one it was unsure of (`confidence`: each sentence's lowest word
    probability, TimedSentence.confidence; below SURE_WORD a real word may still be the wrong one,
    "elle abîme le cours" for "le cœur"), nor, given `confirmed`, one not heard the same way again
    (videokit.speech.rehear); on poor audio, where no such sentence will do, the surest
    with no word below FLOOR_WORD rather than no summary. Without a model, keyword coverage stands
    for centrality. `sentences` are quoted as given (clean_sentence's, as for hook())."""
    spoken = list(sentences)
    readable = {
        i
        for i, s in enumerate(spoken)
        if 6 <= len(s.split()) <= 60 and not _quoted_in(s, skip) and real_words(s, language, glossary, sentence=True)
    }
    if not readable or count == 0:
        return ""
    if vectors is None and embedder is not None:
        vectors = embed(embedder, sentence_heads(spoken), kind="query")
    if vectors is not None:
        central = _centrality(vectors, pieces or [(0, len(spoken))])
    else:
        topics = [k.text for k in keywords[:10]]
        central = np.array([phrases_in(s, topics, language) for s in spoken], float)
    ranges = sorted(pieces, key=lambda p: p[0] - p[1]) if pieces else [(0, len(spoken))]
    for tier, heard in enumerate(_heard(confidence, len(spoken))):
        # the surest first when quoting below SURE_WORD: each doubtful word is a risk of its own
        scores = central if tier == 0 else np.asarray(confidence, float)
        picked: list[int] = []
        for a, b in ranges:
            if len(picked) >= count:
                break
            inside = sorted(
                (i for i in range(a, b) if i in readable and heard[i] and i not in picked), key=lambda i: -scores[i]
            )
            alone = (  # lazily, best first: parsing, and above all hearing again, cost
                i for i in inside if structure.stands_alone(spoken[i], language) and (confirmed is None or confirmed(i))
            )
            picked.extend(i for _, i in zip(range(1 if pieces else count), alone))
        if picked:
            return shorten(" ".join(spoken[i] for i in sorted(picked)[:count]), SUMMARY_MAX_CHARS)
    return ""


def _quoted_in(sentence: str, hook: str) -> bool:
    """The hook quotes the sentence: as said, or led by the keyword ("Rapport : on pouvait…", its
    capital lowered), or cut to fit the fold with "…"; its opening words are enough to tell."""
    opening = sentence.rstrip("…")[:_QUOTED_OPENING].lower()
    return bool(hook) and opening in hook.lower()


def rare_words_sure(heard: Iterable[tuple[str, float]], language: str, glossary: Iterable[str] = ()) -> bool:
    """Every rare word of a sentence (its words and their probabilities) heard at RARE_SURE_WORD."""
    allowed = {w.lower() for g in glossary for w in words(g)}
    return all(
        probability >= RARE_SURE_WORD
        for text, probability in heard
        for word in words(text)
        if word.lower() not in allowed and not word.isdigit() and nlp.zipf_frequency(word, language) < RARE_ZIPF
    )


def _heard(confidence: Sequence[float], count: int) -> Iterator[list[bool]]:
    """Which of `count` sentences may be quoted, surest first: those the model heard surely (every
    word at SURE_WORD or more), then, for a caller that found none of them will do, those with no
    word below FLOOR_WORD. All of them when the transcript gave no word probabilities (nothing to doubt)."""
    if not confidence:
        yield [True] * count
        return
    for bar in (SURE_WORD, FLOOR_WORD):
        yield [c >= bar for c in confidence]


def _centrality(vectors: np.ndarray, pieces: Sequence[tuple[int, int]]) -> np.ndarray:
    """Each sentence's cosine to the centre of its own piece."""
    scores = np.zeros(len(vectors))
    for a, b in pieces:
        centre = vectors[a:b].mean(axis=0)
        scores[a:b] = vectors[a:b] @ (centre / max(float(np.linalg.norm(centre)), 1e-9))
    return scores


def clean_sentence(sentence: str, language: str) -> str:
    """Spoken words written down: fillers and captions' sound notes ("[Intro]") out, spaces
    normalised, '<' '>' removed (YouTube refuses them), French imperatives hyphenated to their
    pronouns ("Parlez en à" -> "Parlez-en à")."""
    text = _FILLERS.sub("", _SOUND_NOTES.sub("", sentence)).replace("<", "").replace(">", "")
    text = re.sub(r"\s+([,.])", r"\1", re.sub(r"\s+", " ", text)).strip(" ,")
    if language == "fr" and _IMPERATIVE_CLITIC.search(text):
        text = _hyphenate_imperatives(text)
    return text[:1].upper() + text[1:]


# Written French joins an affirmative imperative to the pronouns after it ("Parlez-en à votre
# médecin", "Asseyez-vous", "Donnez-le-moi"); Whisper often writes them apart. Only the vous form
# (and "faites", "dites"), what a practitioner says to viewers, is looked for: a cheap first look
# before the tagger.
_CLITICS = frozenset("en y le la les lui leur moi toi nous vous".split())
_IMPERATIVE_CLITIC = re.compile(  # not "vous avez la…" (the most said: it has its subject), nor "chez vous"
    rf"(?<!vous )\b(?!chez )(?:[^\W\d_]+ez|faites|dites) (?:{'|'.join(sorted(_CLITICS))})\b", re.IGNORECASE
)
_NEGATION = frozenset({"ne", "n'", "n’"})


def _hyphenate_imperatives(text: str) -> str:
    doc = nlp.tag(text, "fr")
    joined: set[int] = set()  # tokens followed by a hyphen instead of their space
    for verb in doc:
        if not _imperative(verb):
            continue
        at = verb
        while at.i + 1 < len(doc) and at.whitespace_ == " " and _clitic_after_verb(doc, at.i + 1):
            joined.add(at.i)
            at = doc[at.i + 1]
    return "".join(t.text + ("-" if t.i in joined else t.whitespace_) for t in doc)


def _imperative(verb: Token) -> bool:
    """A verb in the imperative: spaCy says so, or, as it mis-tags many ("Asseyez" as a noun), a
    vous form (a verb once its subject is put before it: not "Chez vous"); either way with no
    subject, as it opens its clause ("Si vous avez un doute, parlez…", "Alors parlez…"), never
    after "ne" ("N'en parlez pas" and "Ne vous inquiétez pas" stay as written)."""
    doc, start = verb.doc, verb.i
    while start > 0 and doc[start - 1].lower_ not in _NEGATION and doc[start - 1].pos_ in ("ADV", "CCONJ", "INTJ"):
        start -= 1
    if start > 0 and not doc[start - 1].is_punct:  # a subject, "ne" or a pronoun before it: "vous en parlez"
        return False
    if "Imp" in verb.morph.get("Mood", []):
        return True
    if not (verb.lower_.endswith("ez") or verb.lower_ in ("faites", "dites")):
        return False
    return nlp.tag(f"vous {verb.lower_}", "fr")[1].pos_ == "VERB"


def _clitic_after_verb(doc: Doc, i: int) -> bool:
    """Whether doc[i], right after an imperative (or a pronoun joined to one), is a pronoun that
    joins it: "le", "la", "les", "leur" only when no noun follows (an article in "Mesurez la
    tension", "Prenez le plus tôt possible"), "en" only before a stop or "à"/"avec" (a preposition
    in "Mettez en avant"), "nous", "vous" not as the subject of the next verb ("Écoutez vous allez
    voir")."""
    word = doc[i].text.lower()
    if word not in _CLITICS:
        return False
    after = doc[i + 1] if i + 1 < len(doc) else None
    if after is None or after.is_punct or word in ("y", "moi", "toi", "lui"):
        return True
    if word == "en":
        return after.text.lower() in ("à", "au", "aux", "avec")
    if word in ("nous", "vous"):
        return not (after.pos_ in ("VERB", "AUX") and "Fin" in after.morph.get("VerbForm", []))
    # le, la, les, leur: a pronoun before a preposition, another pronoun or a lone adverb
    if after.text.lower() in _CLITICS or after.pos_ == "ADP":
        return True
    beyond = doc[i + 2] if i + 2 < len(doc) else None
    return after.pos_ == "ADV" and (beyond is None or beyond.pos_ not in ("ADJ", "ADV", "NOUN"))


def shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:")
    return cut + "…"


def utm_link(website: str, campaign: str) -> str:
    """The practitioner's link tagged so their analytics credit YouTube (existing query kept)."""
    parts = urlsplit(website if "://" in website else f"https://{website}")
    tags = urlencode({"utm_source": "youtube", "utm_medium": "video", "utm_campaign": campaign})
    query = f"{parts.query}&{tags}" if parts.query else tags
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", query, parts.fragment))


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", strip_accents(text.lower())).strip("-")[:60] or "video"


def hashtags(client_tags: Sequence[str], keywords: Sequence[Keyword], count: int) -> list[str]:
    """Up to `count` hashtags: the client's own first, then the main keyphrases in CamelCase."""
    out: list[str] = []
    for raw in [*client_tags, *(k.text for k in keywords if not looks_like_name(k.text))]:
        tag = "#" + "".join(w[:1].upper() + w[1:] for w in words(raw.lstrip("#")))
        key = unicodedata.normalize("NFKC", strip_accents(tag.lower()))
        if len(tag) > 2 and key not in {strip_accents(t.lower()) for t in out}:
            out.append(tag)
        if len(out) == count:
            break
    return out


def assemble(parts: dict[str, Any], chapters: Sequence[Chapter]) -> str:
    """The description text from its parts, trimmed to YouTube's byte limit summary-first."""
    labels = LABELS[parts["language"]]
    chapter_block = "\n".join([labels["chapters"], *(f"{c.timestamp} {c.title}" for c in chapters)]) if chapters else ""
    link = f"{labels['more']} {parts['link']}" if parts.get("link") else ""
    summary_text = parts.get("summary", "")
    while True:
        # parts["charter"]: the "Sources et mise à jour" block (videokit.compliance.charter)
        blocks = [
            parts["hook"],
            summary_text,
            chapter_block,
            link,
            parts.get("charter", ""),
            parts.get("disclaimer", ""),
            " ".join(parts.get("hashtags", [])),
        ]
        text = "\n\n".join(b for b in blocks if b).replace("<", "").replace(">", "")
        excess = len(text.encode("utf-8")) - DESCRIPTION_MAX_BYTES
        if excess <= 0 or not summary_text:
            break
        summary_text = (
            shorten(summary_text, max(0, len(summary_text) - excess - 1)) if len(summary_text) > excess + 20 else ""
        )
    return _fit_bytes(text)


def _fit_bytes(text: str) -> str:
    """Last resort (a very long chapter list or disclaimer): cut on a line, never mid-character."""
    data = text.encode("utf-8")
    if len(data) <= DESCRIPTION_MAX_BYTES:
        return text
    cut = data[:DESCRIPTION_MAX_BYTES].decode("utf-8", errors="ignore")
    return cut.rsplit("\n", 1)[0] if "\n" in cut else cut


def with_offset(metadata: Metadata, seconds: float) -> Metadata:
    """The metadata of the video once an intro of `seconds` is prepended at render: the first
    chapter stays at 0:00 (it now covers the intro too), the others shift, and the description's
    chapter block follows."""
    if seconds < 0:
        raise ValueError("an intro offset cannot be negative")
    chapters = [c if i == 0 else replace(c, start=c.start + seconds) for i, c in enumerate(metadata.chapters)]
    parts = {**metadata.parts, "duration": float(metadata.parts.get("duration", 0.0)) + seconds}
    description = assemble(parts, chapters) if metadata.parts else metadata.description
    return replace(metadata, chapters=chapters, description=description, parts=parts)
