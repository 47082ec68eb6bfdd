"""绩效自评 in the web app and the JSON API (both database backends)."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from evaluate.fill import evaluation_for, write_into
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from pytest import MonkeyPatch
from sqlalchemy import select

from jixiao.errors import InputError
from jixiao.evaluate import ScoringConfig
from jixiao.store.queries import record
from jixiao.store.tables import AuditLog, Form, SelfEvaluation
from jixiao.web.evaluationform import rows_of
from jixiao.web.settings import WebSettings

from .conftest import OTHER_UNIT, UNIT, Web, csrf_of


def _project(web: Web, unit: str = UNIT) -> Form:
    with web.sessions() as session:
        form = session.scalar(
            select(Form).where(Form.unit == unit, Form.kind == "project").order_by(Form.id)
        )
        assert form is not None
        return form


def _token(client: TestClient) -> str:
    return str(client.get("/api/me").json()["csrf_token"])


def test_api_put_then_get_scores(web: Web) -> None:
    form = _project(web)
    client = web.client("unit")
    # 80% spent: budget 10 × 0.8 = 8.00 points; every indicator met: 90 → total 98.00.
    body = evaluation_for(record(form), executed_share=Decimal("0.8")).model_dump(mode="json")
    del body["form_key"]
    response = client.put(
        f"/api/forms/{form.id}/evaluation", json=body, headers={"X-CSRF-Token": _token(client)}
    )
    assert response.status_code == 200, response.text
    score = response.json()["score"]
    assert (score["budget_score"], score["total"], score["grade"]) == ("8.00", "98.00", "优")
    assert score["execution_rate"] == "0.8000"
    assert sum(Decimal(s) for s in score["level_scores"].values()) == Decimal(90)
    again = client.get(f"/api/forms/{form.id}/evaluation").json()
    assert again["score"]["total"] == "98.00"
    assert again["record"]["budget"]["executed"] == body["budget"]["executed"]
    missing = client.get(f"/api/forms/{form.id}/evaluation?period=midyear")
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "no_evaluation"


def test_api_rejects_bad_records_in_chinese(web: Web) -> None:
    form = _project(web)
    client = web.client("unit")
    headers = {"X-CSRF-Token": _token(client)}
    body = evaluation_for(record(form)).model_dump(mode="json")
    body["budget"]["annual"] = "0"
    response = client.put(f"/api/forms/{form.id}/evaluation", json=body, headers=headers)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "validation_failed"
    assert {"path": "budget.annual", "message": "全年预算数应大于 0，否则无法计算预算执行率"} in (
        error["details"]
    )
    response = client.put(
        f"/api/forms/{form.id}/evaluation", json={"budget": {"executed": "abc"}}, headers=headers
    )
    assert response.status_code == 422
    assert "budget.executed" in {d["path"] for d in response.json()["error"]["details"]}
    response = client.put(f"/api/forms/{form.id}/evaluation", json=[1], headers=headers)
    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["message"] == "应为 JSON 对象（自评数据）"
    with web.sessions() as session:
        assert session.scalar(select(SelfEvaluation)) is None


def test_api_scope_and_csrf(web: Web) -> None:
    form = _project(web)
    body = evaluation_for(record(form)).model_dump(mode="json")
    other = web.client("other")
    url = f"/api/forms/{form.id}/evaluation"
    assert other.get(url).status_code == 404
    assert other.put(url, json=body, headers={"X-CSRF-Token": _token(other)}).status_code == 404
    unit = web.client("unit")
    assert unit.put(url, json=body).status_code == 403  # no CSRF token


def test_openapi_documents_the_evaluation_endpoints(web: Web) -> None:
    spec = web.client().get("/openapi.json").json()
    path = spec["paths"]["/api/forms/{form_id}/evaluation"]
    assert {"get", "put"} <= set(path)
    schema = path["put"]["requestBody"]["content"]["application/json"]["schema"]
    assert "budget" in schema["properties"]
    assert "$defs" not in str(schema)
    assert "422" in path["put"]["responses"]


def _fields(form: Form, page: str) -> dict[str, str]:
    """Fill the web form as a reporter would: every row met, 95% of the budget spent."""
    contract = record(form)
    evaluation = evaluation_for(contract)
    fields = {
        "csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', page).group(1),  # type: ignore[union-attr]
        "budget-initial": "1000000",
        "budget-annual": "100万元",
        "budget-executed": "950000",
        "deviation_reason": "部分合同延后支付",
        "improvement": "加快支付进度",
    }
    entries = {e.index: e for e in evaluation.indicators}
    for row in rows_of(contract):
        entry = entries.get(row.index)
        if entry is None or row.kind == "none":
            continue
        if row.kind == "actual":
            fields[f"ind-{row.index}-actual"] = entry.actual or ""
        elif row.kind == "tier":
            fields[f"ind-{row.index}-tier"] = "达成"
    return fields


def test_web_form_saves_and_shows_breakdown(web: Web) -> None:
    form = _project(web)
    client = web.client("unit")
    assert f'href="/forms/{form.id}/evaluation"' in client.get(f"/forms/{form.id}").text
    page = client.get(f"/forms/{form.id}/evaluation")
    assert page.status_code == 200 and "尚未填报" in page.text
    response = client.post(f"/forms/{form.id}/evaluation", data=_fields(form, page.text))
    assert response.status_code == 303, response.text
    shown = client.get(response.headers["location"]).text
    # 950,000 ÷ 1,000,000 = 95% → 10 × 0.95 = 9.50; indicators all met → 90.00; total 99.50.
    assert 'id="total-score">99.50<' in shown
    assert "执行率 95.00%" in shown
    assert "<svg" in shown and "各部分得分" in shown
    with web.sessions() as session:
        row = session.scalar(select(SelfEvaluation).where(SelfEvaluation.form_id == form.id))
        assert row is not None and row.total == Decimal("99.50")
        assert row.data["budget"]["annual"] == "1000000.00"
        assert session.scalar(select(AuditLog).where(AuditLog.action == "evaluate")) is not None
    report = client.get(f"/forms/{form.id}/evaluation/report.xlsx")
    assert report.status_code == 200
    book = load_workbook(io.BytesIO(report.content))
    assert len(book.worksheets) == 2


def test_web_form_errors_keep_the_input(web: Web) -> None:
    form = _project(web)
    client = web.client("unit")
    page = client.get(f"/forms/{form.id}/evaluation")
    fields = _fields(form, page.text)
    fields["budget-executed"] = "九十万"
    first_actual = next(k for k in fields if k.endswith("-actual"))
    fields[first_actual] = "很多"
    response = client.post(f"/forms/{form.id}/evaluation", data=fields)
    assert response.status_code == 422
    assert "全年执行数（元）：“九十万”不是金额" in response.text
    assert 'value="很多"' in response.text
    index = int(first_actual.split("-")[1])
    assert f"第{index + 1}行" in response.text
    with web.sessions() as session:
        assert session.scalar(select(SelfEvaluation)) is None


def test_web_scope_and_csrf(web: Web) -> None:
    theirs = _project(web, OTHER_UNIT)
    client = web.client("unit")
    assert client.get(f"/forms/{theirs.id}/evaluation").status_code == 404
    token = csrf_of(client, "/forms")
    response = client.post(f"/forms/{theirs.id}/evaluation", data={"csrf_token": token})
    assert response.status_code == 404
    mine = _project(web)
    assert client.post(f"/forms/{mine.id}/evaluation", data={}).status_code == 403


def test_template_download_fill_upload(web: Web) -> None:
    form = _project(web)
    client = web.client("unit")
    template = client.get(f"/forms/{form.id}/evaluation/template.xlsx")
    assert template.status_code == 200
    book = load_workbook(io.BytesIO(template.content))
    sheet = book.worksheets[1]
    write_into(sheet, evaluation_for(record(form), executed_share=Decimal("0.5")))
    buffer = io.BytesIO()
    book.save(buffer)
    token = csrf_of(client, f"/forms/{form.id}/evaluation")
    response = client.post(
        f"/forms/{form.id}/evaluation/upload",
        data={"csrf_token": token},
        files={"file": ("自评表.xlsx", buffer.getvalue(), "application/octet-stream")},
    )
    assert response.status_code == 303, response.text
    # Half the budget spent: 10 × 0.5 = 5.00; indicators met: 90 → 95.00.
    assert 'id="total-score">95.00<' in client.get(f"/forms/{form.id}/evaluation").text


def test_bad_template_upload_names_sheet_and_cell(web: Web) -> None:
    form = _project(web)
    client = web.client("unit")
    template = client.get(f"/forms/{form.id}/evaluation/template.xlsx").content
    book = load_workbook(io.BytesIO(template))
    sheet = book.worksheets[1]
    write_into(sheet, evaluation_for(record(form)))
    executed = next(
        r for r in range(1, 20) if sheet.cell(row=r, column=1).value == "全年执行数（元）"
    )
    sheet.cell(row=executed, column=2).value = "不知道"
    buffer = io.BytesIO()
    book.save(buffer)
    token = csrf_of(client, f"/forms/{form.id}/evaluation")
    response = client.post(
        f"/forms/{form.id}/evaluation/upload",
        data={"csrf_token": token},
        files={"file": ("自评表.xlsx", buffer.getvalue(), "application/octet-stream")},
    )
    assert response.status_code == 422
    assert f"工作表“{sheet.title}”单元格 B{executed}" in response.text
    junk = client.post(
        f"/forms/{form.id}/evaluation/upload",
        data={"csrf_token": token},
        files={"file": ("坏文件.xlsx", b"not a workbook", "application/octet-stream")},
    )
    assert junk.status_code == 422 and "无法打开工作簿" in junk.text
    with web.sessions() as session:
        assert session.scalar(select(SelfEvaluation)) is None


def test_ranking_page(web: Web) -> None:
    fin = web.client("fin")
    assert "还没有已保存的绩效自评" in fin.get("/evaluations").text
    headers = {"X-CSRF-Token": _token(fin)}
    with web.sessions() as session:
        projects = select(Form).where(Form.kind == "project").order_by(Form.id)
        forms = [
            *session.scalars(projects.where(Form.unit == UNIT).limit(2)),
            *session.scalars(projects.where(Form.unit == OTHER_UNIT).limit(1)),
        ]
    shares = (Decimal("1"), Decimal("0.5"), Decimal("0.8"))
    for form, share in zip(forms, shares, strict=True):
        body = evaluation_for(record(form), executed_share=share).model_dump(mode="json")
        saved = fin.put(f"/api/forms/{form.id}/evaluation", json=body, headers=headers)
        assert saved.status_code == 200
    page = fin.get("/evaluations").text
    assert 'href="/evaluations" aria-current="page"' in page
    # Totals 100.00, 95.00 and 98.00, ranked best first within each department.
    totals = re.findall(r'<td class="num">(\d+\.\d\d)</td>\s*<td><span class="badge', page)
    assert sorted(totals, reverse=True) == sorted(["100.00", "95.00", "98.00"], reverse=True)
    for form in forms:
        assert f'href="/forms/{form.id}/evaluation?period=annual"' in page
    unit_page = web.client("other").get("/evaluations").text
    names = {f.name for f in forms if f.unit != OTHER_UNIT}
    assert names, "the ranking scope check needs a form of another unit"
    for name in names:
        assert name and name not in unit_page


def test_server_scoring_convention_applies_to_api_page_and_ranking(web: Web) -> None:
    """A bureau's own 口径 (JIXIAO_SCORING_CONFIG) is what the API, the page and the ranking use."""
    convention = ScoringConfig(
        budget_points=Decimal(20),
        level_points={"产出指标": Decimal(40), "效益指标": Decimal(30), "满意度指标": Decimal(10)},
    )
    web.app.state.settings = replace(web.app.state.settings, scoring=convention)  # type: ignore[attr-defined]
    form = _project(web)
    client = web.client("unit")
    # 80% spent: budget 20 × 0.8 = 16.00 points; every indicator met: 80 → total 96.00.
    body = evaluation_for(record(form), executed_share=Decimal("0.8")).model_dump(mode="json")
    saved = client.put(
        f"/api/forms/{form.id}/evaluation", json=body, headers={"X-CSRF-Token": _token(client)}
    )
    assert saved.status_code == 200, saved.text
    assert (saved.json()["score"]["budget_score"], saved.json()["score"]["total"]) == (
        "16.00",
        "96.00",
    )
    page = client.get(f"/forms/{form.id}/evaluation").text
    assert "满分 20" in page and "满分 40" in page
    assert "96.00" in client.get("/evaluations").text


