"""Review outputs are tested by reading them back: JSON shape, XLSX sheets, DOCX opinions."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
from conftest import SAMPLES
from docx import Document
from typer.testing import CliRunner

from jixiao.cli import app

runner = CliRunner()
SEED = str(SAMPLES / "003_0404f4768d803c0b.txt")


def test_json_shape() -> None:
    result = runner.invoke(app, ["review", SEED, "--format", "json"])
    assert result.exit_code == 1  # the seed has error findings
    data = json.loads(result.stdout)
    form = data["forms"][0]
    assert form["project_name"] == "培训费"
    assert form["grade"] in {"优", "良", "中", "差"}
    finding = form["findings"][0]
    assert set(finding) >= {
        "code",
        "slug",
        "dimension",
        "severity",
        "message",
        "suggestion",
        "loc",
        "evidence",
        "source",
    }
    assert set(finding["source"]) == {"file", "form_index", "line"}


def test_table_groups_by_form_with_file_and_line() -> None:
    result = runner.invoke(app, ["review", SEED], env={"COLUMNS": "200"})
    assert "003_0404f4768d803c0b.txt 第3张 «残疾人就业保障金»" in result.stdout
    assert "003_0404f4768d803c0b.txt:70" in result.stdout


def test_xlsx_read_back(tmp_path: Path) -> None:
    out = tmp_path / "review.xlsx"
    result = runner.invoke(app, ["review", SEED, "--format", "xlsx", "--out", str(out)])
    assert result.exit_code == 1
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["汇总", "问题清单"]
    summary = book["汇总"]
    assert summary.max_row == 11  # header + 10 forms
    assert summary.freeze_panes == "A2" and summary.auto_filter.ref
    findings = book["问题清单"]
    codes = {row[4].value for row in findings.iter_rows(min_row=2)}
    assert "REQ006" in codes
    assert not list(tmp_path.glob("*.partial"))


def test_docx_one_opinion_per_form(tmp_path: Path) -> None:
    out = tmp_path / "opinions.docx"
    result = runner.invoke(app, ["review", SEED, "--format", "docx", "--out", str(out)])
    assert result.exit_code == 1
    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert text.count("预算绩效目标审核意见书") == 10
    for heading in ("一、项目基本情况", "二、审核结论", "三、问题清单", "四、修改建议"):
        assert heading in text
    assert "审核结果为“" in text


def test_unknown_profile_is_a_usage_error() -> None:
    result = runner.invoke(app, ["review", SEED, "--profile", "nowhere"])
    assert result.exit_code == 2
    assert "未知的审核口径" in result.stderr


def test_rules_list_and_explain() -> None:
    listed = runner.invoke(app, ["rules"], env={"COLUMNS": "200"})
    assert listed.exit_code == 0 and "REQ005" in listed.stdout
    explained = runner.invoke(app, ["rules", "explain", "REQ005"])
    assert "【规则说明】" in explained.stdout and "【依据】" in explained.stdout
    assert runner.invoke(app, ["rules", "explain", "XYZ999"]).exit_code == 2
