"""Contract records and their review → plain row dicts for the tables.

Pure functions with no database in sight: the importer builds rows in worker processes and
the editor rebuilds them after a save, and both must agree column for column.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from jixiao.model.findings import Finding, FormReport
from jixiao.model.forms import ProjectForm, UnitForm
from jixiao.model.values import key

SEPARATOR = "|"  # never part of a search key (queries are keyed the same way, see queries.py)


def search_text(form: ProjectForm | UnitForm) -> str:
    """Names, goals and indicator names keyed (NFKC, no whitespace, lower case) for search."""
    if isinstance(form, ProjectForm):
        parts = [
            form.project_name,
            form.implementing_unit,
            form.department,
            form.overall_goal,
            form.annual_goal,
        ]
    else:
        parts = [form.unit_name, form.duties, form.annual_goal]
        parts.extend(task.name for task in form.key_tasks)
    parts.extend(indicator.name for indicator in form.indicators)
    return search_key(SEPARATOR.join(k for k in (key(p) for p in parts) if k))


def search_key(text: str) -> str:
    """Keyed text lower-cased: stored and queried alike, so a plain (indexable, fast) LIKE is
    case-insensitive for Latin letters too (``ILIKE`` costs 2–3× more per row on UTF-8)."""
    return text.lower()


def form_columns(
    form: ProjectForm | UnitForm, report: FormReport, json_text: bool = False
) -> dict[str, Any]:
    """The queryable columns of ``forms`` plus ``data``: the contract JSON as a dict, or as
    JSON text with ``json_text`` (pydantic's serializer, several times faster than dumping
    the dict; the importer's bulk path stores the text as is)."""
    severities = {"error": 0, "warning": 0, "info": 0}
    for finding in report.findings:
        severities[finding.severity] += 1
    if isinstance(form, ProjectForm):
        money = form.funding
        columns: dict[str, Any] = {
            "department": form.department,
            "unit": form.implementing_unit,
            "name": form.project_name,
            "nature": form.nature,
            "category": form.category,
            "total": money.total,
            "fiscal": money.fiscal,
            "other": money.other,
            "annual_total": money.annual_total,
        }
    else:
        budget = form.budget
        columns = {
            "department": None,
            "unit": form.unit_name,
            "name": form.unit_name,
            "nature": None,
            "category": None,
            "total": budget.total,
            "fiscal": budget.fiscal,
            "other": budget.other,
            "annual_total": budget.total,
        }
    columns.update(
        form_index=form.source.form_index,
        kind=form.kind,
        year=form.year,
        score=report.score,
        grade=report.grade,
        indicator_count=len(form.indicators),
        error_count=severities["error"],
        warning_count=severities["warning"],
        info_count=severities["info"],
        read_warning_count=len(form.warnings),
        data=form.model_dump_json() if json_text else form.model_dump(mode="json"),
        search_text=search_text(form),
    )
    return columns


_NUMBER_LIMIT = Decimal(10) ** 22  # Numeric(28, 6): larger numbers stay in ``value`` only


def _storable(number: Decimal | None) -> Decimal | None:
    if number is None or not number.is_finite() or abs(number) >= _NUMBER_LIMIT:
        return None
    return number.quantize(Decimal("0.000001")) if number.as_tuple().exponent < -6 else number  # type: ignore[operator]


def indicator_rows(form: ProjectForm | UnitForm) -> list[dict[str, Any]]:
    """One row per indicator, ``position`` from 1 in table order (``form_id`` added later)."""
    return [
        {
            "position": position,
            "level1": indicator.level1,
            "level2": indicator.level2,
            "name": indicator.name,
            "value": indicator.value,
            "target_kind": indicator.target.kind,
            "target_op": indicator.target.op,
            "target_number": _storable(indicator.target.number),
            "target_unit": indicator.target.unit,
            "line": indicator.line,
        }
        for position, indicator in enumerate(form.indicators, start=1)
    ]


def finding_rows(findings: list[Finding]) -> list[dict[str, Any]]:
    """One row per finding, in the review's order (``form_id`` added later)."""
    return [
        {
            "position": position,
            "code": finding.code,
            "slug": finding.slug,
            "dimension": finding.dimension,
            "severity": finding.severity,
            "message": finding.message,
            "suggestion": finding.suggestion,
            "loc": list(finding.loc),
            "evidence": finding.evidence,
            "line": finding.source.line,
        }
        for position, finding in enumerate(findings, start=1)
    ]
