"""Every command and subcommand answers --help, with an example of itself as a user types it."""

from __future__ import annotations

from collections.abc import Iterator

import click
import pytest
from click.testing import CliRunner

from videokit.cli import cli


def commands(group: click.Group = cli, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        yield (*path, name)
        if isinstance(command, click.Group):
            yield from commands(command, (*path, name))


ALL = list(commands())


def test_every_command_is_found() -> None:
    names = {" ".join(p) for p in ALL}
    assert {"publish", "batch run", "audit fix", "sandbox serve", "client add"} <= names and len(names) > 30


@pytest.mark.parametrize("path", ALL, ids=" ".join)
def test_help_has_an_example(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "(unavailable" not in result.output, result.output  # the command's module imports
    assert "example" in result.output.lower(), result.output
    assert f"videokit {' '.join(path)}" in result.output, f"no example of 'videokit {' '.join(path)}'"
