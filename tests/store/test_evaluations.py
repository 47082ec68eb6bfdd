"""Stored self-evaluations: validated, scored, audited, scoped, one per form and period."""

from __future__ import annotations

from decimal import Decimal

import pytest
from evaluate.fill import evaluation_for
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from jixiao.evaluate import score_form
from jixiao.store.access import Scope
from jixiao.store.errors import NotFound, ValidationFailed
from jixiao.store.evaluations import get_evaluation, list_evaluations, save_evaluation
from jixiao.store.queries import record
from jixiao.store.tables import AuditLog, Form, SelfEvaluation, User

from .conftest import UNIT
from .helpers import count


def _project(factory: sessionmaker[Session], unit: str = UNIT) -> Form:
    with factory() as session:
        form = session.scalar(
            select(Form).where(Form.unit == unit, Form.kind == "project").order_by(Form.id)
        )
        assert form is not None
        return form


def test_save_scores_stores_and_audits(
    imported: sessionmaker[Session], users: dict[str, User]
) -> None:
    form = _project(imported)
    contract = record(form)
    # 95% of the budget spent: budget points 10 × 0.95 = 9.50, every indicator met → 90.
    evaluation = evaluation_for(contract, executed_share=Decimal("0.95"))
    user = users["unit"]
    with imported() as session, session.begin():
        saved = save_evaluation(session, Scope.of(user), form.id, evaluation, user)
    assert saved.card is not None
    assert saved.card.budget_score == Decimal("9.50")
    assert saved.card.total == Decimal("99.50")
    assert saved.card.grade == "优"
    with imported() as session:
        row = session.scalar(select(SelfEvaluation).where(SelfEvaluation.form_id == form.id))
        assert row is not None
        assert (row.period, row.total, row.grade, row.user_id) == (
            "annual",
            Decimal("99.50"),
            "优",
            user.id,
        )
        audit = session.scalar(select(AuditLog).where(AuditLog.action == "evaluate"))
        assert audit is not None and audit.object_id == form.id
        assert audit.detail == {"period": "annual", "total": "99.50", "grade": "优"}
        again = get_evaluation(session, Scope.of(user), form.id)
    assert again is not None and again.card is not None
    assert again.evaluation == saved.evaluation.model_copy(update={"stage": "self-evaluation"})
    assert again.card.total == score_form(contract, again.evaluation).total


def test_second_save_replaces_and_periods_are_separate(
    imported: sessionmaker[Session], users: dict[str, User]
) -> None:
    form = _project(imported)
    contract = record(form)
    scope = Scope.of(users["finance"])
    with imported() as session, session.begin():
        save_evaluation(session, scope, form.id, evaluation_for(contract), None)
        # Half the budget: 10 × 0.5 = 5 budget points, 90 indicator points → 95.
        half = evaluation_for(contract, executed_share=Decimal("0.5"))
        save_evaluation(session, scope, form.id, half, None)
        save_evaluation(session, scope, form.id, evaluation_for(contract), None, period="midyear")
    with imported() as session:
        assert count(session, SelfEvaluation) == 2
        annual = get_evaluation(session, scope, form.id, "annual")
        midyear = get_evaluation(session, scope, form.id, "midyear")
    assert annual is not None and annual.card is not None and annual.card.total == Decimal("95.00")
    assert midyear is not None and midyear.evaluation.stage == "monitoring"
    assert midyear.card is not None and midyear.card.total == Decimal("100.00")


def test_api_style_dict_defaults_key_and_year(
    imported: sessionmaker[Session], users: dict[str, User]
) -> None:
    form = _project(imported)
    data = evaluation_for(record(form)).model_dump(mode="json")
    del data["form_key"], data["year"]
    with imported() as session, session.begin():
        saved = save_evaluation(session, Scope.everything(), form.id, data, None)
    assert saved.evaluation.form_key.endswith(f"#{form.form_index}")
    assert saved.evaluation.year == form.year


def test_unscorable_evaluation_is_refused_with_chinese_fields(
    imported: sessionmaker[Session], users: dict[str, User]
) -> None:
    form = _project(imported)
    data = evaluation_for(record(form)).model_dump(mode="json")
    data["budget"]["executed"] = None
    data["indicators"][0]["actual"] = "很多"
    with imported() as session, pytest.raises(ValidationFailed) as caught:
        save_evaluation(session, Scope.everything(), form.id, data, None)
    paths = {e.path: e.message for e in caught.value.errors}
    assert paths["budget.executed"] == "请填写全年执行数"
    assert "indicators[0].actual" in paths
    assert form.data["indicators"][0]["name"] in paths["indicators[0].actual"]
    with imported() as session:
        assert count(session, SelfEvaluation) == 0


def test_malformed_record_is_refused(imported: sessionmaker[Session]) -> None:
    form = _project(imported)
    with imported() as session, pytest.raises(ValidationFailed) as caught:
        save_evaluation(
            session,
            Scope.everything(),
            form.id,
            {"budget": {"annual": "lots"}, "indicators": [{"index": -1}], "extra": 1},
            None,
        )
    paths = {e.path: e.message for e in caught.value.errors}
    assert paths["budget.annual"].startswith("应为金额")
    assert paths["indicators[0].index"] == "数值过小"
    assert paths["extra"] == "不允许的字段"
    with imported() as session, pytest.raises(ValidationFailed):
        save_evaluation(session, Scope.everything(), form.id, {}, None, period="yearly")


def test_out_of_scope_is_not_found(
    imported: sessionmaker[Session], users: dict[str, User]
) -> None:
    form = _project(imported)
    evaluation = evaluation_for(record(form))
    for who in ("other_unit", "other_department"):
        with imported() as session, pytest.raises(NotFound):
            save_evaluation(session, Scope.of(users[who]), form.id, evaluation, users[who])
        with imported() as session, pytest.raises(NotFound):
            get_evaluation(session, Scope.of(users[who]), form.id)
    with imported() as session, session.begin():
        save_evaluation(session, Scope.of(users["department"]), form.id, evaluation, None)
    with imported() as session:
        assert list_evaluations(session, Scope.of(users["other_unit"])) == []
        listed = list_evaluations(session, Scope.of(users["unit"]))
        assert [f.id for f, _ in listed] == [form.id]


def test_evaluation_goes_with_its_form(imported: sessionmaker[Session]) -> None:
    form = _project(imported)
    with imported() as session, session.begin():
        save_evaluation(session, Scope.everything(), form.id, evaluation_for(record(form)), None)
    with imported() as session, session.begin():
        stored = session.get(Form, form.id)
        assert stored is not None
        session.delete(stored)
    with imported() as session:
        assert count(session, SelfEvaluation) == 0
