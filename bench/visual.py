"""The on-screen check's speed on a 1080p talk: videokit's check vs decoding every frame with plain
ffmpeg (the baseline a naive frame-by-frame check could not beat), in the same process.

    python bench/visual.py [--seconds 120] [--gop 2] [--steady | --pan] [--profile]

Builds a 1080p clip from real pictures (the practitioner's portrait all along, moving a little, a
second person and a prescription coming and going) over an animated test pattern that changes
everywhere, or with --steady over a real photo of a room (scikit-image's garage with shelves and a
motorcycle) held still with a camera's noise (a talk filmed on a tripod), or with --pan takes
bench/publish.py's talk (bench/trim.py's slow pan over a portrait, 1 s keyframes), then prints frames
sampled, frames per second, the real-time factor, CPU time and the ratio to the baseline, how much
of the frames was analysed, and the findings. --profile adds the CPU time of face detection, face
description and OCR per sampled frame (under cProfile, which adds a little to the total).
"""

from __future__ import annotations

import argparse
import cProfile
import importlib.util
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def build(out: Path, seconds: int, gop: float, steady: bool = False) -> None:
    import matplotlib
    from PIL import Image, ImageDraw, ImageFont

    hopper = Path(matplotlib.get_data_path()) / "sample_data" / "grace_hopper.jpg"
    astronaut = Path(importlib.util.find_spec("skimage").submodule_search_locations[0]) / "data" / "astronaut.png"
    page = Image.new("RGB", (600, 420), "white")
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 30)
    for i, line in enumerate(
        [
            "ORDONNANCE",
            "Patiente : Sophie Durand",
            "Née le 14/05/1969",
            "N° SS : 2 69 05 49 588 157 80",
            "Tél. 06 12 34 56 78",
        ]
    ):
        draw.text((24, 24 + i * 70), line, font=font, fill="black")
    page_path = out.with_suffix(".png")
    page.save(page_path)
    period = 30
    if steady:
        room = astronaut.with_name("motorcycle_left.png")
        background = ["-loop", "1", "-framerate", "30", "-t", str(seconds), "-i", str(room)]
    else:
        background = ["-f", "lavfi", "-i", f"testsrc2=size=1920x1080:rate=30:d={seconds}"]
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", *background,
                    "-loop", "1", "-i", str(hopper), "-loop", "1", "-i", str(astronaut), "-loop", "1", "-i", str(page_path), "-filter_complex",
                    f"[0]{'scale=1920:1080,setsar=1,noise=alls=2' if steady else 'hue=s=0.2,noise=alls=6'}:allf=t[bg];[1]scale=-2:800[h];[2]scale=-2:400[a];"
                    "[bg][h]overlay=x='120+40*sin(t/3)':y=140:shortest=1[v1];"
                    f"[v1][a]overlay=1300:200:enable='lt(mod(t,{period}),8)'[v2];[v2][3]overlay=1200:560:enable='between(mod(t,{period}),15,22)'",
                    "-t", str(seconds), "-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-g", str(int(gop * 30)), "-pix_fmt", "yuv420p",
                    str(out)], check=True)  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=120)
    parser.add_argument("--gop", type=float, default=2.0, help="keyframe interval of the test clip, seconds")
    background = parser.add_mutually_exclusive_group()
    background.add_argument(
        "--steady", action="store_true", help="a still room behind the speaker (tripod) instead of a test pattern"
    )
    background.add_argument("--pan", action="store_true", help="bench/publish.py's talk: a slow pan over a portrait")
    parser.add_argument("--profile", action="store_true", help="CPU time per part (faces, OCR) per sampled frame")
    args = parser.parse_args()
    from videokit.compliance.visual import check_video
    from videokit.media.faces import face_backend
    from videokit.media.ocr import text_reader
    from videokit.media.options import VisualCheckOptions
    from videokit.nlp import pipeline

    with tempfile.TemporaryDirectory() as tmp:
        clip = Path(tmp) / "talk1080.mp4"
        if args.pan:
            from trim import build_clip

            build_clip(clip, args.seconds / 60, round(args.gop * 30))
        else:
            build(clip, args.seconds, args.gop, args.steady)
        face_backend(), text_reader(("fr",)), pipeline("fr")  # model loading is paid once per process: not timed
        started = time.perf_counter()
        subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-i", str(clip), "-f", "null", "-"], check=True)
        baseline = time.perf_counter() - started
        profile = cProfile.Profile(time.process_time) if args.profile else None
        started, cpu_started = time.perf_counter(), time.process_time()
        if profile is not None:
            profile.enable()
        result = check_video(clip, VisualCheckOptions(), language="fr", images=Path(tmp) / "frames")
        if profile is not None:
            profile.disable()
        ours, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    scene = "a slow pan over a portrait" if args.pan else "still room behind" if args.steady else "test pattern behind"
    print(
        f"clip: {args.seconds} s of 1080p30, keyframe every {args.gop} s, {scene}"
        " (machine shared: compare ratios and CPU, not wall seconds)"
    )
    print(f"baseline, ffmpeg decoding every frame: {baseline:.1f} s ({baseline / args.seconds:.3f} x real time)")
    print(
        f"videokit check: {ours:.1f} s ({ours / args.seconds:.3f} x real time), {result.frames} frames sampled "
        f"({result.frames / ours:.2f} frames/s), {result.text_reads} read by OCR, {result.faces} faces, {result.people} people"
    )
    print(f"videokit check CPU: {cpu:.1f} s ({cpu / args.seconds:.3f} CPU-s per second of video); stats {result.stats}")
    print(f"ratio to the baseline: {ours / baseline:.2f}")
    if profile is not None:
        parts = {("faces.py", "detect"): "face detection", ("faces.py", "describe"): "face description",
                 ("ocr.py", "read"): "OCR"}  # fmt: skip
        for entry in profile.getstats():  # totaltime: the function and what it called, in CPU seconds
            code = entry.code
            part = None if isinstance(code, str) else parts.get((Path(code.co_filename).name, code.co_name))
            if part:
                print(
                    f"  {part}: {entry.totaltime:.1f} s CPU, {entry.callcount} calls, "
                    f"{entry.totaltime / result.frames:.3f} s per sampled frame"
                )
    for f in result.findings:
        print(f"  {f.severity:5} {f.rule_id:17} {f.start:7.1f}-{f.end:7.1f} s  {f.match or f.text}")


if __name__ == "__main__":
    main()
