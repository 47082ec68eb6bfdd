"""``jixiao export``: read files, write the forms in an official layout (or JSON/CSV).

Kept out of ``cli.py`` so the export surface grows here; ``cli.py`` only registers it. Forms
come either from files or, without files, from a database selection (``--department``,
``--unit``, ``--year``): both feed the same :func:`jixiao.export.forms.export_forms`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from jixiao.export.forms import ExportFormat
from jixiao.model.forms import ProjectForm, UnitForm


def export_command(
    files: Annotated[
        list[Path] | None,
        typer.Argument(help="表单文件或文件夹（txt/xlsx/docx/pdf/html/md）；不给则从数据库选取"),
    ] = None,
    format: Annotated[ExportFormat, typer.Option("--format", "-f", help="导出格式")] = (
        ExportFormat.xlsx
    ),
    out: Annotated[Path, typer.Option("--out", "-o", help="输出文件夹")] = Path("导出"),
    department: Annotated[str | None, typer.Option(help="数据库选取：主管部门")] = None,
    unit: Annotated[str | None, typer.Option(help="数据库选取：实施单位")] = None,
    year: Annotated[int | None, typer.Option(help="数据库选取：年度")] = None,
    database_url: Annotated[
        str | None, typer.Option(help="数据库地址（默认取 JIXIAO_DATABASE_URL，否则 ./jixiao.db）")
    ] = None,
) -> None:
    """按官方版式导出表单：xlsx（每表一页，另附汇总表）、docx、pdf（经 LibreOffice），或 json/csv。"""
    from jixiao.cli import Run, err
    from jixiao.export.forms import export_forms
    from jixiao.export.pdf import ExportError

    run = Run(verbose=False)
    if files:
        forms = list(run.forms(files))
    else:
        from sqlalchemy.exc import SQLAlchemyError

        try:
            forms = _from_database(database_url, department, unit, year)
        except SQLAlchemyError as exc:
            err.print(
                f"无法从数据库读取表单（{type(exc).__name__}）：请先运行 jixiao db upgrade 并导入表单，"
                "或用 --database-url 指定数据库",
                markup=False,
                soft_wrap=True,
            )
            raise typer.Exit(2) from exc
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


def _from_database(
    url: str | None, department: str | None, unit: str | None, year: int | None
) -> list[ProjectForm | UnitForm]:
    """The stored forms of a selection, in import order, as contract records."""
    from jixiao.store.access import Scope
    from jixiao.store.db import database_url, make_engine, make_sessionmaker
    from jixiao.store.queries import FormFilter, filtered, record
    from jixiao.store.tables import Form

    engine = make_engine(database_url(url))
    try:
        with make_sessionmaker(engine)() as session:
            flt = FormFilter(year=year, department=department, unit=unit)
            rows = session.scalars(filtered(session, Scope.everything(), flt).order_by(Form.id))
            return [record(form) for form in rows]
    finally:
        engine.dispose()
