"""Every rule has a YAML case file with a failing and a passing case, and they hold."""

from __future__ import annotations

from typing import Any

import pytest
from rules.base import build_form, load_cases

from jixiao.model.forms import ProjectForm, UnitForm
from jixiao.review import review
from jixiao.rules.registry import all_rules

RULES = {r.code: r for r in all_rules()}
CASES = load_cases()


def test_every_rule_has_a_case_file_with_both_outcomes() -> None:
    missing = sorted(set(RULES) - set(CASES))
    assert not missing, f"rules without tests/rules/cases/<CODE>.yml: {missing}"
    orphans = sorted(set(CASES) - set(RULES))
    assert not orphans, f"case files for unknown rules: {orphans}"
    for code, data in CASES.items():
        expects = {case["expect"] for case in data["cases"]}
        assert {"fail", "pass"} <= expects, f"{code}: needs a failing and a passing case"
        assert data["rule"] == code, f"{data['path']}: 'rule' must be {code}"


def test_at_least_forty_rules() -> None:
    assert len(RULES) >= 40


def _forms(case: dict[str, Any]) -> list[ProjectForm | UnitForm]:
    kind = case.get("kind", "project")
    if "forms" in case:
        forms = []
        for i, override in enumerate(case["forms"], start=1):
            override = dict(override or {})
            if kind == "project":
                override.setdefault("project_name", f"案例项目{i}")
                override.setdefault("implementing_unit", f"案例实施单位{i}")
            forms.append(build_form(override, kind, index=i))
        return forms
    return [build_form(case.get("form"), kind)]


PARAMS = [
    pytest.param(code, case, id=f"{code}-{i}-{case['expect']}")
    for code, data in sorted(CASES.items())
    for i, case in enumerate(data["cases"])
]


@pytest.mark.parametrize(("code", "case"), PARAMS)
def test_case(code: str, case: dict[str, Any]) -> None:
    forms = _forms(case)
    report = review(forms, profile=case.get("profile", "national-88"), select=[code], strict=True)
    hits = [f for form in report.forms for f in form.findings if f.code == code]
    if case["expect"] == "pass":
        assert not hits, f"{case['name']}: unexpected {[(h.message, h.loc) for h in hits]}"
        return
    assert hits, f"{case['name']}: {code} did not report"
    if "loc" in case:
        assert [list(case["loc"])] == [h.loc for h in hits][:1] or list(case["loc"]) in [
            h.loc for h in hits
        ], f"{case['name']}: locations {[h.loc for h in hits]}"
    if "form_index" in case:
        assert case["form_index"] in {h.source.form_index for h in hits}
