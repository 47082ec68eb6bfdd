"""IND030–IND059 — measurability of indicator values and names (可衡量性): vague words where a
number is expected, units that contradict the name (率 in 起, 人数 in %, 金额 in %), rates at or
above 100 %, missing direction symbols and units, satisfaction targets, yes/no and slogan names,
时效 values that are only “及时”.

Each indicator cell is reported by one rule only: a word value on a rate goes to IND033, on a
count or a 数量指标 row to IND030, on a satisfaction indicator to IND040, a bare “及时” on a
timeliness row to IND045, a direction word elsewhere to IND031 (info). IND032 then judges the
form as a whole by the share of word-only values (threshold ``vague_share``).

Speed: every row check is a function of the cell alone (``_Cell``: level labels, name, value,
parsed target), so identical rows — common across forms — are checked once (``lru_cache``); the
hits of a cell at a given row position are built once too (``_row_facts``: Hits are immutable and
shared), and all row checks of a form run in one pass whose result the rules of the form share
(``_facts``). Each rule below is its registered function (docstring, severity), which returns
the form's hits of its code, plus its cell check (``_<name>``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple

from jixiao.model.findings import Severity
from jixiao.model.forms import UnitForm, UnitIndicator
from jixiao.rules import lexicon
from jixiao.rules.context import ReviewContext
from jixiao.rules.registry import Hit, rule
from jixiao.rules.view import FormView, Row

HUNDRED = Decimal(100)
ZERO = Decimal(0)

# ---------------------------------------------------------------------------------------------
# Word lists (policy-rules.md §6, extended from the seeds). Compared on keys (NFKC, no spaces).

# A trailing bracket (转化成果(反邪教)) and quotes (“四个率”) are not part of the name's head.
_TRAILING_BRACKET = re.compile(r"[(（][^()（）]*[)）]$")
_TRAILING_MARKS = "”“\"'’‘」』》】]。.:：、，,；;"

# 率 words that are not proportions (frequency, power, speed, plot ratio, productivity…).
RATE_NOT_PROPORTION = ("频率", "功率", "速率", "容积率", "效率", "生产率", "汇率", "倍率")
# 度 words that are proportions like a 率 (most 度 words are not: 长度, 温度, 年度, 进度…).
RATE_DEGREES = (
    "满意度",
    "知晓度",
    "认知度",
    "知名度",
    "完整度",
    "覆盖度",
    "完成度",
    "参与度",
    "认可度",
    "信任度",
    "支持度",
    "达标度",
    "准确度",
    "满足度",
    "普及度",
)
# A rate above 100 % is impossible for these; a completion rate can be over-fulfilled.
BOUNDED_RATES = (
    "合格率",
    "达标率",
    "覆盖率",
    "通过率",
    "准确率",
    "正确率",
    "及时率",
    "到位率",
    "知晓率",
    "普及率",
    "完好率",
    "办结率",
    "结案率",
    "参与率",
    "合规率",
    "完整率",
    "完整度",
    "上岗率",
    "持证率",
    "入户率",
    "签约率",
    "处置率",
    "发放率",
    "执行率",
    "出勤率",
    "受理率",
    "回复率",
    "响应率",
    "修缮率",
    "满意度",
    "满意率",
    "知晓度",
    "覆盖度",
    "发生率",
    "投诉率",
    "曝光率",
    "差错率",
)
# Proportions that may exceed 100 % (growth, returns, productivity…): never judged on ≥100 %.
UNBOUNDED_WORDS = (
    "增长",
    "增幅",
    "增速",
    "增加",
    "提高",
    "提升",
    "同比",
    "环比",
    "回报",
    "收益",
    "利润",
    "生产率",
    "比上年",
    "较上年",
    "倍",
    "效率",
    "容积率",
    "周转",
    "产出比",
    "弹性",
    "杠杆",
    "超额",
    "使用率",
)

COUNT_ENDINGS = ("数", "数量", "人次", "场次", "户次", "次数")
NOT_COUNTS = ("指数", "系数", "分数", "参数", "倍数", "基数", "读数", "函数", "小数", "级数")
AMOUNT_ENDINGS = ("金额", "资金", "费用", "经费", "额", "费", "资金量")
NOT_AMOUNTS = ("份额", "免费", "浪费")
PERCENT = frozenset({"%", "百分比"})
# Count units for the rate check: durations (天) are left out, a 及时率 in 天 is a time limit.
RATE_WRONG_UNITS = (lexicon.COUNT_UNITS - {"天"}) | lexicon.MONEY_UNITS
# Names whose numbers have no unit by nature.
UNITLESS_NAMES = ("指数", "系数", "比值", "倍数", "容积率", "比")
SCORE_UNITS = frozenset({"分"})

# Vague values. NO_TARGET: the value states a direction or a wish, no level at all (提升, 增加,
# 良好, 长期); STATE: a yes/no state that is not graded (规范, 健全, 合格). Both are vague.
_DIRECTIONAL = re.compile(
    r"^(?:进一步|有效|逐步|明显|显著|稳步|不断|持续|大幅|同比|环比|较上年|较上一年|较去年|较往年"
    r"|有所|得到|全面|切实)?"
    r"(?:提升|提高|改善|改进|增加|增长|增强|减少|降低|下降|压降|促进|优化|加强|扩展|扩大|巩固|缩短"
    r"|改观)"
)
NO_TARGET_WORDS = frozenset(
    """较好 良好 有效 保障 起到 提供 长期 持续 维护 全面开展 有效推广 积极 明显 显著 较大 一般
    稳步推进 不断完善""".split()
)
STATE_WORDS = lexicon.VAGUE_VALUES | frozenset(
    """准确 充分 全覆盖 建立 建立有效 建立完善 健全完善 完好 齐全 按要求 按计划 按期 准时
    按时完成 按期完成 及时完成 顺利 基本完成 已完成 有序 有序推进 按计划有序推进""".split()
)
# A timeliness value that names no date, deadline or duration.
_TIMELY_ONLY = re.compile(
    r"^(?:(?:按时|及时|准时|按期|如期|按计划|按规定时间|按要求|按进度)"
    r"(?:完成|开展|发放|支付|到位|办结|共享|推进|进行|实施|拨付|有序推进|处置|处理|响应)?"
    r"|(?:完成|开展|发放|支付|到位|办结|共享|拨付|处置|处理|响应)(?:及时|按时|准时))$"
)
TIMELY_NAME_WORDS = ("及时", "按时", "时效", "时限", "准时")
# Words in a value that carry the direction when no symbol is printed (不低于90%, 24小时以内).
DIRECTION_WORDS = (
    "不低于",
    "不少于",
    "不超过",
    "不高于",
    "不多于",
    "不大于",
    "不小于",
    "至少",
    "最多",
    "最少",
    "低于",
    "高于",
    "超过",
    "以上",
    "以下",
    "以内",
    "达到",
    "控制在",
    "小于",
    "大于",
    "全覆盖",
    "左右",
)
# Verbs that make a name a slogan when it starts with them, and noun compounds they begin.
SLOGAN_VERBS = (
    *lexicon.SLOGAN_VERBS,
    "改善",
    "增强",
    "完善",
    "降低",
    "减少",
    "压降",
    "维护",
    "提供",
    "助力",
)
SLOGAN_NOUNS = (
    "保障房",
    "保障性",
    "保障对象",
    "保障金",
    "保障人",
    "促进会",
    "推进会",
    "提升泵",
    "维护费",
    "提供方",
)
MEASURABLE_ENDINGS = (
    "率",
    "数",
    "量",
    "度",
    "次",
    "比例",
    "占比",
    "面积",
    "金额",
    "时长",
    "人次",
    "场次",
    "比",
)
# Verbs that put the direction into the name (降低矛盾发生率): a slogan even on a measurable noun.
DIRECTION_VERBS = ("提升", "提高", "降低", "减少", "增加", "增强", "改善", "压降", "促进")
# Property names (…规范性) and the values that answer them; synonyms share a group.
PROPERTY_GROUPS: dict[str, str] = {
    "规范": "规范",
    "合规": "规范",
    "规范化": "规范",
    "健全": "健全",
    "完善": "健全",
    "建立健全": "健全",
    "健全有效": "健全",
    "健全完善": "健全",
    "及时": "及时",
    "按时": "及时",
    "准时": "及时",
    "准确": "准确",
    "正确": "准确",
    "完整": "完整",
    "齐全": "完整",
    "充分": "充分",
    "有效": "有效",
    "明确": "明确",
    "稳定": "稳定",
    "安全稳定": "稳定",
    "长期": "长期",
    "持续": "长期",
    "便捷": "便捷",
    "契合": "契合",
}
_PROPERTY_NAME = re.compile(r"(规范化|建立健全|健全有效|[\u4e00-\u9fff]{2})性$")


# ---------------------------------------------------------------------------------------------
# Name and value classes (cached: names and values repeat across forms).


@lru_cache(maxsize=65536)
def _head(name: str) -> str:
    """The name without a trailing bracketed remark and quotes: “四个率” → 四个率."""
    head = _TRAILING_BRACKET.sub("", name).rstrip(_TRAILING_MARKS)
    return head or name


@lru_cache(maxsize=65536)
def is_rate(name: str) -> bool:
    """A proportion indicator: …率 (not 频率, 效率…) or a proportion-like …度 (知晓度)."""
    head = _head(name)
    if head.endswith("率"):
        return not head.endswith(RATE_NOT_PROPORTION)
    return head.endswith(RATE_DEGREES)


@lru_cache(maxsize=65536)
def is_count(name: str) -> bool:
    """A count indicator: …数, …数量, …人次 (not 指数, 系数…)."""
    head = _head(name)
    return head.endswith(COUNT_ENDINGS) and not head.endswith(NOT_COUNTS) and not is_rate(name)


@lru_cache(maxsize=65536)
def is_amount(name: str) -> bool:
    """An amount indicator: …金额, …资金, …费用, …经费, …费 (not a rate)."""
    head = _head(name)
    return head.endswith(AMOUNT_ENDINGS) and not head.endswith(NOT_AMOUNTS) and "率" not in head


@lru_cache(maxsize=65536)
def is_satisfaction(name: str) -> bool:
    """A satisfaction indicator: …满意度/满意率, not 不满意率 nor 满意度调查覆盖率."""
    if "不满意" in name:
        return False
    end = max(name.rfind("满意度"), name.rfind("满意率"))
    if end < 0:
        return False
    tail = name[end + 3 :]
    return not any(word in tail for word in ("率", "数", "次", "调查", "覆盖", "回收", "样本"))


@lru_cache(maxsize=65536)
def no_target(value: str) -> bool:
    """A word value that states only a direction or a wish (提升, 增加, 良好, 长期)."""
    if not value or any(ch.isdigit() for ch in value):
        return False
    return value in NO_TARGET_WORDS or _DIRECTIONAL.match(value) is not None


@lru_cache(maxsize=65536)
def timely_only(value: str) -> bool:
    return _TIMELY_ONLY.match(value) is not None


@lru_cache(maxsize=65536)
def is_vague(value: str) -> bool:
    """A word value without a level: vague lexicon, a direction word or a bare “及时”."""
    if not value or _has_digit(value):
        return False
    return value in STATE_WORDS or no_target(value) or timely_only(value)


@lru_cache(maxsize=65536)
def _has_digit(value: str) -> bool:
    return any(ch.isdigit() for ch in value)


@lru_cache(maxsize=65536)
def _unbounded(name: str) -> bool:
    return any(word in name for word in UNBOUNDED_WORDS)


@lru_cache(maxsize=65536)
def _timely_name(name: str) -> bool:
    return any(word in name for word in TIMELY_NAME_WORDS)


@lru_cache(maxsize=65536)
def _mismatched_property(name: str, value: str) -> str | None:
    """The property a …性 name asks for when the value answers another one (规范性 → 健全)."""
    match = _PROPERTY_NAME.search(_head(name))
    if not match:
        return None
    asked = PROPERTY_GROUPS.get(match.group(1))
    given = PROPERTY_GROUPS.get(value)
    if asked is None or given is None or asked == given or match.group(1) in value:
        return None
    return match.group(1)


# ---------------------------------------------------------------------------------------------
# One indicator cell as the checks see it, and what they say about it.


class _Cell(NamedTuple):
    """The parts of a row the checks read (hashable: identical rows are checked once)."""

    level1: str
    level2: str
    name: str  # key (NFKC, no spaces)
    value: str  # key
    raw_name: str | None
    raw_value: str | None
    kind: str
    op: str | None
    number: Decimal | None
    unit: str | None
    shown: str | None  # the value as printed (unit forms: direction + value + unit)

    @property
    def percent(self) -> bool:
        return self.kind == "quantitative" and (self.unit or "") in PERCENT

    @property
    def target_text(self) -> str:
        return f"{self.op or ''}{self.number}{self.unit or ''}"

    @property
    def word_value(self) -> bool:
        """A value in words only: no digit (dates, periods) and no placeholder."""
        return (
            self.kind == "qualitative"
            and bool(self.value)
            and self.value not in lexicon.PLACEHOLDERS
            and not _has_digit(self.value)
        )


class _Note(NamedTuple):
    """A finding on one cell, without the row index (so that it can be cached)."""

    code: str
    field: str  # "value" or "name"
    message: str
    evidence: str | None
    severity: Severity | None = None


def _shown(row: Row) -> str | None:
    """The value as printed (a unit form prints direction, value and unit in three columns)."""
    ind = row.indicator
    if isinstance(ind, UnitIndicator) and ind.value is not None:
        return f"{ind.direction or ''}{ind.value}{ind.unit or ''}"
    return ind.value


@lru_cache(maxsize=65536)
def _owner(cell: _Cell) -> str | None:
    """Which rule reports the word value of a cell: every cell is reported once."""
    if not cell.name or not cell.word_value or cell.level1 == "投入管理指标":
        return None
    name, value = cell.name, cell.value
    if is_satisfaction(name):
        return "IND040"
    if is_rate(name):
        return "IND033"
    if is_count(name) or is_amount(name) or cell.level2 == "数量指标":
        return "IND030"
    if _mismatched_property(name, value) is not None:
        return "IND046"
    if timely_only(value) and (cell.level2 == "时效指标" or _timely_name(name)):
        return "IND045"
    if no_target(value):
        return "IND031"
    return None


class _Checked(NamedTuple):
    """The row checks' result on one cell, and what the form rules need from it."""

    notes: tuple[_Note, ...]
    counted: bool  # has a value (not a placeholder), outside 投入管理指标
    vague: str | None  # the word-only value, for IND032
    satisfaction: Decimal | None  # a satisfaction percentage (not ≤/<), for IND042


