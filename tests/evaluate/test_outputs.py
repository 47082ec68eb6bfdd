"""The 绩效自评表 workbook, the department ranking and the scoring configuration file."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from evaluate.fill import evaluation_for
from evaluate.forms import evaluation, project
from jixiao.errors import InputError
from jixiao.evaluate.config import DEFAULT_CONFIG, load_config
from jixiao.evaluate.ranking import biggest_losses, rank
from jixiao.evaluate.report_xlsx import write_report
from jixiao.evaluate.scoring import score_form
from jixiao.model.forms import ProjectForm

D = Decimal


def test_report_reads_back_in_the_official_layout(project_forms: list[ProjectForm], tmp_path: Path) -> None:
    form = project_forms[0]
    evaluation = evaluation_for(form, "partial", D("0.9"))
    card = score_form(form, evaluation)
    book = load_workbook(write_report([(form, card)], tmp_path / "自评表.xlsx"))
    assert book.sheetnames[0] == "汇总排名"
    sheet = book.worksheets[1]
    assert sheet["A1"].value == "项目支出绩效自评表"
    assert sheet["A2"].value == "（2023年度）"
    assert [sheet.cell(row=5, column=c).value for c in range(3, 9)] == ["年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]
    # 6,745,000 元 = 674.5 万元; executed 90 % = 607.05 万元; 10 × 0.9 = 9 points
    assert [sheet.cell(row=6, column=c).value for c in range(3, 9)] == [674.5, 674.5, 607.05, 10, 0.9, 9]
    header = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(row=r, column=4).value == "三级指标")
    assert [sheet.cell(row=header, column=c).value for c in range(1, 10)] == [
        "绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"
    ]
    first = header + 1
    assert sheet.cell(row=first, column=4).value == form.indicators[0].name
    assert sheet.cell(row=first, column=5).value == "≥500.00(场)"
    assert sheet.cell(row=first, column=6).value == "500.00场"
    total_row = first + len(form.indicators)
    assert sheet.cell(row=total_row, column=1).value == "总分"
    assert D(str(sheet.cell(row=total_row, column=8).value)) == card.total
    assert sheet.cell(row=total_row, column=9).value == f"自评等级：{card.grade}"
    summary = book.worksheets[0]
    assert summary["D2"].value == form.project_name and D(str(summary["E2"].value)) == card.total


def _card(department: str, name: str, actual: str):  # type: ignore[no-untyped-def]
    form = project([("产出指标", "a", "≥100(个)"), ("产出指标", "b", "≥100(个)"), ("效益指标", "c", "及时")])
    form.department, form.project_name = department, name
    return score_form(form, evaluation(form, [{"actual": actual}, {"actual": "100"}, {"tier": "部分达成"}]))


def test_ranking_by_department_with_biggest_losses() -> None:
    cards = [_card("甲局", "一", "100"), _card("甲局", "二", "50"), _card("乙 局", "三", "90"),
             _card("乙局", "四", "90"), _card("甲局", "五", "100")]
    summaries = rank(cards)
    # 乙局: 三 and 四 score alike; spaces in the printed name do not split the department
    assert [s.department for s in summaries] == ["乙 局", "甲局"]
    assert [(p.rank, p.card.name) for p in summaries[0].projects] == [(1, "三"), (1, "四")]
    assert [(p.rank, p.card.name) for p in summaries[1].projects] == [(1, "一"), (1, "五"), (3, "二")]
    # no 满意度: 产出 56.25 → a 28.13 + b 28.12 (the odd cent to the first row); 效益 c 33.75.
    # 二: a reached 50 %: 28.13 × 0.5 = 14.065 → 14.07, lost 14.06;
    #     c 部分达成 70 %: 33.75 × 0.7 = 23.625 → 23.63, lost 10.12; b met, lost nothing
    losses = biggest_losses(summaries[1].projects[2].card)
    assert [(s.name, s.lost) for s in losses] == [("a", D("14.06")), ("c", D("10.12"))]
    assert summaries[1].projects[2].losses_text() == "a（失14.06分）；c（失10.12分）"


def test_config_from_toml(tmp_path: Path) -> None:
    path = tmp_path / "口径.toml"
    path.write_text(
        'budget_points = 20\npartial_default = 0.75\n[level_points]\n"产出指标" = 40\n"效益指标" = 30\n"满意度指标" = 10\n',
        encoding="utf-8",
    )
    config = load_config(path)
    assert config.budget_points == 20 and config.partial_default == D("0.75")
    form = project([("产出指标", "a", "及时")])
    card = score_form(form, evaluation(form, [{"tier": "部分达成"}], "100", "50"), config)
    # budget 20 × 0.5 = 10; the only level takes all 80 points: 80 × 0.75 = 60
    assert (card.budget_score, card.indicators[0].score, card.total) == (D("10.00"), D("60.00"), D("70.00"))
    assert load_config(None) is DEFAULT_CONFIG


def test_bad_config_named_in_chinese(tmp_path: Path) -> None:
    path = tmp_path / "坏.toml"
    path.write_text("budget_points = 30\n", encoding="utf-8")
    with pytest.raises(InputError, match="分值之和应为 100"):
        load_config(path)
    path.write_text("budget_points = \n", encoding="utf-8")
    with pytest.raises(InputError, match="不是有效的 TOML"):
        load_config(path)


def test_evaluation_and_cards_survive_json(project_forms: list[ProjectForm]) -> None:
    import json

    from jixiao.evaluate.model import Evaluation, cards_json

    evaluation = evaluation_for(project_forms[5], "partial", D("0.875"))
    again = Evaluation.model_validate_json(evaluation.model_dump_json())
    assert again == evaluation
    card = score_form(project_forms[5], again)
    (data,) = json.loads(cards_json([card]))
    assert data["total"] == f"{card.total}" and data["budget"]["executed"] == f"{evaluation.budget.executed}"
    assert [i["score"] for i in data["indicators"]] == [f"{s.score}" for s in card.indicators]
