"""What the detail page needs to draw a stored form like the official table.

Two jobs: merge runs of equal 一级/二级 cells into rowspans (the printed table merges them), and
place each review finding at the cell its ``loc`` points to (``["indicators", 5, "value"]`` is
the value cell of the sixth indicator row; ``["funding"]`` the funding block; …). Findings
whose place is not drawn are listed after the table, so none is ever dropped.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from jixiao.model.findings import SEVERITY_ORDER
from jixiao.model.values import key
from jixiao.rules.registry import REGISTRY, all_rules


class FindingLike(Protocol):
    code: str
    slug: str
    severity: str
    dimension: str
    message: str
    suggestion: str | None
    loc: list[Any]
    evidence: str | None
    line: int | None


@dataclass(frozen=True, slots=True)
class FindingView:
    """A stored finding with what its rule says about itself (title, explanation)."""

    code: str
    slug: str
    severity: str
    dimension: str
    message: str
    suggestion: str | None
    evidence: str | None
    line: int | None
    loc: tuple[Any, ...]
    title: str
    explanation: str

    @property
    def anchor(self) -> str:
        return anchor_of(self.loc)


def enrich(findings: Iterable[FindingLike]) -> list[FindingView]:
    """Add the rule title and explanation from the registry; order by severity then place."""
    if not REGISTRY:
        all_rules()
    views = []
    for f in findings:
        rule = REGISTRY.get(f.code)
        views.append(
            FindingView(
                code=f.code,
                slug=f.slug,
                severity=f.severity,
                dimension=f.dimension,
                message=f.message,
                suggestion=f.suggestion or (rule.suggestion if rule else None),
                evidence=f.evidence,
                line=f.line,
                loc=tuple(f.loc or ()),
                title=rule.title if rule else f.code,
                explanation=rule.doc.get("规则说明", "") if rule else "",
            )
        )
    views.sort(key=lambda v: SEVERITY_ORDER.get(v.severity, 9))
    return views


def anchor_of(loc: Sequence[Any]) -> str:
    """``["indicators", 5, "value"]`` → ``"indicators.5.value"``."""
    return ".".join(str(part) for part in loc)


class Anchors:
    """Findings by anchor; the template takes them cell by cell, the rest are listed after."""

    def __init__(self, findings: Sequence[FindingView]) -> None:
        self._by_anchor: dict[str, list[FindingView]] = {}
        for finding in findings:
            self._by_anchor.setdefault(finding.anchor, []).append(finding)
        self._taken: set[str] = set()

    def take(self, *anchors: str) -> list[FindingView]:
        """The findings at these anchors (each anchor is handed out once)."""
        found: list[FindingView] = []
        for name in anchors:
            if name in self._taken:
                continue
            self._taken.add(name)
            found.extend(self._by_anchor.get(name, ()))
        return found

    def take_prefix(self, prefix: str) -> list[FindingView]:
        """Findings at ``prefix`` or anywhere below it (``funding`` takes ``funding.total``)."""
        names = [a for a in self._by_anchor if a == prefix or a.startswith(prefix + ".")]
        return self.take(*names)

    def rest(self) -> list[FindingView]:
        return self.take(*self._by_anchor)


@dataclass(slots=True)
class IndicatorRow:
    """One indicator row with its rowspans (0 means: covered by the merged cell above)."""

    position: int
    data: dict[str, Any]
    level1_span: int = 1
    level2_span: int = 1
    level1_rows: list[int] = field(default_factory=list)
    level2_rows: list[int] = field(default_factory=list)

    @property
    def level1_anchors(self) -> list[str]:
        """Anchors of the 一级 cells this (merged) cell stands for."""
        return [f"indicators.{i}.level1" for i in self.level1_rows]

    @property
    def level2_anchors(self) -> list[str]:
        return [f"indicators.{i}.level2" for i in self.level2_rows]


def indicator_rows(indicators: Sequence[dict[str, Any]]) -> list[IndicatorRow]:
    """Merge consecutive equal 一级 cells, and equal 二级 cells inside one 一级 run.

    Blank cells are never merged with a neighbour: a blank is a gap in the form, not "same as
    above", and the review points at it.
    """
    rows = [IndicatorRow(i, dict(ind)) for i, ind in enumerate(indicators)]
    _merge(rows, lambda r: r.data.get("level1"), "level1")
    start = 0
    while start < len(rows):
        end = start + max(1, rows[start].level1_span)
        _merge(rows[start:end], lambda r: r.data.get("level2"), "level2")
        start = end
    return rows


def _merge(rows: Sequence[IndicatorRow], value: Any, level: str) -> None:
    i = 0
    while i < len(rows):
        text = value(rows[i])
        j = i + 1
        if text and key(text):
            while j < len(rows) and value(rows[j]) and key(value(rows[j])) == key(text):
                j += 1
        setattr(rows[i], f"{level}_span", j - i)
        setattr(rows[i], f"{level}_rows", [r.position for r in rows[i:j]])
        for k in range(i + 1, j):
            setattr(rows[k], f"{level}_span", 0)
            setattr(rows[k], f"{level}_rows", [])
        i = j


def worst(findings: Sequence[FindingView]) -> str:
    """The most severe level among findings (for the cell's highlight colour)."""
    if not findings:
        return ""
    return min((f.severity for f in findings), key=lambda s: SEVERITY_ORDER.get(s, 9))


def cell_class(findings: Sequence[FindingView]) -> str:
    """CSS classes of a cell holding ``findings`` ('' for none): highlight by worst severity."""
    return f"has-finding sev-cell-{worst(findings)}" if findings else ""