@lru_cache(maxsize=65536)
def _check_cell(
    level1: str,
    level2: str,
    name: str,
    value: str,
    raw_name: str | None,
    raw_value: str | None,
    kind: str,
    op: str | None,
    number: Decimal | None,
    unit: str | None,
    shown: str | None,
) -> _Checked:
    """All row checks on one cell; cached by the cell's parts (rows repeat across forms)."""
    cell = _Cell(level1, level2, name, value, raw_name, raw_value, kind, op, number, unit, shown)
    notes = tuple(note for check in _CELL_CHECKS for note in check(cell))
    counted = (
        cell.level1 != "投入管理指标"
        and bool(cell.value)
        and cell.value not in lexicon.PLACEHOLDERS
    )
    vague = (
        (cell.raw_value or cell.value)
        if (counted and cell.kind == "qualitative" and is_vague(cell.value))
        else None
    )
    satisfaction = (
        cell.number
        if (
            counted
            and cell.percent
            and cell.name
            and is_satisfaction(cell.name)
            and cell.op not in ("≤", "<")
        )
        else None
    )
    return _Checked(notes, counted, vague, satisfaction)


class _RowFacts(NamedTuple):
    """One row's share of a form's facts: its hits (by code, built once) and its counts."""

    hits: tuple[tuple[str, Hit], ...]
    counted: bool
    vague: str | None
    satisfaction: Decimal | None


