"""State in a relational database: SQLite by default, PostgreSQL for scale-out.

SQLAlchemy Core over plain tables: every writer (CLI, batch runner, Celery worker) goes through
short transactions, so a kill -9 at any instant leaves either the old row or the new one.
Secrets never live here: `credentials` stores the path of a 0600 token file, not the token.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from videokit.store.schema import metadata, migrate

__all__ = ["Store", "metadata", "open_store"]


class Store:
    def __init__(self, engine: Engine):
        self.engine = engine

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        """One transaction: committed on success, rolled back on any error."""
        with self.engine.begin() as conn:
            yield conn

    def table(self, name: str) -> sa.Table:
        return metadata.tables[name]


@functools.cache
def open_store(url: str) -> Store:
    """Open (and migrate to the current schema) the database at `url`; cached per process."""
    if url.startswith("sqlite:///"):
        from pathlib import Path

        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(url, connect_args={"timeout": 60})

        @sa.event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn, _record):  # WAL: readers never block the single writer
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()
    else:
        engine = sa.create_engine(url, pool_pre_ping=True)
    migrate(engine)
    return Store(engine)
