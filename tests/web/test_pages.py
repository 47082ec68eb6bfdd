"""List filters and search, the detail page's findings at their cells, dashboard, 汇总表."""

from __future__ import annotations

import io
import re

from openpyxl import load_workbook
from sqlalchemy import select

from jixiao.store.tables import Finding, Form, Indicator

from .conftest import Web


def _cell(html: str, anchor: str) -> str:
    """The HTML of the table cell drawn for ``anchor`` (cells never nest)."""
    match = re.search(
        rf'<t[dh][^>]*data-anchor="{re.escape(anchor)}"[^>]*>(.*?)</t[dh]>', html, re.S
    )
    assert match, f"no cell {anchor}"
    return match.group(0)


def test_detail_shows_each_finding_at_its_cell(web: Web) -> None:
    with web.sessions() as session:
        finding = session.scalars(select(Finding).order_by(Finding.id)).all()
        value_finding = next(f for f in finding if len(f.loc) == 3 and f.loc[2] == "value")
        form_id = value_finding.form_id
        count = len([f for f in finding if f.form_id == form_id])
    html = web.client("fin").get(f"/forms/{form_id}").text
    cell = _cell(html, f"indicators.{value_finding.loc[1]}.value")
    assert "has-finding" in cell
    assert f'data-code="{value_finding.code}"' in cell
    assert "修改建议" in cell and "规则说明" in cell
    # every finding of the form is shown exactly once somewhere on the page
    assert html.count('class="finding ') == count


def test_detail_merges_level1_cells_like_the_printed_table(web: Web) -> None:
    with web.sessions() as session:
        form = session.scalars(select(Form).where(Form.kind == "project").order_by(Form.id)).first()
        assert form is not None
        levels = [
            i.level1
            for i in session.scalars(
                select(Indicator).where(Indicator.form_id == form.id).order_by(Indicator.position)
            )
        ]
    html = web.client("fin").get(f"/forms/{form.id}").text
    first_run = 1
    while first_run < len(levels) and levels[first_run] == levels[0]:
        first_run += 1
    assert f'rowspan="{first_run}" ' in _cell(html, "indicators.0.level1")
    assert "读取提示" in html and "来源：" in html


def test_list_filters_search_and_htmx_partial(web: Web) -> None:
    client = web.client("fin")
    with web.sessions() as session:
        indicator = session.scalars(
            select(Indicator).where(Indicator.name.like("%满意度%"))
        ).first()
        assert indicator is not None and indicator.name
        expected = set(
            session.scalars(select(Indicator.form_id).where(Indicator.name.like("%满意度%")))
        )
        graded = session.scalars(select(Form.id).where(Form.grade == "差")).all()
    found = client.get("/api/forms?q=满意度&per_page=200").json()
    assert expected <= {item["id"] for item in found["items"]}
    by_grade = client.get("/api/forms?grade=差&per_page=200").json()
    assert by_grade["total"] == len(graded)
    assert {item["grade"] for item in by_grade["items"]} == {"差"}
    page = client.get("/forms?grade=差", headers={"HX-Request": "true", "HX-Target": "results"})
    assert page.status_code == 200
    assert "<html" not in page.text and 'id="forms-table"' in page.text
    assert f"共 {len(graded)} 张表" in page.text
    full = client.get("/forms?grade=差&sort=-total")
    assert "<html" in full.text and 'aria-sort="descending"' in full.text


def test_export_of_current_selection(web: Web) -> None:
    client = web.client("fin")
    total = client.get("/api/forms?grade=差").json()["total"]
    response = client.get("/forms/export.xlsx?grade=差")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    assert sheet.max_row == total + 1
    header = [cell.value for cell in sheet[1]]
    grade = header.index("等级")
    assert {row[grade] for row in sheet.iter_rows(min_row=2, values_only=True)} == {"差"}


def test_dashboard_summary_and_rule_pages(web: Web) -> None:
    client = web.client("dept")
    home = client.get("/")
    assert home.status_code == 200 and home.text.count("<svg") >= 4
    assert "最常见的审核问题" in home.text
    summary = client.get("/summary")
    assert summary.status_code == 200 and "汇总表" in summary.text
    xlsx = client.get("/summary.xlsx")
    assert xlsx.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert client.get("/rules/IND012").status_code == 200
    assert client.get("/rules/XYZ999").status_code == 404
    assert client.get("/docs").status_code == 200


def test_api_dashboard_money_is_exact_text(web: Web) -> None:
    data = web.client("fin").get("/api/dashboard").json()
    assert isinstance(data["total"], str) and re.fullmatch(r"\d+\.\d{2}", data["total"])
    assert all(isinstance(row["total"], str) for row in data["by_department"])
    assert data["forms"] == 64
    openapi = web.client().get("/openapi.json").json()
    assert {"/api/forms", "/api/forms/{form_id}/findings", "/api/imports"} <= set(openapi["paths"])
