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
    ("Anxiety and breathing", ["anxiety", "breathing exercise", "stress"]),
    ("Knee pain after running", ["knee pain", "running", "physiotherapy"]),
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
