"""The stretch of a talk worth a Short: whole sentences, under a minute, saying the most about the
video's main keywords (what the long video ranks for, so the Short points viewers to it), that a
viewer can follow without the rest: it does not open on a word pointing back ("Elle augmente…",
"Donc…") and does not end by announcing a part it leaves out ("Voyons maintenant…")."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from videokit.seo.structure import boundary_cue, stands_alone
from videokit.seo.text import content_stems, lexicon, words
from videokit.seo.timed import TimedSentence

LEAD_IN = 0.15  # seconds kept before the first word, so the Short does not start mid-breath
TAIL = 0.35  # and after the last one, so the last syllable is not clipped


@dataclass(frozen=True)
class Highlight:
    start: float
    end: float
    text: str
    hits: int  # keyword words spoken in the stretch


def pick_highlight(
    sentences: Sequence[TimedSentence],
    keywords: Sequence[str],
    language: str,
    *,
    min_seconds: float = 15.0,
    max_seconds: float = 58.0,
) -> Highlight:
    """The run of consecutive sentences lasting at most `max_seconds` and at least `min_seconds`
    with the most keyword words, the shortest among equals, then the earliest; when no run lasts
    `min_seconds`, the longest. Runs that open and close cleanly come first whatever their hits; the
    others only when no run does."""
    if not sentences:
        raise ValueError("no sentences to pick a highlight from")
    lex = lexicon(language)
    wanted = set().union(*(content_stems(phrase, language) for phrase in keywords[:5]))
    hits = [sum(lex.stem(w) in wanted for w in words(s.text)) for s in sentences]
    opens_part = [boundary_cue(s.text, language) >= 1.0 for s in sentences]
    can_open = [opens or stands_alone(s.text, language) for s, opens in zip(sentences, opens_part)]
    best: tuple[tuple[bool, float, int, float, float], int, int] | None = None
    for i in range(len(sentences)):
        total = 0
        for j in range(i, len(sentences)):
            length = sentences[j].end - sentences[i].start
            if length > max_seconds and j > i:
                break
            total += hits[j]
            clean = can_open[i] and (j == i or not opens_part[j])
            # rank: a clean cut, then long enough (below `min_seconds` the longer the better: a
            # few seconds say nothing), then most hits, then shortest, then earliest
            rank = (clean, min(length, min_seconds), total, -length, -sentences[i].start)
            if best is None or rank > best[0]:
                best = (rank, i, j)
    assert best is not None
    _, i, j = best
    start = max(0.0, sentences[i].start - LEAD_IN)
    end = min(sentences[j].end + TAIL, start + max_seconds)
    return Highlight(start, end, " ".join(s.text for s in sentences[i : j + 1]), sum(hits[i : j + 1]))
