"""What a check reads: a form with its indicator rows pre-keyed, and the corpus index.

Keys (NFKC, no whitespace) of names, values and labels are computed once per form, because
every rule compares them; the corpus index hashes sentences and rows once for all forms, so the
cross-form checks stay linear in the number of forms.
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
    """

    def row_at(self, line: int | None) -> int | None:
        """Index of the indicator row printed on ``line``, if any."""
        if self._by_line is None:
            self._by_line = {r.line: r.index for r in self.rows if r.line is not None}
        return self._by_line.get(line) if line is not None else None

    @classmethod
    def of(cls, form: Form, position: int = 1) -> FormView:
        rows = [
            Row(
                i,
                ind,
                _k(ind.level1),
                _k(ind.level2),
                _k(ind.name),
                _k(ind.value),
                ind.target,
                ind.line,
            )
            for i, ind in enumerate(form.indicators)
        ]
        return cls(form, position, rows)

    @property
    def project(self) -> ProjectForm | None:
        return self.form if isinstance(self.form, ProjectForm) else None

    @property
    def unit(self) -> UnitForm | None:
        return self.form if isinstance(self.form, UnitForm) else None

    def line_of(self, loc: tuple[str | int, ...]) -> int | None:
        """The source line a location points at (row line, field line, or the form start)."""
        form = self.form
        if loc and loc[0] == "indicators":
            if len(loc) >= 2 and isinstance(loc[1], int) and 0 <= loc[1] < len(form.indicators):
                return form.indicators[loc[1]].line
            return form.indicators[0].line if form.indicators else form.source.line_start
        if not loc:
            return form.source.line_start
        lines = form.lines
        dotted = ".".join(str(part) for part in loc) if len(loc) > 1 else str(loc[0])
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
