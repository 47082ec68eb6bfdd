"""Alembic environment: the URL comes from the config's attributes, never from an ini file."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from jixiao.store.db import make_engine
from jixiao.store.tables import Base

config = context.config
target_metadata = Base.metadata


def _include(
    obj: object, name: str | None, type_: str, reflected: bool, compare_to: object
) -> bool:
    """Leave the backend-specific search index (FTS5 table, view, GIN index) to the migrations."""
    return not (name or "").startswith(("forms_fts", "ix_forms_search"))


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_object=_include,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(config.attributes["url"])
    try:
        with engine.connect() as connection:
            _run(connection)
    finally:
        engine.dispose()


if context.is_offline_mode():
    raise SystemExit("jixiao migrations run online only (jixiao db upgrade)")
run_migrations_online()
