"""`videokit seo` (titles, description, tags, chapters, score) and `videokit check` (deontology)."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape

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
@click.option(
    "--audio",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The transcript's recording: sentences the description quotes are heard again from it first.",
)
@json_option
@click.pass_context
def seo(
    ctx: click.Context,
    source: Path,
    client_name: str | None,
    language: str | None,
    output: Path | None,
    audio: Path | None,
    as_json: bool,
) -> None:
    """Derive three titles, the description, tags, chapters and the SEO score from a transcript
    (the JSON `videokit transcribe -o x.json` writes) or from a video/audio file.

    The description quotes the speaker only where a second hearing of the sentence's audio gives
    the same words: from a media file always, from a transcript when --audio names its recording.

    \b
    Examples:
      videokit seo consult.json --client drmartin
      videokit seo consult.mp4 --language fr --json
      videokit seo consult.json --audio consult.mp4 -o metadata.json
    """
    from videokit.seo.derive import derive_metadata
    from videokit.speech.rehear import Rehearing

    settings = settings_from(ctx)
    client = settings.client(client_name)
    if audio is not None and not audio.is_file():
        raise InputError(f"{audio}: no such file; give the recording the transcript was made from")
    transcript = _load_transcript(source, settings, client, language, quiet=as_json)
    recording = audio or (None if source.suffix.lower() == ".json" else source)
    rehearing = (
        Rehearing.of(
            transcript,
            recording,
            transcribe_options(settings.transcribe, client, language=transcript.language),
            models_dir=settings.models_dir,
        )
        if recording is not None
        else None
    )
    try:
        with progress_bars(enabled=not as_json and sys.stderr.isatty()) as bars:
            metadata = derive_metadata(
                transcript, client, settings.seo, progress=bar_callback(bars, "seo"), rehearing=rehearing
            )
    except InputError as err:
        raise InputError(f"{source}: {err}") from None
    if output is not None:
        serial.write(output, metadata)
    if as_json:
        emit_json(metadata)
        return
    out.print(f"[bold]Titles[/bold] ({metadata.language})")
    for i, t in enumerate(metadata.titles, 1):
        out.print(f"  {i}. {escape(t.text)}  [dim]({t.score:.2f}: {escape(t.reason)})[/dim]")
    out.print("\n[bold]Description[/bold]")
    out.print(metadata.description, markup=False, highlight=False)
    out.print(f"\n[bold]Tags[/bold] {escape(', '.join(metadata.tags))}")
    if metadata.chapters:
        out.print("\n[bold]Chapters[/bold]")
        for c in metadata.chapters:
            out.print(f"  {c.timestamp}  {c.title}", markup=False)
    else:
        out.print("\n[bold]Chapters[/bold] none (too short or a single topic)")
    _print_score(metadata.score)


@click.command()
@click.argument("source", metavar="TEXT|TRANSCRIPT|MEDIA|FINDINGS")
@click.option(
    "--client",
    "client_name",
    metavar="NAME",
    help="Client profile: extra rules (deontology_rules), reference photo, name.",
)
@click.option(
    "--language",
    type=click.Choice(["fr", "en"]),
    help="Rules to apply (default: the transcript's language, else the client's).",
)
@click.option(
    "--only",
    type=click.Choice(["speech", "screen"]),
    help="For a video: check only what is said, or only what is shown.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Findings JSON for a video (default: VIDEO.findings.json); cropped frames go to a folder beside it.",
)
@click.option(
    "--confirm",
    "confirm_ids",
    multiple=True,
    metavar="ID",
    help="In a findings file: confirm this finding (render --blur hides it).",
)
@click.option(
    "--unconfirm", "unconfirm_ids", multiple=True, metavar="ID", help="In a findings file: withdraw a confirmation."
)
@click.option(
    "--accept",
    "accept_ids",
    multiple=True,
    metavar="ID",
    help="In a findings file: accept this finding as it is, for --reason (it no longer blocks; the reason goes on the sign-off record).",
)
@click.option("--reason", metavar="TEXT", help="Why the findings given with --accept are acceptable.")
@click.option(
    "--unaccept", "unaccept_ids", multiple=True, metavar="ID", help="In a findings file: withdraw an acceptance."
)
@json_option
@click.pass_context
def check(ctx: click.Context, source: str, client_name: str | None, language: str | None, only: str | None, output: Path | None,
          confirm_ids: tuple[str, ...], unconfirm_ids: tuple[str, ...], accept_ids: tuple[str, ...], reason: str | None,
          unaccept_ids: tuple[str, ...], as_json: bool) -> None:  # fmt: skip
    """Check a text, a transcript, a metadata file or a video against medical deontology (French code
    of medical deontology first, English guidance too), patient privacy and, for a metadata file,
    the Ordre's 2025 charter. Exits 7 on a blocking finding, 4 when a language model is missing.

    For a video, what is shown is checked too: faces other than the practitioner's (the client's
    reference_photo, else the most present face) and patient identifiers readable on screen. The
    findings, each with an ID and a cropped frame, are written to a findings file; confirm the regions
    to hide with --confirm ID, then `videokit render --blur FINDINGS.json`.

    \b
    Examples:
      videokit check "Mes patients sont ravis, résultat garanti !"
      videokit check consult.json --client drmartin --json
      videokit check consult.mp4 --language fr
      videokit check consult.mp4 --only screen -o consult.findings.json
      videokit check consult.findings.json --confirm 5bcb45c9 --confirm 826d
      videokit check JOBDIR/findings.json --accept 3e1f --reason "HAS recommendation, quoted"
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
    data = _read_json(path) if kind == "json" else {}
    edits = confirm_ids or unconfirm_ids or accept_ids or unaccept_ids
    if edits and "findings" not in data:
        raise click.UsageError(
            "--confirm, --accept and their undoing edit a findings file: give the FINDINGS.json that "
            "'videokit check VIDEO' or 'publish' (in the job folder) wrote"
        )
    if accept_ids and not (reason or "").strip():
        raise click.UsageError("--accept needs --reason TEXT: why the finding is acceptable (it goes on the record)")
    written = None
    if "findings" in data:
        findings = _review(path, data, confirm_ids, unconfirm_ids, accept_ids, reason or "", unaccept_ids)
    elif kind == "text":
        findings = check_text(source, check_language(language, client), client)
    elif kind == "textfile":
        findings = check_text(_read(path), check_language(language, client), client, source="text")
    elif "titles" in data:
        try:
            metadata = serial.load(Metadata, {**data, **({"language": language} if language else {})})
        except ValueError as exc:
            raise InputError(
                f"{path}: not a videokit metadata file ({exc}); give metadata.json from 'videokit seo -o'"
            ) from None
        findings = check_metadata(metadata, client) + charter_findings(client, metadata)
    elif kind == "json":
        findings = check_transcript(_load_transcript(path, settings, client, language, quiet=as_json), client, language)
    else:
        findings, written = _check_media(path, settings, client, language, only, output, quiet=as_json)
    blocked = blocking(findings, blurred=True)  # confirmed regions are blurred at render
    if as_json:
        emit_json(
            {
                "source": source,
                "findings": findings,
                "blocking": len(blocked),
                "findings_file": written,
            }
        )
    else:
        _print_findings(findings)
        if written:
            out.print(f"Findings and cropped frames: {written}", markup=False)
    raise_if_blocking(findings, source if kind != "text" else "text", blurred=True)


