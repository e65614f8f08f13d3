"""`videokit transcribe`: media file to captions or transcript."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from videokit.cli.common import bar_callback, emit_json, json_option, progress_bars, settings_from
from videokit.clients import read_glossary
from videokit.config import transcribe_options
from videokit.errors import OutputError


@click.command()
@click.argument("media", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="Write .srt, .vtt, .txt or .json (format from the extension); default: text on stdout.",
)
@click.option(
    "--language",
    type=click.Choice(["auto", "fr", "en"]),
    help="Spoken language; 'auto' detects between French and English. Default: the client's.",
)
@click.option(
    "--backend",
    type=click.Choice(["faster-whisper", "openai-whisper"]),
    help="Whisper engine (default faster-whisper).",
)
@click.option("--model", help="tiny|base|small|medium|large-v3, tiny.en, or a model path (default base).")
@click.option("--device", type=click.Choice(["cpu", "cuda"]), help="Where the model runs (default cpu).")
@click.option(
    "--compute-type", type=click.Choice(["int8", "float16", "float32"]), help="Weight precision (default int8 on CPU)."
)
@click.option(
    "--glossary",
    "glossary_file",
    type=click.Path(path_type=Path),
    help="Text file, one term per line (names, specialties, drugs); '#' starts a comment.",
)
@click.option(
    "--client", help="Client profile whose language and glossary apply (default: the configured default client)."
)
@json_option
@click.pass_context
def transcribe(
    ctx: click.Context,
    media: Path,
    output: Path | None,
    language: str | None,
    backend: str | None,
    model: str | None,
    device: str | None,
    compute_type: str | None,
    glossary_file: Path | None,
    client: str | None,
    as_json: bool,
) -> None:
    """Transcribe MEDIA (any audio or video file) offline with Whisper.

    \b
    Examples:
      videokit transcribe consultation.mp4 -o consultation.srt
      videokit transcribe interview.mp3 --language fr --glossary termes.txt -o interview.vtt
      videokit transcribe talk.wav --backend openai-whisper --model base -o talk.json --json
    """
    from videokit.speech.captions import FORMATS, write_transcript
    from videokit.speech.models import resolve_model
    from videokit.speech.transcribe import transcribe as run

    settings = settings_from(ctx)
    profile = settings.client(client)
    options = transcribe_options(
        settings.transcribe,
        profile,
        language=language,
        glossary=read_glossary(glossary_file) if glossary_file else (),
        overrides={"backend": backend, "model": model, "device": device, "compute_type": compute_type},
    )

    if output is not None and output.suffix.lower() not in FORMATS:  # fail before minutes of decoding
        raise OutputError(
            f"{output}: unknown transcript format {output.suffix or '(no extension)'!r}; use one of {', '.join(FORMATS)}"
        )
    resolved = resolve_model(options.model, options.backend, settings.models_dir)
    with progress_bars(enabled=sys.stderr.isatty()) as bars:
        transcript = run(media, options, models_dir=settings.models_dir, progress=bar_callback(bars, "transcribe"))
    if output is not None:
        write_transcript(transcript, output, settings.captions)

    if as_json:
        emit_json(
            {
                "media": str(media),
                "output": str(output) if output else None,
                "language": transcript.language,
                "language_probability": transcript.language_probability,
                "duration": transcript.duration,
                "backend": transcript.backend,
                "model": transcript.model,
                "model_source": resolved.source,
                "segments": len(transcript.segments),
                "words": len(transcript.words),
                "corrections": list(transcript.corrections),
                "text": transcript.text,
            }
        )
    elif output is None:
        click.echo(transcript.text)
    else:
        click.echo(
            f"{output}: {transcript.language} ({transcript.language_probability:.0%}), {len(transcript.segments)} segments",
            err=True,
        )
