"""The built-in steps: trim -> transcribe -> captions -> SEO -> check -> render -> thumbnail -> upload,
and `short` (a 9:16 Short, workflows/shorts.yaml). `STEPS` lists them for the registry.

Each step reads artifacts of the job folder (videokit.workflow.artifacts), calls one stage
function and writes its own artifacts atomically; what it returns is its typed result, kept as
the summary of its marker. Parameters from the workflow file update the stage options from
`Settings` (validated at workflow load time by the same pydantic models).
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel

from videokit import fsutil, serial
from videokit.config import transcribe_options
from videokit.media.options import RenderOptions, TrimOptions
from videokit.seo.options import SeoOptions
from videokit.speech.options import CaptionOptions, TranscribeOptions
from videokit.workflow.steps import Step, StepContext, step

if TYPE_CHECKING:
    from videokit.media.probe import MediaInfo
    from videokit.media.render import RenderResult
    from videokit.media.shorts import ShortResult
    from videokit.media.thumbnails import ThumbnailResult
    from videokit.media.trim import TrimResult
    from videokit.youtube.publish import PublishResult

Options = TypeVar("Options", bound=BaseModel)


def _merged(base: Options, params: dict[str, Any]) -> Options:
    return type(base).model_validate({**base.model_dump(), **params})


@step("probe", inputs=("source",), outputs=("media.json",), resource="io")
def probe_step(ctx: StepContext) -> MediaInfo:
    """Read the clip's streams, duration, frame rate and rotation (ffprobe)."""
    from videokit.media.probe import probe

    info = probe(ctx.job.source)
    serial.write(ctx.path("media.json"), info)
    return info


@step("trim", inputs=("source", "media.json"), outputs=("trimmed.mp4", "cuts.json", "cuts.fcpxml"), params=TrimOptions)
def trim_step(ctx: StepContext) -> TrimResult:
    """Cut dead air: detect speech, plan the cut list, smart-cut the clip."""
    from videokit.media.cuts import export_edl, plan_cuts
    from videokit.media.detect import detect_speech
    from videokit.media.trim import trim

    options = _merged(ctx.settings.trim, ctx.params)
    info = ctx.artifacts.media()
    speech = detect_speech(
        ctx.job.source, info, options, progress=lambda d, t=None: ctx.progress(d * 0.3, info.duration)
    )
    cutlist = plan_cuts(info, speech, options)
    cutlist.save(ctx.path("cuts.json"))
    export_edl(cutlist, ctx.path("cuts.fcpxml"))
    return trim(
        ctx.job.source,
        cutlist,
        ctx.path("trimmed.mp4"),
        info,
        progress=lambda d, t=None: ctx.progress(info.duration * 0.3 + d * 0.7, info.duration),
    )


@dataclass(frozen=True)
class TranscribeSummary:
    language: str
    language_probability: float
    segments: int
    words: int
    model: str


@step(
    "transcribe",
    inputs=("trimmed.mp4",),
    outputs=("transcript.json",),
    option_keys=("language",),
    params=TranscribeOptions,
)
def transcribe_step(ctx: StepContext) -> TranscribeSummary:
    """Speech to text with word timestamps (Whisper, offline weights)."""
    from videokit.speech.transcribe import transcribe

    options = transcribe_options(
        ctx.settings.transcribe, ctx.client, language=ctx.options.language, overrides=ctx.params
    )
    transcript = transcribe(ctx.path("trimmed.mp4"), options, models_dir=ctx.settings.models_dir, progress=ctx.progress)
    serial.write(ctx.path("transcript.json"), transcript)
    return TranscribeSummary(
        transcript.language,
        round(transcript.language_probability, 3),
        len(transcript.segments),
        len(transcript.words),
        transcript.model,
    )


@dataclass(frozen=True)
class CaptionsSummary:
    cues: int
    language: str


@step(
    "captions",
    inputs=("transcript.json",),
    outputs=("captions.srt", "captions.vtt", "transcript.txt"),
    params=CaptionOptions,
)
def captions_step(ctx: StepContext) -> CaptionsSummary:
    """Readable captions (SRT, WebVTT) and a plain transcript."""
    from videokit.speech.captions import build_cues, write_transcript

    options = _merged(ctx.settings.captions, ctx.params)
    transcript = ctx.artifacts.transcript()
    for name in ("captions.srt", "captions.vtt", "transcript.txt"):
        write_transcript(transcript, ctx.path(name), options)
    return CaptionsSummary(len(build_cues(transcript, options)), transcript.language)


@dataclass(frozen=True)
class SeoSummary:
    title: str
    chapters: int
    tags: int
    score: int


@step("seo", inputs=("transcript.json",), outputs=("metadata.json",), params=SeoOptions)
def seo_step(ctx: StepContext) -> SeoSummary:
    """Keywords, three titles, description, tags and chapters from the transcript."""
    from videokit.seo.derive import derive_metadata

    metadata = derive_metadata(
        ctx.artifacts.transcript(), ctx.client, _merged(ctx.settings.seo, ctx.params), progress=ctx.progress
    )
    serial.write(ctx.path("metadata.json"), metadata)
    return SeoSummary(metadata.title, len(metadata.chapters), len(metadata.tags), metadata.score.total)


