"""Issue 16 acceptance: every command fed hostile inputs, as a user types them.

Each case asserts a documented exit code (videokit/errors.py: 2 usage, 3 input, 4 config, 8 output),
exactly one line on stderr, no traceback (run_cli lets any exception through, failing the test), and
nothing written at the final output path.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from videokit.errors import EXIT_CODES

TEXT = b"These are my notes from the consultation, not a video.\n" * 40
LAUGHS = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
)


@pytest.fixture(scope="module")
def whole_mp4(corpus: Path) -> Path:
    return corpus / "video" / "whisperx_sample01.mp4"


def _bad_file(folder: Path, kind: str, name: str, whole: Path) -> Path:
    path = folder / name
    if kind == "text-as-mp4":
        path.write_bytes(TEXT)
    elif kind == "truncated":
        path.write_bytes(whole.read_bytes()[: whole.stat().st_size * 2 // 3])
    elif kind == "empty":
        path.write_bytes(b"")
    return path  # "missing": never written


FILE_KINDS = ["missing", "text-as-mp4", "truncated", "empty"]
NAMES = ["-clip.mp4", "cabinet:lundi.mp4", "l'examen, 2e partie.mp4"]
# command -> argv before the input (the output, when there is one, goes to OUT)
FILE_COMMANDS = {
    "probe": ["probe"],
    "trim": ["trim", "-o", "{out}.mp4"],
    "render": ["render", "-o", "{out}.mp4"],
    "thumbnail": ["thumbnail", "-o", "{out}.jpg"],
    "transcribe": ["transcribe", "-o", "{out}.srt"],
    "seo": ["seo", "-o", "{out}.json"],
    "publish": ["publish", "--dry-run"],
}


def _assert_one_clean_line(result, codes: tuple[int, ...], *needles: str) -> None:
    assert result.exit_code in codes, (result.exit_code, result.output)
    assert result.exit_code in EXIT_CODES  # documented in `videokit --help`
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ") and "Traceback" not in result.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("kind", FILE_KINDS)
@pytest.mark.parametrize("command", sorted(FILE_COMMANDS))
def test_bad_media_file(
    run_cli, tmp_path: Path, whole_mp4: Path, monkeypatch: pytest.MonkeyPatch, command: str, kind: str, name: str
) -> None:
    monkeypatch.chdir(tmp_path)  # typed relative, as users do: '-clip.mp4' must not become an option
    _bad_file(tmp_path, kind, name, whole_mp4)
    out = tmp_path / "out" / "final"
    argv = [a.format(out=out) for a in FILE_COMMANDS[command]] + ["--", name]
    result = run_cli(argv)
    _assert_one_clean_line(result, (3,), name)
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())
    assert not list((tmp_path / "home" / "jobs").rglob("*.mp4")) if (tmp_path / "home" / "jobs").exists() else True


WORKFLOWS = {
    "anchors": (LAUGHS + "steps: [probe]\n", "anchors and aliases"),
    "deep-nesting": ("steps: " + "[" * 400 + "]" * 400 + "\n", "nested deeper"),
    "duplicate-keys": ("steps: [probe]\nsteps: [trim]\n", "duplicate key"),
    "steps-wrong-type": ("steps: {probe: 1}\n", "non-empty 'steps' list"),
    "params-wrong-type": ("steps:\n  - probe\n  - trim: {margin: [1, 2]}\n", "margin"),
    "clients-wrong-type": ("steps: [probe]\nclients: [1]\n", "clients"),
    "invalid-utf8": (b"steps: [probe]\nname: caf\xe9\n", "not UTF-8"),
    "not-yaml": ("steps: [probe\n", "not valid YAML"),
    "name-escapes": ("name: ../../../out\nsteps: [probe]\n", "letters, digits"),
}


@pytest.mark.parametrize("case", sorted(WORKFLOWS))
def test_bad_workflow_file(run_cli, tmp_path: Path, corpus: Path, home: Path, case: str) -> None:
    text, needle = WORKFLOWS[case]
    workflow = tmp_path / f"{case}.yaml"
    workflow.write_bytes(text if isinstance(text, bytes) else text.encode())
    clips = tmp_path / "clips"
    clips.mkdir()
    shutil.copy(corpus / "fr" / "bonjour.wav", clips)
    result = run_cli(["batch", "run", str(clips), "--workflow", str(workflow), "--dry-run"])
    _assert_one_clean_line(result, (4,), str(workflow), needle)
    assert not (home / "jobs").exists()


CONFIGS = {
    "invalid-utf8": (b"[clients.drmartin]\ndisplay_name = 'Dr \xe9'\n", "not UTF-8"),
    "unknown-time-zone": (b"[clients.drmartin]\ntimezone = 'Europe/Lutece'\n", "unknown time zone"),
    "name-mismatch": (b"[clients.drmartin]\nname = 'other'\n", ":2: clients.drmartin"),
    "not-toml": (b"[clients.drmartin\n", "not valid TOML"),
    "wrong-type": (b"[clients.drmartin]\nposting_calendar = 'TUE 18:00'\n", "posting_calendar"),
    "unreachable-database": (b"database_url = 'postgresql://u:secret@127.0.0.1:1/videokit'\n", "cannot connect"),
    "bad-database-url": (b"database_url = 'not a url'\n", "database_url"),
}


@pytest.mark.parametrize(
    ("case", "command"),
    [
        (case, command)
        for case in sorted(CONFIGS)
        for command in ("client list", "batch status", "quota")
        if "database" not in case or command != "client list"  # client list never opens the database
    ],
)
def test_bad_config(run_cli, home: Path, case: str, command: str) -> None:
    content, needle = CONFIGS[case]
    (home / "config.toml").write_bytes(content)
    result = run_cli(command)
    _assert_one_clean_line(result, (4,), needle)
    assert "secret" not in result.stderr  # the database password is never echoed


@pytest.mark.parametrize(
    "argv",
    [
        "report --period 99999999999999999999d",
        "report --period 4000d",
        "report --period -3d",
        "track --every 99999999999999999999h",
        "track --every 0h",
        "render --nope x.mp4",
        "nosuchcommand",
        "audit undo 99999999999999999999999",
        "batch cancel ../../nosuch",
        "batch retry nosuch",
        "publish clip.mp4 --force nosuchstep",
    ],
)
def test_bad_options_are_one_line_usage_errors(run_cli, argv: str) -> None:
    _assert_one_clean_line(run_cli(argv), (2,))


MANIFESTS = {
    "duplicate-rows": ("clip,client\na.wav,sandbox\n./a.wav,\n", 3, ":3: same clip"),
    "workflow-outside": ("clip,workflow\na.wav,/etc/../tmp/x.yaml\n", 4, ":2: workflow"),
    "workflow-path-name": ("clip,workflow\na.wav,../../publish\n", 4, ":2: workflow"),
    "past-publish-at": ("clip,publish_at\na.wav,2001-01-01T10:00+01:00\n", 3, ":2: publish_at"),
    "naive-publish-at": ("clip,publish_at\na.wav,2031-01-01T10:00\n", 3, ":2: publish_at"),
    "clip-outside": ("clip\n../a.wav\n", 3, ":2: clip"),
}


@pytest.mark.parametrize("case", sorted(MANIFESTS))
def test_bad_manifest(run_cli, tmp_path: Path, corpus: Path, home: Path, case: str) -> None:
    text, code, needle = MANIFESTS[case]
    folder = tmp_path / "lundi"
    folder.mkdir()
    shutil.copy(corpus / "fr" / "bonjour.wav", folder / "a.wav")
    manifest = folder / "batch.csv"
    manifest.write_text(text)
    result = run_cli(["batch", "run", str(manifest), "--dry-run"])
    _assert_one_clean_line(result, (code,), f"{manifest}{needle}")
    assert not (home / "jobs").exists()


@pytest.mark.parametrize(
    "content",
    [b'{"installed": 5}', b"[1, 2]", b'{"installed": {"client_id": "x"}}', b"\xff\xfe", b'{"web": {}}'],
)
def test_bad_oauth_client_secrets(run_cli, tmp_path: Path, content: bytes) -> None:
    secrets = tmp_path / "client_secret.json"
    secrets.write_bytes(content)
    result = run_cli(["auth", "add", "sandbox", "--client-secrets", str(secrets), "--no-browser"])
    _assert_one_clean_line(result, (3,), str(secrets))


def test_unwritable_home(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    from click.testing import CliRunner

    from videokit.cli import cli

    result = CliRunner().invoke(
        cli, ["batch", "status"], env={"VIDEOKIT_HOME": str(blocker / "home")}, catch_exceptions=False
    )
    _assert_one_clean_line(result, (8,), str(blocker))


@pytest.mark.parametrize(
    "option, content",
    [
        ("--captions", b"garbage, not subtitles\n"),
        ("--captions", b""),
        ("--blur", b"[1, 2"),
        ("--blur", b'{"findings": 5}'),
    ],
)
def test_bad_side_files_of_render_are_named(
    run_cli, tmp_path: Path, whole_mp4: Path, option: str, content: bytes
) -> None:
    side = tmp_path / f"l'annexe, v2{'.srt' if option == '--captions' else '.json'}"
    side.write_bytes(content)
    out = tmp_path / "out" / "final.mp4"
    result = run_cli(["render", str(whole_mp4), "-o", str(out), option, str(side)])
    _assert_one_clean_line(result, (3,), str(side))
    assert not out.exists()
