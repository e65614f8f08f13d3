"""Validated settings for talking to YouTube: endpoints, upload chunks, quota budget, retry policy."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator


class YouTubeSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    sandbox_url: str | None = None  # None: videokit starts the sandbox in-process when needed
    chunk_size: int = Field(8 * 1024 * 1024, ge=256 * 1024)  # multiple of 256 KiB, as Google asks
    client_secrets: Path | None = None  # Google OAuth "installed app" client file
    daily_units: int = Field(10_000, ge=1)
    daily_uploads: int = Field(100, ge=1)
    # One retry layer (videokit.youtube.retry): attempts per call, and per upload chunk (a fresh budget each).
    attempts: int = Field(6, ge=1, le=20)
    initial_wait: float = Field(1.0, gt=0)  # seconds; capped exponential backoff with full jitter
    max_wait: float = Field(32.0, gt=0)
    timeout: float = Field(120.0, gt=0)  # socket timeout of one request: a stalled server never hangs a job
    processing_wait: float = Field(60.0, ge=0)  # how long publish polls processing status before reporting
    poll_interval: float = Field(5.0, gt=0)

    @field_validator("chunk_size")
    @classmethod
    def _chunk(cls, v: int) -> int:
        if v % (256 * 1024):
            raise ValueError("must be a multiple of 262144 (256 KiB)")
        return v


class ShortUploadOptions(BaseModel):
    """When a Short goes out: after the full video it leads to."""

    model_config = ConfigDict(extra="forbid")

    after_hours: float = Field(24.0, ge=1, le=24 * 30, description="hours after the full video's scheduled publication")