@dataclass(frozen=True)
class CheckSummary:
    findings: int
    blocking: int
    overridden: bool
    on_screen: int = 0


@dataclass(frozen=True)
class ScreenSummary:
    findings: int
    language: str
    frames: int | None = None  # frames looked at (None: no picture)


@step("screen", inputs=("trimmed.mp4",), outputs=("findings.screen.json",), option_keys=("language",))
def screen_step(ctx: StepContext) -> ScreenSummary:
    """What the picture shows (faces, readable patient data), looked at while the speech is transcribed;
    `check` takes these findings when the transcript's language is the one assumed here."""
    from videokit.compliance.visual import screen_findings

    language = ctx.options.language or ctx.client.language
    language = "fr" if language == "auto" else language  # most clients speak French; `check` redoes it otherwise
    findings, summary = screen_findings(
        ctx.path("trimmed.mp4"), ctx.path("findings.json"), ctx.settings.visual, ctx.client, language, ctx.progress
    )
    if not ctx.path("findings.screen.json").exists():  # audio only: nothing to look at, an empty reading
        fsutil.write_json(ctx.path("findings.screen.json"), {"entries": []})
    return ScreenSummary(len(findings), language, summary.get("frames"))


@step(
    "check",
    inputs=("transcript.json", "metadata.json", "trimmed.mp4", "findings.screen.json"),
    outputs=("findings.json",),
    option_keys=("override_reason", "blur_confirmed"),
)
def check_step(ctx: StepContext) -> CheckSummary:
    """Deontology, privacy and the Ordre's charter on what is said, written and shown; a blocking finding
    stops before upload unless overridden or (shown on screen) confirmed for blurring with --blur-confirmed."""
    from videokit.compliance.charter import charter_findings
    from videokit.compliance.check import (
        FindingsReport,
        blocking,
        carry_acceptances,
        check_metadata,
        check_transcript,
        identified,
        raise_if_blocking,
    )
    from videokit.compliance.visual import screen_findings

    transcript, metadata = ctx.artifacts.transcript(), ctx.artifacts.metadata()
    findings = check_transcript(transcript, ctx.client, progress=ctx.progress)
    findings += check_metadata(metadata, ctx.client)  # title, description and tags
    findings += charter_findings(ctx.client, metadata)
    screen, looked_at = screen_findings(
        ctx.path("trimmed.mp4"),
        ctx.path("findings.json"),
        ctx.settings.visual,
        ctx.client,
        transcript.language,
        ctx.progress,
    )
    findings = identified(findings + screen)
    if ctx.artifacts.exists("findings.json"):  # a rerun keeps the reasons a reviewer accepted findings with
        with contextlib.suppress(OSError, ValueError):  # unreadable: written again below
            findings = carry_acceptances(findings, ctx.artifacts.findings().findings)
    override, blur = ctx.options.override_reason, ctx.options.blur_confirmed
    blocked = blocking(findings, blurred=blur)
    report = FindingsReport(findings, override if blocked else None, looked_at)
    if blocked and not override:
        # kept for review (IDs, cropped frames to confirm); without a marker the step runs again next time
        serial.write(ctx.path("findings.json"), report)
    raise_if_blocking(
        findings,
        f"job {ctx.job.id} ({ctx.job.source})",
        override,
        blurred=blur,
        findings_file=ctx.path("findings.json"),
    )
    serial.write(ctx.path("findings.json"), report)
    return CheckSummary(len(findings), len(blocked), bool(blocked and override), len(screen))


@step(
    "render",
    inputs=("trimmed.mp4", "captions.srt", "findings.json"),
    outputs=("final.mp4", "render.json"),
    option_keys=("burn_captions", "blur_confirmed"),
    params=RenderOptions,
)
def render_step(ctx: StepContext) -> RenderResult:
    """YouTube-ready file: loudness -14 LUFS, H.264/AAC, branding, burned captions and blurred regions if asked."""
    from videokit.compliance.visual import blur_regions
    from videokit.media.render import render

    options = _merged(ctx.settings.render, ctx.params)
    if ctx.options.burn_captions:
        options = options.model_copy(update={"burn_captions": True})
    result = render(
        ctx.path("trimmed.mp4"),
        ctx.path("final.mp4"),
        options,
        branding=ctx.client.branding,
        captions=ctx.path("captions.srt") if options.burn_captions else None,
        progress=ctx.progress,
        blur=blur_regions(ctx.artifacts.findings().findings) if ctx.options.blur_confirmed else (),
        cache_dir=ctx.settings.clip_cache,
    )
    serial.write(ctx.path("render.json"), result)
    return result


