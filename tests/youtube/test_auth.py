"""Per-client auth: the real installed-app flow against the sandbox's OAuth endpoints, 0600 tokens,
pinned channels, revoked grants, and no secret in any log line or --json output."""

from __future__ import annotations

import json
import logging
import shutil
import stat
import threading
import urllib.request
import webbrowser
from pathlib import Path

import pytest
from google.oauth2.credentials import Credentials

from videokit.config import load_settings
from videokit.errors import YouTubeError
from videokit.store import open_store
from videokit.youtube import auth
from videokit.youtube.publish import UploadRequest, publish_video
from videokit.youtube.service import connect


class _Browser:
    """Stands in for the user's browser: open the consent URL, follow the redirect to the loopback server."""

    def open(self, url: str, new: int = 0, autoraise: bool = True) -> bool:
        threading.Thread(target=lambda: urllib.request.urlopen(url, timeout=10).read(), daemon=True).start()
        return True


@pytest.fixture
def browser(monkeypatch):
    monkeypatch.setattr(webbrowser, "get", lambda *_a, **_k: _Browser())


def _config(home: Path, sandbox, clients: dict[str, dict]) -> None:
    lines = ["[youtube]", f'sandbox_url = "{sandbox.url}"', "chunk_size = 262144", ""]
    for name, fields in clients.items():
        lines.append(f"[clients.{name}]")
        lines += [f"{k} = {json.dumps(v)}" for k, v in fields.items()]
        lines.append("")
    (home / "config.toml").write_text("\n".join(lines), encoding="utf-8")


def _secrets(tmp_path: Path, sandbox) -> Path:
    path = tmp_path / "client_secret.json"
    path.write_text(json.dumps(sandbox.client_config()), encoding="utf-8")
    return path


def test_auth_add_pins_channel_and_keeps_every_secret_out_of_output(run_cli, home, sandbox, browser, tmp_path, caplog):
    channel = sandbox.state.channel_for("sandbox")  # the account the consent screen signs in
    _config(home, sandbox, {"drmartin": {"channel": channel, "cloud_project": "cabinet-martin"}})
    caplog.set_level(logging.DEBUG)

    added = run_cli(f"auth add drmartin --client-secrets {_secrets(tmp_path, sandbox)} --json")
    assert added.exit_code == 0, added.output
    pinned = json.loads(added.stdout)
    assert pinned["channel_id"] == channel
    token_file = Path(pinned["token_path"])
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600

    outputs = [added.output]
    for command in ("auth list --json", "auth check drmartin --json", "quota --client drmartin --json"):
        result = run_cli(command)
        assert result.exit_code == 0, result.output
        outputs.append(result.output)
    assert json.loads(outputs[2])["ok"] is True

    token = json.loads(token_file.read_text())
    codes = [r["code"] for r in sandbox.state.rows("SELECT code FROM codes")]
    access = [r["access_token"] for r in sandbox.state.rows("SELECT access_token FROM tokens")]
    secrets = [token["refresh_token"], token["client_secret"], *codes, *access]
    assert codes and access
    text = "\n".join(outputs + [r.getMessage() for r in caplog.records])
    leaked = [s for s in secrets if s in text]
    assert not leaked, "a token, client secret or authorisation code reached a log line or --json output"


def test_auth_add_refuses_the_wrong_channel(run_cli, home, sandbox, browser, tmp_path):
    _config(home, sandbox, {"drlee": {"channel": "UC" + "x" * 22}})
    result = run_cli(f"auth add drlee --client-secrets {_secrets(tmp_path, sandbox)}")
    assert result.exit_code == YouTubeError.exit_code
    assert "pins UCxxxxxxxxxxxxxxxxxxxxxx" in result.stderr
    assert not list((home / "tokens").glob("drlee-*")) if (home / "tokens").exists() else True


def test_bad_client_secrets_file_is_named_with_the_fix(run_cli, home, sandbox, tmp_path):
    web = tmp_path / "web.json"
    web.write_text(json.dumps({"web": {"client_id": "x"}}))
    result = run_cli(f"auth add sandbox --client-secrets {web}")
    assert result.exit_code == 3 and str(web) in result.stderr and "Desktop app" in result.stderr


def test_revoked_refresh_token_says_so_and_how_to_fix(run_cli, home, sandbox, browser, tmp_path):
    channel = sandbox.state.channel_for("sandbox")
    _config(home, sandbox, {"drmartin": {"channel": channel}})
    assert run_cli(f"auth add drmartin --client-secrets {_secrets(tmp_path, sandbox)}").exit_code == 0
    refresh = json.loads(next((home / "tokens").glob("drmartin-*.json")).read_text())["refresh_token"]
    sandbox.state.revoke(refresh)

    result = run_cli("auth check drmartin")
    assert result.exit_code == YouTubeError.exit_code
    assert "revoked" in result.stderr and "7 days" in result.stderr
    assert "videokit auth add drmartin --client-secrets FILE" in result.stderr


def test_token_without_refresh_token_is_refused(home, tmp_path):
    settings = load_settings(home)
    with pytest.raises(YouTubeError, match="no refresh token"):
        auth.save_credentials(
            open_store(settings.database_url).credentials,
            settings,
            "drmartin",
            "UC" + "a" * 22,
            "",
            Credentials(token="short-lived"),
        )
    assert not settings.tokens_dir.exists() or not list(settings.tokens_dir.iterdir())


def test_client_a_token_cannot_publish_to_client_b_channel(home, sandbox, options, clip, tmp_path):
    _config(home, sandbox, {"clinic-a": {}, "clinic-b": {}})
    settings = load_settings(home)
    store = open_store(settings.database_url)
    a = connect(settings, store, settings.client("clinic-a"), options=options)
    b = connect(settings, store, settings.client("clinic-b"), options=options)
    assert a.channel_id != b.channel_id
    token_b = Path(store.credentials.get("clinic-b").token_path)
    token_a = Path(store.credentials.get("clinic-a").token_path)
    shutil.copyfile(token_a, token_b)  # a mix-up: clinic B's token file now holds clinic A's grant

    mixed = connect(settings, store, settings.client("clinic-b"), options=options)
    before = dict(sandbox.requests)
    with pytest.raises(YouTubeError, match="refusing to publish"):
        publish_video(mixed, UploadRequest(video=clip, title="Ne doit pas partir"), state_file=tmp_path / "s.json")

    sent = {op: n - before.get(op, 0) for op, n in sandbox.requests.items() if n != before.get(op, 0)}
    assert sent == {"channels.list": 1}, "only the channel check may be sent"
    assert sandbox.state.count_videos() == 0
