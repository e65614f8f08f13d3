"""Growth metrics from tracking data: the figures a client report shows, computed once.

Days are the Analytics API's days (Pacific time). A video's cumulative views come from its Analytics daily
rows when tracking backfilled them, else from its snapshots interpolated linearly (with zero
views at publication), so a video tracked only by snapshots still gets milestones.
"""

from __future__ import annotations

import bisect
import statistics
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Any

from videokit.reports.data import ClientData, Video
from videokit.reports.insights import Readiness, SearchInsights, VideoText, fold, search_insights, significant
from videokit.reports.options import ReportsOptions
from videokit.store.stats import Snapshot
from videokit.youtube.quota import PACIFIC

# (label, days): the publication day counts as day 1, so "48h" is the first two days.
MILESTONES: tuple[tuple[str, int], ...] = (("48h", 2), ("7d", 7), ("28d", 28))
SEARCH_SOURCE = "YT_SEARCH"
# YouTube changed how views are counted on these days; charts mark them so a step is not misread.
VIEW_COUNT_CHANGES: tuple[tuple[date, str], ...] = ((date(2025, 3, 31), "shorts"), (date(2026, 8, 27), "all"))
LOW_SEARCH_SHARE = 0.20
STRONG_RATIO = 1.5


@dataclass(frozen=True)
class DailyPoint:
    day: date
    views: int
    average: float  # trailing moving average (shorter at the start of the data)
    in_period: bool


@dataclass(frozen=True)
class Summary:
    start: date
    end: date
    days: int
    views: int
    previous_views: int
    growth: float | None  # views vs the previous period of the same length; None when it had none
    watch_hours: float
    subscribers: int
    avg_view_seconds: float
    new_videos: int
    average_days: int  # moving-average window of the daily chart
    search_share: float | None
    top_term: str | None


@dataclass(frozen=True)
class VideoGrowth:
    video_id: str
    title: str
    published_at: datetime
    published_day: date  # Pacific, as Analytics counts days
    age_days: int  # days with data since publication, the publication day included
    total_views: int | None  # the public counter from the latest snapshot (or the Analytics sum)
    period_views: int
    previous_views: int
    milestones: dict[str, int | None]  # views after 48 h / 7 / 28 days; None until the video is that old
    vs_median: float | None  # views at its age / median of the channel's other videos at that age
    likes: int | None
    comments: int | None
    spark: list[int]  # daily views over the period

    @property
    def gain(self) -> int:
        return self.period_views - self.previous_views


@dataclass(frozen=True)
class TermRow:
    term: str
    views: int
    share: float  # of all search-term views in the traffic window
    keywords: list[str]  # the videos' derived keywords this term matches
    topical: bool = True  # False when the term has only filler words ("qu'il faut")


@dataclass(frozen=True)
class KeywordRow:
    keyword: str
    views: int  # views of the search terms it matches
    video_ids: list[str]


@dataclass(frozen=True)
class Advice:
    code: str  # key in the language catalogue
    params: dict[str, Any] = field(default_factory=dict)


@dataclass
class Growth:
    client: str
    summary: Summary
    daily: list[DailyPoint]  # the period and the one before it, for the chart
    videos: list[VideoGrowth]  # most viewed in the period first
    movers: list[VideoGrowth]
    sources: dict[str, int]
    terms: list[TermRow]
    keywords: list[KeywordRow]
    markers: list[tuple[date, str]]  # view-counting changes inside the chart's range
    publications: list[date]  # days a video was published, inside the chart's range
    advice: list[Advice]
    traffic_end: date | None = None
    traffic_days: int = 0
    search: SearchInsights = field(default_factory=SearchInsights)
    readiness: Readiness | None = None  # needs the client's profile: set by the report