@lru_cache(maxsize=65536)
def _row_facts(
    index: int,
    level1: str,
    level2: str,
    name: str,
    value: str,
    raw_name: str | None,
    raw_value: str | None,
    kind: str,
    op: str | None,
    number: Decimal | None,
    unit: str | None,
    shown: str | None,
) -> _RowFacts:
    """The checks of one cell at row ``index``, with its hits built (Hits are immutable, so
    identical rows at the same position share them across forms)."""
    checked = _check_cell(
        level1, level2, name, value, raw_name, raw_value, kind, op, number, unit, shown
    )
    hits = tuple(
        (
            note.code,
            Hit(
                note.message,
                ("indicators", index, note.field),
                evidence=note.evidence,
                severity=note.severity,
            ),
        )
        for note in checked.notes
    )
    found = _RowFacts(hits, checked.counted, checked.vague, checked.satisfaction)
    return _PLAIN if found == _PLAIN else found


# The common row: a value counted for IND032, nothing to report, nothing else to remember.
_PLAIN = _RowFacts((), True, None, None)


@dataclass(slots=True)
class _Facts:
    """What the checks found on one form: hits by code, and the counts for the form rules."""

    hits: dict[str, list[Hit]]
    counted: int
    vague: list[str]
    satisfaction: list[tuple[Row, Decimal]]


# The rules of this module share one check of the cells per form, kept in the view's cache.
_NONE: tuple[Hit, ...] = ()


def _facts(view: FormView) -> _Facts:
    cached: _Facts | None = view.cache.get(__name__)
    if cached is not None:
        return cached
    hits: dict[str, list[Hit]] = {}
    counted = 0
    vague: list[str] = []
    satisfaction: list[tuple[Row, Decimal]] = []
    unit_form = isinstance(view.form, UnitForm)
    row_facts, plain = _row_facts, _PLAIN
    # the facts of each row content (Row.cell), for the review
    memo: dict[int, _RowFacts] | None = view.shared.get(__name__)
    if memo is None:
        memo = view.shared[__name__] = {}
    for row in view.rows:
        found = memo.get(row.cell)
        if found is None:
            ind, target = row.indicator, row.target
            raw_value = ind.value
            found = row_facts(
                row.index,
                row.level1,
                row.level2,
                row.name,
                row.value,
                ind.name,
                raw_value,
                target.kind,
                target.op,
                target.number,
                target.unit,
                _shown(row) if unit_form else raw_value,
            )
            if row.cell >= 0:
                memo[row.cell] = found
        if found is plain:
            counted += 1
            continue
        row_hits, row_counted, row_vague, row_satisfaction = found
        for code, hit in row_hits:
            listed = hits.get(code)
            if listed is None:
                hits[code] = [hit]
            else:
                listed.append(hit)
        if row_counted:
            counted += 1
        if row_vague is not None:
            vague.append(row_vague)
        if row_satisfaction is not None:
            satisfaction.append((row, row_satisfaction))
    facts = _Facts(hits, counted, vague, satisfaction)
    view.cache[__name__] = facts
    return facts


def _hits(view: FormView, code: str) -> Sequence[Hit]:
    facts: _Facts | None = view.cache.get(__name__)  # _facts(view), without a call once known
    if facts is None:
        facts = _facts(view)
    return facts.hits.get(code, _NONE)


@lru_cache(maxsize=64, typed=True)
def _floor(threshold: object) -> Decimal:
    """The satisfaction floor as a Decimal, printed as the profile gives it (85 or 85.0)."""
    return Decimal(str(threshold))


# ---------------------------------------------------------------------------------------------
# Word values where a number or a level is expected.


