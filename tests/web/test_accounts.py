"""`videokit user add|list|remove` as a user types them, and what the store keeps of a password."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from videokit.config import load_settings
from videokit.store import open_store
from videokit.web.accounts import authenticate

PASSWORD = "correct horse battery"


@pytest.fixture
def clients(home: Path) -> Path:
    (home / "config.toml").write_text("[clients.drmartin]\nlanguage = 'fr'\n\n[clients.drsmith]\nlanguage = 'en'\n")
    return home


def test_user_add_hashes_the_password_and_lists_no_secret(run_cli, clients: Path) -> None:
    result = run_cli(
        "user add Anne@Agence.fr --role staff --client drmartin --client drsmith --password-stdin --json",
        input=PASSWORD,
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {
        "email": "anne@agence.fr",
        "role": "staff",
        "clients": ["drmartin", "drsmith"],
        "created": True,
    }
    store = open_store(load_settings(clients).database_url)
    record = store.users.get("anne@agence.fr")
    assert record is not None and record.password_hash.startswith("$argon2id$") and PASSWORD not in record.password_hash
    assert authenticate(store.users, "anne@agence.fr", PASSWORD) is not None
    assert authenticate(store.users, "anne@agence.fr", PASSWORD + "!") is None
    assert authenticate(store.users, "nobody@agence.fr", PASSWORD) is None
    listed = run_cli("user list --json").stdout
    assert "argon2" not in listed and json.loads(listed)["users"][0]["clients"] == ["drmartin", "drsmith"]
    # again: the account is updated, not duplicated
    again = run_cli(
        "user add anne@agence.fr --role staff --client drmartin --password-stdin --json", input="another password!"
    )
    assert json.loads(again.stdout)["created"] is False
    assert authenticate(store.users, "anne@agence.fr", "another password!").clients == ("drmartin",)
    assert run_cli("user remove anne@agence.fr").exit_code == 0
    assert authenticate(store.users, "anne@agence.fr", "another password!") is None


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        ("claire@cabinet.fr --role practitioner --client drmartin --client drsmith", 4, "exactly one client"),
        ("claire@cabinet.fr --role viewer", 4, "exactly one client"),
        ("claire@cabinet.fr --role staff --client nobody", 4, "unknown client 'nobody'"),
        ("not-an-email --role staff --client drmartin", 3, "not an email address"),
    ],
)
def test_user_add_refuses_what_cannot_work(run_cli, clients: Path, args: str, code: int, message: str) -> None:
    result = run_cli(f"user add {args} --password-stdin", input=PASSWORD)
    assert result.exit_code == code and message in result.output


def test_a_short_password_is_refused(run_cli, clients: Path) -> None:
    result = run_cli("user add claire@cabinet.fr --role practitioner --client drmartin --password-stdin", input="short")
    assert result.exit_code == 3 and "at least 10" in result.output
