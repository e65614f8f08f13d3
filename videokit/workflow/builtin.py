"""The built-in steps: trim -> transcribe -> captions -> SEO -> check -> render -> thumbnail -> upload,
and `short` (a 9:16 Short, workflows/shorts.yaml).

Each step reads artifacts of the job folder, calls one stage function and writes its own
artifacts atomically. Parameters from the workflow file update the stage options from
`Settings` (validated at workflow load time by the same pydantic models).
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any, TypeVar

import sqlalchemy as sa
from pydantic import BaseModel

from videokit import fsutil
from videokit.errors import ComplianceBlock
from videokit.media.options import RenderOptions, TrimOptions
from videokit.seo.options import SeoOptions
from videokit.speech.options import CaptionOptions, TranscribeOptions
from videokit.store import open_store
from videokit.workflow.steps import StepContext, step

Options = TypeVar("Options", bound=BaseModel)


def _merged(base: Options, params: dict[str, Any]) -> Options:
    return type(base).model_validate({**base.model_dump(), **params})


def _params(model: type[BaseModel]):
    """Declare the pydantic model a step's workflow parameters are validated against."""

    def attach(func):
        func.params_model = model
        return func

    return attach


@step("probe", inputs=("source",), outputs=("media.json",), resource="io")
def probe_step(ctx: StepContext) -> dict[str, Any]:
    """Read the clip's streams, duration, frame rate and rotation (ffprobe)."""
    from videokit.media.probe import probe

    info = probe(ctx.job.source)
    fsutil.write_json(ctx.path("media.json"), info.to_dict())
    return {"duration": info.duration, "video": info.has_video, "audio": info.has_audio}


@step("trim", inputs=("source", "media.json"), outputs=("trimmed.mp4", "cuts.json", "cuts.fcpxml"))
@_params(TrimOptions)
def trim_step(ctx: StepContext) -> dict[str, Any]:
    """Cut dead air: detect speech, plan the cut list, smart-cut the clip."""
    from videokit.media.cuts import export_edl, plan_cuts
    from videokit.media.detect import detect_speech
    from videokit.media.probe import MediaInfo
    from videokit.media.trim import trim

    options = _merged(ctx.settings.trim, ctx.params)
    info = MediaInfo.from_dict(fsutil.read_json(ctx.path("media.json")))
    speech = detect_speech(
        ctx.job.source, info, options, progress=lambda d, t=None: ctx.progress(d * 0.3, info.duration)
    )
    cutlist = plan_cuts(info, speech, options)
    fsutil.write_json(ctx.path("cuts.json"), cutlist.to_dict())
    export_edl(cutlist, ctx.path("cuts.fcpxml"))
    summary = trim(
        ctx.job.source,
        cutlist,
        ctx.path("trimmed.mp4"),
        info,
        progress=lambda d, t=None: ctx.progress(info.duration * 0.3 + d * 0.7, info.duration),
    )
    return {**summary, "kept": round(cutlist.kept, 3), "removed": round(cutlist.removed, 3), "cuts": cutlist.cuts}


def transcribe_options(ctx: StepContext) -> TranscribeOptions:
    options = _merged(ctx.settings.transcribe, ctx.params)
    language = ctx.options.get("language") or ctx.client.language
    if language and language != "auto":
        options = options.model_copy(update={"language": language})
    glossary = list(dict.fromkeys([*options.glossary, *ctx.client.glossary]))
    return options.model_copy(update={"glossary": glossary})


@step("transcribe", inputs=("trimmed.mp4",), outputs=("transcript.json",), option_keys=("language",))
@_params(TranscribeOptions)
def transcribe_step(ctx: StepContext) -> dict[str, Any]:
    """Speech to text with word timestamps (Whisper, offline weights)."""
    from videokit.speech.transcribe import transcribe

    transcript = transcribe(
        ctx.path("trimmed.mp4"), transcribe_options(ctx), models_dir=ctx.settings.models_dir, progress=ctx.progress
    )
    fsutil.write_json(ctx.path("transcript.json"), transcript.to_dict())
    return {
        "language": transcript.language,
        "language_probability": round(transcript.language_probability, 3),
        "segments": len(transcript.segments),
        "words": len(transcript.words),
        "model": transcript.model,
    }


@step("captions", inputs=("transcript.json",), outputs=("captions.srt", "captions.vtt", "transcript.txt"))
@_params(CaptionOptions)
def captions_step(ctx: StepContext) -> dict[str, Any]:
    """Readable captions (SRT, WebVTT) and a plain transcript."""
    from videokit.speech.captions import build_cues, write_transcript
    from videokit.speech.types import Transcript

    options = _merged(ctx.settings.captions, ctx.params)
    transcript = Transcript.from_dict(fsutil.read_json(ctx.path("transcript.json")))
    for name in ("captions.srt", "captions.vtt", "transcript.txt"):
        write_transcript(transcript, ctx.path(name), options)
    return {"cues": len(build_cues(transcript, options)), "language": transcript.language}


