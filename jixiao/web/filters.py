"""The list filter from query parameters, and a short-lived cache of the filter dropdowns.

HTML forms send empty strings for unset fields and text for numbers; this turns them into a
:class:`~jixiao.store.queries.FormFilter` without 422 errors for a blank year.
"""

from __future__ import annotations

import threading
import time
from typing import Annotated
from urllib.parse import urlencode

from fastapi import Depends, Query
from sqlalchemy import select
from sqlalchemy.orm import Session

from jixiao.store.access import Scope
from jixiao.store.queries import Facets, FormFilter, facets
from jixiao.store.tables import Form

PER_PAGE = 25
MAX_UNIT_OPTIONS = 300
FILTER_FIELDS = ("year", "department", "unit", "nature", "grade", "code", "status", "q")


def parse_int(text: str | None, default: int | None = None) -> int | None:
    try:
        return int(text) if text not in (None, "") else default
    except ValueError:
        return default


def form_filter(
    year: Annotated[str, Query(description="年度")] = "",
    department: Annotated[str, Query(description="主管部门")] = "",
    unit: Annotated[str, Query(description="实施单位")] = "",
    nature: Annotated[str, Query(description="项目性质")] = "",
    grade: Annotated[str, Query(description="等级：优/良/中/差")] = "",
    code: Annotated[str, Query(description="含有该规则代码的问题，如 IND012")] = "",
    status: Annotated[str, Query(description="draft/submitted/approved/returned")] = "",
    q: Annotated[str, Query(description="全文检索：项目名称、目标、指标")] = "",
    sort: Annotated[str, Query(description="排序字段，前加 - 为倒序")] = "id",
    page: Annotated[str, Query(description="页码")] = "1",
    per_page: Annotated[str, Query(description="每页条数")] = str(PER_PAGE),
) -> FormFilter:
    return FormFilter(
        year=parse_int(year),
        department=department.strip() or None,
        unit=unit.strip() or None,
        nature=nature.strip() or None,
        grade=grade.strip() or None,
        code=code.strip().upper() or None,
        status=status.strip() or None,
        q=q.strip() or None,
        sort=sort or "id",
        page=max(1, parse_int(page, 1) or 1),
        per_page=max(1, min(parse_int(per_page, PER_PAGE) or PER_PAGE, 200)),
    )


Filter = Annotated[FormFilter, Depends(form_filter)]


def query_string(flt: FormFilter, **changes: object) -> str:
    """The filter as a query string, with some parameters changed (sort links, pages)."""
    params: dict[str, object] = {}
    for name in FILTER_FIELDS:
        value = getattr(flt, name)
        if value not in (None, ""):
            params[name] = value
    if flt.sort != "id":
        params["sort"] = flt.sort
    if flt.page != 1:
        params["page"] = flt.page
    if flt.per_page != PER_PAGE:
        params["per_page"] = flt.per_page
    for name, value in changes.items():
        default = {"page": 1, "sort": "id", "per_page": PER_PAGE}.get(name)
        if value in (None, "") or value == default:
            params.pop(name, None)
        else:
            params[name] = value
    return urlencode(params)


class FacetCache:
    """Dropdown values per scope for a minute: distinct scans over 100,000 forms on every
    keystroke of a search would dominate the list page. Cleared when an import finishes."""

    def __init__(self, ttl: float = 60.0) -> None:
        self.ttl = ttl
        self._data: dict[Scope, tuple[float, Facets]] = {}
        self._units: dict[tuple[Scope, str], tuple[float, list[str]]] = {}
        self._lock = threading.Lock()

    def get(self, session: Session, scope: Scope) -> Facets:
        cache_key = Scope(scope.role, scope.department, scope.unit)
        now = time.monotonic()
        with self._lock:
            hit = self._data.get(cache_key)
        if hit and now - hit[0] < self.ttl:
            return hit[1]
        value = facets(session, scope)
        with self._lock:
            self._data[cache_key] = (now, value)
        return value

    def units(self, session: Session, scope: Scope, department: str | None) -> list[str]:
        """Units for the unit dropdown: those of ``department`` when one is chosen, else all
        units in scope unless there are more than :data:`MAX_UNIT_OPTIONS` (then none: the
        page asks to choose a department first — a select of thousands helps nobody)."""
        if not department:
            units = self.get(session, scope).units
            return units if len(units) <= MAX_UNIT_OPTIONS else []
        cache_key = (Scope(scope.role, scope.department, scope.unit), department)
        now = time.monotonic()
        with self._lock:
            hit = self._units.get(cache_key)
        if hit and now - hit[0] < self.ttl:
            return hit[1]
        statement = scope.apply(
            select(Form.unit)
            .where(Form.department == department, Form.unit.is_not(None))
            .distinct()
        )
        value = sorted(u for u in session.scalars(statement) if u)
        with self._lock:
            self._units[cache_key] = (now, value)
        return value

    def clear(self) -> None:
        with self._lock:
            self._data.clear()
            self._units.clear()
