"""Dashboard, 汇总表 and rule pages."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import Response

from jixiao.rules.registry import REGISTRY, SECTIONS, all_rules
from jixiao.store.queries import GRADES, LEVEL1_COLUMNS, dashboard, summary_rows, summary_xlsx
from jixiao.web.charts import GRADE_COLOURS, bar_chart, pie_chart
from jixiao.web.deps import DB, CurrentUser, UserScope
from jixiao.web.filters import parse_int
from jixiao.web.templating import render, wan

router = APIRouter(include_in_schema=False)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SUMMARY_HTML_ROWS = 500


@router.get("/")
def dashboard_page(request: Request, db: DB, user: CurrentUser, scope: UserScope) -> Response:
    d = dashboard(db, scope)
    top_depts = d.by_department[:10]
    charts = {
        "grades": pie_chart(
            [(g, d.grades.get(g, 0)) for g in GRADES], "等级分布", colours=GRADE_COLOURS
        ),
        "funding": bar_chart(
            [(str(r.key or "（未填写）"), r.total / 10000) for r in top_depts],
            "资金（万元）前十的主管部门",
            unit="万",
            decimals=1,
        ),
        "years": bar_chart(
            [(f"{r.key}年" if r.key else "（未填写）", r.forms) for r in d.by_year],
            "各年度表单数",
            unit="张",
        ),
        "units": bar_chart(
            [(str(r.key or "（未填写）"), r.forms) for r in d.by_unit[:10]],
            "表单数前十的单位",
            unit="张",
        ),
    }
    return render(request, "dashboard.html", {"section": "dashboard", "d": d, "charts": charts})


@router.get("/summary")
def summary_page(
    request: Request,
    db: DB,
    user: CurrentUser,
    scope: UserScope,
    department: Annotated[str, Query()] = "",
    unit: Annotated[str, Query()] = "",
    year: Annotated[str, Query()] = "",
) -> Response:
    rows = summary_rows(db, scope, department or None, unit or None, parse_int(year))
    params = {"department": department, "unit": unit, "year": year}
    query = "&".join(f"{k}={quote(v)}" for k, v in params.items() if v)
    money = sum((r.total for r in rows if r.total is not None), start=Decimal(0))
    totals = {
        "indicators": {c: sum(r.indicators.get(c, 0) for r in rows) for c in LEVEL1_COLUMNS},
        "errors": sum(r.errors for r in rows),
        "warnings": sum(r.warnings for r in rows),
    }
    return render(
        request,
        "summary.html",
        {
            "section": "summary",
            "rows": rows[:SUMMARY_HTML_ROWS],
            "count": len(rows),
            "limit": SUMMARY_HTML_ROWS,
            "totals": totals,
            "levels": LEVEL1_COLUMNS,
            "facets": request.app.state.facets.get(db, scope),
            "units": request.app.state.facets.units(db, scope, department or None),
            "params": params,
            "query": query,
            "wan_total": wan(money),
        },
    )


@router.get("/summary.xlsx")
def summary_download(
    db: DB,
    user: CurrentUser,
    scope: UserScope,
    department: Annotated[str, Query()] = "",
    unit: Annotated[str, Query()] = "",
    year: Annotated[str, Query()] = "",
) -> Response:
    rows = summary_rows(db, scope, department or None, unit or None, parse_int(year))
    name = "汇总表" + "".join(f"-{p}" for p in (year, department, unit) if p) + ".xlsx"
    return Response(
        summary_xlsx(rows),
        media_type=XLSX,
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"},
    )


@router.get("/rules/{code}")
def rule_page(request: Request, code: str, user: CurrentUser) -> Response:
    if not REGISTRY:
        all_rules()
    rule = REGISTRY.get(code.upper())
    if rule is None:
        raise HTTPException(404, f"没有规则 {code}")
    return render(request, "rule.html", {"rule": rule, "sections": SECTIONS})
