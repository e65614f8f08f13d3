"""The queue: every job of the clients a user works on, with the state a person cares about."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from videokit.store import Store
from videokit.store.jobs import JobRecord
from videokit.workflow.artifacts import FINDINGS, METADATA, Artifacts

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


def approval_state(store: Store, record: JobRecord) -> str:
    """missing, requested (sent to the doctor), approved or void."""
    return "missing"


def job_state(record: JobRecord, store: Store) -> tuple[str, datetime | None]:
    """The job's state and its scheduled publication time."""
    video = store.videos.for_job(record.id)
    if video is not None:
        when = video.publish_at
        return ("scheduled" if when and when > datetime.now(UTC) else "published"), when
    if record.status == "failed":
        return "failed", None
    artifacts = Artifacts(Path(record.job_dir))
    if record.status in ("pending", "running") or not artifacts.exists(METADATA):
        return "processing", None
    approval = approval_state(store, record)
    if approval == "approved":
        return "approved", None
    return ("awaiting_approval" if approval == "requested" else "awaiting_review"), None


def queue_row(record: JobRecord, store: Store) -> QueueRow:
    artifacts = Artifacts(Path(record.job_dir))
    state, scheduled = job_state(record, store)
    title = artifacts.final_metadata().title if artifacts.exists(METADATA) else Path(record.source).name
    findings = artifacts.findings().findings if artifacts.exists(FINDINGS) else []
    return QueueRow(
        job_id=record.id,
        client=record.client,
        title=title,
        state=state,
        findings=len(findings),
        blocking=sum(f.blocking for f in findings),
        scheduled=scheduled,
        updated=record.updated_at,
        error=record.error if state == "failed" else None,
    )
