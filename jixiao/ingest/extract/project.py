"""Read one project form (财政项目支出绩效目标申报表) from its lines.

Fields are read by their labels, never by column; the funding block, the goals and the
indicator table are sections recognised by their header labels. Every repair is recorded as a
warning with the source line; a form cut off halfway still yields what was read.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Literal

from jixiao.ingest import labels
from jixiao.ingest.document import Line, RawDocument
from jixiao.ingest.extract.common import (
    Notes,
    bracket_content,
    checked_label,
    ends_at_footer,
    has_checkbox,
    heading_of,
    is_amount,
    is_year_line,
    next_value,
    read_amount,
    strip_prefix,
)
from jixiao.ingest.extract.indicators import (
    Cell,
    LevelState,
    is_header_row,
    label_role,
    looks_like_value,
    split_row,
)
from jixiao.ingest.segment import FormChunk
from jixiao.model.forms import Funding, ProjectForm
from jixiao.model.targets import parse_target
from jixiao.model.values import parse_date

Section = Literal["header", "funding", "goals", "indicators", "footer"]
_REQUIRED = ("project_name", "department", "implementing_unit", "start_date", "end_date")


FUNDING_LABELS = {
    "total": "项目资金总额",
    "fiscal": "财政资金",
    "other": "其他资金",
    "annual_total": "年度资金申请总额",
    "annual_appropriation": "当年财政拨款",
    "carryover": "上年结转资金",
    "annual_other": "其他资金（年度）",
}


_TABLE_START = frozenset({"一级指标", "二级指标"})
LabelKind = Literal["unit", "field", "funding", "goal", "goal-block"]


@lru_cache(maxsize=4096)
def classify_label(k: str) -> tuple[LabelKind, str] | None:
    """What a header/funding/goal label means: (kind, field), or None for a non-label.

    Memoised: the same few dozen labels are looked up on every line of every form.
    """
    unit_match = labels.FUNDING_BLOCK.match(k)
    if unit_match:
        return "unit", unit_match.group(1) or ""
    if k in labels.PROJECT_FIELDS:
        return "field", labels.PROJECT_FIELDS[k]
    bare = strip_prefix(k)
    if bare == labels.OTHER_FUNDS:
        return "funding", "other?"
    if bare in labels.FUNDING_FIELDS:
        return "funding", labels.FUNDING_FIELDS[bare]
    if k.startswith(labels.OVERALL_GOAL):
        return "goal", "overall"
    if k.startswith(labels.ANNUAL_GOAL):
        return "goal", "annual"
    if k in labels.GOAL_BLOCK:
        return "goal-block", ""
    return None


def is_label(k: str) -> bool:
    """Any label of the header, funding or goal blocks (so it is never read as a value)."""
    return classify_label(k) is not None


@dataclass(slots=True)
class _Placement:
    """Columns one indicator row printed its labels, name and value in."""

    line: int
    labels: list[Cell]
    rest: list[Cell]
    segment: int


def _mode(columns: Iterable[int], prefer: int | None) -> int | None:
    """The column most rows use; on a tie the header's column, else the leftmost."""
    counts = Counter(columns)
    if not counts:
        return None
    best = max(counts.values())
    tied = [col for col, n in counts.items() if n == best]
    return prefer if prefer in tied else min(tied)


def _label_kind(cell: Cell) -> str:
    role = label_role(cell.key)
    return "l1" if role == "l1" else "l2"  # unknown labels such as 双星指标 stand as level 2


@dataclass(slots=True)
class _Pending:
    """A funding label whose cell was blank: an orphan number below may belong to it."""

    field: str
    col: int
    line: int


