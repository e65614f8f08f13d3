"""State in a relational database: SQLite by default, PostgreSQL for scale-out.

Every query lives in this package, in a repository named after what it keeps: `videos`
(published videos), `jobs` (batches, jobs and steps), `changes` (metadata edits and their undo),
`credentials` (pinned channels), `quota` (YouTube calls per Cloud project and day), `stats`
(snapshots, daily history, traffic), `approvals` (the practitioner's sign-off of a job) and `users`
(the web app's accounts). Library code receives the `Store` (or the one repository it needs) from
the application: the CLI opens one per command, a Celery worker one per process, a web app one at
start-up.

SQLAlchemy Core over plain tables: every writer goes through short transactions, so a kill -9 at
any instant leaves either the old row or the new one. Secrets never live here: `credentials` keeps
the path of a 0600 token file, not the token.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from videokit.errors import ConfigError, OutputError
from videokit.store.approvals import Approvals
from videokit.store.changes import Changes
from videokit.store.credentials import PinnedChannels
from videokit.store.jobs import Jobs
from videokit.store.quota import QuotaCalls
from videokit.store.schema import migrate
from videokit.store.stats import Stats
from videokit.store.users import Users
from videokit.store.videos import Videos

__all__ = ["Store", "open_store"]


class Store:
    """One database and its repositories; thread-safe (one connection pool), so one per process is enough."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self.videos = Videos(engine)
        self.jobs = Jobs(engine)
        self.changes = Changes(engine)
        self.credentials = PinnedChannels(engine)
        self.quota = QuotaCalls(engine)
        self.stats = Stats(engine)
        self.approvals = Approvals(engine)
        self.users = Users(engine)

    @property
    def url(self) -> str:
        """The database, as error messages name it (no password)."""
        return self.engine.url.render_as_string(hide_password=True)

    def close(self) -> None:
        self.engine.dispose()


def open_store(url: str) -> Store:
    """Open the database at `url` and migrate it to the current schema."""
    try:
        if url.startswith("sqlite:///"):
            Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
            engine = sa.create_engine(url, connect_args={"timeout": 60})
            sa.event.listen(engine, "connect", _sqlite_pragmas)
        else:
            engine = sa.create_engine(url, pool_pre_ping=True)
    except OSError as exc:
        raise OutputError(f"{url}: cannot create the database folder ({exc.strerror}); set a writable --home") from None
    except (sa.exc.ArgumentError, ImportError) as exc:
        raise ConfigError(f"database_url {_safe(url)}: not a database address ({exc}); fix it in config.toml") from None
    try:
        migrate(engine)
    except sa.exc.DBAPIError as exc:
        engine.dispose()
        reason = str(exc.orig).strip().splitlines()[0][:200] if exc.orig else type(exc).__name__
        if url.startswith("sqlite"):
            raise OutputError(
                f"{url}: cannot open the database ({reason}); check the home folder is writable"
            ) from None
        raise ConfigError(
            f"database {_safe(url)}: cannot connect ({reason}); start it or fix database_url in config.toml"
        ) from None
    return Store(engine)


def _safe(url: str) -> str:
    """The address without its password, for messages."""
    try:
        return sa.engine.make_url(url).render_as_string(hide_password=True)
    except sa.exc.ArgumentError:
        return "(unreadable address)"


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    """WAL: readers never block the single writer."""
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()
