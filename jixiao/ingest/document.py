"""The one intermediate every reader produces: a RawDocument of lines of cells.

Readers (text today; xlsx/docx/pdf/html later) only turn bytes into lines of cells with their
provenance; only ``extract/`` knows what a 绩效目标表 looks like. Lines are produced lazily so a
10,000-form file is read in constant memory.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from jixiao.model.forms import ReadWarning
from jixiao.model.values import key, normalize_text

_TAG = re.compile(r"<[^<>]{0,200}>")
_CHECKED = re.compile(r"<input\b[^<>]*\bchecked\b[^<>]*>", re.I)
_UNCHECKED = re.compile(r"<input\b[^<>]*>", re.I)
_RULE = re.compile(r"^[\s|:\-—=+.·…_~*]*$")
_ENTITIES = {"&nbsp;": " ", "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"'}


def clean_cell(raw: str) -> str | None:
    """Markup off, checkboxes as ☑/☐, spacing normalised; blank → None."""
    if "<" in raw:
        raw = _CHECKED.sub(" ☑ ", raw)
        raw = _UNCHECKED.sub(" ☐ ", raw)
        raw = _TAG.sub("", raw)
    if "&" in raw:
        for entity, char in _ENTITIES.items():
            raw = raw.replace(entity, char)
    text = normalize_text(raw)
    if text is not None and text.startswith("#"):
        text = normalize_text(text.lstrip("#"))
    return text


@dataclass(slots=True)
class Line:
    """One printed line (or table row) split into cells; ``None`` is an empty cell."""

    number: int
    cells: tuple[str | None, ...]
    raw: str
    page: int | None = None
    keys: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        self.keys = tuple(key(c) for c in self.cells)

    @property
    def filled(self) -> list[tuple[int, str]]:
        """(column, text) of the non-empty cells, left to right."""
        return [(i, c) for i, c in enumerate(self.cells) if c is not None]

    @property
    def is_blank(self) -> bool:
        return all(c is None for c in self.cells)

    @property
    def is_rule(self) -> bool:
        """A table rule such as ``--⇥----`` or ``| --- | --- |``: layout, not content."""
        return not self.is_blank and all(c is None or _RULE.match(c) for c in self.cells)


def split_cells(text: str) -> list[str]:
    """Cells of a text line: tab-separated, or a markdown ``| a | b |`` row."""
    stripped = text.strip()
    if "\t" not in text and stripped.startswith("|") and stripped.endswith("|") and len(stripped) > 1:
        return stripped[1:-1].split("|")
    return text.split("\t")


def make_line(number: int, text: str, page: int | None = None) -> Line:
    return Line(number, tuple(clean_cell(c) for c in split_cells(text)), text, page)


@dataclass(slots=True)
class RawDocument:
    """A document as lines of cells, with the file's identity for provenance."""

    name: str
    sha256: str
    lines: Iterator[Line]
    format: str = "text"
    notes: list[str] = field(default_factory=list)
    warnings: list[ReadWarning] = field(default_factory=list)
    """Problems of the document itself (bad bytes, no form found), filled while reading."""
