"""Validated options for tracking and client reports."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field


class ReportsOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # Tracking
    min_snapshot_minutes: int = Field(60, ge=0, description="a video snapshotted more recently is skipped (cron-safe)")
    backfill_days: int = Field(90, ge=1, le=3650, description="how far back the first pass fetches daily history")
    analytics_lag_days: int = Field(
        3, ge=0, le=14, description="recent days re-fetched: YouTube finalises analytics late"
    )
    video_history_days: int = Field(
        35, ge=0, le=3650, description="per-video daily history is kept fresh this long after publishing"
    )
    histories_per_pass: int = Field(
        50,
        ge=0,
        description="per-video Analytics queries in one pass (one each, newest videos first); the rest wait for the next pass",
    )
    search_videos: int = Field(
        20, ge=0, le=500, description="videos whose own search terms are fetched each day (one Analytics query each)"
    )
    # Reports
    period_days: int = Field(30, ge=1, le=366)
    moving_average_days: int = Field(7, ge=1, le=60)
    max_videos: int = Field(30, ge=1, le=500, description="rows in the videos table (most viewed in the period first)")
    top_terms: int = Field(10, ge=1, le=50)
    top_movers: int = Field(3, ge=1, le=10)
    chromium: Path = Path("/usr/bin/chromium")
    pdf_timeout: float = Field(120.0, gt=0)
    health: HealthFeatures = Field(default_factory=lambda: HealthFeatures())


class HealthFeatures(BaseModel):
    """YouTube's health features (the "licensed healthcare professional" label and the "from health
    sources" shelf): the thresholds of its application (support.google.com/youtube/answer/12796915)."""

    model_config = ConfigDict(extra="forbid")

    watch_hours: int = Field(
        4000, ge=0, description="valid public watch hours in the last 12 months (2,000 at the 2022 US launch)"
    )
    health_share: float = Field(
        0.75,
        ge=0,
        le=1,
        description="share of the channel's videos on health: YouTube asks for a health-focused channel",
    )
    countries: list[str] = Field(
        default_factory=lambda: ["AU", "BR", "CA", "DE", "ES", "FR", "GB", "ID", "IN", "JP", "KR", "MX", "US"],
        description="countries/regions where the features exist (ISO 3166 codes)",
    )