@rule(
    "IND030",
    "measurability.count-in-words",
    "数量类指标没有填写数量",
    severity="warning",
    dimension="measurability",
    applies_to=("project", "unit"),
    tags=("indicator", "vague"),
    suggestion="数量指标填写计划完成的数量：方向、数值和单位，如“≥120(场)”“=40(个)”。",
)
def count_in_words(view: FormView, ctx: ReviewContext) -> Sequence[Hit]:
    """规则说明：数量指标，或名称为数量/人数/次数/金额的指标，指标值只写了文字（“增加”“完成”“提高”），没有数值。
    名称本身是数量或金额、指标值又只写“增加”“减少”等方向词的，为错误；其余（如数量指标下的“信息化建设 完成”）为警告。
    为什么重要：数量指标反映计划完成的产品或服务数量，没有数值就没有考核标准，年末无法判断是否完成，也无法与资金规模比较。
    不合规示例：“扶持科技企业数量 增加”；“环境脏乱差投诉数 减少”；“绿化养护面积完成数 完成”。
    合规示例：“扶持科技企业数量 ≥30(家)”；“环境脏乱差投诉数 ≤12(件)”；“绿化养护面积 ≥18.83(万平方米)”。
    依据：财政支出绩效评价管理暂行办法：“绩效目标从数量、质量、成本和时效等方面进行细化，尽量进行定量表述”；赤峰市审计局《财政预算绩效管理中审计发现的常见问题》：“指标值模糊、难以衡量，比如有些指标值表述为‘改善’、‘提高’等”；财预〔2015〕88号“细化量化”（待核对原文）。
    已知局限：按名称结尾（数、数量、人次、金额、经费、费）和二级指标判断；比率、满意度指标的文字值分别由 IND033、IND040 报告。
    """
    return _hits(view, "IND030")


def _count_in_words(c: _Cell) -> Iterator[_Note]:
    if _owner(c) != "IND030":
        return
    named = is_count(c.name) or is_amount(c.name)
    what = "金额" if is_amount(c.name) else "数量"
    if named:
        message = f"“{c.raw_name}”是{what}指标，指标值却只写了“{c.raw_value}”，没有{what}目标"
    else:
        message = f"数量指标“{c.raw_name}”的指标值“{c.raw_value}”不是数量"
    severe = named and no_target(c.value)
    yield _Note("IND030", "value", message, c.raw_value, "error" if severe else "warning")


@rule(
    "IND031",
    "measurability.vague-value",
    "指标值只写方向或愿望",
    severity="info",
    dimension="measurability",
    applies_to=("project", "unit"),
    tags=("indicator", "vague"),
    suggestion="能量化的改为“方向+数值+单位”（如“≤5(件)”“≥95(%)”）；确不能量化的，写明可判断的等级或"
    "标准（如“达到《××管理办法》要求”“优/良/中/差”）。",
)
def vague_value(view: FormView, ctx: ReviewContext) -> Sequence[Hit]:
    """规则说明：指标值为“提升”“改善”“有效压降”“良好”“长期”“促进”等只表明方向或愿望的词，没有数值、等级或判断标准。
    逐行提示，不扣分；整张表模糊值过多时由 IND032 给出警告。“规范”“健全”“合格”等是非型定性值不逐行提示，只计入 IND032 的占比。
    为什么重要：“提升”“改善”只表明方向，没有目标水平（提升多少、与什么相比），年末自评时无法客观判断是否达成。
    不合规示例：“河水(林)质量提升情况 提升”；“项目持续发挥作用的期限 长期”；“后勤保障服务情况 良好”。
    合规示例：“河道水质达标率 ≥90(%)”；“设施使用年限 ≥10(年)”；“后勤服务投诉数 ≤3(件)”。
    依据：财政支出绩效评价管理暂行办法：“不能以量化形式表述的，可以采用定性的分级分档形式表述”；赤峰市审计局常见问题：“指标值模糊、难以衡量，比如有些指标值表述为‘改善’、‘提高’等”；中诚政融《绩效目标设置的痼疾在哪里？》：“进一步提高”“明显改善”“有效促进”（模糊化）。
    已知局限：按词表和“提升/改善/降低……”等开头判断，词表外的模糊写法不报告；数量、比率、满意度、时效指标的文字值分别由 IND030、IND033、IND040、IND045 报告。
    """
    return _hits(view, "IND031")


def _vague_value(c: _Cell) -> Iterator[_Note]:
    if _owner(c) == "IND031":
        yield _Note(
            "IND031",
            "value",
            f"“{c.raw_name}”的指标值“{c.raw_value}”只表明方向或愿望，没有具体的目标值",
            c.raw_value,
        )


@rule(
    "IND032",
    "measurability.vague-share",
    "模糊的指标值占比过高",
    severity="warning",
    dimension="measurability",
    applies_to=("project", "unit"),
    tags=("indicator", "vague"),
    suggestion="把主要指标改为定量表述（方向+数值+单位）；定性指标写明分级分档标准。",
)
def vague_share(view: FormView, ctx: ReviewContext) -> Sequence[Hit]:
    """规则说明：一张表中，指标值只有“提升”“及时”“规范”“健全”“满意”等定性词（无数值、无日期）的行所占比例超过阈值 vague_share（默认 50%），且至少 3 行。
    为什么重要：多数指标不可衡量的表，绩效目标实际上无法考核，不符合“细化量化”的要求；逐行提示之外需要对整张表作出判断。
    不合规示例：机关后勤服务经费 13 项指标中 11 项为“规范”“及时”“良好”“完善”“满意”。
    合规示例：8 项指标中 7 项为“≥120(场)”“≥95(%)”等定量值，仅“长效管理制度健全性 健全”为定性值。
    依据：赤峰市审计局常见问题：“指标值模糊、难以衡量”；财政支出绩效评价管理暂行办法：“尽量进行定量表述”；中诚政融《绩效目标设置的痼疾在哪里？》（模糊化）。阈值为系统约定。
    已知局限：分母为填写了指标值的行；模糊词按词表判断。
    """
    facts = _facts(view)
    total, vague = facts.counted, facts.vague
    if total == 0 or len(vague) < 3:
        return _NONE
    return _vague_share(tuple(vague), total, float(ctx.threshold("vague_share")))


@lru_cache(maxsize=4096)
def _vague_share(vague: tuple[str, ...], total: int, limit: float) -> tuple[Hit, ...]:
    """IND032 on a form's word-only values (cached: the same tables recur across forms)."""
    share = len(vague) / total
    if share <= limit:
        return _NONE
    words = "".join(list(dict.fromkeys(f"“{word}”" for word in vague))[:6])
    return (
        Hit(
            f"{total}项指标中有{len(vague)}项（{share:.0%}）的指标值为{words}等定性词，"
            f"没有数值，超过{limit:.0%}",
            ("indicators",),
            evidence=f"{len(vague)}/{total}",
        ),
    )


