"""Importing files: counts, golden contract JSON, idempotence, corrupt input, exact money."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from conftest import SAMPLES
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

import jixiao
from jixiao.review import review
from jixiao.store.importer import ImportProgress, import_file, import_paths
from jixiao.store.tables import (
    AuditLog,
    Finding,
    Form,
    FormVersion,
    ImportFile,
    Indicator,
)

from .helpers import count


def test_import_all_samples_matches_read(session_factory: sessionmaker[Session]) -> None:
    events: list[ImportProgress] = []
    summary = import_paths(session_factory, [SAMPLES], progress=events.append)
    files = sorted(SAMPLES.glob("*.txt"))
    expected = {path.name: jixiao.read(path) for path in files}
    assert summary.imported == len(files) and summary.failed == 0
    assert summary.forms == sum(len(forms) for forms in expected.values()) == 64
    assert summary.indicators == sum(len(f.indicators) for v in expected.values() for f in v)
    # a start and a finish event per file, in order
    assert [(e.position, e.result is None) for e in events][:2] == [(1, True), (1, False)]
    assert len(events) == 2 * len(files)
    with session_factory() as session:
        assert count(session, Form) == 64
        assert count(session, Indicator) == summary.indicators
        assert count(session, Finding) == summary.findings
        assert count(session, FormVersion) == 64
        for path, forms in expected.items():
            record = session.scalar(select(ImportFile).where(ImportFile.filename == path))
            assert record is not None and record.status == "done"
            stored = list(
                session.scalars(
                    select(Form).where(Form.import_id == record.id).order_by(Form.form_index)
                )
            )
            assert [f.data for f in stored] == [f.model_dump(mode="json") for f in forms]
            report = review(forms)
            for form, row, form_report in zip(forms, stored, report.forms, strict=True):
                assert row.grade == form_report.grade and row.score == form_report.score
                assert [i.name for i in row.indicators] == [i.name for i in form.indicators]
                assert [(f.code, f.line, f.loc, f.message) for f in row.findings] == [
                    (f.code, f.source.line, list(f.loc), f.message) for f in form_report.findings
                ]


def test_reimport_is_a_no_op(session_factory: sessionmaker[Session]) -> None:
    path = SAMPLES / "003_0404f4768d803c0b.txt"
    first = import_file(session_factory, path)
    assert first.status == "imported" and first.forms == 10
    with session_factory() as session:
        before = [count(session, t) for t in (Form, Indicator, Finding, ImportFile, AuditLog)]
    second = import_file(session_factory, path)
    assert second.status == "duplicate"
    assert "已导入过" in second.message and second.import_id == first.import_id
    summary = import_paths(session_factory, [path, path])
    assert summary.duplicates == 2 and summary.forms == 0
    with session_factory() as session:
        after = [count(session, t) for t in (Form, Indicator, Finding, ImportFile, AuditLog)]
    assert after == before


def test_same_bytes_under_another_name_is_a_duplicate(
    session_factory: sessionmaker[Session], tmp_path: Path
) -> None:
    source = SAMPLES / "004_66265a79e30ddeca.txt"
    copy = tmp_path / "副本.txt"
    copy.write_bytes(source.read_bytes())
    assert import_file(session_factory, source).status == "imported"
    result = import_file(session_factory, copy)
    assert result.status == "duplicate" and "004_66265a79e30ddeca.txt" in result.message


def test_corrupt_file_fails_cleanly(session_factory: sessionmaker[Session], tmp_path: Path) -> None:
    bad = tmp_path / "损坏.xlsx"
    bad.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 4)
    result = import_file(session_factory, bad)
    assert result.status == "failed"
    assert result.message.startswith("损坏.xlsx")
    assert "Traceback" not in result.message
    empty = tmp_path / "空白.txt"
    empty.write_text("这里没有表格\n", encoding="utf-8")
    blank = import_file(session_factory, empty)
    assert blank.status == "failed" and "未找到绩效目标表" in blank.message
    with session_factory() as session:
        assert count(session, Form) == 0 and count(session, Indicator) == 0
        statuses = session.scalars(select(ImportFile.status)).all()
        assert statuses == ["failed", "failed"]
    # a failed file is tried again (not reported as a duplicate) and still fails cleanly
    again = import_file(session_factory, bad)
    assert again.status == "failed"
    with session_factory() as session:
        assert count(session, ImportFile) == 2


def test_money_round_trips_exactly(session_factory: sessionmaker[Session]) -> None:
    import_file(session_factory, SAMPLES / "002_462a37a58b7323b8.txt")
    with session_factory() as session:
        for form in session.scalars(select(Form)):
            record = jixiao.ProjectForm.model_validate(form.data)
            assert form.total == record.funding.total
            if form.total is not None:
                assert isinstance(form.total, Decimal)
                assert form.total.as_tuple().exponent == -2
        one = session.scalar(select(Form).where(Form.total == Decimal("3555.42")))
        assert one is not None  # 0.355542 万元, stored to the cent
        big = Decimal("9876543210123.45")
        one.total = big
        session.commit()
    with session_factory() as session:
        assert session.scalar(select(Form.total).where(Form.id == one.id)) == big
        total = session.scalar(select(func.sum(Form.total)))
        assert total is not None


def test_import_records_version_one_and_audit(session_factory: sessionmaker[Session]) -> None:
    result = import_file(session_factory, SAMPLES / "004_66265a79e30ddeca.txt")
    with session_factory() as session:
        version = session.scalar(
            select(FormVersion).where(FormVersion.form_id == result.form_ids[0])
        )
        assert version is not None and version.version == 1
        form = session.get(Form, result.form_ids[0])
        assert form is not None and version.data == form.data and form.version == 1
        assert form.status == "draft" and form.kind == "unit"
        audit = session.scalars(select(AuditLog).where(AuditLog.action == "import")).all()
        assert len(audit) == 1 and audit[0].detail["forms"] == 1


def test_amount_too_large_fails_the_file_on_every_backend(
    session_factory: sessionmaker[Session], tmp_path: Path
) -> None:
    text = (SAMPLES / "000_4efe8d3c5d7254d8.txt").read_text("utf-8")
    total = jixiao.read(SAMPLES / "000_4efe8d3c5d7254d8.txt")[1].funding.total
    assert total is not None
    printed = f"{total:,.2f}"
    assert printed in text
    huge = tmp_path / "金额过大.txt"
    at = text.index(printed, text.index("社发办-镇办企业职工养老金经费"))
    huge.write_text(text[:at] + "99,999,999,999,999,999.00" + text[at + len(printed) :], "utf-8")
    result = import_file(session_factory, huge)
    assert result.status == "failed"
    assert "超出可存储范围" in result.message and "第 2 张表" in result.message
    with session_factory() as session:
        assert count(session, Form) == 0
