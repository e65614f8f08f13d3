"""faster-whisper (CTranslate2): the CPU default, int8, segments streamed from its generator."""

from __future__ import annotations

import os
from collections.abc import Iterator

import numpy as np

from videokit.speech.models import ResolvedModel
from videokit.speech.options import TranscribeOptions
from videokit.speech.types import Segment, Word

# Intel MKL, CTranslate2's GEMM on Intel CPUs, picks its kernels by how the buffers happen to be
# aligned unless asked to be strict: the same audio was heard differently depending on what the
# process had allocated before (a speech test passing alone failed within the whole suite).
# Strict mode took the same time on a 3-minute talk; read by MKL at its first call, so set before
# any model runs, and a user's own MKL_CBWR wins.
os.environ.setdefault("MKL_CBWR", "AUTO,STRICT")
_SEED = 0  # the temperature fallback samples: one seed, so a run can be reproduced


class FasterWhisper:
    name = "faster-whisper"

    def __init__(self, model: ResolvedModel, options: TranscribeOptions) -> None:
        import ctranslate2
        from faster_whisper import WhisperModel

        # each model's decoding threads seed their sampler from it when they first sample
        ctranslate2.set_random_seed(_SEED)
        self.options = options
        # faster-whisper streams segments, so one window can be long: the window only bounds memory.
        self.window_seconds = options.window_seconds
        self.model = WhisperModel(
            str(model.path),
            device=options.device,
            compute_type=options.compute_type,
            cpu_threads=options.cpu_threads,
            local_files_only=True,
        )
        self.multilingual = self.model.model.is_multilingual

    def language_probs(self, audio: np.ndarray) -> dict[str, float]:
        _, _, probs = self.model.detect_language(audio=audio, language_detection_segments=1)
        return dict(probs)

    def transcribe(
        self, audio: np.ndarray, *, language: str, prompt: str | None, hotwords: str | None
    ) -> Iterator[Segment]:
        o = self.options
        segments, _ = self.model.transcribe(
            audio,
            language=language,
            beam_size=o.beam_size,
            temperature=o.temperature,
            compression_ratio_threshold=o.compression_ratio_threshold,
            log_prob_threshold=o.log_prob_threshold,
            no_speech_threshold=o.no_speech_threshold,
            condition_on_previous_text=o.condition_on_previous_text,
            initial_prompt=prompt,
            hotwords=hotwords,
            word_timestamps=True,
            vad_filter=o.vad_filter,
            multilingual=o.multilingual,
            hallucination_silence_threshold=o.hallucination_silence_threshold,
        )
        for s in segments:
            yield Segment(  # plain floats: faster-whisper hands out numpy scalars
                start=float(s.start),
                end=float(s.end),
                text=s.text,
                words=tuple(Word(float(w.start), float(w.end), w.word, float(w.probability)) for w in s.words or ()),
                avg_logprob=float(s.avg_logprob),
                no_speech_prob=float(s.no_speech_prob),
                compression_ratio=float(s.compression_ratio),
            )
