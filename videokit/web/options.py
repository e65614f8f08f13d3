"""Options of the web app (`[web]` in config.toml)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class WebOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")

    host: str = "127.0.0.1"  # loopback: put a TLS reverse proxy in front to reach it from elsewhere (README)
    port: int = Field(8080, ge=1, le=65535)
    session_hours: float = Field(12.0, gt=0, le=24 * 30)
    # Behind an HTTPS reverse proxy: cookies only over HTTPS, and browsers told to stay on HTTPS (HSTS).
    https: bool = False
    login_attempts: int = Field(5, ge=1, description="failed logins allowed per address and per account")
    login_window_minutes: float = Field(15.0, gt=0)
