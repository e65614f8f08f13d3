"""Benchmark: videokit's branded render against the equivalent single ffmpeg command.

Both produce the same picture and sound settings: intro + content + outro, logo in a corner,
burned captions, loudness to -14 LUFS, H.264 High / AAC 48 kHz / +faststart. The single command
uses loudnorm's one-pass (dynamic) mode, which is what one types by hand; videokit adds a probe
and an audio-only measuring pass for an exact linear gain. Goal: videokit <= 1.2x the command.

    .venv/bin/python bench/render.py                # 2 minutes of 1080p from bench/trim.py's clip
    .venv/bin/python bench/render.py --seconds 60 --source some.mp4
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from videokit.config import Branding
from videokit.media.options import RenderOptions
from videokit.media.render import render, youtube_encoding

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")
STYLE = "FontName=DejaVu Sans,FontSize=17,Bold=1,BorderStyle=1,Outline=1.6,Shadow=0.8,Alignment=2,MarginV=26"


def ffmpeg(*args: str) -> None:
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", *args], check=True)


def assets(folder: Path, source: Path, seconds: float) -> dict[str, Path]:
    from PIL import Image, ImageDraw

    clip = folder / "content.mp4"
    ffmpeg("-i", str(source), "-t", str(seconds), "-c", "copy", str(clip))
    ffmpeg("-f", "lavfi", "-i", "testsrc2=size=1920x1080:rate=30:d=3", "-f", "lavfi", "-i", "sine=f=440:r=48000:d=3", "-c:v", "libx264",
           "-preset", "ultrafast", "-c:a", "aac", str(folder / "intro.mp4"))  # fmt: skip
    ffmpeg("-f", "lavfi", "-i", "smptebars=size=1920x1080:rate=30:d=3", "-f", "lavfi", "-i", "anullsrc=r=48000:cl=stereo:d=3", "-c:v", "libx264",
           "-preset", "ultrafast", "-c:a", "aac", "-shortest", str(folder / "outro.mp4"))  # fmt: skip
    logo = Image.new("RGBA", (400, 200), (0, 0, 0, 0))
    ImageDraw.Draw(logo).ellipse((0, 0, 200, 200), fill=(11, 95, 165, 255))
    logo.save(folder / "logo.png")
    lines = []
    for i in range(int(seconds // 3)):
        a, b = i * 3 + 0.2, i * 3 + 2.8
        lines.append(f"{i + 1}\n{_ts(a)} --> {_ts(b)}\nSous-titre numéro {i + 1}, lisible et bien placé.\n")
    (folder / "captions.srt").write_text("\n".join(lines), encoding="utf-8")
    return {
        "content": clip,
        "intro": folder / "intro.mp4",
        "outro": folder / "outro.mp4",
        "logo": folder / "logo.png",
        "captions": folder / "captions.srt",
    }


def single_command(a: dict[str, Path], out: Path, options: RenderOptions) -> None:
    scale = "scale=1920:1080:force_original_aspect_ratio=decrease,pad=1920:1080:(ow-iw)/2:(oh-ih)/2,setsar=1,fps=30"
    graph = (
        f"[0:v]{scale},format=yuv420p[v0];[1:v]{scale}[b];[3:v]scale=230:-1,format=rgba[l];[b][l]overlay=x=main_w-overlay_w-67:y=67,"
        f"subtitles=filename={a['captions']}:fontsdir={FONT.parent}:force_style='{STYLE}',format=yuv420p[v1];[2:v]{scale},format=yuv420p[v2];"
        "[0:a]aformat=sample_rates=48000:channel_layouts=stereo[a0];[1:a]aformat=sample_rates=48000:channel_layouts=stereo[a1];"
        "[2:a]aformat=sample_rates=48000:channel_layouts=stereo[a2];[v0][a0][v1][a1][v2][a2]concat=n=3:v=1:a=1[vc][ac];"
        f"[ac]loudnorm=I={options.loudness_lufs}:TP={options.true_peak_db}:LRA=11,aresample=48000[aout]"
    )
    ffmpeg("-i", str(a["intro"]), "-i", str(a["content"]), "-i", str(a["outro"]), "-i", str(a["logo"]), "-filter_complex", graph,
           "-map", "[vc]", "-map", "[aout]", *youtube_encoding(30.0, options), str(out))  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument(
        "--source",
        type=Path,
        default=Path(tempfile.gettempdir()) / "videokit-bench" / "talking_head_10min_1080p_g30.mp4",
    )
    args = parser.parse_args()
    if not args.source.exists():
        sys.exit(f"{args.source}: run bench/trim.py first (it builds the 1080p clip), or pass --source")
    options = RenderOptions()
    with tempfile.TemporaryDirectory() as tmp:
        a = assets(Path(tmp), args.source, args.seconds)
        branding = Branding(intro=a["intro"], outro=a["outro"], logo=a["logo"], font=FONT)
        t0 = time.perf_counter()
        single_command(a, Path(tmp) / "single.mp4", options)
        base = time.perf_counter() - t0
        t0 = time.perf_counter()
        result = render(a["content"], Path(tmp) / "videokit.mp4", options, branding=branding, captions=a["captions"])
        ours = time.perf_counter() - t0
    print(f"content            {args.seconds:g} s of 1080p30 + 3 s intro + 3 s outro, logo, burned captions, -14 LUFS")
    print(f"single ffmpeg      {base:.1f} s (one-pass loudnorm)")
    print(f"videokit render    {ours:.1f} s (probe + loudness measure + render), output {result.duration:.1f} s")
    print(f"time ratio         {ours / base:.3f}  (goal <= 1.2)")


def _ts(seconds: float) -> str:
    ms = round(seconds * 1000)
    return f"{ms // 3600000:02d}:{ms // 60000 % 60:02d}:{ms // 1000 % 60:02d},{ms % 1000:03d}"


if __name__ == "__main__":
    main()
