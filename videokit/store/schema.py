"""Tables and migrations. Version 1 is the first schema; each later change appends a migration
function to MIGRATIONS so agencies upgrade in place (`videokit` migrates on open)."""

from __future__ import annotations

import fcntl
from collections.abc import Callable

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

metadata = sa.MetaData()
_now = sa.func.current_timestamp()

schema_version = sa.Table("schema_version", metadata, sa.Column("version", sa.Integer, nullable=False))

credentials = sa.Table(
    "credentials",
    metadata,
    sa.Column("client", sa.String(64), primary_key=True),
    sa.Column("channel_id", sa.String(64), nullable=False),  # pinned at auth time
    sa.Column("channel_title", sa.Text, nullable=False, server_default=""),
    sa.Column("token_path", sa.Text, nullable=False),  # the token itself is in a 0600 file
    sa.Column("scopes", sa.Text, nullable=False, server_default=""),
    sa.Column("created_at", sa.DateTime(timezone=True), server_default=_now),
)

batches = sa.Table(
    "batches",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("workflow", sa.String(64), nullable=False),
    sa.Column("executor", sa.String(16), nullable=False, server_default="local"),
    sa.Column("status", sa.String(16), nullable=False, server_default="running"),
    sa.Column("created_at", sa.DateTime(timezone=True), server_default=_now),
)

jobs = sa.Table(
    "jobs",
    metadata,
    sa.Column("id", sa.String(80), primary_key=True),  # client + source sha256 prefix + workflow
    sa.Column("batch_id", sa.String(32), sa.ForeignKey("batches.id"), nullable=True, index=True),
    sa.Column("client", sa.String(64), nullable=False, index=True),
    sa.Column("workflow", sa.String(64), nullable=False),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("source_sha256", sa.String(64), nullable=False),
    sa.Column("job_dir", sa.Text, nullable=False),
    sa.Column("status", sa.String(16), nullable=False, server_default="pending"),
    sa.Column("error", sa.Text, nullable=True),
    sa.Column("created_at", sa.DateTime(timezone=True), server_default=_now),
    sa.Column("updated_at", sa.DateTime(timezone=True), server_default=_now),
)

steps = sa.Table(
    "steps",
    metadata,
    sa.Column("job_id", sa.String(80), sa.ForeignKey("jobs.id"), primary_key=True),
    sa.Column("name", sa.String(32), primary_key=True),
    sa.Column("status", sa.String(16), nullable=False),  # pending|running|done|skipped|failed
    sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
    sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("seconds", sa.Float, nullable=True),
    sa.Column("error", sa.Text, nullable=True),
)

videos = sa.Table(
    "videos",
    metadata,
    sa.Column("video_id", sa.String(32), primary_key=True),
    sa.Column("job_id", sa.String(80), nullable=True, unique=True),
    sa.Column("client", sa.String(64), nullable=False, index=True),
    sa.Column("channel_id", sa.String(64), nullable=False),
    sa.Column("title", sa.Text, nullable=False, server_default=""),
    sa.Column("privacy", sa.String(16), nullable=False, server_default="private"),
    sa.Column("requested_privacy", sa.String(16), nullable=False, server_default="private"),
    sa.Column("publish_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("keywords", sa.Text, nullable=False, server_default=""),  # JSON list, closes the SEO loop
    sa.Column("created_at", sa.DateTime(timezone=True), server_default=_now),
)

quota_calls = sa.Table(
    "quota_calls",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("cloud_project", sa.String(64), nullable=False),
    sa.Column("pacific_day", sa.Date, nullable=False),
    sa.Column("bucket", sa.String(32), nullable=False),  # "shared" or "videos.insert"
    sa.Column("method", sa.String(64), nullable=False),
    sa.Column("units", sa.Integer, nullable=False),
    sa.Column("client", sa.String(64), nullable=False, server_default=""),
    sa.Column("at", sa.DateTime(timezone=True), server_default=_now),
    sa.Index("ix_quota_day", "cloud_project", "pacific_day", "bucket"),
)

snapshots = sa.Table(
    "snapshots",
    metadata,
    sa.Column("video_id", sa.String(32), primary_key=True),
    sa.Column("taken_at", sa.DateTime(timezone=True), primary_key=True),
    sa.Column("views", sa.BigInteger, nullable=False),
    sa.Column("likes", sa.BigInteger, nullable=False, server_default="0"),
    sa.Column("comments", sa.BigInteger, nullable=False, server_default="0"),
)

daily_stats = sa.Table(
    "daily_stats",
    metadata,
    sa.Column("client", sa.String(64), primary_key=True),
    sa.Column("video_id", sa.String(32), primary_key=True),  # "" = whole channel
    sa.Column("day", sa.Date, primary_key=True),
    sa.Column("views", sa.BigInteger, nullable=False, server_default="0"),
    sa.Column("minutes", sa.Float, nullable=False, server_default="0"),
    sa.Column("avg_view_duration", sa.Float, nullable=False, server_default="0"),
    sa.Column("subscribers", sa.Integer, nullable=False, server_default="0"),
)

traffic = sa.Table(
    "traffic",
    metadata,
    sa.Column("client", sa.String(64), primary_key=True),
    sa.Column("period_end", sa.Date, primary_key=True),
    sa.Column("kind", sa.String(16), primary_key=True),  # "source" (type) or "search" (term)
    sa.Column("key", sa.Text, primary_key=True),
    sa.Column("views", sa.BigInteger, nullable=False),
    sa.Column("period_days", sa.Integer, nullable=False, server_default="28"),
)

changes = sa.Table(
    "changes",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("client", sa.String(64), nullable=False, index=True),
    sa.Column("video_id", sa.String(32), nullable=False),
    sa.Column("fields", sa.Text, nullable=False),
    sa.Column("before", sa.Text, nullable=False),  # full snippet JSON as read
    sa.Column("after", sa.Text, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), server_default=_now),
    sa.Column("undone_at", sa.DateTime(timezone=True), nullable=True),
)


