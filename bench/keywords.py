"""Keyphrase quality: F1@5 / F1@10 (stemmed exact match, macro over documents) on the gold sets in
../shared/bench/keyphrase, for videokit's extractor beside YAKE and a TextRank-style baseline run by
the same harness. Prints each system's F1@10 as a ratio of YAKE's (goal: >= 1.25).

    python bench/keywords.py                      # every set, every document (hours on a busy 2-core machine: e5 embeds 40 phrases a document)
    python bench/keywords.py --limit 100          # the first 100 documents of each set
    python bench/keywords.py --sets fr_wikinews --systems videokit,yake
    python bench/keywords.py --offset 60 --limit 60   # documents the weights were not chosen on
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import yake

# this checkout's videokit, not the one the venv installed (editable, maybe another worktree)
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from videokit.seo.embed import get_embedder
from videokit.seo.evaluate import f_at_k
from videokit.seo.keywords import extract_keywords
from videokit.seo.text import candidates, lexicon, words

GOLD = Path(os.environ.get("VIDEOKIT_SHARED", Path(__file__).resolve().parents[2] / "shared")) / "bench" / "keyphrase"
SETS = ("fr_wikinews", "en_500n_kpcrowd", "en_inspec")
Extractor = Callable[[str, str], list[str]]


def videokit_e5(text: str, language: str) -> list[str]:
    return [k.text for k in extract_keywords(text, language, embedder=get_embedder("e5"), top_n=10)]


def videokit_fallback(text: str, language: str) -> list[str]:
    return [k.text for k in extract_keywords(text, language, embedder=None, top_n=10)]


def yake_default(text: str, language: str) -> list[str]:
    """YAKE as shipped (its own stop lists, n=3): the baseline the goal is stated against."""
    return [kw for kw, _ in yake.KeywordExtractor(lan=language, n=3, top=10).extract_keywords(text)]


def textrank(text: str, language: str, window: int = 2, damping: float = 0.85) -> list[str]:
    """SingleRank/TextRank: PageRank over content-word co-occurrence, phrases scored by word sums."""
    lex = lexicon(language)
    toks = [lex.stem(w) for w in words(text) if lex.is_content(w)]
    vocab = {w: i for i, w in enumerate(dict.fromkeys(toks))}
    if not vocab:
        return []
    adj = np.zeros((len(vocab), len(vocab)))
    for i, w in enumerate(toks):
        for v in toks[i + 1 : i + window]:
            if v != w:
                adj[vocab[w], vocab[v]] += 1
                adj[vocab[v], vocab[w]] += 1
    out = adj.sum(axis=1, keepdims=True)
    trans = np.divide(adj, out, out=np.zeros_like(adj), where=out > 0)
    rank = np.full(len(vocab), 1 / len(vocab))
    for _ in range(50):
        rank = (1 - damping) / len(vocab) + damping * trans.T @ rank
    scored = []
    for c in candidates(text, language):
        stems = [s for s in c.key.split() if s in vocab]
        scored.append((sum(rank[vocab[s]] for s in stems), c.text))
    return [t for _, t in sorted(scored, reverse=True)[:10]]


SYSTEMS: dict[str, Extractor] = {
    "videokit": videokit_e5,
    "videokit-nomodel": videokit_fallback,
    "yake": yake_default,
    "textrank": textrank,
}


def run(
    sets: list[str], systems: list[str], limit: int | None, min_chars: int, offset: int = 0
) -> dict[str, dict[str, dict[str, float]]]:
    results: dict[str, dict[str, dict[str, float]]] = {}
    for name in sets:
        docs = [json.loads(line) for line in (GOLD / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()]
        docs = [d for d in docs if len(d["text"]) >= min_chars][offset:][:limit]
        results[name] = {}
        for system in systems:
            started = time.perf_counter()
            f5, f10 = [], []
            for doc in docs:
                predicted = SYSTEMS[system](doc["text"], doc["lang"])
                f5.append(f_at_k(predicted, doc["keyphrases"], doc["lang"], 5))
                f10.append(f_at_k(predicted, doc["keyphrases"], doc["lang"], 10))
            results[name][system] = {
                "docs": len(docs),
                "F@5": float(np.mean(f5)),
                "F@10": float(np.mean(f10)),
                "seconds": time.perf_counter() - started,
            }
            r = results[name][system]
            print(
                f"  {name:16} {system:17} docs={r['docs']:4}  F@5={r['F@5']:.3f}  F@10={r['F@10']:.3f}  ({r['seconds']:.0f} s)",
                file=sys.stderr,
            )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sets", default=",".join(SETS))
    parser.add_argument("--systems", default=",".join(SYSTEMS))
    parser.add_argument("--limit", type=int, default=None, help="first N documents of each set")
    parser.add_argument(
        "--offset", type=int, default=0, help="skip the first N documents (e.g. those used to choose the weights)"
    )
    parser.add_argument(
        "--min-chars", type=int, default=0, help="skip shorter texts (500N-KPCrowd has title-only rows)"
    )
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args()
    results = run(args.sets.split(","), args.systems.split(","), args.limit, args.min_chars, args.offset)
    if args.json:
        print(json.dumps(results, indent=2))
        return
    print(f"{'set':16} {'system':17} {'docs':>5} {'F@5':>6} {'F@10':>6} {'F@10 / YAKE':>12}")
    for name, by_system in results.items():
        base = by_system.get("yake", {}).get("F@10")
        for system, r in by_system.items():
            ratio = f"{r['F@10'] / base:.2f}x" if base else "-"
            print(f"{name:16} {system:17} {r['docs']:5} {r['F@5']:6.3f} {r['F@10']:6.3f} {ratio:>12}")


if __name__ == "__main__":
    main()