# ---------------------------------------------------------------------------------------------
# Value and unit against the kind of the name.


@rule(
    "IND033",
    "measurability.rate-in-words",
    "比率类指标填写了文字",
    severity="warning",
    dimension="measurability",
    applies_to=("project", "unit"),
    tags=("indicator", "unit"),
    suggestion="比率指标填写百分比目标，如“合格率 ≥95(%)”“发生率 ≤1(%)”。",
)
def rate_in_words(view: FormView, ctx: ReviewContext) -> Sequence[Hit]:
    """规则说明：名称为“……率”（或知晓度、认知度等比率类“……度”）的指标，指标值只写了文字。
    写“合格”“及时”“规范”等状态词的为警告（通常可推知为100%）；写“提升”“降低”等方向词的为错误（没有任何目标水平）。
    为什么重要：指标值应与指标名称对应；比率没有百分比就无法计算完成程度，“合格率 合格”答非所问。
    不合规示例：“公共产品和服务达到的合格率 合格”；“应补尽补率 提升”；“肇事肇祸发生率 降低”。
    合规示例：“公共产品和服务达到的合格率 ≥98(%)”；“应补尽补率 =100(%)”；“肇事肇祸发生率 ≤0.5(%)”。
    依据：包头市财政局《绩效目标审核》：审核“指标性质、指标方向、目标值和计量单位的准确性和合理性”；赤峰市审计局常见问题（指标值模糊）。名称与取值类型的对应为系统约定。
    已知局限：频率、效率、生产率、容积率等不作为比率；写日期的“及时率”（如“2023年12月底前”）不在此报告。
    """
    return _hits(view, "IND033")


def _rate_in_words(c: _Cell) -> Iterator[_Note]:
    if _owner(c) != "IND033":
        return
    if no_target(c.value):
        yield _Note(
            "IND033",
            "value",
            f"比率指标“{c.raw_name}”的指标值“{c.raw_value}”只表明方向，没有百分比目标",
            c.raw_value,
            "error",
        )
    else:
        yield _Note(
            "IND033",
            "value",
            f"比率指标“{c.raw_name}”的指标值写成了“{c.raw_value}”，应为百分比",
            c.raw_value,
        )


@rule(
    "IND034",
    "measurability.rate-count-unit",
    "比率类指标使用了计数或金额单位",
    severity="error",
    dimension="measurability",
    applies_to=("project", "unit"),
    tags=("indicator", "unit"),
    suggestion="比率指标以百分比计（如“有责投诉率 ≤1(%)”）；若要考核件数，把名称改为“……数”"
    "（如“有责投诉数 =0(起)”）。",
)
def rate_count_unit(view: FormView, ctx: ReviewContext) -> Sequence[Hit]:
    """规则说明：名称为“……率”的指标，计量单位却是“起”“次”“个”“人”“元”等计数或金额单位。
    单位为“个街镇”“个区域”一类带名词的计数时，只作警告。
    为什么重要：名称与单位矛盾，目标值无法解读（0起是件数还是比率？），自评时实际值与目标值口径不一。
    不合规示例：“有责投诉率 =0.00(起)”；“媒体负面曝光率 =0.00(起)”。
    合规示例：“有责投诉率 =0.00(%)”，或“有责投诉数 =0.00(起)”。
    依据：包头市财政局《绩效目标审核》：审核“目标值和计量单位的准确性和合理性”；计量单位与名称的对应（率/度→%，数→人、次、个，金额→元）为系统约定。
    已知局限：“频率”（次/月）、“及时率”配天数等时限单位不报告。
    """
    return _hits(view, "IND034")


def _rate_count_unit(c: _Cell) -> Iterator[_Note]:
    if not c.name or c.kind != "quantitative" or not is_rate(c.name) or is_satisfaction(c.name):
        return
    unit = c.unit or ""
    if unit in RATE_WRONG_UNITS:
        yield _Note(
            "IND034", "value", f"比率指标“{c.raw_name}”的单位为“{unit}”，不是百分比", c.shown
        )
    elif unit[:1] in RATE_WRONG_UNITS and len(unit) > 1 and "/" not in unit:
        yield _Note(
            "IND034", "value", f"比率指标“{c.raw_name}”以“{unit}”计，应为百分比", c.shown, "warning"
        )


@rule(
    "IND035",
    "measurability.count-percent-unit",
    "数量类指标以百分比计",
    severity="error",
    dimension="measurability",
    applies_to=("project", "unit"),
    tags=("indicator", "unit"),
    suggestion="人数、次数等数量指标填写具体数量（如“=120(人)”）；若要考核完成比例，把名称改为"
    "“……完成率”。",
)
def count_percent_unit(view: FormView, ctx: ReviewContext) -> Sequence[Hit]:
    """规则说明：名称为“……人数”“……次数”“……数量”“……数”的指标，指标值却以百分比计。
    为什么重要：数量指标应反映计划完成的数量；“完成人数 100%”无法看出人数多少，也无法与资金规模比较。
    不合规示例：“禁毒综合干预体检完成人数 100%”。
    合规示例：“禁毒综合干预体检完成人数 ≥66(人)”，或“禁毒综合干预体检完成率 =100(%)”。
    依据：包头市财政局《绩效目标审核》：审核“目标值和计量单位的准确性和合理性”；计量单位与名称的对应为系统约定。
    已知局限：指数、系数、分数等不作为数量；“人数占比”“人数比例”等不在此报告。
    """
    return _hits(view, "IND035")


def _count_percent_unit(c: _Cell) -> Iterator[_Note]:
    if c.name and c.percent and is_count(c.name):
        yield _Note(
            "IND035",
            "value",
            f"数量指标“{c.raw_name}”的指标值为百分比“{c.target_text}”，没有数量",
            c.shown,
        )


