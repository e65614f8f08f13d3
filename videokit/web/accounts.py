"""Accounts of the web app: who may see which client's videos, passwords hashed with argon2id.

Roles: `staff` (agency staff: the clients they are assigned), `practitioner` (their own client:
review and approve its videos) and `viewer` (a client's manager: its growth only).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, cast

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from videokit.config import Settings
from videokit.errors import ConfigError, InputError
from videokit.store.users import UserRecord, Users

Role = Literal["staff", "practitioner", "viewer"]
ROLES: tuple[Role, ...] = ("staff", "practitioner", "viewer")
MIN_PASSWORD = 10
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_HASHER = PasswordHasher()  # argon2id with the library's current (RFC 9106 low-memory) parameters
# A hash to check against when the account does not exist, so a wrong email costs the same time as a wrong password.
_DUMMY_HASH = _HASHER.hash("no such account")


@dataclass(frozen=True)
class User:
    email: str
    role: Role
    clients: tuple[str, ...]

    def sees(self, client: str) -> bool:
        """May see this client at all (its growth, for a viewer)."""
        return client in self.clients

    def works_on(self, client: str) -> bool:
        """May see, play and edit this client's videos."""
        return self.role in ("staff", "practitioner") and client in self.clients

    def approves(self, client: str) -> bool:
        """May sign a video off: the practitioner, who answers for it."""
        return self.role == "practitioner" and client in self.clients


def add_user(
    users: Users, settings: Settings, email: str, role: str, clients: Sequence[str], password: str
) -> tuple[User, bool]:
    """Create or update an account; True when created. Clients must be known; a practitioner or viewer has one."""
    email = email.strip().lower()
    if not _EMAIL.match(email):
        raise InputError(f"{email!r}: not an email address; give the person's address, e.g. claire@cabinet.fr")
    if role not in ROLES:
        raise InputError(f"--role {role!r}: unknown role; use one of {', '.join(ROLES)}")
    clients = list(dict.fromkeys(clients))
    for name in clients:
        settings.client(name)  # ConfigError naming config.toml for an unknown client
    if role != "staff" and len(clients) != 1:
        raise ConfigError(
            f"{settings.config_file}: a {role} belongs to exactly one client (got {len(clients)}); give one --client NAME"
        )
    if len(password) < MIN_PASSWORD:
        raise InputError(f"the password has {len(password)} characters; choose one of at least {MIN_PASSWORD}")
    created = users.save(UserRecord(email, role, _HASHER.hash(password), clients))
    return User(email, role, tuple(clients)), created


def authenticate(users: Users, email: str, password: str) -> User | None:
    """The account if the password is right, else None (the same work either way)."""
    record = users.get(email.strip())
    try:
        _HASHER.verify(record.password_hash if record else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    if record is None:
        return None
    if _HASHER.check_needs_rehash(record.password_hash):  # parameters raised since: upgrade on the way in
        users.save(UserRecord(record.email, record.role, _HASHER.hash(password), record.clients))
    return as_user(record)


def as_user(record: UserRecord) -> User:
    return User(record.email, cast(Role, record.role), tuple(record.clients))
