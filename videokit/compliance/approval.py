"""Sign-off: the practitioner approves exactly what will be published, and any change voids it.

The doctor, not the agency, answers for each video. When a client profile sets
`require_approval`, the upload step sends nothing until the job has an approval whose fingerprint
equals the job's now: the sha256 of final.mp4, of each caption file, of metadata.json (title,
description, tags, chapters), of the thumbnail, and of the findings with the reasons they were
accepted for (per finding, `videokit check FINDINGS.json --accept ID --reason TEXT`, or the
publish-wide `--override`). A re-render, an edited title, new captions or a new acceptance gives
another fingerprint: the approval is void and the upload refuses (ApprovalRequired, exit 9).

Each decision is kept in the store with the content that was reviewed, so the record (and its
PDF, videokit.reports.approval) shows what was approved even after the job changed. A practitioner
may also ask for changes instead (`request_changes`): the job then waits for a new approval.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Literal

from videokit import fsutil, serial
from videokit.config import ClientProfile
from videokit.errors import ApprovalRequired, InputError
from videokit.seo.types import Chapter, Finding
from videokit.store.approvals import ApprovalRecord, Approvals
from videokit.store.jobs import Jobs
from videokit.workflow.artifacts import FINDINGS, METADATA, Artifacts
from videokit.workflow.jobs import Job, find_job

AWAITING_APPROVAL = ApprovalRequired.job_status  # the job status while its upload waits for the sign-off

Decision = Literal["approved", "changes-requested", "pending"]  # "pending": a preview, not recorded
State = Literal["missing", "approved", "void", "changes-requested"]
VIDEO = "final.mp4"
CAPTIONS = ("captions.srt", "captions.vtt")
THUMBNAIL = "thumbnail.jpg"


@dataclass(frozen=True)
class Fingerprint:
    """sha256 of everything a practitioner approves ("" for a file that is missing)."""

    video: str  # final.mp4
    captions: dict[str, str]  # caption file name -> sha256
    metadata: str  # metadata.json: title, description, tags, chapters
    findings: str  # the findings, each with the reason it was accepted for, and the override reason
    thumbnail: str = ""


@dataclass(frozen=True)
class Reviewed:
    """What the practitioner saw and approved (kept with the decision: the job folder may change)."""

    source: str  # the clip the job was made from
    title: str
    description: str
    tags: list[str]
    chapters: list[Chapter]  # timed like the published video
    language: str
    findings: list[Finding]  # with `accepted`: the reason each accepted finding is acceptable
    override_reason: str | None = None  # the publish-wide override (`publish --override`), if any


@dataclass(frozen=True)
class Approval:
    """One decision on one job: an approval, or a request for changes."""

    id: int
    job_id: str
    client: str
    job_dir: str
    decision: Decision
    by: str
    note: str | None
    at: datetime
    fingerprint: Fingerprint
    content: Reviewed


@dataclass(frozen=True)
class Change:
    """One difference between what was approved and the job now."""

    what: str  # "final.mp4", "captions.srt", "metadata.json", "findings", "thumbnail.jpg"
    detail: str  # in words: "title edited: 'A' -> 'B'", "re-rendered", "finding 1a2b3c4d accepted"


@dataclass(frozen=True)
class ApprovalStatus:
    """Where a job stands: "missing" (never approved), "approved" (the approval matches the job now),
    "void" (the job changed since: `changes` says how) or "changes-requested" (the last decision
    asked for changes)."""

    job_id: str
    state: State
    approval: Approval | None = None  # the last approval, even void
    request: Approval | None = None  # the request for changes, when it is the last decision
    changes: list[Change] = field(default_factory=list)

    @property
    def approved(self) -> bool:
        return self.state == "approved"


@dataclass(frozen=True)
class JobApproval:
    """One job of a client's sign-off list and where it stands."""

    job_id: str
    source: str
    job_dir: str
    status: ApprovalStatus
    title: str = ""  # as the job would publish it now ("" when the job folder cannot be read)


@dataclass(frozen=True)
class ClientApprovals:
    """A client's sign-off: the jobs waiting for approval or decided on, and every decision."""

    client: str
    jobs: list[JobApproval]  # those not approved (waiting, void, changes requested) first
    decisions: list[Approval]  # newest first


def fingerprint(job: Job) -> Fingerprint:
    """The job's fingerprint now: what its upload would send."""
    artifacts = Artifacts(job.dir)
    return Fingerprint(
        video=_sha(job, VIDEO),
        captions={name: _sha(job, name) for name in CAPTIONS},
        metadata=_sha(job, METADATA),
        findings=_findings_sha(artifacts) if artifacts.exists(FINDINGS) else "",
        thumbnail=_sha(job, THUMBNAIL),
    )


