"""What a check reads: a form with its indicator rows pre-keyed, and the corpus index.

Keys (NFKC, no whitespace) of names, values and labels are computed once per form, because
every rule compares them; the corpus index hashes sentences and rows once for all forms, so the
cross-form checks stay linear in the number of forms.

The views of one review share a dict (``FormView.shared``). In it, every distinct indicator row
content at a given position gets a small integer, ``Row.cell``: rows repeat across forms (the
same indicator names and values in a district's projects), so a rule module whose row check
depends on the row alone keeps the check's result per cell for the review, and looks it up by
that integer instead of hashing the row's cells again.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any

from jixiao.model.forms import Indicator, ProjectForm, UnitForm
from jixiao.model.targets import Target
from jixiao.model.values import key

Form = ProjectForm | UnitForm

# Labels, names and values repeat across forms: key each distinct text once.
_key = lru_cache(maxsize=65536)(key)


def _k(text: str | None) -> str:
    return _key(text) if text else ""


_CELLS = "jixiao.rules.view.cells"


def _extra_cells(ind: Indicator) -> tuple[Any, ...]:
    """The cells of a row type beyond :class:`Indicator`'s (the line excepted), by name."""
    return (type(ind), *(v for k, v in ind.__dict__.items() if k not in _INDICATOR_FIELDS))


_INDICATOR_FIELDS = frozenset(Indicator.model_fields)


@dataclass(slots=True)
class Row:
    """One indicator row with its comparison keys."""

    index: int
    indicator: Indicator
    level1: str
    level2: str
    name: str
    value: str
    target: Target
    line: int | None
    cell: int = -1
    """Equal for rows of equal content (kind of form, position, every cell but the line, the
    parsed target) in the views of one review; -1 when the row was not built by
    :meth:`FormView.of`. The target's number compares as a Decimal (100 = 100.00), like the
    rule modules' ``lru_cache`` keys: the printed value, also compared, tells them apart."""

    @property
    def raw_name(self) -> str | None:
        return self.indicator.name

    @property
    def raw_value(self) -> str | None:
        return self.indicator.value


