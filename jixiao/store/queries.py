"""Read side: the filtered, searched, paged form list; one form; the dashboard; 汇总表.

Every function takes a :class:`~jixiao.store.access.Scope` and applies it first, so nothing
here can return a form the user may not see.

Full-text search works on ``forms.search_text`` (names, goals and indicator names, keyed with
``jixiao.model.values.key`` and lower-cased) and is a substring search, which is what people
expect from Chinese text without a word segmenter. Each whitespace-separated term must occur.
The index behind it (character bigrams and unigrams, so terms of any length are indexed) is
described in :mod:`jixiao.store.search`; how a search combines with the filters, the sort and the
capped count is in :func:`search_condition`, :func:`matching_ids` and :func:`list_forms`.
"""

from __future__ import annotations

import io
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from pydantic import TypeAdapter
from sqlalchemy import (
    Column,
    ColumnElement,
    Integer,
    MetaData,
    Select,
    Table,
    Text,
    and_,
    cast,
    column,
    exists,
    func,
    select,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, array
from sqlalchemy.orm import Session, defer, selectinload

from jixiao.model.forms import Form as FormRecord
from jixiao.model.forms import ProjectForm, UnitForm
from jixiao.model.values import key
from jixiao.store.access import Scope
from jixiao.store.rows import search_key
from jixiao.store.search import fts_query, pg_grams
from jixiao.store.tables import Finding, Form, ImportFile, Indicator

GRADES = ("优", "良", "中", "差")
COUNT_LIMIT = 1_000
LEVEL1_COLUMNS = ("产出指标", "成本指标", "效益指标", "满意度指标", "其他")
SORTS: dict[str, Any] = {
    "id": Form.id,
    "name": Form.name,
    "year": Form.year,
    "department": Form.department,
    "unit": Form.unit,
    "total": Form.total,
    "score": Form.score,
    "grade": Form.grade,
    "status": Form.status,
    "findings": Form.error_count,
    "updated": Form.updated_at,
}
_RECORD: TypeAdapter[ProjectForm | UnitForm] = TypeAdapter(FormRecord)


@dataclass(slots=True)
class FormFilter:
    """The list page's filters. Empty strings count as "not set" (HTML forms send them)."""

    year: int | None = None
    department: str | None = None
    unit: str | None = None
    nature: str | None = None
    grade: str | None = None
    code: str | None = None
    status: str | None = None
    kind: str | None = None
    q: str | None = None
    sort: str = "id"
    page: int = 1
    per_page: int = 50

    def order(self) -> tuple[Any, ...]:
        name = self.sort.lstrip("-")
        column_ = SORTS.get(name, Form.id)
        first = column_.desc() if self.sort.startswith("-") else column_.asc()
        return (first, Form.id.desc() if self.sort.startswith("-") else Form.id.asc())


@dataclass(slots=True)
class Facets:
    """Distinct values for the filter dropdowns, within the user's scope."""

    years: list[int] = field(default_factory=list)
    departments: list[str] = field(default_factory=list)
    units: list[str] = field(default_factory=list)
    natures: list[str] = field(default_factory=list)
    grades: list[str] = field(default_factory=lambda: list(GRADES))


@dataclass(slots=True)
class Page:
    items: list[Form]
    total: int
    page: int
    per_page: int
    facets: Facets | None = None
    capped: bool = False  # True: more than ``total`` forms match (counting stopped there)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def record(form: Form) -> ProjectForm | UnitForm:
    """The contract record of a stored form (validated from its JSON)."""
    return _RECORD.validate_python(form.data)


def _like(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def search_terms(q: str) -> list[str]:
    """The whitespace-separated terms of ``q``, keyed like ``search_text`` (empty ones dropped)."""
    return [term for term in (search_key(key(part)) for part in q.split()) if term]


# PostgreSQL: walking the list order with LIKE beats the gram index once a term is expected in
# more than sqrt(WALK_FACTOR * forms) of the filtered forms (see search_condition).
WALK_FACTOR = 500
STATS_SECONDS = 300.0
_gram_stats: dict[str, tuple[float, tuple[float, dict[str, float]]]] = {}
_gram_lock = threading.Lock()
# The FTS5 table, for joins (not part of the ORM metadata: the migration owns it).
FTS = Table("forms_fts", MetaData(), Column("rowid", Integer), Column("forms_fts", Text))


def gram_shares(session: Session, max_age: float = STATS_SECONDS) -> tuple[float, dict[str, float]]:
    """PostgreSQL: the number of forms and the share of forms containing each of the commonest
    grams (ANALYZE's statistics of the gram index; a gram not listed is rarer than any listed)."""
    slot = str(session.get_bind().engine.url)
    now = time.monotonic()
    with _gram_lock:
        cached = _gram_stats.get(slot)
    if cached is not None and now - cached[0] < max_age:
        return cached[1]
    row = session.execute(
        text(
            "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats "
            "WHERE schemaname = current_schema() AND tablename = 'ix_forms_search_grams'"
        )
    ).first()
    shares: dict[str, float] = {}
    if row is not None and row[0] is not None and row[1] is not None:
        shares = dict(zip(row[0], (float(f) for f in row[1]), strict=False))
    forms = session.scalar(text("SELECT reltuples FROM pg_class WHERE relname = 'forms'")) or 0
    result = (max(float(forms), 0.0), shares)
    with _gram_lock:
        _gram_stats[slot] = (now, result)
    return result


def _estimated_rows(session: Session, statement: Select[Any]) -> float:
    """PostgreSQL's estimate of the rows ``statement`` returns (EXPLAIN, nothing executed)."""
    connection = session.connection()
    compiled = statement.compile(dialect=connection.dialect)
    plan = connection.exec_driver_sql("EXPLAIN (FORMAT JSON) " + str(compiled), compiled.params)
    return float(plan.scalar_one()[0]["Plan"]["Plan Rows"])


def search_condition(
    session: Session, q: str, base: Select[Any] | None = None
) -> ColumnElement[bool] | None:
    """All terms of ``q`` as substrings of ``search_text``, answered from the backend's index
    (see :mod:`jixiao.store.search`). ``base`` is the query the condition will restrict.

    PostgreSQL: every term is a ``LIKE``; the gram index is added for the rarest term only,
    and only when that term is not expected in many of the filtered forms. The list needs the
    first 1,001 matches in list order: walking that order and testing ``LIKE`` row by row
    reads about 1,001 / (share of all forms that match) rows, the index fetches every match
    of the filter, so with E expected matches among F filtered of N forms the walk wins once
    E > sqrt(WALK_FACTOR * N). The share comes from the index statistics (``gram_shares``),
    F from the planner's estimate for ``base``.
    """
    terms = search_terms(q)
    if not terms:
        return None
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        matching = (
            text("SELECT rowid FROM forms_fts WHERE forms_fts MATCH :fts")
            .bindparams(fts=fts_query(terms))
            .columns(column("rowid", Integer))
        )
        return Form.id.in_(matching)
    conditions: list[ColumnElement[bool]] = [
        Form.search_text.like(_like(term), escape="\\") for term in terms
    ]
    if dialect == "postgresql":
        forms, shares = gram_shares(session)
        indexed = [grams for grams in map(pg_grams, terms) if grams is not None]
        if indexed:
            rarest = min(indexed, key=lambda grams: min(shares.get(g, 0.0) for g in grams))
            share = min(shares.get(g, 0.0) for g in rarest)
            walk = False
            if share > 0 and forms > 0:
                filtered_ = forms if base is None else _estimated_rows(session, base)
                walk = share * filtered_ > (WALK_FACTOR * forms) ** 0.5
            if not walk:
                column_ = func.jixiao_search_grams(Form.search_text)
                conditions.append(column_.op("@>")(cast(array(rarest), ARRAY(Text))))
    return and_(*conditions)


def filtered(session: Session, scope: Scope, flt: FormFilter, search: bool = True) -> Select[Form]:
    """``select(Form)`` restricted to the scope and the filter (no order, no paging);
    ``search=False`` leaves the search term out (for callers that join the index)."""
    statement = scope.apply(select(Form))
    if flt.year:
        statement = statement.where(Form.year == flt.year)
    for name in ("department", "unit", "nature", "grade", "status", "kind"):
        value = getattr(flt, name)
        if value:
            statement = statement.where(getattr(Form, name) == value)
    if flt.code:
        statement = statement.where(
            exists().where(Finding.form_id == Form.id, Finding.code == flt.code.strip().upper())
        )
    if flt.q and search:
        condition = search_condition(session, flt.q, statement)
        if condition is not None:
            statement = statement.where(condition)
    return statement


def matching_ids(session: Session, scope: Scope, flt: FormFilter, limit: int) -> list[int]:
    """Ids of the first ``limit`` forms matching ``flt`` (with a search term), in list order.

    SQLite, in id order (the default): the FTS5 table drives — it yields matches in rowid
    (= form id) order, each is checked against the filter by primary key, and the scan stops
    after ``limit`` hits, however many forms match. A unit's forms are few, so for a unit
    (filter or scope) the filter's index drives instead and the matches are looked up in the
    index once. Other orders and PostgreSQL: the planner chooses (see :func:`search_condition`).
    """
    terms = search_terms(flt.q or "")
    narrow = bool(flt.unit) or scope.role == "unit"
    if (
        terms
        and session.get_bind().dialect.name == "sqlite"
        and flt.sort.lstrip("-") == "id"
        and not narrow
    ):
        rowid = FTS.c.rowid.desc() if flt.sort.startswith("-") else FTS.c.rowid.asc()
        statement = (
            filtered(session, scope, flt, search=False)
            .with_only_columns(Form.id)
            .join(FTS, FTS.c.rowid == Form.id)
            .where(FTS.c.forms_fts.op("MATCH")(fts_query(terms)))
            .order_by(rowid)
        )
    else:
        statement = filtered(session, scope, flt).with_only_columns(Form.id).order_by(*flt.order())
        if session.get_bind().dialect.name == "postgresql":
            # A few milliseconds of work: starting parallel workers costs more than it saves,
            # and with many users at once every core is busy anyway.
            session.execute(text("SET LOCAL max_parallel_workers_per_gather = 0"))
    return list(session.scalars(statement.limit(limit)))


def list_forms(
    session: Session,
    scope: Scope,
    flt: FormFilter,
    with_facets: bool = True,
    count_limit: int | None = COUNT_LIMIT,
) -> Page:
    """One page of forms (without their JSON loaded), the total and the filter facets.

    With a search term, counting stops at ``count_limit`` matches (``Page.capped`` then
    says "more than"): a term found in most of 100,000 forms would otherwise cost a scan of
    all of them on every page view. One query then serves both the count and the page: the
    ids of the first ``count_limit + 1`` matches in list order (:func:`matching_ids`), of
    which the page is a slice. Without a term the count is exact (an index-only scan).
    """
    per_page = max(1, min(flt.per_page, 500))
    page = max(1, flt.page)
    offset = (page - 1) * per_page
    searching = bool(flt.q and search_terms(flt.q))
    lazy = defer(Form.data), defer(Form.search_text)
    if searching and count_limit is not None and offset + per_page <= count_limit:
        ids = matching_ids(session, scope, flt, count_limit + 1)
        capped = len(ids) > count_limit
        wanted = ids[offset : offset + per_page]
        rows = {
            form.id: form
            for form in session.scalars(select(Form).where(Form.id.in_(wanted)).options(*lazy))
        }
        items = [rows[form_id] for form_id in wanted if form_id in rows]
        total = min(len(ids), count_limit)
        facets_ = facets(session, scope) if with_facets else None
        return Page(items, total, page, per_page, facets_, capped)
    statement = filtered(session, scope, flt)
    limit = count_limit if searching else None
    counted = statement.with_only_columns(Form.id)
    if limit is not None:
        counted = counted.limit(limit + 1)
    total = session.scalar(select(func.count()).select_from(counted.subquery())) or 0
    capped = limit is not None and total > limit
    if capped and limit is not None:
        total = limit
    items = list(
        session.scalars(
            statement.options(*lazy).order_by(*flt.order()).limit(per_page).offset(offset)
        )
    )
    return Page(
        items, total, page, per_page, facets(session, scope) if with_facets else None, capped
    )


def filtered_ids(
    session: Session, scope: Scope, flt: FormFilter, limit: int = 100_000
) -> list[int]:
    """Ids of every form matching the filter, in list order (for "export the selection")."""
    statement = filtered(session, scope, flt).with_only_columns(Form.id)
    return list(session.scalars(statement.order_by(*flt.order()).limit(limit)))


FACET_SECONDS = 30.0
_facet_cache: dict[tuple[str, str, str | None, str | None], tuple[float, Facets]] = {}
_facet_lock = threading.Lock()


def invalidate_facets() -> None:
    """Forget cached facets (called after imports and edits in this process)."""
    with _facet_lock:
        _facet_cache.clear()


def facets(session: Session, scope: Scope, max_age: float = FACET_SECONDS) -> Facets:
    """Distinct years, departments, units and natures in scope, cached for ``max_age`` s.

    Four DISTINCT scans cost ~60 ms at 100,000 forms and the list page needs them on every
    view; the values change only when forms are imported or edited, which clears the cache
    in this process (another process's import shows up after ``max_age`` at the latest).
    """
    slot = (str(session.get_bind().engine.url), scope.role, scope.department, scope.unit)
    now = time.monotonic()
    with _facet_lock:
        cached = _facet_cache.get(slot)
    if cached is not None and now - cached[0] < max_age:
        return cached[1]

    def distinct(col: Any) -> list[Any]:
        statement = scope.apply(select(col).where(col.is_not(None)).distinct())
        return sorted(session.scalars(statement))

    result = Facets(
        years=sorted(distinct(Form.year), reverse=True),
        departments=distinct(Form.department),
        units=distinct(Form.unit),
        natures=distinct(Form.nature),
    )
    with _facet_lock:
        _facet_cache[slot] = (now, result)
    return result


def get_form(session: Session, scope: Scope, form_id: int) -> Form | None:
    """The form with its indicators and findings, or None if absent or out of scope."""
    statement = scope.apply(
        select(Form)
        .where(Form.id == form_id)
        .options(
            selectinload(Form.indicators),
            selectinload(Form.findings),
            selectinload(Form.import_file),
        )
    )
    return session.scalar(statement)


# --- dashboard ---------------------------------------------------------------------------


@dataclass(slots=True)
class GroupRow:
    """Forms, funding and grades of one department, unit or year."""

    key: str | int | None
    forms: int = 0
    total: Decimal = Decimal("0.00")
    grades: dict[str, int] = field(default_factory=lambda: dict.fromkeys(GRADES, 0))
    findings: int = 0


@dataclass(slots=True)
class CodeCount:
    code: str
    slug: str
    title: str
    findings: int
    forms: int


@dataclass(slots=True)
class Dashboard:
    forms: int
    projects: int
    units: int
    total: Decimal
    findings: int
    errors: int
    grades: dict[str, int]
    statuses: dict[str, int]
    by_department: list[GroupRow]
    by_unit: list[GroupRow]
    by_year: list[GroupRow]
    top_codes: list[CodeCount]
    imports: int


def _money(value: Any) -> Decimal:
    if value is None:
        return Decimal("0.00")
    return Decimal(str(value)).quantize(Decimal("0.01"))


def _groups(session: Session, scope: Scope, col: Any, limit: int | None = None) -> list[GroupRow]:
    findings = Form.error_count + Form.warning_count + Form.info_count
    statement = scope.apply(
        select(col, Form.grade, func.count(), func.sum(Form.total), func.sum(findings)).group_by(
            col, Form.grade
        )
    )
    rows: dict[Any, GroupRow] = {}
    for value, grade, count, total, finding_count in session.execute(statement):
        row = rows.setdefault(value, GroupRow(value))
        row.forms += count
        row.total += _money(total)
        row.findings += int(finding_count or 0)
        if grade in row.grades:
            row.grades[grade] += count
    ordered = sorted(rows.values(), key=lambda r: (-r.total, -r.forms, str(r.key)))
    return ordered[:limit] if limit else ordered


def dashboard(session: Session, scope: Scope, top: int = 10) -> Dashboard:
    """Counts, funding and grades by department, unit and year, and the commonest findings."""
    by_department = _groups(session, scope, Form.department)
    by_year = sorted(_groups(session, scope, Form.year), key=lambda r: -(int(r.key or 0)))
    grades = dict.fromkeys(GRADES, 0)
    for row in by_department:
        for grade, count in row.grades.items():
            grades[grade] += count
    kinds = dict(
        session.execute(scope.apply(select(Form.kind, func.count()).group_by(Form.kind))).all()
    )
    statuses = dict(
        session.execute(scope.apply(select(Form.status, func.count()).group_by(Form.status))).all()
    )
    errors = session.scalar(scope.apply(select(func.coalesce(func.sum(Form.error_count), 0))))
    in_scope = scope.apply(select(Form.id)).scalar_subquery()
    code_rows = session.execute(
        select(Finding.code, Finding.slug, func.count(), func.count(func.distinct(Finding.form_id)))
        .where(Finding.form_id.in_(in_scope))
        .group_by(Finding.code, Finding.slug)
        .order_by(func.count().desc(), Finding.code)
        .limit(top)
    ).all()
    imports = session.scalar(select(func.count()).select_from(ImportFile)) if scope.sees_all else 0
    return Dashboard(
        forms=sum(row.forms for row in by_department),
        projects=int(kinds.get("project", 0)),
        units=int(kinds.get("unit", 0)),
        total=sum((row.total for row in by_department), Decimal("0.00")),
        findings=sum(row.findings for row in by_department),
        errors=int(errors or 0),
        grades=grades,
        statuses={str(k): int(v) for k, v in statuses.items()},
        by_department=by_department,
        by_unit=_groups(session, scope, Form.unit, limit=20),
        by_year=by_year,
        top_codes=[
            CodeCount(code, slug, rule_title(code), int(n), int(forms))
            for code, slug, n, forms in code_rows
        ],
        imports=int(imports or 0),
    )


def rule_title(code: str) -> str:
    """The rule's Chinese title ('' for a code no longer in the catalogue)."""
    from jixiao.rules.registry import all_rules

    for rule in all_rules():
        if rule.code == code:
            return rule.title
    return ""


# --- 汇总表 -------------------------------------------------------------------------------


@dataclass(slots=True)
class SummaryRow:
    """One project of the 汇总表."""

    form_id: int
    name: str | None
    department: str | None
    unit: str | None
    nature: str | None
    year: int | None
    total: Decimal | None
    fiscal: Decimal | None
    indicators: dict[str, int]
    grade: str | None
    score: int | None
    errors: int
    warnings: int
    infos: int
    status: str


def level1_column(level1: str | None) -> str:
    """Map a printed level-1 label (OCR variants included) to a 汇总表 column."""
    k = key(level1)
    for name, marker in (
        ("产出指标", "产出"),
        ("成本指标", "成本"),
        ("效益指标", "效益"),
        ("满意度指标", "满意"),
    ):
        if marker in k:
            return name
    return "其他"


def summary_rows(
    session: Session,
    scope: Scope,
    department: str | None = None,
    unit: str | None = None,
    year: int | None = None,
    kind: Literal["project", "unit"] | None = "project",
) -> list[SummaryRow]:
    """One row per form (projects by default), ordered by department, unit and name."""
    flt = FormFilter(year=year, department=department, unit=unit, kind=kind)
    statement = filtered(session, scope, flt).options(defer(Form.data), defer(Form.search_text))
    forms = list(
        session.scalars(statement.order_by(Form.department, Form.unit, Form.name, Form.id))
    )
    counts: dict[int, Counter[str]] = {form.id: Counter() for form in forms}
    if forms:
        ids = filtered(session, scope, flt).with_only_columns(Form.id).scalar_subquery()
        for form_id, level1, count in session.execute(
            select(Indicator.form_id, Indicator.level1, func.count())
            .where(Indicator.form_id.in_(ids))
            .group_by(Indicator.form_id, Indicator.level1)
        ):
            counts[form_id][level1_column(level1)] += count
    return [
        SummaryRow(
            form_id=form.id,
            name=form.name,
            department=form.department,
            unit=form.unit,
            nature=form.nature,
            year=form.year,
            total=form.total,
            fiscal=form.fiscal,
            indicators={name: counts[form.id].get(name, 0) for name in LEVEL1_COLUMNS},
            grade=form.grade,
            score=form.score,
            errors=form.error_count,
            warnings=form.warning_count,
            infos=form.info_count,
            status=form.status,
        )
        for form in forms
    ]


def summary_xlsx(rows: list[SummaryRow]) -> bytes:
    """The 汇总表 workbook (money in 万元 with four decimals, as the published tables)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    from jixiao.store.labels import status_label

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "汇总表"
    titles = [
        "序号",
        "年度",
        "主管部门",
        "实施单位",
        "项目名称",
        "项目性质",
        "资金总额（万元）",
        "其中：财政资金（万元）",
        *[f"{name}数" for name in LEVEL1_COLUMNS],
        "指标合计",
        "得分",
        "等级",
        "错误",
        "警告",
        "提示",
        "状态",
    ]
    widths = [6, 7, 28, 28, 40, 12, 14, 14, *[9] * len(LEVEL1_COLUMNS), 9, 7, 7, 7, 7, 7, 10]
    sheet.append(titles)
    fill = PatternFill("solid", fgColor="DDE7F3")
    for index, width in enumerate(widths, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True)
        cell.fill = fill
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    wan = Decimal(10000)
    for number, row in enumerate(rows, start=1):
        sheet.append(
            [
                number,
                row.year,
                row.department,
                row.unit,
                row.name,
                row.nature,
                row.total / wan if row.total is not None else None,
                row.fiscal / wan if row.fiscal is not None else None,
                *[row.indicators.get(name, 0) for name in LEVEL1_COLUMNS],
                sum(row.indicators.values()),
                row.score,
                row.grade,
                row.errors,
                row.warnings,
                row.infos,
                status_label(row.status),
            ]
        )
        for col in (7, 8):
            sheet.cell(row=number + 1, column=col).number_format = "#,##0.0000"
    if rows:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(titles))}{len(rows) + 1}"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def list_imports(session: Session, scope: Scope, limit: int = 100) -> list[ImportFile]:
    """Recent imports: finance sees all, others the files they uploaded themselves."""
    statement = select(ImportFile).order_by(ImportFile.id.desc()).limit(limit)
    if not scope.sees_all:
        statement = statement.where(ImportFile.user_id == scope.user_id)
    return list(session.scalars(statement))
