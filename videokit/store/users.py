"""The web app's accounts: an email, a role, the clients it may see, and an argon2 hash.

Hashing and checking passwords is the web package's business (videokit.web.accounts): this
repository only keeps what it is given, and never sees a password.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from videokit.store.schema import users


@dataclass(frozen=True)
class UserRecord:
    email: str
    role: str  # staff | practitioner | viewer
    password_hash: str
    clients: list[str] = field(default_factory=list)


class Users:
    def __init__(self, engine: Engine):
        self._engine = engine

    def save(self, user: UserRecord) -> bool:
        """Create the account, or replace its role, clients and password; True if it was created."""
        values = {
            "role": user.role,
            "clients": json.dumps(sorted(set(user.clients))),
            "password_hash": user.password_hash,
            "updated_at": datetime.now(UTC),
        }
        email = user.email.lower()
        with self._engine.begin() as conn:
            if conn.execute(sa.update(users).where(users.c.email == email).values(**values)).rowcount:
                return False
            conn.execute(sa.insert(users).values(email=email, **values))
        return True

    def get(self, email: str) -> UserRecord | None:
        with self._engine.begin() as conn:
            row = conn.execute(sa.select(users).where(users.c.email == email.lower())).mappings().first()
        return _record(row) if row else None

    def all(self) -> list[UserRecord]:
        with self._engine.begin() as conn:
            rows = conn.execute(sa.select(users).order_by(users.c.email)).mappings().all()
        return [_record(row) for row in rows]

    def remove(self, email: str) -> bool:
        with self._engine.begin() as conn:
            return bool(conn.execute(sa.delete(users).where(users.c.email == email.lower())).rowcount)


def _record(row: sa.RowMapping) -> UserRecord:
    return UserRecord(
        email=row["email"], role=row["role"], password_hash=row["password_hash"], clients=json.loads(row["clients"])
    )
