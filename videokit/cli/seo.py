"""`videokit seo` (titles, description, tags, chapters, score) and `videokit check` (deontology)."""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path

import click
from rich.console import Console

from videokit import serial
from videokit.cli.common import bar_callback, emit_json, json_option, progress_bars, settings_from
from videokit.config import ClientProfile, Settings, transcribe_options
from videokit.errors import InputError
from videokit.speech.types import Transcript

_TEXT_SUFFIXES = {".txt", ".md"}
out = Console(highlight=False, soft_wrap=True)  # the result goes to stdout; progress and errors to stderr
_MEDIA_SUFFIXES = {
    ".mp4",
    ".mov",
    ".mkv",
    ".webm",
    ".avi",
    ".m4v",
    ".mp3",
    ".wav",
    ".m4a",
    ".flac",
    ".ogg",
    ".opus",
    ".aac",
}


@click.command()
@click.argument("source", metavar="TRANSCRIPT.json|MEDIA", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--client", "client_name", metavar="NAME", help="Client profile: glossary, website, disclaimer, hashtags, name."
)
@click.option("--language", type=click.Choice(["fr", "en"]), help="Language of the metadata (default: the video's).")
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Also write the metadata JSON here."
)
@json_option
@click.pass_context
def seo(
    ctx: click.Context, source: Path, client_name: str | None, language: str | None, output: Path | None, as_json: bool
) -> None:
    """Derive three titles, the description, tags, chapters and the SEO score from a transcript
    (the JSON `videokit transcribe -o x.json` writes) or from a video/audio file.

    \b
    Examples:
      videokit seo consult.json --client drmartin
      videokit seo consult.mp4 --language fr --json
      videokit seo consult.json -o metadata.json
    """
    from videokit.seo.derive import derive_metadata

    settings = settings_from(ctx)
    client = settings.client(client_name)
    transcript = _load_transcript(source, settings, client, language, quiet=as_json)
    try:
        metadata = derive_metadata(transcript, client, settings.seo)
    except InputError as err:
        raise InputError(f"{source}: {err}") from None
    if output is not None:
        serial.write(output, metadata)
    if as_json:
        emit_json(metadata)
        return
    out.print(f"[bold]Titles[/bold] ({metadata.language})")
    for i, t in enumerate(metadata.titles, 1):
        out.print(f"  {i}. {t.text}  [dim]({t.score:.2f}: {t.reason})[/dim]")
    out.print("\n[bold]Description[/bold]")
    out.print(metadata.description, markup=False, highlight=False)
    out.print(f"\n[bold]Tags[/bold] {', '.join(metadata.tags)}")
    if metadata.chapters:
        out.print("\n[bold]Chapters[/bold]")
        for c in metadata.chapters:
            out.print(f"  {c.timestamp}  {c.title}", markup=False)
    else:
        out.print("\n[bold]Chapters[/bold] none (too short or a single topic)")
    _print_score(metadata.score)


@click.command()
@click.argument("source", metavar="TEXT|TRANSCRIPT|MEDIA")
@click.option(
    "--client", "client_name", metavar="NAME", help="Client profile whose extra rules (deontology_rules) apply."
)
@click.option(
    "--language",
    type=click.Choice(["fr", "en"]),
    help="Rules to apply (default: the transcript's language, else the client's).",
)
@json_option
@click.pass_context
def check(ctx: click.Context, source: str, client_name: str | None, language: str | None, as_json: bool) -> None:
    """Check a text, a transcript, a metadata file or a video against medical deontology (French code
    of medical deontology first, English guidance too), patient privacy and, for a metadata file,
    the Ordre's 2025 charter. Exits 7 on a blocking finding, 4 when a language model is missing.

    \b
    Examples:
      videokit check "Mes patients sont ravis, résultat garanti !"
      videokit check consult.json --client drmartin --json
      videokit check consult.mp4 --language fr
      videokit check script.txt
    """
    from videokit.compliance.charter import charter_findings
    from videokit.compliance.check import (
        blocking,
        check_language,
        check_metadata,
        check_text,
        check_transcript,
        raise_if_blocking,
    )
    from videokit.seo.types import Metadata

    settings = settings_from(ctx)
    client = settings.client(client_name)
    path = Path(source)
    kind = _kind(path)
    if kind == "text":
        findings = check_text(source, check_language(language, client), client)
    elif kind == "textfile":
        findings = check_text(_read(path), check_language(language, client), client, source="text")
    elif kind == "json" and "titles" in (data := _read_json(path)):
        try:
            metadata = serial.load(Metadata, {**data, **({"language": language} if language else {})})
        except ValueError as exc:
            raise InputError(
                f"{path}: not a videokit metadata file ({exc}); give metadata.json from 'videokit seo -o'"
            ) from None
        findings = check_metadata(metadata, client) + charter_findings(client, metadata)
    else:
        findings = check_transcript(_load_transcript(path, settings, client, language, quiet=as_json), client, language)
    blocked = blocking(findings)
    if as_json:
        emit_json({"source": source, "findings": findings, "blocking": len(blocked)})
    else:
        _print_findings(findings)
    raise_if_blocking(findings, source if kind != "text" else "text")