@dataclass(slots=True)
class FormView:
    form: Form
    position: int = 1
    rows: list[Row] = field(default_factory=list)
    _by_line: dict[int, int] | None = None
    cache: dict[object, Any] = field(default_factory=dict)
    """Per-form results a rule module computes once and shares between its rules.

    A view lives for one review (one profile), so entries need no other key than the module's.
    The review clears it once every form rule has run on the form (cross-form rules do not read
    it), so that the results of 100,000 forms are not all held at once.
    """
    shared: dict[object, Any] = field(default_factory=dict)
    """Per-review results, shared by all the views of one review (keyed by module, like
    ``cache``): the row cells (see ``Row.cell``) and what modules keep per cell."""

    def row_at(self, line: int | None) -> int | None:
        """Index of the (first) indicator row printed on ``line``, if any."""
        by_line = self._by_line
        if by_line is None:
            by_line = self._by_line = {}
            for row in self.rows:
                if row.line is not None and row.line not in by_line:
                    by_line[row.line] = row.index
        return by_line.get(line) if line is not None else None

    @classmethod
    def of(
        cls, form: Form, position: int = 1, shared: dict[object, Any] | None = None
    ) -> FormView:
        """The view of ``form``; the views of one review pass the same ``shared`` dict."""
        if shared is None:
            shared = {}
        cells: dict[tuple[Any, ...], tuple[int, str, str, str, str]] | None = shared.get(_CELLS)
        if cells is None:
            cells = shared[_CELLS] = {}
        kind = form.kind
        rows: list[Row] = []
        for i, ind in enumerate(form.indicators):
            target = ind.target
            content: tuple[Any, ...] = (
                kind,
                i,
                ind.level1,
                ind.level2,
                ind.name,
                ind.value,
                target.kind,
                target.op,
                target.number,
                target.unit,
                target.note,
            )
            if type(ind) is not Indicator:  # a unit form's row: its extra columns count too
                content += _extra_cells(ind)
            cell = cells.get(content)
            if cell is None:
                cell = cells[content] = (
                    len(cells),
                    _k(ind.level1),
                    _k(ind.level2),
                    _k(ind.name),
                    _k(ind.value),
                )
            rows.append(Row(i, ind, cell[1], cell[2], cell[3], cell[4], target, ind.line, cell[0]))
        return cls(form, position, rows, shared=shared)

    @property
    def project(self) -> ProjectForm | None:
        return self.form if isinstance(self.form, ProjectForm) else None

    @property
    def unit(self) -> UnitForm | None:
        return self.form if isinstance(self.form, UnitForm) else None

    def line_of(self, loc: tuple[str | int, ...]) -> int | None:
        """The source line a location points at (row line, field line, or the form start)."""
        form = self.form
        if loc and loc[0] == "indicators":  # most findings: read the row (its line is the row's)
            rows = self.rows
            if len(loc) >= 2:
                index = loc[1]
                if isinstance(index, int) and 0 <= index < len(rows):
                    return rows[index].line
            return rows[0].line if rows else form.source.line_start
        if not loc:
            return form.source.line_start
        lines = form.lines
        dotted = ".".join(map(str, loc)) if len(loc) > 1 else str(loc[0])
        found = lines.get(dotted) or lines.get(str(loc[0]))
        if found is not None:
            return found
        prefix = dotted + "."
        nested = [line for name, line in lines.items() if name.startswith(prefix)]
        if nested:
            return min(nested)
        if loc[0] in ("overall_goal", "annual_goal", "overall_goal_period"):
            return lines.get("goal_header", form.source.line_start)
        return form.source.line_start

    def amount(self) -> Decimal | None:
        """The form's funding size in yuan: 项目资金总额, else 年度资金申请总额, else budget."""
        if isinstance(self.form, ProjectForm):
            funding = self.form.funding
            return funding.total if funding.total is not None else funding.annual_total
        return self.form.budget.total


@dataclass(slots=True)
class Corpus:
    """All forms under review, with hash indexes built once."""

    views: list[FormView]
    rows_by_name: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    sentences: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    tables: dict[int, list[int]] = field(default_factory=dict)

    @classmethod
    def of(cls, views: list[FormView]) -> Corpus:
        corpus = cls(views)
        by_name: defaultdict[str, list[tuple[int, int]]] = defaultdict(list)
        sentences: defaultdict[str, list[tuple[int, str]]] = defaultdict(list)
        tables: defaultdict[int, list[int]] = defaultdict(list)
        # Goal texts recur (one department's projects, copied goals): each distinct text is
        # normalised (NFKC) and split once for this corpus.
        split: dict[str, list[str]] = {}
        for pos, view in enumerate(views):
            for row in view.rows:
                if row.name:
                    by_name[row.name].append((pos, row.index))
            for which, text in goal_texts(view.form):
                parts = split.get(text)
                if parts is None:
                    parts = split[text] = split_sentences(text)
                for sentence in parts:
                    sentences[sentence].append((pos, which))
            signature = tuple((r.level2, r.name, r.value) for r in view.rows)
            if len(signature) >= 3:
                tables[hash(signature)].append(pos)
        corpus.rows_by_name = dict(by_name)
        corpus.sentences = dict(sentences)
        corpus.tables = dict(tables)
        return corpus


def goal_texts(form: Form) -> list[tuple[str, str]]:
    texts: list[tuple[str, str]] = []
    if isinstance(form, ProjectForm):
        if form.overall_goal:
            texts.append(("overall_goal", form.overall_goal))
        if form.annual_goal:
            texts.append(("annual_goal", form.annual_goal))
    elif form.annual_goal:
        texts.append(("annual_goal", form.annual_goal))
    return texts


_STOPS = re.compile(r"[。；;！!？?\n]")


def split_sentences(text: str, minimum: int = 12) -> list[str]:
    """Sentence keys of a goal text (long enough to be telling when shared)."""
    return [part for part in _STOPS.split(key(text)) if len(part) >= minimum]
