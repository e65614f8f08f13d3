"""Frame sampling for picture analysis: scene changes plus a frame every few seconds, decoded cheaply.

Decoding every frame of a one-hour 1080p talk costs minutes; most of that is spent on frames that
depend on others (P/B). Encoders start a new group of pictures (GOP) at each keyframe and put one
at every scene cut, and phones and cameras write a keyframe every second or two. So one
demux-only pass lists the keyframe times (no decoding), keyframes are decoded alone, and only the
GOPs longer than the sampling interval are decoded in full: there frames are taken every
`interval` seconds and wherever the picture changes abruptly (a cut the encoder did not mark).
Frames come out in time order, already scaled to the analysis size and turned upright.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from videokit.errors import InputError
from videokit.media.probe import media_path
from videokit.progress import Progress, silent

_TINY = (32, 18)  # colour thumbnail for change detection: big enough for cuts, blind to noise


@dataclass(frozen=True, eq=False)
class Sample:
    time: float  # seconds from the start of the video
    image: np.ndarray  # RGB, analysis size, upright
    scene_cut: bool  # the picture changed abruptly since the previous sample


def sample_frames(video: Path, *, interval: float = 2.0, max_side: int = 1280, scene_threshold: float = 0.12,
                  progress: Progress = silent) -> Iterator[Sample]:  # fmt: skip
    """Yield frames at least every `interval` seconds and at scene changes, in time order.

    `max_side` caps the longer side of the analysis image (smaller videos are not enlarged);
    `scene_threshold` is the mean absolute change of a colour thumbnail, 0..1, that counts as a cut
    (noise and a moving speaker stay near 0.01; a cut between two mid-toned shots is above 0.15).
    InputError when the file has no picture, cannot be decoded, or stops short of its duration.
    """
    video = Path(video)
    with open_video(video) as (container, stream):
        duration = _duration(container, stream)
        keyframes = _keyframe_times(container, stream, video)
        full = _gops_to_decode_in_full(keyframes, duration, interval)
        container.seek(0)
        stream.thread_type = "AUTO"
        picker = _Picker(interval, scene_threshold)
        last_time = -1.0
        gop = -1
        for packet in [*_packets(container, stream, video), None]:  # None flushes the decoder
            if packet is not None and packet.is_keyframe:
                gop += 1
            if packet is not None and not packet.is_keyframe and gop not in full:
                continue  # nobody needs this frame: not decoding it is the whole speed-up
            for frame in _decode(stream, packet, video):
                # frame.time is NaN on frames flushed from threaded decoding; pts is always there
                t = float(frame.pts * stream.time_base) if frame.pts is not None else last_time
                if t < last_time - 1e-6:  # open-GOP leading frames of a skipped GOP: already covered
                    continue
                last_time = t
                # every decoded frame is compared, only the samples are converted to RGB at full size
                cut = picker.take(t, _tiny(frame))
                if cut is not None:
                    yield Sample(t, _upright(frame, max_side), cut)
                progress(min(t, duration), duration)
        if picker.count == 0:
            raise InputError(f"{video}: no picture could be decoded; check that the video plays, or re-export it")
        if duration and last_time < duration - max(2 * interval, 5.0):
            raise InputError(
                f"{video}: pictures stop at {last_time:.1f} s of {duration:.1f} s (truncated or damaged); copy or export the file again"
            )
        progress(duration, duration)


def frames_near(video: Path, times: Sequence[float], *, exact: bool = False) -> Iterator[tuple[float, np.ndarray]]:
    """For each of `times`, upright at full size with the time asked: the keyframe at or before it
    (decoded alone), or with `exact` the frame shown at that time (decoded from that keyframe on).
    A time that cannot be read is left out. One open file and a seek per time: a tenth of the cost
    of an ffmpeg process per frame."""
    import av

    try:
        container = av.open(media_path(video))
    except (av.error.FFmpegError, OSError):
        return
    with container:
        if not container.streams.video:
            return
        stream = container.streams.video[0]
        base = stream.time_base
        if base is None:
            return
        half_frame = 0.5 / float(stream.average_rate or 30)
        for t in times:
            try:
                container.seek(round(t / base), stream=stream, backward=True)
                shown = None
                for frame in container.decode(stream):
                    shown = frame
                    if not exact or frame.pts is None or float(frame.pts * base) >= t - half_frame:
                        break
            except (av.error.FFmpegError, OSError):
                continue
            if shown is not None:  # past the last frame: the last one
                yield t, _upright(shown, max(shown.width, shown.height))


class _Picker:
    """Decides which decoded frames become samples: the first, one per interval, and cuts."""

    def __init__(self, interval: float, threshold: float) -> None:
        self.interval, self.threshold = interval, threshold
        self.last_taken: float | None = None
        self.previous_tiny: np.ndarray | None = None
        self.count = 0

    def take(self, t: float, tiny: np.ndarray) -> bool | None:
        """None to skip the frame (its colour thumbnail `tiny`), else whether it is a scene cut."""
        change = float(np.abs(tiny - self.previous_tiny).mean()) if self.previous_tiny is not None else 1.0
        self.previous_tiny = tiny
        cut = change >= self.threshold and self.count > 0
        # keyframes come every second or two: keep one per interval (with a little slack), plus every cut
        due = self.last_taken is None or t - self.last_taken >= self.interval * 0.75
        if not (due or cut):
            return None
        self.last_taken = t
        self.count += 1
        return cut


def _duration(container, stream) -> float:
    if stream.duration is not None and stream.time_base is not None:
        return float(stream.duration * stream.time_base)
    return float(container.duration or 0) / 1_000_000


@contextmanager
def open_video(video: Path) -> Iterator[tuple[Any, Any]]:
    """The open container and its first video stream (PyAV); InputError naming the file otherwise."""
    import av

    try:
        container = av.open(media_path(video))
    except (av.error.FFmpegError, OSError) as exc:
        raise InputError(f"{video}: not a readable video ({exc}); export it again as MP4") from None
    with container:
        if not container.streams.video:
            raise InputError(f"{video}: no picture to check (audio only); give the video file")
        yield container, container.streams.video[0]


def packet_times(video: Path) -> tuple[np.ndarray, np.ndarray]:
    """The first video stream's packet times in file (decode) order, and which are keyframes: the
    file is demuxed, nothing is decoded (0.2 s for ten minutes of 1080p30, where ffprobe's packet
    list took 1.4 s)."""
    with open_video(video) as (container, stream):
        timed = [
            (float(p.pts * stream.time_base), p.is_keyframe)
            for p in _packets(container, stream, video)
            if p.pts is not None
        ]
    return np.array([t for t, _ in timed], dtype=float), np.array([k for _, k in timed], dtype=bool)


def _keyframe_times(container, stream, video: Path) -> list[float]:
    """Keyframe times from packet flags alone (demuxing reads no picture data into the decoder)."""
    times = []
    for packet in _packets(container, stream, video):
        if packet.is_keyframe and packet.pts is not None:
            times.append(float(packet.pts * stream.time_base))
    return times


def _gops_to_decode_in_full(keyframes: list[float], duration: float, interval: float) -> set[int]:
    """Indexes of the GOPs (counted from keyframes in file order) too long for one sample to cover."""
    ends = [*keyframes[1:], duration]
    return {i for i, (start, end) in enumerate(zip(keyframes, ends)) if end - start > interval * 1.5}


def _packets(container, stream, video: Path):
    import av

    try:
        for packet in container.demux(stream):
            if packet.size:  # the flush packet at the end carries nothing
                yield packet
    except av.error.FFmpegError as exc:
        raise InputError(f"{video}: the file is damaged ({exc}); copy or export it again") from None


def _decode(stream, packet, video: Path):
    import av

    try:
        return stream.decode(packet)
    except av.error.InvalidDataError as exc:
        at = float(packet.pts * stream.time_base) if packet is not None and packet.pts is not None else 0.0
        raise InputError(f"{video}: the picture at {at:.1f} s cannot be decoded ({exc}); re-export the video") from None


def _upright(frame, max_side: int) -> np.ndarray:
    """RGB at the analysis size, turned the way the player shows it."""
    rotation = int(getattr(frame, "rotation", 0) or 0) % 360
    w, h = frame.width, frame.height
    scale = min(1.0, max_side / max(w, h))
    out_w, out_h = max(2, round(w * scale / 2) * 2), max(2, round(h * scale / 2) * 2)
    image = frame.to_ndarray(format="rgb24", width=out_w, height=out_h)
    # PyAV reports the display matrix angle counter-clockwise, as FFmpeg does
    turns = {90: 1, 180: 2, 270: 3}.get(rotation, 0)
    return np.ascontiguousarray(np.rot90(image, turns)) if turns else image


def _tiny(frame) -> np.ndarray:
    """The frame's colour thumbnail, RGB 0..1: block means per channel (swscale's area scaling, from
    the decoded planes in the stream's own colour matrix and range), robust to noise, and a cut
    between shots of the same brightness still changes the hues. A quarter of the cost of converting
    the whole frame first, which every decoded frame used to pay."""
    tw, th = _TINY
    return frame.to_ndarray(format="rgb24", width=tw, height=th, interpolation="AREA").astype(np.float32) / 255.0
