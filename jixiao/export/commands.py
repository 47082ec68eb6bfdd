"""``jixiao export``: read files, write the forms in an official layout (or JSON/CSV).

Kept out of ``cli.py`` so the export surface grows here; ``cli.py`` only registers it. A later
``--department/--year`` selection from the database is a second source of forms for the same
:func:`jixiao.export.forms.export_forms`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from jixiao.export.forms import ExportFormat


def export_command(
    files: Annotated[list[Path], typer.Argument(help="表单文件或文件夹（txt/xlsx/docx/pdf/html/md）")],
    format: Annotated[ExportFormat, typer.Option("--format", "-f", help="导出格式")] = (
        ExportFormat.xlsx
    ),
    out: Annotated[Path, typer.Option("--out", "-o", help="输出文件夹")] = Path("导出"),
) -> None:
    """按官方版式导出表单：xlsx（每表一页，另附汇总表）、docx、pdf（经 LibreOffice），或 json/csv。"""
    from jixiao.cli import Run, err
    from jixiao.export.forms import export_forms
    from jixiao.export.pdf import ExportError

    run = Run(verbose=False)
    forms = list(run.forms(files))
    if not forms:
        err.print("没有读出任何表单，未导出", markup=False)
        raise typer.Exit(1)
    try:
        written = export_forms(forms, format, out)
    except ExportError as exc:
        err.print(str(exc), markup=False, soft_wrap=True)
        raise typer.Exit(2) from exc
    for path in written:
        err.print(f"已写出：{path}", markup=False)
    err.print(f"共导出 {len(forms)} 张表单，{len(written)} 个文件", markup=False)
    run.exit()
