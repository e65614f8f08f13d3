"""Cut planning, time mapping and editor timelines."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from videokit import serial
from videokit.errors import ConfigError
from videokit.media.cuts import CutList, export_edl, map_time, parse_range, plan_cuts
from videokit.media.options import TrimOptions
from videokit.media.probe import probe
from videokit.speech.types import Word


@pytest.fixture(scope="module")
def info(ae_video: Path):
    return probe(ae_video)


def on_frame(t: float, fps: float = 30.0) -> bool:
    return abs(t * fps - round(t * fps)) < 1e-6


def test_margins_pauses_islands_and_frames(info) -> None:
    speech = [(1.0, 3.0), (3.4, 5.0), (9.0, 9.1), (12.013, 20.0)]
    cut = plan_cuts(info, speech, TrimOptions(margin=0.2, min_pause=0.6, min_keep=0.3))
    # the 0.4 s pause is kept, the 0.1 s island dropped, margins added, boundaries on frames
    assert cut.keep == [(0.8, 5.2), (11.8, pytest.approx(20.2))]
    assert all(on_frame(t) for r in cut.keep for t in r)
    assert cut.cuts == 3  # head, middle, tail
    assert cut.kept == pytest.approx(4.4 + 8.4, abs=1e-3)
    assert cut.removed == pytest.approx(info.duration - cut.kept)


def test_manual_keep_and_cut_ranges(info) -> None:
    options = TrimOptions(margin=0.0, keep=[(30.0, 31.0)], cut=[(2.0, 2.5)])
    cut = plan_cuts(info, [(1.0, 4.0)], options)
    assert cut.keep == [(1.0, 2.0), (2.5, 4.0), (30.0, 31.0)]


def test_fillers_removed_from_word_times(info) -> None:
    words = [Word(1.0, 1.4, " Bonjour"), Word(1.5, 1.9, " euh,"), Word(2.0, 2.6, " aujourd'hui"), Word(2.7, 3.0, " Um")]
    cut = plan_cuts(info, [(1.0, 3.0)], TrimOptions(margin=0.0, remove_fillers=True), words)
    assert cut.keep == [(1.0, 1.5), (1.9, pytest.approx(2.7))]
    assert len(cut.fillers) == 2
    kept_without = plan_cuts(info, [(1.0, 3.0)], TrimOptions(margin=0.0), words)
    assert kept_without.keep == [(1.0, 3.0)]


def test_map_time_and_roundtrip(info) -> None:
    cut = plan_cuts(info, [(1.0, 2.0), (10.0, 12.0)], TrimOptions(margin=0.0))
    assert map_time(cut, 1.5) == pytest.approx(0.5)
    assert map_time(cut, 5.0) is None
    assert map_time(cut, 11.0) == pytest.approx(2.0)
    assert serial.load(CutList, json.loads(json.dumps(serial.dump(cut)))).keep == cut.keep


@pytest.mark.parametrize(
    "text, expected", [("0:10-0:42", (10.0, 42.0)), ("1:02:03.5-1:03:00", (3723.5, 3780.0)), ("10-42.5", (10.0, 42.5))]
)
def test_parse_range(text: str, expected: tuple[float, float]) -> None:
    assert parse_range(text) == expected


@pytest.mark.parametrize("text", ["0:42-0:10", "abc", "1:xx-2:00"])
def test_parse_range_rejects(text: str) -> None:
    with pytest.raises(ConfigError, match="range"):
        parse_range(text)


def test_fcp7_xml_timeline(info, tmp_path: Path) -> None:
    cut = plan_cuts(info, [(1.0, 2.0), (10.0, 12.5)], TrimOptions(margin=0.0))
    root = ET.parse(export_edl(cut, tmp_path / "cut.xml")).getroot()
    items = root.findall(".//video/track/clipitem")
    spans = [
        (int(i.findtext("in")), int(i.findtext("out")), int(i.findtext("start")), int(i.findtext("end"))) for i in items
    ]
    assert spans == [(30, 60, 0, 30), (300, 375, 30, 105)]
    assert len(root.findall(".//audio/track/clipitem")) == 2
    assert root.find(".//file/pathurl").text.endswith("auto-editor-example.mp4")
    assert root.findtext("sequence/duration") == "105"


def test_fcpxml_and_otio_timelines(info, tmp_path: Path) -> None:
    cut = plan_cuts(info, [(1.0, 2.0), (10.0, 12.5)], TrimOptions(margin=0.0))
    clips = ET.parse(export_edl(cut, tmp_path / "cut.fcpxml")).getroot().findall(".//spine/asset-clip")
    assert [(c.get("offset"), c.get("start"), c.get("duration")) for c in clips] == [
        ("0s", "1s", "1s"),
        ("1s", "10s", "5/2s"),
    ]
    otio = json.loads(export_edl(cut, tmp_path / "cut.otio").read_text())
    video = otio["tracks"]["children"][0]["children"]
    assert [(c["source_range"]["start_time"]["value"], c["source_range"]["duration"]["value"]) for c in video] == [
        (30.0, 30.0),
        (300.0, 75.0),
    ]
    with pytest.raises(ConfigError, match=r"\.xml"):
        export_edl(cut, tmp_path / "cut.edl")
