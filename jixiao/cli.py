"""The ``jixiao`` command line: thin commands over the package's functions.

Exit codes: 0 every file yielded forms; 1 a file yielded nothing (unreadable, or no form in
it); 2 usage error. Warnings go to stderr as ``file:line: code: message``.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from jixiao.errors import InputError
from jixiao.ingest import iter_forms, open_document
from jixiao.model.forms import FormList, ProjectForm, ReadWarning, UnitForm
from jixiao.model.values import key

app = typer.Typer(
    help="jixiao 绩效：读取、审核预算绩效目标表。", no_args_is_help=True, add_completion=False
)
err = Console(stderr=True, highlight=False)


def _out() -> Console:
    """Created per command so the terminal width is read when the command runs."""
    return Console(highlight=False)


class OutputFormat(StrEnum):
    json = "json"
    table = "table"


Files = Annotated[list[Path], typer.Argument(help="表单文件（可多个）", show_default=False)]


def _warn(file: str, warning: ReadWarning) -> None:
    where = f"{file}:{warning.line}" if warning.line else file
    err.print(f"{where}: {warning.code}: {warning.message}", markup=False, soft_wrap=True)


def _expand(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(
                sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
            )
        else:
            files.append(path)
    return files


class Run:
    """Reads files one after another, reporting problems and remembering failures."""

    def __init__(self, verbose: bool = True) -> None:
        self.failed: list[str] = []
        self.verbose = verbose
        self.warnings = 0

    def warn(self, file: str, warning: ReadWarning) -> None:
        self.warnings += 1
        if self.verbose:
            _warn(file, warning)

    def forms(self, paths: list[Path]) -> Iterator[ProjectForm | UnitForm]:
        for path in _expand(paths):
            try:
                doc = open_document(path)
                count = 0
                for form in iter_forms(doc):
                    count += 1
                    for warning in form.warnings:
                        self.warn(doc.name, warning)
                    yield form
            except InputError as exc:
                err.print(str(exc), markup=False, soft_wrap=True)
                self.failed.append(str(path))
                continue
            for warning in doc.warnings:
                self.warn(doc.name, warning)
            if count == 0:
                err.print(f"{doc.name}: no-form: 文件中未找到绩效目标表", markup=False)
                self.failed.append(str(path))

    def exit(self) -> None:
        if self.failed:
            raise typer.Exit(1)


@app.command()
def parse(
    files: Files,
    format: Annotated[OutputFormat, typer.Option("--format", "-f", help="输出格式")] = (
        OutputFormat.json
    ),
) -> None:
    """读取表单，输出契约 JSON（按文档顺序的表单数组）或简表。"""
    run = Run()
    if format is OutputFormat.json:
        sys.stdout.write("[")
        for i, form in enumerate(run.forms(files)):
            sys.stdout.write(("," if i else "") + "\n" + form.model_dump_json(indent=1))
        sys.stdout.write("\n]\n")
    else:
        table = Table(title="绩效目标表", show_lines=False)
        for column in ("文件", "序号", "行", "项目/单位", "实施单位", "资金(万元)", "指标", "提示"):
            table.add_column(column, overflow="fold")
        for form in run.forms(files):
            table.add_row(
                form.source.file,
                str(form.source.form_index),
                f"{form.source.line_start}-{form.source.line_end}",
                _name(form),
                _unit(form),
                _wan(_amount(form)),
                str(len(form.indicators)),
                str(len(form.warnings)),
            )
        _out().print(table)
    run.exit()


@app.command()
def schema() -> None:
    """输出表单数据契约的 JSON Schema。"""
    sys.stdout.write(json.dumps(FormList.model_json_schema(), ensure_ascii=False, indent=2) + "\n")


@app.command()
def summary(
    files: Files,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="逐条显示读取提示")] = False,
) -> None:
    """按主管部门汇总：表单数、资金合计（万元）、指标数。"""
    run = Run(verbose=verbose)
    rows: dict[str, list[Decimal | int]] = {}
    names: dict[str, str] = {}
    for form in run.forms(files):
        printed = form.department if isinstance(form, ProjectForm) else form.unit_name
        dept = names.setdefault(key(printed), printed or "（未填写）")
        row = rows.setdefault(dept, [0, Decimal(0), 0])
        row[0] += 1
        row[1] += _amount(form) or Decimal(0)
        row[2] += len(form.indicators)
    table = Table(title="按主管部门汇总")
    for column, justify in (
        ("主管部门", "left"),
        ("表单数", "right"),
        ("资金合计(万元)", "right"),
        ("指标数", "right"),
    ):
        table.add_column(column, justify=justify)  # type: ignore[arg-type]
    for dept, (count, money, indicators) in rows.items():
        table.add_row(dept, str(count), _wan(Decimal(money)), str(indicators))
    total_forms = sum(int(r[0]) for r in rows.values())
    total_money = sum((Decimal(r[1]) for r in rows.values()), Decimal(0))
    total_indicators = sum(int(r[2]) for r in rows.values())
    table.add_row("合计", str(total_forms), _wan(total_money), str(total_indicators), style="bold")
    out = _out()
    out.print(table)
    out.print("资金口径：项目资金总额；未填写时取年度资金申请总额；单位表取部门整体预算总额。")
    if run.warnings and not verbose:
        out.print(f"读取时共做了 {run.warnings} 处修正或提示（加 --verbose 逐条查看）。")
    run.exit()


def _name(form: ProjectForm | UnitForm) -> str:
    return (form.project_name if isinstance(form, ProjectForm) else form.unit_name) or ""


def _unit(form: ProjectForm | UnitForm) -> str:
    return (form.implementing_unit if isinstance(form, ProjectForm) else form.unit_name) or ""


def _amount(form: ProjectForm | UnitForm) -> Decimal | None:
    if isinstance(form, ProjectForm):
        return form.funding.total if form.funding.total is not None else form.funding.annual_total
    return form.budget.total


def _wan(value: Decimal | None) -> str:
    return "" if value is None else f"{value / Decimal(10000):,.2f}"


def main() -> None:
    app()


if __name__ == "__main__":
    main()
