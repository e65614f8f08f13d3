"""`make_report`: one client's growth over a period, as a self-contained HTML page or an A4 PDF."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from videokit.config import Settings
from videokit.errors import InputError
from videokit.reports.data import load_client
from videokit.reports.insights import Readiness, SearchInsights, readiness
from videokit.reports.metrics import Growth, compute_growth, video_texts
from videokit.reports.pdf import PageFormat, write_page
from videokit.reports.render import render_html
from videokit.store import Store


@dataclass(frozen=True)
class ReportResult:
    path: Path
    format: str
    client: str
    lang: str
    start: date
    end: date
    views: int
    growth: float | None
    videos: int
    bytes: int
    search: SearchInsights | None = None
    readiness: Readiness | None = None


def report_language(settings: Settings, client: str | None, lang: str | None) -> str:
    """The language asked for, else the client's; French when the client's is "auto" (most footage is)."""
    chosen = lang or settings.client(client).language
    return chosen if chosen in ("fr", "en") else "fr"


def build_growth(
    settings: Settings, store: Store, client: str | None, period_days: int | None = None, until: date | None = None
) -> Growth:
    """The figures of one client's report, from the tracking data in the store."""
    profile = settings.client(client)
    data = load_client(store, profile.name, until)
    if not data.videos and not data.channel_daily:
        raise InputError(
            f"{store.url}: no tracking data for client {profile.name!r}; run 'videokit track --client {profile.name}' first"
        )
    growth = compute_growth(data, settings.reports, period_days, until)
    growth.readiness = readiness(video_texts(data), data.year_minutes, profile, settings.reports.health)
    return growth


def make_report(
    settings: Settings,
    store: Store,
    client: str | None,
    output: Path,
    fmt: PageFormat = "html",
    period_days: int | None = None,
    lang: str | None = None,
    until: date | None = None,
) -> ReportResult:
    """Write the report for `client` to `output` (HTML or PDF) and say what it shows."""
    profile = settings.client(client)
    language = report_language(settings, profile.name, lang)
    growth = build_growth(settings, store, profile.name, period_days, until)
    html = render_html(growth, profile.display_name or profile.name, language, datetime.now(UTC).date())
    output = write_page(html, output, fmt, settings.reports)
    s = growth.summary
    return ReportResult(
        output,
        fmt,
        profile.name,
        language,
        s.start,
        s.end,
        s.views,
        s.growth,
        len(growth.videos),
        output.stat().st_size,
        growth.search,
        growth.readiness,
    )
