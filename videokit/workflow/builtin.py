"""The built-in steps: trim -> transcribe -> captions -> SEO -> check -> render -> cover -> thumbnail -> upload,
and `short` (a 9:16 Short, workflows/shorts.yaml). `STEPS` lists them for the registry.

Each step reads artifacts of the job folder (videokit.workflow.artifacts), calls one stage
function and writes its own artifacts atomically; what it returns is its typed result, kept as
the summary of its marker. Parameters from the workflow file update the stage options from
`Settings` (validated at workflow load time by the same pydantic models).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel

from videokit import fsutil, serial
from videokit.config import Settings, transcribe_options
from videokit.errors import ApprovalRequired, InputError
from videokit.media.options import RenderOptions, ShortOptions, TrimOptions
from videokit.seo.options import SeoOptions
from videokit.speech.options import CaptionOptions, TranscribeOptions
from videokit.workflow.steps import RunOptions, Step, StepContext, step
from videokit.youtube.options import ShortUploadOptions

if TYPE_CHECKING:
    from videokit.community.social import SocialKit
    from videokit.media.cuts import CutStats
    from videokit.media.probe import MediaInfo
    from videokit.media.render import RenderResult
    from videokit.media.shorts import ShortResult
    from videokit.media.thumbnails import Cover, ThumbnailResult
    from videokit.media.trim import TrimResult
    from videokit.seo.types import Finding, Metadata
    from videokit.speech.types import Transcript
    from videokit.youtube.publish import PublishResult

Options = TypeVar("Options", bound=BaseModel)
SHORT_MARGIN = 2.0  # seconds the picked stretch stays under the Short's length (lead-in, tail, rounding)


def _merged(base: Options, params: dict[str, Any]) -> Options:
    return type(base).model_validate({**base.model_dump(), **params})


@step("probe", inputs=("source",), outputs=("media.json",), resource="io", shared=True)
def probe_step(ctx: StepContext) -> MediaInfo:
    """Read the clip's streams, duration, frame rate and rotation (ffprobe)."""
    from videokit.media.probe import probe

    info = probe(ctx.job.source)
    serial.write(ctx.path("media.json"), info)
    return info


@step(
    "cuts",
    inputs=("source", "media.json"),
    outputs=("cuts.json", "cuts.fcpxml", "trimmed.flac"),
    params=TrimOptions,
    shared=True,
)
def cuts_step(ctx: StepContext) -> CutStats:
    """Detect speech, plan the cut list and write the sound it keeps: the transcription starts on that
    sound while `trim` cuts the picture."""
    from videokit.media.cuts import export_edl, plan_cuts
    from videokit.media.detect import detect_speech
    from videokit.media.trim import write_kept_sound

    options = _merged(ctx.settings.trim, ctx.params)
    info = ctx.artifacts.media()
    speech = detect_speech(
        ctx.job.source, info, options, progress=lambda d, t=None: ctx.progress(d * 0.8, info.duration)
    )
    cutlist = plan_cuts(info, speech, options)
    cutlist.save(ctx.path("cuts.json"))
    export_edl(cutlist, ctx.path("cuts.fcpxml"))
    write_kept_sound(ctx.job.source, cutlist, info, ctx.path("trimmed.flac"))
    ctx.progress(info.duration, info.duration)
    return cutlist.stats


# Not a background step: on a short clip the transcription is short too, and the picture's check, the
# render and then the compliance check wait for this cut (in the background it took 31.7 s of the
# 144-s demo clip against 27.6 s for the transcription).
@step("trim", inputs=("source", "media.json", "cuts.json", "trimmed.flac"), outputs=("trimmed.mp4",), shared=True)
def trim_step(ctx: StepContext) -> TrimResult:
    """Cut the picture by the cut list (smart cut: only the frames around a cut are encoded) and mux
    the kept sound; the encoder settings are those the cut list records."""
    from videokit.media.trim import trim

    info = ctx.artifacts.media()
    return trim(
        ctx.job.source,
        ctx.artifacts.cutlist(),
        ctx.path("trimmed.mp4"),
        info,
        progress=ctx.progress,
        sound=ctx.path("trimmed.flac"),  # lossless: the render encodes the sound again
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
    inputs=("trimmed.flac",),
    outputs=("transcript.json",),
    option_keys=("language",),
    params=TranscribeOptions,
    shared=True,
)
def transcribe_step(ctx: StepContext) -> TranscribeSummary:
    """Speech to text with word timestamps (Whisper, offline weights), in a process of its own: the
    Python of the steps beside it (loading the SEO models, the trim) would hold the GIL that Whisper's
    decoding loop needs (videokit.apart)."""
    from videokit.apart import run_apart
    from videokit.speech.transcribe import transcribe

    options = transcribe_options(
        ctx.settings.transcribe, ctx.client, language=ctx.options.language, overrides=ctx.params
    )
    transcript = run_apart(
        transcribe,
        ctx.path("trimmed.flac"),
        options,
        models_dir=ctx.settings.models_dir,
        progress=ctx.progress,
        idle=False,
    )
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
    shared=True,
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
    heard_again: int = 0  # sentences about to be quoted whose audio was decoded again


