"""Issue 16 sweep: the token endpoint refusing, failing or not answering the code exchange is one
line, exit 5, naming the endpoint and never the code or the client secret (no traceback)."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.mark.parametrize(
    "fault",
    [
        {"kind": "status", "status": 400, "reason": "invalid_grant"},
        {"kind": "status", "status": 500, "reason": "backendError"},
        {"kind": "drop"},
        {"kind": "lost_reply"},
    ],
    ids=["refused", "server-error", "dropped", "no-reply"],
)
def test_token_exchange_errors_are_one_line(run_cli, home: Path, sandbox, fault: dict) -> None:
    (home / "config.toml").write_text(
        f'[youtube]\nsandbox_url = "{sandbox.url}"\nattempts = 2\ninitial_wait = 0.05\nmax_wait = 0.1\ntimeout = 3.0\n'
    )
    sandbox.faults.add("token", 1, times=5, **fault)
    result = run_cli("auth check sandbox")
    assert result.exit_code == 5, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and f"token endpoint {sandbox.url}/token" in lines[0], result.stderr
    assert "sandbox-not-secret" not in result.stderr and "code=" not in result.stderr