@rule(
    "IND036",
    "measurability.amount-percent",
    "金额类指标以百分比计",
    severity="error",
    dimension="measurability",
    applies_to=("project", "unit"),
    tags=("indicator", "unit"),
    suggestion="金额指标以元或万元计（如“奖励金额 ≤1,200,000(元)”）；要考核发放比例的，"
    "改为“……发放率”。",
)
def amount_percent(view: FormView, ctx: ReviewContext) -> Sequence[Hit]:
    """规则说明：名称为“……金额”“……资金”“……费用”“……经费”的指标（不含“率”），指标值却以百分比计。
    方向为“≤”“<”的（如“经费 ≤100%”，可理解为不超预算）只作警告。
    为什么重要：金额指标应与预算金额对应；“奖励金额 ≥100%”没有基数，既看不出金额，也无从与申请资金核对。
    不合规示例：“商品房奖励、公房售后房奖励金额 ≥100.00(%)”。
    合规示例：“商品房奖励、公房售后房奖励金额 ≤1,500,000.00(元)”，或“奖励资金发放率 =100(%)”。
    依据：包头市财政局《绩效目标审核》：审核“目标值和计量单位的准确性和合理性”；财预〔2015〕88号“与预算确定的投资额或资金量相匹配”（待核对原文）。
    已知局限：按名称结尾判断；“资金拨付及时性”“资金执行进度”等不作为金额。
    """
    return _hits(view, "IND036")


def _amount_percent(c: _Cell) -> Iterator[_Note]:
    if c.name and c.percent and is_amount(c.name):
        capped = c.op in ("≤", "<")
        yield _Note(
            "IND036",
            "value",
            f"金额指标“{c.raw_name}”的指标值为百分比“{c.target_text}”，没有金额",
            c.shown,
            "warning" if capped else None,
        )


@rule(
    "IND037",
    "measurability.percent-over-100",
    "比率目标为“≥100%”或超过100%",
    severity="warning",
    dimension="appropriateness",
    applies_to=("project", "unit"),
    tags=("indicator", "target"),
    suggestion="完成率、合格率等最高为100%：目标写“=100(%)”或低于100%的下限（如“≥98(%)”）。",
)
def percent_over_100(view: FormView, ctx: ReviewContext) -> Sequence[Hit]:
    """规则说明：百分比目标为“≥100%”（比率不会超过100%，“≥”无意义），或高于100%、“>100%”。
    合格率、覆盖率、满意度等不可能超过100%的比率，目标超过100%为错误；完成率等可超额完成的为警告。
    为什么重要：目标值应客观可达；“≥100%”实际等于“=100%”，超过100%的比率目标无法实现，自评时必然“未完成”或口径混乱。
    不合规示例：“过渡费补贴发放准确率 ≥100.00(%)”；“验收通过率 ≥100.00(%)”；“合格率 =105(%)”。
    合规示例：“过渡费补贴发放准确率 =100.00(%)”；“验收通过率 ≥98(%)”。
    依据：包头市财政局《绩效目标审核》：审核“目标值……的准确性和合理性”；财预〔2015〕88号适当性审核“绩效目标是否过高或过低”（待核对原文）。“比率不超过100%”为系统约定。
    已知局限：增长率、回报率、生产率、使用率等可超过100%，不检查；金额、数量指标的百分比由 IND035、IND036 报告。
    """
    return _hits(view, "IND037")


def _percent_over_100(c: _Cell) -> Iterator[_Note]:
    number = c.number
    if not c.name or not c.percent or number is None or _unbounded(c.name):
        return
    if is_amount(c.name) or is_count(c.name):
        return
    if c.op == "≥" and number == HUNDRED:
        yield _Note(
            "IND037",
            "value",
            f"“{c.raw_name}”的目标“{c.target_text}”：比率最高为100%，“≥100%”无意义",
            c.shown,
        )
    elif (c.op == ">" and number >= HUNDRED) or (c.op not in ("≤", "<") and number > HUNDRED):
        bounded = _head(c.name).endswith(BOUNDED_RATES)
        yield _Note(
            "IND037",
            "value",
            f"“{c.raw_name}”的目标“{c.target_text}”超过100%",
            c.shown,
            "error" if bounded else "warning",
        )


# ---------------------------------------------------------------------------------------------
# Format of a quantitative value: direction, number, unit.


@rule(
    "IND038",
    "measurability.no-direction",
    "定量指标值缺少方向符号",
    severity="warning",
    dimension="measurability",
    applies_to=("project", "unit"),
    tags=("indicator", "format"),
    suggestion="在数值前加方向符号：下限用“≥”，上限用“≤”，确定值用“=”（如“≥360(人)”“≤24(小时)”）。",
)
def no_direction(view: FormView, ctx: ReviewContext) -> Sequence[Hit]:
    """规则说明：定量指标值只有数值和单位，没有“≥ ≤ = > <”方向符号，也没有“不低于”“以内”等文字。
    为什么重要：没有方向就不知道目标是下限还是上限，自评时无法选用正向或反向计分（完成值/目标值或目标值/完成值）。
    不合规示例：“特勤安保人数 360人”；“党员满意度 90%”；“设备故障响应及时性 2小时”。
    合规示例：“特勤安保人数 ≥360(人)”；“党员满意度 ≥90(%)”；“设备故障响应及时性 ≤2(小时)”。
    依据：包头市财政局《绩效目标审核》：审核“指标性质、指标方向、目标值和计量单位的准确性和合理性”；“方向+数值+单位”的格式见上海市各区申报表（系统约定）。
    已知局限：“100%”和“0”两种值方向不影响计分，不报告；闵行区浦江镇等地的表普遍不写方向，故只作警告。
    """
    return _hits(view, "IND038")


def _no_direction(c: _Cell) -> Iterator[_Note]:
    if not c.name or c.kind != "quantitative" or c.op is not None:
        return
    if c.number is None or c.number == ZERO or (c.number == HUNDRED and c.percent):
        return
    if any(word in c.value for word in DIRECTION_WORDS):
        return
    yield _Note("IND038", "value", f"“{c.raw_name}”的指标值“{c.shown}”没有方向符号", c.shown)


@rule(
    "IND039",
    "measurability.no-unit",
    "定量指标值缺少计量单位",
    severity="warning",
    dimension="measurability",
    applies_to=("project", "unit"),
    tags=("indicator", "format"),
    suggestion="在数值后写明计量单位，如“(人)”“(次)”“(%)”“(元)”。",
)
def no_unit(view: FormView, ctx: ReviewContext) -> Sequence[Hit]:
    """规则说明：定量指标值只有数值，没有计量单位。
    为什么重要：没有单位的数值含义不明（109是人、人次还是份？），无法与实际完成值和资金规模比较。
    不合规示例：“社保队员午餐人数 109”。
    合规示例：“社保队员午餐人数 ≥109(人)”。
    依据：包头市财政局《绩效目标审核》：审核“目标值和计量单位的准确性和合理性”；“方向+数值+单位”的格式为系统约定。
    已知局限：指数、系数、倍数、“……比”等本无单位的指标和目标值“0”不报告。
    """
    return _hits(view, "IND039")


