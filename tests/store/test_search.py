"""The search index answers exactly what a plain substring filter answers, on both backends,
and stays in step with inserts, edits and deletes."""

from __future__ import annotations

import copy

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, delete, func, select, text, update
from sqlalchemy.orm import Session, sessionmaker

from jixiao.store.access import Scope
from jixiao.store.editing import save_form
from jixiao.store.queries import FormFilter, filtered_ids, list_forms, search_terms
from jixiao.store.search import char_tokens, fts_query, gram_tokens, pg_grams
from jixiao.store.tables import Form, ImportFile, User

from .conftest import UNIT

ALL = Scope.everything()
# Few distinct characters, so random terms often occur; CJK, ASCII, the LIKE wildcards, the
# FTS5 quote, a full-width bracket, the part separator and PostgreSQL's split character.
ALPHABET = '消防培训养老满意度ab1%_"\\（|\x01'


@st.composite
def corpora(draw: st.DrawFn) -> tuple[list[str], list[str]]:
    """Texts and queries over a few characters drawn from ALPHABET, so that near misses
    (all bigrams of a term present, but not next to each other) are common."""
    chars = draw(st.lists(st.sampled_from(ALPHABET), min_size=1, max_size=4, unique=True))
    texts = draw(st.lists(st.text(alphabet=chars, max_size=30), min_size=1, max_size=12))
    terms = st.lists(st.text(alphabet=chars, min_size=1, max_size=5), min_size=1, max_size=3)
    queries = draw(st.lists(terms.map(" ".join), min_size=1, max_size=4))
    return texts, queries


def _insert(session: Session, texts: list[str]) -> list[int]:
    record = ImportFile(sha256="0" * 64, filename="t.txt", size=0, status="done")
    session.add(record)
    session.flush()
    rows = [
        Form(
            import_id=record.id,
            form_index=i,
            kind="project",
            year=2024,
            data={},
            search_text=value,
        )
        for i, value in enumerate(texts)
    ]
    session.add_all(rows)
    session.flush()
    return [row.id for row in rows]


def _expected(session: Session, q: str) -> list[int]:
    terms = search_terms(q)
    rows = session.execute(select(Form.id, Form.search_text).order_by(Form.id)).all()
    return [form_id for form_id, value in rows if all(term in value for term in terms)]


def _check_fts(engine: Engine) -> None:
    """SQLite: FTS5 compares its index with the tokens recomputed from ``forms``."""
    if engine.dialect.name == "sqlite":
        with engine.begin() as connection:
            connection.execute(
                text("INSERT INTO forms_fts(forms_fts, rank) VALUES ('integrity-check', 1)")
            )


def test_tokens() -> None:
    assert gram_tokens("中文") == "4e2dg6587"
    assert gram_tokens("a") == "" and gram_tokens(None) == ""
    assert char_tokens("abca") == "61 62 63"
    assert fts_query(["中", "ab"]) == 'chars : "4e2d" AND grams : "61g62"'
    assert pg_grams("满意度") == ["意度", "满意"] and pg_grams("消") == ["消"]
    assert pg_grams("a\x01b") is None


@settings(
    max_examples=40,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(corpus=corpora())
def test_index_equals_substring_filter(engine: Engine, corpus: tuple[list[str], list[str]]) -> None:
    texts, queries = corpus
    factory = sessionmaker(engine)
    with factory() as session, session.begin():
        session.execute(delete(ImportFile))
        ids = _insert(session, texts)
        # edit some texts (the index must follow an UPDATE) and delete one form
        for form_id, value in zip(ids[::3], reversed(texts), strict=False):
            session.execute(update(Form).where(Form.id == form_id).values(search_text=value))
        session.execute(delete(Form).where(Form.id == ids[-1]))
    _check_fts(engine)
    with factory() as session:
        for q in queries:
            if not search_terms(q):
                continue
            found = filtered_ids(session, ALL, FormFilter(q=q))
            assert found == _expected(session, q), q
            page = list_forms(session, ALL, FormFilter(q=q, year=2024), with_facets=False)
            assert page.total == len(found)


def test_cascade_delete_keeps_index_in_step(engine: Engine) -> None:
    factory = sessionmaker(engine)
    with factory() as session, session.begin():
        _insert(session, ["消防演练", "培训"])
    with factory() as session, session.begin():
        session.execute(delete(ImportFile))  # forms go by ON DELETE CASCADE
    _check_fts(engine)
    with factory() as session, session.begin():
        new = _insert(session, ["养老"])
    with factory() as session:
        assert filtered_ids(session, ALL, FormFilter(q="消防")) == []
        assert filtered_ids(session, ALL, FormFilter(q="养老")) == new


def test_edit_through_save_form_updates_search(
    imported: sessionmaker[Session], users: dict[str, User]
) -> None:
    with imported() as session:
        form = session.scalar(select(Form).where(Form.unit == UNIT).order_by(Form.id))
        assert form is not None
        old_name = form.name or ""
        data = copy.deepcopy(form.data)
    data["project_name"] = "鸿鹄计划专项"
    with imported() as session, session.begin():
        save_form(session, Scope.of(users["unit"]), form.id, data, 1, users["unit"])
    with imported() as session:
        assert filtered_ids(session, ALL, FormFilter(q="鸿鹄")) == [form.id]
        assert filtered_ids(session, ALL, FormFilter(q="鸿")) == [form.id]
        assert form.id not in filtered_ids(session, ALL, FormFilter(q=old_name))
        count = session.scalar(select(func.count()).select_from(Form)) or 0
        assert len(filtered_ids(session, ALL, FormFilter(q="|"))) <= count


@pytest.mark.parametrize("q", ["消防", "满意度", "培训 率", "度", "a"])
def test_samples_agree_with_substring_filter(imported: sessionmaker[Session], q: str) -> None:
    with imported() as session:
        assert filtered_ids(session, ALL, FormFilter(q=q)) == _expected(session, q)


def test_postgres_walks_for_common_terms_and_indexes_rare_ones(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With statistics saying a gram is in every form, the list walks its order with LIKE;
    a gram the statistics do not list goes through the index. Both give the same answer.
    (300 forms are too few for walking to pay at the real WALK_FACTOR: sqrt(500 * 300) > 300.)"""
    if engine.dialect.name != "postgresql":
        pytest.skip("the choice between index and walk is PostgreSQL's")
    from jixiao.store import queries

    factory = sessionmaker(engine)
    with factory() as session, session.begin():
        _insert(
            session,
            [f"项目满意度调查{i:03d}" + ("消防" if i % 50 == 0 else "") for i in range(300)],
        )
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("ANALYZE forms"))
    queries._gram_stats.clear()
    monkeypatch.setattr(queries, "WALK_FACTOR", 10)
    with factory() as session:
        forms, shares = queries.gram_shares(session)
        assert forms == 300 and shares.get("满意") == 1.0
        base = select(Form).where(Form.year == 2024)
        common = queries.search_condition(session, "满意度", base)
        rare = queries.search_condition(session, "消防", base)
        assert common is not None and rare is not None
        assert "jixiao_search_grams" not in str(common)
        assert "jixiao_search_grams" in str(rare)
        for q in ("满意度", "消防", "满意度 消防"):
            assert filtered_ids(session, ALL, FormFilter(q=q, year=2024)) == _expected(session, q)
    queries._gram_stats.clear()
