"""The edit page's fields, and turning the submitted HTML form back into contract JSON.

Which fields a kind of form has and their Chinese labels are listed once here; the template
draws inputs from the lists and :func:`apply_edits` reads them back. Validation is not done
here: the store validates the result with the same pydantic models the reader uses.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from typing import Any

from starlette.datastructures import FormData

from jixiao.model.targets import parse_target


@dataclass(frozen=True, slots=True)
class FieldSpec:
    path: str  # "project_name", "funding.total"
    label: str
    widget: str = "text"  # text | textarea | money | int | date

    @property
    def input_name(self) -> str:
        return "f-" + self.path


PROJECT_FIELDS = (
    FieldSpec("project_name", "项目名称"),
    FieldSpec("year", "年度", "int"),
    FieldSpec("nature", "项目性质"),
    FieldSpec("category", "项目类别"),
    FieldSpec("department", "主管部门"),
    FieldSpec("implementing_unit", "实施单位"),
    FieldSpec("start_date", "计划开始日期", "date"),
    FieldSpec("end_date", "计划完成日期", "date"),
    FieldSpec("funding.total", "项目资金总额（元）", "money"),
    FieldSpec("funding.fiscal", "其中：财政资金（元）", "money"),
    FieldSpec("funding.other", "其他资金（元）", "money"),
    FieldSpec("funding.annual_total", "年度资金申请总额（元）", "money"),
    FieldSpec("funding.annual_appropriation", "其中：当年财政拨款（元）", "money"),
    FieldSpec("funding.carryover", "上年结转资金（元）", "money"),
    FieldSpec("funding.annual_other", "年度其他资金（元）", "money"),
    FieldSpec("overall_goal_period", "总目标期限"),
    FieldSpec("overall_goal", "项目总目标", "textarea"),
    FieldSpec("annual_goal", "年度总目标", "textarea"),
)
UNIT_FIELDS = (
    FieldSpec("unit_name", "单位名称"),
    FieldSpec("year", "年度", "int"),
    FieldSpec("appropriation_method", "财政拨款方式"),
    FieldSpec("staff_count", "年末在职人数", "int"),
    FieldSpec("internal_orgs", "内设机构数", "int"),
    FieldSpec("budget.total", "部门整体预算总额（元）", "money"),
    FieldSpec("budget.fiscal", "财政拨款（元）", "money"),
    FieldSpec("budget.other", "其他资金（元）", "money"),
    FieldSpec("budget.basic", "基本支出（元）", "money"),
    FieldSpec("budget.project", "项目支出（元）", "money"),
    FieldSpec("duties", "单位职责", "textarea"),
    FieldSpec("annual_goal", "年度履职目标", "textarea"),
)
PROJECT_COLUMNS = (
    ("level1", "一级指标"),
    ("level2", "二级指标"),
    ("name", "三级指标"),
    ("value", "指标值"),
)
UNIT_COLUMNS = (
    ("level1", "一级指标"),
    ("level2", "二级指标"),
    ("name", "三级指标"),
    ("nature", "指标性质"),
    ("direction", "方向"),
    ("value", "指标值"),
    ("unit", "计量单位"),
    ("explanation", "指标解释"),
    ("scoring_rule", "评(扣)分标准"),
)
NEW_ROWS = 3
"""Blank indicator rows offered for additions (rows left blank are ignored)."""


def fields_for(kind: str) -> tuple[FieldSpec, ...]:
    return UNIT_FIELDS if kind == "unit" else PROJECT_FIELDS


def columns_for(kind: str) -> tuple[tuple[str, str], ...]:
    return UNIT_COLUMNS if kind == "unit" else PROJECT_COLUMNS


def get_path(data: dict[str, Any], path: str) -> Any:
    value: Any = data
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _set_path(data: dict[str, Any], path: str, value: Any) -> None:
    parts = path.split(".")
    target = data
    for part in parts[:-1]:
        target = target.setdefault(part, {})
    target[parts[-1]] = value


def _clean(text: str | None, widget: str) -> Any:
    text = (text or "").strip()
    if not text:
        return None
    if widget == "money":
        return re.sub(r"[,，\s]", "", text)
    if widget == "int":
        return text  # pydantic turns "52" into 52 and names the field when it cannot
    return text


def apply_edits(original: dict[str, Any], form: FormData) -> dict[str, Any]:
    """A copy of ``original`` with the submitted fields and indicator rows written into it."""
    data = copy.deepcopy(original)
    kind = data.get("kind", "project")
    for spec in fields_for(kind):
        if spec.input_name in form:
            value = form.get(spec.input_name)
            _set_path(
                data, spec.path, _clean(value if isinstance(value, str) else None, spec.widget)
            )
    columns = [name for name, _ in columns_for(kind)]
    old_rows = list(data.get("indicators") or [])
    rows: list[dict[str, Any]] = []
    count = int(str(form.get("ind-count") or "0") or 0)
    for i in range(count + NEW_ROWS):
        prefix = f"ind-{i}-"
        if f"{prefix}name" not in form and f"{prefix}value" not in form:
            continue
        if form.get(f"{prefix}delete"):
            continue
        values = {c: _clean(_text(form.get(prefix + c)), "text") for c in columns}
        if i >= count and not any(values.values()):
            continue  # an unused blank row
        row = copy.deepcopy(old_rows[i]) if i < len(old_rows) else {}
        if i >= len(old_rows):
            row["line"] = None
        row.update(values)
        row["target"] = parse_target(row.get("value")).model_dump(mode="json")
        rows.append(row)
    data["indicators"] = rows
    if kind == "unit":
        data["key_tasks"] = _key_tasks(form)
    return data


def _key_tasks(form: FormData) -> list[dict[str, Any]]:
    """The 年度重点任务 rows of a unit form (blank or deleted rows dropped)."""
    tasks = []
    count = int(str(form.get("kt-count") or "0") or 0)
    for i in range(count + NEW_ROWS):
        if form.get(f"kt-{i}-delete"):
            continue
        name = _clean(_text(form.get(f"kt-{i}-name")), "text")
        content = _clean(_text(form.get(f"kt-{i}-content")), "text")
        if name or content:
            tasks.append({"name": name or "", "content": content})
    return tasks


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


_PATH_PART = re.compile(r"([a-z_]+)(?:\[(\d+)\])?")
_LABELS = {spec.path: spec.label for spec in (*PROJECT_FIELDS, *UNIT_FIELDS)}
_COLUMN_LABELS = dict(UNIT_COLUMNS)


def path_label(path: str) -> str:
    """``indicators[3].value`` → ``第4行指标·指标值``; ``funding.total`` → its field label."""
    if path in _LABELS:
        return _LABELS[path]
    match = re.fullmatch(r"indicators\[(\d+)\](?:\.(\w+))?(?:\..*)?", path)
    if match:
        row = f"第{int(match.group(1)) + 1}行指标"
        column = match.group(2)
        return f"{row}·{_COLUMN_LABELS.get(column, column)}" if column else row
    match = re.fullmatch(r"key_tasks\[(\d+)\](?:\.(\w+))?", path)
    if match:
        return f"第{int(match.group(1)) + 1}项重点任务"
    return path
