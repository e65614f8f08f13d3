"""Media file to Transcript: resolve the model, stream the audio in windows, detect the language,
decode (again, alone, any stretch of speech Whisper skipped), guard against invented text, apply the
client glossary."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from videokit.errors import ConfigError
from videokit.progress import Progress, silent
from videokit.speech import glossary, guards
from videokit.speech.audio import SAMPLE_RATE, probe_duration, stream_audio
from videokit.speech.backends import Backend, load_backend
from videokit.speech.models import resolve_model
from videokit.speech.options import TranscribeOptions
from videokit.speech.types import Segment, Transcript

_DETECTION_WINDOWS = 3  # 30 s pieces voted on: music or an ad first must not decide the language
_PROMPT_CHARS = 200  # previous text carried into the next window, as Whisper does across its 30 s chunks
# Whisper sometimes ends a 30 s chunk's text early and seeks past the rest: sentences vanish and
# the next words' timestamps jump. A stretch this long without a decoded word...
_UNDECODED_SECONDS = 3.0
# ...that the speech detector finds this much speech in is decoded again on its own.
_SKIPPED_SPEECH_SECONDS = 1.0
_VAD_PIECE_SECONDS = 5.0
_MARGIN = 0.5  # seconds of the gap kept around the speech heard, for the words' soft edges


def transcribe(media: Path, options: TranscribeOptions, *, models_dir: Path, progress: Progress = silent) -> Transcript:
    """Transcribe any audio or video file ffmpeg reads.

    Raises InputError when the file is missing, unreadable or has no audio stream, ConfigError
    when the model cannot be found offline or downloaded.
    """
    media = Path(media)
    duration = probe_duration(media)
    model = resolve_model(options.model, options.backend, models_dir)
    backend = load_backend(model, options)
    hotwords = glossary_prompt(options.glossary)
    total = duration or None  # a stream that does not declare its length: progress without a total

    def report(done: float) -> None:
        progress(min(done, duration) if duration else done, total)

    report(0.0)

    language: str | None = None if options.language == "auto" else options.language
    language_probability = 0.0 if language is None else 1.0
    if not backend.multilingual:
        if language not in (None, "en"):
            raise ConfigError(
                f"transcribe.model: {options.model!r} only knows English; use a multilingual model such as 'base' for {language!r}"
            )
        language, language_probability = "en", 1.0
    segments: list[Segment] = []
    end = 0.0
    for offset, audio in stream_audio(media, min(options.window_seconds, backend.window_seconds)):
        if language is None:
            language, language_probability = detect_language(backend, audio, options.candidate_languages)
        prompt = _tail(segments) if options.condition_on_previous_text else None
        decoded: list[Segment] = []
        for segment in backend.transcribe(audio, language=language, prompt=prompt, hotwords=hotwords):
            decoded.append(segment)
            report(offset + segment.end)
        for gap_start, gap_end in skipped_speech(decoded, audio):
            # Decoded alone, from a fresh start (no previous text): the stretch becomes its own 30 s chunk.
            piece = audio[round(gap_start * SAMPLE_RATE) : round(gap_end * SAMPLE_RATE)]
            redecoded = backend.transcribe(piece, language=language, prompt=None, hotwords=hotwords)
            decoded += [_shift(s, gap_start) for s in redecoded]
        segments += [_shift(s, offset) for s in sorted(decoded, key=lambda s: s.start)]
        end = offset + len(audio) / SAMPLE_RATE
        report(end)

    transcript = Transcript(
        language=language or options.candidate_languages[0],
        language_probability=round(language_probability, 4),
        duration=duration or end,
        segments=tuple(guards.clean(segments, options)),
        backend=backend.name,
        model=options.model,
    )
    if options.glossary:
        transcript = glossary.correct(transcript, options.glossary, options.glossary_similarity)
    progress(transcript.duration, transcript.duration)
    return transcript


def detect_language(backend: Backend, audio: np.ndarray, candidates: list[str]) -> tuple[str, float]:
    """The most likely of `candidates`, averaged over the first few 30 s pieces that hold sound.

    Returns the language and the model's mean probability for it (not renormalised, so a low
    value still says the detector was unsure).
    """
    piece = 30 * SAMPLE_RATE
    pieces = [audio[i : i + piece] for i in range(0, max(len(audio), 1), piece)]
    loud = [p for p in pieces if len(p) and np.sqrt(np.mean(p**2)) > 0.003] or pieces[:1]
    totals = dict.fromkeys(candidates, 0.0)
    for p in loud[:_DETECTION_WINDOWS]:
        probs = backend.language_probs(p)
        for code in candidates:
            totals[code] += probs.get(code, 0.0)
    best = max(candidates, key=lambda c: totals[c])
    return best, totals[best] / min(len(loud), _DETECTION_WINDOWS)


def skipped_speech(segments: Sequence[Segment], audio: np.ndarray) -> list[tuple[float, float]]:
    """Stretches of `audio` (seconds) that no decoded word covers but where Silero hears speech.

    Only gaps of `_UNDECODED_SECONDS` or more are checked (a pause is not a skip). In a gap, speech
    closer than that is one stretch, kept when it holds `_SKIPPED_SPEECH_SECONDS` of speech, with
    a margin within the gap.
    """
    length = len(audio) / SAMPLE_RATE
    out: list[tuple[float, float]] = []
    covered = 0.0
    for start, end in [*sorted((w.start, w.end) for s in segments for w in (s.words or [s])), (length, length)]:
        if start - covered >= _UNDECODED_SECONDS:
            stretches: list[list[tuple[float, float]]] = []
            for chunk in _speech(audio, covered, start):
                if stretches and chunk[0] - stretches[-1][-1][1] < _UNDECODED_SECONDS:
                    stretches[-1].append(chunk)
                else:
                    stretches.append([chunk])
            out += [
                (max(covered, run[0][0] - _MARGIN), min(start, run[-1][1] + _MARGIN))
                for run in stretches
                if sum(b - a for a, b in run) >= _SKIPPED_SPEECH_SECONDS
            ]
        covered = max(covered, end)
    return out


def _speech(audio: np.ndarray, begin: float, end: float) -> list[tuple[float, float]]:
    """Silero's speech stretches between `begin` and `end`, judged in short pieces each with a fresh
    state: over a long noisy stretch its state drifts and it misses the speech that follows (the
    same fact videokit.media.detect works around)."""
    from faster_whisper.vad import VadOptions, get_speech_timestamps  # the Silero model videokit.media.detect uses

    found: list[tuple[float, float]] = []
    at = begin
    while at < end:
        piece = audio[round(at * SAMPLE_RATE) : round(min(end, at + _VAD_PIECE_SECONDS) * SAMPLE_RATE)]
        chunks = get_speech_timestamps(piece, VadOptions(min_silence_duration_ms=500, speech_pad_ms=100))
        found += [(at + c["start"] / SAMPLE_RATE, at + c["end"] / SAMPLE_RATE) for c in chunks]
        at += _VAD_PIECE_SECONDS
    return found


def glossary_prompt(terms: Sequence[str]) -> str | None:
    """The glossary as Whisper's hotwords, written as a sentence. Whisper copies its prompt's style:
    a bare lower-case list ("hypertension artérielle, tensiomètre") makes it drop every capital
    and full stop of the talk, which leaves captions unreadable and the talk without sentences
    to put chapters on."""
    text = ", ".join(t.strip() for t in terms if t.strip())
    return f"{text[:1].upper()}{text[1:]}." if text else None


def _tail(segments: list[Segment]) -> str | None:
    text = " ".join(s.text.strip() for s in segments[-5:])
    return text[-_PROMPT_CHARS:] or None


def _shift(segment: Segment, offset: float) -> Segment:
    if not offset:
        return segment
    words = tuple(dataclasses.replace(w, start=w.start + offset, end=w.end + offset) for w in segment.words)
    return dataclasses.replace(segment, start=segment.start + offset, end=segment.end + offset, words=words)