@step("seo", inputs=("transcript.json",), outputs=("metadata.json",))
@_params(SeoOptions)
def seo_step(ctx: StepContext) -> dict[str, Any]:
    """Keywords, three titles, description, tags and chapters from the transcript."""
    from videokit.seo.derive import derive_metadata
    from videokit.speech.types import Transcript

    transcript = Transcript.from_dict(fsutil.read_json(ctx.path("transcript.json")))
    metadata = derive_metadata(transcript, ctx.client, _merged(ctx.settings.seo, ctx.params))
    fsutil.write_json(ctx.path("metadata.json"), metadata.to_dict())
    return {
        "title": metadata.title,
        "chapters": len(metadata.chapters),
        "tags": len(metadata.tags),
        "score": metadata.score.total,
    }


@step(
    "check",
    inputs=("transcript.json", "metadata.json", "trimmed.mp4"),
    outputs=("findings.json",),
    option_keys=("override_reason", "blur_confirmed"),
)
def check_step(ctx: StepContext) -> dict[str, Any]:
    """Deontology and privacy check of what is said and shown; a blocking finding stops before upload
    unless overridden, or (shown on screen) confirmed for blurring with --blur-confirmed."""
    from videokit.compliance.visual import screen_findings
    from videokit.seo.deontology import check_metadata, check_transcript
    from videokit.seo.types import Metadata
    from videokit.speech.types import Transcript

    transcript = Transcript.from_dict(fsutil.read_json(ctx.path("transcript.json")))
    metadata = Metadata.from_dict(fsutil.read_json(ctx.path("metadata.json")))
    findings = check_transcript(transcript, ctx.client)
    findings += check_metadata(metadata, ctx.client)  # title, description and tags
    screen, visual = screen_findings(
        ctx.path("trimmed.mp4"),
        ctx.path("findings.json"),
        ctx.settings.visual,
        ctx.client,
        transcript.language,
        ctx.progress,
    )
    findings += screen
    blur = bool(ctx.options.get("blur_confirmed"))
    blocking = [f for f in findings if f.severity == "block" and not (blur and f.confirmed and f.box is not None)]
    override = ctx.options.get("override_reason")
    record = {
        "findings": [f.to_dict() for f in findings],
        "override_reason": override if blocking else None,
        "screen": visual,
    }
    if blocking and not override:
        # the findings are kept for review (IDs, cropped frames); without a marker the step runs again next time
        fsutil.write_json(ctx.path("findings.json"), record)
        first = blocking[0]
        where = f" at {first.start:.1f} s" if first.start is not None else f" in the {first.source}"
        fix = (f"confirm the regions to blur with 'videokit check {ctx.path('findings.json')} --confirm ID' and publish with --blur-confirmed, "
               "or " if first.box is not None else "edit the clip, or ")  # fmt: skip
        raise ComplianceBlock(
            f'{ctx.job.source}: {len(blocking)} blocking finding(s); first{where}: "{first.text}" breaks '
            f'{first.rule_id} ({first.reason or first.rule}); {fix}publish with --override "REASON" to record why it is acceptable'
        )
    fsutil.write_json(ctx.path("findings.json"), record)
    return {
        "findings": len(findings),
        "blocking": len(blocking),
        "overridden": bool(blocking and override),
        "on_screen": len(screen),
    }


@step(
    "render",
    inputs=("trimmed.mp4", "captions.srt", "findings.json"),
    outputs=("final.mp4", "render.json"),
    option_keys=("burn_captions", "blur_confirmed"),
)
@_params(RenderOptions)
def render_step(ctx: StepContext) -> dict[str, Any]:
    """YouTube-ready file: loudness -14 LUFS, H.264/AAC, branding, burned captions and blurred regions if asked."""
    from videokit.compliance.visual import blur_regions
    from videokit.media.render import render
    from videokit.seo.types import Finding

    options = _merged(ctx.settings.render, ctx.params)
    if ctx.options.get("burn_captions"):
        options = options.model_copy(update={"burn_captions": True})
    summary = render(
        ctx.path("trimmed.mp4"),
        ctx.path("final.mp4"),
        options,
        branding=ctx.client.branding,
        captions=ctx.path("captions.srt") if options.burn_captions else None,
        progress=ctx.progress,
        blur=blur_regions([Finding.from_dict(f) for f in fsutil.read_json(ctx.path("findings.json"))["findings"]])
        if ctx.options.get("blur_confirmed") and ctx.path("findings.json").exists()
        else (),
    )
    fsutil.write_json(ctx.path("render.json"), summary)
    return summary


@step("thumbnail", inputs=("final.mp4", "metadata.json", "render.json"), outputs=("thumbnail.jpg", "chapters.png"))
def thumbnail_step(ctx: StepContext) -> dict[str, Any]:
    """A sharp, well-exposed thumbnail and a contact sheet of the chapters."""
    from videokit.media.thumbnails import contact_sheet, pick_thumbnail

    metadata = _final_metadata(ctx)
    summary = pick_thumbnail(
        ctx.path("final.mp4"), ctx.path("thumbnail.jpg"), title=metadata.title, branding=ctx.client.branding
    )
    contact_sheet(
        ctx.path("final.mp4"),
        [(c.start, c.title) for c in metadata.chapters] or [(0.0, metadata.title)],
        ctx.path("chapters.png"),
    )
    return summary


