"""Reading a channel's Analytics: daily views, watch time and subscribers, traffic sources, and the
YouTube search terms that brought viewers.

The Analytics API has its own quota (recorded at 0 units in the ledger). Its days are Pacific
days, as YouTube reports them; sandbox numbers carry "simulated": true from the server.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the Google client libraries load only when a session is made
    from videokit.youtube.session import YouTubeSession


DAILY_METRICS = "views,estimatedMinutesWatched,averageViewDuration,subscribersGained"
SEARCH_TERMS_MAX = 25  # the most the Analytics API returns for search terms


@dataclass(frozen=True)
class DailyStats:
    day: date
    views: int
    minutes: float
    avg_view_duration: float  # seconds
    subscribers: int  # gained that day (net)


def daily_stats(session: YouTubeSession, start: date, end: date, video_id: str = "") -> list[DailyStats]:
    """Views, minutes watched, average view duration and subscribers gained per day, for the
    channel or (one query each, as the Analytics API requires) for one video."""
    query: dict[str, Any] = {"metrics": DAILY_METRICS, "dimensions": "day", "sort": "day"}
    if video_id:
        query["filters"] = f"video=={video_id}"
    return [
        DailyStats(
            day=date.fromisoformat(row["day"]),
            views=int(row["views"]),
            minutes=float(row["estimatedMinutesWatched"]),
            avg_view_duration=float(row["averageViewDuration"]),
            subscribers=int(row["subscribersGained"]),
        )
        for row in _report(session, start, end, **query)
    ]


def traffic_sources(session: YouTubeSession, start: date, end: date) -> dict[str, int]:
    """Views by traffic source type ("YT_SEARCH", "SUGGESTED"...), most first."""
    rows = _report(session, start, end, metrics="views", dimensions="insightTrafficSourceType", sort="-views")
    return {row["insightTrafficSourceType"]: int(row["views"]) for row in rows}


def search_terms(
    session: YouTubeSession, start: date, end: date, limit: int = SEARCH_TERMS_MAX, video_id: str = ""
) -> list[tuple[str, int]]:
    """The YouTube search queries that brought views to the channel (or to one video), most first
    (at most 25, YouTube's cap)."""
    filters = "insightTrafficSourceType==YT_SEARCH" + (f";video=={video_id}" if video_id else "")
    rows = _report(
        session,
        start,
        end,
        metrics="views",
        dimensions="insightTrafficSourceDetail",
        filters=filters,
        maxResults=min(limit, SEARCH_TERMS_MAX),
        sort="-views",
    )
    return [(row["insightTrafficSourceDetail"], int(row["views"])) for row in rows]


def totals(session: YouTubeSession, start: date, end: date) -> tuple[int, float]:
    """The channel's views and minutes watched from `start` to `end` (one row, no dimension)."""
    rows = _report(session, start, end, metrics="views,estimatedMinutesWatched")
    return (int(rows[0]["views"]), float(rows[0]["estimatedMinutesWatched"])) if rows else (0, 0.0)


def _report(session: YouTubeSession, start: date, end: date, **query: Any) -> list[dict[str, Any]]:
    """One reports.query as a list of {column: value} rows."""
    request = session.analytics.reports().query(
        ids="channel==MINE", startDate=start.isoformat(), endDate=end.isoformat(), **query
    )
    reply = session.execute(request, "reports.query")
    names = [h["name"] for h in reply.get("columnHeaders", [])]
    return [dict(zip(names, row)) for row in reply.get("rows") or []]
