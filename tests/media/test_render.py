"""The YouTube master: branding, burned captions, loudness, upload settings."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import numpy as np
import pytest

from videokit.config import Branding
from videokit.media.options import RenderOptions
from videokit.media.probe import probe
from videokit.media.render import render

pytestmark = pytest.mark.slow  # Whisper, embeddings, renders or kill -9 runs: left out of `make check`

SRT = "1\n00:00:01,000 --> 00:00:04,000\nBonjour, je suis le docteur Martin.\n"


def frame(path: Path, t: float) -> np.ndarray:
    info = probe(path)
    raw = subprocess.run(["ffmpeg", "-v", "error", "-ss", f"{t:.3f}", "-i", str(path), "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "rgb24", "-"],
                         capture_output=True, check=True).stdout  # fmt: skip
    return np.frombuffer(raw, dtype=np.uint8).reshape(info.height, info.width, 3).astype(int)


def loudness(path: Path) -> tuple[float, float]:
    err = subprocess.run(
        ["ffmpeg", "-nostats", "-i", str(path), "-af", "ebur128=peak=true", "-f", "null", "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stderr
    summary = err[err.rindex("Summary:") :]
    return float(re.search(r"I:\s+(-?[\d.]+) LUFS", summary).group(1)), float(
        re.search(r"Peak:\s+(-?[\d.]+) dBFS", summary).group(1)
    )


def atoms(path: Path) -> list[str]:
    names, data, pos = [], path.read_bytes()[: 1 << 20], 0
    while pos + 8 <= len(data) and len(names) < 4:
        size = int.from_bytes(data[pos : pos + 4], "big")
        names.append(data[pos + 4 : pos + 8].decode("latin-1"))
        pos += size if size >= 8 else len(data)
    return names


@pytest.fixture(scope="module")
def branded(short_clip: Path, brand: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    folder = tmp_path_factory.mktemp("render")
    captions = folder / "captions.srt"
    captions.write_text(SRT, encoding="utf-8")
    branding = Branding(
        intro=brand["intro"],
        outro=brand["outro"],
        logo=brand["logo"],
        logo_corner="top-right",
        font=brand["font"],
        primary_color="#123C69",
    )
    out = folder / "final.mp4"
    return out, render(short_clip, out, RenderOptions(), branding=branding, captions=captions)


def test_youtube_settings_and_length(branded: tuple[Path, dict]) -> None:
    out, result = branded
    assert result.intro_offset == pytest.approx(2.0, abs=0.05)
    assert result.duration == pytest.approx(2.0 + 8.0 + 1.5, abs=0.1)
    streams = json.loads(
        subprocess.run(
            ["ffprobe", "-v", "error", "-show_streams", "-of", "json", str(out)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )["streams"]
    video, audio = (next(s for s in streams if s["codec_type"] == kind) for kind in ("video", "audio"))
    assert (video["codec_name"], video["profile"], video["pix_fmt"]) == ("h264", "High", "yuv420p")
    assert (audio["codec_name"], audio["profile"], audio["sample_rate"], audio["channels"]) == ("aac", "LC", "48000", 2)
    assert atoms(out).index("moov") < atoms(out).index("mdat")  # +faststart: playable while uploading


def test_loudness_normalised(branded: tuple[Path, dict]) -> None:
    out, result = branded
    assert result.loudness.measured.integrated < -18  # the corpus clip is quiet: it had to be raised
    integrated, peak = loudness(out)
    assert integrated == pytest.approx(-14.0, abs=1.0)
    assert peak <= -0.5


def test_branding_and_captions_visible(branded: tuple[Path, dict], short_clip: Path) -> None:
    out, _ = branded
    intro = frame(out, 0.5)
    assert np.abs(intro[360, 20] - [0x12, 0x3C, 0x69]).max() < 12  # 4:3 intro pillarboxed in the brand colour
    with_caption, without = frame(out, 2.0 + 2.5), frame(out, 2.0 + 6.5)
    logo = with_caption[40:150, 1060:1240]
    assert ((np.abs(logo - [200, 30, 40]).max(axis=2)) < 40).mean() > 0.2  # the red logo, top right
    band = slice(560, 680), slice(300, 800)  # left of the clip's own timecode
    assert (with_caption[band].min(axis=2) > 220).sum() > 500  # white caption text, bottom centre
    assert (without[band].min(axis=2) > 220).sum() < 50
    source = frame(short_clip, 6.5)
    assert np.abs(without[300:400, 300:900] - source[300:400, 300:900]).mean() < 4  # the picture itself untouched


def test_audio_only_becomes_video(corpus: Path, tmp_path: Path) -> None:
    src = corpus / "fr" / "fleurs-fr-002.ogg"
    result = render(
        src, tmp_path / "audio.mp4", RenderOptions(preset="ultrafast"), branding=Branding(primary_color="#0B5FA5")
    )
    got = probe(tmp_path / "audio.mp4")
    assert (got.width, got.height, got.has_audio) == (1280, 720, True)
    assert abs(got.duration - probe(src).duration) < 0.1 and result.intro_offset == 0.0
    assert np.abs(frame(tmp_path / "audio.mp4", 1.0)[360, 640] - [0x0B, 0x5F, 0xA5]).max() < 12


def test_rotated_vfr_phone_footage_comes_out_upright_and_constant(phone_clip: Path, tmp_path: Path) -> None:
    render(phone_clip, tmp_path / "phone.mp4", RenderOptions(preset="ultrafast"), branding=Branding())
    got = probe(tmp_path / "phone.mp4")
    assert (got.width, got.height, got.rotation) == (270, 480, 0)
    assert not got.vfr


def test_missing_branding_file(short_clip: Path, tmp_path: Path) -> None:
    from videokit.errors import InputError

    with pytest.raises(InputError, match="intro.mp4: branding or caption file not found"):
        render(short_clip, tmp_path / "x.mp4", RenderOptions(), branding=Branding(intro=tmp_path / "intro.mp4"))
    assert not (tmp_path / "x.mp4").exists()