def test_scoring_convention_file_from_environment(tmp_path: Path, monkeypatch: MonkeyPatch) -> None:
    good = tmp_path / "口径.toml"
    good.write_text(
        'budget_points = 20\n[level_points]\n"产出指标" = 40\n"效益指标" = 30\n"满意度指标" = 10\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("JIXIAO_SCORING_CONFIG", str(good))
    assert WebSettings.from_env("sqlite://").scoring.budget_points == Decimal(20)
    bad = tmp_path / "坏口径.toml"
    bad.write_text("budget_points = 30\n", encoding="utf-8")  # 30 + 90 ≠ 100
    monkeypatch.setenv("JIXIAO_SCORING_CONFIG", str(bad))
    with pytest.raises(InputError) as caught:
        WebSettings.from_env("sqlite://")
    assert "坏口径.toml" in str(caught.value) and "100" in str(caught.value)


def test_ranking_compares_one_year_at_a_time(web: Web) -> None:
    fin = web.client("fin")
    headers = {"X-CSRF-Token": _token(fin)}
    with web.sessions() as session:
        by_year: dict[int, Form] = {}
        for form in session.scalars(select(Form).where(Form.kind == "project").order_by(Form.id)):
            if form.year is not None:
                by_year.setdefault(form.year, form)
    assert len(by_year) >= 2, "the seeds span 2023 and 2024"
    for form in by_year.values():
        body = evaluation_for(record(form)).model_dump(mode="json")
        assert fin.put(f"/api/forms/{form.id}/evaluation", json=body, headers=headers).is_success
    latest, older = sorted(by_year, reverse=True)[:2]
    page = fin.get("/evaluations").text
    assert f'href="/forms/{by_year[latest].id}/evaluation' in page
    assert f'href="/forms/{by_year[older].id}/evaluation' not in page
    assert f'href="/evaluations?period=annual&amp;year={older}"' in page
    page = fin.get(f"/evaluations?year={older}").text
    assert f'href="/forms/{by_year[older].id}/evaluation' in page
    assert f'href="/forms/{by_year[latest].id}/evaluation' not in page
    assert fin.get("/evaluations?year=abc").status_code == 404
