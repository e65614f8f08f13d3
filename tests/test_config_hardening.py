"""Issue 16 item 7 and the config sweep: a client block cannot turn into another client, and a config
file that is not UTF-8 or names an unknown time zone is one line, exit 4."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.mark.parametrize("command", ["client list", "quota", "batch status"])
def test_a_name_line_inside_a_client_block_is_refused(run_cli, home: Path, command: str) -> None:
    config = home / "config.toml"
    config.write_text(
        "[clients.drmartin]\nlanguage = 'fr'\n\n[clients.other]\nchannel = 'sandbox'\nname = 'drmartin'\nprivacy = 'public'\n"
    )
    result = run_cli(command)
    assert result.exit_code == 4, result.output
    line = result.stderr.strip()
    assert "\n" not in line and line.startswith(f"error: {config.resolve()}:6: clients.other: name = 'drmartin'")


def test_a_matching_name_line_is_harmless(run_cli, home: Path) -> None:
    (home / "config.toml").write_text("[clients.drmartin]\nname = 'drmartin'\n")
    result = run_cli("client list")
    assert result.exit_code == 0 and "drmartin" in result.output


@pytest.mark.parametrize(
    "content, needle",
    [
        (b"[clients.drmartin]\nlanguage = 'fr'\ndisplay_name = 'Dr \xe9'\n", "not UTF-8"),
        (b"[clients.drmartin]\ntimezone = 'Mars/Olympus'\n", "unknown time zone 'Mars/Olympus'"),
        (b"[clients.drmartin]\ntimezone = '../../etc/passwd'\n", "unknown time zone"),
    ],
)
def test_unreadable_config_is_one_line(run_cli, home: Path, content: bytes, needle: str) -> None:
    (home / "config.toml").write_bytes(content)
    result = run_cli("client list")
    assert result.exit_code == 4 and needle in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
