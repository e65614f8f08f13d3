"""Benchmark: how often a sentence the description would quote carries a misheard word.

The hook and summary quote the talk's own sentences, and only those Whisper heard surely
(describe.SURE_WORD on TimedSentence.confidence). A misheard word that is still a word of the
language ("Manger davantage de fri et de légumes" for "fruits") passes every dictionary check,
so what decides is which words count as heard surely. This transcribes recordings that have a
reference transcript (../shared/corpus: human FLEURS references, silver Whisper-medium ones for
the long clips; and the demo talk, whose script is its reference), aligns every word Whisper
wrote to the reference, and prints:

- the share of words that are wrong, by the probability Whisper gave them and by how common the
  word is (wordfreq's Zipf scale);
- for each rule deciding which sentences may be quoted: how many sentences it lets through and
  how many of those carry a wrong word; the rule in use: every word at describe.SURE_WORD, its
  rare words at describe.RARE_SURE_WORD (describe.rare_words_sure) and the sentence heard the
  same way again (videokit.speech.rehear); then, for French, the same with a stricter bar for
  the words that sound alike (-er, -é, -ée…: measured, not in use).

    .venv/bin/python bench/heard.py                 # both languages, the default model (base)
    .venv/bin/python bench/heard.py --sets fr --show-errors

Transcripts are cached under --cache (delete it to transcribe again, e.g. on another CPU).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import jiwer

from videokit import serial
from videokit.nlp import zipf_frequency
from videokit.seo.describe import RARE_SURE_WORD, RARE_ZIPF, SURE_WORD, rare_words_sure
from videokit.seo.text import real_words
from videokit.seo.timed import TimedSentence, timed_sentences
from videokit.speech.options import TranscribeOptions
from videokit.speech.rehear import Rehearing
from videokit.speech.types import Transcript
from videokit.speech.wer import normalise

CORPUS = ROOT.parent / "shared" / "corpus"
# French verb endings that sound the same (/e/): "dépister", "dépisté", "dépistée", "dépistez"
HOMOPHONE_ENDINGS = {"fr": ("er", "é", "ée", "és", "ées", "ez")}
DEMO = "demo talk"
SETS = {
    "fr": [
        *(f"fr/fleurs-fr-00{i}.ogg" for i in range(9)),
        "fr/smartphone.mp3",
        "fr/radio_short.mp3",
        "fr/whisperx_sample_fr_01.wav",
        "fr/bonjour_vous_allez_bien.mp3",
        DEMO,
    ],
    "en": [
        *(f"en/fleurs-en-00{i}.ogg" for i in range(10)),
        "en/jfk.flac",
        "en/apollo11.mp3",
        "video/whisperx_sample01.mp4",
        "video/auto-editor-example.mp4",
    ],
}
PROBABILITY_BANDS = (0.0, 0.3, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01)
ZIPF_BANDS = (0.0, 3.0, 4.0, 9.0)  # rare (< 3: once per million words or less), uncommon, common


def transcript_of(name: str, language: str, cache: Path, models_dir: Path) -> tuple[Transcript, str, Path]:
    """(videokit's transcript with the default options, the reference text, the media), the
    transcript cached as JSON."""
    if name == DEMO:
        sys.path.insert(0, str(ROOT / "assets"))
        from make_sample_clip import SCRIPT

        media, reference = cache / "sample-fr.mp4", " ".join(text for text, _ in SCRIPT)
        if not media.exists():
            subprocess.run([sys.executable, str(ROOT / "assets" / "make_sample_clip.py"), str(media)], check=True)
    else:
        media = CORPUS / name
        reference = media.with_suffix(".txt").read_text(encoding="utf-8")
    stored = cache / (name.replace("/", "_") + ".json")
    if not stored.exists():
        from videokit.speech.transcribe import transcribe

        found = transcribe(media, TranscribeOptions(language=language), models_dir=models_dir)
        serial.write(stored, found)
    return serial.load(Transcript, json.loads(stored.read_text(encoding="utf-8"))), reference, media


def aligned(reference: list[str], hypothesis: list[str]) -> list[bool]:
    """For each hypothesis word, whether a minimal edit alignment (jiwer's) matches it to the same reference word."""
    right = [False] * len(hypothesis)
    if hypothesis:
        for chunk in jiwer.process_words(" ".join(reference), " ".join(hypothesis)).alignments[0]:
            if chunk.type == "equal":
                right[chunk.hyp_start_idx : chunk.hyp_end_idx] = [True] * (chunk.hyp_end_idx - chunk.hyp_start_idx)
    return right


Heard = list[tuple[str, float, bool]]  # a sentence's words: (normalised word, probability, right or not)


def heard_words(transcript: Transcript, reference: str) -> list[tuple[TimedSentence, Heard]]:
    """Each timed sentence, with its words: (normalised word, Whisper's probability, right or not).
    A number written in digits counts as right: the references spell them out ("quatorze")."""
    language = transcript.language
    sentences = timed_sentences(transcript)
    # each sentence's words, normalised as the reference is: (token, its word's probability)
    tokens = [[(t, w.probability) for w in s.words for t in normalise(w.text, language)] for s in sentences]
    right = iter(aligned(normalise(reference, language), [t for words in tokens for t, _ in words]))
    return [(s, [(t, p, next(right) or t.isdigit()) for t, p in words]) for s, words in zip(sentences, tokens)]


def band(value: float, edges: tuple[float, ...]) -> int:
    return next(i for i in range(len(edges) - 1) if value < edges[i + 1])


Rule = Callable[[Heard], bool]


def rules(language: str) -> dict[str, Rule]:
    """Which sentences count as heard surely: the rule in use (every word at describe.SURE_WORD)
    and the alternatives measured against it."""

    def lowest(bar: float) -> Rule:
        return lambda heard: min(p for _, p, _ in heard) >= bar

    def joint(bar: float) -> Rule:
        return lambda heard: math.prod(p for _, p, _ in heard) >= bar

    def rare_needs(zipf_below: float, bar: float) -> Rule:
        return lambda heard: all(
            p >= 0.5 and (p >= bar or zipf_frequency(t, language) >= zipf_below) for t, p, _ in heard
        )

    found: dict[str, Rule] = {f"every word p >= {bar}": lowest(bar) for bar in (0.5, 0.6, 0.7, 0.8)}
    found |= {f"product of p >= {bar}": joint(bar) for bar in (0.2, 0.3, 0.5)}
    found |= {f"every word p >= 0.5, Zipf < 3 needs p >= {b}": rare_needs(3.0, b) for b in (0.8, 0.9)}
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sets", default="fr,en")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/videokit-bench/heard"))
    parser.add_argument(
        "--models-dir",
        type=Path,
        default=Path(os.environ.get("VIDEOKIT_TEST_MODELS", Path.home() / ".cache" / "videokit-test-models")),
    )
    parser.add_argument("--show-errors", action="store_true", help="list every wrong word with its probability")
    args = parser.parse_args()
    args.cache.mkdir(parents=True, exist_ok=True)
    for language in args.sets.split(","):
        sentences: list[tuple[TimedSentence, Heard]] = []
        # (words, heard the same again, rare words heard surely) of what summary() may quote
        quotable: list[tuple[Heard, bool, bool]] = []
        for name in SETS[language]:
            transcript, reference, media = transcript_of(name, language, args.cache, args.models_dir)
            found = heard_words(transcript, reference)
            sentences.extend(found)
            rehearing = Rehearing(media, TranscribeOptions(language=language), language, models_dir=args.models_dir)
            for sentence, heard in found:
                # what describe.summary may quote at all: 6 words or more, every one a word of the language
                if len(heard) >= 6 and real_words(sentence.text, language, sentence=True):
                    again = min(p for _, p, _ in heard) >= SURE_WORD and rehearing(
                        sentence.text, sentence.start, sentence.end
                    )
                    quotable.append((heard, again, rare_words_sure(((t, p) for t, p, _ in heard), language)))
            if args.show_errors:
                wrong = [
                    f"{t} ({p:.2f}, Zipf {zipf_frequency(t, language):.1f})" for _, s in found for t, p, r in s if not r
                ]
                print(f"{name}: {', '.join(wrong)}")
        words = [w for _, s in sentences for w in s]
        print(
            f"\n== {language}: {len(words)} words, {sum(not r for _, _, r in words)} wrong, {len(sentences)} sentences"
        )
        print("share of words wrong, by Whisper's probability (rows) and Zipf frequency (columns)")
        print(f"{'p':>12}" + "".join(f"{f'Zipf {a:g}-{b:g}':>16}" for a, b in zip(ZIPF_BANDS, ZIPF_BANDS[1:])))
        table: dict[tuple[int, int], list[bool]] = {}
        for word, p, right in words:
            table.setdefault((band(p, PROBABILITY_BANDS), band(zipf_frequency(word, language), ZIPF_BANDS)), []).append(
                right
            )
        for i, (a, b) in enumerate(zip(PROBABILITY_BANDS, PROBABILITY_BANDS[1:])):
            cells = [table.get((i, j), []) for j in range(len(ZIPF_BANDS) - 1)]
            print(
                f"{f'{a:g}-{min(b, 1):g}':>12}"
                + "".join(f"{f'{sum(not r for r in c) / len(c):.2f} of {len(c)}' if c else '-':>16}" for c in cells)
            )
        if language in HOMOPHONE_ENDINGS:
            print(
                f"share wrong of the words ending in {'/'.join(HOMOPHONE_ENDINGS[language])} (sounding alike) and of the others"
            )
            for i, (a, b) in enumerate(zip(PROBABILITY_BANDS, PROBABILITY_BANDS[1:])):
                inside = [w for w in words if band(w[1], PROBABILITY_BANDS) == i]
                family = [r for t, _, r in inside if t.endswith(HOMOPHONE_ENDINGS[language])]
                others = [r for t, _, r in inside if not t.endswith(HOMOPHONE_ENDINGS[language])]
                print(
                    f"{f'{a:g}-{min(b, 1):g}':>12}"
                    + "".join(
                        f"{f'{sum(not r for r in c) / len(c):.2f} of {len(c)}' if c else '-':>16}"
                        for c in (family, others)
                    )
                )
        clean = sum(all(r for _, _, r in h) for h, _, _ in quotable)
        print(
            f"\nsentences of 6 words or more, all words of the language: {len(quotable)}, {clean} without a wrong word"
        )
        print(f"{'rule':52}{'quoted':>8}{'with a wrong word':>20}{'clean kept':>12}")
        rows = {name: [h for h, _, _ in quotable if rule(h)] for name, rule in rules(language).items()}
        rows[f"every word p >= {SURE_WORD}, heard the same again"] = [h for h, again, _ in quotable if again]
        rows[f"the same, and Zipf < {RARE_ZIPF:g} needs p >= {RARE_SURE_WORD} (in use)"] = [
            h for h, again, rare in quotable if again and rare
        ]
        if language in HOMOPHONE_ENDINGS:
            for bar in (0.7, 0.8, 0.9):
                rows[f"heard again, and -er/-é… words p >= {bar}"] = [
                    h
                    for h, again, _ in quotable
                    if again and all(p >= bar for t, p, _ in h if t.endswith(HOMOPHONE_ENDINGS[language]))
                ]
        for name, kept in rows.items():
            dirty = sum(not all(r for _, _, r in h) for h in kept)
            share = f"{dirty} ({dirty / len(kept):.0%})" if kept else "-"
            print(f"{name:52}{len(kept):>8}{share:>20}{(len(kept) - dirty) / max(clean, 1):>12.0%}")


if __name__ == "__main__":
    main()
