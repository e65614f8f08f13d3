"""Keyphrases: candidates from the text in its language, real embeddings, gold-set quality."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import yake

from videokit.seo.evaluate import f_at_k
from videokit.seo.keywords import extract_keywords, relevance_scores
from videokit.seo.text import candidates, clean_title, contains_phrase, normalize

SPOKEN_FR = (
    "Alors euh aujourd'hui on va parler de la maladie d'Alzheimer. Ensuite on verra les premiers signes, "
    "puis le diagnostic. La maladie d'Alzheimer commence souvent par des troubles de la mémoire. "
    "Ensuite, les troubles de la mémoire s'aggravent, puis l'orientation devient difficile. "
    "Le diagnostic de la maladie d'Alzheimer repose sur un bilan neuropsychologique."
)


def test_french_candidates_skip_fillers_and_adverbs_and_keep_noun_phrases() -> None:
    found = {c.text.lower(): c for c in candidates(SPOKEN_FR, "fr")}
    assert "maladie d'alzheimer" in found and found["maladie d'alzheimer"].count == 3
    assert "troubles de la mémoire" in found and "bilan neuropsychologique" in found
    for phrase in found:
        first, last = phrase.split()[0], phrase.split()[-1]
        assert first not in {"ensuite", "puis", "euh", "alors", "on", "la", "de"}, phrase
        assert last not in {"ensuite", "puis", "euh", "de", "la", "d"}, phrase


@pytest.mark.slow
def test_no_model_fallback_uses_our_stop_words(embedder) -> None:
    # YAKE's own French list lets "Ensuite" through on this text; ours does not
    stock = [k for k, _ in yake.KeywordExtractor(lan="fr", n=3, top=15).extract_keywords(SPOKEN_FR)]
    assert any("ensuite" in k.lower() or "puis" in k.lower().split() for k in stock)
    ours = [k.text.lower() for k in extract_keywords(SPOKEN_FR, "fr", embedder=None, top_n=15)]
    assert ours and not any(w in {"ensuite", "puis", "euh"} for k in ours for w in k.split())


@pytest.mark.slow
def test_keywords_come_from_the_transcript_and_glossary_is_boosted(embedder) -> None:
    found = extract_keywords(SPOKEN_FR, "fr", embedder=embedder, top_n=8)
    assert contains_phrase(" ".join(k.text for k in found[:3]), "maladie d'Alzheimer", "fr")
    assert all(contains_phrase(SPOKEN_FR, k.text, "fr") for k in found)
    assert [k.score for k in found] != sorted(k.score for k in found)  # MMR order, not plain relevance
    boosted = extract_keywords(SPOKEN_FR, "fr", embedder=embedder, top_n=8, glossary=["bilan neuropsychologique"])
    assert normalize(boosted[0].text, "fr") == normalize("bilan neuropsychologique", "fr")


@pytest.mark.slow
def test_beats_yake_on_a_handful_of_gold_documents(gold: Path, embedder) -> None:
    """The bench's claim in miniature (bench/keywords.py runs the full sets): 6 French WikiNews
    and 6 Inspec abstracts, stemmed exact match F1@10."""
    ours, base = [], []
    for name in ("fr_wikinews", "en_inspec"):
        lines = (gold / "keyphrase" / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()[:6]
        for doc in map(json.loads, lines):
            predicted = [k.text for k in extract_keywords(doc["text"], doc["lang"], embedder=embedder, top_n=10)]
            stock = [k for k, _ in yake.KeywordExtractor(lan=doc["lang"], n=3, top=10).extract_keywords(doc["text"])]
            ours.append(f_at_k(predicted, doc["keyphrases"], doc["lang"], 10))
            base.append(f_at_k(stock, doc["keyphrases"], doc["lang"], 10))
    assert np.mean(ours) > np.mean(base), (np.mean(ours), np.mean(base))


def test_english_candidates_are_noun_phrases(gold: Path) -> None:
    """On a real Inspec abstract: the tagger keeps verbs ("accept") out, noun phrases in."""
    doc = next(d for d in map(json.loads, (gold / "keyphrase" / "en_inspec.jsonl").read_text(encoding="utf-8").splitlines())
               if "comparative price format" in d["text"])  # fmt: skip
    kept = {c.text.lower() for c in candidates(doc["text"], "en")}
    assert "accept" in doc["text"].lower().split() and "accept" not in kept
    assert "comparative price format" in kept and "preference reversal" in kept


def test_a_hyphenated_compound_stays_whole(gold: Path) -> None:
    """English splits "separate-account" at its hyphen; a phrase keeps the compound whole and
    never opens on its second half ("account industry", "term memory" out of "long-term memory")."""
    doc = next(d for d in map(json.loads, (gold / "keyphrase" / "en_inspec.jsonl").read_text(encoding="utf-8").splitlines())
               if "separate-account industry" in d["keyphrases"])  # fmt: skip
    kept = {c.text.lower() for c in candidates(doc["text"], "en")}
    assert "separate-account industry" in kept and "account industry" not in kept
    said = {c.text for c in candidates("Long-term memory lasts. Long-term memory is where it is stored.", "en")}
    assert "Long-term memory" in said and not any(s.lower().startswith(("term", "-")) for s in said)
    # a hyphen before a made-up tail ("tensiomètre-tomatique", heard for "tensiomètre automatique")
    # joins nothing: the word before it still counts
    heard = {c.text: c.count for c in candidates("Un tensiomètre-tomatique au bras. Le tensiomètre est fiable.", "fr")}
    assert heard.get("tensiomètre") == 2, heard


def test_a_phrase_opens_on_what_it_names_not_on_a_hedge_or_a_sound() -> None:
    """Heard in a Crash Course talk: "a kind of sensory mix", "mwah mwah mwah". A phrase opens on
    what is spoken of, not on the noun that hedges or counts it, and says no word twice; "types of
    memory" is a term and stays whole."""
    said = {
        c.text
        for c in candidates(
            "It is a kind of sensory mix. A kind of sensory mix again. We study types of memory. Mwah mwah mwah.", "en"
        )
    }
    assert "sensory mix" in said and not any(s.lower().startswith("kind") for s in said), said
    assert "types of memory" in said and not any("mwah mwah" in s.lower() for s in said), said
    dit = {c.text for c in candidates("On ressent une sorte de douleur chronique, un tas de douleur chronique.", "fr")}
    assert "douleur chronique" in dit and not any(s.startswith(("sorte", "tas")) for s in dit), dit
    # a link word may come back: only a content word said twice is a repeat
    terms = {
        c.text
        for c in candidates(
            "Le facteur de risque de diabète est connu. Le facteur de risque de diabète augmente.", "fr"
        )
    }
    assert "facteur de risque de diabète" in terms, terms