def _no_unit(c: _Cell) -> Iterator[_Note]:
    if not c.name or c.kind != "quantitative" or c.unit:
        return
    if c.number is None or c.number == ZERO or _head(c.name).endswith(UNITLESS_NAMES):
        return
    yield _Note("IND039", "value", f"“{c.raw_name}”的指标值“{c.shown}”没有计量单位", c.shown)


# ---------------------------------------------------------------------------------------------
# Satisfaction.


@rule(
    "IND040",
    "measurability.satisfaction-not-percent",
    "满意度指标值不是百分比",
    severity="error",
    dimension="measurability",
    applies_to=("project", "unit"),
    tags=("indicator", "satisfaction"),
    suggestion="满意度以调查结果的百分比表述，如“≥90(%)”，并说明调查方式。",
)
def satisfaction_not_percent(view: FormView, ctx: ReviewContext) -> Sequence[Hit]:
    """规则说明：名称为“……满意度/满意率”的指标，指标值为“满意”“提升”“较好”等文字，或以人、次等非百分比单位计。
    为什么重要：满意度须通过问卷等方式测得比例；写“满意”无法与调查结果比较，自评时只能主观判断。
    不合规示例：“各部门、各科室的满意度 满意”；“群众满意度提升 满意”；“市民服务热线满意度 提升”。
    合规示例：“各部门、各科室的满意度 ≥90(%)”。
    依据：上海市各区申报表的满意度指标均以“≥N%”表述（系统约定）；《行政事业单位绩效目标申报问题》指出满意度指标的误用。
    已知局限：以“分”计的满意度（如“≥4.5(分)”）视为合规；没有单位的数值由 IND039 报告。
    """
    return _hits(view, "IND040")


def _satisfaction_not_percent(c: _Cell) -> Iterator[_Note]:
    if not c.name or not c.value or c.value in lexicon.PLACEHOLDERS:
        return
    if not is_satisfaction(c.name):
        return
    if c.kind == "qualitative":
        if "%" in c.value or "百分" in c.value:
            return
        yield _Note(
            "IND040",
            "value",
            f"满意度指标“{c.raw_name}”的指标值为“{c.raw_value}”，不是百分比",
            c.raw_value,
        )
    elif (
        c.kind == "quantitative"
        and c.unit
        and c.unit not in PERCENT
        and c.unit not in SCORE_UNITS
        and c.unit != "‰"
    ):
        yield _Note(
            "IND040", "value", f"满意度指标“{c.raw_name}”以“{c.unit}”计，不是百分比", c.shown
        )


@rule(
    "IND041",
    "measurability.satisfaction-direction",
    "满意度方向应为“≥”",
    severity="warning",
    dimension="measurability",
    applies_to=("project", "unit"),
    tags=("indicator", "satisfaction"),
    suggestion="满意度目标写下限，如“≥90(%)”。",
)
def satisfaction_direction(view: FormView, ctx: ReviewContext) -> Sequence[Hit]:
    """规则说明：满意度目标使用“=”或“>”（应为“≥”）；使用“≤”“<”的方向颠倒，为错误。
    为什么重要：满意度是越高越好的正向指标；“=90%”在实际为95%时字面上未达成，“>90%”使恰好90%不达标，“≤”则方向相反。
    不合规示例：“主管部门满意度 =90(%)”；“养老人员满意度 >90.00(%)”。
    合规示例：“主管部门满意度 ≥90(%)”。
    依据：上海市各区申报表满意度的通行写法“≥N%”（系统约定）；包头市财政局《绩效目标审核》：审核“指标方向……的准确性和合理性”。
    已知局限：没有方向符号的由 IND038 报告。
    """
    return _hits(view, "IND041")


def _satisfaction_direction(c: _Cell) -> Iterator[_Note]:
    if not c.name or not c.percent or not is_satisfaction(c.name):
        return
    if c.op in ("=", ">"):
        yield _Note(
            "IND041",
            "value",
            f"满意度指标“{c.raw_name}”的目标“{c.target_text}”使用了“{c.op}”，应为“≥”",
            c.shown,
        )
    elif c.op in ("≤", "<"):
        yield _Note(
            "IND041",
            "value",
            f"满意度指标“{c.raw_name}”的目标“{c.target_text}”方向颠倒，应为“≥”",
            c.shown,
            "error",
        )


@rule(
    "IND042",
    "measurability.satisfaction-floor",
    "满意度目标偏低",
    severity="warning",
    dimension="appropriateness",
    applies_to=("project", "unit"),
    tags=("indicator", "satisfaction"),
    suggestion="满意度目标一般不低于85%（审核口径阈值 satisfaction_floor）；确需更低的，说明理由。",
)
def satisfaction_floor(view: FormView, ctx: ReviewContext) -> Sequence[Hit]:
    """规则说明：满意度目标低于阈值 satisfaction_floor（默认85%）。
    为什么重要：目标过低等于设置“无压力”目标，年末轻易达成却不反映服务质量。
    不合规示例：“就业困难人员满意度 ≥80.00(%)”。
    合规示例：“就业困难人员满意度 ≥90(%)”。
    依据：赤峰市审计局常见问题：“为顺利通过审核，设置无压力的绩效目标”；《绩效评价报告编制实务》：“不能设定过低的产出和效益目标”；财预〔2015〕88号适当性审核“是否过高或过低”（待核对原文）。阈值为系统约定，可在审核口径中调整。
    已知局限：不区分服务对象和调查方式；历史水平较低的项目可能需要更低的目标。
    """
    facts = _facts(view)
    if not facts.satisfaction:
        return _NONE
    floor = _floor(ctx.threshold("satisfaction_floor"))
    found: list[Hit] = []
    for row, number in facts.satisfaction:
        if number < floor:
            target = row.target
            target_text = f"{target.op or ''}{number}{target.unit or ''}"
            found.append(_floor_hit(row.index, row.raw_name, target_text, _shown(row), str(floor)))
    return found


@lru_cache(maxsize=4096)
def _floor_hit(
    index: int, raw_name: str | None, target_text: str, shown: str | None, floor: str
) -> Hit:
    """IND042's hit (keyed on the texts it prints: 90 and 90.00 are equal Decimals)."""
    return Hit(
        f"满意度指标“{raw_name}”的目标“{target_text}”低于{floor}%",
        ("indicators", index, "value"),
        evidence=shown,
    )


# ---------------------------------------------------------------------------------------------
# Names.


