"""The cut list: which parts of the source survive, as an artifact (JSON) and as an editor's timeline.

Speech intervals become kept ranges: margins around speech, pauses shorter than `min_pause` kept,
islands shorter than `min_keep` dropped, fillers ("euh", "um") cut on word timestamps, manual
keep/cut ranges applied last, every boundary snapped to a frame.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any
from urllib.parse import quote
from xml.etree import ElementTree as ET

from videokit import fsutil, serial
from videokit.errors import ConfigError
from videokit.media.options import TrimOptions
from videokit.media.probe import MediaInfo
from videokit.speech.types import Word

Range = tuple[float, float]

# Hesitations only: words like "ben" or "like" carry meaning too often to cut blindly.
FILLERS = frozenset(
    {"euh", "heu", "euhh", "euhm", "hum", "hmm", "hm", "um", "umm", "uh", "uhm", "erm", "er", "ah", "mmh", "mh"}
)
_MIN_CUT = 0.1  # a cut shorter than this is a visible jump with nothing gained


@dataclass(frozen=True)
class CutStats:
    duration: float
    kept: float
    removed: float
    removed_percent: float
    cuts: int  # removed stretches, head and tail trims included
    segments: int  # kept stretches
    fillers_removed: int


@dataclass
class CutList:
    source: str
    duration: float
    keep: list[Range]
    speech: list[Range] = field(default_factory=list)
    fps: float | None = None
    fillers: list[Range] = field(default_factory=list)  # filler words removed
    options: dict[str, Any] = field(default_factory=dict)
    stats: CutStats = field(init=False)  # what the cut list keeps and removes, rounded as reported

    def __post_init__(self) -> None:
        self.stats = CutStats(
            duration=round(self.duration, 3),
            kept=round(self.kept, 3),
            removed=round(self.removed, 3),
            removed_percent=round(100 * self.removed / self.duration, 1) if self.duration else 0.0,
            cuts=self.cuts,
            segments=len(self.keep),
            fillers_removed=len(self.fillers),
        )

    @property
    def kept(self) -> float:
        return sum(e - s for s, e in self.keep)

    @property
    def removed(self) -> float:
        return self.duration - self.kept

    @property
    def removed_ranges(self) -> list[Range]:
        return _complement(self.keep, self.duration)

    @property
    def cuts(self) -> int:
        """Number of removed stretches (head and tail trims included)."""
        return len(self.removed_ranges)

    def save(self, path: Path) -> Path:
        serial.write(path, self)
        return path


def plan_cuts(info: MediaInfo, speech: list[Range], options: TrimOptions, words: list[Word] | None = None) -> CutList:
    """Turn detected speech (source seconds) into the kept ranges, frame-snapped."""
    duration = info.duration
    joined = _union([(s, e) for s, e in speech if e > s], gap=options.min_pause)
    islands = [(s, e) for s, e in joined if e - s >= options.min_keep]
    keep = _union([(max(0.0, s - options.margin), min(duration, e + options.margin)) for s, e in islands])
    fillers: list[Range] = []
    if options.remove_fillers and words:
        fillers = [(w.start, w.end) for w in words if _norm(w.text) in FILLERS and w.end > w.start]
        keep = _subtract(keep, fillers)
    keep = _union(keep + [_clamp(r, duration) for r in options.keep])
    keep = _subtract(keep, [_clamp(r, duration) for r in options.cut])
    keep = _snap(keep, info.fps, duration)
    # close cuts too short to be worth a jump, then drop slivers the cuts left behind
    keep = _union(keep, gap=_MIN_CUT)
    keep = [(s, e) for s, e in keep if e - s >= max(_MIN_CUT, info.frame_duration or 0.0)]
    return CutList(
        source=info.path,
        duration=duration,
        keep=keep,
        speech=[(round(s, 3), round(e, 3)) for s, e in speech],
        fps=info.fps,
        fillers=fillers,
        options=options.model_dump(mode="json"),
    )


def map_time(cutlist: CutList, t: float) -> float | None:
    """Source time -> time in the trimmed output; None when `t` falls in a removed stretch."""
    elapsed = 0.0
    for s, e in cutlist.keep:
        if s <= t <= e:
            return round(elapsed + (t - s), 6)
        if t < s:
            return None
        elapsed += e - s
    return None


def parse_range(text: str) -> Range:
    """'0:10-0:42', '1:02:03.5-1:03:00' or '10-42.5' -> (start, end) seconds."""
    match = re.fullmatch(r"\s*([\d:.]+)\s*-\s*([\d:.]+)\s*", text)
    if not match:
        raise ConfigError(f"range {text!r}: write START-END, e.g. 0:10-0:42 or 10-42.5")
    start, end = (_seconds(part, text) for part in match.groups())
    if end <= start:
        raise ConfigError(f"range {text!r}: the end must come after the start")
    return start, end


def export_edl(cutlist: CutList, out: Path) -> Path:
    """Write the cut as an editor timeline; the extension picks the format.

    .xml: Final Cut Pro 7 XML (imports in Premiere Pro and DaVinci Resolve); .fcpxml: Final Cut Pro X;
    .otio: OpenTimelineIO JSON (Resolve, and OTIO's adapters for everything else).
    """
    out = Path(out)
    writers = {".xml": _fcp7_xml, ".fcpxml": _fcpxml, ".otio": _otio}
    writer = writers.get(out.suffix.lower())
    if writer is None:
        raise ConfigError(f"{out}: unknown timeline format; use a .xml (Premiere/Resolve), .fcpxml or .otio name")
    fsutil.write_text(out, writer(cutlist))
    return out


# --- range arithmetic ---------------------------------------------------------------------------


def _union(ranges: list[Range], gap: float = 0.0) -> list[Range]:
    out: list[Range] = []
    for s, e in sorted(ranges):
        if out and s - out[-1][1] < gap + 1e-9:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def _subtract(keep: list[Range], remove: list[Range]) -> list[Range]:
    out = []
    for s, e in keep:
        pieces = [(s, e)]
        for rs, re_ in remove:
            pieces = [p for ps, pe in pieces for p in ((ps, min(pe, rs)), (max(ps, re_), pe)) if p[1] - p[0] > 1e-9]
        out.extend(pieces)
    return out


def _complement(keep: list[Range], duration: float) -> list[Range]:
    out, cursor = [], 0.0
    for s, e in keep:
        if s - cursor > 1e-6:
            out.append((cursor, s))
        cursor = e
    if duration - cursor > 1e-6:
        out.append((cursor, duration))
    return out


def _snap(ranges: list[Range], fps: float | None, duration: float) -> list[Range]:
    """Round each boundary to the nearest frame start, so cuts never split a frame."""
    if not fps:
        return [(round(s, 3), round(e, 3)) for s, e in ranges]
    snapped = [(round(s * fps) / fps, min(duration, round(e * fps) / fps)) for s, e in ranges]
    return [(round(s, 6), round(e, 6)) for s, e in snapped if e > s]


def _clamp(r: Range, duration: float) -> Range:
    return (max(0.0, min(r[0], duration)), max(0.0, min(r[1], duration)))


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    return re.sub(r"[^\w]+", "", text)


def _seconds(part: str, whole: str) -> float:
    try:
        value = 0.0
        for piece in part.split(":"):
            value = value * 60 + float(piece)
        return value
    except ValueError:
        raise ConfigError(f"range {whole!r}: {part!r} is not a time; write 1:05 or 65.0") from None


# --- editor timelines ---------------------------------------------------------------------------


def _timeline_rate(fps: float | None) -> tuple[int, bool, Fraction]:
    """(timebase, ntsc, frame duration) for a rate; 29.97 is timebase 30 with the NTSC flag."""
    fps = fps or 25.0
    base = round(fps)
    ntsc = abs(fps - base * 1000 / 1001) < 0.01 and abs(fps - base) > 0.01
    frame = Fraction(1001, base * 1000) if ntsc else Fraction(1, base)
    return base, ntsc, frame


def _frames(seconds: float, frame: Fraction) -> int:
    return round(Fraction(seconds).limit_denominator(1_000_000) / frame)


def _fcp7_xml(cut: CutList) -> str:
    base, ntsc, frame = _timeline_rate(cut.fps)
    src = Path(cut.source)
    total = _frames(cut.duration, frame)

    def rate(parent: ET.Element) -> None:
        r = ET.SubElement(parent, "rate")
        ET.SubElement(r, "timebase").text = str(base)
        ET.SubElement(r, "ntsc").text = "TRUE" if ntsc else "FALSE"

    root = ET.Element("xmeml", version="5")
    seq = ET.SubElement(root, "sequence", id="sequence-1")
    ET.SubElement(seq, "name").text = f"{src.stem} (trimmed)"
    ET.SubElement(seq, "duration").text = str(sum(_frames(e, frame) - _frames(s, frame) for s, e in cut.keep))
    rate(seq)
    media = ET.SubElement(seq, "media")
    tracks = {kind: ET.SubElement(ET.SubElement(media, kind), "track") for kind in ("video", "audio")}
    position = 0
    for i, (s, e) in enumerate(cut.keep, 1):
        a, b = _frames(s, frame), _frames(e, frame)
        for kind, track in tracks.items():
            item = ET.SubElement(track, "clipitem", id=f"{kind}-{i}")
            ET.SubElement(item, "name").text = src.name
            ET.SubElement(item, "duration").text = str(total)
            rate(item)
            for tag, value in (("start", position), ("end", position + b - a), ("in", a), ("out", b)):
                ET.SubElement(item, tag).text = str(value)
            if i == 1 and kind == "video":
                f = ET.SubElement(item, "file", id="file-1")
                ET.SubElement(f, "name").text = src.name
                ET.SubElement(f, "pathurl").text = _file_url(src)
                rate(f)
                ET.SubElement(f, "duration").text = str(total)
            else:
                ET.SubElement(item, "file", id="file-1")
        position += b - a
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE xmeml>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _fcpxml(cut: CutList) -> str:
    _, _, frame = _timeline_rate(cut.fps)
    src = Path(cut.source)

    def t(frames: int) -> str:
        value = frame * frames
        return f"{value.numerator}/{value.denominator}s" if value.denominator != 1 else f"{value.numerator}s"

    root = ET.Element("fcpxml", version="1.9")
    resources = ET.SubElement(root, "resources")
    ET.SubElement(resources, "format", id="r1", frameDuration=t(1), name="videokit")
    asset = ET.SubElement(
        resources,
        "asset",
        id="r2",
        name=src.stem,
        start="0s",
        duration=t(_frames(cut.duration, frame)),
        hasVideo="1",
        hasAudio="1",
        format="r1",
    )
    ET.SubElement(asset, "media-rep", kind="original-media", src=_file_url(src))
    event = ET.SubElement(ET.SubElement(root, "library"), "event", name="videokit")
    project = ET.SubElement(event, "project", name=f"{src.stem} (trimmed)")
    total = sum(_frames(e, frame) - _frames(s, frame) for s, e in cut.keep)
    spine = ET.SubElement(
        ET.SubElement(project, "sequence", format="r1", duration=t(total), tcStart="0s", tcFormat="NDF"), "spine"
    )
    position = 0
    for s, e in cut.keep:
        a, b = _frames(s, frame), _frames(e, frame)
        ET.SubElement(spine, "asset-clip", ref="r2", name=src.stem, offset=t(position), start=t(a), duration=t(b - a))
        position += b - a
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE fcpxml>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _otio(cut: CutList) -> str:
    _, _, frame = _timeline_rate(cut.fps)
    rate = float(1 / frame)
    src = Path(cut.source)

    def rt(frames: int) -> dict[str, Any]:
        return {"OTIO_SCHEMA": "RationalTime.1", "rate": rate, "value": float(frames)}

    def clip(a: int, b: int) -> dict[str, Any]:
        return {
            "OTIO_SCHEMA": "Clip.2",
            "name": src.name,
            "metadata": {},
            "source_range": {"OTIO_SCHEMA": "TimeRange.1", "start_time": rt(a), "duration": rt(b - a)},
            "media_references": {
                "DEFAULT_MEDIA": {
                    "OTIO_SCHEMA": "ExternalReference.1",
                    "target_url": _file_url(src),
                    "available_range": {
                        "OTIO_SCHEMA": "TimeRange.1",
                        "start_time": rt(0),
                        "duration": rt(_frames(cut.duration, frame)),
                    },
                    "metadata": {},
                    "name": src.name,
                }
            },
            "active_media_reference_key": "DEFAULT_MEDIA",
            "effects": [],
            "markers": [],
            "enabled": True,
        }

    def track(kind: str) -> dict[str, Any]:
        children = [clip(_frames(s, frame), _frames(e, frame)) for s, e in cut.keep]
        return {
            "OTIO_SCHEMA": "Track.1",
            "name": kind,
            "kind": kind,
            "children": children,
            "metadata": {},
            "source_range": None,
            "effects": [],
            "markers": [],
            "enabled": True,
        }

    timeline: dict[str, Any] = {
        "OTIO_SCHEMA": "Timeline.1",
        "name": f"{src.stem} (trimmed)",
        "metadata": {"videokit": {"source": cut.source}},
        "global_start_time": None,
        "tracks": {
            "OTIO_SCHEMA": "Stack.1",
            "name": "tracks",
            "children": [track("Video"), track("Audio")],
            "metadata": {},
            "source_range": None,
            "effects": [],
            "markers": [],
            "enabled": True,
        },
    }
    return json.dumps(timeline, indent=2) + "\n"


def _file_url(path: Path) -> str:
    return "file://" + quote(str(path.resolve()))
