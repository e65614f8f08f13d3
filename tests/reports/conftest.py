"""Two clients on the YouTube sandbox, with 60 days of simulated growth, tracked once per module."""

from __future__ import annotations

import json
import shlex
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from videokit.youtube.sandbox import SandboxServer, seed_channel, start_sandbox


@dataclass
class Channel:
    MARKUP_TITLE = "<script>alert('pwned')</script> Mal de dos & <b>sciatique</b>"
    OTHER_TITLE = "Knee rehab after surgery, Dr Smith's own method"  # only drsmith has it

    home: Path
    sandbox: SandboxServer
    ids: dict[str, list[str]]  # client -> seeded video ids

    def run(self, args: str) -> Result:
        """`videokit ARGS` as a user types it, in this home."""
        from videokit.cli import cli

        return CliRunner().invoke(cli, shlex.split(args), env={"VIDEOKIT_HOME": str(self.home)}, catch_exceptions=False)

    def run_json(self, args: str) -> dict:
        result = self.run(args)
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)


@pytest.fixture(scope="module")
def channels(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Channel]:
    home = tmp_path_factory.mktemp("reports-home")
    server = start_sandbox(home / "sandbox.db")
    (home / "config.toml").write_text(
        f'[youtube]\nsandbox_url = "{server.url}"\n\n'
        '[clients.drmartin]\ndisplay_name = "Dr Claire Martin, kinésithérapeute"\nlanguage = "fr"\n\n'
        '[clients.drsmith]\ndisplay_name = "Dr John Smith"\nlanguage = "en"\n\n'
        '[clients.newcomer]\nlanguage = "fr"\n',
        encoding="utf-8",
    )
    ids = {
        "drmartin": seed_channel(server.state, "drmartin", videos=24, days=60, seed=1),
        "drsmith": seed_channel(server.state, "drsmith", videos=12, days=60, seed=2),
    }
    # YouTube's own API refuses '<' in titles, but a report must survive any text: put one in its state.
    for video_id, title in ((ids["drmartin"][-3], Channel.MARKUP_TITLE), (ids["drsmith"][-1], Channel.OTHER_TITLE)):
        resource = json.loads(server.state.video(video_id)["resource"])
        resource["snippet"]["title"] = title
        server.state.save_video(video_id, resource)
    yield Channel(home, server, ids)
    server.stop()
