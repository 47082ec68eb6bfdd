"""``jixiao evaluate``: template → (fill) → import → score → rank through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

from openpyxl import load_workbook
from typer.testing import CliRunner

import jixiao
from evaluate.conftest import SAMPLES
from evaluate.fill import evaluation_for, write_into
from jixiao.cli import app

runner = CliRunner()
FILE = str(SAMPLES / "003_0404f4768d803c0b.txt")  # ten project forms


def _filled(tmp_path: Path, break_one: bool = False) -> Path:
    template = tmp_path / "模板.xlsx"
    result = runner.invoke(app, ["evaluate", "template", FILE, "-o", str(template)])
    assert result.exit_code == 0, result.output
    forms = jixiao.read(FILE)
    book = load_workbook(template)
    for sheet, form in zip(book.worksheets[1:], forms, strict=True):
        write_into(sheet, evaluation_for(form, "partial"))
    if break_one:
        book.worksheets[3]["B9"] = "很多"
    filled = tmp_path / "已填.xlsx"
    book.save(filled)
    return filled


def test_import_score_rank(tmp_path: Path) -> None:
    filled = _filled(tmp_path)
    out = tmp_path / "自评数据.json"
    result = runner.invoke(app, ["evaluate", "import", FILE, "-w", str(filled), "-o", str(out)])
    assert result.exit_code == 0, result.output
    evaluations = json.loads(out.read_text(encoding="utf-8"))
    assert len(evaluations) == 10

    result = runner.invoke(app, ["evaluate", "score", FILE, "-a", str(out), "-f", "json"])
    assert result.exit_code == 0, result.output
    cards = json.loads(result.stdout)
    assert len(cards) == 10 and all(c["budget_score"] == "10.00" for c in cards)
    assert all(float(c["total"]) < 100 for c in cards if any(i["method"].startswith("定性") for i in c["indicators"]))

    result = runner.invoke(app, ["evaluate", "score", FILE, "-a", str(filled)])
    assert result.exit_code == 0 and "绩效自评得分" in result.stdout

    report = tmp_path / "绩效自评表.xlsx"
    result = runner.invoke(app, ["evaluate", "score", FILE, "-a", str(out), "-f", "xlsx", "-o", str(report)])
    assert result.exit_code == 0 and len(load_workbook(report).sheetnames) == 11

    ranking = tmp_path / "排名.xlsx"
    result = runner.invoke(app, ["evaluate", "rank", FILE, "-a", str(out), "-o", str(ranking)])
    assert result.exit_code == 0, result.output
    assert "平均" in result.stdout and "失" in result.stdout
    assert load_workbook(ranking).sheetnames == ["汇总排名"]


def test_bad_workbook_imports_nothing(tmp_path: Path) -> None:
    filled = _filled(tmp_path, break_one=True)
    out = tmp_path / "自评数据.json"
    result = runner.invoke(app, ["evaluate", "import", FILE, "-w", str(filled), "-o", str(out)])
    assert result.exit_code == 1
    assert "单元格 B9：“很多”不是金额" in result.output
    assert "未导入任何数据" in result.output
    assert not out.exists()


def test_usage_errors(tmp_path: Path) -> None:
    result = runner.invoke(app, ["evaluate", "score", FILE, "-a", str(tmp_path / "无.json")])
    assert result.exit_code == 2 and "文件不存在" in result.output
    bad = tmp_path / "坏.json"
    bad.write_text('[{"form_key": 1}]', encoding="utf-8")
    result = runner.invoke(app, ["evaluate", "score", FILE, "-a", str(bad)])
    assert result.exit_code == 1 and "自评数据格式有误" in result.output