@step("thumbnail", inputs=("final.mp4", "metadata.json", "render.json"), outputs=("thumbnail.jpg", "chapters.png"))
def thumbnail_step(ctx: StepContext) -> ThumbnailResult:
    """A sharp, well-exposed thumbnail and a contact sheet of the chapters."""
    from videokit.media.thumbnails import contact_sheet, pick_thumbnail

    metadata = ctx.artifacts.final_metadata()
    result = pick_thumbnail(
        ctx.path("final.mp4"), ctx.path("thumbnail.jpg"), title=metadata.title, branding=ctx.client.branding
    )
    contact_sheet(
        ctx.path("final.mp4"),
        [(c.start, c.title) for c in metadata.chapters] or [(0.0, metadata.title)],
        ctx.path("chapters.png"),
    )
    return result


@step(
    "short",
    inputs=("trimmed.mp4", "transcript.json", "captions.srt", "metadata.json"),
    outputs=("short.mp4", "short.json"),
    params=RenderOptions,
)
def short_step(ctx: StepContext) -> ShortResult:
    """A 9:16 Short of the stretch that says the most about the main keywords, captions burned in."""
    from videokit.media.shorts import make_short
    from videokit.seo.highlight import pick_highlight
    from videokit.seo.timed import timed_sentences

    metadata = ctx.artifacts.metadata()
    highlight = pick_highlight(
        timed_sentences(ctx.artifacts.transcript()), [k.text for k in metadata.keywords], metadata.language
    )
    short = make_short(
        ctx.path("trimmed.mp4"),
        ctx.path("short.mp4"),
        highlight.start,
        highlight.end,
        _merged(ctx.settings.render, ctx.params),
        branding=ctx.client.branding,
        captions=ctx.path("captions.srt"),
        progress=ctx.progress,
    )
    result = replace(short, text=highlight.text, keyword_hits=highlight.hits)
    serial.write(ctx.path("short.json"), result)
    return result


@step(
    "upload",
    inputs=(
        "final.mp4",
        "render.json",
        "metadata.json",
        "transcript.json",
        "captions.srt",
        "thumbnail.jpg",
        "findings.json",
    ),
    outputs=("upload.json",),
    resource="upload",
    option_keys=("privacy", "publish_at"),
)
def upload_step(ctx: StepContext) -> PublishResult:
    """Upload video, caption track and thumbnail (once approved, when the client requires it); a clip is never
    uploaded twice."""
    from videokit import fsutil
    from videokit.compliance.approval import ensure_approved
    from videokit.speech.captions import parse_cues, shift, to_srt
    from videokit.store.videos import VideoRecord
    from videokit.youtube.publish import PublishResult, UploadRequest, publish_video, watch_url
    from videokit.youtube.service import connect

    known = ctx.store.videos.for_job(ctx.job.id)
    if not known:  # the practitioner's sign-off, when the client requires it, must match what is sent
        ensure_approved(ctx.store.approvals, ctx.job, ctx.client)
    session = connect(ctx.settings, ctx.store, ctx.client)
    if known:  # uploaded by an earlier run whose job folder lost upload.json: report, never upload again
        result = PublishResult(
            video_id=known.video_id,
            url=watch_url(known.video_id, session),
            privacy=known.privacy,
            already_uploaded=True,
        )
        serial.write(ctx.path("upload.json"), result)
        return result
    metadata = ctx.artifacts.final_metadata()
    captions = ctx.path("captions.srt")
    if (
        offset := ctx.artifacts.intro_offset()
    ):  # the track as saved (a reviewer may have corrected it), moved past the intro
        cues = shift(parse_cues(captions.read_text(encoding="utf-8")), offset)
        captions = ctx.path("captions.final.srt")
        fsutil.write_text(captions, to_srt(cues))
    publish_at = ctx.options.publish_at
    request = UploadRequest(
        video=ctx.path("final.mp4"),
        title=metadata.title,
        description=metadata.description,
        tags=metadata.tags,
        category_id=metadata.category_id or ctx.client.category_id,
        default_language=metadata.language,
        privacy="private" if publish_at else (ctx.options.privacy or ctx.client.privacy),
        publish_at=publish_at,
        made_for_kids=ctx.client.made_for_kids,
        contains_synthetic_media=ctx.client.contains_synthetic_media,
        captions=[(captions, metadata.language)],
        thumbnail=ctx.path("thumbnail.jpg"),
        playlists=ctx.client.playlists,
    )
    result = publish_video(session, request, state_file=ctx.path("upload_state.json"), progress=ctx.progress)
    ctx.store.videos.add(
        VideoRecord(
            video_id=result.video_id,
            job_id=ctx.job.id,
            client=ctx.client.name,
            channel_id=session.channel_id,
            title=metadata.title,
            privacy=result.privacy or request.privacy,
            requested_privacy=request.privacy,
            publish_at=request.publish_at,
            published_at=datetime.now(UTC),
            keywords=[k.text for k in metadata.keywords],
        )
    )
    serial.write(ctx.path("upload.json"), result)
    return result


STEPS: tuple[Step, ...] = (
    probe_step,
    trim_step,
    transcribe_step,
    captions_step,
    seo_step,
    screen_step,
    check_step,
    render_step,
    thumbnail_step,
    short_step,
    upload_step,
)