class Curve:
    """A video's cumulative views at the end of each day.

    Analytics daily rows give the exact shape up to their last day; after it (or without them)
    the public counter of the snapshots, interpolated linearly, carries the curve on.
    """

    def __init__(self, video: Video, daily: dict[date, int] | None, snapshots: list[Snapshot]):
        self.video = video
        self.snapshots = snapshots
        self._days = sorted(daily) if daily else []
        self._sums: list[int] = []
        total = 0
        for day in self._days:
            total += daily[day]  # type: ignore[index]
            self._sums.append(total)
        if self._days:  # continue from the end of the last Analytics day
            anchor = (_end_of(self._days[-1]), float(total))
        else:
            anchor = (video.published_at.timestamp(), 0.0)
        later = [
            (s.taken_at.timestamp(), max(float(s.views), anchor[1]))
            for s in snapshots
            if s.taken_at.timestamp() > anchor[0]
        ]
        self._points = [anchor, *later]
        self._xs = [x for x, _ in self._points]

    @property
    def last_day(self) -> date | None:
        """The last day whose end the curve knows."""
        if len(self._points) > 1:
            return datetime.fromtimestamp(self._points[-1][0], PACIFIC).date() - timedelta(days=1)
        return self._days[-1] if self._days else None

    def cumulative(self, day: date) -> float | None:
        """Views from publication to the end of `day`; None when the data does not reach it."""
        if day < self.video.published_day:
            return 0.0
        if self._days and day <= self._days[-1]:
            i = bisect.bisect_right(self._days, day)
            return float(self._sums[i - 1]) if i else 0.0
        at = _end_of(day)
        if at > self._xs[-1]:
            return None
        i = max(bisect.bisect_left(self._xs, at), 1)
        (x0, y0), (x1, y1) = self._points[i - 1], self._points[i]
        return y0 + (y1 - y0) * (at - x0) / (x1 - x0) if x1 > x0 else y1

    def between(self, first: date, last: date) -> int:
        """Views from the start of `first` to the end of `last` (what the data covers of it)."""
        end = self._known(last)
        start = self._known(first - timedelta(days=1))
        return round(end - start) if end is not None and start is not None else 0

    def _known(self, day: date) -> float | None:
        value = self.cumulative(day)
        if value is None and self.last_day is not None:
            value = self.cumulative(min(day, self.last_day))
        return value

    def daily(self, days: list[date]) -> list[int]:
        values = [self._known(d) for d in [days[0] - timedelta(days=1), *days]]
        return [max(0, round((b or 0) - (a or 0))) for a, b in zip(values, values[1:])]

    @property
    def total(self) -> int | None:
        if self.snapshots:
            return self.snapshots[-1].views
        return self._sums[-1] if self._sums else None


