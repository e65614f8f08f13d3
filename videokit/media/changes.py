"""Where a sampled frame differs from the picture as it was last analysed.

The on-screen check analyses a sample only where it changed: in a talk filmed on a tripod the
speaker moves and the room, the shelves, a poster or a screen stay as they were. Each sample is
compared with the one before, block by block (64x36 blocks, each compared as 4x4 cells of mean
brightness, so a face appearing in front of a wall of the same brightness still changes its
block). Changes are added up per block since the block was last analysed, so a slow change (a
fade, a door opening a little per sample) is analysed once it adds up to the threshold: the sum
bounds the real change from above. Less than one grey level per sample (a camera's noise left by
the encoder) is not added up, else a still room would be analysed again every few samples. Changed
blocks, grown by a margin, become a few rectangles to analyse; when they cover most of the frame
(a moving camera, a cut) the frame is analysed whole.

A panning camera is not followed (moving the previous picture by the camera's shift would leave
only the strip entering the frame to analyse, but a face wider than the margin entering slowly
would then never be analysed whole): it changes every block, so the frame is analysed whole.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

PixelBox = tuple[int, int, int, int]  # x0, y0, x1, y1 in pixels of the analysed image

_BLOCKS = (64, 36)  # columns, rows
_CELLS = 4  # cells per block side in the comparison
_CHANGED = 0.03  # mean absolute change of a block's cells (0..1) from which it is analysed again
_NOISE = 0.004  # change per sample not added up (one grey level)
_MARGIN = 3  # blocks added around a change: a face or a word at its edge is analysed whole
_FULL_AREA = 0.6  # regions covering more of the frame than this: it is analysed whole (little left to save)


@dataclass(frozen=True)
class Change:
    """What to analyse in a sample: `regions` (none when nothing changed), which cover the whole
    frame when `full`."""

    regions: tuple[PixelBox, ...]
    full: bool

    def outside(self, box: PixelBox) -> bool:
        """The box lies in unchanged pixels: what was found there before is still there."""
        return not self.full and not any(_overlap(box, r) for r in self.regions)

    def area(self, width: int, height: int) -> float:
        """The share of the frame analysed."""
        return sum((r[2] - r[0]) * (r[3] - r[1]) for r in self.regions) / (width * height)


class ChangeTracker:
    """The previous sample, the change each block went through since it was last analysed, and
    where a new sample must be analysed."""

    def __init__(self) -> None:
        self._previous: np.ndarray | None = None  # grey, analysis size
        self._pending: np.ndarray | None = None  # per block: changes added up since its last analysis
        self._size = (0, 0)

    def compare(self, rgb: np.ndarray, scene_cut: bool) -> Change:
        """Where `rgb` must be analysed: whole after a cut, else where it changed since the last
        analysis. Call `analysed` with the change (grown or not) once it is analysed."""
        import cv2

        grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
        previous, pending = self._previous, self._pending
        self._previous, self._size = grey, (grey.shape[1], grey.shape[0])
        if previous is None or pending is None or scene_cut or previous.shape != grey.shape:
            self._pending = np.zeros(_BLOCKS[::-1], np.float32)
            return self._whole()
        self._pending = pending + np.maximum(_block_change(previous, grey) - _NOISE, 0.0)
        return self._regions(self._pending >= _CHANGED)

    def grow(self, change: Change, boxes: list[PixelBox]) -> Change:
        """The change with its regions grown over every box they touch: a face or a line of text
        partly in a changed area is analysed whole, not cut in two."""
        if change.full:
            return change
        width, height = self._size
        regions = list(change.regions)
        left = list(boxes)
        while touching := [b for b in left if any(_overlap(b, r) for r in regions)]:
            left = [b for b in left if b not in touching]
            regions = _merged(regions + [_clipped(b, width, height) for b in touching])
        return self._checked(Change(tuple(regions), False))

    def analysed(self, change: Change) -> None:
        """The change's regions were analysed: their blocks start adding up changes afresh."""
        assert self._pending is not None
        width, height = self._size
        columns, rows = _BLOCKS
        for x0, y0, x1, y1 in change.regions:  # blocks wholly inside
            bx0, by0 = -(-x0 * columns // width), -(-y0 * rows // height)
            self._pending[by0 : y1 * rows // height, bx0 : x1 * columns // width] = 0.0

    def _regions(self, changed: np.ndarray) -> Change:
        import cv2

        if not changed.any():
            return Change((), False)
        width, height = self._size
        columns, rows = _BLOCKS
        grown = cv2.dilate(changed.astype(np.uint8), np.ones((2 * _MARGIN + 1, 2 * _MARGIN + 1), np.uint8))
        count, _, stats, _ = cv2.connectedComponentsWithStats(grown, connectivity=8)
        boxes = [(int(x), int(y), int(x + w), int(y + h)) for x, y, w, h, _ in stats[1:count]]
        regions = [
            (x0 * width // columns, y0 * height // rows, x1 * width // columns, y1 * height // rows)
            for x0, y0, x1, y1 in boxes
        ]
        return self._checked(Change(tuple(_merged(regions)), False))

    def _checked(self, change: Change) -> Change:
        """The whole frame instead of regions that cover most of it."""
        return self._whole() if change.area(*self._size) > _FULL_AREA else change

    def _whole(self) -> Change:
        width, height = self._size
        return Change(((0, 0, width, height),), True)


def _block_change(previous: np.ndarray, grey: np.ndarray) -> np.ndarray:
    """Per block (rows x columns), the mean absolute change of its cells (0..1) between two samples."""
    import cv2

    columns, rows = _BLOCKS
    cells = (columns * _CELLS, rows * _CELLS)
    now, before = (
        cv2.resize(g, cells, interpolation=cv2.INTER_AREA).astype(np.float32) / 255.0 for g in (grey, previous)
    )
    return cv2.resize(np.abs(now - before), _BLOCKS, interpolation=cv2.INTER_AREA)


def _overlap(a: PixelBox, b: PixelBox) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _touch(a: PixelBox, b: PixelBox) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


def _clipped(box: PixelBox, width: int, height: int) -> PixelBox:
    return max(0, box[0]), max(0, box[1]), min(width, box[2]), min(height, box[3])


def _merged(boxes: list[PixelBox]) -> list[PixelBox]:
    """Rectangles that overlap or touch replaced by the rectangle holding them (a face on the
    border of two would be cut in both)."""
    out: list[PixelBox] = []
    for box in boxes:
        while (other := next((o for o in out if _touch(o, box)), None)) is not None:
            out.remove(other)
            box = (min(box[0], other[0]), min(box[1], other[1]), max(box[2], other[2]), max(box[3], other[3]))
        out.append(box)
    return out