def reviewed(job: Job) -> Reviewed:
    """What the job would publish: title, description, tags, chapters, findings and their reasons."""
    artifacts = Artifacts(job.dir)
    for name in (VIDEO, METADATA, FINDINGS):
        if not artifacts.exists(name):
            raise InputError(
                f"{job.path(name)}: missing, so job {job.id} has nothing to approve yet; run "
                f"'videokit publish {job.source} --client {job.client}' first (it stops before the upload)"
            )
    try:
        metadata, report = artifacts.final_metadata(), artifacts.findings()
    except (OSError, ValueError) as exc:
        raise InputError(
            f"{job.dir}: cannot read the job's metadata or findings ({exc}); run 'videokit publish {job.source}' again"
        ) from None
    return Reviewed(
        source=str(job.source),
        title=metadata.title,
        description=metadata.description,
        tags=list(metadata.tags),
        chapters=list(metadata.chapters),
        language=metadata.language,
        findings=list(report.findings),
        override_reason=report.override_reason,
    )


def approve(approvals: Approvals, job: Job, by: str, note: str | None = None) -> Approval:
    """Record that `by` approved the job as it is now (its content and fingerprint)."""
    return _decide(approvals, job, "approved", by, note)


def request_changes(approvals: Approvals, job: Job, by: str, note: str) -> Approval:
    """Record that `by` asked for changes (`note` says which); the job waits for a new approval."""
    if not (note or "").strip():
        raise InputError(f"job {job.id}: a request for changes needs a note saying what to change")
    return _decide(approvals, job, "changes-requested", by, note)


def approval_status(approvals: Approvals, job: Job) -> ApprovalStatus:
    """Whether the job's last approval still matches the job (and if not, what changed)."""
    last = approvals.latest(job.id)
    if last is None:
        return ApprovalStatus(job.id, "missing")
    approved = last if last.decision == "approved" else approvals.latest(job.id, "approved")
    approval = to_approval(approved) if approved else None
    if last.decision == "changes-requested":
        return ApprovalStatus(job.id, "changes-requested", approval, to_approval(last))
    assert approval is not None  # the last decision is an approval
    changes = _changes(approval, job)
    return ApprovalStatus(job.id, "void" if changes else "approved", approval, changes=changes)


def ensure_approved(approvals: Approvals, job: Job, client: ClientProfile) -> ApprovalStatus | None:
    """The upload's gate: nothing when the client does not require approval, the status when the job's
    approval matches what is about to be sent; otherwise ApprovalRequired naming the job and the command."""
    if not client.require_approval:
        return None
    status = approval_status(approvals, job)
    command = f"'videokit approve {job.id} --by NAME'"
    if status.state == "approved":
        return status
    if status.state == "missing":
        raise ApprovalRequired(
            f"job {job.id} ({job.source.name}): client {client.name} requires the practitioner's approval before "
            f"upload; review it ('videokit approval-pdf {job.id} -o approval.pdf') and run {command}, then publish again"
        )
    if status.state == "changes-requested":
        request = status.request
        assert request is not None
        raise ApprovalRequired(
            f"job {job.id} ({job.source.name}): {request.by} asked for changes on {request.at:%Y-%m-%d %H:%M} UTC "
            f"({request.note}); make them, then run {command} and publish again"
        )
    approval = status.approval
    assert approval is not None
    raise ApprovalRequired(
        f"job {job.id} ({job.source.name}): the approval by {approval.by} on {approval.at:%Y-%m-%d %H:%M} UTC no "
        f"longer matches what would be sent ({'; '.join(f'{c.what}: {c.detail}' for c in status.changes)}); "
        f"review it and run {command} again"
    )


def approvals_of(approvals: Approvals, client: str) -> list[Approval]:
    """Every decision on the client's jobs, newest first."""
    return [to_approval(r) for r in approvals.of_client(client)]


def client_approvals(approvals: Approvals, jobs: Jobs, client: str) -> ClientApprovals:
    """The client's jobs waiting for approval (publish stopped before their upload) or decided on,
    each with its status now, and every decision."""
    decisions = approvals_of(approvals, client)
    folders = {r.id: r.job_dir for r in jobs.of_client(client, AWAITING_APPROVAL)}
    for d in decisions:
        folders.setdefault(d.job_id, d.job_dir)
    listed = []
    for job_id, folder in folders.items():
        try:
            job = find_job(jobs, folder)
        except InputError:  # the job folder was removed: its decisions stay on record
            continue
        try:
            title = Artifacts(job.dir).final_metadata().title
        except (OSError, ValueError):
            title = ""
        listed.append(JobApproval(job_id, str(job.source), str(job.dir), approval_status(approvals, job), title))
    listed.sort(key=lambda j: j.status.approved)
    return ClientApprovals(client, listed, decisions)