@rule(
    "IND043",
    "measurability.yes-no-name",
    "指标名称为是非问句",
    severity="warning",
    dimension="measurability",
    applies_to=("project", "unit"),
    tags=("indicator", "name"),
    suggestion="把名称改为可衡量的名词短语，并填写数值，如“是否增加” → “新增补贴人数 ≥20(人)”。",
)
def yes_no_name(view: FormView, ctx: ReviewContext) -> Sequence[Hit]:
    """规则说明：三级指标名称含“是否”，是一个是非问题而不是指标。
    为什么重要：是非问题只能回答“是/否”，无法反映完成的程度，数量类问题（“是否增加”）更丢掉了具体目标。
    不合规示例：“过渡费补贴人员是否增加 增加”；“花卉的质量是否合格 合格”。
    合规示例：“新增过渡费补贴人数 ≥20(人)”；“花卉验收合格率 ≥95(%)”。
    依据：中诚政融《绩效目标设置的痼疾在哪里？》（模糊化、形式化）；指标名称应为可衡量的名词短语为系统约定。
    已知局限：只看“是否”二字。
    """
    return _hits(view, "IND043")


def _yes_no_name(c: _Cell) -> Iterator[_Note]:
    if c.name and "是否" in c.name:
        yield _Note("IND043", "name", f"指标名称“{c.raw_name}”是是非问句", c.raw_name)


@rule(
    "IND044",
    "measurability.slogan-name",
    "指标名称为口号或目标表述",
    severity="warning",
    dimension="measurability",
    applies_to=("project", "unit"),
    tags=("indicator", "name"),
    suggestion="名称写被衡量的对象，方向和水平写进指标值，如“提升党组织的凝聚力” → "
    "“党员活动参与率 ≥90(%)”。",
)
def slogan_name(view: FormView, ctx: ReviewContext) -> Sequence[Hit]:
    """规则说明：三级指标名称以“提升”“提高”“促进”“保障”“加强”“改善”“降低”等动词开头，是口号或工作目标而不是可衡量的指标；
    以“……率/数/量/度”结尾的，只在名称以“提升”“降低”等方向词开头且指标值不是数值时报告（“降低矛盾发生率 降低”），
    “提升群众对创城工作的满意度 ≥90%”“提供公共产品和服务的及时率”不报告。
    为什么重要：口号式名称没有衡量对象，只能配“提升”“促进”之类的值，年末无法考核。
    不合规示例：“提升文明城市生活水平”；“促进社会进步 促进”；“保障养老人员生活 保障”。
    合规示例：“社区文明创建达标率 ≥90(%)”；“养老金按月足额发放率 =100(%)”。
    依据：中诚政融《绩效目标设置的痼疾在哪里？》：“进一步提高”“明显改善”“有效促进”（模糊化）；指标名称应为可衡量的名词短语为系统约定。
    已知局限：按名称开头的动词判断；“保障房”“保障性住房”等名词除外。
    """
    return _hits(view, "IND044")


def _slogan_name(c: _Cell) -> Iterator[_Note]:
    name = c.name
    if not name or not name.startswith(SLOGAN_VERBS) or name.startswith(SLOGAN_NOUNS):
        return
    if _head(name).endswith(MEASURABLE_ENDINGS) and (
        c.kind == "quantitative" or not name.startswith(DIRECTION_VERBS)
    ):
        return
    yield _Note(
        "IND044", "name", f"指标名称“{c.raw_name}”是口号或目标表述，不是可衡量的指标", c.raw_name
    )


@rule(
    "IND045",
    "measurability.timely-only",
    "时效指标只填“及时”",
    severity="warning",
    dimension="measurability",
    applies_to=("project", "unit"),
    tags=("indicator", "vague"),
    suggestion="写明时间节点或时限，如“2023年12月31日前”“每月10日前”“≤24(小时)”。",
)
def timely_value(view: FormView, ctx: ReviewContext) -> Sequence[Hit]:
    """规则说明：时效指标（或名称为“……及时性”的指标）的指标值只写“及时”“按时”“按期完成”等，没有日期、期限或时长。
    为什么重要：时效指标反映完成的及时程度；不写时限就不知道何为“及时”，自评时无法判断。
    不合规示例：“活动完成及时性 及时”；“按期完成项目建设 按时”。
    合规示例：“活动完成时间 2023年12月31日前”；“故障响应时间 ≤2(小时)”。
    依据：财政支出绩效评价管理暂行办法：“绩效目标从数量、质量、成本和时效等方面进行细化”；赤峰市审计局常见问题（指标值模糊）。
    已知局限：“每月”“每季度”“全年”等写了频率或期间的值不报告；“……及时率”的文字值由 IND033 报告。
    """
    return _hits(view, "IND045")


def _timely_value(c: _Cell) -> Iterator[_Note]:
    if _owner(c) == "IND045":
        yield _Note(
            "IND045",
            "value",
            f"“{c.raw_name}”只写了“{c.raw_value}”，没有时间节点或时限",
            c.raw_value,
        )


@rule(
    "IND046",
    "measurability.property-mismatch",
    "指标值与名称答非所问",
    severity="warning",
    dimension="measurability",
    applies_to=("project", "unit"),
    tags=("indicator", "vague"),
    suggestion="指标值应回答名称所问的属性，如“……规范性”填“规范”或规范率，“……健全性”填“健全”。",
)
def property_mismatch(view: FormView, ctx: ReviewContext) -> Sequence[Hit]:
    """规则说明：名称为“……规范性”“……健全性”等属性的指标，指标值却是另一种属性（如“人力资源管理规范性 健全”）。
    为什么重要：答非所问说明指标是套用或错填的，年末按哪个属性考核不明确。
    不合规示例：“人力资源管理规范性 健全”。
    合规示例：“人力资源管理规范性 规范”，或“人力资源管理制度健全性 健全”。
    依据：包头市财政局《绩效目标审核》：审核“目标值……的准确性和合理性”；名称与取值的对应为系统约定。
    已知局限：只比较常见的属性词（规范/合规、健全/完善、及时/按时、准确/正确、完整、充分、有效、明确、稳定、长期/持续、便捷、契合），近义词视为一致。
    """
    return _hits(view, "IND046")


def _property_mismatch(c: _Cell) -> Iterator[_Note]:
    if _owner(c) == "IND046":
        asked = _mismatched_property(c.name, c.value)
        yield _Note(
            "IND046",
            "value",
            f"“{c.raw_name}”问的是“{asked}”，指标值却是“{c.raw_value}”",
            c.raw_value,
        )


_CELL_CHECKS: tuple[Callable[[_Cell], Iterator[_Note]], ...] = (
    _count_in_words,
    _vague_value,
    _rate_in_words,
    _rate_count_unit,
    _count_percent_unit,
    _amount_percent,
    _percent_over_100,
    _no_direction,
    _no_unit,
    _satisfaction_not_percent,
    _satisfaction_direction,
    _yes_no_name,
    _slogan_name,
    _timely_value,
    _property_mismatch,
)