def _check_media(path: Path, settings: Settings, client: ClientProfile, language: str | None, only: str | None, output: Path | None,
                 *, quiet: bool) -> tuple[list, str | None]:  # fmt: skip
    """Speech (transcribed now) and, for a video, the picture; the findings file is written when the picture was checked."""
    from videokit.compliance.check import FindingsReport, check_language, check_transcript
    from videokit.compliance.visual import carry_confirmations, check_video
    from videokit.media.probe import probe
    from videokit.seo.types import Finding

    info = probe(path)
    findings: list[Finding] = []
    if only != "screen" and info.has_audio:
        findings += check_transcript(_load_transcript(path, settings, client, language, quiet=quiet), client, language)
    if only == "speech" or not info.has_video:
        if only == "screen":
            raise InputError(f"{path}: no picture to check (audio only); give the video file")
        return findings, None
    target = output or path.with_name(f"{path.stem}.findings.json")
    with progress_bars(enabled=not quiet and sys.stderr.isatty()) as bars:
        result = check_video(
            path,
            settings.visual,
            language=check_language(language, client),
            reference_photo=client.reference_photo,
            practitioner_names=[n for n in (client.display_name,) if n],
            images=target.with_name(f"{target.stem}.frames"),
            progress=bar_callback(bars, "screen"),
        )
    visual = result.findings
    if target.exists():  # a rerun keeps the reviewer's confirmations
        with contextlib.suppress(OSError, ValueError):  # not a findings file of ours: overwritten below
            visual = carry_confirmations(visual, serial.read(FindingsReport, target).findings)
    findings += visual
    serial.write(target, FindingsReport(findings, screen=result.summary()))
    return findings, str(target)


