"""The grading convention (docs/review.md): deductions by severity, capped per rule."""

from __future__ import annotations

from jixiao.model.findings import Finding, FindingSource
from jixiao.review import grade
from jixiao.rules.context import Grading


def _f(code: str, severity: str) -> Finding:
    return Finding(
        code=code,
        slug="x.y",
        dimension="completeness",
        severity=severity,  # type: ignore[arg-type]
        message="m",
        source=FindingSource(file="f", form_index=1),
    )


def test_clean_form_is_excellent() -> None:
    assert grade([], Grading()) == (100, "优")


def test_an_error_prevents_excellent() -> None:
    assert grade([_f("REQ002", "error")], Grading()) == (90, "良")


def test_deductions_are_capped_per_rule_and_severity() -> None:
    findings = [_f("IND040", "warning")] * 10 + [_f("IND040", "info")]
    assert grade(findings, Grading()) == (91, "优")  # 10 × 3 capped at 9


def test_bands() -> None:
    errors = [_f(f"REQ00{i}", "error") for i in range(1, 5)]
    assert grade(errors[:2], Grading()) == (80, "良")
    assert grade(errors[:3], Grading()) == (70, "中")
    assert grade([*errors, _f("AMT001", "error")], Grading()) == (50, "差")


def test_fail_codes_are_fatal() -> None:
    assert grade([_f("REQ008", "error")], Grading(fail_codes=frozenset({"REQ008"})))[1] == "差"
