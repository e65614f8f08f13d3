"""Seed a sandbox channel with N public videos backdated over D days, for reports and audits.

The videos are invented (no media; "simulated": true on each), with deterministic titles, tags
and durations from `seed`; a share of them has the weak metadata audits look for (no description,
few tags, a title past 70 characters), so an audit has something to find.
"""

from __future__ import annotations

import random
import time
from pathlib import Path

from videokit.youtube.sandbox.state import ID_ALPHABET, SandboxState, rfc3339

_TOPICS = [
    ("Mal de dos", ["mal de dos", "lombalgie", "kiné", "exercices dos"]),
    ("Sommeil de bébé", ["sommeil bébé", "pédiatre", "nuit bébé"]),
    ("Hypertension artérielle", ["tension artérielle", "hypertension", "cardiologue"]),
    ("Diabète de type 2", ["diabète", "glycémie", "alimentation diabète"]),
    ("Migraine", ["migraine", "mal de tête", "neurologue"]),
    ("Entorse de la cheville", ["entorse", "cheville", "kinésithérapie"]),
    ("Allergies de printemps", ["allergie", "pollen", "rhinite"]),
    ("Brossage des dents", ["dentiste", "brossage", "caries"]),
    ("Anxiété et respiration", ["anxiété", "exercice de respiration", "stress"]),
    ("Douleur au genou en courant", ["douleur genou", "course à pied", "kinésithérapie"]),
]
_ANGLES = [
    "5 conseils simples",
    "ce qu'il faut savoir",
    "les erreurs à éviter",
    "quand consulter ?",
    "explications d'un médecin",
]


def seed_channel(
    state: Path | SandboxState, account: str = "sandbox", videos: int = 20, days: int = 60, seed: int = 0
) -> list[str]:
    """Add `videos` invented public videos to `account`'s channel, published over the last `days` days."""
    own = not isinstance(state, SandboxState)
    st = SandboxState(Path(state)) if own else state
    try:
        rng = random.Random(f"seed:{seed}:{account}")
        channel_id = st.channel_for(account)
        channel = st.channel(channel_id)
        now = time.time()
        ids = []
        for i in range(videos):
            topic, tags = _TOPICS[rng.randrange(len(_TOPICS))]
            angle = rng.choice(_ANGLES)
            title = f"{topic} : {angle}"
            weak = rng.random() < 0.3
            if weak and rng.random() < 0.5:
                title += " | tout comprendre en quelques minutes avec votre praticien"
            published = now - days * 86400 * (videos - i) / videos + rng.uniform(0, 3600)
            description = (
                ""
                if weak
                else f"{topic} : {angle}. Un médecin explique simplement.\n\n00:00 Introduction\n01:10 Conseils\n03:00 Quand consulter"
            )
            video_id = "".join(rng.choice(ID_ALPHABET) for _ in range(11))  # same seed, same ids, same curves
            resource = {
                "kind": "youtube#video",
                "id": video_id,
                "snippet": {
                    "publishedAt": rfc3339(published),
                    "channelId": channel_id,
                    "channelTitle": channel["title"],
                    "title": title,
                    "description": description,
                    "tags": tags[:1] if weak else tags,
                    "categoryId": "27",
                    "defaultLanguage": "en" if topic[0] in "AK" else "fr",
                    "liveBroadcastContent": "none",
                    "localized": {"title": title, "description": description},
                },
                "status": {"uploadStatus": "uploaded", "privacyStatus": "public", "license": "youtube", "embeddable": True,
                           "publicStatsViewable": True, "madeForKids": False, "selfDeclaredMadeForKids": False},
            }  # fmt: skip
            st.add_video(video_id, channel_id, resource, None, rng.uniform(60, 900), published, seeded=True)
            ids.append(video_id)
        return ids
    finally:
        if own:
            st.close()


# What viewers write under a doctor's videos (invented): advice requests, patients disclosing their
# health or identity, spam, ordinary questions and praise, in French and English.
VIEWER_COMMENTS: dict[str, list[tuple[str, str]]] = {
    "fr": [
        ("Camille R.", "Merci docteur, vidéo très claire et utile !"),
        ("Jean-Marc P.", "Est-ce que la kiné est remboursée par la sécurité sociale ?"),
        (
            "Sophie L.",
            "J'ai 52 ans, je suis diabétique et je prends de la metformine 1000 mg : est-ce que je peux arrêter "
            "mon traitement si ma glycémie est bonne ?",
        ),
        (
            "Martine Dubois",
            "Je m'appelle Martine Dubois, née le 12/03/1961, on m'a diagnostiqué un cancer du sein l'an dernier "
            "à Lyon, mon numéro est le 06 12 34 56 78 si vous pouvez me rappeler.",
        ),
        ("Promo Santé", "Gagnez 500 € par jour depuis chez vous !!! Cliquez ici https://bit.ly/xxxx"),
        ("Luc", "Super explications, je partage à ma famille."),
        ("Nadia B.", "Quelle dose d'ibuprofène je dois prendre pour mon mal de dos, docteur ?"),
        ("Paul", "À partir de quel âge peut-on faire ces exercices ?"),
    ],
    "en": [
        ("Emma W.", "Thank you doctor, really clear and helpful video!"),
        ("Tom", "Does this also apply to people who run every day?"),
        (
            "Grace H.",
            "I'm 47 and was just diagnosed with type 2 diabetes, should I stop taking my metformin if my sugar "
            "is normal now?",
        ),
        (
            "John Smith",
            "My name is John Smith, born 04/05/1970, I have HIV and my doctor in Leeds won't listen, call me on "
            "07700 900123 please.",
        ),
        ("Crypto King", "Earn $500 a day from home!!! DM me on WhatsApp +1 555 0100 or visit bit.ly/xxxx"),
        ("Priya", "Great explanation, sharing with my mum."),
    ],
}


def seed_comments(
    state: Path | SandboxState, video_ids: list[str], language: str = "fr", hours: float = 48.0, seed: int = 0
) -> list[str]:
    """Viewers' comment threads on `video_ids` (VIEWER_COMMENTS in `language`, dealt round the videos),
    posted over the last `hours`; the comment ids, newest last. Invented: each says "simulated"."""
    own = not isinstance(state, SandboxState)
    st = SandboxState(Path(state)) if own else state
    try:
        rng = random.Random(f"comments:{seed}:{language}")
        texts = VIEWER_COMMENTS[language]
        now = time.time()
        ids = []
        for i, (author, text) in enumerate(texts):
            video_id = video_ids[i % len(video_ids)]
            viewer = "UC" + "".join(rng.choice(ID_ALPHABET) for _ in range(22))
            when = now - hours * 3600 * (len(texts) - i) / len(texts)
            ids.append(st.add_comment(video_id, author, viewer, text, published_at=when, seeded=True))
        return ids
    finally:
        if own:
            st.close()
