"""Issue 16 item 1: a recording cut short after its header (an interrupted phone copy) is refused as
truncated by probe and render (exit 3), whatever its GOP, instead of rendering the part that is left."""

from __future__ import annotations

from pathlib import Path

import pytest
from tools import ffmpeg


def _clip(folder: Path, seconds: int, gop: int) -> Path:
    out = folder / f"whole-{seconds}s-gop{gop}.mp4"
    ffmpeg("-f", "lavfi", "-i", f"testsrc2=size=320x240:rate=30:d={seconds}", "-f", "lavfi", "-i", f"sine=f=440:r=48000:d={seconds}",
           "-c:v", "libx264", "-preset", "ultrafast", "-g", str(gop), "-c:a", "aac", "-movflags", "+faststart", str(out))  # fmt: skip
    return out


def _cut(whole: Path, fraction: float) -> Path:
    data = whole.read_bytes()
    out = whole.with_name(f"cut-{fraction}-{whole.name}")
    out.write_bytes(data[: int(len(data) * fraction)])
    return out


@pytest.mark.parametrize("seconds, gop, fraction", [(5, 250, 0.6), (6, 30, 0.93), (6, 30, 0.99)])
def test_probe_refuses_a_clip_cut_short(run_cli, tmp_path: Path, seconds: int, gop: int, fraction: float) -> None:
    whole = _clip(tmp_path, seconds, gop)
    assert run_cli(f"probe {whole}").exit_code == 0
    cut = _cut(whole, fraction)
    result = run_cli(f"probe {cut}")
    assert result.exit_code == 3 and "truncated" in result.stderr and str(cut) in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_corpus_files_are_whole(run_cli, corpus: Path) -> None:
    """The end check has no false alarm on real recordings (ogg, mp3 with a start offset, wav, flac, mp4)."""
    files = [p for p in corpus.rglob("*") if p.suffix in {".mp4", ".mp3", ".ogg", ".wav", ".flac"}]
    assert len(files) > 20
    for path in files:
        result = run_cli(f"probe {path}")
        assert result.exit_code == 0, (path, result.stderr)


@pytest.mark.slow
def test_render_of_a_truncated_clip_is_exit_3_and_writes_nothing(run_cli, tmp_path: Path) -> None:
    cut = _cut(_clip(tmp_path, 6, 30), 0.93)
    out = tmp_path / "out" / "master.mp4"
    result = run_cli(f"render {cut} -o {out}")
    assert result.exit_code == 3 and "truncated" in result.stderr
    assert not out.exists() and not list(tmp_path.rglob("*.partial*"))