def compute_growth(
    data: ClientData, options: ReportsOptions, period_days: int | None = None, until: date | None = None
) -> Growth:
    """All report figures for one client over the `period_days` ending `until` (default: the last day with data)."""
    period_days = period_days or options.period_days
    curves = {
        v.video_id: Curve(v, data.video_daily.get(v.video_id), data.snapshots.get(v.video_id, [])) for v in data.videos
    }
    until = until or _last_day(data, curves)
    start = until - timedelta(days=period_days - 1)
    chart_days = [start - timedelta(days=period_days - i) for i in range(2 * period_days)]
    channel = _channel_views(data, curves, chart_days)
    daily = _with_average(chart_days, channel, options.moving_average_days, start)

    everyone = [_video_growth(c, start, until) for c in curves.values() if c.video.published_day <= until]
    everyone.sort(key=lambda g: (-g.period_views, -(g.total_views or 0), g.video_id))
    # The median comparison costs a pass over the channel per video: only for the rows shown.
    oldest = sorted(((g.age_days, g.video_id) for g in everyone), reverse=True)[:2]
    videos = [replace(g, vs_median=_vs_median(curves, g, _peer_age(g, oldest))) for g in everyone[: options.max_videos]]
    movers = sorted((g for g in everyone if g.gain > 0), key=lambda g: (-g.gain, g.video_id))[: options.top_movers]

    period = [p for p in daily if p.in_period]
    views = sum(p.views for p in period)
    previous = sum(p.views for p in daily if not p.in_period)
    stats = [data.channel_daily[p.day] for p in period if p.day in data.channel_daily]
    watched = sum(s.views for s in stats)
    search_share = (
        data.sources.get(SEARCH_SOURCE, 0) / sum(data.sources.values()) if sum(data.sources.values()) else None
    )
    terms, keywords = _search(data, options.top_terms)
    summary = Summary(
        start=start,
        end=until,
        days=period_days,
        views=views,
        previous_views=previous,
        growth=(views - previous) / previous if previous else None,
        watch_hours=sum(s.minutes for s in stats) / 60,
        subscribers=sum(s.subscribers for s in stats),
        avg_view_seconds=sum(s.avg_view_duration * s.views for s in stats) / watched if watched else 0.0,
        new_videos=sum(1 for g in everyone if start <= g.published_day <= until),
        average_days=options.moving_average_days,
        search_share=search_share,
        top_term=next((t.term for t in terms if t.topical), None),
    )
    markers = [(day, kind) for day, kind in VIEW_COUNT_CHANGES if chart_days[0] <= day <= chart_days[-1]]
    publications = sorted({g.published_day for g in everyone} & set(chart_days))
    growth = Growth(
        data.client,
        summary,
        daily,
        videos,
        movers,
        data.sources,
        terms,
        keywords,
        markers,
        publications,
        [],
        data.traffic_end,
        data.traffic_days,
        search_insights(data.search_terms, video_texts(data), data.video_terms, options.top_terms),
    )
    growth.advice = advise(growth)
    return growth


def video_texts(data: ClientData) -> list[VideoText]:
    return [VideoText(v.video_id, v.title, v.keywords) for v in data.videos]


def advise(growth: Growth) -> list[Advice]:
    """What to do next, most useful first; each item names its evidence."""
    s = growth.summary
    out: list[Advice] = []
    if s.new_videos == 0:
        out.append(Advice("publish_more", {"days": s.days}))
    best = max((g for g in growth.videos if g.vs_median), key=lambda g: g.vs_median or 0, default=None)
    if best and best.vs_median and best.vs_median >= STRONG_RATIO:
        out.append(Advice("follow_up", {"title": best.title, "ratio": best.vs_median}))
    if growth.search.topics:
        topic = growth.search.topics[0]
        out.append(Advice("new_topic", {"term": topic.topic, "views": topic.views}))
    if growth.search.fixes:
        fix = growth.search.fixes[0]
        out.append(
            Advice("fix_terms", {"term": fix.term, "views": fix.views, "title": fix.title, "video": fix.video_id})
        )
    working = [k for k in growth.keywords if k.views > 0]
    if working:
        out.append(Advice("keep_keyword", {"keyword": working[0].keyword, "views": working[0].views}))
    if s.search_share is not None and s.search_share < LOW_SEARCH_SHARE:
        out.append(Advice("improve_search", {"share": s.search_share}))
    if s.growth is not None and s.growth < -0.10:
        out.append(Advice("decline", {"growth": s.growth}))
    if not out:
        out.append(Advice("steady", {}))
    return out


def median_at_age(curves: dict[str, Curve], exclude: str, age_days: int) -> float | None:
    """Median views after `age_days` days of the channel's other videos that old."""
    values = []
    for vid, curve in curves.items():
        if vid == exclude:
            continue
        value = curve.cumulative(curve.video.published_day + timedelta(days=age_days - 1))
        if value is not None:
            values.append(value)
    return statistics.median(values) if values else None


