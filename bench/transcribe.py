"""Benchmark: videokit.speech.transcribe against the same Whisper model called directly.

For each backend and model, two child processes transcribe the same corpus files with the same
weights and decoding settings (beam 5, word timestamps, language forced from the manifest): one
through videokit, one through the library itself (faster_whisper.WhisperModel.transcribe or
whisper.transcribe). Children keep peak memory apart; load time is reported separately.

    .venv/bin/python bench/transcribe.py                                  # faster-whisper base + tiny.en
    .venv/bin/python bench/transcribe.py --backends openai-whisper --sets jfk,fleurs-en
    .venv/bin/python bench/transcribe.py --long 60 --models tiny.en --skip-direct  # memory on one hour

Prints per set: WER (Whisper normalisers; sum of edits over sum of reference words), real-time
factor (processing seconds per audio second), and per run the peak memory; then the ratios
videokit/direct for time and the WER difference in points.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from videokit.speech.models import resolve_model
from videokit.speech.wer import edit_distance, normalise

CORPUS = ROOT.parent / "shared" / "corpus"
SETS = {
    "fleurs-fr": [f"fr/fleurs-fr-00{i}.ogg" for i in range(9)],
    "long-fr": ["fr/smartphone.mp3", "fr/radio_short.mp3"],
    "film-fr": ["fr/whisperx_sample_fr_01.wav"],
    "fleurs-en": [f"en/fleurs-en-00{i}.ogg" for i in range(10)],
    "jfk": ["en/jfk.flac"],
    "apollo11": ["en/apollo11.mp3"],
}
THREADS = 2


def child(backend: str, model: str, impl: str, files: list[str], models_dir: Path) -> None:
    """Transcribe `files`, print one JSON line per file and a final line with load time and peak RSS."""
    manifest = {m["file"]: m for m in json.loads((CORPUS / "manifest.json").read_text())}
    resolved = resolve_model(model, backend, models_dir)
    start = time.perf_counter()
    run = _loader(backend, impl, resolved, models_dir)
    print(json.dumps({"load": time.perf_counter() - start}), flush=True)
    for name in files:
        media = Path(name) if Path(name).is_absolute() else CORPUS / name
        language = manifest.get(name, {}).get("language", "fr")  # the --long recording loops French clips
        language = "en" if model.endswith(".en") else language.split("+")[0]
        t0, c0 = time.perf_counter(), _cpu()
        text = run(media, language)
        wall, cpu = time.perf_counter() - t0, _cpu() - c0
        print(json.dumps({"file": name, "seconds": wall, "cpu": cpu, "text": text, "language": language}), flush=True)
    print(json.dumps({"peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}), flush=True)


def _cpu() -> float:
    """CPU seconds of this process and its finished children (ffmpeg): robust to other load on the machine."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def _loader(backend: str, impl: str, resolved, models_dir: Path):
    if impl == "videokit":
        from videokit.speech.backends import load_backend
        from videokit.speech.options import TranscribeOptions
        from videokit.speech.transcribe import transcribe

        base = TranscribeOptions(backend=backend, model=resolved.name, cpu_threads=THREADS)
        load_backend(resolved, base)  # kept per process: the timed calls below reuse it

        def run(media: Path, language: str) -> str:
            return transcribe(media, base.model_copy(update={"language": language}), models_dir=models_dir).text

        return run
    if backend == "faster-whisper":
        from faster_whisper import WhisperModel

        fw = WhisperModel(str(resolved.path), device="cpu", compute_type="int8", cpu_threads=THREADS)

        def run(media: Path, language: str) -> str:
            segments, _ = fw.transcribe(
                str(media), language=language, beam_size=5, word_timestamps=True, vad_filter=False
            )
            return " ".join(s.text.strip() for s in segments)

        return run
    import torch
    import whisper

    torch.set_num_threads(THREADS)
    ow = whisper.load_model(str(resolved.path), device="cpu")
    if resolved.name in whisper._ALIGNMENT_HEADS:
        ow.set_alignment_heads(whisper._ALIGNMENT_HEADS[resolved.name])

    def run(media: Path, language: str) -> str:
        result = whisper.transcribe(
            ow, str(media), language=language, beam_size=5, best_of=5, word_timestamps=True, fp16=False
        )
        return " ".join(s["text"].strip() for s in result["segments"])

    return run


