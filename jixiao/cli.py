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
from rich.markup import escape
from rich.table import Table

from jixiao.errors import InputError
from jixiao.evaluate.commands import evaluate_app
from jixiao.ingest import iter_forms, open_document
from jixiao.model.findings import DIMENSION_NAMES, SEVERITY_NAMES, Report
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


class ReviewFormat(StrEnum):
    table = "table"
    summary = "summary"
    json = "json"
    xlsx = "xlsx"
    docx = "docx"


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


@app.command("review")
def review_command(
    files: Files,
    format: Annotated[ReviewFormat, typer.Option("--format", "-f", help="输出格式")] = (
        ReviewFormat.table
    ),
    profile: Annotated[
        str,
        typer.Option("--profile", "-p", help="审核口径：national-88、shanghai-2025 或 TOML 文件"),
    ] = "national-88",
    select: Annotated[
        list[str] | None, typer.Option("--select", help="只运行这些规则（代码、族或标签）")
    ] = None,
    ignore: Annotated[
        list[str] | None, typer.Option("--ignore", help="不运行这些规则（代码、族或标签）")
    ] = None,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="xlsx/docx 输出文件")] = None,
    show_all: Annotated[bool, typer.Option("--all", help="表格中也列出“提示”级别")] = False,
) -> None:
    """审核表单（完整性、相关性、适当性、可行性、规范性），评定优/良/中/差。"""
    from jixiao.export.review_docx import write_review_docx
    from jixiao.export.review_xlsx import write_review_xlsx
    from jixiao.review import review
    from jixiao.rules.context import ProfileError

    run = Run(verbose=False)
    forms = list(run.forms(files))
    try:
        report = review(forms, profile=profile, select=select, ignore=ignore)
    except ProfileError as exc:
        err.print(str(exc), markup=False)
        raise typer.Exit(2) from exc
    if format is ReviewFormat.json:
        sys.stdout.write(json.dumps(report.to_dict(), ensure_ascii=False, indent=1) + "\n")
    elif format is ReviewFormat.table:
        print_review(report, show_all)
    elif format is ReviewFormat.summary:
        print_review_summary(report)
    elif format is ReviewFormat.xlsx:
        path = write_review_xlsx(report, out or Path("审核结果.xlsx"))
        err.print(f"已写出审核工作簿：{path}", markup=False)
    else:
        amounts = [_amount(form) for form in forms]
        path = write_review_docx(report, amounts, out or Path("审核意见书.docx"))
        err.print(f"已写出审核意见书：{path}", markup=False)
    has_errors = any(f.severity == "error" for form in report.forms for f in form.findings)
    if run.failed or has_errors:
        raise typer.Exit(1)


def print_review(report: Report, show_all: bool = False) -> None:
    """A readable report grouped by form, each finding with file:line (提示 hidden unless all)."""
    console = _out()
    colours = {"error": "red", "warning": "yellow", "info": "cyan"}
    grades = {"优": "green", "良": "cyan", "中": "yellow", "差": "red"}
    for form in report.forms:
        name = form.project_name or form.unit_name or "（未填写名称）"
        console.print(
            f"[bold]{form.source.file} 第{form.source.form_index}张 «{name}»[/bold]  "
            f"等级 [{grades[form.grade]}]{form.grade}[/] （{form.score} 分）"
        )
        hidden = 0
        for finding in form.findings:
            if finding.severity == "info" and not show_all:
                hidden += 1
                continue
            where = f"{finding.source.file}:{finding.source.line or ''}"
            console.print(
                f"  [{colours[finding.severity]}]{SEVERITY_NAMES[finding.severity]}[/] "
                f"{finding.code} {where}  {escape(finding.message)}",
                soft_wrap=True,
            )
        if hidden:
            console.print(f"  另有提示 {hidden} 条（加 --all 显示）", style="dim")
    counts: dict[str, int] = {}
    for form in report.forms:
        counts[form.grade] = counts.get(form.grade, 0) + 1
    summary = "，".join(f"{g} {counts.get(g, 0)}" for g in ("优", "良", "中", "差"))
    console.print(f"\n共审核 {len(report.forms)} 张表（口径 {report.profile}）：{summary}")


