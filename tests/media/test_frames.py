"""Frame sampling: keyframes alone when they come often enough, long GOPs decoded for a frame every
interval, cuts sampled where they happen, pictures upright."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pytest
from tools import ffmpeg

from videokit.media.frames import frames_near, sample_frames


def encode(src: Path, out: Path, *args: str) -> Path:
    ffmpeg(
        "-i",
        str(src),
        "-t",
        "12",
        "-an",
        "-vf",
        "scale=480:270",
        "-c:v",
        "libx264",
        "-preset",
        "ultrafast",
        *args,
        str(out),
    )
    return out


@pytest.fixture(scope="module")
def cut_clip(ae_video: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Real footage with a hard cut to a test pattern at 5.2 s, one keyframe only (a 12 s GOP)."""
    folder = tmp_path_factory.mktemp("frames")
    out = folder / "cut.mp4"
    ffmpeg("-i", str(ae_video), "-f", "lavfi", "-i", "testsrc2=size=480x270:rate=25",
           "-filter_complex", "[0:v]fps=25,setpts=PTS-STARTPTS,scale=480:270,setsar=1[a];[1]setsar=1[b];"
           "[a][b]overlay=enable='gte(t,5.2)'", "-t", "12", "-an", "-c:v", "libx264", "-preset", "ultrafast",
           "-g", "1000", "-sc_threshold", "0", str(out))  # fmt: skip
    return out


def test_long_gop_gets_a_frame_every_interval_and_the_cut(cut_clip: Path) -> None:
    samples = list(sample_frames(cut_clip, interval=2.0, max_side=480))
    times = [s.time for s in samples]
    assert times[0] == 0.0 and all(b - a <= 2.0 + 0.05 for a, b in zip(times, times[1:]))
    cuts = [s.time for s in samples if s.scene_cut]
    assert len(cuts) == 1 and 5.2 <= cuts[0] <= 5.25  # the first frame of the new shot, not the next interval


def test_short_gops_decode_only_keyframes(ae_video: Path, tmp_path: Path) -> None:
    clip = encode(ae_video, tmp_path / "gop1s.mp4", "-g", "25", "-sc_threshold", "0")
    done: list[tuple[float, float | None]] = []
    samples = list(sample_frames(clip, interval=2.0, progress=lambda d, t=None: done.append((d, t))))
    # a keyframe every 25 frames (0.83 s at 30 fps): one in two is enough for a 2 s interval
    times = [s.time for s in samples]
    assert all(1.5 <= b - a <= 2.0 for a, b in zip(times, times[1:])) and times[-1] >= 12 - 2.0
    assert all(abs(t * 30 / 25 - round(t * 30 / 25)) < 0.01 for t in times)  # keyframes only
    assert samples[0].image.shape == (270, 480, 3)
    assert done[-1] == (done[-1][1], done[-1][1]) and done[-1][1] == pytest.approx(12.0, abs=0.1)


def test_rotated_phone_video_comes_out_upright(phone_clip: Path) -> None:
    sample = next(iter(sample_frames(phone_clip, interval=2.0)))
    raw = subprocess.run(
        [
            "ffmpeg",
            "-nostdin",
            "-v",
            "error",
            "-i",
            str(phone_clip),
            "-frames:v",
            "1",
            "-f",
            "rawvideo",
            "-pix_fmt",
            "rgb24",
            "-",
        ],
        capture_output=True,
        check=True,
    ).stdout  # fmt: skip  (ffmpeg applies the rotation itself)
    expected = np.frombuffer(raw, np.uint8).reshape(480, 270, 3)
    assert sample.image.shape == (480, 270, 3)
    assert np.abs(sample.image.astype(int) - expected).mean() < 2


def test_frames_near_times_are_upright_and_a_damaged_file_gives_none(phone_clip: Path, tmp_path: Path) -> None:
    """The thumbnail's candidates: the keyframe at or before each time, decoded alone and upright."""
    first = next(iter(sample_frames(phone_clip, interval=2.0)))
    frames = list(frames_near(phone_clip, [0.2, 4.0, 9.0]))
    assert [t for t, _ in frames] == [0.2, 4.0, 9.0]
    assert all(image.shape == (480, 270, 3) for _, image in frames)
    assert np.array_equal(frames[0][1], first.image)  # 0.2 s: the keyframe at 0
    assert not np.array_equal(frames[1][1], frames[2][1])  # the test pattern's clock moved on
    damaged = tmp_path / "damaged.mp4"
    damaged.write_bytes(phone_clip.read_bytes()[:2000])
    assert list(frames_near(damaged, [1.0])) == []


def test_the_exact_frame_is_the_one_ffmpeg_shows_at_that_time(phone_clip: Path) -> None:
    """Contact sheets and Shorts read the frame shown at a time, not the keyframe before it."""
    raw = subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-ss", "2.6", "-i", str(phone_clip), "-frames:v", "1",
                          "-f", "rawvideo", "-pix_fmt", "rgb24", "-"], capture_output=True, check=True).stdout  # fmt: skip
    shown = np.frombuffer(raw, np.uint8).reshape(480, 270, 3).astype(int)
    [(_, exact)] = frames_near(phone_clip, [2.6], exact=True)
    [(_, keyframe)] = frames_near(phone_clip, [2.6])
    assert np.abs(exact - shown).mean() < 2
    assert np.abs(keyframe - shown).mean() > 5  # the test pattern's clock at the keyframe before differs
