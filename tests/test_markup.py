"""Issue 16 sweep: text users control (titles, chapter titles, file names, paths) is printed as it is,
never read as rich markup (a '[/]' in a title used to crash the summary; '[red]' would colour it)."""

from __future__ import annotations

import pytest

from videokit.cli.publish import _print_summary

HOSTILE = "Dr [bold]Martin[/bold] [/] [link=https://evil.example]clic[/link] C:\\[x]"


def test_publish_summary_prints_user_text_verbatim(capsys: pytest.CaptureFixture[str]) -> None:
    report = {
        "url": "http://127.0.0.1:1/watch?v=[x]",
        "short": None,
        "findings": {"findings": 1, "blocking": 1, "overridden": False},
        "finding_lines": [
            {"severity": "block", "rule_id": "fr.[b]x", "start": 75.0, "reason": HOSTILE, "fix": HOSTILE}
        ],
        "already_uploaded": False,
        "locked_private": False,
        "title": HOSTILE,
        "chapters": [{"start": 61.0, "title": HOSTILE}],
        "score": {"total": 80},
        "captions": {"srt": "/tmp/[red]clip[/].srt"},
        "job_dir": "/jobs/[/]",
        "files": ["[b]final.mp4"],
        "steps": {"[upload]": {"reused": True, "seconds": 0.0}},
    }
    _print_summary(report)
    out = capsys.readouterr().out
    assert out.count(HOSTILE) == 4 and "block 1:15 fr.[b]x: " in out  # title, chapter, finding and its fix
    for text in ("/tmp/[red]clip[/].srt", "/jobs/[/]", "[b]final.mp4", "[upload]", "watch?v=[x]"):
        assert text in out

    short = {"video_id": "y", "url": "http://127.0.0.1:1/watch?v=[y]", "privacy": "private", "publish_at": None,
             "already_uploaded": False, "title": f"{HOSTILE} #Shorts", "full_video_url": "http://127.0.0.1:1/watch?v=[x]"}  # fmt: skip
    _print_summary({**report, "url": None, "short": short})
    out = capsys.readouterr().out
    assert (
        out.count(HOSTILE) == 3 and "watch?v=[y]" in out and "Chapters" not in out
    )  # the Short's title, the finding and its fix
