"""The packaged migrations build the schema from nothing, and it matches the table models."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from jixiao.store.db import alembic_config, current_revision, make_engine, upgrade
from jixiao.store.tables import Base


def test_upgrade_from_empty_database(fresh_db_url: str) -> None:
    assert current_revision(fresh_db_url) is None
    upgrade(fresh_db_url)
    head = ScriptDirectory.from_config(alembic_config(fresh_db_url)).get_current_head()
    assert current_revision(fresh_db_url) == head
    engine = make_engine(fresh_db_url)
    try:
        names = set(inspect(engine).get_table_names())
        assert set(Base.metadata.tables) <= names
        with engine.connect() as connection:
            context = MigrationContext.configure(
                connection,
                opts={
                    "include_object": lambda obj, name, *_: (
                        not str(name).startswith(("forms_fts", "ix_forms_search"))
                    )
                },
            )
            differences = compare_metadata(context, Base.metadata)
        assert differences == [], f"tables.py and the migration disagree: {differences}"
    finally:
        engine.dispose()
    upgrade(fresh_db_url)  # running it again is a no-op
    assert current_revision(fresh_db_url) == head
