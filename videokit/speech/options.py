"""Validated options for transcription and captions."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator


class TranscribeOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")

    backend: Literal["faster-whisper", "openai-whisper"] = "faster-whisper"
    model: str = "base"  # tiny|base|small|medium|large-v3 or a path
    device: Literal["cpu", "cuda", "auto"] = "cpu"
    compute_type: Literal["int8", "float16", "float32", "default"] = "int8"
    language: Literal["auto", "fr", "en"] = "auto"
    # With language "auto", detection only chooses among these (a French doctor is never Polish).
    candidate_languages: list[str] = Field(default_factory=lambda: ["fr", "en"], min_length=1)
    beam_size: int = Field(5, ge=1, le=10)
    vad_filter: bool = False  # Silero alone drops speech after long noisy gaps (corpus fact)
    multilingual: bool = False  # faster-whisper only: re-detect the language every 30 s
    cpu_threads: int = Field(0, ge=0, description="0 = all cores")
    glossary: list[str] = Field(default_factory=list)
    glossary_similarity: float = Field(0.84, ge=0.5, le=1.0, description="minimum similarity for a post-correction")
    # Guards against loops and text invented over silence or music (Whisper's own fallbacks).
    temperature: list[float] = Field(default_factory=lambda: [0.0, 0.2, 0.4, 0.6, 0.8, 1.0], min_length=1)
    compression_ratio_threshold: float | None = Field(2.4, gt=1)
    log_prob_threshold: float | None = -1.0
    no_speech_threshold: float | None = Field(0.6, ge=0, le=1)
    condition_on_previous_text: bool = True  # turned off after a fallback (prompt reset), see backends
    # Off by default: on apollo11.mp3 it re-decoded for minutes and dropped real speech.
    hallucination_silence_threshold: float | None = Field(None, gt=0)
    # Audio is decoded and transcribed in windows of about this length: bounded memory on long inputs
    # (feature extraction alone takes ~230 MB per 300 s window; a 1-hour file in one piece, ~2.5 GB).
    window_seconds: float = Field(300.0, ge=10, le=3600)

    @field_validator("candidate_languages")
    @classmethod
    def _codes(cls, v: list[str]) -> list[str]:
        for code in v:
            if not code.isalpha() or not 2 <= len(code) <= 3 or code != code.lower():
                raise ValueError(f"{code!r} is not a Whisper language code such as 'fr' or 'en'")
        return v


class CaptionOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")

    max_line_chars: int = Field(42, ge=16, le=80)
    max_lines: int = Field(2, ge=1, le=3)
    min_duration: float = Field(1.0, ge=0.2)
    max_duration: float = Field(7.0, le=20)
    max_cps: float = Field(20.0, ge=5)
    max_pause: float = Field(1.0, ge=0.2, le=5, description="a longer pause between words always ends the cue")
    min_gap: float = Field(0.04, ge=0, le=0.5, description="blank time between consecutive cues (about one frame)")
