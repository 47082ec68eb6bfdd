"""IND (structure) — the indicator table as a framework: known level-1 and level-2 labels, each
level 2 under its own level 1, no 三级 name twice, each group in one block.

Labels are compared by key (NFKC, no spaces); a label printed without the trailing “指标”
(“产出”, “社会效益”) counts as the framework label. The meaning of each 三级 name against its
group is judged in ``classification``; this module only checks the labels and their nesting.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from jixiao.model.forms import UnitForm
from jixiao.rules import lexicon
from jixiao.rules.context import ReviewContext
from jixiao.rules.registry import Hit, rule
from jixiao.rules.view import FormView, Row

# Level 2 of the unit form's 投入管理指标 (seed 004, “根据沪财绩【2022】13号文的规定要求设置”).
UNIT_INPUT_LEVEL1 = "投入管理指标"
UNIT_INPUT_LEVEL2 = frozenset(
    {
        "预算编审管理",
        "预算执行管理",
        "预算绩效管理",
        "资产管理",
        "预算透明度",
        "内部控制管理",
        "预算信息化",
    }
)
COST_LEVEL1 = "成本指标"
COST_LEVEL2_2025 = lexicon.LEVEL2_2025[COST_LEVEL1]
_SUFFIX = "指标"


def canon(label: str) -> str:
    """The framework spelling of a label key: “社会效益” → “社会效益指标”; others unchanged."""
    if not label or label.endswith(_SUFFIX) or label in UNIT_INPUT_LEVEL2:
        return label
    return label + _SUFFIX


def framework_tree(framework: str, unit: bool) -> dict[str, frozenset[str]]:
    """Allowed level 1 → its level 2 labels for the review's framework and form kind.

    Under the 88号 framework a 101号/2025-style level-1 成本指标 (经济/社会/生态环境成本 …) is
    tolerated: a form that already follows the newer guidance is not wrong.
    """
    return _TREES[(framework == "2025", unit)]


_TREE_88 = {**lexicon.LEVEL2_88, COST_LEVEL1: COST_LEVEL2_2025}
_TREE_2025 = dict(lexicon.LEVEL2_2025)
_TREES = {
    (new, unit): {
        **(_TREE_2025 if new else _TREE_88),
        **({UNIT_INPUT_LEVEL1: UNIT_INPUT_LEVEL2} if unit else {}),
    }
    for new in (False, True)
    for unit in (False, True)
}


def _parents(tree: dict[str, frozenset[str]]) -> dict[str, list[str]]:
    parents: dict[str, list[str]] = {}
    for level1, children in tree.items():
        for child in children:
            parents.setdefault(child, []).append(level1)
    return parents


_PARENTS = {(new, unit): _parents(tree) for (new, unit), tree in _TREES.items()}


@dataclass(frozen=True, slots=True)
class LabelCheck:
    """What is wrong with one (level 1, level 2) pair; computed once per distinct pair."""

    level1_unknown: bool = False
    level2_unknown: bool = False
    parents: str | None = None  # the level 1 a misplaced level 2 belongs to
    cost_level2: bool = False  # 2025: 成本指标 printed as a level 2


_OK = LabelCheck()


@lru_cache(maxsize=4096)
def _check(new: bool, unit: bool, level1: str, level2: str) -> LabelCheck:
    tree, parents = _TREES[(new, unit)], _PARENTS[(new, unit)]
    first, second = canon(level1), canon(level2)
    level1_unknown = bool(first) and first not in tree
    cost_level2 = new and second == COST_LEVEL1 and first != COST_LEVEL1
    level2_unknown = bool(second) and second not in parents and not (new and second == COST_LEVEL1)
    misplaced = None
    if first and first in tree and second in parents and first not in parents[second]:
        misplaced = "或".join(parents[second])
    found = LabelCheck(level1_unknown, level2_unknown, misplaced, cost_level2)
    return _OK if found == _OK else found


# Speed: the rules of this module run one after another on the same form, so one pass over the
# rows finds the label blocks (IND001–IND004), the split groups (IND006) and the repeated names
# (IND005) of a form, and the rules return its hits of their code. The last form's hits are
# kept, with the view itself (so its identity cannot be reused while it is kept).
_NONE: tuple[Hit, ...] = ()


def _hits(view: FormView, ctx: ReviewContext, code: str) -> Sequence[Hit]:
    return _facts(view, ctx.framework == "2025").get(code, _NONE)


def _facts(view: FormView, new: bool) -> dict[str, list[Hit]]:
    cached: dict[str, list[Hit]] | None = view.cache.get((__name__, new))
    if cached is not None:
        return cached
    rows = view.rows
    # The first row of each block of rows with the same (level 1, level 2) keys, and the keys.
    starts: list[Row] = []
    labels: list[str] = []
    prev1: str | None = None
    prev2: str | None = None
    for row in rows:
        level1, level2 = row.level1, row.level2
        if level1 != prev1 or level2 != prev2:
            prev1, prev2 = level1, level2
            starts.append(row)
            labels += (level1, level2)
    flagged, split = _table(new, isinstance(view.form, UnitForm), tuple(labels))
    hits: dict[str, list[Hit]] = {}
    if flagged:
        _label_hits(view, new, [(starts[i], check) for i, check in flagged], hits)
    names = [row.name for row in rows]
    if len(set(names)) < len(names):
        duplicates = list(_duplicates(view))
        if duplicates:
            hits["IND005"] = duplicates
    if split:
        hits["IND006"] = [_split_hit(starts[i], field) for i, field in split]
    view.cache[(__name__, new)] = hits
    return hits


@lru_cache(maxsize=4096)
def _table(
    new: bool, unit: bool, labels: tuple[str, ...]
) -> tuple[tuple[tuple[int, LabelCheck], ...], tuple[tuple[int, str], ...]]:
    """The label blocks with a problem, and the blocks that split a group (IND006), by block
    number; ``labels`` is level 1, level 2 of each block in turn (cached: tables recur)."""
    flagged: list[tuple[int, LabelCheck]] = []
    split: list[tuple[int, str]] = []
    seen1: set[str] = set()
    seen2: set[tuple[str, str]] = set()
    prev: tuple[str, str] | None = None
    current = ""
    for block in range(len(labels) // 2):
        pair = (labels[2 * block], labels[2 * block + 1])
        check = _check(new, unit, *pair)
        if check is not _OK:
            flagged.append((block, check))
        # IND006 skips rows without a level 1, and rows that repeat the last labelled block
        # (every row it looks at starts a block).
        if pair == prev or not pair[0]:
            continue
        prev = pair
        if pair[0] != current:
            current = pair[0]
            if current in seen1:
                split.append((block, "level1"))
                seen2 = {p for p in seen2 if p[0] != current}
            elif current:
                seen1.add(current)
        elif pair[1] and pair in seen2:
            split.append((block, "level2"))
        seen2.add(pair)
    return tuple(flagged), tuple(split)


def _split_hit(row: Row, field: str) -> Hit:
    """IND006 on the row where a group appears the second time."""
    if field == "level1":
        return Hit(
            f"一级指标“{row.indicator.level1}”在表内第二次出现（第{row.line}行）",
            ("indicators", row.index, "level1"),
            evidence=row.indicator.level1,
        )
    return Hit(
        f"二级指标“{row.indicator.level2}”在表内第二次出现（第{row.line}行）",
        ("indicators", row.index, "level2"),
        evidence=row.indicator.level2,
    )


def _label_hits(
    view: FormView,
    new: bool,
    flagged: list[tuple[Row, LabelCheck]],
    hits: dict[str, list[Hit]],
) -> None:
    """IND001–IND004 on the flagged label blocks, in table order."""
    unknown1: list[Hit] = []
    unknown2: list[Hit] = []
    wrong_parent: list[Hit] = []
    cost: list[Hit] = []
    reported: set[str] = set()
    for first, check in flagged:
        if check.level1_unknown and first.level1 not in reported:
            reported.add(first.level1)
            unknown1.append(
                Hit(
                    f"一级指标“{first.indicator.level1}”不属于指标框架{_rows_note(view, first)}",
                    ("indicators", first.index, "level1"),
                    evidence=first.indicator.level1,
                )
            )
        if check.level2_unknown:
            unknown2.append(
                Hit(
                    f"二级指标“{first.indicator.level2}”不属于指标框架{_rows_note(view, first)}",
                    ("indicators", first.index, "level2"),
                    evidence=first.indicator.level2,
                )
            )
        if check.parents is not None:
            wrong_parent.append(
                Hit(
                    f"二级指标“{first.indicator.level2}”属于{check.parents}，却填在"
                    f"“{first.indicator.level1}”下{_rows_note(view, first)}",
                    ("indicators", first.index, "level2"),
                    evidence=f"{first.indicator.level1} › {first.indicator.level2}",
                )
            )
        if new and check.cost_level2:
            cost.append(
                Hit(
                    f"“成本指标”填作“{first.indicator.level1}”下的二级指标"
                    f"{_rows_note(view, first)}",
                    ("indicators", first.index, "level2"),
                    evidence=f"{first.indicator.level1} › {first.indicator.level2}",
                )
            )
    for code, found in (
        ("IND001", unknown1),
        ("IND002", unknown2),
        ("IND003", wrong_parent),
        ("IND004", cost),
    ):
        if found:
            hits[code] = found


def _duplicates(view: FormView) -> Iterator[Hit]:
    """IND005: a 三级 name repeated in the table, reported on its later rows."""
    seen: dict[str, Row] = {}
    for row in view.rows:
        if not row.name or row.name in lexicon.PLACEHOLDERS:
            continue
        first = seen.get(row.name)
        if first is None:
            seen[row.name] = row
            continue
        where = (
            "同一组"
            if (first.level1, first.level2) == (row.level1, row.level2)
            else f"“{first.indicator.level2 or first.indicator.level1}”"
        )
        yield Hit(
            f"三级指标“{row.raw_name}”与第{first.line}行（{where}）重复",
            ("indicators", row.index, "name"),
            evidence=row.raw_name,
        )


def _run_length(view: FormView, first: Row) -> int:
    """How many rows from ``first`` on share its labels."""
    count = 0
    for row in view.rows[first.index :]:
        if (row.level1, row.level2) != (first.level1, first.level2):
            break
        count += 1
    return count


def _rows_note(view: FormView, first: Row) -> str:
    count = _run_length(view, first)
    return f"（共{count}行）" if count > 1 else ""


@rule(
    "IND001",
    "structure.unknown-level1",
    "一级指标不属于指标框架",
    severity="error",
    dimension="consistency",
    applies_to=("project", "unit"),
    tags=("indicator", "framework"),
    suggestion="一级指标只能是产出指标、效益指标、满意度指标（按2025指引/101号框架另有成本指标；"
    "单位整体表另有投入管理指标），请把该行归入相应的一级指标。",
)
def unknown_level1(view: FormView, ctx: ReviewContext) -> Sequence[Hit]:
    """规则说明：一级指标名称须为框架内的一级指标：产出指标、效益指标、满意度指标；按上海2025指引/
    101号框架还有成本指标（88号口径下也接受按新框架单列的成本指标）；单位整体表另有投入管理指标。
    同一一级指标的连续各行只报告一次。
    为什么重要：一级指标决定自评时的权重（产出50分、效益30分、满意度10分），框架外的一级指标
    无法计分，也说明表格没有按规定的指标体系编制。
    不合规示例：一级指标“工作指标”“投入指标”（项目表不设投入类一级指标）。
    合规示例：一级指标“产出指标”“效益指标”“满意度指标”。
    依据：财预〔2015〕88号 第九条指标体系（待核对原文）；中发〔2018〕34号：“绩效目标不仅要包括产出、
    成本，还要包括经济效益、社会效益、生态效益、可持续影响和服务对象满意度等绩效指标”；
    上海市财政局2025指引新闻稿：“明确了一级指标‘成本指标’设置要求”。
    已知局限：按名称判断；省略“指标”二字的写法（如“产出”）视同框架名称，不报告。一级指标
    空白的行由读取警告和必填规则处理，此处不重复。
    """
    return _hits(view, ctx, "IND001")


@rule(
    "IND002",
    "structure.unknown-level2",
    "二级指标不属于指标框架",
    severity="error",
    dimension="consistency",
    applies_to=("project", "unit"),
    tags=("indicator", "framework"),
    suggestion="二级指标应使用框架名称：产出指标下为数量、质量、时效（、成本）指标，效益指标下为"
    "经济效益、社会效益、生态效益、可持续影响指标，满意度指标下为服务对象满意度指标。",
)
def unknown_level2(view: FormView, ctx: ReviewContext) -> Sequence[Hit]:
    """规则说明：二级指标名称须为框架内的二级指标（数量/质量/时效/成本；经济效益/社会效益/生态效益/
    可持续影响；服务对象满意度；2025框架的经济成本/社会成本/生态环境成本等；单位整体表投入管理的
    预算编审管理……预算信息化）。同一组连续各行只报告一次。
    为什么重要：二级指标说明三级指标反映的是产出的哪一方面、哪一类效益；自造的二级指标（如
    “双星指标”）无法归入框架，审核和自评都无法确认其性质。
    不合规示例：效益指标下设二级指标“双星指标”，三级指标“党员凝聚力增强性”。
    合规示例：效益指标 › 社会效益指标 › 党员凝聚力增强性。
    依据：财预〔2015〕88号 第九条（待核对原文）；二级指标定义见财政部88号时期指引的二手转述
    （11946.cn、pinweizhan.com，未见原文）；policy-rules.md §2（“双星指标”应报告）。
    已知局限：省略“指标”二字（如“社会效益”）视同框架名称。二级指标空白的行不在此报告。
    按2025框架印作产出指标下二级的“成本指标”由 IND004 报告。
    """
    return _hits(view, ctx, "IND002")


@rule(
    "IND003",
    "structure.level2-wrong-parent",
    "二级指标挂在错误的一级指标下",
    severity="error",
    dimension="consistency",
    applies_to=("project", "unit"),
    tags=("indicator", "framework"),
    suggestion="把该二级指标及其三级指标移到所属的一级指标下（如时效指标属于产出指标，"
    "生态效益指标属于效益指标）。",
)
def level2_wrong_parent(view: FormView, ctx: ReviewContext) -> Sequence[Hit]:
    """规则说明：框架内的二级指标须位于其所属的一级指标之下：数量/质量/时效（88号口径另有成本）属于
    产出指标，经济效益/社会效益/生态效益/可持续影响属于效益指标，服务对象满意度属于满意度指标。
    同一组连续各行只报告一次。
    为什么重要：一级指标决定自评权重，时效指标挂在效益指标下会把产出按效益计分；
    生态效益挂在满意度下则使满意度得分失真。
    不合规示例：效益指标 › 时效指标 › 志愿者工作及时性；满意度指标 › 生态效益指标 › 突出环境问题改善情况。
    合规示例：产出指标 › 时效指标 › 志愿者工作及时性；效益指标 › 生态效益指标 › 突出环境问题改善情况。
    依据：财预〔2015〕88号 第九条指标体系（待核对原文）；赤峰市审计局常见问题：“产出指标与效益指标混用”。
    已知局限：一级指标本身不在框架内时由 IND001 报告，此处不重复。读取时一级指标是按二级指标推断的
    行（原表合并单元格未印出）不会出现此问题。
    """
    return _hits(view, ctx, "IND003")


@rule(
    "IND004",
    "structure.cost-as-level2",
    "成本指标未按新框架单列为一级指标",
    severity="warning",
    dimension="consistency",
    tags=("indicator", "framework", "cost"),
    suggestion="按上海2025指引/101号框架，把成本指标单列为一级指标，下设经济成本指标（总成本、"
    "单位成本、分项成本）等二级指标。",
)
def cost_as_level2(view: FormView, ctx: ReviewContext) -> Sequence[Hit]:
    """规则说明：按上海2025指引/财预〔2021〕101号框架审核时，成本指标是一级指标；仍按88号格式把
    “成本指标”作为产出指标下的二级指标填写的，予以提示。只在2025口径下检查。
    为什么重要：新框架下成本指标单独计分并细分为经济成本、社会成本、生态环境成本，放在产出指标下
    既不能反映成本控制目标，也会使一级指标缺项。
    不合规示例：（2025口径）产出指标 › 成本指标 › 单场活动平均成本 ≤6500元/场。
    合规示例：成本指标 › 经济成本指标 › 单场活动平均成本 ≤6500元/场。
    依据：上海市财政局2025指引新闻稿：“明确了一级指标‘成本指标’设置要求。原则上，每一项目均应设置
    成本指标”；101号成本指标二级划分见二手转述（qddinggu.cn，未见原文）。
    已知局限：88号口径（2023年上海区级表采用）下成本指标是产出指标的二级指标，不报告。
    """
    return _hits(view, ctx, "IND004")


@rule(
    "IND005",
    "structure.duplicate-name",
    "三级指标重复",
    severity="warning",
    dimension="consistency",
    applies_to=("project", "unit"),
    tags=("indicator",),
    suggestion="删除重复的三级指标，或改写为反映不同内容的指标。",
)
def duplicate_name(view: FormView, ctx: ReviewContext) -> Sequence[Hit]:
    """规则说明：同一张表内两行三级指标名称相同（忽略空格和全半角差异），在后出现的一行报告。
    为什么重要：重复指标使同一内容被计分两次；重复出现在不同一级指标下时，往往其中一处是误填
    （如“档案管理规范性”既在可持续影响指标下又在满意度指标下）。
    不合规示例：可持续影响指标“档案管理规范性 规范”，满意度指标又设“档案管理规范性 =100%”。
    合规示例：每个三级指标名称只出现一次。
    依据：policy-rules.md R-NORM-07（系统约定，无明文规定）；赤峰市审计局常见问题：“过分求全导致
    内容混乱，未根据实际情况进行取舍”。
    已知局限：只比较完全相同的名称，近义改写（如“修缮完成及时性”与“修缮及时性”）不报告。
    """
    return _hits(view, ctx, "IND005")


@rule(
    "IND006",
    "structure.split-group",
    "同一组指标分散在表内两处",
    severity="info",
    dimension="consistency",
    applies_to=("project", "unit"),
    tags=("indicator",),
    suggestion="把同一一级、二级指标下的各行排在一起。",
)
def split_group(view: FormView, ctx: ReviewContext) -> Sequence[Hit]:
    """规则说明：同一一级指标（或同一二级指标）的行被其他组隔开，在表内出现两次。
    为什么重要：分散的组往往是合并单元格错位或漏填标签所致，读表时容易把后一段归错组，
    审核人应核对原表。
    不合规示例：产出指标各行、效益指标各行之后，又出现一段产出指标 › 数量指标。
    合规示例：产出、效益、满意度各自连续排列，组内二级指标各自连续。
    依据：申报表格式（一级、二级指标为合并单元格）；系统约定。
    已知局限：只提示，不影响评级判断；标签为空的行不参与比较。
    """
    return _hits(view, ctx, "IND006")
