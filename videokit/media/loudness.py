"""EBU R128 loudness: measure (loudnorm pass 1) and the filter for an exact linear pass 2.

YouTube turns loud uploads down to about -14 LUFS and leaves quiet ones quiet, so a quiet phone
recording loses to every other video; normalising to -14 LUFS with a true-peak ceiling fixes both.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from videokit.errors import InputError
from videokit.media.probe import media_path

LRA = 11.0  # loudness range target; speech sits well inside it, so the linear mode is usually kept


@dataclass(frozen=True)
class Loudness:
    integrated: float  # LUFS
    true_peak: float  # dBTP
    lra: float  # LU
    threshold: float


def measure(inputs: list[str], audio_graph: str, target: float, true_peak: float, source: Path) -> Loudness | None:
    """Pass 1 over an audio filter graph ending in [a] (ebur128: the same BS.1770 readings as loudnorm's
    first pass at a twentieth of its CPU); None for digital silence (nothing to normalise)."""
    graph = f"{audio_graph};[a]ebur128=peak=true[m]"
    cmd = [
        "ffmpeg",
        "-nostdin",
        "-hide_banner",
        "-nostats",
        *inputs,
        "-filter_complex",
        graph,
        "-map",
        "[m]",
        "-f",
        "null",
        "-",
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise InputError(
            f"{source}: the audio cannot be measured ({proc.stderr.strip().splitlines()[-1:]}); re-export the file"
        )
    at = proc.stderr.rfind("Summary:")
    summary = proc.stderr[at:] if at >= 0 else ""
    found = {
        key: re.search(pattern, summary, re.S)
        for key, pattern in {
            "integrated": r"Integrated loudness:.*?I:\s+(-?[\d.]+|-inf) LUFS",
            "threshold": r"Integrated loudness:.*?Threshold:\s+(-?[\d.]+|-inf) LUFS",
            "lra": r"LRA:\s+(-?[\d.]+) LU",
            "true_peak": r"True peak:.*?Peak:\s+(-?[\d.]+|-inf) dBFS",
        }.items()
    }
    if not all(found.values()):
        raise InputError(f"{source}: ffmpeg gave no loudness reading; re-export the file")
    values = {key: float(match.group(1)) for key, match in found.items() if match}
    if values["integrated"] == float("-inf") or values["integrated"] <= -70:
        return None
    return Loudness(values["integrated"], values["true_peak"], values["lra"], values["threshold"])


def normalize_filter(measured: Loudness | None, target: float, true_peak: float) -> str:
    """Pass 2: the exact gain when it keeps the true peak under the ceiling (what loudnorm's linear mode
    applies, without its 192 kHz resampling), else loudnorm fed the pass-1 measurements; 48 kHz out."""
    if measured is None:
        return "aresample=48000"
    gain = target - measured.integrated
    # loudnorm's own rule for linear mode: the peak stays under the ceiling and the range within LRA
    if measured.true_peak + gain <= true_peak and measured.lra <= LRA:
        return f"volume={gain:.2f}dB,aresample=48000"
    return (
        f"loudnorm=I={target}:TP={true_peak}:LRA={LRA}:measured_I={measured.integrated}:measured_TP={measured.true_peak}"
        f":measured_LRA={measured.lra}:measured_thresh={measured.threshold}:linear=true,aresample=48000"
    )


def integrated(path: Path) -> Loudness | None:
    """Measure a finished file's first audio stream (used to check a render)."""
    return measure(["-i", media_path(path)], "[0:a:0]anull[a]", -14.0, -1.0, path)