def _video_growth(curve: Curve, start: date, until: date) -> VideoGrowth:
    video = curve.video
    last = min(until, curve.last_day or until)
    age = max(0, (last - video.published_day).days + 1)
    milestones = {
        label: _round(curve.cumulative(video.published_day + timedelta(days=n - 1))) if n <= age else None
        for label, n in MILESTONES
    }
    days = (until - start).days + 1
    period = [start + timedelta(days=i) for i in range(days)]
    previous_start = start - timedelta(days=days)
    snap = curve.snapshots[-1] if curve.snapshots else None
    return VideoGrowth(
        video_id=video.video_id,
        title=video.title,
        published_at=video.published_at,
        published_day=video.published_day,
        age_days=age,
        total_views=curve.total,
        period_views=curve.between(start, until),
        previous_views=curve.between(previous_start, start - timedelta(days=1)),
        milestones=milestones,
        vs_median=None,
        likes=snap.likes if snap else None,
        comments=snap.comments if snap else None,
        spark=curve.daily(period),
    )


def _peer_age(g: VideoGrowth, oldest: list[tuple[int, str]]) -> int:
    """The age to compare at: the video's own, or the oldest other video's when none is that old yet."""
    others = [age for age, vid in oldest if vid != g.video_id]
    return min(g.age_days, others[0]) if others else 0


def _vs_median(curves: dict[str, Curve], g: VideoGrowth, age: int) -> float | None:
    if not age:
        return None
    curve = curves[g.video_id]
    mine = curve.cumulative(curve.video.published_day + timedelta(days=age - 1))
    median = median_at_age(curves, g.video_id, age)
    return mine / median if mine is not None and median else None


def _channel_views(data: ClientData, curves: dict[str, Curve], days: list[date]) -> list[int]:
    if data.channel_daily:
        return [data.channel_daily[d].views if d in data.channel_daily else 0 for d in days]
    per_video = [c.daily(days) for c in curves.values()]
    return [sum(col) for col in zip(*per_video)] if per_video else [0] * len(days)


def _with_average(days: list[date], views: list[int], window: int, start: date) -> list[DailyPoint]:
    out = []
    for i, (day, value) in enumerate(zip(days, views)):
        recent = views[max(0, i - window + 1) : i + 1]
        out.append(DailyPoint(day, value, sum(recent) / len(recent), day >= start))
    return out


def _last_day(data: ClientData, curves: dict[str, Curve]) -> date:
    if data.channel_daily:
        return max(data.channel_daily)
    known = [c.last_day for c in curves.values() if c.last_day]
    return max(known) if known else datetime.now(PACIFIC).date()


def _search(data: ClientData, top: int) -> tuple[list[TermRow], list[KeywordRow]]:
    """Match YouTube search terms to the videos' derived keywords: which keywords bring viewers."""
    total = sum(data.search_terms.values())
    by_keyword: dict[str, tuple[str, set[str]]] = {}  # folded -> (as written, video ids)
    for v in data.videos:
        for k in v.keywords:
            by_keyword.setdefault(fold(k), (k, set()))[1].add(v.video_id)
    keyword_views = dict.fromkeys(by_keyword, 0)
    terms = []
    for term, views in sorted(data.search_terms.items(), key=lambda kv: (-kv[1], kv[0])):
        matched = [folded for folded in by_keyword if _matches(folded, term)]
        for folded in matched:
            keyword_views[folded] += views
        row = TermRow(
            term,
            views,
            views / total if total else 0.0,
            sorted(by_keyword[f][0] for f in matched),
            bool(significant(term)),
        )
        terms.append(row)
    keywords = [KeywordRow(by_keyword[f][0], n, sorted(by_keyword[f][1])) for f, n in keyword_views.items()]
    keywords.sort(key=lambda k: (-k.views, k.keyword))
    return terms[:top], keywords


def _matches(keyword: str, term: str) -> bool:
    """A keyword brings a term when every significant word of one is in the other (as insights match them)."""
    kw, tw = significant(keyword), significant(term)
    return bool(kw and tw) and (kw <= tw or tw <= kw)


def _end_of(day: date) -> float:
    return datetime.combine(day + timedelta(days=1), time(), PACIFIC).timestamp()


def _round(value: float | None) -> int | None:
    return None if value is None else round(value)