def test_a_coordinated_complement_stays_whole() -> None:
    """Corpus smartphone.mp3 says "un mélange de dépendance et de rejet", and its chapter was headed
    "Mélange de dépendance": a mix of one thing. A complement coordinated with its preposition said
    again is one phrase; its first half alone, or the coordination without its head, is cut."""
    said = {
        c.text
        for c in candidates(
            "Ce rapport serait caractérisé par un mélange de dépendance et de rejet. On parle aussi du"
            " traitement de l'hypertension et du diabète chez l'adulte.",
            "fr",
        )
    }
    assert {"mélange de dépendance et de rejet", "dépendance", "rejet"} <= said, said
    assert not {"mélange de dépendance", "dépendance et de rejet"} & said, said
    assert "traitement de l'hypertension" not in said and "hypertension" in said, said


def test_a_noun_brought_in_by_a_preposition_keeps_its_own_complement() -> None:
    """The publish benchmark's talk says "des changements significatifs au sein de notre organisation",
    and a chapter was headed "Changements significatifs au sein": a locution cut before its
    complement. "Prise en charge" out of "la prise en charge de la douleur" is cut the same way."""
    said = {
        c.text
        for c in candidates(
            "Il faut procéder à des changements significatifs au sein de notre organisation."
            " La prise en charge de la douleur est essentielle.",
            "fr",
        )
    }
    assert {"changements significatifs", "prise en charge de la douleur"} <= said, said
    assert not {"changements significatifs au sein", "prise en charge"} & said, said
    # a noun with an article of its own stands without its complement; one given none stays whole
    kept = {c.text for c in candidates("La bataille de la succession de Jacques Chirac a commencé.", "fr")}
    assert "bataille de la succession" in kept, kept
    assert "relation à l'objet" in {c.text for c in candidates("On parle de la relation à l'objet.", "fr")}


