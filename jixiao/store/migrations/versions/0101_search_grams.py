"""Search index for every term length: character bigrams and unigrams instead of trigrams.

The trigram indexes of 0001 cannot answer one- and two-character terms (消防, 培训 — the
commonest Chinese queries), which then scanned every form with LIKE. This replaces them (see
``jixiao.store.search`` for how queries use the new index):

* SQLite: the FTS5 table ``forms_fts`` is rebuilt with two columns of opaque ASCII tokens,
  ``grams`` (bigrams in order) and ``chars`` (distinct characters), as an external-content
  table over the view ``forms_fts_source``; the triggers compute the tokens with the SQL
  functions ``jixiao_grams`` / ``jixiao_chars`` (registered on every connection by
  ``jixiao.store.db``; registered here too, for a connection handed in from outside).
* PostgreSQL: the immutable function ``jixiao_search_grams(text)`` and a GIN index over it
  replace the ``pg_trgm`` index.

Both are backfilled from the stored ``search_text`` here.

Revision ID: 0101
Revises: 0100
Create Date: 2026-11-23
"""

from __future__ import annotations

from alembic import op

revision = "0101"
down_revision = "0100"
branch_labels = None
depends_on = None

SQLITE_DROP_TRIGRAM = (
    "DROP TRIGGER IF EXISTS forms_fts_ai",
    "DROP TRIGGER IF EXISTS forms_fts_ad",
    "DROP TRIGGER IF EXISTS forms_fts_au",
    "DROP TABLE IF EXISTS forms_fts",
)
SQLITE_CREATE = (
    "CREATE VIEW forms_fts_source AS SELECT id, jixiao_grams(search_text) AS grams, "
    "jixiao_chars(search_text) AS chars FROM forms",
    "CREATE VIRTUAL TABLE forms_fts USING fts5(grams, chars, content='forms_fts_source', "
    "content_rowid='id', tokenize='ascii', columnsize=0)",
    "CREATE TRIGGER forms_fts_ai AFTER INSERT ON forms BEGIN "
    "INSERT INTO forms_fts(rowid, grams, chars) "
    "VALUES (new.id, jixiao_grams(new.search_text), jixiao_chars(new.search_text)); END",
    "CREATE TRIGGER forms_fts_ad AFTER DELETE ON forms BEGIN "
    "INSERT INTO forms_fts(forms_fts, rowid, grams, chars) "
    "VALUES ('delete', old.id, jixiao_grams(old.search_text), jixiao_chars(old.search_text)); "
    "END",
    "CREATE TRIGGER forms_fts_au AFTER UPDATE OF search_text ON forms BEGIN "
    "INSERT INTO forms_fts(forms_fts, rowid, grams, chars) "
    "VALUES ('delete', old.id, jixiao_grams(old.search_text), jixiao_chars(old.search_text)); "
    "INSERT INTO forms_fts(rowid, grams, chars) "
    "VALUES (new.id, jixiao_grams(new.search_text), jixiao_chars(new.search_text)); END",
    "INSERT INTO forms_fts(forms_fts) VALUES ('rebuild')",
)
SQLITE_DROP = (
    "DROP TRIGGER IF EXISTS forms_fts_ai",
    "DROP TRIGGER IF EXISTS forms_fts_ad",
    "DROP TRIGGER IF EXISTS forms_fts_au",
    "DROP TABLE IF EXISTS forms_fts",
    "DROP VIEW IF EXISTS forms_fts_source",
)
SQLITE_TRIGRAM = (
    "CREATE VIRTUAL TABLE forms_fts USING fts5("
    "search_text, content='forms', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER forms_fts_ai AFTER INSERT ON forms BEGIN "
    "INSERT INTO forms_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER forms_fts_ad AFTER DELETE ON forms BEGIN "
    "INSERT INTO forms_fts(forms_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER forms_fts_au AFTER UPDATE OF search_text ON forms BEGIN "
    "INSERT INTO forms_fts(forms_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO forms_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "INSERT INTO forms_fts(forms_fts) VALUES ('rebuild')",
)

# Unigrams and bigrams of a text in one pass of C code: every character c becomes
# "c<1>c<1>c", so "abc" turns into "a<1>a<1>ab<1>b<1>bc<1>c<1>c", whose pieces between the
# separators are a, a, ab, b, bc, c, c. (A text containing chr(1) itself loses only the grams
# with that character; jixiao.store.search answers such terms by LIKE alone.) PL/pgSQL, not
# SQL, so that the planner does not inline it and does see its cost.
PG_FUNCTION = r"""
CREATE OR REPLACE FUNCTION jixiao_search_grams(t text) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE COST 1000 AS $$
BEGIN
  RETURN string_to_array(
    regexp_replace(t, '(.)', '\1' || chr(1) || '\1' || chr(1) || '\1', 'g'), chr(1));
END
$$
"""
PG_CREATE = (
    PG_FUNCTION,
    "CREATE INDEX ix_forms_search_grams ON forms USING gin (jixiao_search_grams(search_text))",
    "DROP INDEX IF EXISTS ix_forms_search_trgm",
)
PG_DROP = (
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS ix_forms_search_trgm ON forms USING gin (search_text gin_trgm_ops)",
    "DROP INDEX IF EXISTS ix_forms_search_grams",
    "DROP FUNCTION IF EXISTS jixiao_search_grams(text)",
)


def _register_sqlite_functions() -> None:
    from jixiao.store.search import register_sqlite_functions

    register_sqlite_functions(op.get_bind().connection.driver_connection)


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _register_sqlite_functions()
        for statement in (*SQLITE_DROP_TRIGRAM, *SQLITE_CREATE):
            op.execute(statement)
    elif dialect == "postgresql":
        for statement in PG_CREATE:
            op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _register_sqlite_functions()
        for statement in (*SQLITE_DROP, *SQLITE_TRIGRAM):
            op.execute(statement)
    elif dialect == "postgresql":
        for statement in PG_DROP:
            op.execute(statement)
