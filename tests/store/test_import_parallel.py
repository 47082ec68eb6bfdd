"""``import_paths(workers=N)``: worker processes read and review, this process writes.

What is stored must not depend on N: the same rows, the same review findings — including the
cross-form ``COR`` findings, which compare the forms of one file with each other, so each file
has to be reviewed as a whole by one worker — and the same duplicate handling, also when the
same bytes come twice in one run.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import SAMPLES
from dbfixtures import clear
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from jixiao.store.importer import import_paths
from jixiao.store.tables import Finding, Form, ImportFile, Indicator

from .helpers import count


def _stored(factory: sessionmaker[Session]) -> dict[str, Any]:
    """Everything an import wrote, keyed by file name and form position (ids left out)."""
    with factory() as session:
        forms = {
            (f.import_file.filename if f.import_file else "", f.form_index): f
            for f in session.scalars(select(Form))
        }
        return {
            "forms": {k: (f.data, f.score, f.grade, f.search_text) for k, f in forms.items()},
            "indicators": {
                k: [(i.position, i.name, i.value, i.target_number) for i in f.indicators]
                for k, f in forms.items()
            },
            "findings": {
                k: [(x.position, x.code, x.message, x.loc, x.line) for x in f.findings]
                for k, f in forms.items()
            },
            "imports": sorted(
                (r.filename, r.forms, r.indicators, r.findings, r.warnings)
                for r in session.scalars(select(ImportFile))
            ),
        }


def test_parallel_import_stores_exactly_what_one_process_stores(
    session_factory: sessionmaker[Session],
) -> None:
    one = import_paths(session_factory, [SAMPLES], workers=1)
    sequential = _stored(session_factory)
    clear(session_factory.kw["bind"])
    two = import_paths(session_factory, [SAMPLES], workers=2)
    parallel = _stored(session_factory)
    assert [(r.filename, r.status, r.forms) for r in two.results] == [
        (r.filename, r.status, r.forms) for r in one.results
    ]
    assert parallel == sequential
    cross_form = [
        x for rows in parallel["findings"].values() for x in rows if x[1].startswith("COR")
    ]
    assert len(cross_form) >= 10  # the samples do have cross-form findings to compare


@pytest.mark.parametrize("workers", [1, 2])
def test_same_bytes_twice_in_one_run_are_read_and_stored_once(
    session_factory: sessionmaker[Session], tmp_path: Path, workers: int
) -> None:
    first = SAMPLES / "003_0404f4768d803c0b.txt"
    copy = tmp_path / "副本.txt"
    copy.write_bytes(first.read_bytes())
    other = SAMPLES / "004_66265a79e30ddeca.txt"
    bad = tmp_path / "坏.txt"
    bad.write_text("没有表格\n", encoding="utf-8")
    bad_copy = tmp_path / "坏-副本.txt"
    bad_copy.write_bytes(bad.read_bytes())
    missing = tmp_path / "不存在.txt"
    summary = import_paths(
        session_factory,
        [first, copy, other, first, bad, bad_copy, missing],
        workers=workers,
    )
    statuses = [(r.filename, r.status) for r in summary.results]
    assert statuses == [
        (first.name, "imported"),
        ("副本.txt", "duplicate"),
        (other.name, "imported"),
        (first.name, "duplicate"),
        ("坏.txt", "failed"),
        ("坏-副本.txt", "failed"),
        ("不存在.txt", "failed"),
    ]
    duplicates = [r for r in summary.results if r.status == "duplicate"]
    assert all(f"导入为“{first.name}”" in r.message for r in duplicates)
    assert all(not r.seconds for r in duplicates)  # neither read nor written
    assert [r.message.split(":")[0] for r in summary.results if r.status == "failed"] == [
        "坏.txt",
        "坏-副本.txt",
        "不存在.txt",
    ]
    assert "无法打开文件" in summary.results[-1].message
    assert summary.forms == 11
    with session_factory() as session:
        assert count(session, Form) == 11
        assert count(session, Indicator) == summary.indicators
        assert count(session, Finding) == summary.findings
        records = session.scalars(select(ImportFile.status)).all()
        assert sorted(records) == ["done", "done", "failed"]  # one record per distinct bytes