@step(
    "short",
    inputs=("trimmed.mp4", "transcript.json", "captions.srt", "metadata.json"),
    outputs=("short.mp4", "short.json"),
)
@_params(RenderOptions)
def short_step(ctx: StepContext) -> dict[str, Any]:
    """A 9:16 Short of the stretch that says the most about the main keywords, captions burned in."""
    from videokit.media.shorts import make_short
    from videokit.seo.highlight import pick_highlight
    from videokit.seo.timed import timed_sentences
    from videokit.seo.types import Metadata
    from videokit.speech.types import Transcript

    transcript = Transcript.from_dict(fsutil.read_json(ctx.path("transcript.json")))
    metadata = Metadata.from_dict(fsutil.read_json(ctx.path("metadata.json")))
    highlight = pick_highlight(timed_sentences(transcript), [k.text for k in metadata.keywords], metadata.language)
    summary = make_short(
        ctx.path("trimmed.mp4"),
        ctx.path("short.mp4"),
        highlight.start,
        highlight.end,
        _merged(ctx.settings.render, ctx.params),
        branding=ctx.client.branding,
        captions=ctx.path("captions.srt"),
        progress=ctx.progress,
    )
    summary.update(text=highlight.text, keyword_hits=highlight.hits)
    fsutil.write_json(ctx.path("short.json"), summary)
    return summary


def _final_metadata(ctx: StepContext):
    """Metadata with chapter times moved past the intro the render prepended."""
    from videokit.seo.types import Metadata

    metadata = Metadata.from_dict(fsutil.read_json(ctx.path("metadata.json")))
    offset = fsutil.read_json(ctx.path("render.json")).get("intro_offset", 0.0)
    return metadata.with_offset(offset) if offset else metadata


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
def upload_step(ctx: StepContext) -> dict[str, Any]:
    """Upload video, caption track and thumbnail; a clip is never uploaded twice."""
    from videokit.speech.captions import write_transcript
    from videokit.speech.types import Transcript
    from videokit.youtube.publish import UploadRequest, publish_video, watch_url
    from videokit.youtube.service import connect

    store = open_store(ctx.settings.database_url)
    videos = store.table("videos")
    with store.begin() as conn:
        known = conn.execute(sa.select(videos).where(videos.c.job_id == ctx.job.id)).mappings().first()
    session = connect(ctx.settings, ctx.client)
    if known:  # uploaded by an earlier run whose job folder lost upload.json: report, never upload again
        result = {
            "video_id": known["video_id"],
            "url": watch_url(known["video_id"], session),
            "privacy": known["privacy"],
            "already_uploaded": True,
        }
        fsutil.write_json(ctx.path("upload.json"), result)
        return result
    metadata = _final_metadata(ctx)
    offset = fsutil.read_json(ctx.path("render.json")).get("intro_offset", 0.0)
    captions = ctx.path("captions.srt")
    if offset:
        transcript = Transcript.from_dict(fsutil.read_json(ctx.path("transcript.json")))
        captions = write_transcript(transcript.shifted(offset), ctx.path("captions.final.srt"), ctx.settings.captions)
    privacy = ctx.options.get("privacy") or ctx.client.privacy
    publish_at = ctx.options.get("publish_at")
    request = UploadRequest(
        video=ctx.path("final.mp4"),
        title=metadata.title,
        description=metadata.description,
        tags=metadata.tags,
        category_id=metadata.category_id or ctx.client.category_id,
        default_language=metadata.language,
        privacy="private" if publish_at else privacy,
        publish_at=datetime.fromisoformat(publish_at) if publish_at else None,
        made_for_kids=ctx.client.made_for_kids,
        contains_synthetic_media=ctx.client.contains_synthetic_media,
        captions=[(captions, metadata.language)],
        thumbnail=ctx.path("thumbnail.jpg"),
        playlists=ctx.client.playlists,
    )
    result = publish_video(session, request, state_file=ctx.path("upload_state.json"), progress=ctx.progress)
    with store.begin() as conn:
        exists = conn.execute(sa.select(videos.c.video_id).where(videos.c.video_id == result["video_id"])).first()
        if not exists:
            conn.execute(
                sa.insert(videos).values(
                    video_id=result["video_id"],
                    job_id=ctx.job.id,
                    client=ctx.client.name,
                    channel_id=session.channel_id,
                    title=metadata.title,
                    privacy=result["privacy"],
                    requested_privacy=request.privacy,
                    # UTC throughout: SQLite's DateTime drops offsets.
                    publish_at=request.publish_at.astimezone(timezone.utc).replace(tzinfo=None)
                    if request.publish_at
                    else None,
                    published_at=datetime.now(timezone.utc).replace(tzinfo=None),
                    keywords=json.dumps([k.text for k in metadata.keywords], ensure_ascii=False),
                )
            )
    fsutil.write_json(ctx.path("upload.json"), result)
    return result