def print_review_summary(report: Report) -> None:
    """Grade per form, then findings by dimension and severity, then the grade distribution."""
    console = _out()
    table = Table(title=f"审核结果（口径 {report.profile}）")
    for column in ("文件", "序号", "项目/单位", "得分", "等级", "错误", "警告", "提示"):
        table.add_column(column, overflow="fold")
    for form in report.forms:
        counts = form.counts("severity")
        table.add_row(
            form.source.file[:12],
            str(form.source.form_index),
            form.project_name or form.unit_name or "",
            str(form.score),
            form.grade,
            str(counts.get("error", 0)),
            str(counts.get("warning", 0)),
            str(counts.get("info", 0)),
        )
    console.print(table)
    spread = Table(title="问题分布（按审核维度）")
    spread.add_column("维度")
    for severity in ("error", "warning", "info"):
        spread.add_column(SEVERITY_NAMES[severity], justify="right")
    spread.add_column("合计", justify="right")
    for dimension, label in DIMENSION_NAMES.items():
        row = [
            sum(
                1
                for form in report.forms
                for f in form.findings
                if f.dimension == dimension and f.severity == severity
            )
            for severity in ("error", "warning", "info")
        ]
        spread.add_row(label, *map(str, row), str(sum(row)))
    console.print(spread)
    grades = {
        g: sum(1 for form in report.forms if form.grade == g) for g in ("优", "良", "中", "差")
    }
    console.print(
        "等级分布："
        + "，".join(f"{g} {n}" for g, n in grades.items())
        + f"（共 {len(report.forms)} 张）"
    )


rules_app = typer.Typer(help="审核规则目录。", invoke_without_command=True, add_completion=False)
app.add_typer(rules_app, name="rules")
app.add_typer(evaluate_app, name="evaluate")


@rules_app.callback()
def rules_list(ctx: typer.Context) -> None:
    """列出全部审核规则。"""
    if ctx.invoked_subcommand is not None:
        return
    from jixiao.rules.registry import all_rules

    table = Table(title="审核规则")
    for column in ("代码", "名称", "严重程度", "维度", "适用", "标识"):
        table.add_column(column)
    for rule in all_rules():
        table.add_row(
            rule.code,
            rule.title,
            SEVERITY_NAMES[rule.severity],
            DIMENSION_NAMES[rule.dimension],
            "、".join(sorted(rule.applies_to)),
            rule.slug,
        )
    _out().print(table)


@rules_app.command("explain")
def rules_explain(code: str) -> None:
    """显示一条规则的说明。"""
    from jixiao.rules.docs import explain
    from jixiao.rules.registry import REGISTRY, all_rules

    all_rules()
    rule = REGISTRY.get(code.upper())
    if rule is None:
        err.print(f"没有规则 {code}（用 jixiao rules 查看全部）", markup=False)
        raise typer.Exit(2)
    _out().print(explain(rule), markup=False)


@rules_app.command("docs")
def rules_docs(
    out: Annotated[Path, typer.Option("--out", "-o", help="输出目录")] = Path("docs/rules"),
) -> None:
    """由规则目录生成 docs/rules/。"""
    from jixiao.rules.docs import write_docs

    written = write_docs(out)
    err.print(f"已生成 {len(written)} 个文件于 {out}", markup=False)


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


# `jixiao export` lives with the exports (jixiao/export/commands.py); registered here.
from jixiao.export.commands import export_command  # noqa: E402

app.command("export")(export_command)
# Storage commands (jixiao db upgrade, jixiao import, jixiao user add) live with the store.
from jixiao.store.commands import register as _register_store  # noqa: E402

_register_store(app)

# Web commands (jixiao serve, jixiao demo) live with the web app.
from jixiao.web.commands import register as _register_web  # noqa: E402

_register_web(app)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
