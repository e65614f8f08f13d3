"""The cross-posting kit: per-network posts within their limits, UTM links, stills, the Hootsuite
bulk CSV and the iCalendar, checked like the video's description; nothing written on a failure."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PIL import Image

from videokit import serial
from videokit.community.social import (
    LIMITS,
    SocialPost,
    calendar,
    hootsuite_csv,
    post_length,
    utm_link,
)
from videokit.seo.types import Metadata, TitleCandidate
from videokit.workflow.jobs import Job
from videokit.youtube.publish import PublishResult

NOW = datetime.now(UTC)


def _job(root: Path, title: str, description: str, publish_at: datetime | None) -> Path:
    folder = root / "jobs" / "drmartin" / "consult-0123456789ab-publish"
    folder.mkdir(parents=True)
    serial.write(
        folder / "job.json", Job("drmartin-x-publish", folder, root / "consult.mp4", "0" * 64, "drmartin", "publish")
    )
    metadata = Metadata(
        titles=[TitleCandidate(title, 1.0, "test")],
        description=description,
        tags=["lombalgie", "mal de dos"],
        hashtags=["#lombalgie"],
        language="fr",
    )
    serial.write(folder / "metadata.json", metadata)
    at = publish_at.strftime("%Y-%m-%dT%H:%M:%SZ") if publish_at else None
    serial.write(
        folder / "upload.json",
        PublishResult(video_id="abcdefghijk", url="https://youtu.be/abcdefghijk", privacy="private", publish_at=at),
    )
    Image.new("RGB", (1280, 720), (11, 95, 165)).save(folder / "thumbnail.jpg", quality=85)
    return folder


def _config(home: Path, extra: str = "") -> None:
    (home / "config.toml").write_text(
        '[clients.drmartin]\nlanguage = "fr"\nhashtags = ["santé"]\nwebsite = "https://dr-martin.example"\n' + extra
    )


def test_links_lengths_csv_and_calendar_follow_each_format() -> None:
    assert utm_link("https://youtu.be/abc", "x", "abc") == (
        "https://youtu.be/abc?utm_source=x&utm_medium=social&utm_campaign=abc"
    )
    assert "watch?v=abc&utm_source=linkedin" in utm_link("http://127.0.0.1:9/watch?v=abc", "linkedin", "abc")
    text = "Titre\n\n" + "https://youtu.be/abc?utm_source=x&utm_medium=social&utm_campaign=abc"
    assert post_length(text, "x") == len("Titre\n\n") + 23 and post_length(text, "linkedin") == len(text)
    when = datetime(2026, 12, 3, 17, 5, tzinfo=UTC)
    post = SocialPost("facebook", "Titre, « quote »\n\nlien", "Titre, « quote »", "https://l", 10, 63206, [], when, "f")
    rows = list(csv.reader(io.StringIO(hootsuite_csv([post]))))
    assert rows == [["03/12/2026 17:05", "Titre, « quote »", "https://l"]]  # no header row: A date, B message, C link
    ics = calendar([post], "Un titre très long " * 5, "abc", when)
    assert ics.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") and ics.endswith("END:VCALENDAR\r\n")
    assert "DTSTART:20261203T170500Z" in ics and "UID:abc-facebook@videokit" in ics
    assert all(len(line.encode()) <= 75 for line in ics.split("\r\n"))  # folded as RFC 5545 asks
    assert "Titre\\, « quote »\\n\\nlien" in ics.replace("\r\n ", "")


@pytest.mark.slow  # the compliance check of the posts loads the sentence embedder
def test_kit_for_a_scheduled_video(run_cli, home, tmp_path) -> None:
    _config(home)
    description = (
        "La lombalgie touche quatre adultes sur cinq au cours de leur vie. Un médecin explique les gestes qui aident "
        "au quotidien, au travail comme à la maison, et les signes qui doivent amener à consulter rapidement un "
        "professionnel de santé, sans attendre que la douleur devienne chronique.\n\n"
        "00:00 Introduction\n01:10 Les gestes"
    )
    at = (NOW + timedelta(days=2)).replace(second=0, microsecond=0)
    job = _job(tmp_path, "Lombalgie : trois gestes simples", description, at)
    result = run_cli(["social", str(job), "--json"])
    assert result.exit_code == 0, result.output
    kit = json.loads(result.stdout)
    posts = {p["network"]: p for p in kit["posts"]}
    assert set(posts) == {"linkedin", "facebook", "x"}
    for network, post in posts.items():
        assert f"utm_source={network}" in post["link"] and post["link"] in post["text"]
        assert post["length"] <= LIMITS[network] == post["limit"]
        assert (job / post["file"]).read_text(encoding="utf-8").strip() == post["text"]
        planned = datetime.fromisoformat(post["planned_at"])
        assert planned > at and planned.minute % 5 == 0  # after the video goes public, Hootsuite's 5-minute steps
        rows = list(csv.reader((job / f"social-hootsuite-{network}.csv").open(encoding="utf-8")))
        assert rows == [[planned.strftime("%d/%m/%Y %H:%M"), post["message"], post["link"]]]
    assert "dr-martin.example" in posts["linkedin"]["text"] and "dr-martin.example" not in posts["x"]["text"]
    assert len(posts["linkedin"]["hashtags"]) > len(posts["x"]["hashtags"]) >= 1 and "#santé" in posts["x"]["hashtags"]
    assert "00:00" not in posts["linkedin"]["text"]  # the hook, not the chapters
    assert "quatre adultes" in posts["linkedin"]["text"] and "quatre adultes" not in posts["x"]["text"]  # X: 280
    for name, size in (("1x1", (1080, 1080)), ("4x5", (1080, 1350))):
        assert Image.open(job / kit["stills"][name]).size == size
    ics = (job / "social.ics").read_text(encoding="utf-8")
    assert ics.count("BEGIN:VEVENT") == 3 and kit["scheduler"] == "hootsuite" and kit["notes"] == []


@pytest.mark.slow  # the compliance check of the posts loads the sentence embedder
def test_refusals_write_nothing(run_cli, home, tmp_path) -> None:
    _config(home, "paid_promotion = true\n")
    job = _job(tmp_path, "Lombalgie : trois gestes simples", "Un médecin explique.", None)
    result = run_cli(["social", str(job)])
    assert (
        result.exit_code == 7 and "charter.paid_promotion" in result.output and "nothing was written" in result.output
    )
    assert result.output.count("\n") == 1 and not list(job.glob("social*"))
    (home / "config.toml").write_text('[clients.drmartin]\nlanguage = "fr"\n')
    too_long = _job(tmp_path / "b", "T" * 100, "Un médecin explique.", None)
    (too_long / "upload.json").write_text(
        json.dumps({"video_id": "abcdefghijk", "url": "https://youtu.be/" + "a" * 300})
    )
    ok = run_cli(["social", str(too_long), "--json"])  # X counts any link as 23: a 100-character title still fits
    assert ok.exit_code == 0 and "has no website" in json.loads(ok.stdout)["notes"][0]
    missing = run_cli(["social", str(tmp_path)])
    assert missing.exit_code == 3 and "no such job" in missing.output