@dataclass(slots=True)
class _Reader:
    chunk: FormChunk
    notes: Notes = field(default_factory=Notes)
    values: dict[str, tuple[str | None, int]] = field(default_factory=dict)
    funding_unit: Literal["元", "万元"] | None = None
    funding_raw: dict[str, tuple[str | None, int]] = field(default_factory=dict)
    funding_cols: dict[str, int] = field(default_factory=dict)
    pending: list[_Pending] = field(default_factory=list)
    goal_cols: dict[str, int] = field(default_factory=dict)
    goals: dict[str, list[str]] = field(default_factory=lambda: {"overall": [], "annual": []})
    goal_lines: dict[str, int] = field(default_factory=dict)
    period: str | None = None
    section: Section = "header"
    levels: LevelState = field(default_factory=LevelState)
    header_cols: dict[str, int] = field(default_factory=dict)
    indicators: list[dict[str, object]] = field(default_factory=list)
    placements: list[_Placement] = field(default_factory=list)
    segment: int = 0

    # -- header and funding -------------------------------------------------------------
    def header_line(self, line: Line, found_labels: list[tuple[int, LabelKind, str]]) -> None:
        for col, kind, name in found_labels:
            if kind == "unit":
                self.section = "funding"
                if name == "元":
                    self.funding_unit = "元"
                elif name == "万元":
                    self.funding_unit = "万元"
            elif kind == "field":
                found = next_value(line, col, is_label)
                if name not in self.values or self.values[name][0] is None:
                    self.values[name] = (found[1] if found else None, line.number)
            elif kind == "funding":
                self.section = "funding"
                self.funding_label(line, col, name)
        if self.section == "funding" and not found_labels:
            self.orphan_amounts(line)

    def funding_label(self, line: Line, col: int, funding: str) -> None:
        if funding == "other?":
            funding = self.place_other(line, col)
        found = next_value(line, col, is_label)
        if funding in self.funding_raw and self.funding_raw[funding][0] is not None:
            return
        self.funding_cols.setdefault(funding, col)
        if found is None:
            self.funding_raw[funding] = (None, line.number)
            self.pending.append(_Pending(funding, col, line.number))
        else:
            self.funding_raw[funding] = (found[1], line.number)

    def place_other(self, line: Line, col: int) -> str:
        """其他资金 appears twice: left is the project's, right the year's."""
        others = [
            c for c, _ in line.filled if classify_label(line.keys[c]) == ("funding", "other?")
        ]
        if len(others) >= 2:
            return "other" if col == others[0] else "annual_other"
        left = self.funding_cols.get("total", self.funding_cols.get("fiscal"))
        right = self.funding_cols.get("annual_total", self.funding_cols.get("annual_appropriation"))
        if left is None or right is None:
            return "other" if "other" not in self.funding_raw else "annual_other"
        return "other" if abs(col - left) <= abs(col - right) else "annual_other"

    def orphan_amounts(self, line: Line) -> None:
        """A number alone on a funding line belongs to the nearest blank label above it."""
        for col, text in line.filled:
            if not is_amount(text) or not self.pending:
                continue
            best = min(self.pending, key=lambda p: (abs(p.col - col), -p.line))
            self.pending.remove(best)
            self.funding_raw[best.field] = (text, line.number)
            self.notes.add(
                "value-on-next-line",
                f"金额“{text}”单独印在下一行，归入上方空白的“{FUNDING_LABELS[best.field]}”栏",
                line.number,
            )

    # -- goals ----------------------------------------------------------------------------
    def goal_header(self, line: Line, found_labels: list[tuple[int, LabelKind, str]]) -> bool:
        found = False
        for col, kind, which in found_labels:
            if kind != "goal":
                continue
            found = True
            self.goal_cols[which] = col
            self.goal_lines.setdefault("goal_header", line.number)
            if which == "overall":
                self.period = bracket_content(line.cells[col] or "")
        return found

    def goal_line(self, line: Line) -> None:
        texts = [(c, t) for c, t in line.filled if line.keys[c] not in labels.GOAL_BLOCK]
        if len(texts) == 2:
            placed = [("overall", texts[0][1]), ("annual", texts[1][1])]
        else:
            placed = [(self.goal_for_column(c, line.number), t) for c, t in texts]
        for which, text in placed:
            if self.goals[which]:
                name = "项目总目标" if which == "overall" else "年度目标"
                self.notes.add("cell-split", f"{name}跨行印刷，已与上一行连接", line.number)
            self.goals[which].append(text)
            self.goal_lines.setdefault(f"{which}_goal", line.number)

    def goal_for_column(self, col: int, line: int) -> str:
        placed = [(c, w) for w, c in self.goal_cols.items() if c <= col]
        if placed:
            return max(placed)[1]
        self.notes.add("goal-unplaced", "目标文字不在任何目标栏下，按项目总目标读取", line)
        return "overall"

    # -- indicators -------------------------------------------------------------------------
    def indicator_header(self, line: Line) -> None:
        for col, k in enumerate(line.keys):
            if k in ("一级指标", "二级指标", "三级指标"):
                self.header_cols.setdefault(k, col)
            elif labels.HEADER_VALUE.match(k):
                self.header_cols.setdefault("指标值", col)

    def indicator_line(self, line: Line) -> None:
        if is_header_row(line):
            self.indicator_header(line)
            return
        row = split_row(line)
        if not row.rest:
            if row.labels:
                text = "、".join(c.text for c in row.labels)
                self.notes.add(
                    "label-line", f"“{text}”单独成行（合并单元格），作为后续行的层级", line.number
                )
            self.levels.apply(row.labels, line.number, self.notes)
            return
        self.levels.apply(row.labels, line.number, self.notes)
        name, value = self.name_and_value(row.rest, line.number)
        if self.levels.level1 is None:
            self.notes.add("level1-missing", "指标行之前没有一级指标", line.number)
        self.indicators.append(
            {
                "level1": self.levels.level1,
                "level2": self.levels.level2,
                "name": name,
                "value": value,
                "target": parse_target(value),
                "line": line.number,
            }
        )
        self.check_columns(row.labels, row.rest, line.number)

    def name_and_value(self, rest: list[Cell], line: int) -> tuple[str | None, str | None]:
        texts = [c.text for c in rest]
        if len(texts) == 1:
            if looks_like_value(texts[0]):
                self.notes.add("name-missing", f"指标值“{texts[0]}”没有对应的三级指标名称", line)
                return None, texts[0]
            self.notes.add("value-missing", f"三级指标“{texts[0]}”没有填写指标值", line)
            return texts[0], None
        if len(texts) > 2:
            self.notes.add("extra-cells", f"指标行有多余的单元格：{'｜'.join(texts)}", line)
        return texts[0], texts[-1]

    def check_columns(self, row_labels: list[Cell], rest: list[Cell], line: int) -> None:
        """Remember where this row printed its cells; judged against the table in ``finish``."""
        self.placements.append(_Placement(line, row_labels, rest, self.segment))

    def finish(self) -> None:
        """Record the repairs: cells standing elsewhere than the other rows of their page.

        Each page of the table (a blank line marks the break) is judged against its own rows,
        with the header's column deciding ties: a header printed one column off would otherwise
        blame every row, and a page printed with one column fewer would blame the page before.
        """
        for segment in sorted({p.segment for p in self.placements}):
            self.judge([p for p in self.placements if p.segment == segment])

    def judge(self, rows: list[_Placement]) -> None:
        header = self.header_cols
        l1 = _mode(
            (c.col for p in rows for c in p.labels if _label_kind(c) == "l1"),
            header.get("一级指标"),
        )
        l2 = _mode(
            (c.col for p in rows for c in p.labels if _label_kind(c) == "l2"),
            header.get("二级指标"),
        )
        full = [p for p in rows if len(p.rest) >= 2]
        name_col = _mode((p.rest[0].col for p in full), header.get("三级指标"))
        value_col = _mode((p.rest[-1].col for p in full), header.get("指标值"))
        for placement in rows:
            for cell in placement.labels:
                expected = l1 if _label_kind(cell) == "l1" else l2
                if expected is not None and cell.col != expected:
                    self.notes.add(
                        "label-moved",
                        f"“{cell.text}”印在第{cell.col + 1}列，按其含义归位",
                        placement.line,
                    )
            if len(placement.rest) < 2:
                continue
            name, value = placement.rest[0], placement.rest[-1]
            if value_col is not None and value.col != value_col:
                self.notes.add(
                    "shifted-row",
                    f"指标值“{value.text}”未印在本表的指标值列，按内容识别",
                    placement.line,
                )
            elif name_col is not None and name.col != name_col:
                self.notes.add(
                    "shifted-row",
                    f"三级指标“{name.text}”未印在本表的三级指标列，按内容识别",
                    placement.line,
                )

    # -- the whole form ---------------------------------------------------------------------
    def feed(self, line: Line) -> None:
        if not line.filled:
            if self.section == "indicators":
                self.segment += 1  # a blank line in the table is a page break
            return
        if line is self.chunk.title or is_year_line(line) or line.is_rule:
            return
        if self.section == "footer":
            return
        if self.section == "indicators" and ends_at_footer(line, self.notes):
            self.section = "footer"
            return
        if self.section != "indicators" and not _TABLE_START.isdisjoint(line.keys):
            self.section = "indicators"
            self.indicator_header(line)
            return
        if self.section == "indicators":
            self.indicator_line(line)
            return
        found_labels = []
        for col, _ in line.filled:
            label = classify_label(line.keys[col])
            if label is not None:
                found_labels.append((col, *label))
        if self.section != "goals" and self.goal_header(line, found_labels):
            self.section = "goals"
        elif self.section == "goals":
            self.goal_line(line)
        else:
            self.header_line(line, found_labels)


