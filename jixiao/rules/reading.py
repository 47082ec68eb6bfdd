"""PRS — reading problems: the reader's warnings, shown in the review report.

The reader never silently repairs a form; each repair is a warning with its line. The review
turns them into findings so that a reviewer sees, next to the content findings, where the
printed form itself was broken.
"""

from __future__ import annotations

from collections.abc import Iterator

from jixiao.rules.context import ReviewContext
from jixiao.rules.registry import Hit, rule
from jixiao.rules.view import FormView

REPAIRS = frozenset(
    {
        "label-moved",
        "shifted-row",
        "level1-inferred",
        "label-line",
        "nature-inherited",
        "cell-split",
        "value-on-next-line",
        "extra-cells",
        "goal-unplaced",
        "level1-missing",
        "tasks-unpaired",
        "amount-rounded",
        "funding-unit-missing",
    }
)
UNREADABLE = frozenset(
    {
        "amount-unreadable",
        "date-unreadable",
        "bad-bytes",
        "checkbox-unchecked",
        "checkbox-multiple",
        "unknown-line",
    }
)
INCOMPLETE = frozenset({"form-truncated", "field-missing"})


def _warnings(view: FormView, codes: frozenset[str]) -> Iterator[Hit]:
    for warning in view.form.warnings:
        if warning.code in codes:
            index = view.row_at(warning.line)
            loc = ("source",) if index is None else ("indicators", index)
            yield Hit(warning.message, loc, evidence=warning.code, line=warning.line)


@rule(
    "PRS001",
    "reading.repaired",
    "读取时做了修正",
    severity="info",
    dimension="reading",
    applies_to=("project", "unit"),
    tags=("reading",),
    suggestion="核对原表该行：列错位、合并单元格或跨行印刷已按含义归位，如有误请修改原表。",
)
def repaired(view: FormView, ctx: ReviewContext) -> Iterator[Hit]:
    """规则说明：读取原表时按含义修正过的位置（错列、跨行、合并单元格文字印在别处等）。
    为什么重要：修正基于版式推断，审核人应能看到哪些内容不是“原样”读取的。
    不合规示例：“⇥时效指标⇥活动完成及时性⇥⇥及时”——二级指标印在一级指标列。
    合规示例：各单元格位于表头对应的列。
    依据：系统约定（读取规范 docs/reading.md）。
    已知局限：只提示，不影响评级；原表本身的错误由其他规则判断。
    """
    yield from _warnings(view, REPAIRS)


@rule(
    "PRS002",
    "reading.unreadable",
    "内容无法识别",
    severity="warning",
    dimension="reading",
    applies_to=("project", "unit"),
    tags=("reading",),
    suggestion="检查原表该处的金额、日期或勾选项是否填写规范（数字、日期格式、仅勾选一项）。",
)
def unreadable(view: FormView, ctx: ReviewContext) -> Iterator[Hit]:
    """规则说明：金额、日期、复选框或文字编码无法识别，相应字段按空值处理。
    为什么重要：无法识别的金额和日期会使资金勾稽、年度核对等检查失效。
    不合规示例：项目资金总额填“约五十万”；计划开始日期填“年初”。
    合规示例：项目资金总额“500,000.00”；计划开始日期“2023-01-01”。
    依据：系统约定（读取规范 docs/reading.md）。
    已知局限：原表若本身为图片扫描件，需先 OCR。
    """
    yield from _warnings(view, UNREADABLE)


@rule(
    "PRS003",
    "reading.incomplete",
    "表单不完整",
    severity="error",
    dimension="reading",
    applies_to=("project", "unit"),
    tags=("reading",),
    suggestion="补全表单：原表可能被截断或缺页，请提供完整的申报表。",
)
def incomplete(view: FormView, ctx: ReviewContext) -> Iterator[Hit]:
    """规则说明：表单缺少整栏（如项目名称、主管部门）或缺少绩效指标表。
    为什么重要：缺页或截断的表无法完成审核，必须补齐后重新报送。
    不合规示例：表单在“项目资金”一栏后中断，没有绩效指标表。
    合规示例：表头、资金、目标、指标表俱全。
    依据：财预〔2015〕88号 第二十四条（完整性审核，待核对原文）。
    已知局限：按标签判断整栏缺失；标签被改写时可能误报。
    """
    yield from _warnings(view, INCOMPLETE)
