"""The best transcript of a channel video: videokit's own job artifacts, else its caption track.

A video published by videokit has its transcript in its job folder (store: `videos` maps the
video to its job, `jobs` the job to its folder). The transcript there is of the trimmed clip;
the render may have prepended an intro, so it is shifted by the `intro_offset` render.json
records, as the upload step shifts the captions it sends.

Any other video can still have a caption track (typed by the owner, or uploaded by another
tool). Its SubRip/WebVTT text is parsed back into a Transcript: cues become segments, without
word timings (derivation needs sentences and their times, not words).
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from videokit import fsutil
from videokit.speech.types import Segment, Transcript
from videokit.store import Store

_TIME = r"(?:(\d+):)?(\d{1,2}):(\d{2})[.,](\d{1,3})"
_CUE_TIMING = re.compile(rf"^\s*{_TIME}\s*-->\s*{_TIME}")
_TAG = re.compile(r"<[^>]*>")  # WebVTT voice/class/karaoke tags and SubRip <i>, <b>, <font>


@dataclass(frozen=True)
class TranscriptSource:
    """Where a transcript came from: "job" (with the job id) or "captions" (with the track id)."""

    kind: str
    ref: str
    language: str

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "ref": self.ref, "language": self.language}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TranscriptSource:
        return cls(data["kind"], data["ref"], data["language"])


def job_transcript(store: Store, video_id: str) -> tuple[Transcript, TranscriptSource] | None:
    """The transcript videokit made for `video_id`, timed like the uploaded video; None if none."""
    videos, jobs = store.table("videos"), store.table("jobs")
    query = (
        sa.select(jobs.c.id, jobs.c.job_dir)
        .join(videos, videos.c.job_id == jobs.c.id)
        .where(videos.c.video_id == video_id)
    )
    with store.begin() as conn:
        row = conn.execute(query).first()
    if row is None:
        return None
    folder = Path(row.job_dir)
    try:
        transcript = Transcript.from_dict(fsutil.read_json(folder / "transcript.json"))
    except (FileNotFoundError, json.JSONDecodeError, KeyError, TypeError):
        return None  # the job folder was cleaned up or is incomplete: fall back to the caption track
    try:
        offset = float(fsutil.read_json(folder / "render.json").get("intro_offset", 0.0))
    except (FileNotFoundError, json.JSONDecodeError):
        offset = 0.0
    if offset:
        transcript = transcript.shifted(offset)
    return transcript, TranscriptSource("job", row.id, transcript.language)


def parse_captions(text: str, language: str, duration: float | None = None) -> Transcript:
    """A SubRip or WebVTT caption track as a Transcript (one segment per cue).

    Rolling captions (two-line cues whose first line repeats the previous cue's last line, as
    YouTube's automatic tracks do) are de-duplicated so the text reads once.
    """
    segments: list[Segment] = []
    previous: list[str] = []
    for block in re.split(r"\r?\n\s*\r?\n", text.replace("\ufeff", "")):
        lines = block.strip().splitlines()
        timing = next((i for i, line in enumerate(lines) if _CUE_TIMING.match(line)), None)
        if timing is None:
            continue  # header, NOTE, STYLE or a stray number
        m = _CUE_TIMING.match(lines[timing])
        start, end = _seconds(*m.groups()[:4]), _seconds(*m.groups()[4:])
        cue = [c for c in (" ".join(html.unescape(_TAG.sub("", line)).split()) for line in lines[timing + 1 :]) if c]
        if len(cue) > 1 and previous and cue[0] == previous[-1]:
            cue = cue[1:]  # a rolling cue: its first line is the previous cue's last
        if cue and end > start:
            segments.append(Segment(start=start, end=end, text=" ".join(cue)))
            previous = cue
    total = duration if duration is not None else (segments[-1].end if segments else 0.0)
    return Transcript(
        language=language, language_probability=1.0, duration=total, segments=tuple(segments), backend="captions"
    )


def _seconds(hours: str | None, minutes: str, seconds: str, fraction: str) -> float:
    return int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds) + int(fraction.ljust(3, "0")) / 1000
