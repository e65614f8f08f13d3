"""The talk's subject, as the speaker names it, and the titles built on it, on real transcripts:
the demo talk's script (assets/make_sample_clip.py) and the corpus references."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from videokit import nlp
from videokit.config import ClientProfile
from videokit.seo import structure
from videokit.seo.embed import embed, sentence_heads
from videokit.seo.subject import Subject, main_subject
from videokit.seo.timed import timed_sentences
from videokit.seo.titles import title_candidates
from videokit.speech.types import Transcript

ROOT = Path(__file__).resolve().parents[2]


def _demo_script() -> list[str]:
    spec = importlib.util.spec_from_file_location("make_sample_clip", ROOT / "assets/make_sample_clip.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return [sentence for sentence, _ in module.SCRIPT]


@pytest.fixture(scope="module")
def demo_text(text_transcript) -> str:
    return _spoken(text_transcript(" ".join(_demo_script()), "fr", 140.0))


@pytest.fixture(scope="module")
def smartphone_text(corpus: Path, text_transcript) -> str:
    return _spoken(text_transcript((corpus / "fr/smartphone.txt").read_text(encoding="utf-8"), "fr", 177.8))


def _subject_and_title(text: str) -> tuple[Subject, str]:
    """An English talk's subject and its first title."""
    subject = main_subject(text, "en")
    assert subject is not None
    return subject, title_candidates([], "en", text=text, duration=300, subject=subject)[0].text


def _spoken(transcript: Transcript) -> str:
    return " ".join(s.text for s in timed_sentences(transcript))


def test_the_subject_is_the_phrase_said_throughout_in_the_speakers_words(demo_text: str, embedder) -> None:
    # "hypertension" alone, "tension" (said more often) or "tensiomètre" (one part) are not it
    announced = structure.announced_topic(demo_text.split(". ")[:3], "fr")
    assert announced == "hypertension artérielle"
    assert main_subject(demo_text, "fr", announced=announced).text == "hypertension artérielle"
    # unannounced, as derive_metadata runs it: the phrases closest to the whole talk weigh more
    unannounced = demo_text.replace("aujourd'hui nous parlons de l'hypertension artérielle", "voici")
    sentences = sentence_heads([s + "." for s in unannounced.split(". ")])
    talk_vector = embed(embedder, sentences, kind="query").mean(axis=0)
    found = main_subject(unannounced, "fr", embedder=embedder, talk_vector=talk_vector)
    assert found is not None and found.text == "hypertension artérielle"


def test_the_viewer_intents_the_talk_covers_in_title_order(demo_text: str) -> None:
    subject = main_subject(demo_text, "fr")
    assert subject is not None and subject.intents == ("symptômes", "traitement")


def test_a_name_or_a_passing_mention_announced_is_not_the_subject(smartphone_text: str) -> None:
    for announced in ("Nicolas", "la photo"):  # a name the speaker cites; a thing said once
        subject = main_subject(smartphone_text, "fr", announced=announced)
        assert subject is not None and subject.text not in ("Nicolas", "photo", "la photo")


def test_a_glossary_term_the_talk_keeps_saying_is_the_subject(smartphone_text: str) -> None:
    subject = main_subject(smartphone_text, "fr", glossary=["smartphone"])
    assert subject is not None and subject.text == "smartphone"
    titles = title_candidates(
        [], "fr", text=smartphone_text, duration=177.8, client=ClientProfile(name="t", language="fr"), subject=subject
    )
    first = titles[0].text
    assert first.startswith("Smartphone : ") and len(first) <= 70
    # the parts are distinct, specific terms of the talk, never the words everyone says
    assert not {"chose", "fois", "gens", "question"} & set(first.lower().replace(",", " ").split())


