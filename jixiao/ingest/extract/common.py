"""Pieces shared by the project and unit extractors: warnings, amounts, checkboxes, titles."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from jixiao.ingest import labels
from jixiao.ingest.document import Line
from jixiao.ingest.segment import FormChunk
from jixiao.model.values import AmountError, key, parse_amount, parse_year

_BOX = "☐☑■□✓√✔"
_CHECKED = frozenset("☑■✓√✔")
_BOX_PAIR = re.compile(rf"([^{_BOX}]+?)\s*([{_BOX}])")
_PAIR_BOX_FIRST = re.compile(rf"([{_BOX}])\s*([^{_BOX}]+)")


@dataclass(slots=True)
class Notes:
    """Collects the reader's repairs as contract warnings, each with its line.

    Kept as plain dicts: the form is validated once, with its rows and warnings, when built.
    """

    items: list[dict[str, object]] = field(default_factory=list)

    def add(self, code: str, message: str, line: int | None) -> None:
        self.items.append({"code": code, "message": message, "line": line})


def has_checkbox(text: str) -> bool:
    return any(ch in _BOX for ch in text)


def checked_label(text: str, line: int, notes: Notes) -> str | None:
    """The label of the checked box on a checkbox row ('专项资金☐经常性项目☑…' → '经常性项目')."""
    stripped = text.strip()
    if stripped and stripped[0] in _BOX:
        pairs = [(label.strip(), box) for box, label in _PAIR_BOX_FIRST.findall(stripped)]
    else:
        pairs = [(label.strip(), box) for label, box in _BOX_PAIR.findall(stripped)]
    chosen = [label for label, box in pairs if box in _CHECKED and label]
    if len(chosen) == 1:
        return str(chosen[0])
    if not chosen:
        notes.add("checkbox-unchecked", f"复选框均未勾选：{text}", line)
        return None
    notes.add("checkbox-multiple", f"勾选了多个选项：{'、'.join(chosen)}", line)
    return "、".join(chosen)


def read_amount(text: str | None, unit: str, line: int, notes: Notes, what: str) -> Decimal | None:
    """An amount cell in yuan; unreadable text is a warning and None, never an exception."""
    try:
        value, rounded = parse_amount(text, unit)
    except AmountError:
        notes.add("amount-unreadable", f"{what}无法识别为金额：{text}", line)
        return None
    if rounded:
        notes.add("amount-rounded", f"{what}“{text}”{unit}折算为元时精确到分", line)
    return value


def is_amount(text: str) -> bool:
    try:
        value, _ = parse_amount(text)
    except AmountError:
        return False
    return value is not None


@dataclass(slots=True)
class Heading:
    title: str | None = None
    year: int | None = None
    year_line: int | None = None


def is_year_line(line: Line) -> bool:
    if len(line.filled) != 1:
        return False
    return bool(labels.YEAR_LINE.match(line.keys[line.filled[0][0]]))


def is_footer(line: Line) -> bool:
    """A sign-off line under the table (填报人, 联系电话, 单位盖章 …): the form's content ends."""
    if not line.filled:
        return False
    return bool(labels.FORM_FOOTER.match(line.keys[line.filled[0][0]]))


def ends_at_footer(line: Line, notes: Notes) -> bool:
    """True (and a ``form-footer`` note) when ``line`` signs the form off."""
    if not is_footer(line):
        return False
    text = " ".join(text for _, text in line.filled)
    notes.add("form-footer", f"表尾签署行“{text}”，不作为指标", line.number)
    return True


def heading_of(chunk: FormChunk) -> Heading:
    """Title as printed (normalised, without '#') and the year of the '(2023年度)' line."""
    heading = Heading()
    if chunk.title is not None:
        heading.title = next((c for c in chunk.title.cells if c), None)
        heading.year = parse_year(heading.title) if heading.title else None
        heading.year_line = chunk.title.number if heading.year is not None else None
    for line in chunk.lines[:8]:
        if is_year_line(line):
            heading.year = parse_year(next(k for k in line.keys if k))
            heading.year_line = line.number
            break
    return heading


def next_value(
    line: Line, position: int, is_label: Callable[[str], bool]
) -> tuple[int, str] | None:
    """The next filled cell right of ``position`` on the line, unless a label comes first."""
    for col in range(position + 1, len(line.cells)):
        text = line.cells[col]
        if text is None:
            continue
        if is_label(line.keys[col]):
            return None
        return col, text
    return None


def strip_prefix(k: str) -> str:
    """'其中:财政资金' → '财政资金'."""
    for prefix in ("其中:", "其中"):
        if k.startswith(prefix):
            return k[len(prefix) :]
    return k


def bracket_content(text: str) -> str | None:
    match = re.search(r"[(（]([^()（）]*)[)）]", text)
    return key(match.group(1)) or None if match else None
