"""A sandbox channel seeded with 30 videos of known defects, for the audit tests.

Each seed says what an audit must find on it: the metadata fields with an SEO defect and the
deontology rules broken. Clean videos must come out with neither. The caption tracks of the
videos `audit fix` repairs are real French and English captions from the corpus.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from videokit.youtube.sandbox.state import SandboxState, new_id, rfc3339

CLIENT = "drmartin"
# YAKE keywords instead of the e5 embedder: the fix tests check the repair mechanics, not keyword
# quality (tests/seo does), and e5 takes tens of seconds per video on two shared cores.
CONFIG = f"""
[seo]
embedder = "none"

[clients.{CLIENT}]
display_name = "Dr Martin"
language = "fr"
category_id = "27"
"""
TAG_FILLERS = [
    "conseils santé", "médecin généraliste", "prévention", "consultation médicale", "symptômes",
    "traitement", "quand consulter", "santé au quotidien", "explications médicales", "bien-être",
    "questions fréquentes", "vidéo santé", "information patient", "soins", "médecine",
    "santé de la famille", "conseils du docteur", "examen médical",
]  # fmt: skip
TAG_FILLERS_EN = [
    "health advice", "family doctor", "prevention", "medical consultation", "symptoms", "treatment",
    "when to see a doctor", "everyday health", "medical explanations", "wellbeing", "common questions",
    "health video", "patient information", "care", "medicine", "family health", "doctor's advice",
    "medical check-up", "health tips",
]  # fmt: skip


@dataclass
class Seed:
    key: str
    topic: str  # the main keyword, first tag
    title: str
    description: str
    language: str = "fr"
    duration: float = 300.0
    captions: str = "published"  # "published", "draft", "none", or a corpus caption file to upload
    category: str = "27"
    tags: list[str] | None = None
    fields: set[str] = field(default_factory=set)  # fields the audit must flag
    rules: set[str] = field(default_factory=set)  # deontology rules it must report
    video_id: str = ""


def _description(
    topic: str, language: str, chapters: str | None = "0:00 Introduction\n1:05 Les signes\n2:40 Les bons gestes"
) -> str:
    if language == "en":
        body = (
            f"{topic.capitalize()}: what you need to know. In this video, a family doctor explains {topic}, "
            "the signs that should lead you to see a doctor and the simple things that help every day. "
            "This advice does not replace a consultation with your own doctor."
        )
    else:
        body = (
            f"{topic.capitalize()} : ce qu'il faut savoir. Dans cette vidéo, un médecin généraliste explique {topic}, "
            "les signes qui doivent amener à consulter et les gestes simples qui aident au quotidien. "
            "Ces conseils ne remplacent pas une consultation avec votre médecin."
        )
    return body + (f"\n\n{chapters}" if chapters else "")


def _clean(key: str, topic: str, angle: str, language: str = "fr", **extra) -> Seed:
    title = f"{topic.capitalize()} : {angle}" if language == "fr" else f"{topic.capitalize()}: {angle}"
    chapters = (
        "0:00 Introduction\n1:05 The signs\n2:40 What helps"
        if language == "en"
        else "0:00 Introduction\n1:05 Les signes\n2:40 Les bons gestes"
    )
    return Seed(key, topic, title, _description(topic, language, chapters), language, **extra)


def seeds() -> list[Seed]:
    clean = [
        _clean("clean-dos", "mal de dos", "trois exercices simples"),
        _clean("clean-sommeil", "sommeil de l'enfant", "les bonnes habitudes"),
        _clean("clean-tension", "hypertension artérielle", "comprendre les chiffres"),
        _clean("clean-diabete", "diabète de type 2", "bien manger au quotidien"),
        _clean("clean-migraine", "migraine", "reconnaître une crise"),
        _clean("clean-cheville", "entorse de la cheville", "les premiers gestes"),
        _clean("clean-pollen", "allergie au pollen", "se protéger au printemps"),
        _clean("clean-dents", "brossage des dents", "la bonne technique"),
        _clean("clean-vaccin", "vaccination de l'adulte", "le calendrier à jour"),
        _clean("clean-reflux", "reflux gastrique", "ce qui soulage"),
        _clean("clean-genou", "arthrose du genou", "bouger sans douleur"),
        _clean("clean-eczema", "eczéma du nourrisson", "les soins de la peau"),
        _clean("clean-court", "lavage des mains", "la bonne méthode", duration=75.0),  # too short to need chapters
        _clean("clean-anxiety", "anxiety", "a breathing exercise that helps", "en"),
    ]
    clean[12].description = _description("lavage des mains", "fr", chapters=None)
    defective = [
        _clean("no-captions-1", "otite de l'enfant", "quand consulter", captions="none", fields={"captions"}),
        _clean("no-captions-2", "bronchiolite", "les signes d'alerte", captions="none", fields={"captions"}),
        _clean("draft-captions", "varicelle", "soulager les démangeaisons", captions="draft", fields={"captions"}),
        _clean("chapters-start", "cystite", "les bons réflexes", fields={"chapters"}),
        _clean("chapters-two", "constipation", "ce qui aide vraiment", fields={"chapters"}),
        _clean("chapters-short", "torticolis", "détendre la nuque", fields={"chapters"}),
        _clean(
            "long-title-1",
            "tendinite de l'épaule",
            "tout comprendre en quelques minutes avec votre médecin généraliste",
            fields={"title"},
        ),
        _clean(
            "long-title-2",
            "insomnie",
            "pourquoi on se réveille la nuit et comment retrouver un sommeil réparateur",
            fields={"title"},
        ),
        _clean("empty-description-1", "angine", "virale ou bactérienne", duration=60.0, fields={"description"}),
        _clean("empty-description-2", "mal de gorge", "les remèdes simples", duration=70.0, fields={"description"}),
        _clean(
            "superlative-title",
            "chirurgie de la main",
            "le meilleur chirurgien de Lyon",
            rules={"fr.superlatif.autopromotion", "fr.superlatif"},
        ),
        _clean("superlative-description", "cataracte", "l'opération expliquée", rules={"fr.superlatif.autopromotion"}),
        _clean("patient-name-1", "asthme", "vivre avec au quotidien", rules={"fr.prive.nom"}),
        _clean("patient-name-2", "zona", "soigner la douleur", rules={"fr.prive.nom"}),
        _clean(
            "fix-chapters",
            "fatigue",
            "les causes fréquentes",
            duration=59.2,
            captions="fr/whisperx_sample_fr_01.srt",
            fields={"chapters"},
        ),
        _clean(
            "fix-description",
            "hospital care",
            "what to expect",
            "en",
            duration=60.2,
            captions="video/whisperx_sample01.srt",
            fields={"description"},
        ),
    ]
    by_key = {s.key: s for s in defective}
    by_key["chapters-start"].description = _description(
        "cystite", "fr", "0:05 Introduction\n1:05 Les signes\n2:40 Les bons gestes"
    )
    by_key["chapters-two"].description = _description("constipation", "fr", "0:00 Introduction\n2:00 Ce qui aide")
    by_key["chapters-short"].description = _description(
        "torticolis", "fr", "0:00 Introduction\n0:04 Les signes\n2:40 Les bons gestes"
    )
    for key in ("empty-description-1", "empty-description-2"):
        by_key[key].description = ""
    by_key["superlative-description"].description = _description("cataracte", "fr").replace(
        "Ces conseils", "Notre cabinet est le numéro 1 en France pour la cataracte. Ces conseils"
    )
    by_key["patient-name-1"].description = _description("asthme", "fr").replace(
        "Ces conseils", "Mon patient Jean Dupont a retrouvé son souffle. Ces conseils"
    )
    by_key["patient-name-2"].description = _description("zona", "fr").replace(
        "Ces conseils", "Madame Lefebvre témoigne de sa guérison. Ces conseils"
    )
    by_key["fix-chapters"].description = _description(
        "fatigue", "fr", "0:00 Introduction\n0:20 Les causes"
    )  # two chapters: invalid
    by_key["fix-description"].description = ""
    return clean + defective


def _tags(seed: Seed) -> list[str]:
    fillers = TAG_FILLERS_EN if seed.language == "en" else TAG_FILLERS
    return [seed.topic, *fillers]  # about 300 characters: the scorer's full tag budget


def seed_channel(state_path: Path, corpus: Path, account: str = CLIENT) -> list[Seed]:
    """Write the seeds into a sandbox state file (as an existing channel: backdated, simulated views)."""
    state = SandboxState(state_path)
    try:
        channel_id = state.channel_for(account)
        title = state.channel(channel_id)["title"]
        now = time.time()
        out = seeds()
        for i, seed in enumerate(out):
            published = now - 86400 * (400 - 13 * i)  # one video every 13 days, the last about a month ago
            seed.tags = seed.tags or _tags(seed)
            seed.video_id = new_id(11)
            snippet = {
                "publishedAt": rfc3339(published),
                "channelId": channel_id,
                "channelTitle": title,
                "title": seed.title,
                "description": seed.description,
                "tags": seed.tags,
                "categoryId": seed.category,
                "defaultLanguage": seed.language,
                "liveBroadcastContent": "none",
                "localized": {"title": seed.title, "description": seed.description},
            }
            status = {"uploadStatus": "uploaded", "privacyStatus": "public", "license": "youtube", "embeddable": True,
                      "publicStatsViewable": True, "madeForKids": False, "selfDeclaredMadeForKids": False}  # fmt: skip
            resource = {"kind": "youtube#video", "id": seed.video_id, "snippet": snippet, "status": status}
            state.add_video(seed.video_id, channel_id, resource, None, seed.duration, published, seeded=True)
            if seed.captions in ("published", "draft"):
                cue = "WEBVTT\n\n00:00.000 --> 00:04.000\n" + seed.title + "\n"
                state.add_caption(seed.video_id, seed.language, "", seed.captions == "draft", cue.encode())
            elif seed.captions != "none":
                state.add_caption(seed.video_id, seed.language, "", False, (corpus / seed.captions).read_bytes())
        return out
    finally:
        state.close()


@pytest.fixture
def channel(home: Path, corpus: Path) -> dict[str, Seed]:
    """The seeded channel of client `drmartin` in this test's home (sandbox started on first use)."""
    (home / "config.toml").write_text(CONFIG, encoding="utf-8")
    return {s.key: s for s in seed_channel(home / "sandbox.db", corpus)}


@pytest.fixture
def session(channel, home: Path):
    """An authorised session (the sandbox's first consent spends 1 unit: done before any measurement)."""
    from videokit.config import load_settings
    from videokit.store import open_store
    from videokit.youtube.service import connect

    settings = load_settings(home)
    session = connect(settings, open_store(settings.database_url), settings.client(CLIENT))
    yield session
    session.close()


def read_json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))
