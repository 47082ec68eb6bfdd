"""Engines, sessions and schema upgrades for SQLite (the default) and PostgreSQL.

One URL decides the backend: an explicit argument, else ``JIXIAO_DATABASE_URL``, else
``./jixiao.db``. Migrations ship inside the package and run without an ``alembic.ini`` so that
``jixiao db upgrade`` works from an installed wheel as well as from a checkout.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from jixiao.store.search import register_sqlite_functions

DEFAULT_URL = "sqlite:///./jixiao.db"
ENV_VAR = "JIXIAO_DATABASE_URL"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def database_url(explicit: str | None = None) -> str:
    """The URL to use: ``explicit``, else the environment, else ``./jixiao.db``."""
    return explicit or os.environ.get(ENV_VAR) or DEFAULT_URL


def is_sqlite(url_or_engine: str | Engine) -> bool:
    url = url_or_engine if isinstance(url_or_engine, str) else str(url_or_engine.url)
    return make_url(url).get_backend_name() == "sqlite"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """Per connection: SQLite forgets these settings when a connection closes.

    Foreign keys make ``ON DELETE CASCADE`` work; WAL lets the web app read while an import
    writes; the busy timeout makes a second writer wait instead of failing at once. The search
    index's triggers call the tokenising functions (see :mod:`jixiao.store.search`).
    """
    register_sqlite_functions(dbapi_connection)
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def dumps(value: Any) -> str:
    """JSON with Chinese kept as is: a third of the bytes of ``\\uXXXX`` escapes."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def make_engine(url: str | None = None, **kwargs: Any) -> Engine:
    """An engine for ``url`` (see :func:`database_url`), configured for its backend."""
    resolved = database_url(url)
    kwargs.setdefault("json_serializer", dumps)
    if is_sqlite(resolved):
        engine = create_engine(resolved, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(resolved, **kwargs)


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    """Sessions that keep loaded attributes after commit (results outlive the transaction)."""
    return sessionmaker(engine, expire_on_commit=False)


def alembic_config(url: str) -> Any:
    """An Alembic config pointing at the packaged migrations, with no ini file."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["url"] = url
    return config


def upgrade(url: str | None = None, revision: str = "head") -> None:
    """Create or upgrade the schema to ``revision`` (``head`` by default)."""
    from alembic import command

    command.upgrade(alembic_config(database_url(url)), revision)


def current_revision(url: str | None = None) -> str | None:
    """The schema revision the database is at (None for an empty database)."""
    from alembic.runtime.migration import MigrationContext

    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()
