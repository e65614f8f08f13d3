"""Thumbnails pick the sharp, well-exposed face; contact sheets show one frame per chapter."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from PIL import Image

from videokit.config import Branding
from videokit.media.thumbnails import MAX_BYTES, contact_sheet, pick_cover, pick_thumbnail, titled_thumbnail

pytestmark = pytest.mark.slow  # Whisper, embeddings, renders or kill -9 runs: left out of `make check`


def test_picks_the_sharp_well_exposed_face(faces_video: Path, tmp_path: Path) -> None:
    result = pick_thumbnail(faces_video, tmp_path / "t.jpg")
    # 0-4 s blurred face, 4-8 s sharp pattern with no face, 8-11 s the good take, 11-14 s too dark
    assert 8.0 <= result.frame.time <= 11.0, result.frame
    assert result.frame.faces == 1 and result.frame.eyes_open
    with Image.open(tmp_path / "t.jpg") as image:
        assert (image.format, image.size) == ("JPEG", (1280, 720))
    assert (tmp_path / "t.jpg").stat().st_size == result.bytes < MAX_BYTES


def test_title_in_brand_colours_away_from_the_face(faces_video: Path, tmp_path: Path) -> None:
    branding = Branding(primary_color="#C81E28", text_color="#FFFFFF")
    result = pick_thumbnail(
        faces_video, tmp_path / "t.jpg", title="Mal de dos : les 5 gestes à éviter au réveil", branding=branding
    )
    image = np.asarray(Image.open(tmp_path / "t.jpg").convert("RGB")).astype(int)
    face_bottom = (result.frame.face[1] + result.frame.face[3]) * 720
    band = image[int(face_bottom) + 10 :, :60]  # left edge below the face: the band, not the photo
    assert (np.abs(band - [0xC8, 0x1E, 0x28]).max(axis=2) < 60).mean() > 0.5
    face = image[int(result.frame.face[1] * 720) : int(face_bottom), 600:680]
    assert (np.abs(face - [0xC8, 0x1E, 0x28]).max(axis=2) < 40).mean() < 0.05  # the face stays uncovered


def test_a_cover_picked_early_and_titled_later_is_the_thumbnail_made_at_once(faces_video: Path, tmp_path: Path) -> None:
    """publish picks the frame beside the transcription (the `cover` step) and draws the title once SEO
    has written it: the same thumbnail as picking and titling in one go, from a cover read back from disk."""
    from videokit import serial
    from videokit.media.thumbnails import Cover

    branding = Branding(primary_color="#C81E28", text_color="#FFFFFF")
    serial.write(tmp_path / "cover.json", pick_cover(faces_video, tmp_path / "cover.png", branding))
    cover = serial.read(Cover, tmp_path / "cover.json")
    with Image.open(tmp_path / "cover.png") as image:
        assert (image.format, image.size) == ("PNG", (1280, 720))
    later = titled_thumbnail(
        tmp_path / "cover.png", cover, tmp_path / "later.jpg", title="Mal de dos", branding=branding
    )
    at_once = pick_thumbnail(faces_video, tmp_path / "once.jpg", title="Mal de dos", branding=branding)
    assert later.frame == at_once.frame and 8.0 <= later.frame.time <= 11.0
    a, b = (np.asarray(Image.open(tmp_path / name).convert("RGB")).astype(int) for name in ("later.jpg", "once.jpg"))
    assert np.abs(a - b).mean() < 1.0


def test_audio_only_gets_a_title_card(bonjour: Path, tmp_path: Path) -> None:
    result = pick_thumbnail(
        bonjour, tmp_path / "card.jpg", title="Bonjour, vous allez bien ?", branding=Branding(primary_color="#0B5FA5")
    )
    image = np.asarray(Image.open(tmp_path / "card.jpg").convert("RGB")).astype(int)
    assert result.frame is None and image.shape == (720, 1280, 3)
    assert np.abs(image[40, 40] - [0x0B, 0x5F, 0xA5]).max() < 10
    assert (image[250:470].min(axis=2) > 230).sum() > 2000  # the white title in the middle


def test_contact_sheet(faces_video: Path, tmp_path: Path) -> None:
    chapters = [
        (0.0, "Introduction"),
        (4.0, "Les causes du mal de dos chez les jeunes adultes"),
        (8.0, "Exercices"),
        (11.0, "Conclusion"),
    ]
    sheet = contact_sheet(faces_video, chapters, tmp_path / "sheet.png")
    image = np.asarray(Image.open(sheet).convert("RGB")).astype(int)
    assert image.shape == (16 + 2 * (225 + 70 + 16), 16 + 3 * (400 + 16), 3)
    pattern_tile = image[16:241, 432:832]  # chapter 2 shows the colour test pattern
    photo_tile = image[16:241, 16:416]
    assert pattern_tile.std(axis=(0, 1)).mean() > photo_tile.std(axis=(0, 1)).mean()


def test_thumbnail_command(faces_video: Path, tmp_path: Path, home: Path) -> None:
    from videokit.cli.media import thumbnail

    (tmp_path / "meta.json").write_text(
        json.dumps({"chapters": [{"start": 0, "title": "Intro"}, {"start": 8, "title": "Exercices"}]})
    )
    args = [
        str(faces_video),
        "-o",
        str(tmp_path / "t.jpg"),
        "--title",
        "Mal de dos",
        "--sheet",
        str(tmp_path / "s.png"),
        "--chapters",
        str(tmp_path / "meta.json"),
        "--json",
    ]
    result = CliRunner().invoke(thumbnail, args, env={"VIDEOKIT_HOME": str(home)}, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["sheet"] == str(tmp_path / "s.png") and (tmp_path / "s.png").exists()
