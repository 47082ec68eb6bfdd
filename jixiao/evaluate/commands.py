"""``jixiao evaluate``: template / import / score / rank — thin commands over jixiao.evaluate.

Exit codes follow the main CLI: 0 done, 1 problems in the data (every one printed, nothing
written), 2 usage errors. Workbook modules (openpyxl) are imported inside the commands that
need them, so that every other ``jixiao`` command starts as fast as before.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from pydantic import TypeAdapter, ValidationError
from rich.console import Console
from rich.progress import track
from rich.table import Table

from jixiao.errors import InputError
from jixiao.evaluate.config import ScoringConfig, load_config
from jixiao.evaluate.model import Evaluation, ScoreCard, cards_json, form_key
from jixiao.evaluate.ranking import rank
from jixiao.evaluate.scoring import ScoringError, score_form
from jixiao.ingest import iter_forms, open_document
from jixiao.model.forms import ProjectForm, UnitForm

evaluate_app = typer.Typer(
    help="绩效自评：生成自评表模板、导入自评数据、打分、按部门排名。",
    no_args_is_help=True,
    add_completion=False,
)
err = Console(stderr=True, highlight=False)
EVALUATIONS = TypeAdapter(list[Evaluation])

Files = Annotated[list[Path], typer.Argument(help="绩效目标表文件或目录（可多个）", show_default=False)]
ConfigOption = Annotated[
    Path | None, typer.Option("--config", "-c", help="评分口径 TOML 文件（默认按财预〔2020〕10号）")
]
Actuals = Annotated[
    Path, typer.Option("--actuals", "-a", help="已填写的自评表（.xlsx）或自评数据（.json）")
]


class ScoreFormat(StrEnum):
    table = "table"
    json = "json"
    xlsx = "xlsx"


def _fail(message: str, code: int = 1) -> typer.Exit:
    err.print(message, markup=False, soft_wrap=True)
    return typer.Exit(code)


def _expand(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")))
        else:
            files.append(path)
    return files


def read_forms(paths: list[Path]) -> list[ProjectForm | UnitForm]:
    """Every form of the files; an unreadable file stops the command (exit 1) by name."""
    forms: list[ProjectForm | UnitForm] = []
    files = _expand(paths)
    for path in track(files, description="读取表单", console=err, transient=True, disable=len(files) < 5):
        try:
            forms.extend(iter_forms(open_document(path)))
        except InputError as exc:
            raise _fail(str(exc)) from exc
    if not forms:
        raise _fail("所给文件中未找到绩效目标表")
    return forms


def _config(path: Path | None) -> ScoringConfig:
    try:
        return load_config(path)
    except InputError as exc:
        raise _fail(str(exc), 2) from exc


def load_evaluations(
    path: Path, forms: list[ProjectForm | UnitForm], config: ScoringConfig
) -> list[Evaluation]:
    """Evaluations from a filled template (.xlsx) or a JSON array written by ``import``."""
    if not path.is_file():
        raise _fail(f"{path}: 文件不存在", 2)
    if path.suffix.lower() == ".json":
        try:
            return EVALUATIONS.validate_json(path.read_bytes())
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            raise _fail(f"{path}: 自评数据格式有误（{where}：{first['msg']}），共 {exc.error_count()} 处") from exc
    from jixiao.evaluate.importer import TemplateImportError, import_workbook

    try:
        result = import_workbook(path, forms, config)
    except TemplateImportError as exc:
        for problem in exc.problems:
            err.print(f"{path}: {problem}", markup=False, soft_wrap=True)
        raise _fail(f"{path}: 有 {len(exc.problems)} 处问题，未导入任何数据") from exc
    if result.skipped:
        err.print(f"未填写或无关、已跳过的工作表：{'、'.join(result.skipped)}", markup=False, soft_wrap=True)
    return result.evaluations


def score_cards(
    forms: list[ProjectForm | UnitForm], evaluations: list[Evaluation], config: ScoringConfig
) -> list[tuple[ProjectForm | UnitForm, ScoreCard]]:
    by_key = {form_key(form): form for form in forms}
    unknown = [e.form_key for e in evaluations if e.form_key not in by_key]
    if unknown:
        raise _fail(f"自评数据中有 {len(unknown)} 条不对应所给的申报表：{'、'.join(unknown[:5])}")
    pairs: list[tuple[ProjectForm | UnitForm, ScoreCard]] = []
    failed = False
    for evaluation in evaluations:
        form = by_key[evaluation.form_key]
        try:
            pairs.append((form, score_form(form, evaluation, config)))
        except ScoringError as exc:
            failed = True
            for problem in exc.problems:
                where = "" if problem.index is None else f"第 {problem.index + 1} 个指标："
                err.print(f"{evaluation.name or evaluation.form_key}：{where}{problem.message}", markup=False)
    if failed:
        raise typer.Exit(1)
    return pairs


@evaluate_app.command("template")
def template_command(
    files: Files,
    out: Annotated[Path, typer.Option("--out", "-o", help="输出的自评表模板")] = Path("绩效自评表.xlsx"),
    config: ConfigOption = None,
) -> None:
    """按申报表的绩效目标生成自评表模板（每张表一个工作表）。"""
    from jixiao.evaluate.template import write_template

    forms = read_forms(files)
    written = write_template(forms, out, _config(config))
    err.print(f"已生成自评表模板 {written}（{len(forms)} 张表）", markup=False)


@evaluate_app.command("import")
def import_command(
    files: Files,
    workbook: Annotated[Path, typer.Option("--workbook", "-w", help="已填写的自评表")],
    out: Annotated[Path, typer.Option("--out", "-o", help="输出的自评数据 JSON")] = Path("自评数据.json"),
    config: ConfigOption = None,
) -> None:
    """导入已填写的自评表：逐格检查，有任何问题则不导入并列出所在工作表和单元格。"""
    forms = read_forms(files)
    evaluations = load_evaluations(workbook, forms, _config(config))
    out.write_bytes(EVALUATIONS.dump_json(evaluations, indent=1))
    err.print(f"已导入 {len(evaluations)} 张表的自评数据 → {out}", markup=False)


@evaluate_app.command("score")
def score_command(
    files: Files,
    actuals: Actuals,
    format: Annotated[ScoreFormat, typer.Option("--format", "-f", help="输出格式")] = ScoreFormat.table,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="输出文件（xlsx 格式必填）")] = None,
    config: ConfigOption = None,
) -> None:
    """打分：预算执行率与各项指标得分、总分和等级；xlsx 输出为官方格式的绩效自评表。"""
    forms = read_forms(files)
    scoring = _config(config)
    pairs = score_cards(forms, load_evaluations(actuals, forms, scoring), scoring)
    if format is ScoreFormat.xlsx:
        from jixiao.evaluate.report_xlsx import write_report

        if out is None:
            raise _fail("xlsx 格式需要用 --out 指定输出文件", 2)
        err.print(f"已生成绩效自评表 {write_report(pairs, out)}", markup=False)
        return
    if format is ScoreFormat.json:
        text = cards_json([card for _, card in pairs])
        if out is None:
            sys.stdout.write(text + "\n")
        else:
            out.write_text(text + "\n", encoding="utf-8")
        return
    table = Table(title="绩效自评得分")
    for column, justify in (("项目/单位", "left"), ("主管部门", "left"), ("执行率", "right"),
                            ("预算得分", "right"), ("指标得分", "right"), ("总分", "right"),
                            ("等级", "center"), ("待人工评分", "right")):
        table.add_column(column, justify=justify, overflow="fold")  # type: ignore[arg-type]
    for _, card in pairs:
        indicators = card.total - card.budget_score
        rate = "" if card.execution_rate is None else f"{card.execution_rate * 100:.2f}%"
        pending = sum(1 for s in card.indicators if s.status == "manual_pending")
        table.add_row(card.name or "", card.department or "", rate, f"{card.budget_score:f}",
                      f"{indicators:f}", f"{card.total:f}", card.grade, str(pending or ""))
    Console(highlight=False).print(table)


@evaluate_app.command("rank")
def rank_command(
    files: Files,
    actuals: Actuals,
    top: Annotated[int, typer.Option("--top", help="每个项目列出失分最多的几项指标")] = 3,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="另存为 xlsx")] = None,
    config: ConfigOption = None,
) -> None:
    """按主管部门汇总：项目按得分排名，并列出失分最多的指标。"""
    forms = read_forms(files)
    scoring = _config(config)
    cards = [card for _, card in score_cards(forms, load_evaluations(actuals, forms, scoring), scoring)]
    if not cards:
        raise _fail("没有可排名的自评数据")
    console = Console(highlight=False)
    for department in rank(cards, top):
        grades = "，".join(f"{g} {n}" for g, n in department.grade_counts().items())
        table = Table(title=f"{department.department}（平均 {department.average:f} 分；{grades}）")
        for column in ("排名", "项目/单位", "总分", "等级", "失分最多的指标"):
            table.add_column(column, overflow="fold")
        for project in department.projects:
            table.add_row(str(project.rank), project.card.name or "", f"{project.card.total:f}",
                          project.card.grade, project.losses_text())
        console.print(table)
    if out is not None:
        from jixiao.evaluate.report_xlsx import write_ranking

        err.print(f"已生成汇总排名 {write_ranking(cards, out)}", markup=False)
