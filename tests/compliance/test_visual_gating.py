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
    room = _room(corpus, folder, W, H)
    out = folder / "steady.mp4"
    x, y, side, _ = VISITOR
    start, end = VISITOR_SPAN
    graph = (f"[1]scale=-2:320[h];[2]scale={side}:{side}[a];[0][h]overlay=x='70+8*sin(2*t)':y='90+4*sin(3*t)'[v1];"
             f"[v1][a]overlay={x}:{y}:enable='between(t,{start},{end - 0.04})'[v2];[v2][3]overlay={PAGE[0]}:{PAGE[1]}:enable='gte(t,10)'[v]")  # fmt: skip
    return _film(out, [room, hopper, astronaut, prescription], graph, seconds=14, gop=50)


def _film(out: Path, pictures: list[Path], graph: str, *, seconds: int, gop: int) -> Path:
    """A 25 fps H.264 clip of still pictures put together by an ffmpeg filter graph ending in [v]."""
    inputs = [arg for picture in pictures for arg in ("-loop", "1", "-framerate", "25", "-i", str(picture))]
    ffmpeg(*inputs, "-filter_complex", graph, "-map", "[v]", "-t", str(seconds), "-c:v", "libx264", "-preset", "veryfast",
           "-g", str(gop), "-pix_fmt", "yuv420p", str(out))  # fmt: skip
    return out


def _room(corpus: Path, folder: Path, width: int, height: int) -> Path:
    """One real frame of the corpus footage, scaled, as the room filmed."""
    room = folder / "room.png"
    ffmpeg(
        "-ss",
        "3",
        "-i",
        str(corpus / "video" / "auto-editor-example.mp4"),
        "-frames:v",
        "1",
        "-vf",
        f"scale={width}:{height}",
        str(room),
    )
    return room


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


PAN_SPEED = 50  # pixels per second of a 960x540 view over a scene twice as wide
STRANGER = (
    1200,
    100,
    330,
)  # x, y, width in the scene: the astronaut's face, entering the view from 4.8 s, whole from 11.4 s


@pytest.fixture(scope="module")
def pan(
    tmp_path_factory: pytest.TempPathFactory, corpus: Path, hopper: Path, astronaut: Path, prescription: Path
) -> Path:
    """15 s of a camera panning right across a real room: the practitioner on the left leaves the view,
    a second person larger than the strip each sample brings in enters it slowly, and a
    prescription is in view all along."""
    folder = tmp_path_factory.mktemp("pan")
    room = _room(corpus, folder, 1920, 540)
    out = folder / "pan.mp4"
    x, y, side = STRANGER
    graph = (f"[1]scale=-2:320[h];[2]crop=170:190:145:20,scale={side}:-2[a];[0][h]overlay=100:90[v1];[v1][a]overlay={x}:{y}[v2];"
             f"[v2][3]overlay=560:150[v3];[v3]crop=960:540:'{PAN_SPEED}*t':0[v]")  # fmt: skip
    return _film(out, [room, hopper, astronaut, prescription], graph, seconds=15, gop=25)


def test_a_panning_camera_is_followed_and_a_face_entering_slowly_is_found_whole(pan: Path) -> None:
    result = check_video(pan, VisualCheckOptions(), language="fr", practitioner_names=["Dr Claire Martin"])
    faces = [f for f in result.findings if f.rule_id == "frame.face"]
    assert result.practitioner == "most present face" and result.people == 2, result
    assert len(faces) == 1, faces
    # the stranger's face, larger than the strip each sample brings in, found whole: the box a full
    # analysis of the frame finds
    seen = {round(point[0]): point[1:] for point in faces[0].track}
    assert seen and min(seen) >= 6 and 12 in seen, seen
    whole = _faces_in_frame(pan, 12.0)
    assert any(_iou(seen[12], box) > 0.7 for box in whole), (seen[12], whole)
    # the prescription, carried along with the picture: read once, found on every sample until it leaves
    texts = {f.rule_id: f for f in result.findings if f.rule_id != "frame.face"}
    assert {"frame.nir", "frame.birth_date"} <= set(texts), texts
    nir = texts["frame.nir"]
    assert nir.start == 0.0 and nir.severity == "block"
    # what the pan takes out of the frame is clipped to it, so `render --blur` gets boxes it can draw
    boxes = [point[1:] for f in result.findings for point in f.track]
    assert all(x >= 0 and y >= 0 and x + w <= 1.0001 and y + h <= 1.0001 for x, y, w, h in boxes), boxes
    # only the strip each sample brings in, and what moved in it, is analysed again
    stats = result.stats
    assert stats["full_analyses"] <= 2 and stats["area_analysed"] < 0.5, stats


