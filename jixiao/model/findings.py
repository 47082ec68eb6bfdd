"""Review findings and reports: what the review says about a form, and where.

A finding names its rule (code, slug), the review dimension, a severity, a Chinese message and
suggestion, a location inside the contract (``loc``, e.g. ``["indicators", 5, "value"]``) and
the source line it points at. Tests assert projections (``Report.flatten("code", "loc")``), not
whole objects.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from jixiao.model.forms import Source

Severity = Literal["error", "warning", "info"]
Dimension = Literal[
    "completeness",
    "consistency",
    "classification",
    "measurability",
    "relevance",
    "appropriateness",
    "feasibility",
    "reading",
]
Grade = Literal["优", "良", "中", "差"]
Loc = list[str | int]

SEVERITY_ORDER: dict[str, int] = {"error": 0, "warning": 1, "info": 2}
DIMENSION_NAMES: dict[str, str] = {
    "completeness": "完整性",
    "consistency": "一致性",
    "classification": "指标归类",
    "measurability": "可衡量性",
    "relevance": "相关性",
    "appropriateness": "适当性",
    "feasibility": "可行性",
    "reading": "读取",
}
SEVERITY_NAMES: dict[str, str] = {"error": "错误", "warning": "警告", "info": "提示"}


@dataclass(slots=True)
class FindingSource:
    """Where a finding points in the source document."""

    file: str
    form_index: int
    line: int | None = None


@dataclass(slots=True)
class Finding:
    """One problem found in one form by one rule.

    A plain slotted dataclass, not a pydantic model: the review builds hundreds of thousands of
    them and every field is produced by the engine with its type already right.
    """

    code: str
    slug: str
    dimension: Dimension
    severity: Severity
    message: str
    source: FindingSource
    suggestion: str | None = None
    loc: Loc = field(default_factory=list)
    evidence: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "slug": self.slug,
            "dimension": self.dimension,
            "severity": self.severity,
            "message": self.message,
            "suggestion": self.suggestion,
            "loc": list(self.loc),
            "evidence": self.evidence,
            "source": {
                "file": self.source.file,
                "form_index": self.source.form_index,
                "line": self.source.line,
            },
        }


@dataclass(slots=True)
class FormReport:
    """The review of one form: its identity, grade and findings."""

    source: Source
    kind: Literal["project", "unit"]
    score: int
    grade: Grade
    project_name: str | None = None
    unit_name: str | None = None
    department: str | None = None
    implementing_unit: str | None = None
    year: int | None = None
    findings: list[Finding] = field(default_factory=list)

    def counts(self, by: Literal["severity", "dimension"] = "severity") -> dict[str, int]:
        result: dict[str, int] = {}
        for finding in self.findings:
            name = finding.severity if by == "severity" else finding.dimension
            result[name] = result.get(name, 0) + 1
        return result

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source.model_dump(mode="json"),
            "kind": self.kind,
            "project_name": self.project_name,
            "unit_name": self.unit_name,
            "department": self.department,
            "implementing_unit": self.implementing_unit,
            "year": self.year,
            "score": self.score,
            "grade": self.grade,
            "findings": [finding.to_dict() for finding in self.findings],
        }


@dataclass(slots=True)
class Report:
    """The review of a set of forms, in document order."""

    profile: str
    forms: list[FormReport] = field(default_factory=list)

    def flatten(self, *fields: str) -> list[tuple[Any, ...]]:
        """(form position, field values…) per finding; ``loc`` becomes a tuple."""
        rows = []
        for position, form in enumerate(self.forms, start=1):
            for finding in form.findings:
                values = []
                for name in fields:
                    value = getattr(finding, name)
                    values.append(tuple(value) if isinstance(value, list) else value)
                rows.append((position, *values))
        return rows

    def to_dict(self) -> dict[str, Any]:
        return {"profile": self.profile, "forms": [form.to_dict() for form in self.forms]}