def test_an_adjective_no_noun_of_its_phrase_agrees_with_is_a_mishearing() -> None:
    """Whisper heard "cette routine merveilleux" (merveilleuse) in a corpus talk, and the phrase became
    a chapter heading. An adjective agreeing with another noun of its phrase is French ("examen de
    la peau complet", "prise de sang régulière"), and so is an adjective that has one form for both."""
    said = {
        c.text.lower()
        for c in candidates(
            "Cette routine merveilleux nous tient. Un examen de la peau complet. Une prise de sang régulière."
            " Une maladie rare. Une routine merveilleuse.",
            "fr",
        )
    }
    assert "routine merveilleux" not in said and "routine merveilleuse" in said, said
    assert {"examen de la peau complet", "prise de sang régulière", "maladie rare"} <= said, said


def test_an_adjective_whose_number_its_noun_lacks_is_a_mishearing() -> None:
    """The publish benchmark's talk was heard "objets inédit", and a chapter was headed "Objets
    inédit"; "risque cardiovasculaires" is a piece cut out of "facteurs de risque cardiovasculaires".
    The tagger reads the adjective's number from its noun, so the endings decide; nouns that end
    in s, x or z in the singular ("temps", "nez", "bras") may take either."""
    said = {
        c.text.lower()
        for c in candidates(
            "Des objets inédit. Les facteurs de risque cardiovasculaires. Les temps forts. Un bras cassé."
            " Les troubles anxieux. Les prix élevés.",
            "fr",
        )
    }
    assert not {"objets inédit", "risque cardiovasculaires"} & said, said
    assert {"facteurs de risque cardiovasculaires", "temps forts", "bras cassé", "troubles anxieux"} <= said, said
    assert "prix élevés" in said, said
    assert "trouble anxieux" in {c.text for c in candidates("Un trouble anxieux.", "fr")}


def test_a_preposition_that_holds_its_article_takes_no_other() -> None:
    """Whisper heard "la bataille du la succession" in the benchmark's talk and a chapter was headed
    so; "du", "des", "au" already hold their article, and "de les" is no French."""
    said = {
        c.text for c in candidates("La bataille du la succession. Les troubles de la mémoire. L'accès à l'eau.", "fr")
    }
    assert not any(" du la " in s for s in said), said
    assert {"troubles de la mémoire", "accès à l'eau"} <= said, said


def test_mis_transcribed_words_never_become_candidates() -> None:
    """Whisper's "infarque-tu" for "infarctus" is no French word: no phrase holds it; a glossary
    word or a name the speaker says is kept although no word list has it."""
    said = "Elle augmente le risque d'infarque-tu et d'accident vasculaire. Le docteur Zyrtalek prescrit du bisoprolol et du kardiofix."
    found = {c.text for c in candidates(said, "fr", glossary=["kardiofix"])}
    assert not any("infarque" in f for f in found) and "risque" in found
    assert "accident vasculaire" in found and "bisoprolol" in found and "kardiofix" in found
    assert "Zyrtalek" in found


def test_a_word_opening_a_sentence_counts_when_the_text_uses_it_elsewhere(gold: Path) -> None:
    """A WikiNews headline opens on its country ("Grèce : le nouveau gouvernement..."), which the
    article names again mid-sentence: the headline's "Grèce" counts too (first said at the very
    start), found under the lower-case key normalize() gives. Imperatives opening spoken sentences
    ("Asseyez-vous", "Faites"), which the speaker never uses as nouns, stay out."""
    doc = json.loads((gold / "keyphrase" / "fr_wikinews.jsonl").read_text(encoding="utf-8").splitlines()[4])
    assert doc["text"].startswith("Grèce : ")
    found = {c.key: c for c in candidates(doc["text"], "fr")}
    greece = found[normalize("Grèce", "fr")]
    assert greece.text == "Grèce" and greece.first == 0.0 and greece.count >= doc["text"].count("Grèce")
    said = (
        "Asseyez-vous cinq minutes avant la mesure. Faites trois mesures le matin. Mesures du soir : notez-les aussi."
    )
    kept = {c.text.lower() for c in candidates(said, "fr")}
    assert "mesures du soir" in kept and not {"asseyez-vous", "faites"} & kept


def test_relevance_prefers_the_phrase_said_first(gold: Path) -> None:
    """Two phrases of a real abstract, said as often and as close to the text: the one said earlier
    ranks higher (the subject is named first)."""
    doc = json.loads((gold / "keyphrase" / "en_inspec.jsonl").read_text(encoding="utf-8").splitlines()[0])
    cands = candidates(doc["text"], "en")
    once = sorted((c for c in cands if c.count == 1), key=lambda c: c.first)
    early, late = once[0], once[-1]
    assert early.first < 0.2 < 0.8 < late.first
    scores = relevance_scores([early, late], np.zeros(2), set())
    assert scores[0] > scores[1]