def _kind(path: Path) -> str:
    """What the user gave: an existing file (by extension), or the text itself."""
    suffix = path.suffix.lower()
    try:
        exists = path.is_file()
    except OSError:  # a long sentence is not a valid path on some systems
        exists = False
    if not exists:
        if suffix in {".json", *_TEXT_SUFFIXES, *_MEDIA_SUFFIXES} and " " not in str(path):
            raise InputError(f"{path}: no such file; check the path (or quote the text to check it directly)")
        return "text"
    if suffix == ".json":
        return "json"
    return "textfile" if suffix in _TEXT_SUFFIXES else "media"


def _load_transcript(
    path: Path, settings: Settings, client: ClientProfile, language: str | None, *, quiet: bool
) -> Transcript:
    """A transcript JSON as written by `videokit transcribe -o x.json`, or a media file transcribed now."""
    if not path.exists():
        raise InputError(f"{path}: no such file; check the path")
    if path.suffix.lower() == ".json":
        try:
            transcript = serial.load(Transcript, _read_json(path))
        except ValueError as exc:
            raise InputError(
                f"{path}: not a videokit transcript ({exc}); make one with 'videokit transcribe MEDIA -o {path.name}'"
            ) from None
        return dataclasses.replace(transcript, language=language) if language else transcript
    from videokit.speech.transcribe import transcribe

    options = transcribe_options(settings.transcribe, client, language=language)
    with progress_bars(enabled=not quiet and sys.stderr.isatty()) as bars:
        return transcribe(path, options, models_dir=settings.models_dir, progress=bar_callback(bars, "transcribe"))


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 text; save it as UTF-8") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror}); check its permissions") from None


def _read_json(path: Path) -> dict:
    try:
        data = json.loads(_read(path))
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}: not valid JSON (line {exc.lineno}); regenerate it") from None
    if not isinstance(data, dict):
        raise InputError(f"{path}: expected a JSON object (a transcript or metadata file)")
    return data


def _print_score(score) -> None:
    out.print(f"\n[bold]SEO score {score.total}/100[/bold]")
    for item in score.items:
        mark = "[green]✓[/green]" if item.ok else "[yellow]✗[/yellow]"
        out.print(f"  {mark} {item.name:<19} {item.points:>2}/{item.max_points:<2} {item.reason}")


def _print_findings(findings) -> None:
    if not findings:
        out.print("[green]No deontology or privacy finding.[/green]")
        return
    for f in findings:
        colour = "red" if f.blocking else "yellow"
        at = f" at {int(f.start) // 60}:{int(f.start) % 60:02d}" if f.start is not None else ""
        out.print(
            f"[{colour}]{f.severity.upper()}[/{colour}] {f.rule_id}{at} ({f.source}, {f.category})", highlight=False
        )
        out.print(f"  « {f.text} »", markup=False, highlight=False)
        out.print(f"  {f.rule} — {f.reference}", markup=False, highlight=False)
        if f.reason:
            out.print(f"  {f.reason}", markup=False, highlight=False)
        if f.fix:
            out.print(f"  → {f.fix}", markup=False, highlight=False)
    blocked = sum(f.blocking for f in findings)
    out.print(f"\n{len(findings)} finding(s), {blocked} blocking.")
