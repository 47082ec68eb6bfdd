"""Precision: seed forms corrected the way a careful reviewer would require get no error.

``tests/golden/clean/`` holds three seed forms (000 片区专项经费, 002 社会治安保障经费,
003 委办局党建经费) rewritten in their original print layouts with every problem the review
should catch corrected: complete header and funding, distinct overall/annual goals, 产出 with
数量/质量/时效 (and a cost indicator), measurable values with direction and unit, satisfaction
≥90%. Any error finding on them is a false positive to be fixed in the rule.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rules.base import build_form

from jixiao.ingest import read_forms
from jixiao.review import review

CLEAN = sorted((Path(__file__).resolve().parents[1] / "golden" / "clean").glob("*.txt"))


@pytest.mark.parametrize("path", CLEAN, ids=[p.stem for p in CLEAN])
@pytest.mark.parametrize("profile", ["national-88"])
def test_corrected_seed_forms_have_no_error(path: Path, profile: str) -> None:
    forms = read_forms(path)
    report = review(forms, profile=profile, strict=True)
    errors = [(f.code, f.source.line, f.message) for form in report.forms for f in form.findings
              if f.severity == "error"]
    assert not errors
    assert all(form.grade in ("优", "良") for form in report.forms)


@pytest.mark.parametrize("kind", ["project", "unit"])
def test_clean_base_forms_have_no_finding_above_info(kind: str) -> None:
    report = review([build_form(None, kind)], strict=True)
    problems = [(f.code, f.message) for f in report.forms[0].findings if f.severity != "info"]
    assert not problems
