"""The substring index behind the list's search box: any term length, both backends.

Search is substring search over ``forms.search_text`` (see :func:`jixiao.store.rows.search_text`).
Chinese has no spaces, and the commonest queries are two characters (消防, 培训, 养老), which a
trigram index cannot answer, so the index is built from character *bigrams* and *unigrams*:

* a term of one character is answered by the unigram index alone;
* a term of n ≥ 2 characters by its n-1 bigrams.

SQLite — an FTS5 table ``forms_fts`` with two columns, ``grams`` (the text's bigrams in order,
so positions are kept) and ``chars`` (its distinct characters). Each bigram or character is
written as an opaque ASCII token (hexadecimal code points, ``4e2dg6587`` for 中文) so FTS5's
``ascii`` tokenizer neither splits punctuation nor folds anything: a term is the *phrase* of
its bigram tokens, which matches exactly where the term occurs — no recheck is needed. The FTS
table keeps no copy of the text (external content: the view ``forms_fts_source`` computes the
tokens from ``search_text``); triggers on ``forms`` keep it in step on insert, update and
delete (cascades included) by calling :func:`gram_tokens` / :func:`char_tokens` through the SQL
functions ``jixiao_grams`` / ``jixiao_chars``, which :func:`register_sqlite_functions` adds to
every connection :func:`jixiao.store.db.make_engine` opens. A tool that opens the file without
them (the ``sqlite3`` shell) can read, but writing to ``forms`` fails loudly ("no such
function") rather than leaving the index stale.

PostgreSQL — a GIN index on the expression ``jixiao_search_grams(search_text)``, an immutable
SQL function (created by migration 0101) returning the text's unigrams and bigrams as
``text[]``. A term becomes ``jixiao_search_grams(search_text) @> ARRAY[its grams]``, which the
GIN index answers; adjacency is not indexed, so ``search_text LIKE '%term%'`` rechecks the
candidates (for one- and two-character terms the index alone is already exact). Being an
expression index, COPY, UPDATE and DELETE maintain it without any application code.

Whatever the tokenisation, it must never change for a given text once an index is built from
it (SQLite deletes index entries by recomputing them); a different tokenisation needs new
function names and a migration that rebuilds the index.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise
from typing import Any

SQLITE_GRAMS = "jixiao_grams"
SQLITE_CHARS = "jixiao_chars"
PG_GRAMS = "jixiao_search_grams"
# PostgreSQL's function splits on this character (see migration 0101); a term containing it is
# answered by LIKE alone so the result stays exact.
PG_SPLIT = "\x01"

_HEX: dict[str, str] = {}


def _codes(text: str) -> list[str]:
    codes = []
    for char in text:
        code = _HEX.get(char)
        if code is None:
            code = _HEX[char] = format(ord(char), "x")
        codes.append(code)
    return codes


def gram_tokens(text: str | None) -> str:
    """The bigrams of ``text`` in order, one ASCII token each (``ab`` → ``61g62``)."""
    if not text:
        return ""
    codes = _codes(text)
    return " ".join([a + "g" + b for a, b in pairwise(codes)])


def char_tokens(text: str | None) -> str:
    """The distinct characters of ``text``, one ASCII token each (``中`` → ``4e2d``)."""
    if not text:
        return ""
    return " ".join(_codes("".join(dict.fromkeys(text))))


def fts_query(terms: Sequence[str]) -> str:
    """An FTS5 MATCH expression requiring every term as a substring (terms non-empty)."""
    parts = []
    for term in terms:
        if len(term) == 1:
            parts.append(f'chars : "{_codes(term)[0]}"')
        else:
            parts.append(f'grams : "{gram_tokens(term)}"')
    return " AND ".join(parts)


def pg_grams(term: str) -> list[str] | None:
    """The grams PostgreSQL's index must contain for ``term`` (None: use LIKE alone)."""
    if not term or PG_SPLIT in term:
        return None
    if len(term) == 1:
        return [term]
    return sorted({term[i : i + 2] for i in range(len(term) - 1)})


def register_sqlite_functions(dbapi_connection: Any) -> None:
    """Make ``jixiao_grams`` / ``jixiao_chars`` callable on a sqlite3 connection."""
    dbapi_connection.create_function(SQLITE_GRAMS, 1, gram_tokens, deterministic=True)
    dbapi_connection.create_function(SQLITE_CHARS, 1, char_tokens, deterministic=True)
