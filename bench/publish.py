"""Benchmark: the whole `videokit publish` of a 10-minute 1080p30 talk against the bare faster-whisper
transcription of the same audio, in the same process.

The talk is bench/trim.py's clip (corpus French speech with pauses over a portrait the camera drifts
across, or with --steady framed still, as from a tripod; built once
and cached). `videokit publish TALK --language fr` runs as a user types it, in this process, on a fresh
home (embedded sandbox: the upload is real HTTP against the local test double); then the same job
again with a logo in the client profile and `--burn-captions` (the full-encode path: trim,
transcription and checks are reused, render, cover, thumbnail and upload redone, and the ratio is the
plain run with its serial tail, thumbnail and upload, replaced by that rerun). The baseline is
faster_whisper.WhisperModel.transcribe on the same file with the settings the transcribe step uses
(same weights, int8, beam 5, word timestamps, language forced). Wall time depends on what else runs
on the machine; CPU time (this process and its finished children) much less, so both are printed.
Goal: publish / bare transcription <= 1.3 with no overlays.

    .venv/bin/python bench/publish.py                       # 10 minutes, plain then logo + burned captions
    .venv/bin/python bench/publish.py --minutes 2 --skip-branded
    .venv/bin/python bench/publish.py --steady --skip-branded  # a tripod: the picture's check is cheap
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from click.testing import CliRunner
from trim import build_clip, clip_name, cpu_seconds

from videokit.apart import end_spares
from videokit.cli import cli
from videokit.config import load_settings
from videokit.speech.models import resolve_model

STEPS = (
    "probe",
    "cuts",
    "trim",
    "screen",
    "transcribe",
    "captions",
    "seo",
    "check",
    "render",
    "cover",
    "thumbnail",
    "upload",
)
# the plain run's steps after every other one: render and cover (a copied picture) run beside the
# transcription, so the rerun with a logo and burned captions (render, cover, thumbnail and upload
# redone, the rest reused) replaces only these at the end of the plain run
SERIAL_TAIL = ("thumbnail", "upload")


def publish(home: Path, talk: Path, extra: list[str]) -> tuple[float, float, dict]:
    t0, c0 = time.perf_counter(), cpu_seconds()
    result = CliRunner().invoke(
        cli,
        ["publish", str(talk), "--language", "fr", "--override", "benchmark", "--json", *extra],
        env={"VIDEOKIT_HOME": str(home)},
        catch_exceptions=False,
    )
    wall = time.perf_counter() - t0
    end_spares()  # the transcription's and the check's processes: their CPU counts once they have ended
    cpu = cpu_seconds() - c0
    if result.exit_code != 0:
        sys.exit(f"publish failed ({result.exit_code}): {result.output[-2000:]}")
    report = json.loads(result.stdout)
    report["render"] = json.loads((Path(report["job_dir"]) / "render.json").read_text())
    return wall, cpu, report


def bare_transcription(talk: Path, models_dir: Path) -> tuple[float, float, int]:
    from faster_whisper import WhisperModel

    settings = load_settings(models_dir.parent).transcribe
    t0, c0 = time.perf_counter(), cpu_seconds()
    model = WhisperModel(str(resolve_model(settings.model, "faster-whisper", models_dir).path), device="cpu",
                         compute_type=settings.compute_type, cpu_threads=settings.cpu_threads)  # fmt: skip
    segments, _ = model.transcribe(str(talk), language="fr", beam_size=settings.beam_size, word_timestamps=True,
                                   vad_filter=False)  # fmt: skip
    words = sum(len(s.words or []) for s in segments)
    return time.perf_counter() - t0, cpu_seconds() - c0, words


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "videokit-bench")
    parser.add_argument("--steady", action="store_true", help="the portrait framed still (a tripod), not drifting")
    parser.add_argument(
        "--skip-branded", action="store_true", help="only the plain publish (no logo, no burned captions)"
    )
    args = parser.parse_args()
    args.cache.mkdir(parents=True, exist_ok=True)
    talk = build_clip(args.cache / clip_name(args.minutes, 30, args.steady), args.minutes, 30, args.steady)

    with tempfile.TemporaryDirectory(dir=args.cache) as tmp:
        home = Path(tmp) / "home"
        home.mkdir()
        runs = {"plain": publish(home, talk, [])}
        if not args.skip_branded:
            # the same job again with a logo and burned captions: trim, transcription and checks are
            # reused, render (now a full encode), thumbnail and upload are redone
            from PIL import Image, ImageDraw

            logo = home / "logo.png"
            image = Image.new("RGBA", (400, 200), (0, 0, 0, 0))
            ImageDraw.Draw(image).ellipse((0, 0, 200, 200), fill=(11, 95, 165, 255))
            image.save(logo)
            (home / "config.toml").write_text(
                f'[clients.sandbox]\nlanguage = "auto"\n[clients.sandbox.branding]\nlogo = "{logo}"\n'
            )
            runs["logo + burned captions"] = publish(home, talk, ["--burn-captions"])
        bare_wall, bare_cpu, words = bare_transcription(talk, home / "models")

    print(f"talk               {talk.name}: {args.minutes:g} min 1080p30, French; bare transcription {words} words")
    print(f"{'step':<18} " + "".join(f"{name:>24}" for name in runs))
    for step in STEPS:
        cells = []
        for _, _, report in runs.values():
            marker = report["steps"].get(step, {})
            note = report["render"]["video"] if step == "render" else ""
            cells.append(f"{marker.get('seconds', 0.0):>16.1f} s {note:>7}")
        print(f"{step:<18} " + "".join(f"{c:>24}" for c in cells))
    plain_wall, plain_cpu, plain = runs["plain"]
    print(f"publish plain                    {plain_wall:7.1f} s wall, {plain_cpu:7.1f} s CPU")
    print(f"bare faster-whisper              {bare_wall:7.1f} s wall, {bare_cpu:7.1f} s CPU")
    print(
        f"ratio plain                      {plain_wall / bare_wall:6.2f} wall, {plain_cpu / bare_cpu:6.2f} CPU  (goal <= 1.3)"
    )
    if "logo + burned captions" in runs:
        wall, cpu, branded = runs["logo + burned captions"]
        tail = sum(plain["steps"][s]["seconds"] for s in SERIAL_TAIL)
        reasons = ", ".join(branded["render"]["full_encode_reasons"])
        # the branded publish is the plain one with its serial tail replaced by the rerun (wall); its CPU
        # is at most the plain run's plus the rerun's
        print(f"rerun with logo + burned captions {wall:7.1f} s wall, {cpu:7.1f} s CPU  (full encode: {reasons})")
        print(f"ratio logo + burned captions     {(plain_wall - tail + wall) / bare_wall:6.2f} wall, "
              f"<= {(plain_cpu + cpu) / bare_cpu:.2f} CPU  ((plain - its thumbnail/upload + rerun) / bare)")  # fmt: skip


if __name__ == "__main__":
    main()
