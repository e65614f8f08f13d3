"""Render only what changes: each path (video copied, intro/outro joined by copy, full encode) gives a
file YouTube and browsers take (H.264 High/Main yuv420p, AAC-LC 48 kHz, moov before mdat)."""

from __future__ import annotations

import hashlib
import json
import subprocess
from pathlib import Path

import numpy as np
import pytest
from test_render import atoms, frame, loudness

from videokit.config import Branding
from videokit.media.loudness import normalize_filter
from videokit.media.options import RenderOptions
from videokit.media.render import RenderResult, render

pytestmark = pytest.mark.slow  # renders


def streams(path: Path) -> tuple[dict, dict]:
    out = subprocess.run(["ffprobe", "-v", "error", "-show_streams", "-of", "json", str(path)],
                         capture_output=True, text=True, check=True).stdout  # fmt: skip
    found = json.loads(out)["streams"]
    return next(s for s in found if s["codec_type"] == "video"), next(s for s in found if s["codec_type"] == "audio")


def video_packets(path: Path, start: float = 0.0) -> str:
    """Digest of the coded video packets from `start` on (stream copy keeps them byte for byte)."""
    cmd = ["ffmpeg", "-v", "error", "-ss", f"{start}", "-i", str(path), "-map", "0:v:0", "-c", "copy", "-f", "md5", "-"]
    return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.strip()


def assert_youtube_ready(path: Path) -> None:
    video, audio = streams(path)
    assert (video["codec_name"], video["pix_fmt"]) == ("h264", "yuv420p")
    assert video["profile"] in ("High", "Main")
    assert (audio["codec_name"], audio["profile"], audio["sample_rate"], audio["channels"]) == ("aac", "LC", "48000", 2)
    names = atoms(path)
    assert names.index("moov") < names.index("mdat")  # +faststart
    # the two streams end together: nothing drifts at the joins
    assert abs(float(video["duration"]) - float(audio["duration"])) < 0.05


@pytest.fixture(scope="module")
def paths(
    short_clip: Path, brand: dict[str, Path], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, tuple[Path, RenderResult]]:
    folder = tmp_path_factory.mktemp("paths")
    cache = folder / "cache"
    made = {}
    cases = {
        "copy": Branding(),
        "intro_outro": Branding(intro=brand["intro"], outro=brand["outro"], primary_color="#123C69"),
        "logo": Branding(logo=brand["logo"]),
    }
    for name, branding in cases.items():
        out = folder / f"{name}.mp4"
        made[name] = (
            out,
            render(short_clip, out, RenderOptions(preset="ultrafast"), branding=branding, cache_dir=cache),
        )
    again = folder / "intro_outro_again.mp4"
    made["again"] = (
        again,
        render(short_clip, again, RenderOptions(preset="ultrafast"), branding=cases["intro_outro"], cache_dir=cache),
    )
    return made


def test_nothing_drawn_copies_the_video_and_normalises_the_sound(paths: dict, short_clip: Path) -> None:
    out, result = paths["copy"]
    assert (result.video, result.full_encode_reasons, result.intro_offset) == ("copied", [], 0.0)
    assert video_packets(out) == video_packets(short_clip)  # the picture untouched, bit for bit
    assert_youtube_ready(out)
    integrated, peak = loudness(out)
    assert result.loudness.measured.integrated < -18  # the corpus clip is quiet: it had to be raised
    assert integrated == pytest.approx(-14.0, abs=1.0) and peak <= -0.5