def _expected_language(ctx: StepContext) -> str:
    """The language a step assumes before the transcript says: the one asked for, else the client's,
    else French (most clients speak it); the steps that read the transcript redo their part if it differs."""
    language = ctx.options.language or ctx.client.language
    return "fr" if language == "auto" else language


def _seo_models(ctx: StepContext) -> None:
    """The language pipeline and the sentence embedder, loaded while the speech is transcribed."""
    from videokit.nlp import pipeline
    from videokit.seo.embed import get_embedder

    pipeline(_expected_language(ctx))
    get_embedder(_merged(ctx.settings.seo, ctx.params).embedder)


@step(
    "seo",
    inputs=("transcript.json", "trimmed.flac"),
    outputs=("metadata.json",),
    params=SeoOptions,
    shared=True,
    warm=_seo_models,
)
def seo_step(ctx: StepContext) -> SeoSummary:
    """Keywords, three titles, description, tags and chapters from the transcript; the sentences
    the description quotes are heard again from the audio first (videokit.speech.rehear)."""
    from videokit.seo.derive import derive_metadata
    from videokit.speech.rehear import Rehearing

    transcript = ctx.artifacts.transcript()
    rehearing = Rehearing.of(
        transcript,
        ctx.path("trimmed.flac"),
        transcribe_options(ctx.settings.transcribe, ctx.client, language=transcript.language),
        models_dir=ctx.settings.models_dir,
    )
    metadata = derive_metadata(
        transcript, ctx.client, _merged(ctx.settings.seo, ctx.params), progress=ctx.progress, rehearing=rehearing
    )
    serial.write(ctx.path("metadata.json"), metadata)
    return SeoSummary(
        metadata.title, len(metadata.chapters), len(metadata.tags), metadata.score.total, rehearing.hearings
    )


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


@step("screen", inputs=("trimmed.mp4",), outputs=("findings.screen.json",), option_keys=("language",), background=True)
def screen_step(ctx: StepContext) -> ScreenSummary:
    """What the picture shows (faces, readable patient data), looked at while the speech is transcribed;
    `check` takes these findings when the transcript's language is the one assumed here."""
    from videokit.compliance.visual import screen_findings

    language = _expected_language(ctx)
    findings, summary = screen_findings(
        ctx.path("trimmed.mp4"),
        ctx.path("findings.json"),
        ctx.settings.visual,
        ctx.client,
        language,
        ctx.progress,
        in_background=True,
    )
    if not ctx.path("findings.screen.json").exists():  # audio only: nothing to look at, an empty reading
        fsutil.write_json(ctx.path("findings.screen.json"), {"entries": []})
    return ScreenSummary(len(findings), language, summary.get("frames"))


@dataclass(frozen=True)
class _SpeechChecked:
    """What the check's warm-up found in what is said, and the transcript file's (size, mtime) it read."""

    stamp: tuple[int, int]
    findings: list[Finding]


def _transcript_stamp(ctx: StepContext) -> tuple[int, int]:
    stat = ctx.path("transcript.json").stat()
    return stat.st_size, stat.st_mtime_ns


def _check_speech_ahead(ctx: StepContext) -> _SpeechChecked:
    """The check's models (USE, the classifier, the qualifiers, the rules) load and what is said is
    checked while SEO runs (the transcript is final once SEO starts), in the time SEO waits for its
    sentences to be heard again: the check itself then only reads what SEO wrote (4.0 s -> 0.2-0.5 s
    on the publish benchmark's talk)."""
    from videokit.compliance.check import check_transcript

    stamp = _transcript_stamp(ctx)
    return _SpeechChecked(stamp, check_transcript(ctx.artifacts.transcript(), ctx.client))


