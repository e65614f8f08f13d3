"""The queue: every job of the clients a user works on, with the state a person cares about."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from videokit.compliance.approval import approval_status
from videokit.compliance.check import blocking
from videokit.seo.types import Finding
from videokit.store import Store
from videokit.store.jobs import JobRecord
from videokit.workflow import review
from videokit.workflow.artifacts import METADATA, Artifacts
from videokit.workflow.jobs import find_job

STATES = {
    "processing": "Processing",
    "awaiting_review": "Awaiting review",
    "awaiting_approval": "Awaiting the doctor's approval",
    "approved": "Approved, ready to publish",
    "scheduled": "Scheduled",
    "published": "Published",
    "failed": "Failed",
}


@dataclass(frozen=True)
class QueueRow:
    job_id: str
    client: str
    title: str
    state: str  # a key of STATES
    findings: int
    blocking: int
    scheduled: datetime | None
    updated: datetime | None
    error: str | None = None

    @property
    def state_label(self) -> str:
        return STATES[self.state]


def job_state(
    record: JobRecord, store: Store, artifacts: Artifacts, findings: list[Finding]
) -> tuple[str, datetime | None]:
    """The job's state and its scheduled publication time."""
    video = store.videos.for_job(record.id)
    if video is not None:
        when = video.publish_at
        return ("scheduled" if when and when > datetime.now(UTC) else "published"), when
    if record.status == "failed":
        return "failed", None
    if record.status in ("pending", "running") or not artifacts.exists(METADATA):
        return "processing", None
    approval = approval_status(store.approvals, find_job(store.jobs, record.job_dir)).state
    if approval == "approved":
        return "approved", None
    if approval == "changes-requested":
        return "awaiting_review", None
    if approval == "void" or not blocking(findings):  # nothing left for staff to settle
        return "awaiting_approval", None
    return "awaiting_review", None


def queue_row(record: JobRecord, store: Store) -> QueueRow:
    artifacts = Artifacts(Path(record.job_dir))
    if not artifacts.exists("job.json"):  # the folder was removed (or moved): the row says so, the page lists the rest
        missing = f"{record.job_dir}: the job folder is missing; run 'videokit publish {record.source}' again"
        return QueueRow(
            record.id, record.client, Path(record.source).name, "failed", 0, 0, None, record.updated_at, missing
        )
    findings = review.findings(artifacts)
    state, scheduled = job_state(record, store, artifacts, findings)
    title = artifacts.final_metadata().title if artifacts.exists(METADATA) else Path(record.source).name
    return QueueRow(
        job_id=record.id,
        client=record.client,
        title=title,
        state=state,
        findings=len(findings),
        blocking=len(blocking(findings)),
        scheduled=scheduled,
        updated=record.updated_at,
        error=record.error if state == "failed" else None,
    )
