"""The official printed layout of a form, as a grid of cells, shared by the XLSX and DOCX exports.

One description, two renderers: the workbook and the Word table cannot drift apart, and the
round-trip tests (export → read back → same contract JSON) check both against the readers.
The layout follows the Shanghai 绩效目标申报表: labels on the left, merged value cells, the
funding block with its two columns (项目 / 年度), the goal block, then the indicator table
with 一级/二级 indicator cells merged over their rows, exactly as finance bureaus print it.

Which contract fields a layout cannot carry, and why, is in ``docs/export.md``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal

from jixiao.model.forms import Indicator, ProjectForm, UnitForm, UnitIndicator
from jixiao.model.values import TEN_THOUSAND

Style = Literal["title", "subtitle", "label", "header", "text", "center", "money", "date"]
Value = str | Decimal | date | int | None

PROJECT_TITLE = "财政项目支出绩效目标申报表"
UNIT_TITLE = "单位整体支出绩效目标申报表"


@dataclass(slots=True)
class Cell:
    """One printed cell: top-left position (0-based), its span and how it is styled."""

    row: int
    col: int
    value: Value
    style: Style = "text"
    rows: int = 1
    cols: int = 1


@dataclass(slots=True)
class Table:
    """A ruled table; ``header_rows`` are repeated at the top of every printed page."""

    cells: list[Cell] = field(default_factory=list)
    height: int = 0
    header_rows: tuple[int, ...] = ()

    def add(self, col: int, value: Value, style: Style = "text", rows: int = 1, cols: int = 1) -> None:
        self.cells.append(Cell(self.height, col, value, style, rows, cols))

    def next_row(self, count: int = 1) -> None:
        self.height += count


@dataclass(slots=True)
class FormLayout:
    """A form ready to print: headings above, tables below, column widths, orientation."""

    sheet_name: str
    headings: list[tuple[str, Style]]
    tables: list[Table]
    widths: list[float]
    landscape: bool
    money_decimals: int = 2
    """Decimals the money cells need (万元 amounts keep up to six: exact to the cent)."""


def money_in(unit: str | None, yuan: Decimal | None) -> Decimal | None:
    """An amount in the form's own funding unit, exactly (元 → 万元 is a shift of 4 places)."""
    if yuan is None:
        return None
    return yuan / TEN_THOUSAND if unit == "万元" else yuan


def _decimals(values: list[Decimal | None]) -> int:
    places = [max(0, -int(v.normalize().as_tuple().exponent)) for v in values if v is not None]
    return max([2, *places])


def _year_line(year: int | None) -> list[tuple[str, Style]]:
    return [] if year is None else [(f"（{year}年度）", "subtitle")]


def _level_runs(rows: list[Indicator] | list[UnitIndicator]) -> tuple[list[int], list[int]]:
    """Row spans of the merged 一级 and 二级 cells: the run length at its first row, 0 below."""
    l1 = [0] * len(rows)
    l2 = [0] * len(rows)
    start1 = start2 = 0
    for i in range(1, len(rows) + 1):
        same1 = i < len(rows) and rows[i].level1 == rows[start1].level1
        if not same1:
            l1[start1] = i - start1
            start1 = i
        same2 = same1 and i < len(rows) and rows[i].level2 == rows[start2].level2
        if not same2:
            l2[start2] = i - start2
            start2 = i
    return l1, l2


# -- project form -----------------------------------------------------------------------------
def project_layout(form: ProjectForm) -> FormLayout:
    unit = form.funding_unit
    f = form.funding
    money = [money_in(unit, v) for v in f.model_dump().values()]
    t = Table()
    t.add(0, "项目名称", "label")
    t.add(1, form.project_name)
    t.add(2, "项目性质", "label")
    t.add(3, form.nature)
    t.add(4, "项目类别", "label")
    t.add(5, form.category)
    t.next_row()
    t.add(0, "主管部门", "label")
    t.add(1, form.department)
    t.add(2, "实施单位", "label")
    t.add(3, form.implementing_unit, cols=3)
    t.next_row()
    t.add(0, "计划开始日期", "label")
    t.add(1, form.start_date, "date")
    t.add(2, "计划完成日期", "label")
    t.add(3, form.end_date, "date", cols=3)
    t.next_row()
    t.add(0, f"项目资金（{unit}）" if unit else "项目资金", "label", rows=4)
    t.add(1, "项目资金总额", "label")
    t.add(2, money_in(unit, f.total), "money")
    t.add(3, "年度资金申请总额", "label")
    t.add(4, money_in(unit, f.annual_total), "money", cols=2)
    t.next_row()
    t.add(1, "其中：财政资金", "label")
    t.add(2, money_in(unit, f.fiscal), "money")
    t.add(3, "其中：当年财政拨款", "label")
    t.add(4, money_in(unit, f.annual_appropriation), "money", cols=2)
    t.next_row()
    t.add(1, None, cols=2)
    t.add(3, "上年结转资金", "label")
    t.add(4, money_in(unit, f.carryover), "money", cols=2)
    t.next_row()
    t.add(1, "其他资金", "label")
    t.add(2, money_in(unit, f.other), "money")
    t.add(3, "其他资金", "label")
    t.add(4, money_in(unit, f.annual_other), "money", cols=2)
    t.next_row()
    period = f"（{form.overall_goal_period}）" if form.overall_goal_period else ""
    t.add(0, "项目绩效目标", "label", rows=2)
    t.add(1, f"项目总目标{period}", "header", cols=2)
    t.add(3, "年度总目标", "header", cols=3)
    t.next_row()
    t.add(1, form.overall_goal, cols=2)
    t.add(3, form.annual_goal, cols=3)
    t.next_row()

    ind = Table(header_rows=(0,))
    rows = form.indicators
    # The block label stays inside the header row: a header row repeated on each printed page
    # cannot hold a cell merged down into the body (Word/LibreOffice then repeat nothing).
    ind.add(0, "绩效指标", "label")
    if rows:
        ind.cells.append(Cell(1, 0, None, "label", rows=len(rows)))
    for col, text, span in ((1, "一级指标", 1), (2, "二级指标", 1), (3, "三级指标", 2), (5, "年度指标值", 1)):
        ind.add(col, text, "header", cols=span)
    ind.next_row()
    l1_runs, l2_runs = _level_runs(rows)
    for i, row in enumerate(rows):
        if l1_runs[i]:
            ind.add(1, row.level1, "center", rows=l1_runs[i])
        if l2_runs[i]:
            ind.add(2, row.level2, "center", rows=l2_runs[i])
        ind.add(3, row.name, cols=2)
        ind.add(5, row.value, "center")
        ind.next_row()
    return FormLayout(
        sheet_name=form.project_name or f"项目{form.source.form_index}",
        headings=[(form.title or PROJECT_TITLE, "title"), *_year_line(form.year)],
        tables=[t, ind],
        widths=[10, 16, 18, 22, 12, 22],
        landscape=False,
        money_decimals=_decimals(money),
    )