def _speech_findings(ctx: StepContext, transcript: Transcript) -> list[Finding]:
    """The findings in what is said: the warm-up's when the transcript is the one it read."""
    from videokit.compliance.check import check_transcript

    ahead = ctx.warmed
    if isinstance(ahead, _SpeechChecked) and ahead.stamp == _transcript_stamp(ctx):
        return ahead.findings
    return check_transcript(transcript, ctx.client, progress=ctx.progress)


@step(
    "check",
    inputs=("transcript.json", "metadata.json", "trimmed.mp4", "findings.screen.json"),
    outputs=("findings.json",),
    option_keys=("override_reason", "blur_confirmed"),
    warm=_check_speech_ahead,
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
        identified,
        raise_if_blocking,
    )
    from videokit.compliance.visual import screen_findings

    transcript, metadata = ctx.artifacts.transcript(), ctx.artifacts.metadata()
    findings = _speech_findings(ctx, transcript)
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


def _render_reads(params: dict[str, Any], options: RunOptions, settings: Settings) -> tuple[str, ...]:
    """The captions only to burn them, the findings only to blur: otherwise the render (a copied
    picture, the loudness pass) runs beside the transcription."""
    burn = options.burn_captions or _merged(settings.render, params).burn_captions
    return (
        "trimmed.mp4",
        *(("captions.srt",) if burn else ()),
        *(("findings.json",) if options.blur_confirmed else ()),
    )