def preview(job: Job) -> Approval:
    """What approving the job now would record (decision "pending", nothing stored): to review first."""
    return Approval(
        0, job.id, job.client, str(job.dir), "pending", "", None, datetime.now(UTC), fingerprint(job), reviewed(job)
    )


def to_approval(record: ApprovalRecord) -> Approval:
    """A stored decision, typed."""
    return Approval(
        id=record.id,
        job_id=record.job_id,
        client=record.client,
        job_dir=record.job_dir,
        decision="approved" if record.decision == "approved" else "changes-requested",  # as recorded by _decide
        by=record.by,
        note=record.note,
        at=record.created_at,
        fingerprint=serial.load(Fingerprint, record.fingerprint),
        content=serial.load(Reviewed, record.content),
    )


def _decide(approvals: Approvals, job: Job, decision: Decision, by: str, note: str | None) -> Approval:
    by = (by or "").strip()
    if not by:
        raise InputError(f"job {job.id}: say who decides (--by NAME, as it should appear on the record)")
    content = reviewed(job)
    record = approvals.record(
        job.id,
        job.client,
        str(job.dir),
        decision,
        by,
        (note or "").strip() or None,
        serial.dump(fingerprint(job)),
        serial.dump(content),
    )
    return to_approval(record)


def _sha(job: Job, name: str) -> str:
    path = job.path(name)
    return fsutil.sha256_file(path) if path.is_file() else ""


def _findings_sha(artifacts: Artifacts) -> str:
    """The findings and every reason given for them, not how the check ran (its timings, its cache)."""
    try:
        report = artifacts.findings()
    except (OSError, ValueError):
        return "unreadable"
    data = serial.dump({"findings": report.findings, "override_reason": report.override_reason})
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _changes(approval: Approval, job: Job) -> list[Change]:
    """What differs between the approval and the job now, in words."""
    then, now = approval.fingerprint, fingerprint(job)
    changes = []
    if then.video != now.video:
        changes.append(Change(VIDEO, "missing" if not now.video else "re-rendered since the approval"))
    for name in sorted({*then.captions, *now.captions}):
        if then.captions.get(name, "") != now.captions.get(name, ""):
            changes.append(Change(name, "missing" if not now.captions.get(name) else "captions changed"))
    if then.thumbnail != now.thumbnail:
        changes.append(Change(THUMBNAIL, "missing" if not now.thumbnail else "thumbnail changed"))
    if then.metadata != now.metadata or then.findings != now.findings:
        try:
            current: Reviewed | None = reviewed(job)
        except InputError:
            current = None
        if then.metadata != now.metadata:
            changes.append(Change(METADATA, _metadata_change(approval.content, current)))
        if then.findings != now.findings:
            changes.append(Change("findings", _findings_change(approval.content, current)))
    return changes


def _metadata_change(then: Reviewed, now: Reviewed | None) -> str:
    if now is None:
        return "missing or unreadable"
    edited = [
        name
        for name, before, after in (
            ("description", then.description, now.description),
            ("tags", then.tags, now.tags),
            ("chapters", then.chapters, now.chapters),
        )
        if before != after
    ]
    parts = [f"title edited: {then.title!r} -> {now.title!r}"] if then.title != now.title else []
    parts += [f"{name} edited" for name in edited]
    return ", ".join(parts) or "metadata.json rewritten"


def _findings_change(then: Reviewed, now: Reviewed | None) -> str:
    if now is None:
        return "findings missing or unreadable"
    before = {f.id: f for f in then.findings}
    after = {f.id: f for f in now.findings}
    parts = [f"new finding {i} ({after[i].rule_id})" for i in after if i not in before]
    parts += [f"finding {i} ({before[i].rule_id}) gone" for i in before if i not in after]
    for i in after.keys() & before.keys():
        if after[i].accepted != before[i].accepted:
            parts.append(
                f"finding {i} accepted: {after[i].accepted!r}"
                if after[i].accepted
                else f"finding {i} acceptance withdrawn"
            )
        elif after[i] != before[i]:
            parts.append(f"finding {i} changed")
    if then.override_reason != now.override_reason:
        parts.append(f"override reason now {now.override_reason!r}")
    return ", ".join(sorted(parts)) or "findings rewritten"
