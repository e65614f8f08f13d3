"""Validated options for the media stage (trim, render, thumbnails)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SHORT_MAX_SECONDS = 180.0  # YouTube's longest Short (since 15 October 2024)


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


class ShortOptions(RenderOptions):
    """A Short: the render settings and its length."""

    seconds: float = Field(
        60.0,
        ge=15,
        le=SHORT_MAX_SECONDS,
        description="longest Short cut; YouTube takes vertical Shorts up to 3 minutes",
    )


class VisualCheckOptions(BaseModel):
    """What is shown on screen: frame sampling, faces other than the practitioner's, on-screen text."""

    model_config = ConfigDict(extra="forbid")

    interval: float = Field(
        2.0, ge=0.2, le=30, description="seconds between sampled frames (scene changes are sampled too)"
    )
    scene_threshold: float = Field(
        0.12, gt=0, le=1, description="mean change of a colour thumbnail (0..1) that counts as a cut"
    )
    max_side: int = Field(1280, ge=320, le=3840, description="longer side of the analysed frame, in pixels")
    faces: bool = True
    text: bool = True
    face_tolerance: float = Field(
        0.6, gt=0.2, lt=1.0, description="descriptor distance under which two faces are the same person"
    )
    face_severity: Literal["block", "warn"] = (
        "block"  # a patient's face needs written consent: block unless blurred or overridden
    )
    ocr_languages: list[Literal["fr", "en"]] = Field(
        default_factory=list,
        # identifiers (numbers, names, dates) read the same in either model; a second language costs
        # Tesseract 40-75 % more on every frame, because it re-reads each doubtful word with it
        description="Tesseract languages for on-screen text; empty: the video's language only",
    )
