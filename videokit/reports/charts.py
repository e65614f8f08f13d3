"""Inline SVG charts, generated here: no script, no external request, crisp in print.

Every text that enters an SVG goes through `escape`; the functions return `Markup` so the
HTML template inserts the (already safe) SVG as is.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from datetime import date

from markupsafe import Markup, escape

from videokit.reports.metrics import DailyPoint

INK = "#1f2933"
MUTED = "#8a96a3"
GRID = "#e4e8ec"
ACCENT = "#0b5fa5"
ACCENT_SOFT = "#9cc3e6"
PREVIOUS = "#d3dbe3"
WARN = "#c2410c"
SPARK_FLOOR = 10


def nice_ticks(top: float, count: int = 4) -> list[float]:
    """Round axis ticks from 0 to at least `top` (1, 2, 2.5 or 5 times a power of ten)."""
    if top <= 0:
        return [0.0, 1.0]
    raw = top / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    return [i * step for i in range(math.ceil(top / step - 1e-9) + 1)]


def views_chart(
    points: Sequence[DailyPoint],
    markers: Sequence[tuple[date, str]],
    publications: Sequence[date],
    day_label: Callable[[date], str],
    number: Callable[[float], str],
    title: str,
    compact: bool = False,
) -> Markup:
    """Daily views as bars (previous period light), the moving average as a line, markers as dashed rules.

    `compact` draws for a phone: a narrower canvas, so the same text comes out larger.
    """
    width, height, font, labels = (420, 260, 13, 4) if compact else (820, 280, 11, 8)
    left, right, top, bottom = 8 + font * 4, 14, 28, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    n = len(points)
    ticks = nice_ticks(max([p.views for p in points] + [p.average for p in points] + [1]))
    y_max = ticks[-1]
    slot = plot_w / max(n, 1)

    def x(i: float) -> float:
        return left + slot * (i + 0.5)

    def y(v: float) -> float:
        return top + plot_h - plot_h * v / y_max

    parts = [
        f'<svg class="chart {"narrow" if compact else "wide"}" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg" font-family="inherit" font-size="{font}">',
        f"<title>{escape(title)}</title>",
    ]
    first_current = next((i for i, p in enumerate(points) if p.in_period), n)
    if first_current:
        parts.append(
            f'<rect x="{left}" y="{top}" width="{slot * first_current:.1f}" height="{plot_h}" fill="#f4f6f8"/>'
        )
    for t in ticks:
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y(t):.1f}" y2="{y(t):.1f}" stroke="{GRID}"/>')
        parts.append(
            f'<text x="{left - 6}" y="{y(t) + 4:.1f}" text-anchor="end" fill="{MUTED}">{escape(number(t))}</text>'
        )
    bar_w = max(slot * 0.7, 1)
    for i, p in enumerate(points):
        if p.views:
            fill = ACCENT_SOFT if p.in_period else PREVIOUS
            parts.append(
                f'<rect x="{x(i) - bar_w / 2:.1f}" y="{y(p.views):.1f}" width="{bar_w:.1f}" '
                f'height="{top + plot_h - y(p.views):.1f}" fill="{fill}"><title>{escape(day_label(p.day))}: {escape(number(p.views))}</title></rect>'
            )
    line = " ".join(f"{x(i):.1f},{y(p.average):.1f}" for i, p in enumerate(points))
    parts.append(
        f'<polyline points="{line}" fill="none" stroke="{ACCENT}" stroke-width="2.2" stroke-linejoin="round"/>'
    )
    index = {p.day: i for i, p in enumerate(points)}
    for day in publications:
        if day in index:
            cx, base = x(index[day]), top + plot_h
            parts.append(
                f'<path d="M{cx - 4:.1f},{base + 9} L{cx + 4:.1f},{base + 9} L{cx:.1f},{base + 3} Z" fill="{INK}"/>'
            )
    for day, label in markers:  # the compact chart leaves the words to the legend: no room for them
        if day in index:
            mx = x(index[day])
            parts.append(
                f'<line x1="{mx:.1f}" x2="{mx:.1f}" y1="{top - 4}" y2="{top + plot_h}" stroke="{WARN}" stroke-dasharray="4 3" stroke-width="1.4"/>'
            )
            if not compact:
                anchor, dx = ("end", -4) if mx > width / 2 else ("start", 4)
                parts.append(
                    f'<text class="marker" x="{mx + dx:.1f}" y="{top - 9}" text-anchor="{anchor}" fill="{WARN}">{escape(label)}</text>'
                )
    step = max(1, round(n / labels))
    for i in range(n - 1, -1, -step):  # label from the last day backwards: the latest day always shows
        anchor = "end" if i == n - 1 else "middle"
        parts.append(
            f'<text x="{x(i):.1f}" y="{height - 12}" text-anchor="{anchor}" fill="{MUTED}">{escape(day_label(points[i].day))}</text>'
        )
    parts.append(f'<line x1="{left}" x2="{width - right}" y1="{top + plot_h}" y2="{top + plot_h}" stroke="{MUTED}"/>')
    parts.append("</svg>")
    return Markup("".join(parts))


def sparkline(values: Sequence[int], label: str) -> Markup:
    """A small trend line with its area; the last day is dotted."""
    width, height, pad = 112, 28, 2.5
    peak = max(max(values, default=0), SPARK_FLOOR)  # a few stray views must not look like a storm
    n = len(values)
    xs = [pad + (width - 2 * pad) * i / max(n - 1, 1) for i in range(n)]
    ys = [height - pad - (height - 2 * pad) * v / peak for v in values]
    line = " ".join(f"{a:.1f},{b:.1f}" for a, b in zip(xs, ys))
    area = f"{pad},{height - pad} {line} {xs[-1]:.1f},{height - pad}" if n else ""
    dot = f'<circle cx="{xs[-1]:.1f}" cy="{ys[-1]:.1f}" r="2.2" fill="{ACCENT}"/>' if n else ""
    return Markup(
        f'<svg class="spark" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-label="{escape(label)}" xmlns="http://www.w3.org/2000/svg">'
        f'<polygon points="{area}" fill="{ACCENT_SOFT}" opacity="0.45"/>'
        f'<polyline points="{line}" fill="none" stroke="{ACCENT}" stroke-width="1.5" stroke-linejoin="round"/>{dot}</svg>'
    )


def bar_list(rows: Sequence[tuple[str, int, str]], title: str) -> Markup:
    """Horizontal bars: (label, value, value as text), longest first."""
    width, row_h, label_w, value_w = 400, 24, 168, 52
    height = row_h * len(rows) + 4
    peak = max((v for _, v, _ in rows), default=0) or 1
    bar_room = width - label_w - value_w
    parts = [
        f'<svg class="bars" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg" font-family="inherit" font-size="12"><title>{escape(title)}</title>'
    ]
    for i, (label, value, text) in enumerate(rows):
        y = i * row_h + 4
        w = max(bar_room * value / peak, 1.5)
        parts.append(f'<text x="{label_w - 8}" y="{y + 15}" text-anchor="end" fill="{INK}">{escape(label)}</text>')
        parts.append(
            f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="{row_h - 10}" rx="3" fill="{ACCENT if i == 0 else ACCENT_SOFT}"/>'
        )
        parts.append(f'<text x="{label_w + w + 6:.1f}" y="{y + 15}" fill="{MUTED}">{escape(text)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
