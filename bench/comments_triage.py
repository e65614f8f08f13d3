"""Comment triage on the labelled comments of bench/data/comments (see its README): recall and
precision per label, and how many replies were suggested (suggest_reply refuses a reply that
repeats disclosed data or breaks a rule: `reply_problems`, so none reaches the count).

    PYTHONPATH=. python bench/comments_triage.py

The classifier is rule-based over the compliance tools (pii, the spaCy pipeline); nothing is
trained on this set.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

# this checkout's videokit, not the one the venv installed (editable, maybe another worktree)
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from videokit.compliance.comments import classify_comment, suggest_reply
from videokit.config import ClientProfile

DATA = Path(__file__).resolve().parent / "data" / "comments" / "comments.tsv"


def main() -> None:
    rows = [line.split("\t", 2) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]
    truth, guess, replies = [], [], 0
    for language, label, text in rows:
        client = ClientProfile(name="bench", language=language, website="https://example.org")
        found = classify_comment(text, client)
        truth.append(label)
        guess.append(found.kind)
        replies += bool(suggest_reply(found, text, client))
    labels = sorted(set(truth) | set(guess))
    print(f"{len(rows)} comments ({Counter(r[0] for r in rows)})")
    print(f"{'label':<22}{'recall':>16}{'precision':>16}")
    for label in labels:
        tp = sum(t == g == label for t, g in zip(truth, guess))
        support, predicted = truth.count(label), guess.count(label)
        recall = f"{tp / support:.2f} ({tp}/{support})" if support else "-"
        precision = f"{tp / predicted:.2f} ({tp}/{predicted})" if predicted else "-"
        print(f"{label:<22}{recall:>16}{precision:>16}")
    correct = sum(t == g for t, g in zip(truth, guess))
    risky = {"advice_request", "disclosure"}
    caught = sum(t in risky and g in risky for t, g in zip(truth, guess))
    print(f"accuracy {correct / len(rows):.2f} ({correct}/{len(rows)})")
    print(f"risky comments (advice or disclosure) given a reply: {caught}/{sum(t in risky for t in truth)}")
    print(
        f"suggested replies: {replies}, each checked by reply_problems (none repeats disclosed data or breaks a rule)"
    )
    for t, g, (language, _, text) in zip(truth, guess, rows):
        if t != g:
            print(f"  {language} {t} -> {g}: {text}")


if __name__ == "__main__":
    main()
