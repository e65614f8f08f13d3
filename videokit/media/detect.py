"""Where people speak: Silero VAD and an energy detector, combined so that neither fails alone.

Silero (the ONNX model faster-whisper ships) ignores room noise that fools an energy threshold,
but its recurrent state drifts over long noisy gaps and it then misses the next phrase (it drops
the second phrase of corpus/fr/bonjour_vous_allez_bien.mp3 after 29 s of noise). So in "auto"
mode, loud stretches that Silero passed over are re-checked by Silero with a fresh state: energy
proposes, the VAD confirms. Audio is streamed from ffmpeg in blocks, so memory stays flat on
hour-long recordings.
"""

from __future__ import annotations

import functools
import importlib.util
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from videokit.errors import ConfigError, InputError
from videokit.media.options import TrimOptions
from videokit.media.probe import MediaInfo, media_path
from videokit.progress import Progress, silent

RATE = 16_000
WINDOW = 512  # Silero's window at 16 kHz: 32 ms
HOP = WINDOW / RATE
_BLOCK_WINDOWS = 1875  # 60 s of audio per read: small memory, few ONNX calls
_CONTEXT = 64  # samples of the previous window Silero v6 expects in front of each window
_THRESHOLD = 0.5
_NEG_THRESHOLD = 0.35  # hysteresis: once speaking, only drop out below this
_SMOOTH = 7  # windows (~0.22 s) of power averaging for the energy detector
_FLOOR_MARGIN_DB = 12.0  # energy speech must stand this far above the room's noise floor
_EDGE_EXTEND = 0.3  # seconds a VAD edge may grow while energy stays high (trailing consonants, breaths)
_JOIN = 0.15  # speech pieces closer than this are one piece
_RECHECK_PAD = (1.0, 0.5)  # audio before/after an energy candidate given to the fresh VAD
_RECHECK_JOIN = 2.0  # candidates closer than this share one re-check (one ffmpeg call, not dozens)
# audio up to this long stays in memory (as int16: 58 MB at most) for the re-checks, instead of being
# decoded again around each candidate (11 decodes, 1.3 s of a ten-minute talk's 3.9 s)
_KEEP_SECONDS = 1800.0
_SILERO_FILE = "silero_vad_v6.onnx"


@functools.lru_cache(maxsize=1)
def _vad_session() -> Any:
    """The Silero ONNX model faster-whisper ships, loaded once per process. Only its file is needed:
    importing faster_whisper itself (CTranslate2, tokenizers, PyAV) would cost more than trimming a short clip."""
    import onnxruntime

    spec = importlib.util.find_spec("faster_whisper")
    if spec is None or not spec.submodule_search_locations:
        raise ConfigError(
            "faster-whisper is not installed; the speech detector needs its Silero model (pip install faster-whisper)"
        )
    model = Path(next(iter(spec.submodule_search_locations))) / "assets" / _SILERO_FILE
    opts = onnxruntime.SessionOptions()
    opts.inter_op_num_threads = opts.intra_op_num_threads = 1  # small windows: threads cost more than they give
    opts.enable_cpu_mem_arena = False
    opts.log_severity_level = 4
    return onnxruntime.InferenceSession(str(model), providers=["CPUExecutionProvider"], sess_options=opts)


class _Silero:
    """Streaming wrapper around faster-whisper's Silero session: state carries across calls."""

    def __init__(self) -> None:
        self._session = _vad_session()
        self.reset()

    def reset(self) -> None:
        self._h = np.zeros((1, 1, 128), dtype=np.float32)
        self._c = np.zeros((1, 1, 128), dtype=np.float32)
        self._context = np.zeros(_CONTEXT, dtype=np.float32)

    def __call__(self, windows: np.ndarray) -> np.ndarray:
        context = np.concatenate([self._context[None], windows[:-1, -_CONTEXT:]])
        batch = np.concatenate([context, windows], axis=1)
        out, self._h, self._c = self._session.run(None, {"input": batch, "h": self._h, "c": self._c})
        self._context = windows[-1, -_CONTEXT:].copy()
        return np.asarray(out, dtype=np.float32).reshape(-1)


