"""Validated options for the media stage (trim, render, thumbnails)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class TrimOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")

    margin: float = Field(0.2, ge=0, le=2, description="seconds kept before and after speech")
    min_pause: float = Field(0.6, ge=0.1, le=10, description="shorter pauses are kept")
    min_keep: float = Field(0.3, ge=0, le=5, description="shorter speech islands are dropped")
    detector: Literal["auto", "vad", "energy"] = "auto"
    energy_threshold_db: float = Field(-35.0, le=0)
    cut: list[tuple[float, float]] = Field(default_factory=list, description="ranges always removed")
    keep: list[tuple[float, float]] = Field(default_factory=list, description="ranges always kept")
    remove_fillers: bool = False
    # encoder settings for the frames that must be re-encoded (smart-cut heads/tails, or everything)
    crf: int = Field(18, ge=0, le=51)
    preset: Literal["ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow"] = "veryfast"
    force_reencode: bool = Field(False, description="skip smart cut and re-encode every frame")


class RenderOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")

    burn_captions: bool = False
    loudness_lufs: float = Field(-14.0, ge=-30, le=-5)
    true_peak_db: float = Field(-1.0, ge=-9, le=0)
    crf: int = Field(20, ge=0, le=51)
    preset: Literal["ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow"] = "veryfast"
    intro: Path | None = None
    outro: Path | None = None
    logo: Path | None = None
    logo_corner: Literal["top-left", "top-right", "bottom-left", "bottom-right"] = "top-right"
