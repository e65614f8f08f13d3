"""What patients search, and whether the channel can join YouTube's health features.

Search: the YouTube search terms that brought viewers (Analytics insightTrafficSourceDetail for
YT_SEARCH), split into the terms a dedicated video answers (every significant word of the term is
in the video's title or keywords), the terms with views but no such video, topics suggested from
those, and, per video, the terms that bring it viewers but that its metadata does not carry: those
feed `videokit audit fix` (the missing term joins the video's tags).

Readiness: public watch hours over the last 12 months, the share of the channel's videos that are
health content, and the checklist of the health features' application with the gap to each
threshold. Strikes are not visible through the YouTube APIs: the checklist says where to look.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from videokit.config import ClientProfile
from videokit.reports.options import HealthFeatures

# Words that carry no topic (folded: no accents), so "qu'il faut" matches nothing and asks for nothing.
STOPWORDS = frozenset(
    "les des une aux avec pour par dans sur sous sans chez qui que quoi quand comment pourquoi est sont etre avoir faut "
    "savoir faire fait peut plus moins tout tous toute votre vos nos notre leur leurs cette ces son ses mon mes ton "
    "entre apres avant tres bien comme qu il elle ils elles nous vous the and for with what when how why your you our "
    "from that this are can does about into after before more less best minutes conseils simples erreurs eviter".split()
)
# Health vocabulary (folded), French and English: a video whose title or keywords use one is health content.
_HEALTH = re.compile(
    r"\b(sante|medecin|medical|medicale|maladie|symptome|douleur|mal de|traitement|soin|diabete|tension|hypertension|"
    r"cardio\w*|migraine|allergi\w*|asthme|sommeil|bebe|pediatr\w*|dos|lombalgie|genou|cheville|entorse|dent\w*|"
    r"carie\w*|anxiete|stress|depression|respiration|kine\w*|vaccin\w*|grossesse|cancer|infection|fievre|glycemie|"
    r"nutrition|rhinite|pollen|arthrose|physio\w*|health|doctor|disease|symptom|pain|treatment|diabetes|blood "
    r"pressure|asthma|sleep|baby|back|knee|ankle|sprain|teeth|tooth|anxiety|breathing|rehab\w*|vaccine|pregnan\w*|"
    r"fever|injury|therapy|surgery|neuro\w*|dermato\w*)\b"
)


@dataclass(frozen=True)
class VideoText:
    """What a video says it is about: its title and keywords (derived ones, or its tags)."""

    video_id: str
    title: str
    keywords: Sequence[str] = ()


@dataclass(frozen=True)
class RankedTerm:
    term: str
    views: int
    video_ids: list[str]  # the videos that answer it
    titles: list[str]


@dataclass(frozen=True)
class Topic:
    topic: str  # the most searched term of the group
    views: int
    terms: list[str]


@dataclass(frozen=True)
class FixSuggestion:
    """A term that brings viewers to a video whose title and tags do not carry it."""

    video_id: str
    title: str
    term: str
    views: int
    missing: list[str]  # the term's words the metadata lacks


@dataclass(frozen=True)
class SearchInsights:
    ranked: list[RankedTerm] = field(default_factory=list)
    gaps: list[tuple[str, int]] = field(default_factory=list)  # (term, views): no dedicated video
    topics: list[Topic] = field(default_factory=list)
    fixes: list[FixSuggestion] = field(default_factory=list)


@dataclass(frozen=True)
class ReadinessItem:
    code: str  # "watch_hours", "health_share", "country", "licence", "principles", "strikes"
    met: bool | None  # None: cannot be told from here
    value: float | None = None
    threshold: float | None = None
    gap: float | None = None  # what is missing to the threshold (hours, videos)
    detail: str = ""  # the country, the licence number


@dataclass(frozen=True)
class Readiness:
    watch_hours: float | None  # over the 12 months to the data's last day
    health_videos: int
    videos: int
    health_share: float | None
    items: list[ReadinessItem]

    @property
    def ready(self) -> bool:
        return all(i.met is not False for i in self.items)


def fold(text: str) -> str:
    """Lower-case, accents off, punctuation to spaces: "Mal de DOS" matches "mal de dos"."""
    plain = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c if c.isalnum() else " " for c in plain if not unicodedata.combining(c))
    return " ".join(plain.split())


def significant(text: str) -> set[str]:
    """The topical words of `text` (folded), singular: "allergies" and "allergie" are one."""
    return {_stem(w) for w in fold(text).split() if len(w) > 2 and w not in STOPWORDS}


def search_insights(
    terms: Mapping[str, int],
    videos: Sequence[VideoText],
    video_terms: Mapping[str, Mapping[str, int]],
    top: int = 10,
) -> SearchInsights:
    """Ranked terms, gaps, topics and fix suggestions from the channel's and each video's search terms.
    A video answers a term when the term's topical words are all in its title and keywords, or when
    one of its keywords is the term or part of it."""
    words = {v.video_id: _video_words(v) for v in videos}
    ranked, gaps = [], []
    for term, views in sorted(terms.items(), key=lambda kv: (-kv[1], kv[0])):
        wanted = significant(term)
        if not wanted:
            continue
        answering = [v for v in videos if wanted <= words[v.video_id] or _keyword_match(v, wanted)]
        if answering:
            ranked.append(RankedTerm(term, views, [v.video_id for v in answering], [v.title for v in answering]))
        else:
            gaps.append((term, views))
    return SearchInsights(ranked[:top], gaps[:top], topics(gaps)[:5], fix_suggestions(videos, video_terms)[:top])


def fix_suggestions(videos: Sequence[VideoText], video_terms: Mapping[str, Mapping[str, int]]) -> list[FixSuggestion]:
    """Per video, the search terms bringing it viewers that its title and keywords carry poorly: some
    of the term's words are there, some are not (a term sharing none is another topic: a new video)."""
    out = []
    for video in videos:
        have = _video_words(video)
        for term, views in video_terms.get(video.video_id, {}).items():
            wanted = significant(term)
            missing = sorted(w for w in wanted if w not in have)
            if views > 0 and missing and len(missing) < len(wanted):
                out.append(FixSuggestion(video.video_id, video.title, term, views, missing))
    return sorted(out, key=lambda f: (-f.views, f.video_id, f.term))


