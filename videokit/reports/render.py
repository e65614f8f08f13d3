"""Growth figures to one self-contained HTML page (inline CSS and SVG, no script, no request).

Jinja2 autoescapes every value, so a title like `<script>` shows as text; a Content-Security-
Policy meta tag forbids any request the page could still try to make.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import jinja2

from videokit.reports import charts
from videokit.reports.catalog import Catalog
from videokit.reports.metrics import Advice, Growth, VideoGrowth

_ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("videokit.reports", "templates"),
    autoescape=True,  # every template and every value: YouTube titles may hold markup
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
FLAT = 0.02  # a change under 2 % is "steady"
KEYWORD_CHIPS = 8


def render_template(name: str, context: dict[str, Any]) -> str:
    """One of the report templates (templates/NAME), autoescaped, with the report's styles to include."""
    return _ENV.get_template(name).render(context)


def render_html(growth: Growth, client_name: str, lang: str, today: date) -> str:
    """The report page for one client's growth, in `lang` ("fr" or "en")."""
    c = Catalog(lang)
    s = growth.summary
    markers = [c.t(f"marker_{kind}") + f" ({c.day(day, year=True)})" for day, kind in growth.markers]
    context: dict[str, Any] = {
        "lang": lang,
        "t": c.t,
        "client_name": client_name,
        "period": c.t("period", start=c.day(s.start, year=True), end=c.day(s.end, year=True)),
        "headline": headline(growth, c),
        "kpis": _kpis(growth, c),
        "window": s.average_days,
        "charts": [
            charts.views_chart(
                growth.daily,
                list(zip((d for d, _ in growth.markers), markers)),
                growth.publications,
                c.day,
                c.number,
                c.t("chart_title"),
                compact,
            )
            for compact in (False, True)
        ],
        "markers": markers,
        "publications": growth.publications,
        "movers": [_mover(g, s.start, c) for g in growth.movers],
        "videos": [_video_row(g, c) for g in growth.videos],
        "terms": [
            {
                "term": t.term,
                "views": c.number(t.views),
                "share": c.percent(t.share),
                "keywords": ", ".join(t.keywords),
                "topical": t.topical,
            }
            for t in growth.terms
        ],
        "search_caption": c.t("search_caption", days=growth.traffic_days, end=c.day(growth.traffic_end, year=True))
        if growth.traffic_end
        else "",
        "sources": _sources(growth, c),
        "keywords": [{"keyword": k.keyword, "views": c.number(k.views)} for k in growth.keywords if k.views > 0][
            :KEYWORD_CHIPS
        ],
        "insights": _insights(growth, c),
        "readiness": _readiness(growth, c),
        "advice": [advice_text(a, c) for a in growth.advice],
        "generated": c.t("generated", end=c.day(s.end, year=True), today=c.day(today, year=True)),
    }
    return _ENV.get_template("report.html").render(context)


def headline(growth: Growth, c: Catalog) -> list[str]:
    """The summary in plain words: growth, search, new videos, best video."""
    s = growth.summary
    views = c.number(s.views)
    if s.growth is None:
        lines = [c.t("headline_new", views=views, days=s.days)]
    else:
        key = "headline_flat" if abs(s.growth) < FLAT else "headline_up" if s.growth > 0 else "headline_down"
        lines = [c.t(key, views=views, days=s.days, growth=c.percent(s.growth, signed=True))]
    if s.search_share is not None:
        key = "headline_search" if s.top_term else "headline_search_noterm"
        lines.append(c.t(key, share=c.percent(s.search_share), term=s.top_term))
    lines.append(c.plural("headline_videos", s.new_videos))
    if growth.videos and growth.videos[0].period_views:
        best = growth.videos[0]
        lines.append(c.t("headline_best", title=best.title, views=c.number(best.period_views)))
    return lines


def advice_text(a: Advice, c: Catalog) -> str:
    p = dict(a.params)
    for key in ("views", "days"):
        if key in p:
            p[key] = c.number(p[key])
    for key in ("share",):
        if key in p:
            p[key] = c.percent(p[key])
    if "growth" in p:
        p["growth"] = c.percent(p["growth"], signed=True)
    if "ratio" in p:
        p["ratio"] = c.ratio(p["ratio"])
    return c.t(f"advice_{a.code}", **p)


