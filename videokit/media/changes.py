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

A moving camera (a pan, a hand-held phone drifting) changes every block, so the previous sample is
first moved by the camera's shift (phase correlation of the two samples) when that explains the
new picture better. What was found before is then carried along with the picture (`Change.moved`),
and what is analysed again is what still differs (a person walking, a screen changing) and the
strips entering the frame, each as deep as the shift and `_ENTERING` + `_MARGIN` blocks more, so
a face coming in is mostly inside its strip by the time it is whole. What was found touching only
a strip is still whole there (`Change.stale`), unless it reaches the frame's edge, where the frame
may have cut it; the caller adds a coarse look over the frame for faces larger than a strip
(`grow`). A zoom, or a shake no single shift explains, is analysed whole, and so is one sample in
`_REFRESH` + 1 of a long pan.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

PixelBox = tuple[int, int, int, int]  # x0, y0, x1, y1 in pixels of the analysed image

_BLOCKS = (64, 36)  # columns, rows
_CELLS = 4  # cells per block side in the comparison
_CHANGED = 0.03  # mean absolute change of a block's cells (0..1) from which it is analysed again
_NOISE = 0.004  # change per sample not added up (one grey level)
_MARGIN = 3  # blocks added around a change: a face or a word at its edge is analysed whole
_FULL_AREA = 0.6  # regions covering more of the frame than this: it is analysed whole (little left to save)
_ENTERING = 2  # blocks analysed inward of the strip a moving camera brings in (and _MARGIN beyond them)
_EDGE = 2  # blocks: a box this close to the side a moving camera brings in may have been cut by the frame
_RESIDUAL = 0.1  # share of a block's change with a still camera that following the camera leaves
_REFRESH = 10  # samples in a row a moving camera is followed; the next is analysed whole (a slow fade
# on a textured wall, the drift of what was carried along: nothing is left unchecked for long)
_CORRELATION_SIDE = 640  # pixels: the size the camera's shift is estimated at (at 320 it is off by a pixel)


