"""Forms as JSON (the contract, ``FormList``) and CSV (one row per form, one per indicator).

CSV is for spreadsheets and scripts. It is written UTF-8 with BOM so Excel shows Chinese
correctly, and a cell starting with ``= + - @`` gets a leading apostrophe: targets such as
``=100(%)`` would otherwise run as formulas when the file is opened (CSV injection).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from pathlib import Path

from jixiao.export.atomic import atomic_path
from jixiao.model.forms import FormList, ProjectForm, UnitForm

FORM_COLUMNS = (
    "file", "form_index", "kind", "title", "year", "name", "department", "implementing_unit",
    "nature", "category", "start_date", "end_date", "funding_unit", "total", "fiscal", "other",
    "annual_total", "annual_appropriation", "carryover", "annual_other", "indicators", "warnings",
)
INDICATOR_COLUMNS = (
    "file", "form_index", "name_of_form", "line", "level1", "level2", "name", "value",
    "target_kind", "target_op", "target_number", "target_unit",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe(value: object) -> str:
    """A CSV cell that a spreadsheet will show, never execute."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def write_json(forms: Sequence[ProjectForm | UnitForm], path: Path) -> Path:
    data = FormList(list(forms)).model_dump(mode="json")
    with atomic_path(path) as tmp:
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", "utf-8")
    return path


def _form_row(form: ProjectForm | UnitForm) -> list[object]:
    if isinstance(form, UnitForm):
        b = form.budget
        return [
            form.source.file, form.source.form_index, form.kind, form.title, form.year,
            form.unit_name, None, None, None, None, None, None, "元", b.total, b.fiscal, b.other,
            None, None, None, None, len(form.indicators), len(form.warnings),
        ]
    f = form.funding
    return [
        form.source.file, form.source.form_index, form.kind, form.title, form.year,
        form.project_name, form.department, form.implementing_unit, form.nature, form.category,
        form.start_date, form.end_date, form.funding_unit, f.total, f.fiscal, f.other,
        f.annual_total, f.annual_appropriation, f.carryover, f.annual_other,
        len(form.indicators), len(form.warnings),
    ]


def write_csv(forms: Sequence[ProjectForm | UnitForm], forms_path: Path, rows_path: Path) -> list[Path]:
    """Two files: the forms (amounts in 元) and their indicator rows."""
    with atomic_path(forms_path) as tmp, tmp.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(FORM_COLUMNS)
        writer.writerows([safe(v) for v in _form_row(form)] for form in forms)
    with atomic_path(rows_path) as tmp, tmp.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(INDICATOR_COLUMNS)
        for form in forms:
            name = form.unit_name if isinstance(form, UnitForm) else form.project_name
            for row in form.indicators:
                t = row.target
                writer.writerow(
                    safe(v)
                    for v in (
                        form.source.file, form.source.form_index, name, row.line, row.level1,
                        row.level2, row.name, row.value, t.kind, t.op, t.number, t.unit,
                    )
                )
    return [forms_path, rows_path]
