"""Indicator rows by cell role: level-1 label, level-2 label, name, value.

Columns shift in real documents (a value printed one column early, a level-1 label in the
level-2 column, a merged cell's text printed on a lower row), so a row is read by what each cell
*is*. The level inheritance rules are documented in ``docs/reading.md`` ("Indicator rows").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from jixiao.ingest import labels
from jixiao.ingest.document import Line
from jixiao.ingest.extract.common import Notes
from jixiao.model.targets import _DATEISH, parse_target
from jixiao.model.values import key

Role = Literal["l1", "l2", "cost"]


@lru_cache(maxsize=4096)
def label_role(k: str) -> Role | None:
    """The role of a cell that is a level label, by its key; None for anything else."""
    if k == labels.AMBIGUOUS_COST:
        return "cost"
    if k in labels.LEVEL1:
        return "l1"
    if k in labels.LEVEL2_PARENT:
        return "l2"
    return None


def is_header_row(line: Line) -> bool:
    """The table header (一级指标 ⇥ 二级指标 …), also when repeated after a page break."""
    if labels.HEADER_CELLS.isdisjoint(line.keys):
        return False
    return sum(1 for k in line.keys if k in labels.HEADER_CELLS) >= 2


@lru_cache(maxsize=4096)
def looks_like_value(text: str) -> bool:
    """A lone cell that reads as an indicator value rather than a name."""
    k = key(text)
    if k in labels.VALUE_WORDS or _DATEISH.search(k):
        return True
    return parse_target(text).kind == "quantitative" and not k[:1].isalpha()


@dataclass(slots=True)
class Cell:
    col: int
    text: str
    key: str


@dataclass(slots=True)
class LevelState:
    """Level-1/level-2 context carried from row to row (merged cells in the print)."""

    level1: str | None = None
    level2: str | None = None

    def apply(self, labels_in_row: list[Cell], line: int, notes: Notes) -> None:
        """Update the context from the labels printed in one row."""
        if not labels_in_row:
            return
        roles = [label_role(c.key) for c in labels_in_row]
        if len(labels_in_row) >= 2:
            first, second = labels_in_row[0], labels_in_row[1]
            if roles[0] == "l2" and roles[1] in ("l1", "cost"):
                first, second = second, first
            self.level1, self.level2 = first.text, second.text
            if len(labels_in_row) > 2:
                extra = "、".join(c.key for c in labels_in_row[2:])
                notes.add("extra-cells", f"一行中出现多余的指标层级标签：{extra}", line)
            return
        only = labels_in_row[0]
        role = roles[0]
        if role == "cost":
            role = "l2" if self.level1 == "产出指标" else "l1"
        if role == "l1":
            if only.text != self.level1:
                self.level2 = None
            self.level1 = only.text
            return
        parent = labels.LEVEL2_PARENT.get(only.key)
        if parent is not None and parent != self.level1:
            notes.add(
                "level1-inferred",
                f"二级指标“{only.key}”未印一级指标，按其所属一级指标补为“{parent}”"
                f"（原承接“{self.level1 or '无'}”）",
                line,
            )
            self.level1 = parent
        self.level2 = only.text


@dataclass(slots=True)
class RowCells:
    labels: list[Cell] = field(default_factory=list)
    rest: list[Cell] = field(default_factory=list)


def split_row(line: Line) -> RowCells:
    """Separate the level labels (leading) from the remaining cells of a row."""
    keys = line.keys
    block = labels.INDICATOR_BLOCK
    cells = [Cell(i, t, keys[i]) for i, t in line.filled if keys[i] not in block]
    row = RowCells()
    index = 0
    while index < len(cells):
        cell = cells[index]
        after = len(cells) - index - 1
        if label_role(cell.key) is not None or (
            labels.UNKNOWN_LABEL.match(cell.key) and after >= 2
        ):
            row.labels.append(cell)
            index += 1
            continue
        break
    row.rest = cells[index:]
    return row