@dataclass(frozen=True)
class Change:
    """What to analyse in a sample: `regions` (none when nothing changed), which cover the whole
    frame when `full`."""

    regions: tuple[PixelBox, ...]
    full: bool
    shift: tuple[int, int] = (0, 0)  # pixels the picture moved since the previous sample (a moving camera)
    # when `full` too: what was found before is then looked for again, but places still compare
    size: tuple[int, int] = (0, 0)  # width, height of the analysed frame

    def moved(self, box: PixelBox) -> PixelBox | None:
        """Where a box of the previous sample is now, the camera's shift applied and clipped to the
        frame; None once less than half of it is left in the frame."""
        dx, dy = self.shift
        return self.inside((box[0] + dx, box[1] + dy, box[2] + dx, box[3] + dy))

    def inside(self, box: PixelBox) -> PixelBox | None:
        """The box clipped to the frame; None when less than half of it is in the frame."""
        x0, y0, x1, y1 = box
        clipped = _clipped(box, *self.size)
        kept = max(0, clipped[2] - clipped[0]) * max(0, clipped[3] - clipped[1])
        return clipped if kept * 2 >= (x1 - x0) * (y1 - y0) > 0 else None

    def outside(self, box: PixelBox) -> bool:
        """The box lies in unchanged pixels: what was found there before is still there."""
        return not self.full and not any(_overlap(box, r) for r in self.regions)

    def stale(self, box: PixelBox) -> bool:
        """What was found in the box must be looked for again: the box touches a change, not counting
        the strips a moving camera brings in (what was carried along into them is still whole)
        unless it reaches the frame's edge on that side, where the frame may have cut it."""
        if self.outside(box):
            return False
        strips = _strips(self.shift, self.size, _ENTERING + _MARGIN)
        edges = _strips(self.shift, self.size, _EDGE)
        return any(_overlap(box, r) for r in self.regions if r not in strips) or any(_overlap(box, e) for e in edges)

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
        self._drift = (0.0, 0.0)  # the camera's shift not yet carried over to `_pending` (blocks)
        self._followed = 0  # samples in a row analysed with the camera's shift applied

    def compare(self, rgb: np.ndarray, scene_cut: bool) -> Change:
        """Where `rgb` must be analysed: whole after a cut, else where it changed since the last
        analysis. Call `analysed` with the change (grown or not) once it is analysed."""
        import cv2

        grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
        previous, pending = self._previous, self._pending
        self._previous, self._size = grey, (grey.shape[1], grey.shape[0])
        if previous is None or pending is None or scene_cut or previous.shape != grey.shape:
            self._pending, self._drift, self._followed = np.zeros(_BLOCKS[::-1], np.float32), (0.0, 0.0), 0
            return self._whole()
        still = _block_change(previous, grey)
        shift = _camera_shift(previous, grey)
        if shift is not None:
            followed = _block_change(_moved(previous, shift), grey)
            if followed.sum() < still.sum():  # the shift explains the picture better than a still camera
                moved = round(shift[0]), round(shift[1])
                self._followed += 1
                if self._followed > _REFRESH:
                    self._followed = 0
                    return replace(self._whole(), shift=moved)
                # a shift known to a fraction of a pixel leaves a little of each block's change, the
                # more the more textured the block: that much is not a change of the picture
                residual = np.maximum(followed - _NOISE - _RESIDUAL * still, 0.0)
                self._pending = self._carried(pending, shift) + residual
                change = self._regions(self._pending >= _CHANGED, _strips(moved, self._size, _ENTERING + _MARGIN))
                return replace(change, shift=moved)
        self._followed = 0
        self._pending = pending + np.maximum(still - _NOISE, 0.0)
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
        return self._checked(replace(change, regions=tuple(regions)))

    def analysed(self, change: Change) -> None:
        """The change's regions were analysed: their blocks start adding up changes afresh."""
        assert self._pending is not None
        width, height = self._size
        columns, rows = _BLOCKS
        for x0, y0, x1, y1 in change.regions:  # blocks wholly inside
            bx0, by0 = -(-x0 * columns // width), -(-y0 * rows // height)
            self._pending[by0 : y1 * rows // height, bx0 : x1 * columns // width] = 0.0

    def _regions(self, changed: np.ndarray, entering: tuple[PixelBox, ...] = ()) -> Change:
        """Rectangles around the changed blocks, grown by `_MARGIN`, and the strips a moving camera
        brings in (`entering`, whole blocks)."""
        import cv2

        width, height = self._size
        columns, rows = _BLOCKS
        changed = changed.copy()
        for x0, y0, x1, y1 in entering:  # analysed as strips: not grown into the frame's bounding box
            changed[y0 * rows // height : y1 * rows // height, x0 * columns // width : x1 * columns // width] = False
        if not changed.any() and not entering:
            return Change((), False, size=self._size)
        grown = cv2.dilate(changed.astype(np.uint8), np.ones((2 * _MARGIN + 1, 2 * _MARGIN + 1), np.uint8))
        count, _, stats, _ = cv2.connectedComponentsWithStats(grown, connectivity=8)
        boxes = [(int(x), int(y), int(x + w), int(y + h)) for x, y, w, h, _ in stats[1:count]]
        regions = [
            (x0 * width // columns, y0 * height // rows, x1 * width // columns, y1 * height // rows)
            for x0, y0, x1, y1 in boxes
        ]
        return self._checked(Change(tuple(_merged([*entering, *regions])), False, size=self._size))

    def _carried(self, pending: np.ndarray, shift: tuple[float, float]) -> np.ndarray:
        """The changes added up per block, moved with the picture by whole blocks (the fraction of a
        block left is carried to the next sample); blocks coming in start at nothing (their strip is
        analysed)."""
        width, height = self._size
        columns, rows = _BLOCKS
        drift = (self._drift[0] + shift[0] * columns / width, self._drift[1] + shift[1] * rows / height)
        bx, by = round(drift[0]), round(drift[1])
        self._drift = (drift[0] - bx, drift[1] - by)
        moved = np.zeros_like(pending)
        if abs(bx) < columns and abs(by) < rows:
            moved[max(by, 0) : rows + min(by, 0), max(bx, 0) : columns + min(bx, 0)] = pending[
                max(-by, 0) : rows + min(-by, 0), max(-bx, 0) : columns + min(-bx, 0)
            ]
        return moved

    def _checked(self, change: Change) -> Change:
        """The whole frame instead of regions that cover most of it."""
        return self._whole() if change.area(*self._size) > _FULL_AREA else change

    def _whole(self) -> Change:
        width, height = self._size
        return Change(((0, 0, width, height),), True, size=self._size)


def _block_change(previous: np.ndarray, grey: np.ndarray) -> np.ndarray:
    """Per block (rows x columns), the mean absolute change of its cells (0..1) between two samples."""
    import cv2

    columns, rows = _BLOCKS
    cells = (columns * _CELLS, rows * _CELLS)
    now, before = (
        cv2.resize(g, cells, interpolation=cv2.INTER_AREA).astype(np.float32) / 255.0 for g in (grey, previous)
    )
    return cv2.resize(np.abs(now - before), _BLOCKS, interpolation=cv2.INTER_AREA)


def _camera_shift(previous: np.ndarray, grey: np.ndarray) -> tuple[float, float] | None:
    """How far the picture moved between two samples (dx, dy in pixels), or None when it did not."""
    import cv2

    scale = _CORRELATION_SIDE / max(grey.shape)
    before, now = (
        cv2.resize(g, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA).astype(np.float32)
        for g in (previous, grey)
    )
    (dx, dy), _ = cv2.phaseCorrelate(before, now, cv2.createHanningWindow(before.shape[::-1], cv2.CV_32F))
    shift = dx / scale, dy / scale
    return shift if max(abs(shift[0]), abs(shift[1])) >= 0.5 else None


def _strips(shift: tuple[int, int], size: tuple[int, int], blocks: int) -> tuple[PixelBox, ...]:
    """The strips of the frame a camera moving by `shift` brings in, on one side or two, each as deep
    as the shift and `blocks` blocks more (whole blocks)."""
    width, height = size
    columns, rows = _BLOCKS
    dx, dy = shift
    strips: list[PixelBox] = []
    if dx:
        depth = min(columns, -(-abs(dx) * columns // width) + blocks) * width // columns
        strips.append((0, 0, depth, height) if dx > 0 else (width - depth, 0, width, height))
    if dy:
        depth = min(rows, -(-abs(dy) * rows // height) + blocks) * height // rows
        strips.append((0, 0, width, depth) if dy > 0 else (0, height - depth, width, height))
    return tuple(strips)


def _moved(grey: np.ndarray, shift: tuple[float, float]) -> np.ndarray:
    """The picture moved by `shift`; what comes in repeats the edge (its strip is analysed anyway)."""
    import cv2

    dx, dy = shift
    height, width = grey.shape
    return cv2.warpAffine(
        grey, np.array([[1, 0, dx], [0, 1, dy]], np.float32), (width, height), borderMode=cv2.BORDER_REPLICATE
    )


def _overlap(a: PixelBox, b: PixelBox) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _touch(a: PixelBox, b: PixelBox) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


def _clipped(box: PixelBox, width: int, height: int) -> PixelBox:
    return max(0, box[0]), max(0, box[1]), min(width, box[2]), min(height, box[3])


def _crossing(a: PixelBox, b: PixelBox) -> bool:
    """One spans the other across, as the two strips of a diagonal pan (an L, a T or a cross): every
    rectangle inside the two lies inside one of them, so they need not be merged."""
    return (_spans_rows(a, b) and _spans_columns(b, a)) or (_spans_rows(b, a) and _spans_columns(a, b))


def _spans_rows(a: PixelBox, b: PixelBox) -> bool:
    return a[1] <= b[1] and b[3] <= a[3]


def _spans_columns(a: PixelBox, b: PixelBox) -> bool:
    return a[0] <= b[0] and b[2] <= a[2]


def _across(box: PixelBox, other: PixelBox) -> PixelBox:
    """The box stretched across `other`, which spans its rows or its columns: the two then cross."""
    if _spans_rows(other, box):
        return min(box[0], other[0]), box[1], max(box[2], other[2]), box[3]
    return box[0], min(box[1], other[1]), box[2], max(box[3], other[3])


def _merged(boxes: list[PixelBox]) -> list[PixelBox]:
    """Rectangles that overlap or touch, joined so that a face on the border of two lies whole in
    one of them: one inside another is dropped; one whose rows or columns the other spans (a face
    at the edge of a pan's strip) is stretched across it, so they cross; else both are replaced by
    the rectangle holding them."""
    out: list[PixelBox] = []
    queue = list(boxes)
    while queue:
        box: PixelBox | None = queue.pop(0)
        while box is not None and (other := next((o for o in out if _touch(o, box) and not _crossing(o, box)), None)):
            if _spans_rows(other, box) and _spans_columns(other, box):
                box = None  # inside
            elif _spans_rows(box, other) and _spans_columns(box, other):
                out.remove(other)
            elif _spans_rows(other, box) or _spans_columns(other, box):
                box = _across(box, other)
            elif _spans_rows(box, other) or _spans_columns(box, other):
                out.remove(other)
                queue.append(_across(other, box))
            else:
                out.remove(other)
                box = (min(box[0], other[0]), min(box[1], other[1]), max(box[2], other[2]), max(box[3], other[3]))
        if box is not None:
            out.append(box)
    return out
