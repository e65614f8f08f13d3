"""`videokit audit` on a sandbox channel seeded with 30 videos of known defects."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import CLIENT, read_json

from videokit import serial
from videokit.audit.collect import read_videos
from videokit.audit.score import AuditResult
from videokit.config import load_settings
from videokit.store import open_store
from videokit.youtube.quota import QuotaLedger
from videokit.youtube.sandbox.state import SandboxState


def _ledger(home: Path) -> QuotaLedger:
    settings = load_settings(home)
    return QuotaLedger(open_store(settings.database_url).quota, settings.client(CLIENT).cloud_project)


def test_audit_finds_every_seeded_defect_and_none_on_clean_videos(channel, session, run_cli, tmp_path: Path) -> None:
    out = tmp_path / "audit.json"
    result = run_cli(f"audit --client {CLIENT} --format json -o {out} --json")
    assert result.exit_code == 0, result.output
    report = read_json(out)
    audited = {v["video_id"]: v for v in report["videos"]}
    assert len(audited) == 30
    for seed in channel.values():
        video = audited[seed.video_id]
        fields = {d["field"] for d in video["defects"] if d["code"] != "deontology"}
        rules = {d["rule_id"] for d in video["defects"] if d["code"] == "deontology"}
        assert (seed.key, fields, rules) == (seed.key, seed.fields, seed.rules), video["defects"]
    clean = [audited[s.video_id] for s in channel.values() if not s.fields and not s.rules]
    assert len(clean) == 14 and all(v["defects"] == [] for v in clean)
    # Deontology first, then SEO repairs by decreasing expected value.
    repairs = report["repairs"]
    flagged = [r for r in repairs if r["codes"] == ["deontology"]]
    assert repairs[: len(flagged)] == flagged and len(flagged) == 4 and {r["severity"] for r in flagged} == {"block"}
    values = [r["value"] for r in repairs[len(flagged) :]]
    assert values == sorted(values, reverse=True) and values[0] > 0
    # Every audited video here has a caption track but the three without: those need a person.
    by_video = {r["video_id"]: r["how"] for r in repairs if r["codes"] != ["deontology"]}
    assert by_video[channel["no-captions-1"].video_id] == "manual"
    assert by_video[channel["long-title-1"].video_id] == "auto"
    summary = json.loads(result.stdout)
    assert summary["audited"] == 30 and summary["defects"]["captions"] == 3
    assert serial.dump(serial.load(AuditResult, report)) == report  # the JSON report holds the whole audit


def test_quota_estimate_equals_the_ledger_and_limit_takes_the_most_viewed(
    channel, session, run_cli, home: Path, tmp_path: Path
) -> None:
    ledger = _ledger(home)
    spent_before = ledger.spent()["shared"]
    state = SandboxState(home / "sandbox.db")
    charged_before = state.quota_used().get("shared", 0)
    out = tmp_path / "audit.json"
    result = run_cli(f"audit --client {CLIENT} --limit 10 --format json -o {out} --json")
    assert result.exit_code == 0, result.output
    assert "Quota estimate" in result.stderr and "captions.list" in result.stderr
    plan = read_json(out)["quota"]
    assert plan["calls"] == {
        "channels.list": 1,
        "playlistItems.list": 1,
        "videos.list": 1,
        "captions.list": 10,
        "reports.query": 2,
    }
    assert plan["units"] == {"shared": 1 + 1 + 1 + 10 * 50}
    assert ledger.spent()["shared"] - spent_before == plan["units"]["shared"]
    assert state.quota_used()["shared"] - charged_before == plan["units"]["shared"]  # what the server charged
    state.close()
    report = read_json(out)
    assert len(report["videos"]) == 10 and report["summary"]["videos"] == 30
    everything = read_videos(session, [s.video_id for s in channel.values()])
    most_viewed = {v.video_id for v in sorted(everything, key=lambda v: -v.views)[:10]}
    assert {v["video_id"] for v in report["videos"]} == most_viewed


def test_refuses_before_spending_when_the_quota_cannot_finish(
    channel, session, run_cli, home: Path, tmp_path: Path
) -> None:
    (home / "config.toml").write_text((home / "config.toml").read_text() + "\n[youtube]\ndaily_units = 600\n")
    ledger = _ledger(home)
    before = ledger.spent()["shared"]
    out = tmp_path / "audit.html"
    result = run_cli(f"audit --client {CLIENT} -o {out}")
    assert result.exit_code == 6, result.output
    assert "needs 1502 units" in result.stderr and "598 are left" in result.stderr
    assert "--limit 11" in result.stderr  # (598 - 1 - 1 - 1) // 50 videos would fit today
    assert ledger.spent()["shared"] - before == 1  # the count of uploads, nothing else
    assert not out.exists()
    assert run_cli(f"audit --client {CLIENT} --limit 5 -o {out}").exit_code == 0  # 1 + 1 + 1 + 250 fits
    assert out.exists()
