"""What a reviewer changes in a job folder: the metadata (title, description, tags, chapters) and
the caption cues, checked against YouTube's rules and saved the way the steps save them.

The reviewer works on the video as it will be uploaded (chapters timed past the intro); what is
saved is `metadata.json` as the `seo` step writes it (chapters on the trimmed clip, through
`videokit.serial`), and the step's marker is restamped (`jobs.restamp`) so the step keeps the
edit and everything after it (check, thumbnail, upload) runs on it: a later `publish` uploads
exactly what was saved.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from videokit import fsutil, serial
from videokit.compliance.check import FindingsReport, accept, identified
from videokit.config import Settings
from videokit.seo import describe
from videokit.seo.score import score_video
from videokit.seo.types import Chapter, Finding, Metadata, SeoScore, TitleCandidate
from videokit.speech.captions import Cue, parse_cues, rewrap, shift, to_srt, to_vtt
from videokit.speech.options import CaptionOptions
from videokit.store import Store
from videokit.store.jobs import JobRecord
from videokit.workflow import jobs as jobfs
from videokit.workflow.artifacts import FINDINGS, METADATA, RENDER, Artifacts
from videokit.workflow.jobs import Job
from videokit.workflow.steps import RunOptions
from videokit.youtube import limits

_CHAPTER_LINE = re.compile(r"^\s*((?:(\d+):)?(\d{1,2}):(\d{2}))\s+(.+?)\s*$")
CAPTIONS_SRT, CAPTIONS_VTT = "captions.srt", "captions.vtt"


@dataclass(frozen=True)
class MetadataEdit:
    """The review form: the title candidates as edited, which one is used, and the rest (video times)."""

    titles: list[str]
    chosen: int
    description: str
    tags: list[str]
    chapters_text: str  # one chapter a line, "1:05 Heading", as YouTube reads them in a description


@dataclass(frozen=True)
class Validation:
    """YouTube's rules on an edit, field by field, and the SEO score it would get."""

    title: list[str] = field(default_factory=list)
    description: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    chapters: list[str] = field(default_factory=list)
    title_chars: int = 0
    description_bytes: int = 0
    tags_chars: int = 0
    tag_count: int = 0
    score: SeoScore = field(default_factory=lambda: SeoScore(0))

    @property
    def ok(self) -> bool:
        return not (self.title or self.description or self.tags or self.chapters)


def parse_tags(text: str) -> list[str]:
    """Tags typed one a line or separated by commas, blanks and repeats dropped."""
    return list(dict.fromkeys(t.strip() for t in re.split(r"[,\n]", text) if t.strip()))


def parse_chapters(text: str) -> tuple[list[Chapter], list[str]]:
    """Chapters typed as "0:00 Introduction" lines; lines that are not one are reported."""
    chapters, problems = [], []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        m = _CHAPTER_LINE.match(line)
        if not m:
            problems.append(f"chapter line {number} is not 'M:SS Heading': {line.strip()[:40]}")
            continue
        hours, minutes, seconds = int(m.group(2) or 0), int(m.group(3)), int(m.group(4))
        if seconds > 59:
            problems.append(f"chapter line {number}: {m.group(1)} has more than 59 seconds")
            continue
        chapters.append(Chapter(float(hours * 3600 + minutes * 60 + seconds), m.group(5)))
    return chapters, problems


def chapters_text(chapters: list[Chapter]) -> str:
    return "\n".join(f"{c.timestamp} {c.title}" for c in chapters)


def final_duration(artifacts: Artifacts, metadata: Metadata) -> float:
    """The length of the video as uploaded: the render's, else the talk's."""
    if artifacts.exists(RENDER):
        return artifacts.render().duration
    return float(metadata.parts.get("duration", 0.0))


def edited(artifacts: Artifacts, edit: MetadataEdit) -> tuple[Metadata, Validation]:
    """The metadata an edit makes (as `metadata.json` stores it) and its validation on the final video."""
    saved, final = artifacts.metadata(), artifacts.final_metadata()
    offset = artifacts.intro_offset()
    chapters, chapter_lines = parse_chapters(edit.chapters_text)
    chosen = min(max(edit.chosen, 0), max(len(edit.titles) - 1, 0))
    order = [chosen, *(i for i in range(len(edit.titles)) if i != chosen)]
    titles = [_candidate(saved.titles, i, edit.titles[i]) for i in order if edit.titles[i].strip() or i == chosen]
    stored_chapters = [c if i == 0 else replace(c, start=round(c.start - offset, 3)) for i, c in enumerate(chapters)]
    if edit.description.strip() == final.description.strip() and saved.parts:
        # the text as derived: keep its parts, so the description's chapter block follows the chapters
        parts, description = saved.parts, describe.assemble(saved.parts, stored_chapters)
    else:  # typed by hand: kept as typed (it is the uploaded text), its chapter lines rewritten from the list
        parts, description = {}, with_chapter_block(edit.description, final.chapters, chapters)
    metadata = replace(
        saved,
        titles=titles,
        description=description,
        tags=list(edit.tags),
        chapters=stored_chapters,
        parts=parts,
    )
    final_description = describe.with_offset(metadata, offset).description  # as Artifacts.final_metadata reads it
    duration = final_duration(artifacts, saved)
    title = titles[0].text if titles else ""
    chapter_problems = chapter_lines + limits.chapters_problems([c.start for c in chapters], duration)
    if any(not c.title.strip() for c in chapters):
        chapter_problems.append("a chapter has no heading")
    score = score_video(
        title=title,
        description=final_description,
        tags=metadata.tags,
        has_captions=artifacts.exists(CAPTIONS_SRT),
        default_language=metadata.language,
        category_id=metadata.category_id,
        custom_thumbnail=True,  # the thumbnail step always makes one
        keywords=[saved.parts.get("main_keyword", ""), *(k.text for k in saved.keywords)],
        chapters_valid=bool(chapters) and not chapter_problems,
        duration=duration,
    )
    metadata = replace(metadata, score=score)
    validation = Validation(
        title=limits.title_problems(title),
        description=limits.description_problems(final_description),
        tags=limits.tags_problems(metadata.tags),
        chapters=chapter_problems,
        title_chars=len(title),
        description_bytes=len(final_description.encode("utf-8")),
        tags_chars=limits.tags_length(metadata.tags),
        tag_count=len(metadata.tags),
        score=score,
    )
    return metadata, validation


