"""Acceptance: track two sandbox clients with the real Google client, report on one, check the
page in real headless Chromium against the database, and the PDF's pages."""

from __future__ import annotations

import math
import re
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from videokit.config import load_settings
from videokit.reports.catalog import Catalog
from videokit.store import open_store, schema


@pytest.fixture(scope="module")
def tracked(channels) -> dict:
    """One `videokit track` pass over both clients (the first one discovers their uploads)."""
    return {r["client"]: r for r in channels.run_json("track --client drmartin --client drsmith --json")["clients"]}


@pytest.fixture(scope="module")
def reports(channels, tracked: dict) -> dict[str, dict]:
    out = channels.home / "out"
    return {
        "fr.html": channels.run_json(f"report --client drmartin --period 30d -o {out / 'drmartin.html'} --json"),
        "fr.pdf": channels.run_json(f"report --client drmartin --format pdf -o {out / 'drmartin.pdf'} --json"),
        "en.html": channels.run_json(f"report --client drmartin --lang en -o {out / 'drmartin-en.html'} --json"),
    }


def _database(channels) -> sa.Engine:
    """The tracking database itself: the figures are checked against it, not through videokit's queries."""
    return open_store(load_settings(channels.home).database_url).engine


def _scalar(channels, query) -> int:
    with _database(channels).begin() as conn:
        return int(conn.execute(query).scalar() or 0)


def test_track_snapshots_every_video_for_one_unit_per_50(channels, tracked: dict) -> None:
    snaps = schema.snapshots
    for client, ids in channels.ids.items():
        r = tracked[client]
        assert r["error"] is None
        assert r["videos"] == r["discovered"] == r["snapshots"] == len(ids)
        # channels.list + playlistItems.list (discovery) + videos.list by 50
        assert r["quota_units"] == 1 + math.ceil(len(ids) / 50) * 2
        assert r["video_histories"] == len(ids) and r["daily_rows"] > 0 and r["traffic_rows"] > 0
        assert _scalar(channels, sa.select(sa.func.count()).select_from(snaps).where(snaps.c.video_id.in_(ids))) == len(
            ids
        )


def test_second_pass_is_idempotent(channels, tracked: dict) -> None:
    counts = {
        name: _scalar(channels, sa.select(sa.func.count()).select_from(schema.metadata.tables[name]))
        for name in ("snapshots", "daily_stats", "traffic", "videos")
    }
    again = {r["client"]: r for r in channels.run_json("track --json")["clients"]}
    assert again["drmartin"]["snapshots"] == 0 and again["drmartin"]["skipped"] == len(channels.ids["drmartin"])
    assert again["drmartin"]["quota_units"] == 0
    after = {
        name: _scalar(channels, sa.select(sa.func.count()).select_from(schema.metadata.tables[name])) for name in counts
    }
    assert after == counts


def test_unknown_and_untracked_clients_fail_with_one_line(channels, tracked: dict) -> None:
    result = channels.run("report --client newcomer")
    assert result.exit_code == 3
    assert "videokit track --client newcomer" in result.output and len(result.output.strip().splitlines()) == 1
    assert channels.run("report --client nobody").exit_code == 4
    assert channels.run("report --client drmartin --period 0d").exit_code == 2


def _expected(channels, start: date, end: date) -> dict:
    """The figures, straight from the database."""
    daily, snaps, videos = schema.daily_stats, schema.snapshots, schema.videos
    in_period = daily.c.day.between(start, end)
    with _database(channels).begin() as conn:
        channel = conn.execute(
            sa.select(sa.func.sum(daily.c.views)).where(daily.c.client == "drmartin", daily.c.video_id == "", in_period)
        ).scalar()
        per_video = dict(
            conn.execute(
                sa.select(daily.c.video_id, sa.func.sum(daily.c.views))
                .where(daily.c.client == "drmartin", daily.c.video_id != "", in_period)
                .group_by(daily.c.video_id)
            ).all()
        )
        latest = (
            sa.select(snaps.c.video_id, sa.func.max(snaps.c.taken_at).label("at")).group_by(snaps.c.video_id).subquery()
        )
        totals = dict(
            conn.execute(
                sa.select(snaps.c.video_id, snaps.c.views).join(
                    latest, (latest.c.video_id == snaps.c.video_id) & (latest.c.at == snaps.c.taken_at)
                )
            ).all()
        )
        first_two = {}
        for vid, day0 in conn.execute(
            sa.select(daily.c.video_id, sa.func.min(daily.c.day))
            .where(daily.c.client == "drmartin", daily.c.video_id != "")
            .group_by(daily.c.video_id)
        ):
            first_two[vid] = conn.execute(
                sa.select(sa.func.sum(daily.c.views)).where(
                    daily.c.client == "drmartin", daily.c.video_id == vid, daily.c.day <= day0 + timedelta(days=1)
                )
            ).scalar()
        other_titles = list(conn.execute(sa.select(videos.c.title).where(videos.c.client == "drsmith")).scalars())
    return {
        "channel": channel,
        "per_video": per_video,
        "totals": totals,
        "first_two": first_two,
        "other_titles": other_titles,
    }


