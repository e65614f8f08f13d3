"""Metadata changes `audit fix` made on YouTube, each with the full snippet before and after, so
`audit undo` can restore it byte for byte. A change is recorded before it is sent (write-ahead)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from videokit.store.schema import changes


@dataclass(frozen=True)
class ChangeRecord:
    id: int
    client: str
    video_id: str
    fields: list[str]  # the repairs it made: chapters, description, tags, title
    before: dict[str, Any]  # the snippet as read just before the change
    after: dict[str, Any]  # the snippet sent, then as YouTube stored it
    created_at: datetime | None
    undone_at: datetime | None


class Changes:
    def __init__(self, engine: Engine):
        self._engine = engine

    def record(
        self, client: str, video_id: str, fields: list[str], before: dict[str, Any], after: dict[str, Any]
    ) -> int:
        """A change about to be sent; returns its id."""
        values = {
            "client": client,
            "video_id": video_id,
            "fields": json.dumps(fields),
            "before": _dump(before),
            "after": _dump(after),
        }
        with self._engine.begin() as conn:
            key = conn.execute(changes.insert().values(**values)).inserted_primary_key
        assert key is not None  # an autoincrement id, given by every database videokit supports
        return int(key[0])

    def forget(self, change_id: int) -> None:
        """YouTube refused the change: nothing moved, so nothing is left to undo."""
        with self._engine.begin() as conn:
            conn.execute(changes.delete().where(changes.c.id == change_id))

    def stored(self, change_id: int, after: dict[str, Any]) -> None:
        """The snippet as YouTube stored it (what an undo compares the video with)."""
        with self._engine.begin() as conn:
            conn.execute(changes.update().where(changes.c.id == change_id).values(after=_dump(after)))

    def undone(self, change_id: int) -> None:
        with self._engine.begin() as conn:
            conn.execute(changes.update().where(changes.c.id == change_id).values(undone_at=datetime.now(UTC)))

    def get(self, change_id: int) -> ChangeRecord | None:
        with self._engine.begin() as conn:
            row = conn.execute(sa.select(changes).where(changes.c.id == change_id)).mappings().first()
        return _record(row) if row else None

    def of_client(self, client: str) -> list[ChangeRecord]:
        """The client's changes, oldest first."""
        query = sa.select(changes).where(changes.c.client == client).order_by(changes.c.id)
        with self._engine.begin() as conn:
            return [_record(row) for row in conn.execute(query).mappings()]


def _record(row: sa.RowMapping) -> ChangeRecord:
    return ChangeRecord(
        id=row["id"],
        client=row["client"],
        video_id=row["video_id"],
        fields=json.loads(row["fields"]),
        before=json.loads(row["before"]),
        after=json.loads(row["after"]),
        created_at=row["created_at"],
        undone_at=row["undone_at"],
    )


def _dump(snippet: dict[str, Any]) -> str:
    return json.dumps(snippet, ensure_ascii=False)
