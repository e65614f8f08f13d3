"""The audit as a client reads it: a self-contained HTML page, an A4 PDF, or JSON.

Rendering reuses the reports package: its stylesheet, its inline-SVG bar charts, its number and
date formatting, its Chromium PDF printer. Jinja2 autoescapes every value (titles from YouTube
may hold markup); the page makes no request (Content-Security-Policy).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any, Literal

import jinja2

from videokit import fsutil, serial
from videokit.audit.catalog import AuditCatalog
from videokit.audit.score import AuditResult
from videokit.reports import charts
from videokit.reports.options import ReportsOptions
from videokit.reports.pdf import write_page

Format = Literal["html", "pdf", "json"]
TOP_REPAIRS = 25
TOP_DEFECTS_IN_LEAD = 3
GOOD_SCORE, POOR_SCORE = 80, 50

_ENV = jinja2.Environment(
    loader=jinja2.ChoiceLoader(
        [jinja2.PackageLoader("videokit.audit", "templates"), jinja2.PackageLoader("videokit.reports", "templates")]
    ),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def render_html(result: AuditResult, client_name: str, lang: str) -> str:
    c = AuditCatalog(lang)
    s = result.summary
    channel = result.channel
    plan = result.quota
    deontology = [
        {
            "video_id": v.video_id,
            "title": v.title,
            "where": c.t(f"where_{d.field}"),
            "rule": d.detail.split(": ", 1)[0],
            "excerpt": d.match or d.detail,
            "rule_id": d.rule_id,
        }
        for v in result.videos
        for d in v.defects
        if d.code == "deontology"
    ]
    repairs = [r for r in result.repairs if r.severity == "seo"][:TOP_REPAIRS]
    context: dict[str, Any] = {
        "lang": lang,
        "t": c.t,
        "client_name": client_name,
        "channel_title": result.channel_title,
        "today": c.day(result.generated, year=True),
        "headline": headline(result, c),
        "kpis": [
            {
                "id": "audited",
                "label": c.t("kpi_audited"),
                "value": f"{c.number(len(result.videos))} / {c.number(s.videos)}",
            },
            {
                "id": "score",
                "label": c.t("kpi_score"),
                "value": c.number(s.average_score) if s.average_score is not None else c.t("none"),
            },
            {"id": "views", "label": c.t("kpi_total_views"), "value": c.number(s.views)},
            {"id": "search", "label": c.t("kpi_search_share"), "value": c.percent(channel.search_share)},
            {"id": "uploads", "label": c.t("kpi_uploads"), "value": c.number(sum(n for _, n in s.uploads_by_month))},
        ],
        "deontology": deontology,
        "repairs": [
            {
                "video_id": r.video_id,
                "title": r.title,
                "code": ",".join(r.codes),
                "label": ", ".join(c.defect(code, r.field) for code in r.codes),
                "how": r.how,
                "how_text": c.t(f"how_{r.how}"),
                "stake": c.number(r.views_at_stake),
                "value": c.t("value_views", views=c.number(r.value)),
            }
            for r in repairs
        ],
        "defect_bars": _bars(
            [(c.defect(code, _field_of(result, code)), n, c.number(n)) for code, n in s.defect_counts.items()],
            c.t("defects_title"),
        ),
        "cadence_bars": _bars(
            [(_month(m, c), n, c.number(n)) for m, n in s.uploads_by_month], c.t("cadence_title"), keep_zero=True
        ),
        "terms": [{"term": term, "views": c.number(views)} for term, views in channel.search_terms],
        "sources": _bars(
            [
                (c.source(k), v, c.percent(v / sum(channel.sources.values())))
                for k, v in sorted(channel.sources.items(), key=lambda kv: -kv[1])[:7]
            ],
            c.t("sources_title"),
        ),
        "search_none": c.t("search_none") if not channel.analytics_error else c.t("lead_search_none"),
        "videos": [
            {
                "video_id": v.video_id,
                "title": v.title,
                "published": c.day(v.published_at.date(), year=True),
                "views": c.number(v.views),
                "score": v.score.total,
                "grade": "good" if v.score.total >= GOOD_SCORE else "poor" if v.score.total < POOR_SCORE else "",
                "defects": _chips(v, c),
            }
            for v in result.videos
        ],
        "quota_note": c.t("quota_note", units=c.number(sum(plan.units.values()))),
    }
    return _ENV.get_template("audit.html").render(context)


def headline(result: AuditResult, c: AuditCatalog) -> list[str]:
    """The audit in a few plain sentences, most important first."""
    s = result.summary
    channel = result.channel
    if not s.videos:
        return [c.t("lead_empty")]
    score = c.number(s.average_score) if s.average_score is not None else c.t("none")
    key = "lead_videos_limit" if len(result.videos) < s.videos else "lead_videos"
    lines = [c.t(key, audited=len(result.videos), total=s.videos, score=score)]
    flagged = {v.video_id for v in result.videos for d in v.defects if d.code == "deontology"}
    if flagged:
        lines.append(c.t("lead_deontology", count=len(flagged)))
    frequent = [(code, n) for code, n in s.defect_counts.items() if code != "deontology"][:TOP_DEFECTS_IN_LEAD]
    if frequent:
        items = ", ".join(
            c.t("lead_defect_item", label=c.defect(code, _field_of(result, code)), count=n) for code, n in frequent
        )
        lines.append(c.t("lead_defects", list=items))
    elif not flagged:
        lines.append(c.t("lead_clean"))
    auto = sum(1 for r in result.repairs if r.how == "auto")
    if auto:
        lines.append(c.t("lead_auto", count=auto))
    if channel.search_share is not None:
        lines.append(
            c.t("lead_search", share=c.percent(channel.search_share), days=(channel.end - channel.start).days + 1)
        )
    else:
        lines.append(c.t("lead_search_none"))
    if s.top_share is not None:
        lines.append(c.t("lead_views", median=c.number(s.median_views), share=c.percent(s.top_share)))
    if s.days_since_last is not None and s.median_gap_days is not None:
        lines.append(c.t("lead_cadence", days=c.number(s.days_since_last), gap=c.number(s.median_gap_days)))
    return lines


def write_report(
    result: AuditResult, output: Path, fmt: Format, client_name: str, lang: str, reports: ReportsOptions
) -> Path:
    """Write the audit to `output` (complete or absent)."""
    output = Path(output)
    if fmt == "json":
        fsutil.write_text(output, json.dumps(serial.dump(result), ensure_ascii=False, indent=2) + "\n")
        return output
    return write_page(render_html(result, client_name, lang), output, fmt, reports)


def _chips(video, c: AuditCatalog) -> list[dict[str, str]]:
    """One chip per distinct defect label (two deontology rules on one title read as one chip)."""
    chips: dict[str, dict[str, str]] = {}
    for d in video.defects:
        label = c.defect(d.code, d.field)
        chips.setdefault(label, {"code": d.code, "severity": d.severity, "label": label})
    return list(chips.values())


def _bars(rows: list[tuple[str, int, str]], title: str, keep_zero: bool = False):
    rows = [r for r in rows if keep_zero or r[1]]
    return charts.bar_list(rows, title) if rows else ""


def _field_of(result: AuditResult, code: str) -> str:
    return next((d.field for v in result.videos for d in v.defects if d.code == code), code)


def _month(month: str, c: AuditCatalog) -> str:
    """ "2026-03" as "mars 2026" / "Mar 2026": the catalogue's date of the 1st without its day."""
    year, number = (int(x) for x in month.split("-"))
    text = c.day(date(year, number, 1), year=True)
    return text.split(maxsplit=1)[1] if c.lang == "fr" else text.replace("\u00a01,", "")
