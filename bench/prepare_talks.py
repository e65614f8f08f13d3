"""Build the real-talk evaluation set for bench/metadata.py from public sources (nothing of it is
committed: it stays in bench/.data/talks, which git ignores; bench/talks.json lists each talk with
its source, URL, licence and the sha256 of the file it came from).

Source today: Crash Course Psychology (40 episodes, CrashCourse, Complexly; the creators' own
titles, chapter lists and human-made captions with times), as gathered by the public repository
github.com/mcclonkster/psy-132 (yt-dlp metadata and captions, one Markdown file a video).

    git clone https://github.com/mcclonkster/psy-132 /tmp/psy-132
    python bench/prepare_talks.py /tmp/psy-132            # writes bench/.data/talks/*.json
    python bench/prepare_talks.py /tmp/psy-132 --manifest  # also rewrites bench/talks.json

The source may be a working copy or a bare git directory (files are read from its HEAD commit).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / ".data" / "talks"
MANIFEST = HERE / "talks.json"
REPOSITORY = "https://github.com/mcclonkster/psy-132"
FOLDER = "instructor_reference/crash_course/archive"
LICENCE = (
    "not verified: neither the videos' descriptions nor the source repository (no LICENSE file) state one;"
    " Crash Course is commonly said to be CC BY-NC-SA 4.0, which this project could not confirm."
    " Used for evaluation only: nothing of the talks is committed or redistributed"
)
_LINE = re.compile(r"^- \[(\d+):(\d{2})(?::(\d{2}))?\] (.*)$")
_FRONT = re.compile(r"^(\w+): (.*)$")


def git(source: Path, *args: str) -> bytes:
    return subprocess.run(["git", "-C", str(source), *args], check=True, capture_output=True).stdout


def talks(source: Path) -> list[tuple[str, dict, bytes]]:
    """(path, talk, raw file) for every episode file with timed captions and chapters, one per video."""
    commit = git(source, "rev-parse", "HEAD").decode().strip()
    names = git(source, "ls-tree", "-r", "--name-only", "HEAD", FOLDER).decode().splitlines()
    found: dict[str, tuple[str, dict, bytes]] = {}
    for name in sorted(names):
        if not name.endswith(".md") or "__reading" in name or "crash_course_psychology_" not in name:
            continue
        raw = git(source, "show", f"HEAD:{name}")
        talk = parse(raw.decode("utf-8"))
        if talk is None:
            continue
        talk["source"] = {"repository": REPOSITORY, "commit": commit, "path": name}
        if talk["id"] not in found or len(talk["segments"]) > len(found[talk["id"]][1]["segments"]):
            found[talk["id"]] = (name, talk, raw)
    return sorted(found.values(), key=lambda t: t[1]["episode"])


def parse(text: str) -> dict | None:
    front: dict[str, str] = {}
    lines = text.splitlines()
    for line in lines[1 : lines.index("---", 1) if "---" in lines[1:] else 0]:
        match = _FRONT.match(line)
        if match:
            front[match.group(1)] = match.group(2)
    if "chapters_json" not in front or "## Transcript" not in lines:
        return None
    chapters = [{"start": float(c["start_time"]), "title": c["title"]} for c in json.loads(front["chapters_json"])]
    timed = []
    for line in lines[lines.index("## Transcript") + 1 :]:
        match = _LINE.match(line.strip())
        if match:
            a, b, c, said = match.groups()
            seconds = int(a) * 60 + int(b) if c is None else int(a) * 3600 + int(b) * 60 + int(c)
            timed.append((float(seconds), said.strip()))
    if len(chapters) < 3 or len(timed) < 20:
        return None
    duration = float(front.get("duration_seconds", timed[-1][0] + 5))
    segments = [
        {"start": start, "end": max(start + 0.5, timed[i + 1][0] if i + 1 < len(timed) else duration), "text": said}
        for i, (start, said) in enumerate(timed)
    ]
    title = json.loads(front["title"]) if front["title"].startswith('"') else front["title"]
    episode = int(re.search(r"#(\d+)", title).group(1)) if re.search(r"#(\d+)", title) else 0
    return {
        "id": front["video_id"],
        "episode": episode,
        "language": "en",
        "title": title,
        "series": "Crash Course Psychology",
        "url": json.loads(front["url"]) if front["url"].startswith('"') else front["url"],
        "licence": LICENCE,
        "duration": duration,
        "chapters": chapters,
        "segments": segments,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("source", type=Path, help="a clone (or bare git directory) of " + REPOSITORY)
    parser.add_argument("--manifest", action="store_true", help="rewrite bench/talks.json from what was read")
    args = parser.parse_args(argv)
    found = talks(args.source)
    if not found:
        print(
            f"{args.source}: no episode with timed captions and chapters under {FOLDER}; is it a clone of {REPOSITORY}?",
            file=sys.stderr,
        )
        return 3
    OUT.mkdir(parents=True, exist_ok=True)
    manifest = []
    for path, talk, raw in found:
        (OUT / f"{talk['id']}.json").write_text(json.dumps(talk, ensure_ascii=False, indent=1), encoding="utf-8")
        manifest.append(
            {
                "id": talk["id"],
                "episode": talk["episode"],
                "language": talk["language"],
                "url": talk["url"],
                "source": f"{REPOSITORY}/blob/{talk['source']['commit']}/{path}",
                "licence": LICENCE,
                "sha256": hashlib.sha256(raw).hexdigest(),
                "medical": _medical(talk["title"]),
            }
        )
    if args.manifest:
        MANIFEST.write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    print(f"{len(found)} talks written to {OUT}")
    return 0


def _medical(title: str) -> bool:
    """Episodes about disorders, treatment, health and sleep: the ones closest to a doctor's channel."""
    return bool(
        re.search(
            r"disorder|treatment|psychotherapy|health|trauma|addiction|schizophrenia|sleep|chemical mind|altered states",
            title,
            re.I,
        )
    )


if __name__ == "__main__":
    sys.exit(main())
