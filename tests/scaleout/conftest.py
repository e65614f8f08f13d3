"""Real PostgreSQL and Redis on loopback (this machine kind runs them; `make test` starts them)."""

from __future__ import annotations

import os
import uuid

import pytest
import sqlalchemy as sa

PG_ADMIN = os.environ.get("VIDEOKIT_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
REDIS = os.environ.get("VIDEOKIT_TEST_REDIS", "redis://127.0.0.1:6379")


@pytest.fixture
def pg_url():
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    name = f"videokit_test_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    except sa.exc.OperationalError as exc:
        pytest.fail(f"PostgreSQL is not answering on loopback ({exc.orig}); run scripts/services.sh")
    yield PG_ADMIN.rsplit("/", 1)[0] + f"/{name}"
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def redis_urls():
    """Broker and result databases of the loopback Redis, emptied before the test."""
    import redis

    client = redis.Redis.from_url(f"{REDIS}/13")
    try:
        client.ping()
    except redis.exceptions.ConnectionError as exc:
        pytest.fail(f"Redis is not answering on loopback ({exc}); run scripts/services.sh")
    for db in (13, 14):
        redis.Redis.from_url(f"{REDIS}/{db}").flushdb()
    return f"{REDIS}/13", f"{REDIS}/14"
