"""Simulated audience: deterministic per-video growth curves (seeded), labelled simulated.

Each video gets, from a hash of (sandbox seed, video id), an early burst that decays (subscribers
and browse features), a steady long tail (search), an average watched fraction, a subscriber rate
and a traffic-source mix. The same seed always gives the same numbers, so tracking and reports can
be demonstrated and tested; nothing here pretends to be real data.
"""

from __future__ import annotations

import math
import random
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from videokit.youtube.quota import PACIFIC

SOURCES = ("YT_SEARCH", "SUGGESTED", "BROWSE", "EXT_URL", "PLAYLIST", "NO_LINK_OTHER", "YT_CHANNEL")
_WORD = re.compile(r"[\wÀ-ÿ'-]{4,}", re.UNICODE)


@dataclass(frozen=True)
class Curve:
    burst: float  # views the early burst brings in total
    tau: float  # days for the burst to decay by e
    tail: float  # steady views a day (search)
    watched: float  # average fraction of the video watched
    subs_per_view: float
    likes_per_view: float
    comments_per_view: float
    mix: tuple[float, ...]  # share of views per SOURCES entry

    def cumulative(self, days: float) -> int:
        """Total views `days` after publication (0 before)."""
        if days <= 0:
            return 0
        return int(self.burst * (1 - math.exp(-days / self.tau)) + self.tail * days)

    def on_day(self, index: int) -> int:
        """Views during day `index` after publication (0 = the publication day)."""
        return self.cumulative(index + 1) - self.cumulative(index) if index >= 0 else 0


def curve(video_id: str, seed: int = 0) -> Curve:
    rng = random.Random(f"{seed}:{video_id}")
    search_share = rng.uniform(0.15, 0.55)
    rest = [rng.uniform(0.2, 1.0) for _ in SOURCES[1:]]
    scale = (1 - search_share) / sum(rest)
    return Curve(
        burst=rng.lognormvariate(math.log(250), 0.9),
        tau=rng.uniform(2.0, 9.0),
        tail=rng.uniform(0.5, 12.0),
        watched=rng.uniform(0.28, 0.62),
        subs_per_view=rng.uniform(0.002, 0.012),
        likes_per_view=rng.uniform(0.02, 0.06),
        comments_per_view=rng.uniform(0.001, 0.006),
        mix=(search_share, *(r * scale for r in rest)),
    )


def days_since(published_ts: float, now: datetime | None = None) -> float:
    now = now or datetime.now(PACIFIC)
    return (now.timestamp() - published_ts) / 86400


def statistics(video_id: str, published_ts: float, seed: int) -> dict[str, str]:
    """videos.list statistics (counts as strings, as the API returns them)."""
    c = curve(video_id, seed)
    views = c.cumulative(days_since(published_ts))
    return {
        "viewCount": str(views),
        "likeCount": str(int(views * c.likes_per_view)),
        "favoriteCount": "0",
        "commentCount": str(int(views * c.comments_per_view)),
    }


def daily(
    video_id: str, published_ts: float, duration: float, seed: int, start: date, end: date
) -> list[tuple[date, int, float, int]]:
    """(day, views, minutes watched, subscribers gained) per Pacific day in [start, end], up to yesterday."""
    c = curve(video_id, seed)
    published = datetime.fromtimestamp(published_ts, PACIFIC).date()
    today = datetime.now(PACIFIC).date()
    out = []
    day = start
    while day <= end and day < today:
        views = c.on_day((day - published).days)
        minutes = views * duration * c.watched / 60
        out.append((day, views, minutes, round(views * c.subs_per_view)))
        day += timedelta(days=1)
    return out


def split(total: int, shares: tuple[float, ...]) -> list[int]:
    """Split an integer by shares, largest remainder first, so parts add up exactly."""
    raw = [total * s for s in shares]
    parts = [int(r) for r in raw]
    for i in sorted(range(len(raw)), key=lambda i: raw[i] - parts[i], reverse=True)[: total - sum(parts)]:
        parts[i] += 1
    return parts


# How patients phrase a search around a topic (so not every query is in the video's metadata), and
# neighbouring topics they search for that a channel may not have covered yet.
_PATIENT_PHRASES = ("{} symptômes", "{} que faire", "{} symptoms")
_RELATED = {
    "mal de dos": "sciatique",
    "lombalgie": "hernie discale",
    "migraine": "migraine ophtalmique",
    "diabète": "hypoglycémie",
    "hypertension": "tension basse",
    "entorse": "tendinite",
    "allergie": "urticaire",
    "sommeil bébé": "coliques bébé",
    "dentiste": "dent de sagesse",
    "anxiété": "crise d'angoisse",
    "douleur genou": "tendinite rotulienne",
    "anxiety": "panic attack",
    "knee pain": "shin splints",
}


def search_terms(video_id: str, title: str, tags: list[str], seed: int) -> list[tuple[str, float]]:
    """Plausible search queries for a video (its tags, title words, a patient's phrasing of its first
    tag and a neighbouring topic), with seeded weights."""
    rng = random.Random(f"{seed}:{video_id}:terms")
    words = [w.lower() for w in _WORD.findall(title)]
    phrased = []
    if tags:
        first = tags[0].lower()
        english = bool(set(words) & {"and", "the", "after", "for", "with", "of", "your", "how", "what"})
        phrased.append(_PATIENT_PHRASES[2 if english else rng.randrange(2)].format(first))
        phrased += [_RELATED[t.lower()] for t in tags if t.lower() in _RELATED][:1]
    candidates = list(
        dict.fromkeys([t.lower() for t in tags] + [" ".join(words[i : i + 2]) for i in range(len(words) - 1)] + phrased)
    )
    if not candidates:
        candidates = words or [title.lower()[:30] or video_id]
    weights = [rng.paretovariate(1.5) for _ in candidates]
    total = sum(weights)
    return [(term, w / total) for term, w in zip(candidates, weights)]