def _join(parts: list[str]) -> str | None:
    return "".join(parts) or None


def _build_funding(reader: _Reader) -> Funding:
    unit = reader.funding_unit or "元"
    amounts: dict[str, Decimal | None] = {}
    for name, (text, line) in reader.funding_raw.items():
        amounts[name] = read_amount(text, unit, line, reader.notes, FUNDING_LABELS[name])
    return Funding.model_validate(amounts)


def extract_project(chunk: FormChunk, doc: RawDocument) -> ProjectForm:
    """Read one project form; never raises for bad data (problems become warnings)."""
    reader = _Reader(chunk)
    for line in chunk.lines:
        reader.feed(line)
    reader.finish()
    heading = heading_of(chunk)
    notes = reader.notes
    values: dict[str, object] = {}
    for name, (text, line_no) in reader.values.items():
        if name in ("start_date", "end_date"):
            parsed = parse_date(text)
            if text is not None and parsed is None:
                notes.add("date-unreadable", f"日期无法识别：{text}", line_no)
            values[name] = parsed
        elif name == "category" and text is not None and has_checkbox(text):
            values[name] = checked_label(text, line_no, notes)
        else:
            values[name] = text
    for name in _REQUIRED:
        if name not in reader.values:
            notes.add("field-missing", f"未找到“{_label_of(name)}”一栏", chunk.line_start)
    if reader.funding_unit is None and reader.funding_raw:
        notes.add("funding-unit-missing", "项目资金未注明单位，按元读取", chunk.line_start)
    if reader.section not in ("indicators", "footer"):
        notes.add("form-truncated", "未找到绩效指标表，表单可能不完整", chunk.line_end)
    funding = _build_funding(reader)
    line_end = chunk.line_end
    lines = {name: line for name, (_, line) in reader.values.items()}
    lines.update({f"funding.{name}": line for name, (_, line) in reader.funding_raw.items()})
    lines.update(reader.goal_lines)
    if chunk.title is not None:
        lines["title"] = chunk.title.number
    if heading.year_line is not None:
        lines["year"] = heading.year_line
    # One validation of the whole record (rows and warnings included) by the contract model.
    return ProjectForm.model_validate(
        {
            "source": {
                "file": doc.name,
                "form_index": chunk.index,
                "line_start": chunk.line_start,
                "line_end": line_end,
                "sha256": doc.sha256,
            },
            "title": heading.title,
            "year": heading.year,
            "funding_unit": reader.funding_unit,
            "funding": funding,
            "overall_goal_period": reader.period,
            "overall_goal": _join(reader.goals["overall"]),
            "annual_goal": _join(reader.goals["annual"]),
            "indicators": reader.indicators,
            "warnings": notes.items,
            "lines": lines,
            **values,
        }
    )


def _label_of(name: str) -> str:
    return next(label for label, field_name in labels.PROJECT_FIELDS.items() if field_name == name)


__all__ = ["extract_project", "is_label"]
