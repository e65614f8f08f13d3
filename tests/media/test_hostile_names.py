"""Issue 16 sweep: file names that look like ffmpeg options ('-x'), protocols ('a:b'), or that carry
apostrophes, commas, brackets and semicolons reach ffmpeg as files and filter values as text."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from videokit.config import Branding
from videokit.media.options import RenderOptions
from videokit.media.probe import probe
from videokit.media.render import render

SRT = "1\n00:00:00,500 --> 00:00:02,500\nBonjour.\n"
NAMES = ["-clip.mp4", "a:b.mp4", "concat:x.mp4", "it's, [a];b.mp4"]


@pytest.fixture
def weird_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "it's, a:b [x];y"
    folder.mkdir()
    monkeypatch.chdir(folder)  # names are typed relative, as a user types them
    return folder


@pytest.mark.parametrize("name", NAMES)
def test_probe_takes_the_name_as_a_file(run_cli, weird_folder: Path, short_clip: Path, name: str) -> None:
    shutil.copy(short_clip, weird_folder / name)
    result = run_cli(["probe", "--json", "--", name])
    assert result.exit_code == 0, result.stderr


@pytest.mark.slow
def test_render_with_hostile_names_everywhere(run_cli, weird_folder: Path, short_clip: Path) -> None:
    shutil.copy(short_clip, weird_folder / "-clip's, a:b.mp4")
    (weird_folder / "-sub's, x:y [1].srt").write_text(SRT, encoding="utf-8")
    out = "-out's, a:b.mp4"
    result = run_cli(["render", "-o", f"./{out}", "--captions", "-sub's, x:y [1].srt", "--", "-clip's, a:b.mp4"])
    assert result.exit_code == 0, result.stderr
    info = probe(weird_folder / out)
    assert 7.5 < info.duration < 8.5 and info.has_audio


@pytest.mark.slow
def test_a_font_path_and_family_that_would_break_the_style(weird_folder: Path, short_clip: Path) -> None:
    from fontTools.ttLib import TTFont  # matplotlib's dependency

    font = weird_folder / "font's, a:b.ttf"
    ttf = TTFont("/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf")
    for record in ttf["name"].names:
        if record.nameID in (1, 4, 16):  # family, full name, typographic family: what the style would quote
            record.string = "Dr's Font, [a];b:c"
    ttf.save(font)
    captions = weird_folder / "c.srt"
    captions.write_text(SRT, encoding="utf-8")
    result = render(
        short_clip, weird_folder / "o.mp4", RenderOptions(), branding=Branding(font=font), captions=captions
    )
    assert result.captions_burned and 7.5 < result.duration < 8.5
