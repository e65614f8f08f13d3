"""`videokit client add|list|show|edit`: per-client profiles in config.toml."""

from __future__ import annotations

from pathlib import Path

import click

from videokit.cli.common import emit_json, json_option, settings_from
from videokit.clients import read_glossary, save_client
from videokit.errors import ConfigError


def _profile_options(func):
    options = [
        click.option("--display-name", help="Name shown in reports, e.g. 'Dr Claire Martin'."),
        click.option("--channel", help="'sandbox' or the YouTube channel id (UC...) pinned by 'videokit auth add'."),
        click.option("--language", type=click.Choice(["auto", "fr", "en"])),
        click.option("--privacy", type=click.Choice(["private", "unlisted", "public"])),
        click.option(
            "--category-id", help="YouTube category (27 Education, 26 Howto & Style, 28 Science & Technology)."
        ),
        click.option("--cloud-project", help="Google Cloud project whose quota this client spends."),
        click.option("--website", help="Practitioner's site, linked with UTM tags in descriptions."),
        click.option("--disclaimer", help="Standard medical disclaimer appended to descriptions."),
        click.option("--hashtag", "hashtags", multiple=True, help="Hashtag to prefer (repeatable)."),
        click.option("--playlist", "playlists", multiple=True, help="Playlist every upload joins (repeatable)."),
        click.option(
            "--glossary",
            type=click.Path(exists=True, dir_okay=False, path_type=Path),
            help="Text file, one term per line (names, drugs).",
        ),
        click.option(
            "--rules",
            "deontology_rules",
            type=click.Path(exists=True, dir_okay=False, path_type=Path),
            help="Extra deontology rules (YAML).",
        ),
        click.option("--slot", "posting_calendar", multiple=True, help="Posting slot like 'TUE 18:00' (repeatable)."),
        click.option("--timezone", help="Time zone of the posting calendar, e.g. Europe/Paris."),
        click.option("--country", help="Where the practitioner is licensed (ISO code, e.g. FR): health features."),
        click.option(
            "--hold-comments/--no-hold-comments",
            "hold_comments",
            default=None,
            help="Let 'videokit comments --apply' hold disclosures and spam for review.",
        ),
        click.option(
            "--logo", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="Watermark logo (PNG)."
        ),
        click.option("--intro", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="Intro clip."),
        click.option("--outro", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="Outro clip."),
        click.option("--color", "primary_color", help="Brand colour, e.g. #0B5FA5."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _fields(values: dict) -> dict:
    fields = {k: v for k, v in values.items() if k not in {"logo", "intro", "outro", "primary_color", "glossary"}}
    fields = {k: (list(v) if isinstance(v, tuple) else v) for k, v in fields.items()}
    fields = {k: v for k, v in fields.items() if v not in (None, [])}
    if values.get("glossary"):
        fields["glossary"] = read_glossary(values["glossary"])
    for key in ("logo", "intro", "outro"):
        if values.get(key):
            fields[f"branding.{key}"] = str(values[key].resolve())
    if values.get("primary_color"):
        fields["branding.primary_color"] = values["primary_color"]
    if fields.get("deontology_rules"):
        fields["deontology_rules"] = str(Path(fields["deontology_rules"]).resolve())
    return fields


@click.group()
def client() -> None:
    """Client profiles: channel, language, branding, glossary, rules, calendar, quota project.

    \b
    Examples:
      videokit client add drmartin --display-name "Dr Claire Martin" --language fr \\
          --website https://dr-martin.fr --slot "TUE 18:00" --slot "THU 18:00"
      videokit client list
      videokit client edit drmartin --glossary glossary.txt
    """


@client.command("add")
@click.argument("name")
@_profile_options
@json_option
@click.pass_context
def add(ctx, name, as_json, **values):
    """Add a client profile (see `videokit client --help`).

    \b
    Example:
      videokit client add drmartin --display-name "Dr Claire Martin" --language fr --slot "TUE 18:00"
    """
    profile = save_client(settings_from(ctx), name, _fields(values), create=True)
    _show(profile, as_json, f"client {name} added")


@client.command("edit")
@click.argument("name")
@_profile_options
@json_option
@click.pass_context
def edit(ctx, name, as_json, **values):
    """Change some fields of a client profile; the others stay as they are.

    \b
    Example:
      videokit client edit drmartin --glossary glossary.txt --privacy unlisted
    """
    profile = save_client(settings_from(ctx), name, _fields(values), create=False)
    _show(profile, as_json, f"client {name} updated")


@client.command("show")
@click.argument("name")
@json_option
@click.pass_context
def show(ctx, name, as_json):
    """Show one client profile.  Example: videokit client show drmartin --json"""
    _show(settings_from(ctx).client(name), as_json, None)


@client.command("list")
@json_option
@click.pass_context
def list_(ctx, as_json):
    """List client profiles.  Example: videokit client list"""
    settings = settings_from(ctx)
    rows = [
        {
            "name": c.name,
            "display_name": c.display_name,
            "channel": c.channel,
            "language": c.language,
            "cloud_project": c.cloud_project,
        }
        for c in settings.clients.values()
    ]
    if as_json:
        emit_json({"clients": rows})
        return
    for row in rows:
        click.echo(f"{row['name']:<20} {row['channel']:<26} {row['language']:<5} {row['display_name']}")


def _show(profile, as_json: bool, headline: str | None) -> None:
    data = profile.model_dump(mode="json")
    if as_json:
        emit_json(data)
        return
    if headline:
        click.echo(headline)
    for key, value in data.items():
        if value not in (None, [], {}, ""):
            click.echo(f"  {key}: {value}")


__all__ = ["ConfigError", "client"]
