"""The one intermediate every reader produces: a RawDocument of lines of cells.

Readers (text today; xlsx/docx/pdf/html later) only turn bytes into lines of cells with their
provenance; only ``extract/`` knows what a 绩效目标表 looks like. Lines are produced lazily so a
10,000-form file is read in constant memory.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from jixiao.model.forms import ReadWarning
from jixiao.model.values import key, normalize_text

_TAG = re.compile(r"<[^<>]{0,200}>")
_CHECKED = re.compile(r"<input\b[^<>]*\bchecked\b[^<>]*>", re.I)
_UNCHECKED = re.compile(r"<input\b[^<>]*>", re.I)
_RULE = re.compile(r"^[\s|:\-—=+.·…_~*]*$")
_ENTITIES = {"&nbsp;": " ", "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"'}


def clean_cell(raw: str) -> str | None:
    """Markup off, checkboxes as ☑/☐, spacing normalised; blank → None."""
    if not raw or raw.isspace():
        return None
    return _cell(raw)[0]


def _cell_uncached(raw: str) -> tuple[str | None, str]:
    if not raw or raw.isspace():
        return None, ""
    text = _clean(raw)
    return text, key(text)


# Labels, amounts and values repeat in every form: clean and key each distinct cell once.
# The cache is bounded, so a long one-off cell (a goal text) only costs its slot.
_cell_cached = lru_cache(maxsize=16384)(_cell_uncached)
_cell = _cell_cached
_EMPTY: tuple[str | None, str] = (None, "")


def _clean(raw: str) -> str | None:
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


_RULE_START = frozenset("-|=.·…_~*:—+")


class Line:
    """One printed line (or table row) split into cells; ``None`` is an empty cell.

    ``keys`` are the comparison keys of the cells ('' for empty ones) and ``filled`` the
    (column, text) pairs of the non-empty cells, both computed once: every extractor step
    looks at them, and a large file has hundreds of thousands of lines.
    """

    __slots__ = ("cells", "filled", "keys", "number", "page", "raw")
    cells: tuple[str | None, ...]
    keys: tuple[str, ...]
    filled: tuple[tuple[int, str], ...]

    def __init__(
        self, number: int, raw_cells: list[str], raw: str, page: int | None = None
    ) -> None:
        self.number = number
        self.raw = raw
        self.page = page
        pairs = [_cell_cached(c) if c else _EMPTY for c in raw_cells]
        self.cells, self.keys = zip(*pairs, strict=True) if pairs else ((), ())
        self.filled = tuple([(col, p[0]) for col, p in enumerate(pairs) if p[0] is not None])

    def __repr__(self) -> str:
        return f"Line({self.number}, {self.cells!r})"

    @property
    def is_blank(self) -> bool:
        return not self.filled

    @property
    def is_rule(self) -> bool:
        """A table rule such as ``--⇥----`` or ``| --- | --- |``: layout, not content."""
        if not self.filled or self.filled[0][1][0] not in _RULE_START:
            return False
        return all(_RULE.match(c) for _, c in self.filled)


def split_cells(text: str) -> list[str]:
    """Cells of a text line: tab-separated, or a markdown ``| a | b |`` row."""
    if "\t" in text or "|" not in text:
        return text.split("\t")
    stripped = text.strip()
    if len(stripped) > 1 and stripped[0] == "|" and stripped[-1] == "|":
        return stripped[1:-1].split("|")
    return [text]


def make_line(number: int, text: str, page: int | None = None) -> Line:
    """A line from its printed text; readers of cell-based formats pass the cells directly."""
    return Line(number, split_cells(text), text, page)


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