def test_intro_and_outro_join_the_copied_video_and_are_encoded_once(paths: dict, short_clip: Path) -> None:
    out, result = paths["intro_outro"]
    assert (result.video, result.full_encode_reasons, result.cached_clips) == ("copied", [], 0)
    assert result.intro_offset == pytest.approx(2.0, abs=0.05)
    assert result.duration == pytest.approx(2.0 + 8.0 + 1.5, abs=0.1)
    assert_youtube_ready(out)
    assert np.abs(frame(out, 0.5)[360, 20] - [0x12, 0x3C, 0x69]).max() < 12  # 4:3 intro pillarboxed in the brand colour
    assert np.abs(frame(out, 2.0 + 5.0) - frame(short_clip, 5.0)).mean() < 1  # the content, not re-encoded
    assert np.abs(frame(out, 11.0)[90, 640] - frame(paths["again"][0], 11.0)[90, 640]).max() < 3  # the outro bars
    again_out, again = paths["again"]
    assert again.cached_clips == 2  # the second video of the client reuses both
    assert hashlib.sha256(again_out.read_bytes()).digest() == hashlib.sha256(out.read_bytes()).digest()


def test_a_logo_needs_every_frame_and_says_so(paths: dict, short_clip: Path) -> None:
    out, result = paths["logo"]
    assert (result.video, result.full_encode_reasons) == ("encoded", ["logo overlay"])
    assert_youtube_ready(out)
    assert video_packets(out) != video_packets(short_clip)


@pytest.mark.browser
def test_every_path_plays_in_chromium(paths: dict) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        for name in ("copy", "intro_outro", "logo"):
            out, result = paths[name]
            html = out.with_suffix(".html")
            html.write_text(f'<video id="v" muted preload="auto" src="{out.name}"></video>', encoding="utf-8")
            page.goto(html.as_uri())
            played = page.evaluate(PLAY)
            assert played["error"] is None, (name, played)
            assert (played["width"], played["height"]) == (result.width, result.height), name
            assert played["duration"] == pytest.approx(result.duration, abs=0.1), name
            assert played["decoded"] > 10 and played["time"] > 0.5, (name, played)
            assert played["seeked"] == pytest.approx(result.duration - 1.0, abs=0.1), name  # past the joins
        browser.close()


PLAY = """async () => {
  const v = document.getElementById('v');
  const failed = () => ({error: v.error ? `${v.error.code} ${v.error.message}` : 'no error object'});
  if (v.readyState < 2) {
    const ok = await new Promise(done => { v.onloadeddata = () => done(true); v.onerror = () => done(false); });
    if (!ok) return failed();
  }
  await v.play();
  await new Promise(done => setTimeout(done, 1200));
  v.pause();
  const time = v.currentTime, decoded = v.getVideoPlaybackQuality().totalVideoFrames;
  v.currentTime = v.duration - 1.0;
  await new Promise(done => { v.onseeked = done; });
  if (v.error) return failed();
  return {error: null, width: v.videoWidth, height: v.videoHeight, duration: v.duration, time, decoded, seeked: v.currentTime};
}"""


@pytest.mark.parametrize(
    ("target", "pass_two", "reached"),
    [(-11.0, "alimiter", -12.0), (-8.0, "alimiter", -10.0), (-5.0, "loudnorm", -11.0)],
)
def test_a_gain_that_would_clip_keeps_peaks_under_the_ceiling(
    short_clip: Path, tmp_path: Path, target: float, pass_two: str, reached: float
) -> None:
    """The quiet clip (-21.5 LUFS, peaks -9.2 dBTP) raised to -11 or -8 LUFS puts its peaks 2.3 or 5.3
    dB over the -1 dBTP ceiling: a limiter takes them and the talk keeps its range (at -8 the limited
    peaks cost it 1.6 LU); 8.3 dB over (-5 LUFS), loudnorm's dynamic mode compresses the whole talk and
    falls as short. Either way no peak crosses the ceiling."""
    out = tmp_path / "loud.mp4"
    result = render(short_clip, out, RenderOptions(loudness_lufs=target), branding=Branding())
    assert pass_two in normalize_filter(result.loudness.measured, target, -1.0)
    integrated, peak = loudness(out)
    assert reached <= integrated <= target + 1.0
    assert peak <= -0.8
    assert_youtube_ready(out)
