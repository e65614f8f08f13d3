"""Audio for the models: 16 kHz mono float32, decoded in-process by FFmpeg's libraries (PyAV)
and streamed in windows.

A whole hour decoded at once and turned into a spectrogram costs about 2.5 GB; windows keep memory
bounded whatever the length. Each window ends at the quietest moment near its nominal end so a
cut never falls inside a word. Decoding and resampling match faster_whisper.decode_audio sample
for sample, so a short file gives the model exactly what a direct call would.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import av
import numpy as np

from videokit.errors import InputError
from videokit.media.probe import media_path, probe

SAMPLE_RATE = 16_000
_FRAME = SAMPLE_RATE // 10  # 100 ms frames when looking for a quiet cut point
_GROUP = 500_000  # samples resampled at once, as faster-whisper does


def probe_duration(media: Path) -> float:
    """Duration in seconds of the first audio stream; InputError if missing, unreadable or without sound."""
    with _open(media) as container:
        stream = container.streams.audio[0]
        if stream.duration is not None and stream.time_base is not None:
            return float(stream.duration * stream.time_base)
        return container.duration / av.time_base if container.duration else 0.0  # 0: unknown, progress has no total


def stream_audio(media: Path, window: float, search: float = 15.0) -> Iterator[tuple[float, np.ndarray]]:
    """Yield (offset seconds, samples) windows of about `window` seconds covering the whole file.

    Each window but the last ends at the quietest 100 ms within its last `search` seconds; the
    rest carries into the next window, so concatenating the windows gives the whole signal.
    """
    size = int(window * SAMPLE_RATE)
    search_size = min(int(search * SAMPLE_RATE), size // 2)
    pending: list[np.ndarray] = []
    buffered = 0
    offset = 0.0
    with _open(media) as container:
        try:
            for chunk in _decode(container):
                pending.append(chunk)
                buffered += len(chunk)
                while buffered >= size:
                    samples = np.concatenate(pending)
                    cut = _quiet_cut(samples[:size], search_size)
                    yield offset, samples[:cut]
                    offset += cut / SAMPLE_RATE
                    pending, buffered = [samples[cut:]], len(samples) - cut
        except av.error.FFmpegError as exc:
            raise InputError(
                f"{media}: the audio cannot be decoded after {offset:.0f} s ({exc.strerror or exc}); re-export the file"
            ) from None
    if buffered:
        yield offset, np.concatenate(pending)


def read_span(media: Path, start: float, end: float) -> np.ndarray:
    """The samples from `start` to `end` seconds, found by seeking: one sentence of a one-hour
    recording without decoding the hour before it."""
    with _open(media) as container:
        container.seek(int(max(start, 0.0) * av.time_base))  # lands on a frame at or before `start`
        resampler = av.audio.resampler.AudioResampler(format="s16", layout="mono", rate=SAMPLE_RATE)
        chunks: list[np.ndarray] = []
        first: float | None = None
        try:
            for frame in _frames(container):
                if first is None:
                    first = frame.time or 0.0
                if frame.time is not None and frame.time > end:
                    break
                chunks.extend(_resampled(resampler, frame))
        except av.error.FFmpegError as exc:
            raise InputError(
                f"{media}: the audio cannot be decoded near {start:.0f} s ({exc.strerror or exc}); re-export the file"
            ) from None
        chunks.extend(_resampled(resampler, None))
    samples = np.concatenate(chunks) if chunks else np.zeros(0, np.float32)
    skip = max(round((start - (first or 0.0)) * SAMPLE_RATE), 0)
    return samples[skip : skip + max(round((end - start) * SAMPLE_RATE), 0)]


def _open(media: Path):
    media = Path(media)
    if not media.is_file():
        raise InputError(f"{media}: no such file; check the path")
    probe(media)  # a recording cut short must not be transcribed as if whole
    try:
        container = av.open(media_path(media), mode="r", metadata_errors="ignore")
    except av.error.FFmpegError as exc:
        raise InputError(
            f"{media}: not a media file ffmpeg can read ({exc.strerror or exc}); give an audio or video file"
        ) from None
    if not container.streams.audio:
        container.close()
        raise InputError(f"{media}: has no audio stream; export the recording with its sound track")
    return container


def _decode(container) -> Iterator[np.ndarray]:
    """float32 mono 16 kHz chunks of the whole stream."""
    resampler = av.audio.resampler.AudioResampler(format="s16", layout="mono", rate=SAMPLE_RATE)
    fifo = av.audio.fifo.AudioFifo()
    for frame in _frames(container):
        frame.pts = None  # the fifo checks timestamps; gaps do not matter here
        fifo.write(frame)
        if fifo.samples >= _GROUP:
            yield from _resampled(resampler, fifo.read())
    if fifo.samples:
        yield from _resampled(resampler, fifo.read())
    yield from _resampled(resampler, None)  # flush


def _frames(container) -> Iterator[av.AudioFrame]:
    """The first audio stream's decoded frames; undecodable packets are skipped like faster-whisper does."""
    frames = container.decode(audio=0)
    while True:
        try:
            yield next(frames)
        except StopIteration:
            return
        except av.error.InvalidDataError:
            continue


def _resampled(resampler, frame) -> Iterator[np.ndarray]:
    for out in resampler.resample(frame):
        yield out.to_ndarray().reshape(-1).astype(np.float32) / 32768.0


def _quiet_cut(samples: np.ndarray, search: int) -> int:
    """Sample index, within the last `search` samples, of the middle of the quietest 100 ms frame."""
    tail = samples[len(samples) - search :]
    frames = tail[: len(tail) // _FRAME * _FRAME].reshape(-1, _FRAME)
    quietest = int(np.argmin((frames**2).mean(axis=1)))
    return len(samples) - search + quietest * _FRAME + _FRAME // 2
