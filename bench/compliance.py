"""Compliance check on the held-out labelled sentences: precision, recall and false alarms per
category and overall, in French and English, beside the phrase rules videokit shipped before
(bench/data/compliance/baseline), run in the same process.

    PYTHONPATH=. python bench/compliance.py            # held-out figures
    PYTHONPATH=. python bench/compliance.py --speed    # also: CPU time on a one-hour transcript

A sentence counts as flagged when the check reports any finding on it (block or warn): a warning
is an alarm a reviewer has to read. The held-out part (bench/compliance_set.py) is never used for
training or thresholds.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import compliance_set

from videokit.compliance.check import Unit, check_units
from videokit.seo.text import strip_accents

CATEGORIES = (
    "testimonial",
    "denigration",
    "promise",
    "superlative",
    "price",
    "incitement",
    "unproven",
    "identification",
    "advice",
)


def baseline_flags(language: str, texts: list[str]) -> list[bool]:
    """The phrase rules as shipped before: regular expressions on folded text, no context."""
    data = yaml.safe_load((compliance_set.DATA / "baseline" / f"{language}.yaml").read_text(encoding="utf-8"))
    rules = [
        [re.compile(p, 0 if r.get("case_sensitive") else re.IGNORECASE) for p in r["patterns"]]
        + [bool(r.get("case_sensitive"))]
        for r in data["rules"]
    ]
    out = []
    for text in texts:
        folded = strip_accents(text.lower())
        out.append(any(any(p.search(text if rule[-1] else folded) for p in rule[:-1]) for rule in rules))
    return out


def videokit_flags(language: str, texts: list[str]) -> list[bool]:
    findings = check_units([Unit(t) for t in texts], language, story=False)
    hit = {f.text for f in findings}
    return [t in hit for t in texts]


def report(language: str, items: list[compliance_set.Labelled], systems: dict[str, list[bool]]) -> None:
    print(
        f"\n== {language}: {len(items)} held-out sentences ({sum(s.violation for s in items)} violations, {sum(not s.violation for s in items)} ok)"
    )
    names = list(systems)
    print(f"{'category':<16}" + "".join(f"{'':2}{n:>30}" for n in names))
    print(f"{'':<16}" + "".join(f"{'':2}{'recall':>10}{'false alarms':>20}" for _ in names))
    rows = [*CATEGORIES, "general"]
    for category in rows:
        line = f"{category:<16}"
        for name in names:
            flags = systems[name]
            pos = [f for s, f in zip(items, flags) if s.category == category and s.violation]
            neg = [f for s, f in zip(items, flags) if s.category == category and not s.violation]
            recall = f"{sum(pos)}/{len(pos)}" if pos else "-"
            alarms = f"{sum(neg)}/{len(neg)}" if neg else "-"
            line += f"{'':2}{recall:>10}{alarms:>20}"
        print(line)
    for name in names:
        flags = systems[name]
        tp = sum(f and s.violation for s, f in zip(items, flags))
        fp = sum(f and not s.violation for s, f in zip(items, flags))
        pos = sum(s.violation for s in items)
        neg = len(items) - pos
        by_style = defaultdict(lambda: [0, 0])
        for s, f in zip(items, flags):
            key = s.style if s.violation else "ok:" + s.style
            by_style[key][0] += f
            by_style[key][1] += 1
        styles = ", ".join(f"{k} {v[0]}/{v[1]}" for k, v in sorted(by_style.items()))
        print(
            f"{name}: precision {tp / max(tp + fp, 1):.3f}, recall {tp / pos:.3f}, false alarms {fp / neg:.3f} "
            f"({fp}/{neg}); flagged by style: {styles}"
        )


def speed() -> None:
    """CPU seconds for a one-hour French talk (~9,000 words) against the old phrase rules."""
    from videokit.compliance.check import check_text

    items = compliance_set.load("fr")
    text = " ".join(s.text for s in items if not s.violation)
    words = text.split()
    talk = " ".join((words * (9000 // len(words) + 1))[:9000])
    sentences = len(re.findall(r"[.!?]", talk))
    started = time.process_time()
    baseline_flags("fr", [talk])
    base = time.process_time() - started
    started = time.process_time()
    check_text(talk, "fr")
    ours = time.process_time() - started
    print(
        f"\none-hour talk ({len(talk.split())} words, ~{sentences} sentences): videokit {ours:.1f} s CPU, old phrase rules {base:.2f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--speed", action="store_true", help="also time the check on a one-hour transcript")
    args = parser.parse_args()
    for language in compliance_set.LANGUAGES:
        _, held_out = compliance_set.split(language)
        texts = [s.text for s in held_out]
        report(
            language,
            held_out,
            {"old phrase rules": baseline_flags(language, texts), "videokit": videokit_flags(language, texts)},
        )
    if args.speed:
        speed()
    print("\nReproduce: PYTHONPATH=. python bench/compliance.py (machine shared; figures are counts, not times)")


if __name__ == "__main__":
    main()
