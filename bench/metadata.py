"""Metadata against creators' own, on real talks: do videokit's chapters and first title match what
the creator wrote? Per language and per split (a development split, and held-out talks that no
weight or rule may be fitted to):

- chapter boundary F1 within ±30 s and ±60 s (the first chapter, always 0:00, left out), Pk over
  sentences, and the ratio of videokit's chapter count to the creator's;
- heading word share: for each creator chapter matched within ±30 s, the share of its heading's
  content words (lemmatised) that videokit's heading contains;
- title word share: of the content words of the creator's title (lemmatised, the series name
  such as "Crash Course Psychology #30" left out: no transcript says it), the share videokit's
  first title contains;
- baselines run in the same process: an even split told the creator's chapter count, and the
  talk's first sentence as its title;
- the CPU seconds of the whole SEO step on a one-hour transcript (talks read one after another),
  once the models are loaded, and what loading them costs.

The talks are not in git: build them once with bench/prepare_talks.py (it says where they come
from); bench/talks.json lists each with its source, URL, licence and sha256.

    python bench/prepare_talks.py /tmp/psy-132          # once
    python bench/metadata.py                           # every talk, both splits (~15 min on 2 cores)
    python bench/metadata.py --limit 6 --no-speed       # a quick look
    VIDEOKIT_TALKS=/elsewhere python bench/metadata.py  # talks kept in another folder
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

import numpy as np

# this checkout's videokit, not the one the venv installed (editable, maybe another worktree)
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from videokit import nlp
from videokit.config import ClientProfile
from videokit.seo.derive import derive_metadata
from videokit.seo.evaluate import pk
from videokit.seo.options import SeoOptions
from videokit.seo.timed import TimedSentence, timed_sentences
from videokit.seo.types import Chapter, Metadata
from videokit.speech.types import Segment, Transcript, Word

TALKS = Path(os.environ.get("VIDEOKIT_TALKS", Path(__file__).resolve().parent / ".data" / "talks"))
HELD_OUT_FROM = 21  # episodes 1-20 are the development split; 21 and later are held out
GOALS = "goals: boundary F1 ±30 s >= 0.5 and >= 1.5x the even split; title word share >= 0.4"


def load(limit: int | None) -> list[dict]:
    files = sorted(TALKS.glob("*.json"))
    if not files:
        sys.exit(f"{TALKS}: no talks; build them with 'python bench/prepare_talks.py SOURCE' (see its --help)")
    talks = sorted(
        (json.loads(f.read_text(encoding="utf-8")) for f in files), key=lambda t: (t["language"], t.get("episode", 0))
    )
    return talks[:limit] if limit else talks


def transcript(talk: dict) -> Transcript:
    """The talk's timed captions as a transcript with word times (spread evenly over each caption
    line), the shape Whisper gives, so sentences are rebuilt across lines as in production."""
    segments = []
    for seg in talk["segments"]:
        tokens = seg["text"].split()
        step = (seg["end"] - seg["start"]) / max(len(tokens), 1)
        words = tuple(
            Word(seg["start"] + i * step, seg["start"] + (i + 1) * step, " " + tok, 1.0) for i, tok in enumerate(tokens)
        )
        segments.append(Segment(seg["start"], seg["end"], seg["text"], words))
    return Transcript(talk["language"], 1.0, talk["duration"], tuple(segments))


def boundary_f1(predicted: list[float], gold: list[float], tolerance: float) -> float:
    """F1 of chapter starts (0:00 excluded), each gold start matched at most once within `tolerance`."""
    pred, ref = sorted(p for p in predicted if p > 0), sorted(g for g in gold if g > 0)
    if not pred or not ref:
        return 0.0
    pairs = sorted((abs(p - g), i, j) for i, p in enumerate(pred) for j, g in enumerate(ref) if abs(p - g) <= tolerance)
    used_p, used_g = set(), set()
    for _, i, j in pairs:
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
    hits = len(used_p)
    return 0.0 if hits == 0 else 2 * hits / (len(pred) + len(ref))


def sentence_bounds(starts: list[float], sentences: list[TimedSentence]) -> list[int]:
    """Chapter starts as sentence indices: the sentence whose start is nearest each chapter start."""
    times = np.array([s.start for s in sentences])
    return sorted({int(np.argmin(np.abs(times - t))) for t in starts if t > 0} - {0})


def even_split(count: int, duration: float, sentences: list[TimedSentence]) -> list[float]:
    """The creator's number of chapters at equal durations, each moved to the nearest sentence start."""
    times = np.array([s.start for s in sentences])
    return [0.0] + [float(times[int(np.argmin(np.abs(times - duration * i / count)))]) for i in range(1, count)]


def content_lemmas(text: str, language: str) -> set[str]:
    return {t.lemma_.lower() for t in nlp.analyse(text, language) if t.is_alpha and not t.is_stop and len(t.text) > 1}


def creator_title(talk: dict) -> str:
    """The creator's title without the series name and episode number, which no transcript says."""
    series = talk.get("series", "")
    return (
        re.sub(rf"\s*[:|\-–]?\s*{re.escape(series)}\s*#?\d*\s*$", "", talk["title"]).strip()
        if series
        else talk["title"]
    )


def word_share(title: str, reference: str, language: str) -> float:
    wanted = content_lemmas(reference, language)
    return len(wanted & content_lemmas(title, language)) / len(wanted) if wanted else 0.0