# -- unit form ---------------------------------------------------------------------------------
UNIT_HEADERS = (
    "一级指标",
    "二级指标",
    "三级指标",
    "指标性质",
    "方向",
    "指标值",
    "计量单位",
    "指标解释",
    "评(扣)分标准",
)


def unit_layout(form: UnitForm) -> FormLayout:
    t = Table()
    for label, value in (
        ("单位名称", form.unit_name),
        ("财政拨款方式", form.appropriation_method),
        ("单位职责", form.duties),
        ("年度履职目标", form.annual_goal),
    ):
        t.add(0, label, "label")
        t.add(1, value, cols=8)
        t.next_row()
    t.add(0, "年度重点任务", "header", cols=9)
    t.next_row()
    t.add(0, "任务名称", "header", cols=2)
    t.add(2, "主要内容（重点工作计划）", "header", cols=7)
    t.next_row()
    for number, task in enumerate(form.key_tasks, start=1):
        t.add(0, f"{number}.{task.name}", cols=2)
        t.add(2, f"{number}.{task.content}" if task.content else None, cols=7)
        t.next_row()
    t.add(0, "预算情况", "header", cols=9)
    t.next_row()
    t.add(0, "内容", "header", cols=2)
    t.add(2, "预算情况（元）", "header", cols=7)
    t.next_row()
    b = form.budget
    for label, amount in (
        ("部门整体预算总额（元）", b.total),
        ("1、资金来源：（1）财政拨款", b.fiscal),
        ("（2）其他资金", b.other),
        ("2、资金结构：（1）基本支出", b.basic),
        ("（2）项目支出", b.project),
    ):
        t.add(0, label, "label", cols=2)
        t.add(2, amount, "money", cols=7)
        t.next_row()
    # Each count stands in the cell right of its label: the reader looks exactly there.
    t.add(0, "年末在职人数", "label")
    t.add(1, form.staff_count, "center")
    t.add(2, "内设机构数", "label")
    t.add(3, form.internal_orgs, "center", cols=6)
    t.next_row()

    ind = Table(header_rows=(0, 1))
    ind.add(0, "分解目标", "header", cols=9)
    ind.next_row()
    for col, text in enumerate(UNIT_HEADERS):
        ind.add(col, text, "header")
    ind.next_row()
    rows = form.indicators
    l1_runs, l2_runs = _level_runs(rows)
    for i, row in enumerate(rows):
        if l1_runs[i]:
            ind.add(0, row.level1, "center", rows=l1_runs[i])
        if l2_runs[i]:
            ind.add(1, row.level2, "center", rows=l2_runs[i])
        ind.add(2, row.name)
        ind.add(3, row.nature, "center")
        ind.add(4, row.direction, "center")
        ind.add(5, row.value, "center")
        ind.add(6, row.unit, "center")
        ind.add(7, row.explanation)
        ind.add(8, row.scoring_rule)
        ind.next_row()
    return FormLayout(
        sheet_name=form.unit_name or f"单位{form.source.form_index}",
        headings=[(form.title or UNIT_TITLE, "title"), *_year_line(form.year)],
        tables=[t, ind],
        widths=[12, 14, 22, 9, 6, 10, 8, 26, 30],
        landscape=True,
    )


def form_layout(form: ProjectForm | UnitForm) -> FormLayout:
    return unit_layout(form) if isinstance(form, UnitForm) else project_layout(form)
