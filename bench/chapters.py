"""Chapter boundary quality: Pk and WindowDiff (lower is better) on the topic-segmentation gold sets
in ../shared/bench/segmentation, for videokit's segmenter beside "no boundary", an even split that
knows the true number of segments, and TextTiling, all run by the same harness.
Goal: Pk <= 0.25 on choi_set1 and fr_wikinews_choi_style (the oracle even split scores about 0.33).

    python bench/chapters.py                       # both sets, every document (about 10 min on 2 cores)
    python bench/chapters.py --limit 40 --sets choi_set1
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import numpy as np

# this checkout's videokit, not the one the venv installed (editable, maybe another worktree)
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from videokit.seo.chapters import segment
from videokit.seo.embed import Kind, e5_embedder_class
from videokit.seo.evaluate import pk, window_diff
from videokit.seo.text import lexicon, words

GOLD = (
    Path(os.environ.get("VIDEOKIT_SHARED", Path(__file__).resolve().parents[2] / "shared")) / "bench" / "segmentation"
)
SETS = ("choi_set1", "fr_wikinews_choi_style")
Segmenter = Callable[[dict], list[int]]


class CachedE5(e5_embedder_class()):  # type: ignore[misc]
    """The two videokit variants see the same sentences: embed each document once."""

    def __init__(self) -> None:
        super().__init__()
        self.cache: dict[tuple, np.ndarray] = {}

    def embed(self, documents: list[str], verbose: bool = False, kind: Kind = "passage") -> np.ndarray:
        key = (tuple(documents), kind)
        if key not in self.cache:
            self.cache = {key: super().embed(documents, kind=kind)}
        return self.cache[key]


EMBEDDER = CachedE5()


def videokit_segmenter(doc: dict) -> list[int]:
    return segment(doc["sentences"], EMBEDDER, language=doc["lang"])


def videokit_known_count(doc: dict) -> list[int]:
    return segment(doc["sentences"], EMBEDDER, language=doc["lang"], n_segments=doc["n_segments"])


def no_boundary(doc: dict) -> list[int]:
    return []


def even_oracle(doc: dict) -> list[int]:
    n, k = len(doc["sentences"]), doc["n_segments"]
    return [round(i * n / k) for i in range(1, k)]


def texttiling(doc: dict, block: int = 3, smoothing: int = 1) -> list[int]:
    """Hearst's TextTiling at sentence level: lexical block comparison, depth scores, cutoff mean - sd/2.
    (Blocks of sentences rather than 20-word pseudo-sentences: the gold boundaries are sentence-level.)"""
    lex = lexicon(doc["lang"])
    bags = [Counter(lex.stem(w) for w in words(s) if lex.is_content(w)) for s in doc["sentences"]]
    n = len(bags)
    gaps = []
    for i in range(1, n):
        left = sum(bags[max(0, i - block) : i], Counter())
        right = sum(bags[i : i + block], Counter())
        dot = sum(left[w] * right[w] for w in left)
        norm = (sum(v * v for v in left.values()) * sum(v * v for v in right.values())) ** 0.5
        gaps.append(dot / norm if norm else 0.0)
    scores = np.convolve(gaps, np.ones(2 * smoothing + 1) / (2 * smoothing + 1), mode="same") if gaps else np.array([])
    depth = []
    for i, s in enumerate(scores):
        left_peak = max(scores[: i + 1])
        right_peak = max(scores[i:])
        depth.append(left_peak - s + right_peak - s)
    if not depth:
        return []
    cutoff = np.mean(depth) - np.std(depth) / 2
    return [
        i + 1
        for i, d in enumerate(depth)
        if d > cutoff and (i == 0 or depth[i - 1] <= d) and (i + 1 >= len(depth) or depth[i + 1] < d)
    ]


SYSTEMS: dict[str, Segmenter] = {
    "videokit": videokit_segmenter,
    "videokit-known-count": videokit_known_count,
    "no-boundary": no_boundary,
    "even-oracle-count": even_oracle,
    "texttiling": texttiling,
}


def run(sets: list[str], systems: list[str], limit: int | None) -> dict[str, dict[str, dict[str, float]]]:
    results: dict[str, dict[str, dict[str, float]]] = {}
    for name in sets:
        docs = [json.loads(line) for line in (GOLD / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()][:limit]
        scores: dict[str, list[tuple[float, float]]] = {system: [] for system in systems}
        seconds = dict.fromkeys(systems, 0.0)
        for doc in docs:  # documents outermost, so the videokit variants share one embedding per document
            n = len(doc["sentences"])
            for system in systems:
                started = time.perf_counter()
                hyp = SYSTEMS[system](doc)
                seconds[system] += time.perf_counter() - started
                scores[system].append((pk(doc["segment_ends"], hyp, n), window_diff(doc["segment_ends"], hyp, n)))
        results[name] = {}
        for system in systems:
            pks, wds = zip(*scores[system])
            r = results[name][system] = {
                "docs": len(docs),
                "Pk": float(np.mean(pks)),
                "WD": float(np.mean(wds)),
                "seconds": seconds[system],
            }
            print(
                f"  {name:24} {system:22} docs={r['docs']:4}  Pk={r['Pk']:.3f}  WD={r['WD']:.3f}  ({r['seconds']:.0f} s)",
                file=sys.stderr,
            )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sets", default=",".join(SETS))
    parser.add_argument("--systems", default=",".join(SYSTEMS))
    parser.add_argument("--limit", type=int, default=None, help="first N documents of each set")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args()
    results = run(args.sets.split(","), args.systems.split(","), args.limit)
    if args.json:
        print(json.dumps(results, indent=2))
        return
    print(f"{'set':24} {'system':22} {'docs':>5} {'Pk':>6} {'WD':>6} {'Pk / even-oracle':>17}")
    for name, by_system in results.items():
        base = by_system.get("even-oracle-count", {}).get("Pk")
        for system, r in by_system.items():
            ratio = f"{r['Pk'] / base:.2f}x" if base else "-"
            print(f"{name:24} {system:22} {r['docs']:5} {r['Pk']:6.3f} {r['WD']:6.3f} {ratio:>17}")


if __name__ == "__main__":
    main()
