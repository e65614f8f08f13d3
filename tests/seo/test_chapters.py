"""Chapters: topic boundaries on real text, YouTube-valid times, nothing for short videos."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from videokit.seo.chapters import chapter_plan, segment
from videokit.seo.evaluate import pk, window_diff
from videokit.seo.options import SeoOptions
from videokit.seo.timed import TimedSentence, timed_sentences
from videokit.youtube.limits import chapters_problems

pytestmark = pytest.mark.slow  # Whisper, embeddings, renders or kill -9 runs: left out of `make check`


def test_segmenter_finds_topic_boundaries_in_gold_documents(gold: Path, embedder) -> None:
    """3 Choi and 3 French documents (the bench runs all 300): Pk well under the 0.33 of an even
    split that is told the true number of segments."""
    scores = []
    for name in ("choi_set1", "fr_wikinews_choi_style"):
        lines = (gold / "segmentation" / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
        for doc in map(json.loads, lines[::40][:3]):
            found = segment(doc["sentences"], embedder, language=doc["lang"])
            scores.append(pk(doc["segment_ends"], found, len(doc["sentences"])))
    assert np.mean(scores) < 0.3, scores


def test_pk_and_windowdiff_match_hand_computed_values() -> None:
    assert pk([5], [5], 10) == 0.0 and window_diff([5], [5], 10) == 0.0
    # k = round(5 / 2) = 2 (as NLTK): of the 8 windows (i, i + 2), those at i = 3 and 4 straddle the boundary
    assert pk([5], [], 10) == window_diff([5], [], 10) == 2 / 8
    # a spurious boundary right after the true one: Pk sees one bad window, WindowDiff two
    assert pk([5], [5, 6], 10) == 1 / 8 and window_diff([5], [5, 6], 10) == 2 / 8


def test_chapters_follow_topics_and_obey_youtube(gold: Path, embedder) -> None:
    """Three French news stories read one after another (about 3 minutes): three chapters, each
    starting on the first sentence of a story."""
    doc = json.loads(
        (gold / "segmentation" / "fr_wikinews_choi_style.jsonl").read_text(encoding="utf-8").splitlines()[1]
    )
    bounds = [0, *doc["segment_ends"][:2], doc["segment_ends"][2]]
    sentences, t = [], 0.0
    for text in doc["sentences"][: bounds[-1]]:
        length = 0.4 * len(text.split())
        sentences.append(TimedSentence(text, t, t + length, 0.3))
        t += length + 0.3
    starts = [int(sentences[b].start) for b in bounds[:-1]]
    chapters, _ = chapter_plan(sentences, t, embedder, "fr", SeoOptions())
    assert chapters_problems([c.start for c in chapters], t) == []
    assert len(chapters) >= 3
    for true_start in starts:
        assert min(abs(c.start - true_start) for c in chapters) <= 15, (starts, [c.start for c in chapters])
    assert len({c.title for c in chapters}) == len(chapters) and all(c.title[0].isupper() for c in chapters)


def test_short_video_gets_no_chapters(corpus_transcripts, embedder) -> None:
    transcript = corpus_transcripts["fr/whisperx_sample_fr_01.srt"]  # 59 s
    assert chapter_plan(timed_sentences(transcript), transcript.duration, embedder, "fr", SeoOptions()) == ([], [])


def test_timed_sentences_join_segments_and_measure_pauses(text_transcript) -> None:
    transcript = text_transcript("Bonjour à tous. Aujourd'hui le genou, et l'arthrose du genou. Merci.", "fr", 12.0)
    sentences = timed_sentences(transcript)
    assert [s.text for s in sentences] == ["Bonjour à tous.", "Aujourd'hui le genou, et l'arthrose du genou.", "Merci."]
    assert sentences[1].start == transcript.segments[1].words[0].start
    assert all(s.pause_before >= 0 for s in sentences)