def with_chapter_block(description: str, before: list[Chapter], after: list[Chapter]) -> str:
    """A hand-written description whose chapter lines (the ones listing `before`) now list `after`."""
    old = [f"{c.timestamp} {c.title}" for c in before]
    lines = description.splitlines()
    at = [i for i, line in enumerate(lines) if line.strip() in old]
    if not at:
        return description
    new = [f"{c.timestamp} {c.title}" for c in after]
    return "\n".join(lines[: at[0]] + new + [line for i, line in enumerate(lines[at[0] :], at[0]) if i not in at])


def save_metadata(job: Job, metadata: Metadata) -> None:
    """Write metadata.json as the seo step does and restamp the step: a later run keeps it and uploads it."""
    serial.write(job.path(METADATA), metadata)
    jobfs.restamp(job, "seo")


def cues(artifacts: Artifacts) -> list[Cue]:
    """The caption cues timed like the final video (as the player and the upload show them)."""
    path = artifacts.path(CAPTIONS_SRT)
    if not path.exists():
        return []
    return shift(parse_cues(path.read_text(encoding="utf-8")), artifacts.intro_offset())


def save_cue(job: Job, index: int, text: str, options: CaptionOptions) -> Cue:
    """Correct one cue's words in both caption files (times unchanged) and restamp the captions step."""
    srt = job.path(CAPTIONS_SRT)
    track = parse_cues(srt.read_text(encoding="utf-8"))
    if not 0 <= index < len(track):
        raise IndexError(f"no cue {index + 1} (the track has {len(track)})")
    if not text.strip():
        raise ValueError("a cue cannot be empty")
    cue = replace(track[index], lines=rewrap(text.replace("<", "").replace(">", ""), options))
    track[index] = cue
    fsutil.write_text(srt, to_srt(track))
    fsutil.write_text(job.path(CAPTIONS_VTT), to_vtt(track))
    jobfs.restamp(job, "captions")
    return cue


def findings(artifacts: Artifacts) -> list[Finding]:
    """The job's findings, each with its id (what `--accept ID` and the review page name it by)."""
    return identified(artifacts.findings().findings) if artifacts.exists(FINDINGS) else []


def accept_finding(job: Job, finding_id: str, reason: str) -> Finding:
    """Accept one finding as it is, for `reason` ("" withdraws it), as `videokit check FINDINGS.json
    --accept ID --reason TEXT` does: the reason goes on the sign-off record, and it no longer blocks.
    The check step's marker is restamped: what follows it (the render) runs on the new file."""
    path = job.path(FINDINGS)
    report = serial.read(FindingsReport, path)
    updated = accept(identified(report.findings), [finding_id], reason)
    serial.write(path, replace(report, findings=updated))
    if job.marker("check") is not None:
        jobfs.restamp(job, "check")
    return next(f for f in updated if f.id.startswith(finding_id))


def refresh(job: Job, settings: Settings, store: Store) -> None:
    """Bring what follows the edited artifacts up to date (the check, the render when the captions
    are burned or regions blurred, the thumbnail that shows the title), everything but the upload, so
    the practitioner approves what `publish` will send. The run options are the ones the job was
    made with, as its artifacts record them (override reason, blurred regions, burned captions)."""
    from videokit.workflow.definition import load_workflow
    from videokit.workflow.engine import run_job

    workflow = load_workflow(job.workflow)
    artifacts = Artifacts(job.dir)
    report = artifacts.findings() if artifacts.exists(FINDINGS) else None
    render = artifacts.render() if artifacts.exists(RENDER) else None
    options = RunOptions(
        dry_run=True,
        override_reason=report.override_reason if report else None,
        blur_confirmed=bool(render and render.blurred_regions),
        burn_captions=bool(render and render.captions_burned),
    )
    names = [s.name for s in workflow.steps]
    after = names[names.index("seo") + 1 :] if "seo" in names else []
    record = JobRecord(job.id, job.client, job.workflow, str(job.source), job.source_sha256, str(job.dir))
    for name in after:
        if name != "upload":
            run_job(job, workflow, settings, store, options=options, only=name)  # a failure records the job failed
    store.jobs.record_job(record, "done")


def _candidate(candidates: list[TitleCandidate], index: int, text: str) -> TitleCandidate:
    if index < len(candidates):
        original = candidates[index]
        return original if original.text == text else replace(original, text=text, reason=f"edited; {original.reason}")
    return TitleCandidate(text=text, score=0.0, reason="written by the reviewer")
