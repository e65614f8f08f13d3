"""Comment triage with the real Google client against the sandbox: commentThreads.list,
comments.setModerationStatus and comments.insert in their wire shapes and quota costs, and
`videokit comments` classifying, suggesting, holding and replying only with --apply."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from googleapiclient.errors import HttpError

from videokit.config import load_settings
from videokit.store import open_store
from videokit.youtube import comments as yt_comments
from videokit.youtube.sandbox import seed_channel, seed_comments
from videokit.youtube.sandbox.seed import VIEWER_COMMENTS
from videokit.youtube.service import connect


@pytest.fixture
def drmartin(home: Path, sandbox) -> dict[str, list[str]]:
    """A client whose profile lets videokit hold comments, its channel with 3 videos and viewers' comments."""
    (home / "config.toml").write_text(
        f'[youtube]\nsandbox_url = "{sandbox.url}"\ninitial_wait = 0.05\nmax_wait = 0.3\n'
        '[clients.drmartin]\nlanguage = "fr"\nhold_comments = true\nwebsite = "https://dr-martin.example"\n'
        '[clients.nohold]\nlanguage = "fr"\n'
    )
    videos = seed_channel(sandbox.state, "drmartin", videos=3, days=10, seed=1)
    return {"videos": videos, "comments": seed_comments(sandbox.state, videos, "fr")}


def _session(home: Path, name: str, options):
    settings = load_settings(home)
    return connect(settings, open_store(settings.database_url), settings.client(name), options=options)


def test_threads_come_in_the_wire_shape_and_cost_one_unit(home, sandbox, drmartin, options) -> None:
    session = _session(home, "drmartin", options)
    threads = yt_comments.threads(session)
    texts = [t for _, t in VIEWER_COMMENTS["fr"]]
    assert [t.text for t in threads] == list(reversed(texts))  # newest first, as written (plainText)
    assert {t.video_id for t in threads} == set(drmartin["videos"]) and not any(t.owner_replied for t in threads)
    assert all(t.moderation_status == "published" for t in threads)  # the owner sees moderation statuses
    project = session.credentials.client_id
    assert sandbox.state.quota_calls(project)["commentThreads.list"] == 1
    assert session.ledger.spent()["shared"] == sandbox.state.quota_used(project)["shared"]  # the same cost table
    raw = session.data.commentThreads().list(part="snippet", videoId=drmartin["videos"][0]).execute()
    top = raw["items"][0]["snippet"]["topLevelComment"]
    assert raw["kind"] == "youtube#commentThreadListResponse" and raw["simulated"] is True
    assert top["kind"] == "youtube#comment" and set(top["snippet"]) >= {
        "textDisplay",
        "textOriginal",
        "authorDisplayName",
        "authorChannelId",
        "publishedAt",
        "updatedAt",
        "likeCount",
        "moderationStatus",
    }


def test_moderation_and_replies_follow_youtube_rules(home, sandbox, drmartin, options) -> None:
    session = _session(home, "drmartin", options)
    first = drmartin["comments"][0]
    with pytest.raises(HttpError) as err:  # banAuthor only together with rejected
        session.data.comments().setModerationStatus(
            id=first, moderationStatus="heldForReview", banAuthor=True
        ).execute()
    assert err.value.status_code == 400 and "banWithoutReject" in err.value.content.decode()
    with pytest.raises(HttpError) as err:
        session.data.comments().insert(
            part="snippet", body={"snippet": {"parentId": first, "textOriginal": " "}}
        ).execute()
    assert "commentTextRequired" in err.value.content.decode()
    assert (
        session.data.comments().setModerationStatus(id=first, moderationStatus="heldForReview").execute() == ""
    )  # 204 No Content
    assert sandbox.state.comment(first)["status"] == "heldForReview"
    held = (
        session.data.commentThreads()
        .list(part="snippet", allThreadsRelatedToChannelId=session.channel_id, moderationStatus="heldForReview")
        .execute()
    )
    assert [i["id"] for i in held["items"]] == [first]
    assert first not in [t.comment_id for t in yt_comments.threads(session)]  # public listing: held ones hidden
    with pytest.raises(HttpError) as err:  # no reply to a comment out of public view
        session.data.comments().insert(
            part="snippet", body={"snippet": {"parentId": first, "textOriginal": "Merci"}}
        ).execute()
    assert "parentCommentIsPrivate" in err.value.content.decode()
    other = _session(home, "nohold", options)  # another channel may not moderate drmartin's comments
    with pytest.raises(HttpError) as err:
        other.data.comments().setModerationStatus(id=drmartin["comments"][1], moderationStatus="rejected").execute()
    assert err.value.status_code == 403
    # Google charges refused calls too; the client's ledger counts what the sandbox charged, at 50 units each
    project = session.credentials.client_id
    calls = sandbox.state.quota_calls(project)
    assert calls["comments.setModerationStatus"] == 3 and calls["comments.insert"] == 2
    assert session.ledger.spent()["shared"] == sandbox.state.quota_used(project)["shared"] >= 5 * 50


