"""Split a document's lines into forms by their titles.

A form starts at its title (财政项目支出绩效目标申报表, 单位整体支出绩效目标申报表 …). Documents
glued together without titles are still split: a second 项目名称 inside one form starts the next.
Lines before the first form (a document heading such as "…绩效目标汇总表") belong to no form.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Literal

from jixiao.ingest import labels
from jixiao.ingest.document import Line

FormKind = Literal["project", "unit"]
_STARTS: dict[str, FormKind] = {"项目名称": "project", "单位名称": "unit", "部门名称": "unit"}


@dataclass(slots=True)
class FormChunk:
    """The lines of one form, in order, with what the segmenter learned about it."""

    kind: FormKind
    index: int
    lines: list[Line] = field(default_factory=list)
    title: Line | None = None

    @property
    def line_start(self) -> int:
        return self.lines[0].number

    @property
    def line_end(self) -> int:
        """The last non-blank line of the form."""
        for line in reversed(self.lines):
            if line.filled:
                return line.number
        return self.line_start


def title_kind(line: Line) -> FormKind | None:
    """The kind of form whose title this line is, or None."""
    if len(line.filled) != 1:
        return None
    text = line.keys[line.filled[0][0]].lstrip("#")
    if len(text) > 60 or not labels.TITLE.search(text):
        return None
    if any(marker in text for marker in labels.NOT_A_FORM_MARKERS):
        return None
    if any(marker in text for marker in labels.UNIT_TITLE_MARKERS):
        return "unit"
    return "project" if "项目" in text else None


def _start_label(line: Line) -> FormKind | None:
    if not line.filled:
        return None
    return _STARTS.get(line.keys[line.filled[0][0]])


def segment(lines: Iterable[Line]) -> Iterator[FormChunk]:
    """Yield one FormChunk per form, lazily."""
    current: FormChunk | None = None
    seen_start = False
    index = 0
    for line in lines:
        kind = title_kind(line)
        start = _start_label(line) if kind is None else None
        if kind is not None or (start is not None and (current is None or seen_start)):
            if current is not None:
                yield current
            index += 1
            current = FormChunk(
                kind=kind or start or "project", index=index, title=line if kind else None
            )
            seen_start = start is not None
            current.lines.append(line)
            continue
        if current is None:
            continue
        if start is not None:
            seen_start = True
        current.lines.append(line)
    if current is not None:
        yield current