def measure(backend: str, model: str, impl: str, files: list[str], models_dir: Path) -> dict:
    cmd = [
        sys.executable,
        __file__,
        "--child",
        backend,
        model,
        impl,
        "--models-dir",
        str(models_dir),
        "--files",
        ",".join(files),
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode:
        raise SystemExit(f"{backend}/{model}/{impl} failed:\n{proc.stderr[-2000:]}")
    lines = [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]
    return {
        "load": lines[0]["load"],
        "files": {r["file"]: r for r in lines if "file" in r},
        "peak_mb": lines[-1]["peak_mb"],
    }


def score(result: dict, files: list[str]) -> tuple[float | None, float, float, float]:
    """(WER or None without references, wall RTF, CPU RTF, audio seconds) over `files`."""
    edits = words = 0
    wall = cpu = audio = 0.0
    for name in files:
        r = result["files"][name]
        reference_file = _media(name).with_suffix(".txt")
        if reference_file.exists():
            reference = normalise(reference_file.read_text(encoding="utf-8"), r["language"])
            edits += edit_distance(reference, normalise(r["text"], r["language"]))
            words += len(reference)
        wall += r["seconds"]
        cpu += r["cpu"]
        audio += _duration(_media(name))
    return (edits / words if words else None), wall / audio, cpu / audio, audio


def _media(name: str) -> Path:
    return Path(name) if Path(name).is_absolute() else CORPUS / name


def _duration(path: Path) -> float:
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    return float(out.stdout.strip())


def long_input(minutes: float, folder: Path) -> Path:
    """A recording of `minutes` made by looping the long French clips (ffmpeg, 16 kHz mono)."""
    out = folder / f"long-{minutes:g}min.wav"
    if not out.exists():
        inputs = [str(CORPUS / f) for f in SETS["long-fr"]]
        concat = "|".join(inputs)
        subprocess.run(
            [
                "ffmpeg",
                "-nostdin",
                "-v",
                "error",
                "-y",
                "-stream_loop",
                "-1",
                "-i",
                f"concat:{concat}",
                "-t",
                str(minutes * 60),
                "-ac",
                "1",
                "-ar",
                "16000",
                str(out),
            ],
            check=True,
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--child", nargs=3, metavar=("BACKEND", "MODEL", "IMPL"), help=argparse.SUPPRESS)
    parser.add_argument("--files", help=argparse.SUPPRESS)
    parser.add_argument("--backends", default="faster-whisper")
    parser.add_argument("--models", default="base,tiny.en")
    parser.add_argument("--sets", default="fleurs-fr,long-fr,fleurs-en,jfk")
    parser.add_argument(
        "--models-dir",
        type=Path,
        default=Path(os.environ.get("VIDEOKIT_TEST_MODELS", Path.home() / ".cache" / "videokit-test-models")),
    )
    parser.add_argument(
        "--long", type=float, metavar="MINUTES", help="only measure memory and RTF on one long recording"
    )
    parser.add_argument("--skip-direct", action="store_true", help="run videokit only (no baseline)")
    args = parser.parse_args()
    if args.child:
        child(*args.child, args.files.split(","), args.models_dir)
        return

    if args.long:
        folder = Path(tempfile.gettempdir()) / "videokit-bench"
        folder.mkdir(exist_ok=True)
        sets = {f"long-{args.long:g}min": [str(long_input(args.long, folder))]}
    else:
        sets = {name: SETS[name] for name in args.sets.split(",")}
    files = [f for group in sets.values() for f in group]
    impls = ["videokit"] if args.skip_direct else ["direct", "videokit"]
    print(
        f"{'backend/model':<26} {'set':<10} {'impl':<9} {'audio s':>8} {'WER':>7} {'RTF':>6} {'cpuRTF':>7} {'load s':>7} {'peak MB':>8}"
    )
    for backend in args.backends.split(","):
        for model in args.models.split(","):
            runnable = [f for f in files if _fits(model, f)]
            results = {impl: measure(backend, model, impl, runnable, args.models_dir) for impl in impls}
            for set_name, group in sets.items():
                group = [f for f in group if f in runnable]
                if not group:
                    continue
                scored = {impl: score(results[impl], group) for impl in impls}
                for impl, (wer, rtf, cpu_rtf, audio) in scored.items():
                    shown = f"{wer:7.3f}" if wer is not None else f"{'-':>7}"
                    print(
                        f"{backend + '/' + model:<26} {set_name:<10} {impl:<9} {audio:>8.1f} {shown} {rtf:>6.3f} {cpu_rtf:>7.3f} {results[impl]['load']:>7.1f} {results[impl]['peak_mb']:>8.0f}"
                    )
                if len(impls) == 2:
                    (wd, rd, cd, _), (wv, rv, cv, _) = scored["direct"], scored["videokit"]
                    points = f"{100 * (wv - wd):>+6.2f}p" if wd is not None else f"{'-':>7}"
                    print(f"{'':<26} {set_name:<10} {'vk/direct':<9} {'':>8} {points} {rv / rd:>6.3f} {cv / cd:>7.3f}")
            if len(impls) == 2:
                totals = {impl: score(results[impl], runnable) for impl in impls}
                print(
                    f"{backend + '/' + model:<26} {'all':<10} videokit/direct: time x{totals['videokit'][1] / totals['direct'][1]:.3f}, "
                    f"cpu x{totals['videokit'][2] / totals['direct'][2]:.3f}"
                )


def _fits(model: str, name: str) -> bool:
    """English-only models are measured on English audio only."""
    return not model.endswith(".en") or ("/fr/" not in f"/{name}" and "long-" not in name)


if __name__ == "__main__":
    main()
