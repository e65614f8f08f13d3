"""Blurring regions of the picture over time spans, as a fragment of render's one ffmpeg filter graph.

A region follows its track: the box is the largest one seen plus a margin, and its position
moves linearly between the times it was seen (crop and overlay evaluate x and y on every frame).
Outside its span the blur and overlay are disabled (ffmpeg's timeline `enable`), so a region
costs nothing on the frames it does not cover. Blurring forces a full encode of the picture.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

_MARGIN = 0.25  # of the box size, each side: faces move between two samples
_MIN_SIDE = 16  # pixels
_MAX_POINTS = 120  # nested expressions stay small; longer tracks are thinned


@dataclass(frozen=True)
class BlurRegion:
    start: float  # seconds
    end: float
    track: tuple[tuple[float, float, float, float, float], ...]  # (time, x, y, w, h), fractions of the frame


def blur_graph(regions: Sequence[BlurRegion], width: int, height: int, source: str, out: str) -> str:
    """Filter-graph text taking the video labelled `source` (e.g. "0:v:0") to `out`, every region blurred."""
    parts = []
    current = source
    for i, region in enumerate(regions):
        bw, bh, xs, ys = _geometry(region, width, height)
        x, y = _piecewise(xs), _piecewise(ys)
        # boxblur's chroma planes are half size: a radius of a quarter of the box is the strongest allowed
        radius = max(2, min(bw, bh) // 4)
        on = f"between(t,{region.start:.3f},{region.end:.3f})"
        nxt = out if i == len(regions) - 1 else f"blur{i}"
        parts.append(
            f"[{current}]split=2[blurbase{i}][blurcut{i}];"
            f"[blurcut{i}]crop=w={bw}:h={bh}:x='{x}':y='{y}',boxblur=luma_radius={radius}:luma_power=3:enable='{on}'[blurred{i}];"
            f"[blurbase{i}][blurred{i}]overlay=x='{x}':y='{y}':enable='{on}'[{nxt}]"
        )
        current = nxt
    if not parts:
        return f"[{source}]null[{out}]"
    return ";".join(parts)


def _geometry(
    region: BlurRegion, width: int, height: int
) -> tuple[int, int, list[tuple[float, int]], list[tuple[float, int]]]:
    """Box size in pixels (even, inside the frame) and the top-left corner at each tracked time."""
    track = _thin(sorted(region.track))
    bw = max(b[3] for b in track) * width * (1 + 2 * _MARGIN)
    bh = max(b[4] for b in track) * height * (1 + 2 * _MARGIN)
    bw = min(width // 2 * 2, max(_MIN_SIDE, int(bw) // 2 * 2))
    bh = min(height // 2 * 2, max(_MIN_SIDE, int(bh) // 2 * 2))
    xs, ys = [], []
    for t, x, y, w, h in track:
        cx, cy = (x + w / 2) * width, (y + h / 2) * height
        xs.append((t, int(min(max(0, cx - bw / 2), width - bw))))
        ys.append((t, int(min(max(0, cy - bh / 2), height - bh))))
    return bw, bh, xs, ys


def _thin(track: list[tuple[float, float, float, float, float]]) -> list[tuple[float, float, float, float, float]]:
    if len(track) <= _MAX_POINTS:
        return track
    step = len(track) / _MAX_POINTS
    return [track[int(i * step)] for i in range(_MAX_POINTS - 1)] + [track[-1]]


def _piecewise(points: list[tuple[float, int]]) -> str:
    """An ffmpeg expression of t: constant before the first and after the last point, linear between."""
    expr = str(points[-1][1])
    for (t0, v0), (t1, v1) in reversed(list(zip(points, points[1:]))):
        segment = str(v0) if v0 == v1 or t1 <= t0 else f"{v0}+({v1 - v0})*(t-{t0:.3f})/{t1 - t0:.3f}"
        expr = f"if(lt(t,{t1:.3f}),{segment},{expr})"
    return f"if(lt(t,{points[0][0]:.3f}),{points[0][1]},{expr})" if len(points) > 1 else expr
