"""EBU R128 loudness: measure (pass 1) and the filter for an exact linear pass 2.

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
LIMITER_MARGIN = 0.5  # dB under the true-peak ceiling for the sample-peak limiter
LIMITER_MAX = 6.0  # dB of peaks over the ceiling a limiter takes on speech unheard; past it, loudnorm's dynamic mode


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
    """Pass 2, 48 kHz out: the exact gain (what loudnorm's linear mode applies, without its 192 kHz
    resampling); when that gain lifts the peaks a little over the ceiling, the same gain and a limiter
    on those peaks (loudnorm would fall back to its dynamic mode and flatten the whole talk's range, at
    3x the CPU); loudnorm when the peaks would go far over or the range is wider than LRA."""
    if measured is None:
        return "aresample=48000"
    gain = target - measured.integrated
    overshoot = measured.true_peak + gain - true_peak
    if measured.lra > LRA or overshoot > LIMITER_MAX:
        return (
            f"loudnorm=I={target}:TP={true_peak}:LRA={LRA}:measured_I={measured.integrated}"
            f":measured_TP={measured.true_peak}:measured_LRA={measured.lra}:measured_thresh={measured.threshold}"
            ":linear=true,aresample=48000"
        )
    if overshoot <= 0:
        return f"volume={gain:.2f}dB,aresample=48000"
    # alimiter holds sample peaks; the margin covers the peaks between samples and the AAC encoder's
    ceiling = 10 ** ((true_peak - LIMITER_MARGIN) / 20)
    return f"volume={gain:.2f}dB,alimiter=limit={ceiling:.4f}:level=false:attack=5:release=50,aresample=48000"


def integrated(path: Path) -> Loudness | None:
    """Measure a finished file's first audio stream (used to check a render)."""
    return measure(["-i", media_path(path)], "[0:a:0]anull[a]", -14.0, -1.0, path)
