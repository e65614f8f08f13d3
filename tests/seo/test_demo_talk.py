"""The demo talk as `make demo` runs it (assets/make_sample_clip.py: a French talk in four
announced parts spoken by a TTS voice; dead air trimmed; transcribed by Whisper base with the demo
glossary): what it prints is what an editor would keep."""

from __future__ import annotations

import dataclasses
import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from videokit import nlp
from videokit.config import ClientProfile
from videokit.media.cuts import plan_cuts
from videokit.media.detect import detect_speech
from videokit.media.options import TrimOptions
from videokit.media.probe import probe
from videokit.media.trim import trim
from videokit.seo.derive import derive_metadata
from videokit.seo.describe import FLOOR_WORD, SURE_WORD, clean_sentence
from videokit.seo.highlight import pick_highlight
from videokit.seo.options import SeoOptions
from videokit.seo.structure import boundary_cue, stands_alone
from videokit.seo.text import sentences, words
from videokit.seo.timed import timed_sentences
from videokit.speech.options import TranscribeOptions
from videokit.speech.rehear import Rehearing
from videokit.speech.transcribe import transcribe
from videokit.youtube.limits import DESCRIPTION_FOLD_CHARS

ROOT = Path(__file__).resolve().parents[2]
GLOSSARY = [
    line.strip()
    for line in (ROOT / "assets/demo/glossary.txt").read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#")
]
CLIENT = ClientProfile(
    name="demo",
    display_name="Cabinet du Dr Exemple",
    language="fr",
    glossary=GLOSSARY,
    website="https://example.org",
    hashtags=["Santé"],
)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo talk as `make demo` trims it."""
    folder = tmp_path_factory.mktemp("demo")
    raw, clip = folder / "sample-fr.mp4", folder / "trimmed.mp4"
    subprocess.run(
        [sys.executable, str(ROOT / "assets/make_sample_clip.py"), str(raw)], check=True, capture_output=True
    )
    info, options = probe(raw), TrimOptions()
    trim(raw, plan_cuts(info, detect_speech(raw, info, options), options), clip, info, options=options)
    return clip


@pytest.fixture(scope="module")
def demo(clip: Path, models_dir: Path):
    transcript = transcribe(
        clip, TranscribeOptions(language="fr", glossary=GLOSSARY, cpu_threads=2), models_dir=models_dir
    )
    return transcript, derive_metadata(transcript, CLIENT, SeoOptions())


ANNOUNCED = ("Parlons d'abord", "Voyons maintenant", "Enfin, parlons")


def test_the_four_announced_parts_become_the_four_chapters(demo) -> None:
    transcript, metadata = demo
    # Whisper base once ended the first 30 s chunk's text after 11 s here and skipped to the next
    # chunk: transcribe decodes such stretches again, so every announcement is in the transcript.
    assert all(a.lower() in transcript.text.lower() for a in ANNOUNCED), transcript.text
    titles = [c.title for c in metadata.chapters]
    assert titles[0] == "Introduction" and metadata.chapters[0].start == 0
    assert titles[1:] == [
        "Symptômes de l'hypertension",
        "Comment mesurer sa tension à domicile",
        "Traitement de l'hypertension artérielle",
    ]
    for chapter, announce in zip(metadata.chapters[1:], ANNOUNCED):
        said = next(
            w.start
            for w in transcript.words
            if w.text.strip().lower().startswith(announce.split()[0].lower().rstrip(","))
            and w.start >= chapter.start - 3
        )
        assert abs(chapter.start - said) <= 2, (chapter, said)


def test_title_names_the_subject_and_the_parts(demo) -> None:
    _, metadata = demo
    assert metadata.title == "Hypertension artérielle : symptômes, mesure et traitement"
    assert len(metadata.titles) == 3 and all(len(t.text) <= 70 for t in metadata.titles)


def test_hook_says_what_the_viewer_learns(demo) -> None:
    _, metadata = demo
    hook = metadata.parts["hook"]
    assert hook.startswith("Dans cette vidéo : les symptômes de l'hypertension")
    assert metadata.description.startswith(hook) and len(hook) <= DESCRIPTION_FOLD_CHARS
    for opener in ("Enfin", "Donc", "Ensuite", "Et "):
        assert not metadata.parts["summary"].startswith(opener)
        assert f". {opener}" not in metadata.parts["summary"]


def test_no_transcription_error_reaches_the_tags(demo) -> None:
    transcript, metadata = demo
    glossary_words = {w.lower() for g in GLOSSARY for w in words(g)}
    for tag in metadata.tags:
        for word in words(tag):
            assert word.lower() in glossary_words or word[:1].isupper() or nlp.known_word(word, "fr"), (tag, word)
    assert "tensiomètre" in metadata.tags and "antihypertenseur" in metadata.tags
    assert "tension artérielle" in transcript.text.lower()  # "mesurer la tension artérielle" is not rewritten


def test_no_everyday_word_the_talk_only_mentions_is_a_tag(demo) -> None:
    """ "pression", "adulte", "maladie" and "manque d'activité physique" are said once, "risque"
    twice: any text says them as often; the talk's subject and its field's terms stay."""
    _, metadata = demo
    for generic in ("pression", "adulte", "âge", "risque", "maladie", "manque d'activité physique"):
        assert generic not in metadata.tags, metadata.tags
    assert {"hypertension artérielle", "tensiomètre", "antihypertenseur", "symptôme"} <= set(metadata.tags)


def test_the_summary_quotes_only_sentences_heard_with_confidence(demo) -> None:
    """Whisper base hears "elle abîme le cœur" as "elle abîme le cours" and "Parlez-en" as "Parlez en
    à" (real words, so no dictionary check catches them): the summary quotes only sentences the
    model was sure of every word of, still one from each of the longest chapters."""
    transcript, metadata = demo
    summary = metadata.parts["summary"]
    sure = {clean_sentence(s.text, "fr") for s in timed_sentences(transcript) if s.confidence >= SURE_WORD}
    quoted = sentences(summary)
    assert len(quoted) == 3 and all(q in sure for q in quoted), (quoted, sure)
    assert "le cours" not in summary and "Parlez en" not in summary


def test_with_the_audio_the_summary_quotes_only_what_the_speaker_said(clip: Path, demo, models_dir: Path) -> None:
    """As the publish step derives it, sentences about to be quoted heard again from the audio
    (videokit.speech.rehear): each quoted sentence is word for word one of the script's (a number
    Whisper writes in digits stands for the script's words), so the doctor never signs "fri" for
    "fruits"; there still is a summary."""
    transcript, _ = demo
    rehearing = Rehearing(
        clip, TranscribeOptions(language="fr", glossary=GLOSSARY, cpu_threads=2), "fr", models_dir=models_dir
    )
    metadata = derive_metadata(transcript, CLIENT, SeoOptions(), rehearing=rehearing)
    spec = importlib.util.spec_from_file_location("make_sample_clip", ROOT / "assets/make_sample_clip.py")
    assert spec and spec.loader
    maker = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(maker)  # its SCRIPT: the talk's own words, the reference
    script = [[w.lower() for w in words(line)] for text, _ in maker.SCRIPT for line in sentences(text)]
    quoted = sentences(metadata.parts["summary"])
    assert quoted and 0 < rehearing.hearings <= 2 * (SeoOptions().summary_sentences + 1)
    for sentence in quoted:
        heard = [w.lower() for w in words(sentence)]
        spelled = [w for w in heard if not w.isdigit()]
        assert any(
            _in_order(spelled, line) and len(line) - len(spelled) <= 2 * (len(heard) - len(spelled)) for line in script
        ), sentence


def _in_order(part: list[str], whole: list[str]) -> bool:
    rest = iter(whole)
    return all(word in rest for word in part)


def test_tags_are_searched_phrases_in_their_singular(demo) -> None:
    """ "activités physiques" is typed "activité physique" (the speaker says it so too); "manque
    d'activités" cuts "activités physiques" in two: no viewer searches it."""
    transcript, metadata = demo
    said_singular = {t.lemma_ for t in nlp.analyse(transcript.text, "fr") if t.morph.get("Number", []) == ["Sing"]}
    for tag in metadata.tags:
        for token in nlp.tag(tag, "fr"):
            plural = token.pos_ in ("NOUN", "ADJ") and token.morph.get("Number", []) == ["Plur"]
            assert not (plural and token.lemma_ in said_singular), (tag, token.text)
    assert not any(t.startswith("manque d'activités") for t in metadata.tags), metadata.tags


