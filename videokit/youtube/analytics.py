"""Reading a channel: video statistics, the uploads list, daily Analytics, traffic and search terms.

Data API calls are batched as YouTube allows (50 ids per videos.list, 50 items per playlist
page) and go through the session's retry layer and quota ledger. Analytics days are Pacific
days, as YouTube reports them; sandbox numbers carry "simulated": true from the server.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from videokit.youtube.service import YouTubeSession

BATCH = 50
METRICS = "views,estimatedMinutesWatched,averageViewDuration,subscribersGained"


def video_statistics(session: YouTubeSession, ids: list[str]) -> dict[str, dict]:
    """videos.list (snippet, status, statistics, contentDetails) in batches of 50: {video_id: resource}."""
    out: dict[str, dict] = {}
    for i in range(0, len(ids), BATCH):
        batch = ids[i : i + BATCH]
        request = session.data.videos().list(
            part="snippet,status,statistics,contentDetails", id=",".join(batch), maxResults=BATCH
        )
        for item in session.execute(request, "videos.list").get("items", []):
            out[item["id"]] = item
    return out


def uploads_playlist(session: YouTubeSession) -> str:
    reply = session.execute(session.data.channels().list(part="contentDetails", mine=True), "channels.list")
    return reply["items"][0]["contentDetails"]["relatedPlaylists"]["uploads"]


def list_uploads(session: YouTubeSession, limit: int | None = None) -> list[dict]:
    """The channel's videos, newest first, with full details (uploads playlist, then videos.list)."""
    playlist, ids, token = uploads_playlist(session), [], None
    while limit is None or len(ids) < limit:
        request = session.data.playlistItems().list(
            part="contentDetails", playlistId=playlist, maxResults=BATCH, pageToken=token
        )
        reply = session.execute(request, "playlistItems.list")
        ids += [item["contentDetails"]["videoId"] for item in reply.get("items", [])]
        token = reply.get("nextPageToken")
        if not token:
            break
    ids = ids[:limit] if limit is not None else ids
    details = video_statistics(session, ids)
    return [details[i] for i in ids if i in details]


def report(session: YouTubeSession, start: date, end: date, **query: Any) -> list[dict[str, Any]]:
    """One reports.query as a list of {column: value} rows."""
    request = session.analytics.reports().query(
        ids="channel==MINE", startDate=start.isoformat(), endDate=end.isoformat(), **query
    )
    reply = session.execute(request, "reports.query")
    names = [h["name"] for h in reply.get("columnHeaders", [])]
    return [dict(zip(names, row)) for row in reply.get("rows") or []]


def daily_channel_stats(
    session: YouTubeSession, start: date, end: date, by_video: bool = False, video_ids: list[str] | None = None
) -> list[dict]:
    """Views, minutes, average view duration and subscribers per day: for the channel (video_id "")
    or, with by_video, per video (one filtered query per video, as the Analytics API requires)."""
    if not by_video:
        return [_daily(row, "") for row in report(session, start, end, metrics=METRICS, dimensions="day", sort="day")]
    ids = video_ids if video_ids is not None else [v["id"] for v in list_uploads(session)]
    rows = []
    for video_id in ids:
        rows += [
            _daily(row, video_id)
            for row in report(
                session, start, end, metrics=METRICS, dimensions="day", filters=f"video=={video_id}", sort="day"
            )
        ]
    return rows


def traffic_sources(session: YouTubeSession, start: date, end: date) -> dict[str, int]:
    rows = report(session, start, end, metrics="views", dimensions="insightTrafficSourceType", sort="-views")
    return {row["insightTrafficSourceType"]: int(row["views"]) for row in rows}


def search_terms(session: YouTubeSession, start: date, end: date, limit: int = 25) -> list[tuple[str, int]]:
    """The YouTube search queries that brought views (at most 25, YouTube's cap for this report)."""
    rows = report(
        session, start, end, metrics="views", dimensions="insightTrafficSourceDetail",
        filters="insightTrafficSourceType==YT_SEARCH", maxResults=min(limit, 25), sort="-views",
    )  # fmt: skip
    return [(row["insightTrafficSourceDetail"], int(row["views"])) for row in rows]


def _daily(row: dict[str, Any], video_id: str) -> dict[str, Any]:
    return {
        "day": date.fromisoformat(row["day"]),
        "video_id": video_id,
        "views": int(row["views"]),
        "minutes": float(row["estimatedMinutesWatched"]),
        "avg_view_duration": float(row["averageViewDuration"]),
        "subscribers": int(row["subscribersGained"]),
    }
