"""汇总表 workbook of `jixiao export --format xlsx`: project and unit sheets with their totals."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from conftest import SAMPLES
from openpyxl import load_workbook

from jixiao import read
from jixiao.export.forms import SUMMARY_NAME, export_forms
from jixiao.model.forms import ProjectForm, UnitForm


def test_summary_has_projects_and_units_with_totals(tmp_path: Path) -> None:
    forms = [form for path in sorted(SAMPLES.glob("*.txt")) for form in read(path)]
    projects = [f for f in forms if isinstance(f, ProjectForm)]
    units = [f for f in forms if isinstance(f, UnitForm)]
    assert len(projects) == 63 and len(units) == 1
    export_forms(forms, "xlsx", tmp_path)
    book = load_workbook(tmp_path / SUMMARY_NAME)
    assert book.sheetnames == ["汇总表", "单位整体汇总"]

    sheet = book["汇总表"]
    header = [c.value for c in sheet[1]]
    body = list(sheet.iter_rows(min_row=2, max_row=sheet.max_row - 1, values_only=True))
    total = [c.value for c in sheet[sheet.max_row]]
    assert len(body) == 63 and total[0] == "合计" and total[3] == "63 个项目"
    money = header.index("项目资金总额（元）")
    expected = sum((f.funding.total or Decimal(0) for f in projects), Decimal(0))
    assert Decimal(str(total[money])).quantize(Decimal("0.01")) == expected
    assert total[header.index("指标合计")] == sum(len(f.indicators) for f in projects)
    assert sheet.freeze_panes == "E2" and sheet.auto_filter.ref

    [unit] = units
    sheet = book["单位整体汇总"]
    header = [c.value for c in sheet[1]]
    [row] = sheet.iter_rows(min_row=2, max_row=2, values_only=True)
    assert row[header.index("单位名称")] == unit.unit_name
    assert row[header.index("预算总额（元）")] == float(unit.budget.total or 0)
    assert row[header.index("重点任务数")] == len(unit.key_tasks) > 0
    assert row[header.index("指标合计")] == len(unit.indicators) > 0
    assert row[header.index("等级")] in {"优", "良", "中", "差"}
    total = [c.value for c in sheet[3]]
    assert total[0] == "合计" and total[1] == "1 个单位"
    assert total[header.index("指标合计")] == len(unit.indicators)


def test_summary_of_unit_forms_only_still_has_the_project_sheet(tmp_path: Path) -> None:
    units = [f for f in read(next(SAMPLES.glob("004_*.txt"))) if isinstance(f, UnitForm)]
    assert units, "sample 004 holds the unit form"
    export_forms(units, "xlsx", tmp_path)
    book = load_workbook(tmp_path / SUMMARY_NAME)
    assert book.sheetnames == ["汇总表", "单位整体汇总"]
    assert book["汇总表"].max_row == 2  # header and a 合计 of 0 projects
