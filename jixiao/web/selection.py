"""汇总表 rows for any list selection (the list page's "export" button).

``jixiao.store.queries.summary_rows`` filters by department/unit/year only; the list page
filters by much more (grade, rule code, status, search). This builds the same rows for the
ids of the full filter, reusing the store's row type and level-1 column mapping.
"""

from __future__ import annotations

from collections import Counter

from sqlalchemy import func, select
from sqlalchemy.orm import Session, defer

from jixiao.store.access import Scope
from jixiao.store.queries import (
    LEVEL1_COLUMNS,
    FormFilter,
    SummaryRow,
    filtered_ids,
    level1_column,
)
from jixiao.store.tables import Form, Indicator

CHUNK = 900  # below SQLite's bound-parameter limit


def selection_rows(session: Session, scope: Scope, flt: FormFilter) -> list[SummaryRow]:
    ids = filtered_ids(session, scope, flt)
    forms: dict[int, Form] = {}
    counts: dict[int, Counter[str]] = {i: Counter() for i in ids}
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        for form in session.scalars(
            select(Form)
            .where(Form.id.in_(chunk))
            .options(defer(Form.data), defer(Form.search_text))
        ):
            forms[form.id] = form
        for form_id, level1, count in session.execute(
            select(Indicator.form_id, Indicator.level1, func.count())
            .where(Indicator.form_id.in_(chunk))
            .group_by(Indicator.form_id, Indicator.level1)
        ):
            counts[form_id][level1_column(level1)] += count
    rows = []
    for form_id in ids:
        form = forms[form_id]
        rows.append(
            SummaryRow(
                form_id=form.id,
                name=form.name,
                department=form.department,
                unit=form.unit,
                nature=form.nature,
                year=form.year,
                total=form.total,
                fiscal=form.fiscal,
                indicators={name: counts[form_id].get(name, 0) for name in LEVEL1_COLUMNS},
                grade=form.grade,
                score=form.score,
                errors=form.error_count,
                warnings=form.warning_count,
                infos=form.info_count,
                status=form.status,
            )
        )
    return rows
