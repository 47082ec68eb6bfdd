"""Database fixtures: every store (and web) test runs against SQLite AND PostgreSQL.

``db_url`` is session-scoped and parametrised over the backends: a temporary SQLite file, and a
fresh PostgreSQL database ``jixiao_t_<pid>`` created on the server at ``JIXIAO_TEST_PG_URL``
(default ``postgresql+psycopg://postgres@127.0.0.1:5432/test``) and dropped at the end. Both are
migrated with ``jixiao.store.db.upgrade``. ``engine`` / ``session_factory`` empty every table
before each test, so tests share the migrated schema but never each other's rows.

A run that was killed (or crashed) never reached its drop: the first PostgreSQL database a run
creates therefore first drops the stale ones of earlier runs (:func:`drop_stale_databases`), so
repeated runs neither accumulate databases nor collide with a leftover of the same pid.

When PostgreSQL does not answer, its half is skipped with a loud reason — unless
``JIXIAO_REQUIRE_POSTGRES=1`` (set it in CI), which turns the skip into a failure. The terminal
summary always says which backends ran.

Use from a test module: ``def test_x(session_factory): ...`` (conftest imports these).
"""

from __future__ import annotations

import hashlib
import os
import re
import socket
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from jixiao.store.db import make_engine, make_sessionmaker, upgrade
from jixiao.store.queries import invalidate_facets
from jixiao.store.tables import Base
from jixiao.store.users import use_hasher

# Production argon2 parameters cost ~0.2 s per hash; tests create many accounts.
use_hasher(PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))

BACKENDS = ("sqlite", "postgresql")
PG_URL = os.environ.get("JIXIAO_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
REQUIRE_PG = os.environ.get("JIXIAO_REQUIRE_POSTGRES") == "1"

BACKEND_STATE: dict[str, str] = {}
BACKEND_TESTS: Counter[str] = Counter()
_created: list[str] = []


def _admin_engine() -> Engine:
    return create_engine(PG_URL, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})


def _pg_unavailable(reason: str) -> None:
    BACKEND_STATE["postgresql"] = f"SKIPPED — {reason}"
    message = (
        f"PostgreSQL at {make_url(PG_URL).render_as_string(hide_password=True)} is not "
        f"available ({reason}): the PostgreSQL half of the suite did NOT run"
    )
    if REQUIRE_PG:
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


# Test databases are named jixiao_t_<pid>_<host tag>[_fresh]: the tag tells this machine's
# runs (whose pids can be checked) from those of other machines sharing the server.
HOST_TAG = hashlib.sha256(socket.gethostname().encode()).hexdigest()[:6]
TEST_DATABASE = re.compile(r"^jixiao_t_(\d+)(?:_([0-9a-f]{6}))?(?:_fresh)?$")
_swept: list[str] = []


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's live process
        return True
    return True


def drop_stale_databases(connection: Any) -> list[str]:
    """Drop the test databases left by earlier runs; the names dropped.

    Stale means: made on this machine (or by the older untagged naming) by a process that no
    longer exists, and nobody connected to it. Databases of live runs — other worktrees run
    their suites at the same time — and of other machines are left alone.
    """
    names = connection.execute(
        text("SELECT datname FROM pg_database WHERE datname LIKE 'jixiao\\_t\\_%'")
    ).scalars()
    busy = set(
        connection.execute(
            text("SELECT DISTINCT datname FROM pg_stat_activity WHERE datname IS NOT NULL")
        ).scalars()
    )
    dropped = []
    for name in list(names):
        match = TEST_DATABASE.match(name)
        if match is None or name in busy:
            continue
        pid, tag = int(match[1]), match[2]
        if (tag is not None and tag != HOST_TAG) or pid == os.getpid() or _alive(pid):
            continue
        try:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        except Exception:  # somebody connected meanwhile: not stale after all
            continue
        dropped.append(name)
    return dropped


def create_pg_database(suffix: str = "") -> str:
    """A fresh empty database on the test server; its URL (skips if the server is down)."""
    name = f"jixiao_t_{os.getpid()}_{HOST_TAG}{suffix}"
    try:
        admin = _admin_engine()
        with admin.connect() as connection:
            if not _swept:
                _swept.extend(drop_stale_databases(connection) or ["(none)"])
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
    except Exception as exc:
        _pg_unavailable(f"{type(exc).__name__}: {str(exc).splitlines()[0][:160]}")
    _created.append(name)
    return make_url(PG_URL).set(database=name).render_as_string(hide_password=False)


def drop_pg_database(url: str) -> None:
    name = make_url(url).database
    admin = _admin_engine()
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session", params=BACKENDS)
def db_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A migrated, empty database per backend for the whole test session."""
    backend = request.param
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'jixiao.db'}"
        upgrade(url)
        BACKEND_STATE["sqlite"] = "ran"
        yield url
        return
    url = create_pg_database()
    upgrade(url)
    BACKEND_STATE["postgresql"] = "ran"
    yield url
    drop_pg_database(url)


@pytest.fixture
def fresh_db_url(request: pytest.FixtureRequest, tmp_path: Path, db_url: str) -> Iterator[str]:
    """An EMPTY database (no schema) of the same backend as ``db_url``, for migration tests."""
    if make_url(db_url).get_backend_name() == "sqlite":
        yield f"sqlite:///{tmp_path / 'fresh.db'}"
        return
    url = create_pg_database("_fresh")
    yield url
    drop_pg_database(url)


def clear(engine: Engine) -> None:
    """Delete every row of every table (children first), keeping the schema."""
    invalidate_facets()
    tables = [t.name for t in reversed(Base.metadata.sorted_tables)]
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        else:
            for name in tables:
                connection.execute(text(f"DELETE FROM {name}"))


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    clear(engine)
    BACKEND_TESTS[engine.dialect.name] += 1
    yield engine
    engine.dispose()


@pytest.fixture
def session_factory(engine: Engine) -> sessionmaker[Session]:
    return make_sessionmaker(engine)


@pytest.fixture
def session(session_factory: sessionmaker[Session]) -> Iterator[Session]:
    with session_factory() as session:
        yield session


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Always say which database backends the suite ran against."""
    if not BACKEND_STATE:
        return
    terminalreporter.section("database backends")
    for backend in BACKENDS:
        state = BACKEND_STATE.get(backend, "not used")
        count = BACKEND_TESTS.get(backend, 0)
        terminalreporter.write_line(f"{backend:>10}: {state} ({count} tests used it)")
    stale = [name for name in _swept if name != "(none)"]
    if stale:
        terminalreporter.write_line(f"dropped stale test databases: {', '.join(stale)}")


__all__ = [
    "db_url",
    "drop_stale_databases",
    "engine",
    "fresh_db_url",
    "pytest_terminal_summary",
    "session",
    "session_factory",
]
