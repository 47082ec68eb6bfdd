"""Template → fill → import → score on every seed form (acceptance 3)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from evaluate.fill import evaluation_for, write_into
from jixiao.evaluate.importer import import_workbook
from jixiao.evaluate.model import form_key
from jixiao.evaluate.scoring import score_form
from jixiao.evaluate.template import write_template
from jixiao.model.forms import ProjectForm, UnitForm


@pytest.fixture(scope="module")
def project_template(project_forms: list[ProjectForm], tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_template(list(project_forms), tmp_path_factory.mktemp("template") / "自评表.xlsx")


def _round_trip(
    forms: list[ProjectForm | UnitForm], evaluations: list, tmp_path: Path, template: Path | None = None
) -> list:
    template = template or write_template(forms, tmp_path / "自评表.xlsx")
    book = load_workbook(template)
    for sheet, evaluation in zip(book.worksheets[1:], evaluations, strict=True):
        write_into(sheet, evaluation)
    filled = tmp_path / "已填写.xlsx"
    book.save(filled)
    result = import_workbook(filled, forms)
    assert result.skipped == []
    return result.evaluations


def test_all_seed_project_forms_met_score_100(
    project_forms: list[ProjectForm], tmp_path: Path, project_template: Path
) -> None:
    assert len(project_forms) == 63
    direct = [evaluation_for(form) for form in project_forms]
    imported = _round_trip(list(project_forms), direct, tmp_path, project_template)
    assert imported == direct
    for form, evaluation in zip(project_forms, imported, strict=True):
        card = score_form(form, evaluation)
        # every target met, budget fully executed: 10 + 90 = 100 whatever the split
        assert card.total == Decimal("100.00"), (form.project_name, card.total)
        assert card.grade == "优"
        assert sum(s.points for s in card.indicators) == Decimal(90)


def test_all_seed_project_forms_partial_round_trip(
    project_forms: list[ProjectForm], tmp_path: Path, project_template: Path
) -> None:
    direct = [evaluation_for(form, "partial", Decimal("0.9")) for form in project_forms]
    imported = _round_trip(list(project_forms), direct, tmp_path, project_template)
    assert imported == direct
    for form, evaluation in zip(project_forms, imported, strict=True):
        card = score_form(form, evaluation)
        assert card.budget_score == Decimal("9.00")  # 10 × 0.9
        tiered = [s for s in card.indicators if s.method.startswith("定性")]
        others = [s for s in card.indicators if not s.method.startswith("定性")]
        for s in tiered:  # 部分达成 at the default 70 %
            assert s.score == (s.points * Decimal("0.7")).quantize(Decimal("0.01"), ROUND_HALF_UP)
        assert all(s.score == s.points for s in others)
        assert card.total == Decimal("9.00") + sum(s.score for s in card.indicators)
        assert card == score_form(form, direct[project_forms.index(form)])


def test_unit_form_round_trip(unit_form: UnitForm, tmp_path: Path) -> None:
    direct = [evaluation_for(unit_form)]
    imported = _round_trip([unit_form], direct, tmp_path)
    assert imported == direct
    card = score_form(unit_form, imported[0])
    assert card.total == Decimal("100.00")
    assert [s.status for s in card.indicators[:7]] == ["not_scored"] * 7  # 投入管理指标 without values


def test_template_keys_and_sheet_names(project_forms: list[ProjectForm], project_template: Path) -> None:
    book = load_workbook(project_template)
    assert book.sheetnames[0] == "填写说明"
    assert len(book.sheetnames) == len(project_forms) + 1
    keys = [sheet["B2"].value for sheet in book.worksheets[1:]]
    assert keys == [form_key(form) for form in project_forms]
    assert all(len(name) <= 31 for name in book.sheetnames)


def test_untouched_sheets_are_skipped(project_forms: list[ProjectForm], tmp_path: Path) -> None:
    forms = list(project_forms[:3])
    template = write_template(forms, tmp_path / "t.xlsx")
    book = load_workbook(template)
    write_into(book.worksheets[2], evaluation_for(forms[1]))
    book.save(tmp_path / "f.xlsx")
    result = import_workbook(tmp_path / "f.xlsx", forms)
    assert [e.form_key for e in result.evaluations] == [form_key(forms[1])]
    assert result.skipped == [book.sheetnames[1], book.sheetnames[3]]