def test_picked_keywords_do_not_repeat_a_picked_phrase(gold: Path, embedder) -> None:
    """No common word or phrase picked after a phrase that contains it ("price" after "price reduction")."""
    for line in (gold / "keyphrase" / "en_inspec.jsonl").read_text(encoding="utf-8").splitlines()[60:66]:
        doc = json.loads(line)
        stems = [
            (k.text, set(normalize(k.text, "en").split()))
            for k in extract_keywords(doc["text"], "en", embedder=embedder, top_n=10)
        ]
        for i, (text, a) in enumerate(stems):
            inside = [other for other, b in stems[:i] if a < b]
            assert not (text[:1].islower() and inside), (text, inside)


def test_clean_title_removes_shouting_and_forbidden_characters() -> None:
    assert clean_title("hypertension ARTÉRIELLE et AVC <b>") == "Hypertension artérielle et AVC b"
    assert clean_title("  covid : les SYMPTÔMES  ") == "Covid : les symptômes"


# The demo talk as Whisper base heard it (tests/seo/test_demo_talk.py): the plural once, the singular later.
HEARD_FR = (
    "Le surpoir, le sel, le tabard, et le manque d'activités physiques augmentent aussi le risque. "
    "Le traitement commence par l'hygiène de vie, moins de sel, une activité physique régulière, moins d'alcool "
    "et l'arrêt du tabac."
)


def test_a_phrase_is_named_in_the_singular_the_talk_uses() -> None:
    """A keyphrase (hence a tag) reads as one types it in a search box: "activité physique", the
    form the speaker also says, not "activités physiques"; its parts keep their gender
    ("artérielle", never the masculine lemma "artériel"), and a plural the talk never says in the
    singular stays as said (no form is made up)."""
    found = {c.key: c for c in candidates(HEARD_FR, "fr")}
    assert found[normalize("activités physiques", "fr")].canonical == "activité physique"
    assert found[normalize("manque d'activités physiques", "fr")].canonical == "manque d'activité physique"
    said = "Les complications artérielles sont graves. Le réseau artériel et la paroi artérielle vieillissent."
    found = {c.key: c for c in candidates(said, "fr")}
    assert found[normalize("complications artérielles", "fr")].canonical == "complications artérielles"
    assert found[normalize("paroi artérielle", "fr")].canonical == "paroi artérielle"


def test_a_phrase_never_cuts_its_complement_short() -> None:
    """ "manque d'activités" stops inside "activités physiques": a fragment that says something
    else, which no viewer searches; the head alone ("manque", "hypertension") stays a phrase."""
    keys = {c.key for c in candidates(HEARD_FR, "fr")}
    assert normalize("manque d'activités", "fr") not in keys
    assert normalize("manque d'activités physiques", "fr") in keys and normalize("manque", "fr") in keys
    keys = {c.key for c in candidates("Elle augmente le risque d'accident vasculaire cérébral.", "fr")}
    assert (
        normalize("risque d'accident", "fr") not in keys and normalize("risque d'accident vasculaire", "fr") not in keys
    )
    assert normalize("accident vasculaire cérébral", "fr") in keys


def test_a_word_of_time_is_no_part_of_a_topic() -> None:
    """ "prochaine consultation" reached the demo's tags: "prochain", "dernier" depend on when they
    are said (spaCy's English stop words have "next" and "last", its French ones not)."""
    text = "Parlez-en lors de votre prochaine consultation. Apportez le carnet à la prochaine consultation."
    found = [c.text for c in candidates(text, "fr")]
    assert "consultation" in found and not any("prochaine" in phrase for phrase in found), found


def test_a_phrase_is_one_piece_of_the_parse_not_a_noun_and_the_clause_after_it() -> None:
    """A Crash Course talk on sleep gave the keyphrase "way REM sleep" (from "the way REM sleep
    works"), and the hook listed it. Words in a row joined to different places by the parse are two
    phrases; "REM sleep" stays."""
    said = {c.text for c in candidates("We will look at the way REM sleep works. REM sleep is deep sleep.", "en")}
    assert "REM sleep" in said and not any(s.startswith("way") for s in said), said
