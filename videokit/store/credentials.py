"""Which channel each client is pinned to, and where its token file is. Never the token itself:
that lives in a 0600 file (videokit.youtube.auth writes it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from videokit.store.schema import credentials


@dataclass(frozen=True)
class PinnedChannel:
    client: str
    channel_id: str  # pinned at auth time
    channel_title: str
    token_path: str
    scopes: str  # space-separated
    created_at: datetime | None = None


class PinnedChannels:
    def __init__(self, engine: Engine):
        self._engine = engine

    def pin(self, pinned: PinnedChannel) -> None:
        """Pin (or re-pin) a client to a channel and its token file."""
        values = {
            "client": pinned.client,
            "channel_id": pinned.channel_id,
            "channel_title": pinned.channel_title,
            "token_path": pinned.token_path,
            "scopes": pinned.scopes,
        }
        with self._engine.begin() as conn:
            conn.execute(sa.delete(credentials).where(credentials.c.client == pinned.client))
            conn.execute(credentials.insert().values(**values))

    def get(self, client: str) -> PinnedChannel | None:
        with self._engine.begin() as conn:
            row = conn.execute(sa.select(credentials).where(credentials.c.client == client)).mappings().first()
        return PinnedChannel(**row) if row else None

    def all(self) -> list[PinnedChannel]:
        """Every pinned client, by name."""
        with self._engine.begin() as conn:
            rows = conn.execute(sa.select(credentials).order_by(credentials.c.client)).mappings().all()
        return [PinnedChannel(**row) for row in rows]
