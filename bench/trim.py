"""Benchmark: videokit's smart-cut trim against a plain full re-encode of the same cut list.

Builds (once, cached) a 10-minute 1080p30 talking-head clip: corpus French speech with pauses,
over a slowly moving portrait photo, with each frame's number drawn as a barcode in the top-left
corner. The barcode tells exactly which source frame every output frame is, so the benchmark
measures the real cut points (not what the code believes) and the audio/video drift at the end.

    .venv/bin/python bench/trim.py                 # 10 minutes, GOP 1 s (phone-like)
    .venv/bin/python bench/trim.py --minutes 60 --skip-baseline   # peak memory on one hour
    .venv/bin/python bench/trim.py --vs-auto-editor   # the 42-second corpus clip against auto-editor 26.3.3

With --vs-auto-editor, the corpus's 42-second 720p clip (auto-editor's own example) is trimmed in
alternating rounds by auto-editor 26.3.3 (its CLI, in its own virtualenv: --auto-editor-venv, default
/tmp/auto-editor-26.3.3; built from its source release with --auto-editor-src, never in videokit's
venv), by `videokit trim` (the CLI, a new process each time) and by the same library calls in this
process after a first call has paid the fixed costs (imports, the VAD session). Prints the median
wall and CPU time of each and the ratios.

Prints the time ratio (videokit / full re-encode), the number of cuts, the largest cut-point
error against the detected speech boundaries, the A/V drift at the end, and peak memory.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from videokit.media.cuts import plan_cuts
from videokit.media.detect import detect_speech
from videokit.media.options import TrimOptions
from videokit.media.probe import probe
from videokit.media.trim import Frames, trim

CORPUS = ROOT.parent / "shared" / "corpus"
SPEECH = ["fr/smartphone.mp3", "fr/radio_short.mp3", "fr/bonjour_vous_allez_bien.mp3"] + [
    f"fr/fleurs-fr-00{i}.ogg" for i in range(9)
]
BITS, BIT_W = 15, 32  # frame-number barcode: 15 bits, 32 px each


def ffmpeg(*args: str) -> None:
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", *args], check=True)


def clip_name(minutes: float, gop: int, steady: bool = False) -> str:
    return f"talking_head_{minutes:g}min_1080p_g{gop}{'_steady' * steady}.mp4"


def build_clip(path: Path, minutes: float, gop: int, steady: bool = False) -> Path:
    """Corpus speech with pauses over a portrait the camera drifts across (hand-held), or with
    `steady` framed still (a tripod); cached at `path`."""
    if path.exists():
        return path
    if minutes > 10:  # long inputs: the 10-minute clip repeated (stream copy), for memory measurements
        unit = build_clip(path.with_name(clip_name(10, gop, steady)), 10, gop, steady)
        listing = path.with_suffix(".txt")
        listing.write_text("".join(f"file '{unit}'\n" for _ in range(int(-(-minutes // 10)))))
        ffmpeg("-f", "concat", "-safe", "0", "-i", str(listing), "-t", str(minutes * 60), "-c", "copy", str(path))
        return path
    seconds = minutes * 60
    speech = path.with_suffix(".speech.wav")
    # corpus speech separated by 1.5-4 s of faint room noise, looped to the length
    inputs, labels, gaps = [], [], [1.5, 3.0, 2.2, 4.0]
    for i, name in enumerate(SPEECH):
        inputs += ["-i", str(CORPUS / name)]
        labels.append(
            f"[{i}:a]aformat=sample_rates=48000:channel_layouts=stereo[s{i}];anoisesrc=d={gaps[i % 4]}:c=pink:r=48000:a=0.002,aformat=channel_layouts=stereo[g{i}]"
        )
    joined = "".join(f"[s{i}][g{i}]" for i in range(len(SPEECH)))
    ffmpeg(*inputs, "-filter_complex", ";".join(labels) + f";{joined}concat=n={2 * len(SPEECH)}:v=0:a=1,aloop=loop=-1:size=2e9,atrim=duration={seconds}",
           "-ar", "48000", str(speech))  # fmt: skip
    portrait = Path(__import__("matplotlib").get_data_path()) / "sample_data" / "grace_hopper.jpg"
    barcode = f"color=c=black:s={BITS * BIT_W}x16:r=30:d={seconds},geq=lum='if(mod(floor(N/pow(2\\,floor(X/{BIT_W})))\\,2)\\,235\\,16)':cb=128:cr=128"
    ffmpeg("-loop", "1", "-framerate", "30", "-t", str(seconds), "-i", str(portrait), "-f", "lavfi", "-i", barcode, "-i", str(speech),
           "-filter_complex", f"[0]scale=2112:-2,crop=1920:1080:{'96:200' if steady else '96+60*sin(t/3):200+40*sin(t/5)'},format=yuv420p[bg];[bg][1]overlay=0:0[v]",
           "-map", "[v]", "-map", "2:a", "-c:v", "libx264", "-preset", "ultrafast", "-crf", "18", "-g", str(gop), "-pix_fmt", "yuv420p",
           "-c:a", "aac", "-b:a", "192k", "-shortest", str(path))  # fmt: skip
    speech.unlink()
    return path


def frame_numbers(path: Path) -> np.ndarray:
    """The source frame number of every output frame, read from the barcode."""
    raw = subprocess.run(["ffmpeg", "-v", "error", "-i", str(path), "-vf", f"crop={BITS * BIT_W}:16:0:0,scale={BITS}:1:flags=area,format=gray",
                          "-f", "rawvideo", "-"], capture_output=True, check=True).stdout  # fmt: skip
    bits = np.frombuffer(raw, dtype=np.uint8).reshape(-1, BITS) > 128
    return (bits * (1 << np.arange(BITS))).sum(axis=1)


def baseline(src: Path, keep: list[tuple[float, float]], out: Path, options: TrimOptions) -> None:
    """What one would type: select the kept frames and samples, re-encode everything."""
    expr = "+".join(f"between(t,{s:.6f},{e - 0.0005:.6f})" for s, e in keep)
    script = out.with_suffix(".txt")
    script.write_text(f"[0:v]select='{expr}',setpts=N/FRAME_RATE/TB[v];[0:a]aselect='{expr}',asetpts=N/SR/TB[a]")
    ffmpeg("-i", str(src), "-filter_complex_script", str(script), "-map", "[v]", "-map", "[a]", "-c:v", "libx264", "-preset", options.preset,
           "-crf", str(options.crf), "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "192k", "-movflags", "+faststart", str(out))  # fmt: skip


def pcm(path: Path, start: float, duration: float) -> np.ndarray:
    raw = subprocess.run(["ffmpeg", "-v", "error", "-ss", f"{start:.4f}", "-i", str(path), "-t", f"{duration:.4f}", "-ac", "1", "-ar", "48000",
                          "-f", "f32le", "-"], capture_output=True, check=True).stdout  # fmt: skip
    return np.frombuffer(raw, dtype=np.float32)


def drift_at_end(src: Path, out: Path, src_t: float, out_t: float) -> float:
    """Audio lag (s) of the output against the source at the same picture position (cross-correlation)."""
    ref = pcm(src, src_t - 1.6, 1.5)
    got = pcm(out, out_t - 1.7, 1.7)
    best = max(range(len(got) - len(ref)), key=lambda lag: float(np.dot(got[lag : lag + len(ref)], ref)))
    return (best - 0.1 * 48000) / 48000


def cpu_seconds() -> float:
    """User + system CPU of this process and its finished children: unlike wall time, it does not
    grow when other work shares the machine."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


