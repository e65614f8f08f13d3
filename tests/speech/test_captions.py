"""Caption rules on every cue of real transcripts, and the file formats."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from videokit import serial
from videokit.errors import OutputError
from videokit.speech.captions import Cue, build_cues, read_captions, rewrap, shift, write_transcript
from videokit.speech.options import CaptionOptions
from videokit.speech.types import Segment, Transcript, Word

RULES = CaptionOptions()


@pytest.fixture(scope="module")
def transcripts(corpus: Path, run) -> list[Transcript]:
    return [
        run(corpus / "fr" / "fleurs-fr-001.ogg"),
        run(corpus / "fr" / "bonjour_vous_allez_bien.mp3"),
        run(corpus / "en" / "jfk.flac", model="tiny.en"),
    ]


def check_rules(transcript: Transcript, cues: list[Cue], o: CaptionOptions = RULES) -> None:
    assert cues
    words = [w for w in transcript.words if w.text.strip()]
    previous_end = 0.0
    for cue in cues:
        mine = _take(words, cue)  # every word, in order, never split across cues
        duration = cue.end - cue.start
        assert 1 <= len(cue.lines) <= o.max_lines, cue
        assert all(0 < len(line) <= o.max_line_chars for line in cue.lines), cue
        assert o.min_duration - 1e-9 <= duration <= o.max_duration + 1e-9, cue
        assert len(cue.text) / duration <= o.max_cps + 1e-9, cue
        assert cue.start >= previous_end, cue
        previous_end = cue.end
        # No lingering: past its last word a cue stays only as long as reading needs,
        # and it appears at most half a second before its first word.
        need = max(o.min_duration, len(cue.text) / o.max_cps)
        assert cue.end <= max(mine[-1].end, cue.start + need) + 0.002, cue
        assert cue.start >= mine[0].start - 0.5 - 0.002, cue
    assert not words, "words left without a cue"


def _take(words: list[Word], cue: Cue) -> list[Word]:
    """Pop from `words` the words whose text makes up `cue`."""
    target, got, taken = re.sub(r"\s+", "", cue.text), "", []
    while words and len(got) < len(target):
        taken.append(words.pop(0))
        got += taken[-1].text.strip()
    assert got == target, (got, target)
    return taken


@pytest.mark.slow
def test_every_cue_obeys_the_rules(transcripts: list[Transcript]) -> None:
    for t in transcripts:
        check_rules(t, build_cues(t, RULES))


@pytest.mark.slow
def test_tighter_rules_are_obeyed_too(transcripts: list[Transcript]) -> None:
    tight = CaptionOptions(max_line_chars=32, max_lines=1, max_cps=15)
    for t in transcripts:
        check_rules(t, build_cues(t, tight), tight)


@pytest.mark.slow
def test_long_pause_ends_a_cue_and_breaks_prefer_punctuation(transcripts: list[Transcript]) -> None:
    cues = build_cues(transcripts[1], RULES)  # "Bonjour, est-ce que vous allez bien ?" twice, 29 s apart
    assert len(cues) == 2
    assert cues[0].end < 10 and cues[1].start > 30
    fr = build_cues(transcripts[0], RULES)
    ends = [c.text[-1] for c in fr[:-1]]
    assert sum(e in ".,;:?!" for e in ends) >= len(ends) / 2, [c.text for c in fr]


@pytest.mark.slow
def test_no_line_ends_on_an_article(transcripts: list[Transcript]) -> None:
    for t in transcripts:
        for cue in build_cues(t, RULES):
            for line in cue.lines:
                assert line.split()[-1].lower() not in {"le", "la", "les", "un", "une", "des", "the", "a", "de"}, cue


def test_elided_words_stay_whole() -> None:
    # faster-whisper splits "C'est" into "C'" + "est" (no leading space): one word for captions.
    words = (Word(0.0, 0.2, " C'"), Word(0.2, 0.5, "est"), Word(0.5, 0.9, " bon."))
    cues = build_cues(Transcript("fr", 1.0, 1.0, (Segment(0.0, 0.9, " C'est bon.", words),)), RULES)
    assert [c.lines for c in cues] == [("C'est bon.",)]


def test_an_edited_cue_is_rewrapped_like_a_built_one() -> None:
    # A greedy wrap ends the first line on "au" and the second on "sur", and takes three lines.
    assert rewrap(" Utilisez un tensiomètre automatique au bras, validé et bien réglé.", RULES) == (
        "Utilisez un tensiomètre automatique",
        "au bras, validé et bien réglé.",
    )
    long = "Asseyez-vous au calme pendant cinq minutes, le dos appuyé, le bras posé sur la table."
    lines = rewrap(long, RULES)
    assert " ".join(lines) == long and len(lines) == 3 and all(len(line) <= RULES.max_line_chars for line in lines)
    assert rewrap("  ", RULES) == ("",)


@pytest.mark.slow
def test_formats_are_chosen_by_extension(transcripts: list[Transcript], tmp_path: Path) -> None:
    t = transcripts[2]
    srt = write_transcript(t, tmp_path / "jfk.srt").read_text()
    assert re.match(r"1\n00:00:0\d,\d{3} --> 00:00:\d\d,\d{3}\n\S", srt)
    cues = build_cues(t, CaptionOptions())
    assert [s.text for s in read_captions(srt, "en").segments] == [c.text for c in cues]  # the reader reads the writer
    vtt = write_transcript(t, tmp_path / "jfk.vtt").read_text()
    assert vtt.startswith("WEBVTT\n\n00:00:") and "-->" in vtt and "," not in vtt.splitlines()[2]
    assert write_transcript(t, tmp_path / "jfk.txt").read_text().strip() == t.text
    data = json.loads(write_transcript(t, tmp_path / "jfk.json").read_text())
    assert serial.load(Transcript, data) == t
    with pytest.raises(OutputError, match=r"jfk\.docx: unknown transcript format"):
        write_transcript(t, tmp_path / "jfk.docx")
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "jfk.json",
        "jfk.srt",
        "jfk.txt",
        "jfk.vtt",
    ]  # no temp files left


@pytest.mark.slow
def test_shift_moves_cues_for_an_intro(transcripts: list[Transcript]) -> None:
    cues = build_cues(transcripts[2], RULES)
    moved = shift(cues, 4.5)
    assert len(moved) == len(cues)
    for m, c in zip(moved, cues):
        assert m.lines == c.lines and m.start == pytest.approx(c.start + 4.5) and m.end == pytest.approx(c.end + 4.5)
    assert shift(cues, -1000) == []


def test_caption_tracks_parse_back_into_transcripts(corpus: Path) -> None:
    srt = (corpus / "fr/whisperx_sample_fr_01.srt").read_text(encoding="utf-8")
    transcript = read_captions(srt, "fr")
    assert len(transcript.segments) == srt.count("-->")
    first = transcript.segments[0]
    assert (first.start, first.end, first.text) == (0.767, 1.312, "Lâchez, c'est bon.")
    rolling = "WEBVTT\n\n00:00.000 --> 00:02.000\n<c>bonjour à tous</c>\n\n00:02.000 --> 00:04.500 align:start\nbonjour à tous\naujourd'hui l'asthme\n"
    assert [s.text for s in read_captions(rolling, "fr").segments] == ["bonjour à tous", "aujourd'hui l'asthme"]
