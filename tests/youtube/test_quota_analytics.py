"""Quota refused before any call; analytics read back consistent, deterministic simulated numbers."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest

from videokit.errors import QuotaError
from videokit.store import open_store
from videokit.youtube import analytics, videos
from videokit.youtube.channels import my_channel
from videokit.youtube.publish import UploadRequest, publish_video
from videokit.youtube.quota import COSTS, pacific_day
from videokit.youtube.sandbox import SandboxState, seed_channel
from videokit.youtube.service import connect


def test_publish_that_would_exceed_the_budget_sends_nothing(settings, options, sandbox, clip, clip_srt, tmp_path):
    s = settings(daily_units=300)  # a caption track alone costs 400
    session = connect(s, open_store(s.database_url), s.client("sandbox"), options=options)
    before = dict(sandbox.requests)
    request = UploadRequest(video=clip, title="Trop cher", captions=[(clip_srt, "en")])
    with pytest.raises(QuotaError, match=r"'shared' bucket.*resets at"):
        publish_video(session, request, state_file=tmp_path / "state.json")
    assert dict(sandbox.requests) == before, "a refused publish must not send a single request"
    assert not (tmp_path / "state.json").exists()


def test_upload_bucket_is_separate_and_counted(session, sandbox, clip, tmp_path, run_cli):
    for _ in range(100):
        session.ledger.record("videos.insert", "sandbox")
    with pytest.raises(QuotaError, match="'videos.insert' bucket"):
        publish_video(session, UploadRequest(video=clip, title="La 101e"), state_file=tmp_path / "state.json")
    shown = json.loads(run_cli("quota --json").stdout)
    assert shown["buckets"]["videos.insert"] == {"spent": 100, "limit": 100, "left": 0}
    assert shown["buckets"]["shared"]["spent"] == session.ledger.spent()["shared"] > 0


def test_pacific_day_and_cost_table():
    # 07:30 UTC on 1 March is still 28 February in California (UTC-8)
    assert pacific_day(datetime(2026, 3, 1, 7, 30, tzinfo=UTC)) == date(2026, 2, 28)
    assert COSTS["videos.insert"] == ("videos.insert", 1) and COSTS["captions.insert"] == ("shared", 400)
    assert {COSTS[m][1] for m in ("thumbnails.set", "videos.update", "playlistItems.insert")} == {50}


@pytest.fixture
def seeded(session, sandbox):
    return seed_channel(sandbox.state, "sandbox", videos=60, days=60, seed=7)


def test_uploads_are_paged_and_videos_batched(session, sandbox, seeded):
    ids = list(videos.upload_ids(session, my_channel(session).uploads_playlist))
    assert ids == list(reversed(seeded))  # newest first
    found = videos.videos(session, ids)
    assert [v.video_id for v in found] == ids and all(v.views > 0 for v in found)
    assert sandbox.requests["playlistItems.list"] == 2 and sandbox.requests["videos.list"] == 2  # 50 + 10
    assert session.calls == {"channels.list": 1, "playlistItems.list": 2, "videos.list": 2}


def test_daily_stats_traffic_and_search_terms_add_up(session, seeded):
    end = pacific_day() - timedelta(days=1)
    start = end - timedelta(days=27)
    channel = analytics.daily_stats(session, start, end)
    per_video = [row for video_id in seeded[-8:] for row in analytics.daily_stats(session, start, end, video_id)]
    assert len(channel) == 28 and [r.day for r in channel] == [start + timedelta(days=i) for i in range(28)]
    total = sum(r.views for r in channel)
    assert 0 < sum(r.views for r in per_video) < total
    sources = analytics.traffic_sources(session, start, end)
    assert sum(sources.values()) == total and "YT_SEARCH" in sources
    terms = analytics.search_terms(session, start, end, limit=25)
    assert 0 < len(terms) <= 25 and [v for _, v in terms] == sorted((v for _, v in terms), reverse=True)
    assert sum(v for _, v in terms) <= sources["YT_SEARCH"]


def test_seeded_audience_is_deterministic(tmp_path):
    first, second = SandboxState(tmp_path / "a.db", seed=3), SandboxState(tmp_path / "b.db", seed=3)
    assert seed_channel(first, "drmartin", 5, seed=1) == seed_channel(second, "drmartin", 5, seed=1)
    rows = [json.loads(r["resource"])["snippet"]["title"] for r in first.videos()]
    assert rows == [json.loads(r["resource"])["snippet"]["title"] for r in second.videos()]