@pytest.mark.browser
def test_html_report_in_chromium_matches_the_database(channels, reports: dict, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    meta = reports["fr.html"]
    page_path = Path(meta["path"])
    expected = _expected(channels, date.fromisoformat(meta["start"]), date.fromisoformat(meta["end"]))
    c = Catalog("fr")
    errors, requests, dialogs = [], [], []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("request", lambda r: requests.append(r.url))
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.goto(page_path.as_uri(), wait_until="load")
            page.screenshot(path=str(tmp_path / "report-desktop.png"), full_page=True)

            assert errors == [] and dialogs == []
            assert requests == [page_path.as_uri()], "the page must make no request but its own load"
            assert page.inner_text("#kpi-views .value") == c.number(expected["channel"])

            rows = page.query_selector_all("#videos tbody tr")
            assert len(rows) == len(channels.ids["drmartin"])
            for row in rows:
                vid = row.get_attribute("data-video")
                assert row.inner_text().count("\n") > 0
                assert row.query_selector(".period-views").inner_text() == c.number(
                    expected["per_video"].get(vid, 0)
                ), vid
                assert row.query_selector(".total-views").inner_text() == c.number(expected["totals"][vid]), vid
                assert row.query_selector(".m-48h").inner_text() == c.number(expected["first_two"][vid]), vid

            # The markup title is text: shown literally, no element, no script run.
            assert channels.MARKUP_TITLE in page.inner_text("#videos")
            assert page.query_selector("#videos b") is None

            assert channels.OTHER_TITLE in expected["other_titles"]  # tracked, and still not shown here
            assert channels.OTHER_TITLE not in page.inner_text("body")
            assert not any(vid in page.content() for vid in channels.ids["drsmith"])
            assert "token" not in page.content().lower()

            phone = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2)
            phone.goto(page_path.as_uri(), wait_until="load")
            phone.screenshot(path=str(tmp_path / "report-phone.png"), full_page=True)
            assert phone.evaluate("document.documentElement.scrollWidth") <= 390, "no sideways scrolling on a phone"
            assert phone.is_visible("svg.chart.narrow") and not phone.is_visible("svg.chart.wide")
        finally:
            browser.close()


def test_english_report_speaks_english(reports: dict) -> None:
    html = Path(reports["en.html"]["path"]).read_text(encoding="utf-8")
    assert '<html lang="en">' in html and "What to do next" in html and "Que faire ensuite" not in html
    french = Path(reports["fr.html"]["path"]).read_text(encoding="utf-8")
    assert '<html lang="fr">' in french and "Que faire ensuite" in french
    assert "&lt;script&gt;" in french and "<script" not in french  # escaped, and the page itself has no script


def test_pdf_report_has_a4_pages_with_the_figures(channels, reports: dict, tmp_path: Path) -> None:
    pdf = Path(reports["fr.pdf"]["path"])
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert 1 <= pages <= 4
    width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info).groups())
    assert (round(width), round(height)) == (595, 842)  # A4 portrait
    subprocess.run(["pdftoppm", "-r", "50", "-png", str(pdf), str(tmp_path / "page")], check=True)
    images = sorted(tmp_path.glob("page-*.png"))
    assert len(images) == pages
    from PIL import Image, ImageStat

    for image in images:
        assert ImageStat.Stat(Image.open(image).convert("L")).stddev[0] > 5, f"{image.name} is blank"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    spaced = " ".join(text.replace("\u202f", " ").replace("\xa0", " ").split())
    assert "Dr Claire Martin" in spaced
    assert Catalog("fr").number(reports["fr.pdf"]["views"]).replace("\u202f", " ") in spaced
