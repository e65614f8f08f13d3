"""Real pictures for the on-screen check: two real portraits (matplotlib's Grace Hopper, scikit-image's
astronaut Eileen Collins), real footage (the corpus video) and real text rendered on it."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from tools import ffmpeg
from visual_scene import ASTRONAUT_AREA, ASTRONAUT_SPAN, PRESCRIPTION_AREA, PRESCRIPTION_FROM

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
NIR_BODY = "2690549588157"  # a woman born in May 1969 in Maine-et-Loire (49); the key is computed below


@pytest.fixture(scope="session")
def hopper() -> Path:
    import matplotlib

    return Path(matplotlib.get_data_path()) / "sample_data" / "grace_hopper.jpg"


@pytest.fixture(scope="session")
def astronaut() -> Path:
    spec = importlib.util.find_spec("skimage")
    assert spec and spec.submodule_search_locations, "scikit-image (a dev dependency) ships the astronaut portrait"
    return Path(spec.submodule_search_locations[0]) / "data" / "astronaut.png"


@pytest.fixture(scope="session")
def nir() -> str:
    from stdnum.fr import nir as stdnir

    return NIR_BODY + stdnir.calc_check_digits(NIR_BODY)


@pytest.fixture(scope="session")
def prescription(tmp_path_factory: pytest.TempPathFactory, nir: str) -> Path:
    """A prescription-like page: the practitioner's name, a patient's name, date of birth, NIR, phone."""
    from PIL import Image, ImageDraw, ImageFont

    font, bold = ImageFont.truetype(FONT, 22), ImageFont.truetype(BOLD, 24)
    page = Image.new("RGB", (400, 330), "white")
    draw = ImageDraw.Draw(page)
    spaced = f"{nir[0]} {nir[1:3]} {nir[3:5]} {nir[5:7]} {nir[7:10]} {nir[10:13]} {nir[13:]}"
    lines = [("Dr Claire Martin", bold), ("ORDONNANCE", bold), ("Patiente : Sophie Durand", font), ("Née le 14/05/1969", font),
             (f"N° SS : {spaced}", font), ("Tél. 06 12 34 56 78", font), ("Doliprane 1 g, 3 fois/jour", font)]  # fmt: skip
    for i, (text, face) in enumerate(lines):
        draw.text((18, 14 + i * 44), text, font=face, fill="black")
    out = tmp_path_factory.mktemp("pictures") / "prescription.png"
    page.save(out)
    return out


@pytest.fixture(scope="session")
def consult(
    tmp_path_factory: pytest.TempPathFactory, corpus: Path, hopper: Path, astronaut: Path, prescription: Path
) -> Path:
    out = tmp_path_factory.mktemp("consult") / "consult.mp4"
    (ax, ay, _, ah), (px, py, _, _) = ASTRONAUT_AREA, PRESCRIPTION_AREA
    start, end = ASTRONAUT_SPAN
    ffmpeg("-i", str(corpus / "video" / "auto-editor-example.mp4"), "-loop", "1", "-i", str(hopper), "-loop", "1", "-i", str(astronaut),
           "-loop", "1", "-i", str(prescription), "-filter_complex",
           # timestamps from 0 at 25 fps before the overlays, so their `enable` times are the output's
           "[0:v]fps=25,setpts=PTS-STARTPTS,scale=960:540,setsar=1[bg];[1]scale=-2:400[h];[2]scale=-2:" + str(ah) + "[a];"
           f"[bg][h]overlay=60:70:shortest=1[v1];[v1][a]overlay={ax}:{ay}:enable='between(t,{start},{end - 0.04})'[v2];"
           f"[v2][3]overlay={px}:{py}:enable='gte(t,{PRESCRIPTION_FROM})'[v]",
           "-map", "[v]", "-map", "0:a", "-t", "12", "-c:v", "libx264", "-preset", "veryfast", "-g", "50", "-pix_fmt", "yuv420p",
           "-c:a", "aac", str(out))  # fmt: skip
    return out