def heading_share(ours: Sequence[Chapter], creators: list[dict], language: str) -> float:
    """How close videokit's chapter headings are to the creator's: for each creator chapter after
    0:00 with a videokit chapter starting within ±30 s, the share of the creator heading's content
    words the nearest one's heading contains (the boundaries are scored apart, by F1)."""
    shares = []
    for chapter in creators:
        near = [c for c in ours if chapter["start"] > 0 and abs(c.start - chapter["start"]) <= 30]
        if near:
            nearest = min(near, key=lambda c: abs(c.start - chapter["start"]))
            shares.append(word_share(nearest.title, chapter["title"], language))
    return float(np.mean(shares)) if shares else 0.0


def first_sentence(sentences: list[TimedSentence]) -> str:
    return next((s.text for s in sentences if len(s.text.split()) >= 4), sentences[0].text if sentences else "")[:70]


def evaluate(talks: list[dict]) -> dict[tuple[str, str], dict[str, list[float]]]:
    scores: dict[tuple[str, str], dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    options = SeoOptions()
    for number, talk in enumerate(talks, 1):
        tr = transcript(talk)
        client = ClientProfile(name="bench", language=talk["language"])
        started = time.process_time()
        metadata: Metadata = derive_metadata(tr, client, options)
        seconds = time.process_time() - started
        sentences = timed_sentences(tr)
        gold = [c["start"] for c in talk["chapters"]]
        ours = [c.start for c in metadata.chapters] or [0.0]
        even = even_split(len(gold), talk["duration"], sentences)
        split = "held-out" if talk.get("episode", 0) >= HELD_OUT_FROM else "dev"
        row = scores[(talk["language"], split)]
        n = len(sentences)
        for name, found in (("videokit", ours), ("even split", even)):
            row[f"{name} F1 ±30 s"].append(boundary_f1(found, gold, 30))
            row[f"{name} F1 ±60 s"].append(boundary_f1(found, gold, 60))
            row[f"{name} Pk"].append(pk(sentence_bounds(gold, sentences), sentence_bounds(found, sentences), n))
        row["videokit count ratio"].append(len(ours) / len(gold))
        row["videokit heading word share"].append(heading_share(metadata.chapters, talk["chapters"], talk["language"]))
        reference = creator_title(talk)
        row["videokit title word share"].append(word_share(metadata.title, reference, talk["language"]))
        row["first-sentence title word share"].append(
            word_share(first_sentence(sentences), reference, talk["language"])
        )
        print(
            f"[{number}/{len(talks)}] {talk['id']} {split}: {len(ours)} chapters (creator {len(gold)}), "
            f'F1±30 {row["videokit F1 ±30 s"][-1]:.2f}, title "{metadata.title}" vs "{reference}", {seconds:.1f} CPU-s',
            file=sys.stderr,
        )
    return scores


def speed(talks: list[dict], minutes: float = 60.0) -> tuple[float, float, float, float, int]:
    """(CPU seconds of derive_metadata on about `minutes` of talks read one after another, their
    length in minutes, CPU seconds a first call spent loading models, wall seconds, words)."""
    started = time.process_time()
    derive_metadata(transcript(talks[0]), ClientProfile(name="bench", language=talks[0]["language"]), SeoOptions())
    warm = time.process_time() - started
    segments, offset = [], 0.0
    for talk in talks:
        for seg in talk["segments"]:
            segments.append({**seg, "start": seg["start"] + offset, "end": seg["end"] + offset})
        offset += talk["duration"]
        if offset >= minutes * 60:
            break
    long_talk = {"language": talks[0]["language"], "duration": offset, "segments": segments}
    long_transcript = transcript(long_talk)
    started, wall = time.process_time(), time.perf_counter()
    derive_metadata(long_transcript, ClientProfile(name="bench", language=long_talk["language"]), SeoOptions())
    words = sum(len(seg["text"].split()) for seg in segments)
    return time.process_time() - started, offset / 60, warm, time.perf_counter() - wall, words


def report(scores: dict[tuple[str, str], dict[str, list[float]]]) -> None:
    for (language, split), row in sorted(scores.items()):
        talks = len(row["videokit count ratio"])
        print(f"\n{language}, {split} ({talks} talks)")
        for name, values in row.items():
            print(f"  {name:36s} {np.mean(values):.3f}")
        ratio = np.mean(row["videokit F1 ±30 s"]) / max(np.mean(row["even split F1 ±30 s"]), 1e-9)
        print(f"  {'F1 ±30 s vs even split':36s} {ratio:.2f}x")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, help="only the first N talks")
    parser.add_argument("--no-speed", action="store_true", help="skip the one-hour timing")
    args = parser.parse_args(argv)
    talks = load(args.limit)
    print(
        f"command: python bench/metadata.py{' --limit ' + str(args.limit) if args.limit else ''}{' --no-speed' if args.no_speed else ''}"
    )
    print(f"talks: {len(talks)} from {TALKS} (machine: {os.cpu_count()} cores, shared)")
    report(evaluate(talks))
    print(f"\n{GOALS}")
    if not args.no_speed:
        cpu, minutes, warm, wall, words = speed(talks)
        print(
            f"SEO step on a {minutes:.0f}-minute transcript ({words} words): {cpu:.1f} CPU-s with models loaded"
            f" (goal <= 30), {wall:.1f} s wall on the shared machine; loading them: {warm:.1f} CPU-s"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