@step(
    "render",
    inputs=("trimmed.mp4", "captions.srt", "findings.json"),
    outputs=("final.mp4", "render.json"),
    option_keys=("burn_captions", "blur_confirmed"),
    params=RenderOptions,
    background=True,
    needs=_render_reads,
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


@step("cover", inputs=("final.mp4",), outputs=("cover.png", "cover.json"), background=True)
def cover_step(ctx: StepContext) -> Cover:
    """The thumbnail's frame (a face with open eyes, sharp, well exposed), picked beside the
    transcription: the thumbnail after SEO only draws the title on it."""
    from videokit.media.thumbnails import pick_cover

    cover = pick_cover(ctx.path("final.mp4"), ctx.path("cover.png"), ctx.client.branding)
    serial.write(ctx.path("cover.json"), cover)
    return cover


@step(
    "thumbnail",
    inputs=("cover.png", "cover.json", "final.mp4", "metadata.json", "render.json"),
    outputs=("thumbnail.jpg", "chapters.png"),
)
def thumbnail_step(ctx: StepContext) -> ThumbnailResult:
    """The thumbnail (the cover with the title) and a contact sheet of the chapters."""
    from videokit.media.thumbnails import contact_sheet, titled_thumbnail

    metadata = ctx.artifacts.final_metadata()
    result = titled_thumbnail(
        ctx.path("cover.png"),
        ctx.artifacts.cover(),
        ctx.path("thumbnail.jpg"),
        title=metadata.title,
        branding=ctx.client.branding,
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
    params=ShortOptions,
)
def short_step(ctx: StepContext) -> ShortResult:
    """A 9:16 Short of the stretch that says the most about the main keywords, captions burned in."""
    from videokit.media.shorts import make_short
    from videokit.seo.highlight import pick_highlight
    from videokit.seo.timed import timed_sentences

    options = ShortOptions.model_validate({**ctx.settings.render.model_dump(), **ctx.params})
    metadata = ctx.artifacts.metadata()
    highlight = pick_highlight(
        timed_sentences(ctx.artifacts.transcript()),
        [k.text for k in metadata.keywords],
        metadata.language,
        max_seconds=options.seconds - SHORT_MARGIN,
    )
    short = make_short(
        ctx.path("trimmed.mp4"),
        ctx.path("short.mp4"),
        highlight.start,
        highlight.end,
        options,
        branding=ctx.client.branding,
        captions=ctx.path("captions.srt"),
        progress=ctx.progress,
    )
    result = replace(short, text=highlight.text, keyword_hits=highlight.hits)
    serial.write(ctx.path("short.json"), result)
    return result


@step(
    "short_check",
    inputs=("transcript.json", "metadata.json", "short.json"),
    outputs=("short_metadata.json", "short_findings.json"),
    option_keys=("override_reason",),
)
def short_check_step(ctx: StepContext) -> CheckSummary:
    """The Short checked in its own context (its words alone, no qualifier cut off), with its own title
    and description linking the full video the clip's publish job uploaded."""
    from videokit.compliance.check import FindingsReport, blocking, check_text, raise_if_blocking
    from videokit.compliance.shorts import check_short
    from videokit.seo.shorts import short_metadata
    from videokit.workflow.jobs import job_id_for
    from videokit.youtube.endpoint import watch_link

    full = ctx.store.videos.for_job(job_id_for(ctx.client.name, ctx.job.source_sha256, "publish"))
    if full is None:
        raise InputError(
            f"{ctx.job.source}: the Short links the full video, which is not on YouTube yet; "
            f"publish it first: videokit publish {ctx.job.source} --client {ctx.client.name}"
        )
    short, metadata = ctx.artifacts.short(), ctx.artifacts.metadata()
    meta = short_metadata(
        metadata,
        short.text,
        full.video_id,
        watch_link(ctx.settings, ctx.client, full.video_id),
        full.publish_at.strftime("%Y-%m-%dT%H:%M:%SZ") if full.publish_at else None,
        ctx.client.hashtags,
        span=(short.start, short.end),
    )
    serial.write(ctx.path("short_metadata.json"), meta)
    transcript = ctx.artifacts.transcript()
    findings = check_short(transcript, short.start, short.end, ctx.client)
    findings += check_text(meta.title, meta.language, ctx.client, source="title")
    findings += check_text(meta.description, meta.language, ctx.client, source="description")
    override = ctx.options.override_reason
    blocked = blocking(findings)
    report = FindingsReport(findings, override if blocked else None)
    serial.write(ctx.path("short_findings.json"), report)
    raise_if_blocking(
        findings,
        f"job {ctx.job.id} (Short of {ctx.job.source})",
        override,
        findings_file=ctx.path("short_findings.json"),
    )
    return CheckSummary(len(findings), len(blocked), bool(blocked and override))


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
    from videokit.compliance.approval import ensure_approved
    from videokit.speech.captions import parse_cues, shift, to_srt

    metadata = ctx.artifacts.final_metadata()
    captions = ctx.path("captions.srt")
    # the track as saved (a reviewer may have corrected a word), moved past the intro
    if offset := ctx.artifacts.intro_offset():
        cues = shift(parse_cues(captions.read_text(encoding="utf-8")), offset)
        captions = ctx.path("captions.final.srt")
        fsutil.write_text(captions, to_srt(cues))
    return _upload_once(
        ctx,
        "upload",
        metadata,
        # the sign-off, when the client requires it, must match what is sent
        lambda: ensure_approved(ctx.store.approvals, ctx.job, ctx.client),
        video=ctx.path("final.mp4"),
        publish_at=ctx.options.publish_at,
        title=metadata.title,
        description=metadata.description,
        tags=metadata.tags,
        default_language=metadata.language,
        captions=[(captions, metadata.language)],
        thumbnail=ctx.path("thumbnail.jpg"),
        playlists=ctx.client.playlists,
    )


@step(
    "short_upload",
    inputs=("short.mp4", "short.json", "short_metadata.json", "short_findings.json"),
    outputs=("short_upload.json",),
    resource="upload",
    option_keys=("privacy",),
    params=ShortUploadOptions,
)
def short_upload_step(ctx: StepContext) -> PublishResult:
    """Upload the Short, scheduled after the full video's publication; never twice."""

    def approve() -> None:
        if ctx.client.require_approval:
            raise ApprovalRequired(
                f"job {ctx.job.id} ({ctx.job.source.name}): client {ctx.client.name} requires the practitioner's "
                "approval before upload and the sign-off does not cover Shorts yet; review short.mp4 and "
                "short_metadata.json, upload the Short by hand, or set require_approval = false for this client"
            )

    meta = ctx.artifacts.short_metadata()
    return _upload_once(
        ctx,
        "short_upload",
        ctx.artifacts.metadata(),
        approve,
        video=ctx.path("short.mp4"),
        publish_at=short_publish_at(meta.full_publish_at, _merged(ShortUploadOptions(), ctx.params).after_hours),
        title=meta.title,
        description=meta.description,
        tags=meta.tags,
        default_language=meta.language,
    )


def short_publish_at(full_publish_at: str | None, after_hours: float, now: datetime | None = None) -> datetime | None:
    """When the Short goes public: `after_hours` after the full video's scheduled publication; None
    (at once, with the privacy asked) when the full video was not scheduled or is public already."""
    if not full_publish_at:
        return None
    when = datetime.fromisoformat(full_publish_at.replace("Z", "+00:00")) + timedelta(hours=after_hours)
    return when if when > (now or datetime.now(UTC)) + timedelta(minutes=5) else None


def _upload_once(
    ctx: StepContext,
    name: str,
    metadata: Metadata,
    approve: Callable[[], object],
    *,
    video: Path,
    publish_at: datetime | None,
    **fields: Any,
) -> PublishResult:
    """Publish `video` for this job exactly once: the store's upload ledger (one video per job) and
    the resumable state file NAME_state.json; the result is written to NAME.json. `approve` raises
    ApprovalRequired when the upload may not go; `fields` are this upload's own UploadRequest fields,
    the rest comes from the client and the full video's `metadata`."""
    from videokit.store.videos import VideoRecord
    from videokit.youtube.endpoint import watch_link
    from videokit.youtube.publish import PublishResult, UploadRequest, publish_video
    from videokit.youtube.service import connect

    known = ctx.store.videos.for_job(ctx.job.id)
    if known:  # uploaded by an earlier run whose job folder lost its result: report, never upload again
        result = PublishResult(
            video_id=known.video_id,
            url=watch_link(ctx.settings, ctx.client, known.video_id),  # no session (a token refresh) for a link
            privacy=known.privacy,
            publish_at=known.publish_at.strftime("%Y-%m-%dT%H:%M:%SZ") if known.publish_at else None,
            already_uploaded=True,
        )
        serial.write(ctx.path(f"{name}.json"), result)
        return result
    approve()
    request = UploadRequest(
        video=video,
        category_id=metadata.category_id or ctx.client.category_id,
        privacy="private" if publish_at else (ctx.options.privacy or ctx.client.privacy),
        publish_at=publish_at,
        made_for_kids=ctx.client.made_for_kids,
        contains_synthetic_media=ctx.client.contains_synthetic_media,
        **fields,
    )
    session = connect(ctx.settings, ctx.store, ctx.client)
    try:
        result = publish_video(session, request, state_file=ctx.path(f"{name}_state.json"), progress=ctx.progress)
    finally:
        session.close()
    ctx.store.videos.add(
        VideoRecord(
            video_id=result.video_id,
            job_id=ctx.job.id,
            client=ctx.client.name,
            channel_id=session.channel_id,
            title=request.title,
            privacy=result.privacy or request.privacy,
            requested_privacy=request.privacy,
            publish_at=request.publish_at,
            published_at=datetime.now(UTC),
            keywords=[k.text for k in metadata.keywords],
        )
    )
    serial.write(ctx.path(f"{name}.json"), result)
    return result


@step(
    "social",
    inputs=("upload.json", "metadata.json", "thumbnail.jpg"),
    outputs=(
        "social.json",
        "social-linkedin.txt",
        "social-facebook.txt",
        "social-x.txt",
        "social-1x1.jpg",
        "social-4x5.jpg",
        "social-hootsuite-linkedin.csv",
        "social-hootsuite-facebook.csv",
        "social-hootsuite-x.csv",
        "social.ics",
    ),
    resource="io",
)
def social_step(ctx: StepContext) -> SocialKit:
    """LinkedIn, Facebook and X posts of the published video, checked, with stills, a Hootsuite CSV and a calendar."""
    from videokit.community.social import build_social_kit

    return build_social_kit(ctx.job.dir, ctx.client)


STEPS: tuple[Step, ...] = (
    probe_step,
    cuts_step,
    trim_step,
    transcribe_step,
    captions_step,
    seo_step,
    screen_step,
    check_step,
    render_step,
    cover_step,
    thumbnail_step,
    short_step,
    short_check_step,
    upload_step,
    short_upload_step,
    social_step,
)