def test_triage_suggests_without_sending_then_applies_once(run_cli, sandbox, drmartin) -> None:
    before = sandbox.state.summary()["comments"]
    dry = run_cli("comments --client drmartin --json")
    assert dry.exit_code == 0, dry.output
    report = json.loads(dry.stdout)
    by_text = {c["text"]: c for c in report["comments"]}
    kinds = {c["kind"] for c in report["comments"]}
    assert kinds == {"praise", "question", "disclosure", "spam", "advice_request"}
    disclosure = next(c for t, c in by_text.items() if t.startswith("Je m'appelle Martine"))
    assert disclosure["action"] == "hold" and {"name", "phone", "birth_date", "health"} <= set(disclosure["disclosed"])
    reply = disclosure["suggested_reply"]
    assert reply and "Martine" not in reply and "06 12" not in reply and "1961" not in reply and "cancer" not in reply
    assert "médecin traitant" in reply and "https://dr-martin.example" in reply
    advice = next(c for t, c in by_text.items() if t.startswith("Quelle dose"))
    assert advice["action"] == "reply" and "avis médical personnalisé" in advice["suggested_reply"]
    assert "ibuprofène" not in advice["suggested_reply"]  # no advice, not even the drug's name
    assert next(c for t, c in by_text.items() if t.startswith("Gagnez"))["action"] == "hold"
    assert sum(sum(v["counts"].values()) for v in report["videos"]) == len(VIEWER_COMMENTS["fr"])
    assert report["applied"] is False and report["quota_units"] == 2  # threads (1) + titles (videos.list, 1)
    assert (
        all(r["status"] == "published" for r in sandbox.state.comments())
        and sandbox.state.summary()["comments"] == before
    )

    human = " ".join(run_cli("comments --client drmartin").output.split())  # the report as staff read it
    assert "1 disclosure," in human and "1 disclosures" not in human and "- disclosure (to hold)" in human

    applied = json.loads(run_cli("comments --client drmartin --apply --json").stdout)
    held = {r["id"] for r in sandbox.state.comments() if r["status"] == "heldForReview"}
    assert held == {c["comment_id"] for c in applied["comments"] if c["action"] == "hold"} and len(held) == 3
    replies = [r for r in sandbox.state.comments() if r["parent_id"]]
    replied = [c for c in applied["comments"] if c["action"] == "reply"]
    assert len(replies) == len(replied) == 1 and replies[0]["text"] == replied[0]["suggested_reply"]
    # 1 list + 1 hold call for all three + 1 reply + 1 videos.list for the titles
    assert applied["quota_units"] == 1 + 50 + 50 + 1

    again = json.loads(run_cli("comments --client drmartin --apply --json").stdout)
    assert len([r for r in sandbox.state.comments() if r["parent_id"]]) == 1  # nothing posted twice
    assert {c["action"] for c in again["comments"]} <= {"none", "answered"}


def test_a_client_that_does_not_allow_holding_only_gets_the_report(run_cli, sandbox, drmartin) -> None:
    seed_channel(sandbox.state, "nohold", videos=1, seed=2)
    videos = [r["id"] for r in sandbox.state.videos(sandbox.state.channel_for("nohold"))]
    seed_comments(sandbox.state, videos, "fr")
    sandbox.state.add_comment(
        videos[0], "Jonas", "UCxxxxxxxxxxxxxxxxxxxxxx", "Ich habe seit drei Wochen Rückenschmerzen, was soll ich tun?"
    )
    result = run_cli("comments --client nohold --apply")
    assert result.exit_code == 0, result.output
    assert "set hold_comments = true" in result.output
    assert not [r for r in sandbox.state.comments(videos) if r["status"] != "published"]
    german = json.loads(run_cli("comments --client nohold --json").stdout)["comments"][0]
    assert german["kind"] == "unsupported_language" and german["suggested_reply"] == ""
    assert "neither French nor English" in german["reasons"][0]


def test_bad_since_is_one_line(run_cli, drmartin) -> None:
    result = run_cli("comments --client drmartin --since 2999-01-01")
    assert result.exit_code == 3 and result.output.count("\n") == 1 and "in the future" in result.output
