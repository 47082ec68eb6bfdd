"""Scoping: a unit sees its unit, a department its department, finance everything."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from jixiao.store.access import Scope
from jixiao.store.editing import save_form
from jixiao.store.errors import NotFound
from jixiao.store.queries import FormFilter, get_form, list_forms
from jixiao.store.tables import Form, User
from jixiao.store.workflow import transition

from .conftest import DEPARTMENT, UNIT


def _ids(factory: sessionmaker[Session], **where: str) -> list[int]:
    with factory() as session:
        statement = select(Form.id).order_by(Form.id)
        for name, value in where.items():
            statement = statement.where(getattr(Form, name) == value)
        return list(session.scalars(statement))


def test_list_is_scoped(imported: sessionmaker[Session], users: dict[str, User]) -> None:
    with imported() as session:
        totals = {
            name: list_forms(session, Scope.of(user), FormFilter(per_page=500)).total
            for name, user in users.items()
        }
        unit_page = list_forms(session, Scope.of(users["unit"]), FormFilter())
        assert {form.unit for form in unit_page.items} == {UNIT}
        assert unit_page.facets is not None and unit_page.facets.units == [UNIT]
    assert totals == {
        "unit": 3,
        "other_unit": 0,
        "department": 30,
        "other_department": 0,
        "finance": 64,
    }


def test_unit_cannot_reach_another_units_form(
    imported: sessionmaker[Session], users: dict[str, User]
) -> None:
    mine = _ids(imported, unit=UNIT)[0]
    theirs = _ids(imported, unit="桃浦镇财政所")[0]
    other_department = _ids(imported, department="浦江镇人民政府")[0]
    unit = Scope.of(users["unit"])
    department = Scope.of(users["department"])
    with imported() as session:
        assert get_form(session, unit, mine) is not None
        assert get_form(session, unit, theirs) is None
        assert get_form(session, department, theirs) is not None
        assert get_form(session, department, other_department) is None
        assert get_form(session, Scope.of(users["finance"]), other_department) is not None
        assert get_form(session, unit, 10**9) is None
        form = get_form(session, Scope.everything(), theirs)
        assert form is not None and not unit.allows(form) and department.allows(form)
        with pytest.raises(NotFound):
            save_form(session, unit, theirs, form.data, form.version, users["unit"])
        with pytest.raises(NotFound):
            transition(session, unit, theirs, "submit", users["unit"])


def test_user_without_scope_sees_nothing() -> None:
    scope = Scope("unit", DEPARTMENT, None)
    statement = scope.apply(select(Form.id))
    assert "false" in str(statement.compile()).lower() or "0 = 1" in str(statement.compile())
