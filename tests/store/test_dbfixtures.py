"""The test fixtures clean up after killed runs: stale PostgreSQL test databases are dropped,
those of live runs (other worktrees test at the same time) and of other machines are kept."""

from __future__ import annotations

import os

import pytest
from dbfixtures import HOST_TAG, _admin_engine, drop_stale_databases
from sqlalchemy import text
from sqlalchemy.engine import make_url

DEAD = 99_999_999  # above any pid_max: no such process can exist


def test_stale_test_databases_are_dropped_live_ones_kept(db_url: str) -> None:
    if make_url(db_url).get_backend_name() != "postgresql":
        pytest.skip("PostgreSQL only: SQLite test databases are temporary files")
    other_host = "ffffff" if HOST_TAG != "ffffff" else "eeeeee"
    stale = [f"jixiao_t_{DEAD}_{HOST_TAG}", f"jixiao_t_{DEAD}_{HOST_TAG}_fresh", f"jixiao_t_{DEAD}"]
    kept = [f"jixiao_t_{os.getppid()}_{HOST_TAG}", f"jixiao_t_{DEAD}_{other_host}"]
    admin = _admin_engine()
    try:
        with admin.connect() as connection:
            for name in stale + kept:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
                connection.execute(text(f'CREATE DATABASE "{name}"'))
            dropped = drop_stale_databases(connection)
            left = set(
                connection.execute(
                    text("SELECT datname FROM pg_database WHERE datname LIKE 'jixiao_t_%'")
                ).scalars()
            )
        assert set(stale) <= set(dropped)
        assert not set(stale) & left
        assert set(kept) <= left
        assert make_url(db_url).database in left  # this run's own database, in use
    finally:
        with admin.connect() as connection:
            for name in stale + kept:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()
