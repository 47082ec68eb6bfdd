"""The list (filters, search, sort, pages, facets), the dashboard and the 汇总表."""

from __future__ import annotations

import io
from decimal import Decimal

from openpyxl import load_workbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from jixiao.store.access import Scope
from jixiao.store.queries import (
    FormFilter,
    dashboard,
    filtered_ids,
    list_forms,
    summary_rows,
    summary_xlsx,
)
from jixiao.store.tables import Finding, Form, Indicator, User

from .conftest import DEPARTMENT, UNIT

ALL = Scope.everything()


def _names(session: Session, flt: FormFilter, scope: Scope = ALL) -> list[str | None]:
    return [form.name for form in list_forms(session, scope, flt, with_facets=False).items]


def test_search_finds_by_indicator_name(imported: sessionmaker[Session]) -> None:
    with imported() as session:
        expected = set(
            session.scalars(
                select(Form.name)
                .join(Indicator)
                .where(Indicator.name.like("%养老金发放工作完成率%"))
            )
        )
        assert expected
        assert set(_names(session, FormFilter(q="养老金发放工作完成率"))) == expected
        # each whitespace-separated term must occur somewhere in the form
        both = list_forms(session, ALL, FormFilter(q="养老金 发放", per_page=500)).items
        assert expected <= {f.name for f in both}
        for form in both:
            text = session.scalar(select(Form.search_text).where(Form.id == form.id)) or ""
            assert "养老金" in text and "发放" in text


def test_search_short_terms_goals_and_names(imported: sessionmaker[Session]) -> None:
    with imported() as session:
        by_name = _names(session, FormFilter(q="片区专项经费"))
        assert by_name == ["社发办-片区专项经费"]
        by_goal = _names(session, FormFilter(q="管理执法力量下沉"))
        assert "社发办-片区专项经费" in by_goal
        two = list_forms(session, ALL, FormFilter(q="养老", per_page=500)).items
        assert two
        count_two = len(two)
        direct = session.scalar(
            select(func.count()).select_from(Form).where(Form.search_text.like("%养老%"))
        )
        assert count_two == direct
        assert _names(session, FormFilter(q="不存在的项目名称XYZ")) == []
        assert _names(session, FormFilter(q='"%_\\')) == []  # quotes and wildcards are literal


def test_filters_combine(imported: sessionmaker[Session]) -> None:
    with imported() as session:
        page = list_forms(session, ALL, FormFilter(department=DEPARTMENT, unit=UNIT))
        assert page.total == 3 and {f.unit for f in page.items} == {UNIT}
        year = page.items[0].year
        assert list_forms(session, ALL, FormFilter(year=year, unit=UNIT)).total == 3
        code = session.scalar(
            select(Finding.code).group_by(Finding.code).order_by(func.count().desc())
        )
        assert code is not None
        with_code = session.scalar(
            select(func.count(func.distinct(Finding.form_id))).where(Finding.code == code)
        )
        assert list_forms(session, ALL, FormFilter(code=code.lower())).total == with_code
        grade_total = sum(
            list_forms(session, ALL, FormFilter(grade=grade)).total
            for grade in ("优", "良", "中", "差")
        )
        assert grade_total == 64
        assert list_forms(session, ALL, FormFilter(status="draft")).total == 64
        assert list_forms(session, ALL, FormFilter(status="approved")).total == 0
        assert list_forms(session, ALL, FormFilter(kind="unit")).total == 1


def test_sorting_and_paging(imported: sessionmaker[Session]) -> None:
    with imported() as session:
        page1 = list_forms(session, ALL, FormFilter(sort="-total", per_page=10))
        page2 = list_forms(session, ALL, FormFilter(sort="-total", per_page=10, page=2))
        assert page1.total == 64 and page1.pages == 7 and len(page1.items) == 10
        totals = [f.total for f in page1.items + page2.items if f.total is not None]
        assert totals == sorted(totals, reverse=True)
        assert not {f.id for f in page1.items} & {f.id for f in page2.items}
        ids = filtered_ids(session, ALL, FormFilter(sort="-total"))
        assert ids[:10] == [f.id for f in page1.items]
        unknown = list_forms(session, ALL, FormFilter(sort="; drop table forms"))
        assert unknown.total == 64  # unknown sort keys fall back to id
        assert page1.facets is not None
        assert DEPARTMENT in page1.facets.departments and UNIT in page1.facets.units
        assert page1.facets.years and "经常性项目" in page1.facets.natures


def test_dashboard(imported: sessionmaker[Session], users: dict[str, User]) -> None:
    with imported() as session:
        board = dashboard(session, ALL)
        assert board.forms == 64 and board.projects == 63 and board.units == 1
        total = session.scalar(select(func.sum(Form.total)))
        assert board.total == Decimal(str(total)).quantize(Decimal("0.01"))
        assert sum(board.grades.values()) == 64
        assert board.statuses == {"draft": 64}
        assert board.findings == session.scalar(select(func.count()).select_from(Finding))
        assert board.top_codes and board.top_codes[0].title
        assert sum(row.forms for row in board.by_year) == 64
        assert board.imports == 4
        mine = dashboard(session, Scope.of(users["unit"]))
        assert mine.forms == 3 and [row.key for row in mine.by_unit] == [UNIT]
        assert mine.imports == 0


def test_summary_rows_and_workbook(imported: sessionmaker[Session]) -> None:
    with imported() as session:
        rows = summary_rows(session, ALL, department=DEPARTMENT)
        assert len(rows) == 30 and all(r.department == DEPARTMENT for r in rows)
        for row in rows:
            form = session.get(Form, row.form_id)
            assert form is not None
            assert sum(row.indicators.values()) == form.indicator_count
        assert any(row.indicators["产出指标"] for row in rows)
        content = summary_xlsx(rows)
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet is not None
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][:5] == ("序号", "年度", "主管部门", "实施单位", "项目名称")
    assert len(values) == 31
    first = rows[0]
    assert values[1][4] == first.name
    assert first.total is not None
    assert Decimal(str(values[1][6])).quantize(Decimal("0.000001")) == (
        first.total / 10000
    ).quantize(Decimal("0.000001"))


def test_count_stops_at_the_limit(imported: sessionmaker[Session]) -> None:
    with imported() as session:
        page = list_forms(session, ALL, FormFilter(per_page=5), count_limit=20)
        assert (page.total, page.capped, page.pages, len(page.items)) == (20, True, 4, 5)
        exact = list_forms(session, ALL, FormFilter(per_page=5), count_limit=64)
        assert (exact.total, exact.capped) == (64, False)


def test_search_ignores_latin_case(imported: sessionmaker[Session]) -> None:
    with imported() as session:
        form = session.scalar(select(Form).order_by(Form.id))
        assert form is not None
        form.search_text = form.search_text + "|kpi达标率abc"
        session.commit()
        assert _names(session, FormFilter(q="KPI达标率ABC")) == [form.name]
        assert _names(session, FormFilter(q="Ab")) == [form.name]