AE_VERSION = "26.3.3"


def auto_editor(venv: Path, src: Path | None) -> Path:
    """The auto-editor executable of `venv`, built from the source release `src` if missing. Its pinned
    `pyav==14.2.*` is not on the package index here; `av==14.2.*` is the same PyAV release under its usual name."""
    exe = venv / "bin" / "auto-editor"
    if not exe.exists():
        if src is None:
            sys.exit(
                f"{exe}: missing; pass --auto-editor-src with auto-editor {AE_VERSION}'s source release (folder or tarball)"
            )
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        pip = [str(venv / "bin" / "pip"), "install", "-q"]
        subprocess.run([*pip, "av==14.2.*", "numpy>=1.24,<3.0"], check=True)
        subprocess.run([*pip, "--no-deps", str(src)], check=True)
    version = subprocess.run([str(exe), "--version"], capture_output=True, text=True, check=True).stdout.strip()
    if version != AE_VERSION:
        sys.exit(f"{exe}: auto-editor {version}, not {AE_VERSION}")
    return exe


def vs_auto_editor(exe: Path, rounds: int, cache: Path) -> None:
    import statistics

    clip = CORPUS / "video" / "auto-editor-example.mp4"
    options = TrimOptions()

    def in_process(out: Path) -> None:
        info = probe(clip)
        trim(clip, plan_cuts(info, detect_speech(clip, info, options), options), out, info)

    def timed(run) -> tuple[float, float]:
        t0, c0 = time.perf_counter(), cpu_seconds()
        run()
        return time.perf_counter() - t0, cpu_seconds() - c0

    with tempfile.TemporaryDirectory(dir=cache) as tmp:
        work = Path(tmp)
        outs = {
            "auto-editor": work / "ae.mp4",
            "videokit CLI": work / "vk_cli.mp4",
            "videokit in-process": work / "vk.mp4",
        }
        runs = {
            "auto-editor": lambda: subprocess.run([str(exe), str(clip), "-o", str(outs["auto-editor"]), "--no-open", "--progress", "none"],
                                                  check=True, capture_output=True),
            "videokit CLI": lambda: subprocess.run([sys.executable, "-m", "videokit", "trim", str(clip), "-o", str(outs["videokit CLI"]), "--json"],
                                                   check=True, capture_output=True, cwd=ROOT),
            "videokit in-process": lambda: in_process(outs["videokit in-process"]),
        }  # fmt: skip
        in_process(work / "warm-up.mp4")  # the fixed costs, paid once per process
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in runs}
        for _ in range(rounds):
            for name, run in runs.items():
                times[name].append(timed(run))
        kept = {name: probe(out).duration for name, out in outs.items()}
    median = {
        name: (statistics.median(w for w, _ in t), statistics.median(c for _, c in t)) for name, t in times.items()
    }
    print(
        f"clip              {clip.name}: {probe(clip).duration:.1f} s, 1280x720; {rounds} alternating rounds, medians"
    )
    for name, (wall, cpu) in median.items():
        print(f"{name:<20} {wall:6.2f} s wall, {cpu:6.2f} s CPU, output {kept[name]:.1f} s")
    base_wall, base_cpu = median["auto-editor"]
    for name in ("videokit CLI", "videokit in-process"):
        wall, cpu = median[name]
        print(f"ratio {name:<20} {wall / base_wall:.3f} wall, {cpu / base_cpu:.3f} CPU  (goal <= 0.5)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--vs-auto-editor", action="store_true", help="the 42-second corpus clip against auto-editor")
    parser.add_argument(
        "--auto-editor-venv", type=Path, default=Path(tempfile.gettempdir()) / f"auto-editor-{AE_VERSION}"
    )
    parser.add_argument(
        "--auto-editor-src", type=Path, help=f"auto-editor {AE_VERSION} source release, to build the venv"
    )
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--gop", type=int, default=30, help="keyframe interval of the synthetic source, frames")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "videokit-bench")
    parser.add_argument("--skip-baseline", action="store_true")
    args = parser.parse_args()
    args.cache.mkdir(parents=True, exist_ok=True)
    if args.vs_auto_editor:
        vs_auto_editor(auto_editor(args.auto_editor_venv, args.auto_editor_src), args.rounds, args.cache)
        return
    src = build_clip(args.cache / clip_name(args.minutes, args.gop), args.minutes, args.gop)
    info = probe(src)
    options = TrimOptions()

    t0 = time.perf_counter()
    speech = detect_speech(src, info, options)
    detect_s = time.perf_counter() - t0
    cut = plan_cuts(info, speech, options)
    targets = plan_cuts(
        dataclasses.replace(info, fps=None), speech, options
    ).keep  # the same plan before frame snapping

    with tempfile.TemporaryDirectory(dir=args.cache) as tmp:
        out = Path(tmp) / "smart.mp4"
        t0, c0 = time.perf_counter(), cpu_seconds()
        summary = trim(src, cut, out, info, options=options)
        smart_s, smart_cpu = time.perf_counter() - t0, cpu_seconds() - c0
        base_s = base_cpu = None
        if not args.skip_baseline:
            t0, c0 = time.perf_counter(), cpu_seconds()
            baseline(src, cut.keep, Path(tmp) / "baseline.mp4", options)
            base_s, base_cpu = time.perf_counter() - t0, cpu_seconds() - c0

        errors, drift = [], None
        if info.duration * 30 < 1 << BITS:  # the barcode numbers frames up to 18 minutes
            numbers = frame_numbers(out)
            runs = np.split(numbers, np.flatnonzero(np.diff(numbers) != 1) + 1)
            assert len(runs) == len(targets), f"{len(runs)} runs in the output for {len(targets)} kept ranges"
            errors = [abs(r[0] / 30 - s) for r, (s, e) in zip(runs, targets)] + [
                abs((r[-1] + 1) / 30 - e) for r, (s, e) in zip(runs, targets)
            ]
            drift = drift_at_end(src, out, (runs[-1][-1] + 1) / 30, float(Frames.read(out).pts[-1]) + 1 / 30)
        streams = json.loads(subprocess.run(["ffprobe", "-v", "error", "-show_entries", "stream=codec_type,duration", "-of", "json", str(out)],
                                            capture_output=True, text=True, check=True).stdout)["streams"]  # fmt: skip
        durations = {s["codec_type"]: float(s["duration"]) for s in streams}

    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"source            {src.name}: {info.duration:.0f} s, {info.width}x{info.height} {info.fps:g} fps, GOP {args.gop}"
    )
    print(f"cut list          {cut.cuts} cuts, kept {cut.kept:.1f} s of {cut.duration:.1f} s, {len(cut.keep)} ranges")
    print(f"detect speech     {detect_s:.1f} s")
    print(
        f"videokit trim     {smart_s:.1f} s wall, {smart_cpu:.1f} s CPU  method={summary.method} re-encoded {summary.reencoded_seconds:.1f} s"
    )
    if base_s and base_cpu:
        print(
            f"full re-encode    {base_s:.1f} s wall, {base_cpu:.1f} s CPU  (ffmpeg select/aselect, libx264 {options.preset} crf {options.crf})"
        )
        print(
            f"time ratio        {smart_s / base_s:.3f} wall, {smart_cpu / base_cpu:.3f} CPU  (goal <= 0.2); wall with detection {(smart_s + detect_s) / base_s:.3f}"
        )
    if errors:
        print(
            f"cut-point error   max {max(errors) * 1000:.1f} ms = {max(errors) * 30:.2f} frames (goal <= 1 frame), over {len(errors)} boundaries"
        )
    lengths = f"stream lengths differ by {(durations['audio'] - durations['video']) * 1000:+.1f} ms (goal < 20 ms)"
    print(f"A/V drift at end  {f'{drift * 1000:+.1f} ms by cross-correlation; ' if drift is not None else ''}{lengths}")
    print(f"peak memory       videokit process {own:.0f} MB, largest child (ffmpeg) {children:.0f} MB")


if __name__ == "__main__":
    main()
