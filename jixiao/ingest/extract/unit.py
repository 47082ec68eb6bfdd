"""Read one unit-level form (单位整体支出绩效目标申报表) from its lines.

Sections, in print order: header fields (单位名称, 财政拨款方式, 单位职责, 年度履职目标), key
tasks (任务名称 ⇥ 主要内容), the budget block, staff numbers, and the indicator table with its
extra columns (指标性质, 方向, 计量单位, 指标解释, 评(扣)分标准). Indicator cells are read by role.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from jixiao.ingest import labels
from jixiao.ingest.document import Line, RawDocument
from jixiao.ingest.extract.common import (
    Notes,
    bracket_content,
    ends_at_footer,
    heading_of,
    is_year_line,
    read_amount,
)
from jixiao.ingest.extract.indicators import Cell, LevelState, is_header_row, label_role
from jixiao.ingest.segment import FormChunk
from jixiao.model.forms import Budget, KeyTask, ReadWarning, Source, UnitForm, UnitIndicator
from jixiao.model.targets import Target, parse_target

Section = Literal["header", "tasks", "budget", "staff", "indicators", "footer"]
INPUT_MANAGEMENT = "投入管理指标"
_UNIT_LIKE = re.compile(r"^[%‰]$|^[\u4e00-\u9fffA-Za-z/%]{1,6}$")
_INT = re.compile(r"^\d+$")


def numbered_items(text: str) -> list[str]:
    """Split '1.甲 2.乙 3.丙' into ['甲', '乙', '丙'] by sequential numbering; [] if unnumbered."""
    starts: list[tuple[int, int]] = []
    position = 0
    number = 1
    while True:
        match = re.compile(rf"(?<![\d.]){number}\s*[.、．]\s*(?!\d)").search(text, position)
        if match is None:
            break
        starts.append((match.start(), match.end()))
        position = match.end()
        number += 1
    if not starts or starts[0][0] != 0:
        return []
    items = []
    for i, (_, end) in enumerate(starts):
        stop = starts[i + 1][0] if i + 1 < len(starts) else len(text)
        items.append(text[end:stop].strip())
    return items


@dataclass(slots=True)
class _UnitReader:
    chunk: FormChunk
    notes: Notes = field(default_factory=Notes)
    fields: dict[str, str | None] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    section: Section = "header"
    task_rows: list[tuple[str | None, str | None, int]] = field(default_factory=list)
    budget_unit: str = "元"
    budget_raw: dict[str, tuple[str | None, int]] = field(default_factory=dict)
    staff_labels: list[str] = field(default_factory=list)
    staff: dict[str, int] = field(default_factory=dict)
    levels: LevelState = field(default_factory=LevelState)
    indicators: list[UnitIndicator] = field(default_factory=list)
    last_nature: str | None = None

    def feed(self, line: Line) -> None:
        if line.is_blank or line.is_rule or line is self.chunk.title or is_year_line(line):
            return
        first = next((k for k in line.keys if k), "")
        if is_header_row(line) and "一级指标" in line.keys:
            self.section = "indicators"
            return
        if first in labels.INDICATOR_BLOCK:
            self.section = "indicators"
            return
        if self.section == "footer":
            return
        if self.section == "indicators" and ends_at_footer(line, self.notes):
            self.section = "footer"
            return
        if self.section == "indicators":
            self.indicator_line(line)
            return
        if first in labels.UNIT_FIELDS:
            value = next((t for c, t in line.filled[1:]), None)
            name = labels.UNIT_FIELDS[first]
            if name not in self.fields:
                self.fields[name] = value
                self.lines[name] = line.number
            return
        if first == "年度重点任务" or first in labels.TASK_NAMES:
            self.section = "tasks"
            return
        if first in ("预算情况", "内容"):
            self.section = "budget"
            return
        if any(k in labels.STAFF or k in labels.ORGS for k in line.keys):
            self.staff_line(line)
            return
        if self.section == "staff":
            self.staff_values(line)
        elif self.section == "tasks":
            cells = [t for _, t in line.filled]
            self.task_rows.append(
                (cells[0] if cells else None, "".join(cells[1:]) or None, line.number)
            )
        elif self.section == "budget":
            self.budget_line(line)
        else:
            self.notes.add("unknown-line", f"无法识别的内容：{line.raw.strip()[:40]}", line.number)

    # -- budget and staff -----------------------------------------------------------------------
    def budget_line(self, line: Line) -> None:
        filled = line.filled
        if not filled:
            return
        label_key = line.keys[filled[0][0]]
        for pattern, name in labels.BUDGET_FIELDS:
            if pattern.search(re.sub(r"[(（][^()（）]*[)）]$", "", label_key)):
                if name == "total":
                    unit = bracket_content(filled[0][1])
                    if unit in ("元", "万元"):
                        self.budget_unit = unit
                value = filled[1][1] if len(filled) > 1 else None
                self.budget_raw.setdefault(name, (value, line.number))
                self.lines.setdefault(f"budget.{name}", line.number)
                return
        self.notes.add("unknown-line", f"预算情况中无法识别的行：{filled[0][1]}", line.number)

    def staff_line(self, line: Line) -> None:
        self.section = "staff"
        for col, _ in line.filled:
            k = line.keys[col]
            name = (
                "staff_count"
                if k in labels.STAFF
                else "internal_orgs"
                if k in labels.ORGS
                else None
            )
            if name is None:
                continue
            self.staff_labels.append(name)
            right = line.cells[col + 1] if col + 1 < len(line.cells) else None
            if right is not None and _INT.match(right):
                self.staff[name] = int(right)

    def staff_values(self, line: Line) -> None:
        numbers = [t for _, t in line.filled if _INT.match(t)]
        waiting = [n for n in self.staff_labels if n not in self.staff]
        for name, number in zip(waiting, numbers, strict=False):
            self.staff[name] = int(number)
        if numbers:
            self.notes.add(
                "value-on-next-line", "在职人数/内设机构数印在下一行，按顺序读取", line.number
            )
        self.section = "header"

    # -- indicators -----------------------------------------------------------------------------
    def indicator_line(self, line: Line) -> None:
        cells = [
            Cell(c, t, line.keys[c])
            for c, t in line.filled
            if line.keys[c] not in labels.INDICATOR_BLOCK
        ]
        row_labels = [c for c in cells if label_role(c.key) is not None]
        leading = []
        for cell in cells:
            if label_role(cell.key) is None:
                break
            leading.append(cell)
        self.levels.apply(leading, line.number, self.notes)
        rest = cells[len(leading) :]
        nature = next((c.text for c in rest if c.key in labels.NATURES), None)
        direction = next(
            (labels.DIRECTIONS[c.key] for c in rest if c.key in labels.DIRECTIONS), None
        )
        texts = [
            c.text for c in rest if c.key not in labels.NATURES and c.key not in labels.DIRECTIONS
        ]
        if not texts and not leading:
            return
        has_level2 = any(label_role(c.key) == "l2" for c in row_labels)
        if nature is None and not has_level2 and self.last_nature is not None and texts:
            nature = self.last_nature
            self.notes.add(
                "nature-inherited",
                f"指标性质为空，沿用上一行的“{nature}”（合并单元格）",
                line.number,
            )
        self.last_nature = nature
        self.indicators.append(self.make_indicator(texts, nature, direction, line.number))

    def make_indicator(
        self, texts: list[str], nature: str | None, direction: str | None, line: int
    ) -> UnitIndicator:
        name = value = unit = explanation = rule = None
        if self.levels.level1 == INPUT_MANAGEMENT:
            explanation = "".join(texts) or None
        else:
            remaining = list(texts)
            if remaining:
                name = remaining.pop(0)
            else:
                self.notes.add("name-missing", "指标行没有三级指标名称", line)
            if (
                remaining
                and not labels.SCORING_RULE.search(remaining[0])
                and not (labels.EXPLANATION.search(remaining[0]))
            ):
                value = remaining.pop(0)
            if (
                value is not None
                and remaining
                and _UNIT_LIKE.match(remaining[0])
                and (parse_target(value).kind == "quantitative")
            ):
                unit = remaining.pop(0)
            for text in remaining:
                if rule is None and labels.SCORING_RULE.search(text):
                    rule = text
                elif explanation is None:
                    explanation = text
                else:
                    self.notes.add("extra-cells", f"指标行有多余的单元格：{text}", line)
            if name is not None and value is None:
                self.notes.add("value-missing", f"三级指标“{name}”没有填写指标值", line)
        return UnitIndicator(
            level1=self.levels.level1,
            level2=self.levels.level2,
            name=name,
            value=value,
            nature=nature,
            direction=direction,
            unit=unit,
            explanation=explanation,
            scoring_rule=rule,
            target=_unit_target(direction, value, unit),
            line=line,
        )

    # -- key tasks ---------------------------------------------------------------------------------
    def key_tasks(self) -> list[KeyTask]:
        if not self.task_rows:
            return []
        names_text = "".join(n for n, _, _ in self.task_rows if n)
        contents_text = "".join(c for _, c, _ in self.task_rows if c)
        names = numbered_items(names_text)
        contents = numbered_items(contents_text)
        if not names:
            return [KeyTask(name=n, content=c) for n, c, _ in self.task_rows if n]
        if len(contents) != len(names):
            self.notes.add(
                "tasks-unpaired",
                f"任务名称{len(names)}项与主要内容{len(contents)}段数量不一致",
                self.task_rows[0][2],
            )
        tasks = []
        for i, task_name in enumerate(names):
            content = contents[i] if i < len(contents) else None
            if content is not None and content.startswith(task_name):
                content = content[len(task_name) :].strip() or None
            tasks.append(KeyTask(name=task_name, content=content))
        return tasks


def _unit_target(direction: str | None, value: str | None, unit: str | None) -> Target:
    parsed = parse_target(value)
    if parsed.kind != "quantitative":
        return parsed
    op = direction or parsed.op
    return Target(
        kind="quantitative",
        op=op,
        number=parsed.number,
        unit=unit or parsed.unit,
        note=parsed.note,
    )


def extract_unit(chunk: FormChunk, doc: RawDocument) -> UnitForm:
    """Read one unit form; never raises for bad data (problems become warnings)."""
    reader = _UnitReader(chunk)
    for line in chunk.lines:
        reader.feed(line)
    heading = heading_of(chunk)
    budget: dict[str, Decimal | None] = {
        name: read_amount(text, reader.budget_unit, line, reader.notes, name)
        for name, (text, line) in reader.budget_raw.items()
    }
    if "unit_name" not in reader.fields:
        reader.notes.add("field-missing", "未找到“单位名称”一栏", chunk.line_start)
    if not reader.indicators:
        reader.notes.add("form-truncated", "未找到绩效指标表，表单可能不完整", chunk.line_end)
    return UnitForm(
        source=Source(
            file=doc.name,
            form_index=chunk.index,
            line_start=chunk.line_start,
            line_end=chunk.line_end,
            sha256=doc.sha256,
        ),
        title=heading.title,
        year=heading.year,
        unit_name=reader.fields.get("unit_name"),
        appropriation_method=reader.fields.get("appropriation_method"),
        duties=reader.fields.get("duties"),
        annual_goal=reader.fields.get("annual_goal"),
        key_tasks=reader.key_tasks(),
        budget=Budget.model_validate(budget),
        staff_count=reader.staff.get("staff_count"),
        internal_orgs=reader.staff.get("internal_orgs"),
        indicators=reader.indicators,
        warnings=[ReadWarning.model_validate(item) for item in reader.notes.items],
        lines=reader.lines,
    )
