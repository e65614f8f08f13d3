"""The sandbox's persistent state: one SQLite file, plus a folder of media blobs beside it.

Rows hold resources as YouTube returns them (JSON), so what a client wrote is what it reads back.
A lock serialises writers: the server is threaded and SQLite has one writer anyway.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import sqlite3
import string
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from videokit.youtube import quota

ID_ALPHABET = string.ascii_letters + string.digits + "-_"
SCHEMA = """
CREATE TABLE IF NOT EXISTS channels(id TEXT PRIMARY KEY, account TEXT UNIQUE NOT NULL, title TEXT NOT NULL,
    created_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS codes(code TEXT PRIMARY KEY, client_id TEXT NOT NULL, channel_id TEXT NOT NULL,
    scopes TEXT NOT NULL, redirect_uri TEXT NOT NULL, challenge TEXT, used INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS grants(refresh_token TEXT PRIMARY KEY, client_id TEXT NOT NULL, channel_id TEXT NOT NULL,
    scopes TEXT NOT NULL, revoked INTEGER NOT NULL DEFAULT 0, created_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS tokens(access_token TEXT PRIMARY KEY, refresh_token TEXT, client_id TEXT NOT NULL,
    channel_id TEXT NOT NULL, scopes TEXT NOT NULL, expires_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS sessions(id TEXT PRIMARY KEY, method TEXT NOT NULL, project TEXT NOT NULL,
    channel_id TEXT NOT NULL, params TEXT NOT NULL, resource TEXT NOT NULL, total INTEGER, received INTEGER NOT NULL DEFAULT 0,
    created_at REAL NOT NULL, expires_at REAL NOT NULL, result TEXT);
CREATE TABLE IF NOT EXISTS videos(id TEXT PRIMARY KEY, channel_id TEXT NOT NULL, resource TEXT NOT NULL,
    sha256 TEXT, size INTEGER NOT NULL DEFAULT 0, duration REAL NOT NULL DEFAULT 0, created_at REAL NOT NULL,
    ready_at REAL NOT NULL DEFAULT 0, seeded INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS captions(id TEXT PRIMARY KEY, video_id TEXT NOT NULL, language TEXT NOT NULL,
    name TEXT NOT NULL, is_draft INTEGER NOT NULL DEFAULT 0, data BLOB NOT NULL, updated_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS thumbnails(video_id TEXT PRIMARY KEY, data BLOB NOT NULL, mime TEXT NOT NULL, set_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS playlists(id TEXT PRIMARY KEY, channel_id TEXT NOT NULL, resource TEXT NOT NULL,
    created_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS playlist_items(id TEXT PRIMARY KEY, playlist_id TEXT NOT NULL, video_id TEXT NOT NULL,
    position INTEGER NOT NULL, created_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS quota(project TEXT NOT NULL, day TEXT NOT NULL, bucket TEXT NOT NULL, method TEXT NOT NULL,
    units INTEGER NOT NULL, at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS comments(id TEXT PRIMARY KEY, thread_id TEXT NOT NULL, video_id TEXT NOT NULL,
    channel_id TEXT NOT NULL, parent_id TEXT, author TEXT NOT NULL, author_channel_id TEXT NOT NULL, text TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'published', banned INTEGER NOT NULL DEFAULT 0, published_at REAL NOT NULL,
    updated_at REAL NOT NULL, seeded INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS ix_comments ON comments(video_id, thread_id);
CREATE INDEX IF NOT EXISTS ix_quota ON quota(project, day, bucket);
CREATE INDEX IF NOT EXISTS ix_captions ON captions(video_id);
CREATE INDEX IF NOT EXISTS ix_items ON playlist_items(playlist_id);
"""


def new_id(length: int, prefix: str = "") -> str:
    return prefix + "".join(secrets.choice(ID_ALPHABET) for _ in range(length))


def rfc3339(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_rfc3339(text: str) -> float:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


class SandboxState:
    """Everything the sandbox knows, persisted in `path` (SQLite) and `path`.blobs/ (media)."""

    def __init__(self, path: Path, *, seed: int = 0):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.blobs = self.path.with_name(self.path.name + ".blobs")
        self.blobs.mkdir(exist_ok=True)
        self.seed = seed
        self._lock = threading.RLock()
        self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None, timeout=30)
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.executescript(SCHEMA)

    # -- plumbing ---------------------------------------------------------------------------------
    @contextmanager
    def tx(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (BEGIN IMMEDIATE), serialised across threads."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def rows(self, sql: str, *args: Any) -> list[sqlite3.Row]:
        with self._lock:
            return self._db.execute(sql, args).fetchall()

    def row(self, sql: str, *args: Any) -> sqlite3.Row | None:
        found = self.rows(sql, *args)
        return found[0] if found else None

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # -- channels and OAuth -----------------------------------------------------------------------
    def channel_for(self, account: str) -> str:
        """The channel id of `account` (a sign-in name), created on first use like a new Google account."""
        with self.tx() as db:
            found = db.execute("SELECT id FROM channels WHERE account=?", (account,)).fetchone()
            if found:
                return found["id"]
            channel_id = new_id(22, "UC")
            db.execute(
                "INSERT INTO channels(id, account, title, created_at) VALUES (?,?,?,?)",
                (channel_id, account, f"{account} (sandbox)", time.time()),
            )
            return channel_id

    def channel(self, channel_id: str) -> sqlite3.Row | None:
        return self.row("SELECT * FROM channels WHERE id=?", channel_id)

    def issue_code(self, client_id: str, channel_id: str, scopes: str, redirect_uri: str, challenge: str | None) -> str:
        code = "4/" + new_id(40)
        with self.tx() as db:
            db.execute(
                "INSERT INTO codes(code, client_id, channel_id, scopes, redirect_uri, challenge) VALUES (?,?,?,?,?,?)",
                (code, client_id, channel_id, scopes, redirect_uri, challenge),
            )
        return code

    def redeem_code(self, code: str) -> sqlite3.Row | None:
        with self.tx() as db:
            found = db.execute("SELECT * FROM codes WHERE code=? AND used=0", (code,)).fetchone()
            if found:
                db.execute("UPDATE codes SET used=1 WHERE code=?", (code,))
            return found

    def grant(self, client_id: str, channel_id: str, scopes: str) -> str:
        refresh = "1//" + new_id(60)
        with self.tx() as db:
            db.execute(
                "INSERT INTO grants(refresh_token, client_id, channel_id, scopes, created_at) VALUES (?,?,?,?,?)",
                (refresh, client_id, channel_id, scopes, time.time()),
            )
        return refresh

    def revoke(self, token: str) -> bool:
        """Revoke a refresh token (or the grant behind an access token), as myaccount.google.com does."""
        with self.tx() as db:
            found = db.execute("SELECT refresh_token FROM tokens WHERE access_token=?", (token,)).fetchone()
            refresh = found["refresh_token"] if found else token
            db.execute("UPDATE tokens SET expires_at=0 WHERE refresh_token=?", (refresh,))
            return db.execute("UPDATE grants SET revoked=1 WHERE refresh_token=?", (refresh,)).rowcount > 0

    def access_token(self, refresh_token: str, lifetime: float) -> sqlite3.Row | None:
        """A new access token for a live grant (None: unknown or revoked), with the grant's details."""
        with self.tx() as db:
            found = db.execute("SELECT * FROM grants WHERE refresh_token=? AND revoked=0", (refresh_token,)).fetchone()
            if not found:
                return None
            token = "ya29." + new_id(80)
            db.execute(
                "INSERT INTO tokens(access_token, refresh_token, client_id, channel_id, scopes, expires_at) VALUES (?,?,?,?,?,?)",
                (
                    token,
                    refresh_token,
                    found["client_id"],
                    found["channel_id"],
                    found["scopes"],
                    time.time() + lifetime,
                ),
            )
            return db.execute("SELECT * FROM tokens WHERE access_token=?", (token,)).fetchone()

    def token(self, access_token: str) -> sqlite3.Row | None:
        return self.row("SELECT * FROM tokens WHERE access_token=?", access_token)

    def expire_token(self, access_token: str) -> None:
        with self.tx() as db:
            db.execute("UPDATE tokens SET expires_at=0 WHERE access_token=?", (access_token,))

    # -- quota --------------------------------------------------------------------------------------
    def charge(self, project: str, method: str) -> None:
        bucket, units = quota.cost(method)
        if units:
            with self.tx() as db:
                db.execute(
                    "INSERT INTO quota(project, day, bucket, method, units, at) VALUES (?,?,?,?,?,?)",
                    (project, quota.pacific_day().isoformat(), bucket, method, units, time.time()),
                )

    def quota_used(self, project: str | None = None, day: date | None = None) -> dict[str, int]:
        """Units charged per bucket today (Pacific), for one project or all."""
        day_s = (day or quota.pacific_day()).isoformat()
        sql = "SELECT bucket, SUM(units) AS units FROM quota WHERE day=?" + (" AND project=?" if project else "")
        args = (day_s, project) if project else (day_s,)
        return {r["bucket"]: int(r["units"]) for r in self.rows(sql + " GROUP BY bucket", *args)}

    def quota_calls(self, project: str | None = None) -> dict[str, int]:
        """Number of charged calls per method today (for tests comparing with the client's ledger)."""
        sql = "SELECT method, COUNT(*) AS n FROM quota WHERE day=?" + (" AND project=?" if project else "")
        args = (quota.pacific_day().isoformat(), project) if project else (quota.pacific_day().isoformat(),)
        return {r["method"]: int(r["n"]) for r in self.rows(sql + " GROUP BY method", *args)}

    # -- resumable sessions -------------------------------------------------------------------------
    def open_session(
        self, method: str, project: str, channel_id: str, params: dict, resource: dict, total: int | None, ttl: float
    ) -> str:
        session_id = new_id(48, "ADPycd")
        now = time.time()
        with self.tx() as db:
            db.execute(
                "INSERT INTO sessions(id, method, project, channel_id, params, resource, total, created_at, expires_at)"
                " VALUES (?,?,?,?,?,?,?,?,?)",
                (
                    session_id,
                    method,
                    project,
                    channel_id,
                    json.dumps(params),
                    json.dumps(resource),
                    total,
                    now,
                    now + ttl,
                ),
            )
        self.session_blob(session_id).write_bytes(b"")
        return session_id

    def session(self, session_id: str) -> sqlite3.Row | None:
        return self.row("SELECT * FROM sessions WHERE id=? AND expires_at>?", session_id, time.time())

    def session_blob(self, session_id: str) -> Path:
        return self.blobs / f"{session_id}.part"

    def write_chunk(self, session_id: str, start: int, data: bytes, total: int | None) -> int:
        """Store bytes at `start`; returns the bytes received now.

        Never leaves a hole (a chunk starting past what was received is ignored) and never shrinks
        what was received (a late duplicate of an earlier chunk carries the same bytes).
        """
        with self.tx() as db:
            row = db.execute("SELECT received, result FROM sessions WHERE id=?", (session_id,)).fetchone()
            if row is None or row["result"] or start > row["received"]:
                return row["received"] if row else 0
            with open(self.session_blob(session_id), "r+b") as fh:
                fh.seek(start)
                fh.write(data)
            received = max(row["received"], start + len(data))
            db.execute(
                "UPDATE sessions SET received=?, total=COALESCE(?, total) WHERE id=?", (received, total, session_id)
            )
            return received

    def finish_session(self, session_id: str, result: dict) -> None:
        with self.tx() as db:
            db.execute("UPDATE sessions SET result=? WHERE id=?", (json.dumps(result), session_id))

    def expire_sessions(self) -> None:
        with self.tx() as db:
            db.execute("UPDATE sessions SET expires_at=0")

    # -- videos -------------------------------------------------------------------------------------
    def add_video(
        self,
        video_id: str,
        channel_id: str,
        resource: dict,
        media: Path | None,
        duration: float,
        ready_at: float,
        seeded: bool = False,
    ) -> None:
        sha, size = None, 0
        if media is not None:
            sha, size = _sha256(media), media.stat().st_size
            media.replace(self.video_blob(video_id))
        with self.tx() as db:
            db.execute(
                "INSERT INTO videos(id, channel_id, resource, sha256, size, duration, created_at, ready_at, seeded)"
                " VALUES (?,?,?,?,?,?,?,?,?)",
                (video_id, channel_id, json.dumps(resource), sha, size, duration, time.time(), ready_at, int(seeded)),
            )

    def video_blob(self, video_id: str) -> Path:
        return self.blobs / f"{video_id}.video"

    def video(self, video_id: str) -> sqlite3.Row | None:
        return self.row("SELECT * FROM videos WHERE id=?", video_id)

    def save_video(self, video_id: str, resource: dict) -> None:
        with self.tx() as db:
            db.execute("UPDATE videos SET resource=? WHERE id=?", (json.dumps(resource), video_id))

    def videos(self, channel_id: str | None = None) -> list[sqlite3.Row]:
        if channel_id:
            return self.rows("SELECT * FROM videos WHERE channel_id=? ORDER BY created_at", channel_id)
        return self.rows("SELECT * FROM videos ORDER BY created_at")

    def count_videos(self, channel_id: str | None = None) -> int:
        return len(self.videos(channel_id))

    def video_sha256(self, video_id: str) -> str | None:
        found = self.video(video_id)
        return found["sha256"] if found else None

    # -- captions, thumbnails, playlists -----------------------------------------------------------
    def add_caption(self, video_id: str, language: str, name: str, is_draft: bool, data: bytes) -> str:
        caption_id = new_id(36, "AUieDa")
        with self.tx() as db:
            db.execute(
                "INSERT INTO captions(id, video_id, language, name, is_draft, data, updated_at) VALUES (?,?,?,?,?,?,?)",
                (caption_id, video_id, language, name, int(is_draft), data, time.time()),
            )
        return caption_id

    def captions(self, video_id: str) -> list[sqlite3.Row]:
        return self.rows("SELECT * FROM captions WHERE video_id=? ORDER BY updated_at", video_id)

    def caption(self, caption_id: str) -> sqlite3.Row | None:
        return self.row("SELECT * FROM captions WHERE id=?", caption_id)

    def set_thumbnail(self, video_id: str, data: bytes, mime: str) -> None:
        with self.tx() as db:
            db.execute(
                "INSERT OR REPLACE INTO thumbnails(video_id, data, mime, set_at) VALUES (?,?,?,?)",
                (video_id, data, mime, time.time()),
            )

    def thumbnail(self, video_id: str) -> sqlite3.Row | None:
        return self.row("SELECT * FROM thumbnails WHERE video_id=?", video_id)

    def add_playlist(self, channel_id: str, resource: dict) -> str:
        playlist_id = new_id(32, "PL")
        resource = {**resource, "id": playlist_id}
        with self.tx() as db:
            db.execute(
                "INSERT INTO playlists(id, channel_id, resource, created_at) VALUES (?,?,?,?)",
                (playlist_id, channel_id, json.dumps(resource), time.time()),
            )
        return playlist_id

    def playlist(self, playlist_id: str) -> sqlite3.Row | None:
        return self.row("SELECT * FROM playlists WHERE id=?", playlist_id)

    def playlists(self, channel_id: str) -> list[sqlite3.Row]:
        return self.rows("SELECT * FROM playlists WHERE channel_id=? ORDER BY created_at", channel_id)

    def add_playlist_item(self, playlist_id: str, video_id: str) -> tuple[str, int]:
        item_id = new_id(40, "UEx")
        with self.tx() as db:
            position = db.execute("SELECT COUNT(*) FROM playlist_items WHERE playlist_id=?", (playlist_id,)).fetchone()[
                0
            ]
            db.execute(
                "INSERT INTO playlist_items(id, playlist_id, video_id, position, created_at) VALUES (?,?,?,?,?)",
                (item_id, playlist_id, video_id, position, time.time()),
            )
        return item_id, position

    def playlist_items(self, playlist_id: str) -> list[sqlite3.Row]:
        return self.rows("SELECT * FROM playlist_items WHERE playlist_id=? ORDER BY position", playlist_id)

    # -- comments -----------------------------------------------------------------------------------
    def add_comment(
        self,
        video_id: str,
        author: str,
        author_channel_id: str,
        text: str,
        *,
        parent_id: str | None = None,
        published_at: float | None = None,
        seeded: bool = False,
    ) -> str:
        """A comment on `video_id` (a reply when `parent_id` names a top-level comment); its id."""
        video = self.video(video_id)
        if video is None:
            raise KeyError(video_id)
        # a reply's id is its thread's id, a dot, then its own (as on YouTube)
        comment_id = f"{parent_id}.{new_id(22)}" if parent_id else new_id(23, "Ugz")
        when = time.time() if published_at is None else published_at
        thread_id = parent_id or comment_id
        with self.tx() as db:
            db.execute(
                "INSERT INTO comments(id, thread_id, video_id, channel_id, parent_id, author, author_channel_id, text,"
                " published_at, updated_at, seeded) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (
                    comment_id,
                    thread_id,
                    video_id,
                    video["channel_id"],
                    parent_id,
                    author,
                    author_channel_id,
                    text,
                    when,
                    when,
                    int(seeded),
                ),
            )
        return comment_id

    def comment(self, comment_id: str) -> sqlite3.Row | None:
        return self.row("SELECT * FROM comments WHERE id=?", comment_id)

    def comments(self, video_ids: list[str] | None = None) -> list[sqlite3.Row]:
        """Comments, newest thread first, replies after their thread's top-level comment."""
        rows = self.rows("SELECT * FROM comments ORDER BY published_at DESC, id")
        return [r for r in rows if video_ids is None or r["video_id"] in video_ids]

    def set_comment_status(self, comment_ids: list[str], status: str, ban: bool) -> None:
        with self.tx() as db:
            for comment_id in comment_ids:
                db.execute(
                    "UPDATE comments SET status=?, banned=MAX(banned, ?), updated_at=? WHERE id=?",
                    (status, int(ban), time.time(), comment_id),
                )

    def summary(self) -> dict[str, int]:
        return {
            table: self.row(f"SELECT COUNT(*) AS n FROM {table}")["n"]
            for table in ("channels", "videos", "captions", "playlists", "playlist_items", "comments")
        }


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()
