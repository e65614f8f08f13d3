"""openai-whisper (PyTorch): the reference implementation, from a downloaded or rebuilt checkpoint."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from videokit.errors import ConfigError
from videokit.speech.models import ResolvedModel
from videokit.speech.options import TranscribeOptions
from videokit.speech.types import Segment, Word


class OpenAIWhisper:
    name = "openai-whisper"
    # whisper.transcribe returns only when a window is done: short windows keep progress moving.
    window_seconds = 120.0

    def __init__(self, model: ResolvedModel, options: TranscribeOptions) -> None:
        import torch
        import whisper

        if options.vad_filter or options.multilingual:
            raise ConfigError(
                "transcribe.vad_filter / transcribe.multilingual: only the faster-whisper backend supports them; set them to false or use --backend faster-whisper"
            )
        self.options = options
        self.device = "cuda" if options.device == "auto" and torch.cuda.is_available() else options.device
        if self.device == "cpu" and options.cpu_threads:
            torch.set_num_threads(options.cpu_threads)
        self.model = whisper.load_model(str(model.path), device=self.device)
        self.multilingual = self.model.is_multilingual
        # A checkpoint loaded from a path gets the generic alignment heads; the official table
        # gives the heads word timing was tuned on.
        heads = whisper._ALIGNMENT_HEADS.get(model.name)
        if heads is not None:
            self.model.set_alignment_heads(heads)

    def language_probs(self, audio: np.ndarray) -> dict[str, float]:
        import whisper

        mel = whisper.log_mel_spectrogram(whisper.pad_or_trim(audio), self.model.dims.n_mels).to(self.device)
        _, probs = self.model.detect_language(mel)
        return dict(probs)

    def transcribe(
        self, audio: np.ndarray, *, language: str, prompt: str | None, hotwords: str | None
    ) -> Iterator[Segment]:
        import whisper

        o = self.options
        glossary_prompt = " ".join(p for p in (hotwords, prompt) if p) or None
        result = whisper.transcribe(
            self.model,
            audio,
            language=language,
            temperature=tuple(o.temperature),
            compression_ratio_threshold=o.compression_ratio_threshold,
            logprob_threshold=o.log_prob_threshold,
            no_speech_threshold=o.no_speech_threshold,
            condition_on_previous_text=o.condition_on_previous_text,
            initial_prompt=glossary_prompt,
            carry_initial_prompt=bool(hotwords),  # like faster-whisper's hotwords: the glossary stays in every prompt
            word_timestamps=True,
            hallucination_silence_threshold=o.hallucination_silence_threshold,
            beam_size=o.beam_size,
            best_of=o.beam_size,
            fp16=self.device == "cuda",
            verbose=None,
        )
        for s in result["segments"]:
            yield Segment(
                start=float(s["start"]),
                end=float(s["end"]),
                text=s["text"],
                words=tuple(
                    Word(float(w["start"]), float(w["end"]), w["word"], float(w["probability"]))
                    for w in s.get("words", ())
                ),
                avg_logprob=float(s["avg_logprob"]),
                no_speech_prob=float(s["no_speech_prob"]),
                compression_ratio=float(s["compression_ratio"]),
            )
