"""What patients search (ranked terms, gaps, topics, fix suggestions that `audit fix` applies) and the
health features' readiness, from the sandbox through tracking to the report, with the real client."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from videokit.config import ClientProfile
from videokit.reports.insights import VideoText, readiness, search_insights
from videokit.reports.options import HealthFeatures
from videokit.youtube.sandbox import seed_channel, start_sandbox

VIDEOS = [
    VideoText("v1", "Mal de dos : 5 conseils simples", ("mal de dos", "lombalgie")),
    VideoText("v2", "Migraine : quand consulter ?", ("migraine",)),
    VideoText("v3", "Recette de crêpes", ("dessert",)),
]


def test_terms_are_ranked_gapped_grouped_and_fixed() -> None:
    terms = {"mal de dos": 90, "exercices mal de dos": 40, "sciatique": 30, "sciatique que faire": 20, "qu'il faut": 9}
    per_video = {"v1": {"mal de dos": 50, "lombalgie symptômes": 12, "sciatique": 8}, "v2": {"migraine": 5}}
    found = search_insights(terms, VIDEOS, per_video)
    assert [(r.term, r.video_ids) for r in found.ranked] == [("mal de dos", ["v1"]), ("exercices mal de dos", ["v1"])]
    assert found.gaps == [("sciatique", 30), ("sciatique que faire", 20)]  # "qu'il faut" is no topic
    assert [(t.topic, t.views, t.terms) for t in found.topics] == [
        ("sciatique", 50, ["sciatique", "sciatique que faire"])
    ]
    # "sciatique" shares no word with v1: another topic (a video to make), not a tag to add
    assert [(f.video_id, f.term, f.missing) for f in found.fixes] == [("v1", "lombalgie symptômes", ["symptome"])]


def test_readiness_gives_the_gap_to_each_threshold() -> None:
    client = ClientProfile(name="x", country="fr", rpps="10001234565", sources=["HAS"], interests=[])
    r = readiness(VIDEOS, 60 * 1500.0, client, HealthFeatures())
    items = {i.code: i for i in r.items}
    assert r.health_videos == 2 and r.health_share == pytest.approx(2 / 3) and not r.ready
    assert items["watch_hours"].met is False and items["watch_hours"].gap == 2500.0
    # (2 + n) / (3 + n) >= 0.75 from n = 1
    assert items["health_share"].met is False and items["health_share"].gap == 1.0
    assert items["country"].met is True and items["licence"].met is True and items["principles"].met is True
    assert items["strikes"].met is None  # not visible through the API: said, not guessed
    unknown = readiness([], None, ClientProfile(name="y", country="ZZ"), HealthFeatures())
    assert {i.code: i.met for i in unknown.items} == {
        "watch_hours": None, "health_share": None, "country": False, "licence": None, "principles": False,
        "strikes": None,
    }  # fmt: skip


@pytest.fixture
def tracked(tmp_path: Path, run_cli, home: Path):
    server = start_sandbox(tmp_path / "sandbox.db", processing_seconds=0.0)
    (home / "config.toml").write_text(
        f'[youtube]\nsandbox_url = "{server.url}"\n[seo]\nembedder = "none"\n'
        '[clients.drmartin]\nlanguage = "fr"\ncountry = "FR"\nrpps = "10001234565"\nsources = ["HAS"]\ninterests = []\n'
    )
    ids = seed_channel(server.state, "drmartin", videos=12, days=300, seed=4)
    result = run_cli("track --client drmartin --json")
    assert result.exit_code == 0, result.output
    yield server, ids
    server.stop()


def test_report_shows_what_patients_search_and_readiness(tracked, run_cli, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    report = json.loads(run_cli(f"report --client drmartin --period 30d -o {out} --json").stdout)
    search, ready = report["search"], report["readiness"]
    assert search["ranked"] and search["fixes"] and search["topics"]
    assert all(f["missing"] for f in search["fixes"])
    items = {i["code"]: i for i in ready["items"]}
    assert ready["videos"] == 12 and ready["health_videos"] == 12  # every seeded topic is a health one
    hours = ready["watch_hours"]
    assert (
        hours is not None and hours > 0 and items["watch_hours"]["gap"] == pytest.approx(max(0, 4000 - hours), abs=0.1)
    )
    page = out.read_text(encoding="utf-8")
    assert (
        'id="insights"' in page and 'id="readiness"' in page and f'<td class="term-text">{search["gaps"][0][0]}' in page
    )
    assert "YouTube Studio" in page and len(re.findall(r'class="ready-(yes|no|unknown)"', page)) == 6
    assert f"« {search['fixes'][0]['term']} »" in page


def test_audit_fix_adds_the_poorly_matched_search_terms_to_tags(tracked, run_cli, tmp_path: Path) -> None:
    report = json.loads(run_cli(f"report --client drmartin -o {tmp_path / 'r.html'} --json").stdout)
    fix = report["search"]["fixes"][0]
    result = run_cli(f"audit fix --client drmartin --video {fix['video_id']} --only tags --dry-run --json")
    assert result.exit_code == 0, result.output
    change = json.loads(result.stdout)["fixes"][0]["changes"][0]
    assert change["field"] == "tags" and fix["term"] in change["after"] and fix["term"] not in change["before"]
    assert change["after"][: len(change["before"])] == change["before"]  # the owner's tags stay, the term joins