def _iou(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    ix = max(0.0, min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1]))
    return ix * iy / (a[2] * a[3] + b[2] * b[3] - ix * iy)


def _faces_in_frame(video: Path, t: float) -> list[tuple[float, float, float, float]]:
    """The faces a full analysis of the frame at `t` finds, as fractions of the frame."""
    from videokit.media.faces import face_backend
    from videokit.media.frames import sample_frames

    sample = next(s for s in sample_frames(video, interval=2.0, max_side=1280, scene_threshold=0.12) if s.time >= t)
    height, width = sample.image.shape[:2]
    return [(x / width, y / height, w / width, h / height) for (x, y, w, h), _ in face_backend().detect(sample.image)]


def test_a_moving_camera_is_followed_block_by_block(hopper: Path, astronaut: Path) -> None:
    from PIL import Image

    with Image.open(hopper) as image:  # a real picture larger than the view, the camera drifting over it
        scene = np.asarray(image.convert("RGB").resize((1600, 1000)))
    face = picture(astronaut)[40:280, 440:680]
    rng = np.random.default_rng(0)
    tracker = ChangeTracker()

    def view(x: int, y: int, picture: np.ndarray = scene) -> Change:
        frame = picture[y : y + 720, x : x + 1280]
        noisy = np.clip(frame + rng.normal(0, 1.5, frame.shape), 0, 255).astype(np.uint8)
        change = tracker.compare(np.ascontiguousarray(noisy), False)
        tracker.analysed(change)
        return change

    assert view(100, 100).full
    # drifting right and down: the picture moves left and up, what comes in is a strip on the right and
    # one at the bottom, and nothing else is analysed again
    change = view(130, 110)
    assert change.shift == (-30, -10) and not change.full, change
    assert change.area(1280, 720) < 0.35 and all(r[2] == 1280 or r[3] == 720 for r in change.regions), change.regions
    assert change.moved((600, 300, 700, 400)) == (570, 290, 670, 390) and change.moved((0, 0, 40, 40)) is None
    # a face appearing in the middle of the moving picture is a change there
    shown = scene.copy()
    shown[400:640, 700:940] = face
    change = view(160, 120, shown)
    assert not change.full and change.shift == (-30, -10)
    assert any(
        x0 <= 700 - 160 and y0 <= 400 - 120 and x1 >= 940 - 160 and y1 >= 640 - 120 for x0, y0, x1, y1 in change.regions
    )
    # a logo that stays in place while the picture moves under it is a change on every sample
    logo = face[::3, ::3]  # 80 px
    for step in range(3):
        x = 180 + 20 * step
        branded = scene.copy()
        branded[140:220, x + 400 : x + 480] = logo  # at (400, 20) in the view
        change = view(x, 120, branded)
        assert change.shift == (-20, 0), change
        assert any(x0 <= 400 and y0 <= 20 and x1 >= 480 and y1 >= 100 for x0, y0, x1, y1 in change.regions), (
            change.regions
        )
    # a still camera again: nothing to analyse
    assert view(220, 120).shift == (0, 0) and view(220, 120).regions == ()
