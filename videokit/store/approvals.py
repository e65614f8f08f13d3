"""Sign-off decisions: a practitioner approving a job's content, or asking for changes.

Rows are only ever added: each decision keeps the fingerprint of what was reviewed and the
content itself (title, description, chapters, findings and their acceptance reasons), so the
record shows what was approved even after the job folder changed. The typed view of a row's
JSON columns is videokit.compliance.approval's.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from videokit.store.schema import approvals
from videokit.store.videos import utc


@dataclass(frozen=True)
class ApprovalRecord:
    id: int
    job_id: str
    client: str
    job_dir: str
    decision: str  # "approved" | "changes-requested"
    by: str
    note: str | None
    fingerprint: dict[str, Any]
    content: dict[str, Any]
    created_at: datetime


class Approvals:
    def __init__(self, engine: Engine):
        self._engine = engine

    def record(
        self,
        job_id: str,
        client: str,
        job_dir: str,
        decision: str,
        by: str,
        note: str | None,
        fingerprint: dict[str, Any],
        content: dict[str, Any],
    ) -> ApprovalRecord:
        """Add a decision; returns it as stored (with its id and time)."""
        values = {
            "job_id": job_id,
            "client": client,
            "job_dir": job_dir,
            "decision": decision,
            "by": by,
            "note": note,
            "fingerprint": _dump(fingerprint),
            "content": _dump(content),
            "created_at": datetime.now(UTC),
        }
        with self._engine.begin() as conn:
            key = conn.execute(approvals.insert().values(**values)).inserted_primary_key
        assert key is not None  # an autoincrement id, given by every database videokit supports
        return _record({**values, "id": int(key[0])})

    def latest(self, job_id: str, decision: str | None = None) -> ApprovalRecord | None:
        """The job's last decision (of that kind, when given)."""
        query = sa.select(approvals).where(approvals.c.job_id == job_id)
        if decision:
            query = query.where(approvals.c.decision == decision)
        with self._engine.begin() as conn:
            row = conn.execute(query.order_by(approvals.c.id.desc()).limit(1)).mappings().first()
        return _record(row) if row else None

    def of_client(self, client: str) -> list[ApprovalRecord]:
        """Every decision on the client's jobs, newest first."""
        query = sa.select(approvals).where(approvals.c.client == client).order_by(approvals.c.id.desc())
        with self._engine.begin() as conn:
            return [_record(row) for row in conn.execute(query).mappings()]


def _record(row: Any) -> ApprovalRecord:
    return ApprovalRecord(
        id=row["id"],
        job_id=row["job_id"],
        client=row["client"],
        job_dir=row["job_dir"],
        decision=row["decision"],
        by=row["by"],
        note=row["note"],
        fingerprint=json.loads(row["fingerprint"]),
        content=json.loads(row["content"]),
        created_at=utc(row["created_at"]),
    )


def _dump(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True)