def test_what_the_speaker_talked_about_before_is_no_announcement() -> None:
    # real openings: Crash Course Psychology #20 recalls earlier episodes; a health talk announces
    recalled = "So far in our exploration of how the mind grows, we've talked about a lot of different philosophies."
    assert structure.announced_topic([recalled], "en") is None
    assert structure.announced_topic(["On a parlé du diabète la semaine dernière."], "fr") is None
    assert (
        structure.announced_topic(["Bonjour.", "Aujourd'hui nous parlons de l'hypertension artérielle."], "fr")
        == "hypertension artérielle"
    )


def test_a_title_lists_the_parts_as_the_speaker_says_them() -> None:
    """ "blood glucose", said five times of the seven "glucose", is the part: the form the speaker
    uses, as the subject takes "hypertension artérielle" over "hypertension" (bench talks:
    "retrieval cues", "inattentional blindness", "psychological research")."""
    text = (
        "Today we talk about diabetes. Diabetes is a disease in which the body cannot control its glucose. "
        "In diabetes, blood glucose stays too high after meals. Diabetes damages the eyes, the kidneys and the "
        "nerves. You can measure your blood glucose at home with a meter. Type 2 diabetes is the most common "
        "form of diabetes. Insulin lowers blood glucose. Diabetes is treated with diet, exercise and insulin. "
        "When diabetes is not treated, blood glucose damages small vessels. Keep your glucose in range and your "
        "diabetes stays quiet."
    )
    subject, title = _subject_and_title(text)
    assert subject.text == "diabetes"
    assert [o.text for o in subject.others][:2] == ["blood glucose", "insulin"]
    assert title == "Diabetes: blood glucose and insulin"


def test_the_people_a_talk_speaks_of_by_role_are_not_its_subject() -> None:
    """Crash Course Psychology #39 (bench talk XoTx7Rt4dig) was titled "Psychologists: aggression,
    altruism and conflict": the people who study a topic are said throughout a talk on it, but a
    title names the topic. WordNet's person nouns (videokit/person_nouns.en.txt) are left out of
    the subject and the parts; an age or family word is not ("children" may be whom a talk is for)."""
    text = (
        "Psychologists have long asked why people hurt each other. Psychologists call it aggression. "
        "Some psychologists see aggression as biology, other psychologists see it as learning. "
        "Psychologists in the nineteen sixties filmed children hitting a doll after watching an adult do it. "
        "Aggression was copied. But psychologists also study altruism, helping with no reward. "
        "Psychologists found that altruism drops when many people are watching. "
        "Aggression and altruism are two sides of how we treat others, psychologists say. "
        "Frustration can turn into aggression, and empathy into altruism, as psychologists keep finding."
    )
    subject, title = _subject_and_title(text)
    assert subject.text == "aggression and altruism"
    assert title.startswith("Aggression and altruism") and "sychologist" not in title
    assert nlp.person_noun("Researchers", "en") and nlp.person_noun("therapist", "en")
    assert not nlp.person_noun("children", "en") and not nlp.person_noun("memory", "en")


def test_a_category_noun_takes_the_form_the_talk_is_about() -> None:
    """Crash Course Psychology #28 (bench talk wuhJ-GkRRQc, "Psychological Disorders") was titled
    "Disorders: causes, symptoms and diagnosis": "psychological disorders", said 9 times of the 24
    "disorders" (under half) but the second most central phrase, is what the talk is about. A
    longer form said a third as often as the subject is taken when it is among the most central."""
    text = (
        "Psychological disorders are more common than we think. Disorders of mood, of anxiety and of thought "
        "touch one person in five. How do clinicians tell disorders from ordinary sadness? We define "
        "psychological disorders by distress and dysfunction. Some disorders last weeks, other disorders a "
        "lifetime. The manual lists psychological disorders by their symptoms. People once blamed psychological "
        "disorders on demons. "
        "Today disorders are studied with brain imaging, and disorders are treated with therapy. "
        "Many disorders respond to treatment, and nobody chooses their disorders."
    )
    subject, title = _subject_and_title(text)
    assert subject.text == "psychological disorders"
    assert title.startswith("Psychological disorders")
