"""Shorts: 9:16, framed on the speaker, captions burned, at most 180 s (60 s by default in the workflow)."""

from __future__ import annotations

from pathlib import Path

import pytest

from videokit.errors import ConfigError
from videokit.media.options import RenderOptions
from videokit.media.probe import probe
from videokit.media.shorts import make_short
from videokit.media.thumbnails import read_frame, score_frame

pytestmark = pytest.mark.slow  # Whisper, embeddings, renders or kill -9 runs: left out of `make check`


def test_short_is_vertical_and_centred_on_the_face(speaker_left: Path, tmp_path: Path) -> None:
    captions = tmp_path / "c.srt"
    captions.write_text("1\n00:00:03,000 --> 00:00:06,000\nTrois gestes simples\n", encoding="utf-8")
    result = make_short(
        speaker_left, tmp_path / "short.mp4", 2.0, 8.0, RenderOptions(preset="ultrafast"), captions=captions
    )
    got = probe(tmp_path / "short.mp4")
    assert (got.width, got.height) == (1080, 1920) and abs(got.duration - 6.0) < 0.1 and got.has_audio
    assert result.speaker_x < 0.4  # the face is left of the source's centre ...
    face = score_frame(3.0, read_frame(tmp_path / "short.mp4", 3.0, (540, 960), keyframes_only=False)).face
    assert face is not None and abs(face[0] + face[2] / 2 - 0.5) < 0.12  # ... and centred in the Short
    frame = read_frame(tmp_path / "short.mp4", 2.0, (540, 960), keyframes_only=False)  # source time 4 s: caption shown
    assert (frame[760:900].min(axis=2) > 225).sum() > 200


@pytest.mark.parametrize("start, end, message", [(0.0, 181.0, "at most 180 s"), (12.0, 15.0, "outside")])
def test_bad_segment_is_refused(speaker_left: Path, tmp_path: Path, start: float, end: float, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        make_short(speaker_left, tmp_path / "s.mp4", start, end, RenderOptions())
    assert not (tmp_path / "s.mp4").exists()