def _review(path: Path, data: dict, confirm_ids: tuple[str, ...], unconfirm_ids: tuple[str, ...],
            accept_ids: tuple[str, ...] = (), reason: str = "", unaccept_ids: tuple[str, ...] = ()) -> list:  # fmt: skip
    """The findings of a findings file, with confirmations and acceptances set or withdrawn and saved."""
    from videokit.compliance.check import FindingsReport, accept, confirm, identified

    try:
        report = serial.load(FindingsReport, data)
    except ValueError as exc:
        raise InputError(
            f"{path}: not a videokit findings file ({exc}); give the file 'videokit check VIDEO' wrote"
        ) from None
    if not (confirm_ids or unconfirm_ids or accept_ids or unaccept_ids):
        return identified(report.findings)
    try:
        findings = confirm(confirm(identified(report.findings), confirm_ids, True), unconfirm_ids, False)
        findings = accept(accept(findings, accept_ids, reason), unaccept_ids, "")
    except ValueError as exc:
        raise InputError(f"{path}: {exc}; the IDs are listed by 'videokit check {path.name}'") from None
    serial.write(path, dataclasses.replace(report, findings=findings))
    return findings


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
        out.print(f"  {mark} {item.name:<19} {item.points:>2}/{item.max_points:<2} {escape(item.reason)}")


def _print_findings(findings) -> None:
    if not findings:
        out.print("[green]No deontology or privacy finding.[/green]")
        return
    for f in findings:
        colour = "red" if f.blocking else "yellow"
        at = (
            f" at {_clock(f.start)}" + (f"-{_clock(f.end)}" if f.end is not None else "") if f.start is not None else ""
        )
        ident = f" [bold]{f.id}[/bold]" if f.id else ""
        state = " [green]confirmed: will be blurred[/green]" if f.confirmed else ""
        state += " [green]accepted[/green]" if f.accepted else ""
        out.print(
            f"[{colour}]{f.severity.upper()}[/{colour}]{ident} {f.rule_id}{at} ({f.source}, {f.category}){state}",
            highlight=False,
        )
        out.print(f"  « {f.text} »", markup=False, highlight=False)
        out.print(f"  {f.rule} — {f.reference}", markup=False, highlight=False)
        if f.reason:
            out.print(f"  {f.reason}" + (f" [{f.image}]" if f.image else ""), markup=False, highlight=False)
        if f.fix:
            out.print(f"  → {f.fix}", markup=False, highlight=False)
        if f.accepted:
            out.print(f"  accepted: {f.accepted}", markup=False, highlight=False)
    blocked = sum(f.blocking for f in findings)
    confirmed = sum(f.confirmed for f in findings)
    out.print(
        f"\n{len(findings)} finding(s), {blocked} blocking"
        + (f", {confirmed} confirmed for blurring." if confirmed else ".")
    )


def _clock(seconds: float) -> str:
    return f"{int(seconds) // 60}:{int(seconds) % 60:02d}"
