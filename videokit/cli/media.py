"""Media commands: probe, trim (dead air), render (YouTube master), thumbnail."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from pydantic import ValidationError

from videokit import serial
from videokit.cli.common import bar_callback, emit_json, json_option, progress_bars, settings_from
from videokit.config import format_validation_error
from videokit.errors import ConfigError, InputError
from videokit.fsutil import read_json

if TYPE_CHECKING:
    from videokit.media.blur import BlurRegion


@click.command("probe")
@click.argument("clip", type=click.Path(path_type=Path))
@json_option
def probe(clip: Path, as_json: bool) -> None:
    """Show what a media file holds (streams, size, rate, rotation).

    \b
    Example:
      videokit probe clip.mp4 --json
    """
    from videokit.media.probe import probe as probe_media

    info = probe_media(clip)
    if as_json:
        emit_json(info)
        return
    click.echo(f"{clip}: {info.duration:.2f} s, {info.format}")
    if info.has_video:
        vfr = ", variable frame rate" if info.vfr else ""
        click.echo(
            f"  video {info.video_codec} {info.width}x{info.height} {info.fps or 0:.3f} fps {info.pix_fmt}{vfr}, rotation {info.rotation}"
        )
    if info.has_audio:
        click.echo(f"  audio {info.audio_codec} {info.sample_rate} Hz, {info.channels} ch")


@click.command("trim")
@click.argument("clip", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="Trimmed file (default: CLIP.trimmed.mp4, or .m4a for audio).",
)
@click.option("--margin", type=float, help="Seconds kept before and after speech (default 0.2).")
@click.option("--min-pause", type=float, help="Pauses shorter than this are kept (default 0.6 s).")
@click.option("--min-keep", type=float, help="Speech islands shorter than this are dropped (default 0.3 s).")
@click.option(
    "--cut", "cuts", multiple=True, metavar="RANGE", help="Always remove this range, e.g. 0:10-0:42 (repeatable)."
)
@click.option("--keep", "keeps", multiple=True, metavar="RANGE", help="Always keep this range (repeatable).")
@click.option(
    "--detector",
    type=click.Choice(["auto", "vad", "energy"]),
    help="Speech detector (auto combines Silero VAD and energy).",
)
@click.option(
    "--fillers",
    "transcript",
    type=click.Path(path_type=Path),
    help="Transcript JSON with word times: cut 'euh', 'um'...",
)
@click.option("--reencode", is_flag=True, help="Re-encode every frame instead of smart cut.")
@click.option("--preview", is_flag=True, help="Print what would be cut, write nothing but --export-edl.")
@click.option(
    "--export-edl",
    type=click.Path(path_type=Path),
    help="Timeline for an editor: .xml (Premiere/Resolve), .fcpxml, .otio.",
)
@json_option
@click.pass_context
def trim(ctx: click.Context, clip: Path, output: Path | None, margin: float | None, min_pause: float | None, min_keep: float | None,
         cuts: tuple[str, ...], keeps: tuple[str, ...], detector: str | None, transcript: Path | None, reencode: bool, preview: bool,
         export_edl: Path | None, as_json: bool) -> None:  # fmt: skip
    """Cut dead air: silences at both ends and long pauses, frame-exact, audio in sync.

    Writes the trimmed file and its cut list (OUT.cuts.json) beside it.

    \b
    Examples:
      videokit trim clip.mp4 -o clip.trimmed.mp4
      videokit trim clip.mp4 --preview --export-edl clip.xml   # refine in Premiere/Resolve
      videokit trim clip.mp4 --margin 0.3 --min-pause 1 --cut 0:10-0:42 --json
    """
    from videokit.media.cuts import export_edl as write_timeline
    from videokit.media.cuts import parse_range, plan_cuts
    from videokit.media.detect import detect_speech
    from videokit.media.options import TrimOptions
    from videokit.media.probe import probe as probe_media
    from videokit.media.trim import trim as trim_media
    from videokit.speech.types import Transcript

    settings = settings_from(ctx)
    overrides: dict[str, Any] = {
        k: v
        for k, v in {"margin": margin, "min_pause": min_pause, "min_keep": min_keep, "detector": detector}.items()
        if v is not None
    }
    if cuts:
        overrides["cut"] = [parse_range(r) for r in cuts]
    if keeps:
        overrides["keep"] = [parse_range(r) for r in keeps]
    if transcript:
        overrides["remove_fillers"] = True
    if reencode:
        overrides["force_reencode"] = True
    try:
        options = TrimOptions.model_validate({**settings.trim.model_dump(), **overrides})
    except ValidationError as exc:
        raise ConfigError(f"trim options: {format_validation_error(exc)}") from None
    words = None
    if transcript:
        try:
            words = serial.read(Transcript, transcript).words
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise InputError(
                f"{transcript}: not a transcript JSON ({exc}); pass the transcript.json that 'videokit transcribe' wrote"
            ) from None

    info = probe_media(clip)
    manual_only = not info.has_audio and (options.cut or options.keep)
    with progress_bars(enabled=not as_json) as bars:
        speech = [] if manual_only else detect_speech(clip, info, options, bar_callback(bars, "detect", info.duration))
        if manual_only and not options.keep:  # a silent video with only --cut ranges: keep everything else
            options = options.model_copy(update={"keep": [(0.0, info.duration)]})
        cutlist = plan_cuts(info, speech, options, words)
        out = output or clip.with_name(f"{clip.stem}.trimmed{'.mp4' if info.has_video else '.m4a'}")
        result: dict[str, Any] = {"source": str(clip), **serial.dump(cutlist.stats)}
        if export_edl:
            result["timeline"] = str(write_timeline(cutlist, export_edl))
        if not preview:
            cuts_path = out.with_name(f"{out.stem}.cuts.json")
            cutlist.save(cuts_path)
            result.update(
                serial.dump(trim_media(clip, cutlist, out, info, bar_callback(bars, "trim"), options=options))
            )
            result["cuts_json"] = str(cuts_path)
    if as_json:
        emit_json(result)
        return
    click.echo(
        f"kept {result['kept']:.1f} s of {result['duration']:.1f} s (removed {result['removed']:.1f} s, {result['removed_percent']} %) in {result['cuts']} cuts"
        + (f", {result['fillers_removed']} fillers" if result["fillers_removed"] else "")
    )
    if "timeline" in result:
        click.echo(f"timeline: {result['timeline']}")
    if not preview:
        click.echo(
            f"{result['output']} ({result['method']}, {result['reencoded_seconds']:.1f} s re-encoded, {result['seconds']:.1f} s)"
        )


@click.command("render")
@click.argument("video", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, help="The YouTube-ready MP4.")
@click.option("--client", help="Client whose branding (intro, outro, logo, font, colours) to use.")
@click.option("--captions", type=click.Path(path_type=Path), help="Subtitles (.srt/.vtt/.ass) to burn in.")
@click.option(
    "--blur",
    "findings",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Findings file of 'videokit check VIDEO': blur its confirmed regions where they appear.",
)
@json_option
@click.pass_context
def render(
    ctx: click.Context,
    video: Path,
    output: Path,
    client: str | None,
    captions: Path | None,
    findings: Path | None,
    as_json: bool,
) -> None:
    """Render the YouTube master: branding, burned captions, -14 LUFS, H.264 High/AAC, +faststart.

    \b
    Examples:
      videokit render clip.trimmed.mp4 -o final.mp4 --client drmartin --captions captions.fr.srt
      videokit render consult.mp4 -o final.mp4 --blur consult.findings.json
    """
    from videokit.media.render import render as render_media

    settings = settings_from(ctx)
    blur = _blur_regions(findings) if findings else ()
    with progress_bars(enabled=not as_json) as bars:
        result = render_media(video, output, settings.render, branding=settings.client(client).branding, captions=captions, blur=blur,
                              cache_dir=settings.clip_cache, progress=bar_callback(bars, "render"))  # fmt: skip
    if as_json:
        emit_json(result)
        return
    measured = result.loudness.measured
    level = (
        f"{measured.integrated:.1f} LUFS -> {result.loudness.target_lufs:.0f} LUFS" if measured else "no audio level"
    )
    blurred = f", {result.blurred_regions} region(s) blurred" if result.blurred_regions else ""
    how = f"re-encoded for {', '.join(result.full_encode_reasons)}" if result.full_encode_reasons else "video copied"
    click.echo(f"{result.output}: {result.width}x{result.height}, {result.duration:.1f} s, {level}{blurred}, {how}")


@click.command("thumbnail")
@click.argument("video", type=click.Path(path_type=Path))
@click.option(
    "-o", "--output", type=click.Path(path_type=Path), required=True, help="Thumbnail JPEG (1280x720, < 2 MB)."
)
@click.option("--title", help="Text on the thumbnail, in the client's font and colours.")
@click.option("--client", help="Client whose branding to use.")
@click.option(
    "--sheet", type=click.Path(path_type=Path), help="Also write a chapter contact sheet PNG here (needs --chapters)."
)
@click.option(
    "--chapters",
    type=click.Path(path_type=Path),
    help="metadata.json with chapters [{start, title}], or a list of them.",
)
@json_option
@click.pass_context
def thumbnail(
    ctx: click.Context,
    video: Path,
    output: Path,
    title: str | None,
    client: str | None,
    sheet: Path | None,
    chapters: Path | None,
    as_json: bool,
) -> None:
    """Pick a sharp, well-exposed frame with a face and write the thumbnail.

    \b
    Example:
      videokit thumbnail final.mp4 -o thumb.jpg --title "Mal de dos : 5 gestes" --sheet chapters.png --chapters metadata.json
    """
    from videokit.media.thumbnails import contact_sheet, pick_thumbnail

    if sheet and not chapters:
        raise click.UsageError("--sheet needs --chapters FILE")
    settings = settings_from(ctx)
    result = pick_thumbnail(video, output, title=title, branding=settings.client(client).branding)
    written = contact_sheet(video, _chapters(chapters), sheet) if sheet and chapters else None
    if as_json:
        emit_json({**serial.dump(result), **({"sheet": str(written)} if written else {})})
        return
    where = f" (frame at {result.frame.time:.1f} s)" if result.frame else " (title card)"
    click.echo(f"{result.output}: {result.bytes // 1024} KiB{where}")
    if written:
        click.echo(f"contact sheet: {written}")


def _blur_regions(path: Path) -> list[BlurRegion]:
    """The confirmed regions of a findings file; an error rather than a render that hides nothing."""
    from videokit.compliance.check import FindingsReport
    from videokit.compliance.visual import blur_regions

    try:
        findings = serial.read(FindingsReport, path).findings
    except FileNotFoundError:
        raise InputError(f"{path}: no such file; give the findings file 'videokit check VIDEO' wrote") from None
    except (OSError, ValueError) as exc:
        raise InputError(
            f"{path}: not a videokit findings file ({exc}); give the file 'videokit check VIDEO' wrote"
        ) from None
    regions = blur_regions(findings)
    if not regions:
        raise InputError(
            f"{path}: no confirmed finding to blur; confirm them first: videokit check {path.name} --confirm ID"
        )
    return regions


def _chapters(path: Path) -> list[tuple[float, str]]:
    from videokit.seo.types import Chapter

    try:
        data = read_json(path)
        items = data.get("chapters", []) if isinstance(data, dict) else data
        return [(c.start, c.title) for c in serial.load(list[Chapter], items)]
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise InputError(
            f"{path}: no chapters list ({exc}); give metadata.json or a JSON list of {{start, title}}"
        ) from None