def stream_audio(path: Path, start: float = 0.0, duration: float | None = None) -> Iterator[np.ndarray]:
    """Yield (n, WINDOW) float32 blocks of 16 kHz mono audio decoded by ffmpeg; the last block is zero-padded."""
    cmd = ["ffmpeg", "-nostdin", "-v", "error"]
    if start > 0:
        cmd += ["-ss", f"{start:.3f}"]
    cmd += ["-i", media_path(path)]
    if duration is not None:
        cmd += ["-t", f"{duration:.3f}"]
    cmd += ["-vn", "-ac", "1", "-ar", str(RATE), "-f", "s16le", "-"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None
    block_bytes = _BLOCK_WINDOWS * WINDOW * 2
    try:
        while chunk := proc.stdout.read(block_bytes):
            samples = np.frombuffer(chunk[: len(chunk) // 2 * 2], dtype=np.int16).astype(np.float32) / 32768.0
            pad = (-len(samples)) % WINDOW
            yield np.pad(samples, (0, pad)).reshape(-1, WINDOW)
    finally:
        proc.stdout.close()
        err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
        if proc.wait() != 0:
            raise InputError(
                f"{path}: the audio cannot be decoded ({err.strip().splitlines()[-1:] or 'ffmpeg failed'}); re-export the file"
            )


def detect_speech(
    path: Path, info: MediaInfo, options: TrimOptions, progress: Progress = silent
) -> list[tuple[float, float]]:
    """Speech intervals in source seconds, sorted and disjoint (no margins: plan_cuts adds those)."""
    if not info.has_audio:
        raise InputError(
            f"{path}: has no audio track, so speech cannot be detected; pass --cut/--keep ranges or use the file with its sound"
        )
    use_vad = options.detector in ("auto", "vad")
    vad = _Silero() if use_vad else None
    probs: list[np.ndarray] = []
    power: list[np.ndarray] = []
    # int16 blocks of the audio, for the re-checks
    kept: list[np.ndarray] | None = [] if options.detector == "auto" and info.duration <= _KEEP_SECONDS else None
    done = 0.0
    for windows in stream_audio(path):
        if kept is not None:
            kept.append(np.round(windows * 32768.0).astype(np.int16))  # exactly the samples ffmpeg gave
        power.append((windows.astype(np.float64) ** 2).mean(axis=1))
        if vad is not None:
            probs.append(vad(windows))
        done = min(info.duration, done + len(windows) * HOP)
        progress(done, info.duration)
    progress(info.duration, info.duration)
    if not power:
        return []
    db = _smoothed_db(np.concatenate(power))
    loud = db > _energy_threshold(db, options.energy_threshold_db)

    if options.detector == "energy":
        return _clip(_runs(loud, min_len=0.1), info.duration)
    speech = _hysteresis(np.concatenate(probs))
    if options.detector == "auto":
        speech |= _extend_edges(speech, loud)
        audio = np.concatenate(kept) if kept else None
        for start, end in _merge(_runs(loud & ~_dilate(speech, int(0.5 / HOP)), min_len=0.1), gap=_RECHECK_JOIN):
            speech |= _recheck(path, start, end, len(speech), audio)
    return _clip(_runs(speech, min_len=0.0), info.duration)


def _smoothed_db(power: np.ndarray) -> np.ndarray:
    kernel = np.ones(_SMOOTH) / _SMOOTH
    return 10 * np.log10(np.convolve(power, kernel, mode="same") + 1e-10)


def _energy_threshold(db: np.ndarray, absolute_db: float) -> float:
    """The louder of the configured level and the room's noise floor (10th percentile) plus a margin."""
    return max(absolute_db, float(np.percentile(db, 10)) + _FLOOR_MARGIN_DB)


def _hysteresis(probs: np.ndarray) -> np.ndarray:
    out = np.zeros(len(probs), dtype=bool)
    on = False
    for i, p in enumerate(probs):
        on = p >= _THRESHOLD or (on and p >= _NEG_THRESHOLD)
        out[i] = on
    return out


def _extend_edges(speech: np.ndarray, loud: np.ndarray) -> np.ndarray:
    """Grow each speech run while the audio stays loud, by at most _EDGE_EXTEND on each side."""
    grown = speech.copy()
    limit = int(_EDGE_EXTEND / HOP)
    n = len(speech)
    for start, end in _run_indices(speech):
        i = start - 1
        while i >= max(0, start - limit) and loud[i]:
            grown[i] = True
            i -= 1
        j = end
        while j < min(n, end + limit) and loud[j]:
            grown[j] = True
            j += 1
    return grown


def _recheck(path: Path, start: float, end: float, n: int, audio: np.ndarray | None = None) -> np.ndarray:
    """Run a fresh Silero over one loud stretch (with some lead-in); speech windows found there, as a mask.
    `audio`: the whole file's int16 windows when kept in memory, else the stretch is decoded again."""
    begin = max(0.0, start - _RECHECK_PAD[0])
    vad = _Silero()
    if audio is not None:
        samples = (
            audio.reshape(-1)[round(begin * RATE) : round((end + _RECHECK_PAD[1]) * RATE)].astype(np.float32) / 32768.0
        )
        padded = np.pad(samples, (0, (-len(samples)) % WINDOW)).reshape(-1, WINDOW)
        blocks = [padded[i : i + _BLOCK_WINDOWS] for i in range(0, len(padded), _BLOCK_WINDOWS)]
    else:
        blocks = list(stream_audio(path, begin, end + _RECHECK_PAD[1] - begin))
    probs = np.concatenate([vad(w) for w in blocks if len(w)] or [np.zeros(0)])
    mask = np.zeros(n, dtype=bool)
    offset = round(begin / HOP)
    found = _hysteresis(probs)[: max(0, n - offset)]
    mask[offset : offset + len(found)] = found
    return mask


def _dilate(mask: np.ndarray, width: int) -> np.ndarray:
    if width <= 0 or not mask.any():
        return mask.copy()
    return np.convolve(mask.astype(np.int32), np.ones(2 * width + 1, dtype=np.int32), mode="same") > 0


def _run_indices(mask: np.ndarray) -> list[tuple[int, int]]:
    edges = np.diff(np.concatenate([[0], mask.astype(np.int8), [0]]))
    return list(zip(np.flatnonzero(edges == 1).tolist(), np.flatnonzero(edges == -1).tolist()))


def _runs(mask: np.ndarray, min_len: float) -> list[tuple[float, float]]:
    runs = _merge([(i * HOP, j * HOP) for i, j in _run_indices(mask)], gap=_JOIN)
    return [(s, e) for s, e in runs if e - s >= min_len]


def _merge(runs: list[tuple[float, float]], gap: float) -> list[tuple[float, float]]:
    merged: list[tuple[float, float]] = []
    for start, end in runs:
        if merged and start - merged[-1][1] < gap:
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def _clip(runs: list[tuple[float, float]], duration: float) -> list[tuple[float, float]]:
    return [(round(s, 3), round(min(e, duration), 3)) for s, e in runs if s < duration]
