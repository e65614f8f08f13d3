"""`videokit publish CLIP --workflow shorts`: a vertical Short cut from the real corpus clip."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from videokit.media.probe import probe

pytestmark = pytest.mark.slow  # Whisper, embeddings, renders or kill -9 runs: left out of `make check`


def test_shorts_workflow_cuts_a_vertical_short(run_cli, corpus: Path) -> None:
    result = run_cli(["publish", str(corpus / "video/auto-editor-example.mp4"), "--workflow", "shorts", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["video_id"] is None  # the workflow has no upload step
    short = probe(Path(report["files"]["short.mp4"]))
    trimmed = probe(Path(report["files"]["trimmed.mp4"]))
    assert (short.width, short.height) == (1080, 1920) and short.has_audio
    assert 10.0 < short.duration <= min(58.0, trimmed.duration) + 0.1
    summary = json.loads((Path(report["job_dir"]) / "short.json").read_text(encoding="utf-8"))
    spoken = (Path(report["job_dir"]) / "transcript.txt").read_text(encoding="utf-8")
    assert summary["text"].split()[0] in spoken and summary["keyword_hits"] >= 1
    assert abs(short.duration - (summary["end"] - summary["start"])) < 0.1  # the picked stretch, not the whole clip