def test_the_short_neither_starts_mid_thought_nor_ends_on_an_announcement(demo) -> None:
    """The Short's stretch of the demo talk once ended on "Voyons maintenant comment bien mesurer sa
    tension à domicile.": a part the Short leaves out, announced in its last second."""
    transcript, metadata = demo
    highlight = pick_highlight(timed_sentences(transcript), [k.text for k in metadata.keywords], "fr")
    said = sentences(highlight.text)
    assert not boundary_cue(said[-1], "fr") >= 1.0, said[-1]
    assert stands_alone(said[0], "fr") or boundary_cue(said[0], "fr") >= 1.0, said[0]
    assert highlight.hits > 0 and 15.0 <= highlight.end - highlight.start <= 58.0


def test_poor_audio_still_gets_a_summary_of_its_surest_sentences(demo) -> None:
    """On poor audio Whisper base is sure of no sentence worth quoting (the demo talk under loud white
    noise: which ones depends on the CPU's int8 arithmetic, so the doubt is set here, the demo talk's
    word probabilities capped below SURE_WORD): the summary, once empty, quotes the surest sentences
    with no word below FLOOR_WORD; the hook still says something."""
    transcript, _ = demo
    doubtful = dataclasses.replace(
        transcript,
        segments=tuple(
            dataclasses.replace(
                segment,
                words=tuple(
                    dataclasses.replace(w, probability=min(w.probability, SURE_WORD - 0.01)) for w in segment.words
                ),
            )
            for segment in transcript.segments
        ),
    )
    metadata = derive_metadata(doubtful, CLIENT, SeoOptions())
    heard = {clean_sentence(s.text, "fr"): s.confidence for s in timed_sentences(doubtful)}
    quoted = sentences(metadata.parts["summary"])
    assert quoted and all(FLOOR_WORD <= heard[q] < SURE_WORD for q in quoted), (quoted, heard)
    assert len(metadata.parts["hook"]) > len(metadata.parts["main_keyword"]) + 10
    assert "\n\n\n" not in metadata.description


def test_the_closing_advice_is_written_as_french_writes_it(demo) -> None:
    """Whisper base writes the demo's last advice "Parlez en à votre médecin traitant…": quoted
    (title, hook, summary), it reads "Parlez-en à votre médecin traitant…"."""
    transcript, _ = demo
    said = next(s.text for s in timed_sentences(transcript) if s.text.lower().startswith(("parlez en", "parlez-en")))
    assert clean_sentence(said, "fr").startswith("Parlez-en à votre médecin traitant"), said