def topics(gaps: Iterable[tuple[str, int]]) -> list[Topic]:
    """Terms without a video, grouped by the topical word they share most; the most searched names the group."""
    gaps = list(gaps)
    counts = Counter(w for term, _ in gaps for w in significant(term))
    groups: dict[str, list[tuple[str, int]]] = {}
    for term, views in gaps:
        key = max(significant(term), key=lambda w: (counts[w], len(w), w))
        groups.setdefault(key, []).append((term, views))
    out = [
        Topic(max(members, key=lambda m: (m[1], m[0]))[0], sum(v for _, v in members), [t for t, _ in members])
        for members in groups.values()
    ]
    return sorted(out, key=lambda t: (-t.views, t.topic))


def is_health_topic(video: VideoText) -> bool:
    return bool(_HEALTH.search(fold(" ".join([video.title, *video.keywords]))))


def readiness(
    videos: Sequence[VideoText],
    year_minutes: float | None,
    client: ClientProfile,
    options: HealthFeatures,
) -> Readiness:
    """The health features' checklist for the client's channel, with the gap to each threshold."""
    hours = year_minutes / 60 if year_minutes is not None else None
    health = sum(is_health_topic(v) for v in videos)
    share = health / len(videos) if videos else None
    needed = max(0, _videos_needed(health, len(videos), options.health_share))
    items = [
        ReadinessItem(
            "watch_hours",
            None if hours is None else hours >= options.watch_hours,
            None if hours is None else round(hours, 1),
            options.watch_hours,
            None if hours is None else round(max(0.0, options.watch_hours - hours), 1),
        ),
        ReadinessItem(
            "health_share",
            None if share is None else share >= options.health_share,
            share,
            options.health_share,
            float(needed),
        ),
        ReadinessItem(
            "country", None if not client.country else client.country in options.countries, detail=client.country or ""
        ),
        ReadinessItem("licence", True if client.rpps else None, detail=client.rpps or ""),
        ReadinessItem("principles", bool(client.sources) and client.interests is not None),
        ReadinessItem("strikes", None),
    ]
    return Readiness(None if hours is None else round(hours, 1), health, len(videos), share, items)


def _videos_needed(health: int, total: int, share: float) -> int:
    """New health videos to publish before `share` of the channel is health content."""
    short = share * total - health
    if short <= 0:
        return 0
    if share >= 1:
        return total - health  # adding cannot get there: that many videos are off topic
    return math.ceil(short / (1 - share) - 1e-9)


def _keyword_match(video: VideoText, wanted: set[str]) -> bool:
    """One of the video's keywords is the term, or part of it ("mal de dos" answers "exercices mal de dos")."""
    return any((kw := significant(k)) and (kw <= wanted or wanted <= kw) for k in video.keywords)


def _video_words(video: VideoText) -> set[str]:
    return set().union(significant(video.title), *(significant(k) for k in video.keywords))


def _stem(word: str) -> str:
    return word[:-1] if len(word) > 4 and word[-1] in "sx" else word
