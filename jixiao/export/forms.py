"""``export_forms(forms, fmt, out)``: the one entry point of every form export.

The CLI calls it with forms read from files; a database selection (``--department
--year``) will call it with forms loaded from the store -- the export does not care where
the records came from. Files are built in a staging folder and moved into ``out`` only when
every one of them is complete, so a failure (LibreOffice missing, a full disk) writes nothing.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path

from jixiao.export.form_docx import write_forms_docx
from jixiao.export.form_xlsx import write_forms_xlsx
from jixiao.export.pdf import NOT_INSTALLED, ExportError, convert_to_pdf, soffice
from jixiao.export.summary_xlsx import write_summary_xlsx
from jixiao.export.tables import write_csv, write_json
from jixiao.model.forms import ProjectForm, UnitForm

Form = ProjectForm | UnitForm
SUMMARY_NAME = "汇总表.xlsx"
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


class ExportFormat(StrEnum):
    xlsx = "xlsx"
    docx = "docx"
    pdf = "pdf"
    json = "json"
    csv = "csv"


def file_stem(name: str) -> str:
    """A file name from a department name, safe on Windows and Linux."""
    return _UNSAFE.sub("_", name).strip(" .")[:80] or "未注明主管部门"


def by_department(forms: Sequence[Form]) -> dict[str, list[Form]]:
    """Forms grouped by 主管部门 (a unit form by its unit), in first-seen order."""
    groups: dict[str, list[Form]] = {}
    for form in forms:
        owner = form.department if isinstance(form, ProjectForm) else form.unit_name
        groups.setdefault(file_stem(owner or "未注明主管部门"), []).append(form)
    return groups


def _summary(forms: Sequence[Form], path: Path) -> Path:
    from jixiao.review import review

    report = review(forms)
    return write_summary_xlsx(forms, report.forms, path)


def _build(forms: Sequence[Form], fmt: ExportFormat, stage: Path) -> list[Path]:
    if fmt is ExportFormat.json:
        return [write_json(forms, stage / "forms.json")]
    if fmt is ExportFormat.csv:
        return write_csv(forms, stage / "forms.csv", stage / "indicators.csv")
    built: list[Path] = []
    for stem, group in by_department(forms).items():
        if fmt is ExportFormat.docx:
            built.append(write_forms_docx(group, stage / f"{stem}.docx"))
            continue
        workbook = write_forms_xlsx(group, stage / f"{stem}.xlsx")
        if fmt is ExportFormat.pdf:
            built.append(convert_to_pdf(workbook, stage / f"{stem}.pdf"))
            workbook.unlink()
        else:
            built.append(workbook)
    if fmt is ExportFormat.xlsx and forms:
        built.append(_summary(forms, stage / SUMMARY_NAME))
    return built


def export_forms(forms: Sequence[Form], fmt: ExportFormat | str, out: Path) -> list[Path]:
    """Write ``forms`` as ``fmt`` into the folder ``out``; return the files written.

    xlsx/docx/pdf: one file per 主管部门 (one sheet or section per form, official layout);
    xlsx adds the 汇总表. json: the contract. csv: forms.csv and indicators.csv.
    Raises ExportError (Chinese message) before writing anything when it cannot be done.
    """
    fmt = ExportFormat(fmt)
    if not forms:
        raise ExportError("没有可导出的表单")
    if fmt is ExportFormat.pdf and soffice() is None:
        raise ExportError(NOT_INSTALLED)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".jixiao-export-", dir=out) as staging:
        built = _build(forms, fmt, Path(staging))
        written = []
        for path in built:
            target = out / path.name
            os.replace(path, target)
            written.append(target)
    return written


__all__ = ["ExportError", "ExportFormat", "by_department", "export_forms"]
