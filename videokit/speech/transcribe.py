"""Media file to Transcript: resolve the model, stream the audio in windows, detect the language,
decode, guard against invented text, apply the client glossary."""

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
        for segment in backend.transcribe(audio, language=language, prompt=prompt, hotwords=hotwords):
            segments.append(_shift(segment, offset))
            report(offset + segment.end)
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
