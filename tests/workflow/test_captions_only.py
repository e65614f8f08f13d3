"""The captions-only workflow, as a user types it: an edited clip's sound transcribed whole, captions
written, nothing cut, no title (it derives none)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from videokit.media.probe import probe


@pytest.mark.slow
def test_captions_only_transcribes_the_whole_clip_and_cuts_no_picture(run_cli, corpus: Path, tmp_path: Path) -> None:
    clip = tmp_path / "edited.mp4"
    shutil.copy(corpus / "video" / "whisperx_sample01.mp4", clip)
    result = run_cli(f"publish {clip} --workflow captions-only")
    assert result.exit_code == 0, result.output
    assert "no upload step" in result.output and "captions.srt" in result.output
    report = json.loads(run_cli(f"publish {clip} --workflow captions-only --json").stdout)
    folder = Path(report["job_dir"])
    assert not (folder / "trimmed.mp4").exists()  # the sound alone is what gets transcribed
    assert abs(probe(folder / "trimmed.flac").duration - probe(clip).duration) < 0.1  # kept whole
    assert (folder / "captions.srt").read_text(encoding="utf-8").strip()
    assert report["title"] is None and set(report["steps"]) == {"probe", "cuts", "transcribe", "captions"}
