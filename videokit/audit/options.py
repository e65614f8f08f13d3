"""Validated options for the channel audit and its repairs."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class AuditOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # Analytics window for the channel-level facts (traffic sources, search terms).
    analytics_days: int = Field(28, ge=7, le=365)
    top_terms: int = Field(10, ge=1, le=25)  # the Analytics API returns at most 25 search terms
    # How much of a defect's missing points a repair is expected to recover, by who repairs it:
    # `audit fix` from a transcript, a person editing by hand, or nothing videokit can do.
    fixability_auto: float = Field(1.0, ge=0, le=1)
    fixability_manual: float = Field(0.4, ge=0, le=1)
    # Views at stake: the audience a video is expected to get over this many days.
    horizon_days: int = Field(365, ge=30, le=3650)
    # A transcript shorter than this says too little to derive a title or a description from.
    min_transcript_words: int = Field(30, ge=5)
    # Caption tracks the audit fix may download to derive metadata (captions.download is 200 units).
    download_captions: bool = True