users = sa.Table(
    "users",
    metadata,
    sa.Column("email", sa.String(254), primary_key=True),  # lower-cased
    sa.Column("role", sa.String(16), nullable=False),  # staff | practitioner | viewer
    sa.Column("clients", sa.Text, nullable=False, server_default="[]"),  # JSON list of client names
    sa.Column("password_hash", sa.Text, nullable=False),  # argon2id, never the password
    sa.Column("created_at", sa.DateTime(timezone=True), server_default=_now),
    sa.Column("updated_at", sa.DateTime(timezone=True), server_default=_now),
)

approvals = sa.Table(
    "approvals",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("job_id", sa.String(80), nullable=False, index=True),
    sa.Column("client", sa.String(64), nullable=False, index=True),
    sa.Column("job_dir", sa.Text, nullable=False),
    sa.Column("decision", sa.String(24), nullable=False),  # "approved" or "changes-requested"
    sa.Column("by", sa.Text, nullable=False),  # who decided, as they typed their name
    sa.Column("note", sa.Text, nullable=True),
    sa.Column("fingerprint", sa.Text, nullable=False),  # JSON: sha256 of what was reviewed
    sa.Column("content", sa.Text, nullable=False),  # JSON: what was reviewed (title, description, findings...)
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)

# Tables as each migration created them: a later table added to `metadata` must not be created by
# an earlier migration, or the later one would find it there already.
_V1_TABLES = [t for t in metadata.sorted_tables if t not in (approvals, users)]


def _v1(conn: Connection) -> None:
    metadata.create_all(conn, tables=_V1_TABLES)


def _v2(conn: Connection) -> None:
    """Sign-off: who approved which content of a job (issue 14)."""
    approvals.create(conn)


def _v3(conn: Connection) -> None:
    """The web app's accounts (issue 15)."""
    users.create(conn, checkfirst=True)  # a database made on the web branch before sign-off landed has it


MIGRATIONS: list[Callable[[Connection], None]] = [_v1, _v2, _v3]


def migrate(engine: Engine) -> None:
    """Bring the database to the latest version; safe to run concurrently from several processes
    (PostgreSQL: an advisory lock; SQLite: an exclusive lock on a file beside the database, since
    Python's sqlite3 runs DDL outside the transaction, so two creators would race table by table)."""
    database = engine.url.database if engine.dialect.name == "sqlite" else None
    if not database or database == ":memory:":
        return _migrate_once(engine)
    with open(f"{database}.migrate.lock", "a+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released by the kernel if the process dies
        return _migrate_once(engine)


def _migrate_once(engine: Engine) -> None:
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(72657361)"))
        schema_version.create(conn, checkfirst=True)
        current = conn.execute(sa.select(sa.func.max(schema_version.c.version))).scalar() or 0
        for version, step in enumerate(MIGRATIONS[current:], start=current + 1):
            step(conn)
            conn.execute(schema_version.insert().values(version=version))
