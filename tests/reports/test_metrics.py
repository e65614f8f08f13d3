"""Growth metrics on tracking rows written straight into the store, with figures worked out by hand."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from videokit import serial
from videokit.config import load_settings
from videokit.reports.catalog import Catalog
from videokit.reports.data import load_client
from videokit.reports.metrics import Growth, compute_growth
from videokit.reports.options import ReportsOptions
from videokit.reports.render import render_html
from videokit.store import Store, open_store
from videokit.store.stats import DailyRow, Snapshot, TrafficRow
from videokit.store.videos import VideoRecord
from videokit.youtube.quota import PACIFIC


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return open_store(load_settings(tmp_path / "home").database_url)


def pacific(day: date, hour: int = 0) -> datetime:
    """That Pacific time, in UTC: the store keeps UTC (SQLite drops any other offset silently)."""
    return datetime(day.year, day.month, day.day, hour, tzinfo=PACIFIC).astimezone(UTC)


def add_video(
    store: Store,
    vid: str,
    published: datetime,
    daily: list[int] | None = None,
    client: str = "a",
    keywords=(),
    title: str = "",
) -> None:
    store.videos.add(
        VideoRecord(
            vid, client, "UC" + "x" * 22, title or vid, "public", published_at=published, keywords=list(keywords)
        )
    )
    day0 = published.astimezone(PACIFIC).date()
    store.stats.add_daily(
        [DailyRow(client, vid, day0 + timedelta(days=i), views) for i, views in enumerate(daily or [])]
    )


def add_snapshot(store: Store, vid: str, at: datetime, views: int) -> None:
    store.stats.add_snapshots([Snapshot(vid, at, views, likes=views // 10, comments=1)])


def add_channel_days(store: Store, first: date, views: list[int], client: str = "a") -> None:
    store.stats.add_daily(
        [DailyRow(client, "", first + timedelta(days=i), v, v * 2.0, 120, 1) for i, v in enumerate(views)]
    )


def growth(store: Store, client: str = "a", until: date | None = None, days: int = 30) -> Growth:
    return compute_growth(load_client(store, client, until), ReportsOptions(), days, until)


def test_milestones_period_and_previous_come_from_analytics_days(store: Store) -> None:
    day0 = date(2026, 9, 1)
    daily = [100 - 2 * i for i in range(45)]
    add_video(store, "v1", pacific(day0, 10), daily)
    until = day0 + timedelta(days=44)
    g = growth(store, until=until).videos[0]
    assert g.milestones == {"48h": 100 + 98, "7d": sum(daily[:7]), "28d": sum(daily[:28])}
    assert g.period_views == sum(daily[15:45])
    assert g.previous_views == sum(daily[:15])  # the 30 days before began before publication
    assert g.age_days == 45 and g.spark == daily[15:45]


def test_young_video_has_no_28_day_figure_yet(store: Store) -> None:
    day0 = date(2026, 9, 1)
    add_video(store, "v1", pacific(day0, 8), [10] * 5)
    g = growth(store, until=day0 + timedelta(days=4)).videos[0]
    assert g.milestones == {"48h": 20, "7d": None, "28d": None}


def test_snapshots_alone_are_interpolated_from_zero_at_publication(store: Store) -> None:
    day0 = date(2026, 9, 1)
    add_video(store, "v1", pacific(day0))
    add_snapshot(store, "v1", pacific(day0 + timedelta(days=1)), 100)  # end of the publication day
    add_snapshot(store, "v1", pacific(day0 + timedelta(days=3)), 300)
    g = growth(store, until=day0 + timedelta(days=2)).videos[0]
    assert g.milestones["48h"] == 200  # halfway between the two snapshots
    assert g.total_views == 300 and g.likes == 30
    assert g.spark[-3:] == [100, 100, 100]


def test_snapshots_carry_on_after_the_last_analytics_day(store: Store) -> None:
    day0 = date(2026, 9, 1)
    add_video(store, "v1", pacific(day0), [10, 10, 10])
    add_snapshot(store, "v1", pacific(day0 + timedelta(days=5)), 70)  # end of day0+4
    g = growth(store, until=day0 + timedelta(days=4), days=5).videos[0]
    assert g.period_views == 70 and g.spark == [10, 10, 10, 20, 20]


def test_each_video_is_compared_with_the_median_video_at_its_age(store: Store) -> None:
    day0 = date(2026, 8, 1)
    add_video(store, "old1", pacific(day0), [10] * 40)
    add_video(store, "old2", pacific(day0), [30] * 40)
    add_video(store, "old3", pacific(day0), [20] * 40)
    add_video(store, "young", pacific(day0 + timedelta(days=30)), [40] * 10)  # 10 days old: 400 vs median 200
    by_id = {g.video_id: g for g in growth(store, until=day0 + timedelta(days=39)).videos}
    assert by_id["young"].vs_median == pytest.approx(2.0)
    assert by_id["old2"].vs_median == pytest.approx(30 / 15)  # others at 40 days: 400 and 800, median 600
    assert by_id["old1"].vs_median == pytest.approx(10 / 25)


def test_channel_summary_and_growth_against_the_previous_period(store: Store) -> None:
    first = date(2026, 7, 1)
    add_channel_days(store, first, [10] * 30 + [15] * 30)
    add_video(store, "v1", pacific(first + timedelta(days=40)), [5] * 20)
    s = growth(store).summary
    assert (s.start, s.end) == (first + timedelta(days=30), first + timedelta(days=59))
    assert s.views == 450 and s.previous_views == 300 and s.growth == pytest.approx(0.5)
    assert s.watch_hours == pytest.approx(900 / 60) and s.subscribers == 30 and s.avg_view_seconds == pytest.approx(120)
    assert s.new_videos == 1


def test_search_terms_close_the_seo_loop(store: Store) -> None:
    add_video(store, "v1", pacific(date(2026, 9, 1)), [5] * 10, keywords=["Mal de DOS", "sciatiques"])
    add_channel_days(store, date(2026, 9, 1), [5] * 10)
    rows = [("source", "YT_SEARCH", 60), ("source", "SUGGESTED", 140), ("search", "exercices mal de dos", 50),
            ("search", "douleur genou", 30), ("search", "qu'il faut", 20), ("search", "sciatique", 10)]  # fmt: skip
    end = date(2026, 9, 10)
    store.stats.replace_traffic("a", end, [TrafficRow("a", end, kind, key, views) for kind, key, views in rows])
    g = growth(store)
    assert g.summary.search_share == pytest.approx(0.3)
    terms = {t.term: t for t in g.terms}
    assert terms["exercices mal de dos"].keywords == ["Mal de DOS"] and terms[
        "exercices mal de dos"
    ].share == pytest.approx(50 / 110)
    assert terms["douleur genou"].keywords == [] and terms["douleur genou"].topical
    assert not terms["qu'il faut"].topical
    # the plural keyword brings the singular search, as the search insights count it
    assert [(k.keyword, k.views) for k in g.keywords] == [("Mal de DOS", 50), ("sciatiques", 10)]
    assert g.summary.top_term == "exercices mal de dos"
    advice = {a.code: a.params for a in g.advice}
    assert advice["new_topic"]["term"] == "douleur genou"  # not the filler "qu'il faut"
    assert advice["keep_keyword"] == {"keyword": "Mal de DOS", "views": 50}


@pytest.mark.parametrize(
    ("until", "expected"),
    [
        (date(2026, 9, 10), [(date(2026, 8, 27), "all")]),
        (date(2025, 4, 20), [(date(2025, 3, 31), "shorts")]),
        (date(2026, 1, 10), []),
    ],
)
def test_view_counting_changes_are_marked_when_in_the_chart(store: Store, until: date, expected: list) -> None:
    add_channel_days(store, until - timedelta(days=59), [3] * 60)
    assert growth(store, until=until).markers == expected


def test_a_client_never_sees_another_clients_rows(store: Store) -> None:
    add_video(store, "mine", pacific(date(2026, 9, 1)), [5] * 5, client="a", title="Mine")
    add_video(store, "theirs", pacific(date(2026, 9, 1)), [50] * 5, client="b", title="Theirs")
    add_snapshot(store, "theirs", pacific(date(2026, 9, 6)), 250)
    add_channel_days(store, date(2026, 9, 1), [500] * 5, client="b")
    data = load_client(store, "a")
    assert (
        [v.video_id for v in data.videos] == ["mine"] and data.channel_daily == {} and set(data.video_daily) == {"mine"}
    )
    assert data.snapshots == {}
    html = render_html(compute_growth(data, ReportsOptions()), "A", "en", date(2026, 9, 7))
    assert "Theirs" not in html and "theirs" not in html


def test_growth_survives_a_json_round_trip(store: Store) -> None:
    add_channel_days(store, date(2026, 8, 1), [7] * 40)
    add_video(store, "v1", pacific(date(2026, 8, 3)), [9] * 38, keywords=["genou"])
    g = growth(store)
    assert serial.load(Growth, json.loads(json.dumps(serial.dump(g)))) == g


def test_numbers_read_the_way_each_language_writes_them() -> None:
    fr, en = Catalog("fr"), Catalog("en")
    assert fr.number(12345) == "12\u202f345" and en.number(12345) == "12,345"
    assert fr.percent(0.123, signed=True) == "+12\u202f%" and en.percent(-0.045, signed=True) == "−4.5%"
    assert fr.ratio(1.5) == "1,5×" and en.ratio(None) == "—"
    assert (
        fr.day(date(2026, 8, 27), year=True) == "27\u00a0août 2026"
        and en.day(date(2026, 8, 27), year=True) == "Aug\u00a027, 2026"
    )
    assert fr.plural("headline_videos", 1) == "Une nouvelle vidéo publiée sur la période."