def _insights(growth: Growth, c: Catalog) -> dict[str, list[str]]:
    """What patients search beyond the terms table (which shows the ranked terms and the gaps): topics
    to cover and fix suggestions, a few lines each (the A4 report stays within 4 pages)."""
    s = growth.search
    return {
        "topics": [
            c.t("topic_line", topic=t.topic, views=c.number(t.views), terms=", ".join(t.terms[:3]))
            for t in s.topics[:2]
        ],
        "fixes": [
            c.t("fix_line", term=f.term, views=c.number(f.views), title=f.title, missing=", ".join(f.missing))
            for f in s.fixes[:2]
        ],
    }


def _readiness(growth: Growth, c: Catalog) -> list[dict[str, str]]:
    """The health features' checklist: one line per condition, its state and the gap."""
    r = growth.readiness
    if r is None:
        return []
    rows = []
    for item in r.items:
        state = {True: "yes", False: "no", None: "unknown"}[item.met]
        if item.code == "watch_hours":
            text = (
                c.t("ready_watch_hours", value=c.number(item.value), threshold=c.number(item.threshold))
                if item.value is not None
                else c.t("ready_watch_hours_none")
            )
            gap = c.t("ready_watch_hours_gap", gap=c.number(item.gap)) if item.met is False else ""
        elif item.code == "health_share":
            text = c.t("ready_health_share", value=c.percent(item.value), threshold=c.percent(item.threshold))
            gap = c.t("ready_health_share_gap", gap=c.number(item.gap)) if item.met is False else ""
        elif item.code in ("country", "licence"):
            text = c.t(f"ready_{item.code}", value=item.detail) if item.detail else c.t(f"ready_{item.code}_none")
            gap = ""
        else:
            text, gap = c.t(f"ready_{item.code}"), ""
        rows.append({"state": state, "label": c.t(f"ready_{state}"), "text": text, "gap": gap})
    return rows


def _kpis(growth: Growth, c: Catalog) -> list[dict[str, str]]:
    s = growth.summary
    trend = "flat" if s.growth is None or abs(s.growth) < FLAT else "up" if s.growth > 0 else "down"
    delta = f"{c.percent(s.growth, signed=True)} {c.t('vs_previous', days=s.days)}" if s.growth is not None else ""
    return [
        {"id": "views", "label": c.t("kpi_views"), "value": c.number(s.views), "delta": delta, "trend": trend},
        {
            "id": "watch",
            "label": c.t("kpi_watch"),
            "value": c.number(s.watch_hours, 1 if s.watch_hours < 100 else 0),
            "delta": "",
            "trend": "",
        },
        {
            "id": "subs",
            "label": c.t("kpi_subs"),
            "value": ("+" if s.subscribers > 0 else "") + c.number(s.subscribers),
            "delta": "",
            "trend": "",
        },
        {"id": "avd", "label": c.t("kpi_avd"), "value": c.duration(s.avg_view_seconds), "delta": "", "trend": ""},
        {"id": "search", "label": c.t("kpi_search"), "value": c.percent(s.search_share), "delta": "", "trend": ""},
    ]


def _video_row(g: VideoGrowth, c: Catalog) -> dict[str, Any]:
    ratio_trend = "" if g.vs_median is None else "up" if g.vs_median >= 1.2 else "down" if g.vs_median < 0.8 else ""
    return {
        "video_id": g.video_id,
        "title": g.title,
        "published": c.day(g.published_day, year=True),
        "period_views": c.number(g.period_views),
        "total_views": c.number(g.total_views),
        "m48h": c.number(g.milestones["48h"]),
        "m7d": c.number(g.milestones["7d"]),
        "m28d": c.number(g.milestones["28d"]),
        "ratio": c.ratio(g.vs_median),
        "ratio_trend": ratio_trend,
        "spark": charts.sparkline(g.spark, g.title),
    }


def _mover(g: VideoGrowth, start: date, c: Catalog) -> dict[str, Any]:
    new = g.published_day >= start
    line = c.t("mover_new", views=c.number(g.period_views)) if new else c.t("mover_line", gain=c.number(g.gain))
    return {"video_id": g.video_id, "title": g.title, "line": line, "spark": charts.sparkline(g.spark, g.title)}


def _sources(growth: Growth, c: Catalog):
    total = sum(growth.sources.values())
    if not total:
        return ""
    rows = sorted(growth.sources.items(), key=lambda kv: (-kv[1], kv[0]))[:7]
    return charts.bar_list([(c.source(k), v, c.percent(v / total)) for k, v in rows], c.t("sources_title"))
