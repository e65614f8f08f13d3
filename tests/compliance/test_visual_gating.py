"""The on-screen check analyses a sample only where the picture changed: on a steady shot where only
the speaker moves, a second person and a prescription appearing in a part of the room that stayed
still are still found, and most of each frame is not analysed again."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from tools import ffmpeg

from videokit.compliance.visual import check_video
from videokit.media.changes import Change, ChangeTracker
from videokit.media.options import VisualCheckOptions

W, H = 960, 540
VISITOR = (620, 140, 220, 220)  # x, y, w, h: the astronaut, from 5 s to 9 s
VISITOR_SPAN = (5.0, 9.0)
PAGE = (540, 120)  # the prescription's top-left corner, from 10 s


@pytest.fixture(scope="module")
def steady(
    tmp_path_factory: pytest.TempPathFactory, corpus: Path, hopper: Path, astronaut: Path, prescription: Path
) -> Path:
    """14 s at 25 fps: one real frame of the corpus footage held still, the practitioner's portrait
    moving a little on the left as a speaker does, then the visitor and the prescription on the right."""
    folder = tmp_path_factory.mktemp("steady")
    room = folder / "room.png"
    ffmpeg(
        "-ss",
        "3",
        "-i",
        str(corpus / "video" / "auto-editor-example.mp4"),
        "-frames:v",
        "1",
        "-vf",
        f"scale={W}:{H}",
        str(room),
    )
    out = folder / "steady.mp4"
    x, y, side, _ = VISITOR
    start, end = VISITOR_SPAN
    ffmpeg("-loop", "1", "-framerate", "25", "-i", str(room), "-loop", "1", "-i", str(hopper), "-loop", "1", "-i", str(astronaut),
           "-loop", "1", "-i", str(prescription), "-filter_complex",
           f"[1]scale=-2:320[h];[2]scale={side}:{side}[a];[0][h]overlay=x='70+8*sin(2*t)':y='90+4*sin(3*t)'[v1];"
           f"[v1][a]overlay={x}:{y}:enable='between(t,{start},{end - 0.04})'[v2];[v2][3]overlay={PAGE[0]}:{PAGE[1]}:enable='gte(t,10)'[v]",
           "-map", "[v]", "-t", "14", "-c:v", "libx264", "-preset", "veryfast", "-g", "50", "-pix_fmt", "yuv420p", str(out))  # fmt: skip
    return out


def test_what_appears_where_the_picture_was_still_is_found_and_the_rest_is_not_analysed_again(steady: Path) -> None:
    result = check_video(steady, VisualCheckOptions(), language="fr", practitioner_names=["Dr Claire Martin"])
    faces = [f for f in result.findings if f.rule_id == "frame.face"]
    assert result.practitioner == "most present face" and result.people == 2
    assert len(faces) == 1, faces
    x, y, w, h = faces[0].box
    vx, vy, side, _ = VISITOR
    assert (
        vx / W - 0.02 <= x
        and x + w <= (vx + side) / W + 0.02
        and vy / H - 0.02 <= y
        and y + h <= (vy + side) / H + 0.02
    )
    seen = [point[0] for point in faces[0].track]
    assert min(seen) >= VISITOR_SPAN[0] and max(seen) < VISITOR_SPAN[1] and len(seen) == 2  # the samples at 6 s and 8 s
    texts = {f.rule_id: f for f in result.findings if f.rule_id != "frame.face"}
    assert {"frame.nir", "frame.birth_date", "frame.name", "frame.phone"} <= set(texts), texts
    assert all(f.severity == "block" and min(p[0] for p in f.track) >= 10.0 for f in texts.values())
    # the first sample is analysed whole, and the one where the prescription replaces the visitor while
    # the speaker moves (most of the frame changed); the others only around the speaker and what came or left
    stats = result.stats
    assert stats["full_analyses"] <= 2 and stats["partial_analyses"] == result.frames - stats["full_analyses"], stats
    assert stats["area_analysed"] < 0.6, stats


def picture(path: Path) -> np.ndarray:
    from PIL import Image

    with Image.open(path) as image:
        return np.asarray(image.convert("RGB").resize((1280, 720)))


def test_changes_are_found_where_they_are_even_slow_ones(hopper: Path, astronaut: Path) -> None:
    room = picture(hopper)  # a real picture as the still room
    face = picture(astronaut)[40:280, 440:680]  # the astronaut's face, 240 px
    rng = np.random.default_rng(0)
    tracker = ChangeTracker()

    def sample(image: np.ndarray, cut: bool = False) -> Change:
        noisy = np.clip(image + rng.normal(0, 1.5, image.shape), 0, 255).astype(np.uint8)  # a camera's noise
        change = tracker.compare(noisy, cut)
        tracker.analysed(change)
        return change

    assert sample(room).full
    assert all(sample(room).regions == () for _ in range(20))  # noise does not add up to a change
    # a face appearing in a still area: one region holding it, most of the frame left alone
    shown = room.copy()
    shown[400:640, 900:1140] = face
    change = sample(shown)
    assert not change.full and len(change.regions) == 1 and change.area(1280, 720) < 0.2
    x0, y0, x1, y1 = change.regions[0]
    assert x0 <= 900 and y0 <= 400 and x1 >= 1140 and y1 >= 640
    assert sample(shown).regions == ()  # then still again: nothing to analyse
    # the same face fading in by 4 % a sample elsewhere: analysed before it is half visible
    analysed_at = []
    for step in range(1, 13):
        fading = shown.copy()
        fading[60:300, 100:340] = (room[60:300, 100:340] * (1 - 0.04 * step) + face * 0.04 * step).astype(np.uint8)
        change = sample(fading)
        if any(x0 <= 100 and y0 <= 60 and x1 >= 340 and y1 >= 300 for x0, y0, x1, y1 in change.regions):
            analysed_at.append(step)
    assert analysed_at and analysed_at[0] * 0.04 < 0.5, analysed_at
    # a box that a region touches is analysed whole; one elsewhere is left alone
    moved = shown.copy()
    moved[420:460, 1140:1180] = 255 - moved[420:460, 1140:1180]
    change = tracker.grow(tracker.compare(moved, False), [(900, 400, 1140, 640), (20, 500, 200, 700)])
    assert not change.full and any(x0 <= 900 and y0 <= 400 and x1 >= 1180 for x0, y0, x1, _ in change.regions)
    assert change.outside((20, 500, 200, 700)) and not change.outside((900, 400, 1140, 640))
    assert sample(room, cut=True).full
