"""UNT — unit forms (单位整体支出绩效目标申报表): the extra columns of their indicator rows
(指标性质, 方向, 计量单位, 指标解释, 评(扣)分标准) and their agreement with each other.

Rows under 投入管理指标 are set by the finance bureau (沪财绩〔2022〕13号 as cited by the form)
and carry no content of their own; rows without a 三级指标 name are reported by REQ004.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation

from jixiao.model.forms import UnitIndicator
from jixiao.model.values import key
from jixiao.rules.context import ReviewContext
from jixiao.rules.registry import Hit, rule
from jixiao.rules.view import FormView, Row

_INPUT_LEVEL1 = "投入管理指标"
QUANTITATIVE, QUALITATIVE = "定量指标", "定性指标"
_NATURES = {
    "定量指标": QUANTITATIVE,
    "定量": QUANTITATIVE,
    "定性指标": QUALITATIVE,
    "定性": QUALITATIVE,
}

# How a 评(扣)分标准 reads: “达到90%得满分，否则按线性扣分” / “不低于” / “每少1项扣1分” → at least;
# “不超过” / “控制在…以内” / “每超过1天扣1分” → at most.
_READS_AT_LEAST = re.compile(
    r"达到?\d|不低于|不少于|以上|≥|>=|大于等于|每低|每少|未达到|低于[^，,；;。]{0,12}扣|少于[^，,；;。]{0,12}扣"
)
_READS_AT_MOST = re.compile(
    r"不超过|不高于|不多于|以内|以下|≤|<=|小于等于|控制在|每超|每多|超过[^，,；;。]{0,12}扣|高于[^，,；;。]{0,12}扣|多于[^，,；;。]{0,12}扣"
)
# A number in a scoring text with what follows it (the unit); steps (每少1项, 扣1分) excluded.
_SCORING_NUMBER = re.compile(
    r"(?<![\d.每扣少低超多减])(\d+(?:\.\d+)?)\s*(%|‰|[^\d\s，,；;。、]{1,3})"
)
SATISFACTION = "满意"  # “满意度 =90%” is reported by IND041 (方向应为“≥”), not again here
_CAPPED = {"%": Decimal(100), "百分比": Decimal(100), "‰": Decimal(1000)}


def _unit_rows(view: FormView) -> Iterator[tuple[Row, UnitIndicator]]:
    """Named rows outside 投入管理指标, with their unit-form columns."""
    for row in view.rows:
        indicator = row.indicator
        if row.level1 == _INPUT_LEVEL1 or not row.name or not isinstance(indicator, UnitIndicator):
            continue
        yield row, indicator


def _nature(indicator: UnitIndicator) -> str | None:
    return _NATURES.get(key(indicator.nature))


@rule(
    "UNT001",
    "unit.nature",
    "指标性质未填写或不规范",
    severity="error",
    dimension="completeness",
    applies_to=("unit",),
    tags=("indicator", "unit-form"),
    suggestion="指标性质填“定量指标”或“定性指标”。",
)
def nature(view: FormView, ctx: ReviewContext) -> Iterator[Hit]:
    """规则说明：单位整体表每个三级指标（投入管理指标除外）都须填写指标性质，且只能是“定量指标”或“定性指标”。
    为什么重要：指标性质决定指标值的写法和自评的计分方法（定量按完成比例，定性按分档），不填或填错就无法计分。
    不合规示例：“政府实事项目完成数”一行指标性质栏空白。
    合规示例：指标性质“定量指标”，方向“≥”，指标值“12”，计量单位“项”。
    依据：包头市财政局《绩效目标审核》：审核“指标性质、指标方向、目标值和计量单位的准确性和合理性”；申报表格式（沪财绩〔2022〕13号，未找到原文）；政策规则 R-COMP-07。
    已知局限：合并单元格留空的指标性质在读取时已沿用上一行（见 PRS001 提示），不再报告。
    """
    for row, indicator in _unit_rows(view):
        if indicator.nature is None:
            yield Hit(
                f"“{row.raw_name}”没有填写指标性质",
                ("indicators", row.index, "nature"),
                evidence=row.raw_name,
            )
        elif _nature(indicator) is None:
            yield Hit(
                f"“{row.raw_name}”的指标性质“{indicator.nature}”不是定量指标或定性指标",
                ("indicators", row.index, "nature"),
                evidence=indicator.nature,
            )


@rule(
    "UNT002",
    "unit.explanation-scoring",
    "缺少指标解释或评(扣)分标准",
    severity="error",
    dimension="completeness",
    applies_to=("unit",),
    tags=("indicator", "unit-form"),
    suggestion="填写指标解释（考察什么）和评(扣)分标准（达到什么得满分、未达到如何扣分）。",
)
def explanation_scoring(view: FormView, ctx: ReviewContext) -> Iterator[Hit]:
    """规则说明：单位整体表每个三级指标（投入管理指标除外）都须填写评(扣)分标准，并应填写指标解释。
    为什么重要：评(扣)分标准是年终自评计分的依据，缺了就无法计分；指标解释说明指标考察的内容，缺了容易各自理解。
    不合规示例：“社区居民满意度 ≥90%”一行评(扣)分标准空白。
    合规示例：指标解释“考察居民对部门履职的满意度”；评(扣)分标准“达到90%及以上得满分，否则按线性扣分”。
    依据：申报表格式（单位整体支出绩效目标申报表列：指标解释、评(扣)分标准）；包头市财政局《绩效目标审核》（指标设置的规范性）；政策规则 R-COMP-07。
    已知局限：缺评(扣)分标准为错误，缺指标解释为警告；不判断文字是否写得清楚。
    """
    for row, indicator in _unit_rows(view):
        if not key(indicator.scoring_rule):
            yield Hit(
                f"“{row.raw_name}”没有填写评(扣)分标准",
                ("indicators", row.index, "scoring_rule"),
                evidence=row.raw_name,
            )
        if not key(indicator.explanation):
            yield Hit(
                f"“{row.raw_name}”没有填写指标解释",
                ("indicators", row.index, "explanation"),
                evidence=row.raw_name,
                severity="warning",
            )


def _reading(text: str) -> str | None:
    """'≥' or '≤' when the scoring text reads one way only, else None."""
    at_least = bool(_READS_AT_LEAST.search(text))
    at_most = bool(_READS_AT_MOST.search(text))
    if at_least == at_most:
        return None
    return "≥" if at_least else "≤"


@rule(
    "UNT003",
    "unit.direction-vs-scoring",
    "方向与评(扣)分标准不一致",
    severity="warning",
    dimension="consistency",
    applies_to=("unit",),
    tags=("indicator", "unit-form"),
    suggestion="使方向与评(扣)分标准一致：“达到X得满分、否则扣分”对应方向“≥”，“不超过X”对应方向“≤”。",
)
def direction_vs_scoring(view: FormView, ctx: ReviewContext) -> Iterator[Hit]:
    """规则说明：定量指标的方向与评(扣)分标准的读法相反或不符：方向“≥”而标准写“不超过/控制在…以内”（或方向“≤”而标准写“不低于/达到…否则扣分”）为错误；方向“=”而标准按“达到X得满分、否则按线性扣分”（即下限）计分为警告；“=100%”的比率配“达到100%”的标准只汇总提示一次。
    为什么重要：方向和评分标准是自评时判断完成与否的两处依据，二者不一致时同一实际值会得出不同结论，目标值也就不明确。
    不合规示例：“受益居民人次 = 5000 人次”，评(扣)分标准“达到5000人次得满分，否则按比例扣分”——实际6000人次按“=”不算达标，按标准却得满分；“投诉处理时长 ≥ 3 天”配“不超过3天得满分”。
    合规示例：“社区居民满意度 ≥ 90%”配“达到90%及以上得满分”；“重特大事故发生率 = 0%”配“无重特大事故发生得满分，否则不得分”。
    依据：政策规则 R-SCORE-11（系统约定）；包头市财政局《绩效目标审核》：“指标方向”的准确性。
    已知局限：按关键词判断评分标准的读法，两种读法都出现时不判断；“=100%”的比率（不可能超过100%）与“达到100%”并不矛盾，全表只作一条提示；“=0”与“不超过/无…发生”不矛盾，不报告；满意度指标用“=”由 IND041 报告，此处不重复。
    """
    capped: list[tuple[Row, UnitIndicator]] = []
    for row, indicator in _unit_rows(view):
        op, number = row.target.op, row.target.number
        text = key(indicator.scoring_rule)
        if op is None or number is None or not text or _nature(indicator) == QUALITATIVE:
            continue
        reading = _reading(text)
        if reading is None:
            continue
        loc = ("indicators", row.index, "direction")
        evidence = f"{op}{row.raw_value}{indicator.unit or ''}；{indicator.scoring_rule}"
        if op in ("≥", ">") and reading == "≤":
            yield Hit(
                f"“{row.raw_name}”方向为“{op}”，评(扣)分标准却按上限（不超过）计分",
                loc,
                evidence=evidence,
                severity="error",
            )
        elif op in ("≤", "<") and reading == "≥":
            yield Hit(
                f"“{row.raw_name}”方向为“{op}”，评(扣)分标准却按下限（达到、不低于）计分",
                loc,
                evidence=evidence,
                severity="error",
            )
        elif op == "=" and number != 0 and SATISFACTION not in row.name:
            if reading == "≥" and number == _CAPPED.get(key(indicator.unit)):
                capped.append((row, indicator))
                continue
            bound = "下限（达到即得满分）" if reading == "≥" else "上限（不超过即得满分）"
            yield Hit(
                f"“{row.raw_name}”方向为“=”，评(扣)分标准却按{bound}计分，方向应为“{reading}”",
                loc,
                evidence=evidence,
            )
    if capped:
        names = "、".join(f"“{r.raw_name}”" for r, _ in capped[:3])
        more = f"等{len(capped)}个指标" if len(capped) > 3 else ""
        yield Hit(
            f"{names}{more}方向为“=100%”，评(扣)分标准按“达到100%得满分、否则扣分”计分；"
            "比率不会超过100%，两者并不矛盾，但正向指标的方向宜统一写“≥”",
            ("indicators", capped[0][0].index, "direction"),
            severity="info",
            evidence=capped[0][1].scoring_rule,
        )


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the regex admits only valid decimals
        return None


@rule(
    "UNT004",
    "unit.nature-vs-value",
    "指标性质与指标值不符",
    severity="warning",
    dimension="consistency",
    applies_to=("unit",),
    tags=("indicator", "unit-form"),
    suggestion="数值目标填为定量指标并写方向、数值和单位；文字目标填为定性指标并写可判断的等级。",
)
def nature_vs_value(view: FormView, ctx: ReviewContext) -> Iterator[Hit]:
    """规则说明：指标性质为“定量指标”而指标值是文字（如“提升”“及时”）为错误；指标性质为“定性指标”而指标值是数值（带方向或计量单位，如“≥ 90 %”）为警告。
    为什么重要：定量指标按实际值与目标值的比例计分，文字目标无法计算；定性指标按分档评价，填了数值却标为定性，自评时会用错计分方法。
    不合规示例：“文化宣传氛围 定量指标 提高”；“社区居民满意度 定性指标 ≥ 90 %”。
    合规示例：“文化宣传氛围 定性指标 提高”（是否模糊由其他规则判断）；“社区居民满意度 定量指标 ≥ 90 %”。
    依据：财政支出绩效评价管理暂行办法：“尽量进行定量表述。不能以量化形式表述的，可以采用定性的分级分档形式表述”；政策规则 R-NORM-01、R-COMP-07。
    已知局限：日期（如“2024年12月31日前”）按文字处理，可以是定性指标；没有指标值或指标性质的行由 REQ005、UNT001 报告。
    """
    for row, indicator in _unit_rows(view):
        kind = _nature(indicator)
        if kind is None or not row.value:
            continue
        loc = ("indicators", row.index, "nature")
        if kind == QUANTITATIVE and row.target.kind == "qualitative":
            yield Hit(
                f"“{row.raw_name}”是定量指标，指标值却是文字“{row.raw_value}”",
                loc,
                evidence=row.raw_value,
                severity="error",
            )
        elif kind == QUALITATIVE and row.target.kind == "quantitative":
            shown = f"{indicator.direction or ''}{row.raw_value}{indicator.unit or ''}"
            yield Hit(f"“{row.raw_name}”是定性指标，指标值却是数值“{shown}”", loc, evidence=shown)


@rule(
    "UNT005",
    "unit.scoring-threshold",
    "评(扣)分标准中的目标值与指标值不同",
    severity="warning",
    dimension="consistency",
    applies_to=("unit",),
    tags=("indicator", "unit-form"),
    suggestion="使评(扣)分标准中的达标值与指标值一致（如指标值95%，标准写“达到95%得满分”）。",
)
def scoring_threshold(view: FormView, ctx: ReviewContext) -> Iterator[Hit]:
    """规则说明：定量指标的评(扣)分标准写了与计量单位相同的数值（如“达到90%”），但这些数值中没有本行的指标值。
    为什么重要：评分标准中的达标值与指标值不同，自评时按哪个值计分就不明确，目标值形同虚设。
    不合规示例：“社区居民满意度 ≥ 95 %”，评(扣)分标准“满意度达到90%得满分，否则按线性扣分”。
    合规示例：“政府实事项目完成数 ≥ 12 项”，评(扣)分标准“完成12项及以上得满分，每少1项扣1分”。
    依据：政策规则 R-SCORE-11（评分标准与目标一致，系统约定）；包头市财政局《绩效目标审核》（目标值的准确性）。
    已知局限：只比较紧跟计量单位的数值，“每少1项”“扣1分”之类的步长不算达标值；分档标准（如“90%以上满分，80%-90%得一半”）只要含指标值即不报。
    """
    for row, indicator in _unit_rows(view):
        number, unit = row.target.number, key(indicator.unit)
        text = key(indicator.scoring_rule)
        if number is None or not unit or not text or _nature(indicator) != QUANTITATIVE:
            continue
        seen: list[Decimal] = []
        for found, after in _SCORING_NUMBER.findall(text):
            if after.startswith(unit):
                value = _decimal(found)
                if value is not None:
                    seen.append(value)
        if seen and number not in seen:
            listed = "、".join(f"{n}{unit}" for n in seen)
            yield Hit(
                f"“{row.raw_name}”指标值为{number}{unit}，评(扣)分标准写的是{listed}",
                ("indicators", row.index, "scoring_rule"),
                evidence=indicator.scoring_rule,
            )
