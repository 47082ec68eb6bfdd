"""Editing: validation, re-review, versions, optimistic locking, field-level diff."""

from __future__ import annotations

import copy

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from jixiao.store.access import Scope
from jixiao.store.editing import diff, save_form, versions
from jixiao.store.errors import EditNotAllowed, StaleVersion, ValidationFailed
from jixiao.store.tables import AuditLog, Finding, Form, Indicator, User
from jixiao.store.workflow import transition

from .conftest import UNIT


def _unit_form(factory: sessionmaker[Session]) -> Form:
    with factory() as session:
        form = session.scalar(select(Form).where(Form.unit == UNIT).order_by(Form.id))
        assert form is not None
        return form


def test_save_makes_a_new_version_with_diff(
    imported: sessionmaker[Session], users: dict[str, User]
) -> None:
    form = _unit_form(imported)
    data = copy.deepcopy(form.data)
    data["indicators"][3]["value"] = "≥40.00(次)"
    data["project_name"] = data["project_name"] + "（修订）"
    data["source"]["file"] = "tampered.txt"  # provenance is not editable
    scope = Scope.of(users["unit"])
    with imported() as session, session.begin():
        saved = save_form(session, scope, form.id, data, 1, users["unit"], note="改指标值")
        assert saved.version == 2
        assert saved.name.endswith("（修订）")
    with imported() as session:
        stored = session.get(Form, form.id)
        assert stored is not None and stored.version == 2
        assert stored.data["source"]["file"] == form.data["source"]["file"]
        assert stored.data["indicators"][3]["target"]["number"] == "40.00"
        rows = list(session.scalars(select(Indicator).where(Indicator.form_id == form.id)))
        assert [r.position for r in rows] == list(range(1, len(data["indicators"]) + 1))
        assert next(r for r in rows if r.position == 4).value == "≥40.00(次)"
        history = versions(session, scope, form.id)
        assert history is not None and [v.version for v in history] == [2, 1]
        assert history[0].note == "改指标值" and history[0].user_id == users["unit"].id
        changes = {c.path: (c.old, c.new) for c in diff(history[1].data, history[0].data)}
        assert changes == {
            "project_name": (form.data["project_name"], data["project_name"]),
            "indicators[3].value": (form.data["indicators"][3]["value"], "≥40.00(次)"),
        }
        audit = session.scalars(select(AuditLog).where(AuditLog.action == "edit")).one()
        assert audit.detail["version"] == 2 and "indicators[3].value" in audit.detail["changes"]


def test_stale_version_is_refused(imported: sessionmaker[Session], users: dict[str, User]) -> None:
    form = _unit_form(imported)
    scope = Scope.of(users["unit"])
    first = copy.deepcopy(form.data)
    first["annual_goal"] = "第一位编辑的年度目标"
    second = copy.deepcopy(form.data)
    second["annual_goal"] = "第二位编辑的年度目标"
    with imported() as session, session.begin():
        save_form(session, scope, form.id, first, 1, users["unit"])
    with imported() as session, pytest.raises(StaleVersion) as caught:
        save_form(session, scope, form.id, second, 1, users["unit"])
    assert caught.value.current == 2 and "已被他人修改" in caught.value.message
    with imported() as session:
        stored = session.get(Form, form.id)
        assert stored is not None and stored.data["annual_goal"] == "第一位编辑的年度目标"


def test_concurrent_save_loses_at_the_database(
    imported: sessionmaker[Session], users: dict[str, User]
) -> None:
    """Both sessions read version 1; the second UPDATE finds no row and raises StaleVersion."""
    form = _unit_form(imported)
    scope = Scope.of(users["unit"])
    one, two = imported(), imported()
    try:
        data = copy.deepcopy(form.data)
        data["annual_goal"] = "甲"
        loaded = two.get(Form, form.id)  # the other editor has loaded version 1
        assert loaded is not None and loaded.version == 1
        save_form(one, scope, form.id, data, 1, users["unit"])
        one.commit()
        data["annual_goal"] = "乙"
        with pytest.raises(StaleVersion):
            save_form(two, scope, form.id, data, 1, users["unit"])
    finally:
        one.close()
        two.close()


def test_invalid_data_gives_chinese_messages_per_field(
    imported: sessionmaker[Session], users: dict[str, User]
) -> None:
    form = _unit_form(imported)
    data = copy.deepcopy(form.data)
    data["funding"]["total"] = "一百万"
    data["year"] = "明年"
    data["indicators"][0]["colour"] = "red"
    with imported() as session, pytest.raises(ValidationFailed) as caught:
        save_form(session, Scope.of(users["unit"]), form.id, data, 1, users["unit"])
    errors = {e.path: e.message for e in caught.value.errors}
    assert errors["funding.total"].startswith("应为金额")
    assert errors["year"] == "应为整数"
    assert errors["indicators[0].colour"] == "不允许的字段"


def test_save_reruns_the_review(imported: sessionmaker[Session], users: dict[str, User]) -> None:
    form = _unit_form(imported)
    data = copy.deepcopy(form.data)
    data["indicators"] = []
    with imported() as session, session.begin():
        saved = save_form(session, Scope.of(users["unit"]), form.id, data, 1, users["unit"])
        assert saved.indicator_count == 0
    with imported() as session:
        codes = set(session.scalars(select(Finding.code).where(Finding.form_id == form.id)))
        stored = session.get(Form, form.id)
        assert stored is not None and stored.grade == "差"
        assert codes and all(not c.startswith("COR") for c in codes)


def test_approved_form_is_frozen(imported: sessionmaker[Session], users: dict[str, User]) -> None:
    form = _unit_form(imported)
    with imported() as session, session.begin():
        transition(session, Scope.of(users["unit"]), form.id, "submit", users["unit"])
        transition(session, Scope.of(users["department"]), form.id, "approve", users["department"])
    with imported() as session:
        current = session.get(Form, form.id)
        assert current is not None
        with pytest.raises(EditNotAllowed, match="审核通过"):
            save_form(
                session,
                Scope.of(users["finance"]),
                form.id,
                current.data,
                current.version,
                users["finance"],
            )


def test_diff_of_lists_and_nested_fields() -> None:
    old = {"funding": {"total": "1.00"}, "indicators": [{"name": "a"}], "lines": {"x": 1}}
    new = {
        "funding": {"total": "2.00"},
        "indicators": [{"name": "a"}, {"name": "b"}],
        "lines": {"x": 2},
    }
    assert [(c.path, c.old, c.new) for c in diff(old, new)] == [
        ("funding.total", "1.00", "2.00"),
        ("indicators[1]", None, {"name": "b"}),
    ]


def test_unit_cannot_move_its_form_to_another_unit(
    imported: sessionmaker[Session], users: dict[str, User]
) -> None:
    form = _unit_form(imported)
    data = copy.deepcopy(form.data)
    data["implementing_unit"] = "别的单位"
    with imported() as session, pytest.raises(ValidationFailed) as caught:
        save_form(session, Scope.of(users["unit"]), form.id, data, 1, users["unit"])
    assert caught.value.errors[0].path == "implementing_unit"
    assert "只能填写本单位名称" in caught.value.errors[0].message
    with imported() as session, session.begin():  # finance may reassign
        saved = save_form(session, Scope.of(users["finance"]), form.id, data, 1, users["finance"])
        assert saved.unit == "别的单位"
