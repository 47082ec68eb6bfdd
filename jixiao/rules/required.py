"""REQ — required content (完整性): header fields, goals, funding, indicator names and values,
the level-1 groups and the output level-2 groups."""

from __future__ import annotations

from collections.abc import Iterator

from jixiao.rules import lexicon
from jixiao.rules.context import ReviewContext
from jixiao.rules.registry import Hit, rule
from jixiao.rules.view import FormView

HEADER_FIELDS = {
    "project_name": "项目名称",
    "category": "项目类别",
    "department": "主管部门",
    "implementing_unit": "实施单位",
    "start_date": "计划开始日期",
    "end_date": "计划完成日期",
    "year": "申报年度",
    "funding_unit": "资金单位",
}
_PARENT = {
    level2: level1
    for table in (lexicon.LEVEL2_88, lexicon.LEVEL2_2025)
    for level1, members in table.items()
    for level2 in members
    if level2 != "成本指标"
}
UNIT_HEADER_FIELDS = {
    "unit_name": "单位名称",
    "duties": "单位职责",
    "annual_goal": "年度履职目标",
    "year": "申报年度",
}


@rule(
    "REQ001",
    "required.header-field",
    "表头栏目未填写",
    severity="error",
    dimension="completeness",
    applies_to=("project", "unit"),
    tags=("header",),
    suggestion="补填该栏目。",
)
def header_field(view: FormView, ctx: ReviewContext) -> Iterator[Hit]:
    """规则说明：项目名称、项目类别、主管部门、实施单位、计划起止日期、申报年度、资金单位
    （单位整体表：单位名称、单位职责、年度履职目标、年度）均须填写。
    为什么重要：表头是确定项目归属、年度和资金口径的依据，缺项的表无法入库和汇总。
    不合规示例：实施单位一栏空白。
    合规示例：实施单位“桃浦镇社会事业发展办公室”。
    依据：财预〔2015〕88号 第二十四条（一）完整性审核（待核对原文）；申报表格式。
    已知局限：项目性质一栏并非所有地区的表都有，不检查。
    """
    fields = HEADER_FIELDS if view.project is not None else UNIT_HEADER_FIELDS
    for name, label in fields.items():
        if getattr(view.form, name) is None:
            yield Hit(f"“{label}”未填写", (name,))


@rule(
    "REQ002",
    "required.goal",
    "绩效目标未填写",
    severity="error",
    dimension="completeness",
    tags=("goal",),
    suggestion="填写项目总目标（实施期内）和年度目标（本年度），两者分别表述。",
)
def goal(view: FormView, ctx: ReviewContext) -> Iterator[Hit]:
    """规则说明：项目总目标和年度总体目标均须填写。
    为什么重要：目标是设置指标和事后评价的出发点，缺目标的指标无从判断相关性。
    不合规示例：项目总目标栏空白，只填了年度总体目标。
    合规示例：项目总目标“2023-2025年完成……”；年度目标“2023年完成……”。
    依据：财预〔2015〕88号 第二十四条（一）“绩效目标的内容是否完整，是否明确、清晰”（待核对原文）。
    已知局限：只判断是否为空，目标是否清晰由 TXT 规则判断。
    """
    form = view.project
    assert form is not None
    if not form.overall_goal:
        yield Hit("项目总目标未填写", ("overall_goal",))
    if not form.annual_goal:
        yield Hit("年度总体目标未填写", ("annual_goal",))


@rule(
    "REQ003",
    "required.funding",
    "项目资金未填写",
    severity="error",
    dimension="completeness",
    tags=("funding",),
    suggestion="填写项目资金总额和年度资金申请总额及其构成；没有的项目填 0。",
)
def funding(view: FormView, ctx: ReviewContext) -> Iterator[Hit]:
    """规则说明：项目资金总额、财政资金、年度资金申请总额、当年财政拨款须填写金额。
    为什么重要：没有金额就无法判断资金规模与目标是否匹配，也无法汇总预算。
    不合规示例：项目资金总额栏空白（只填了年度资金申请总额）。
    合规示例：项目资金总额 200,000.00，其中财政资金 200,000.00，其他资金 0.00。
    依据：申报表格式；财预〔2015〕88号“相应匹配”（待核对原文）。
    已知局限：其他资金、上年结转资金空白时按 0 理解，只作提示。
    """
    form = view.project
    assert form is not None
    money = form.funding
    for name, hit in _FUNDING_MISSING:
        if getattr(money, name) is None:
            yield hit
    blanks = tuple(label for name, label in _FUNDING_BLANKS if getattr(money, name) is None)
    if blanks:
        yield _BLANKS_HITS[blanks]


# REQ003's hits depend only on which cells are blank: all of them are built once, at import
# (Hits are immutable).
_FUNDING_MISSING = tuple(
    (name, Hit(f"“{label}”未填写", ("funding", name)))
    for name, label in (
        ("total", "项目资金总额"),
        ("annual_total", "年度资金申请总额"),
        ("fiscal", "其中：财政资金"),
        ("annual_appropriation", "其中：当年财政拨款"),
    )
)
_FUNDING_BLANKS = (
    ("other", "其他资金"),
    ("carryover", "上年结转资金"),
    ("annual_other", "其他资金（年度）"),
)


_BLANKS_HITS = {
    blanks: Hit(
        f"{'、'.join(blanks)}空白，按 0 理解",
        ("funding",),
        severity="info",
        suggestion="没有的资金来源请填 0.00，避免空白。",
    )
    for blanks in (
        tuple(label for bit, (_, label) in enumerate(_FUNDING_BLANKS) if mask >> bit & 1)
        for mask in range(1, 2 ** len(_FUNDING_BLANKS))
    )
}


@rule(
    "REQ004",
    "required.indicator-name",
    "三级指标缺少名称",
    severity="error",
    dimension="completeness",
    applies_to=("project", "unit"),
    tags=("indicator",),
    suggestion="为该行填写可衡量的三级指标名称。",
)
def indicator_name(view: FormView, ctx: ReviewContext) -> Iterator[Hit]:
    """规则说明：每一行指标都须有三级指标名称，且不得为“无”“不涉及”等占位词。
    为什么重要：没有名称的指标值无法理解，也无法在自评时核对完成情况。
    不合规示例：可持续影响指标一行只有指标值“建立健全”，没有三级指标名称。
    合规示例：三级指标“长效管理机制健全性”，指标值“健全”。
    依据：赤峰市审计局《财政预算绩效管理中审计发现的常见问题》：“设置无效的绩效目标，如指标内容为‘不涉及’、‘无’”。
    已知局限：单位整体表投入管理指标各行按规定不设三级指标，不检查。
    """
    for row in view.rows:
        if row.level1 == "投入管理指标":
            continue
        if not row.name:
            yield Hit(
                f"第{row.line}行指标没有三级指标名称",
                ("indicators", row.index, "name"),
                evidence=row.raw_value,
            )
        elif row.name in lexicon.PLACEHOLDERS:
            yield Hit(f"三级指标名称为占位词“{row.raw_name}”", ("indicators", row.index, "name"))


@rule(
    "REQ005",
    "required.indicator-value",
    "三级指标缺少指标值",
    severity="error",
    dimension="completeness",
    applies_to=("project", "unit"),
    tags=("indicator",),
    suggestion="填写指标值：定量指标写方向、数值和单位（如“≥95%”），定性指标写可判断的等级。",
)
def indicator_value(view: FormView, ctx: ReviewContext) -> Iterator[Hit]:
    """规则说明：每个三级指标都须有指标值，且不得为“无”“不涉及”等占位词。
    为什么重要：没有指标值就没有考核标准，自评时无从比较实际完成值。
    不合规示例：“提供公共产品和服务的及时率”一行没有指标值。
    合规示例：“提供公共产品和服务的及时率 ≥95%”。
    依据：财预〔2015〕88号 第二十四条（一）完整性审核（待核对原文）；赤峰市审计局常见问题（无效指标）。
    已知局限：单位整体表投入管理指标各行按规定不设指标值，不检查。
    """
    for row in view.rows:
        if row.level1 == "投入管理指标" or not row.name:
            continue
        if not row.value:
            yield Hit(
                f"“{row.raw_name}”没有填写指标值",
                ("indicators", row.index, "value"),
                evidence=row.raw_name,
            )
        elif row.value in lexicon.PLACEHOLDERS:
            yield Hit(
                f"“{row.raw_name}”的指标值为占位词“{row.raw_value}”",
                ("indicators", row.index, "value"),
                evidence=row.raw_value,
            )


@rule(
    "REQ006",
    "required.level1-groups",
    "缺少必备的一级指标",
    severity="error",
    dimension="completeness",
    tags=("indicator", "framework"),
    suggestion="补设缺少的一级指标及其下的二级、三级指标。",
)
def level1_groups(view: FormView, ctx: ReviewContext) -> Iterator[Hit]:
    """规则说明：项目须设产出、效益、满意度三类一级指标；按上海2025指引/101号框架还须设成本指标。
    为什么重要：绩效目标须同时反映产出、效果和服务对象认可程度，缺一类就无法全面评价。
    不合规示例：残疾人就业保障金项目只有产出指标和效益指标，没有满意度指标。
    合规示例：产出指标、效益指标、满意度指标（及成本指标）俱全。
    依据：中发〔2018〕34号“绩效目标不仅要包括产出、成本，还要包括经济效益、社会效益、生态效益、可持续影响和服务对象满意度等绩效指标”；上海市2025指引“原则上，每一项目均应设置成本指标”。
    已知局限：按一级指标名称判断；名称写法不规范时（如“产出”）可能误报。某类指标误挂在其他一级指标下时视为已设置（由 IND003/IND012 报告归类错误），不重复扣分。
    """
    if not view.rows:
        return
    # A group counts as present when one of its indicators is there, even misfiled under
    # another level 1: the misfiling is IND003/IND012's finding, not a missing group.
    present: set[str] = set()
    satisfaction = False
    parent_of = _PARENT.get
    for row in view.rows:
        present.add(row.level1)
        parent = parent_of(row.level2)
        if parent is not None:
            present.add(parent)
        if not satisfaction and lexicon.SATISFACTION in row.name:
            satisfaction = True
    if satisfaction:
        present.add("满意度指标")
    required = lexicon.LEVEL1_2025 if ctx.framework == "2025" else lexicon.LEVEL1_88
    for group in required:
        if group not in present:
            yield Hit(f"没有设置“{group}”", ("indicators",), evidence=group)


@rule(
    "REQ007",
    "required.output-level2",
    "产出指标缺少数量、质量或时效指标",
    severity="warning",
    dimension="completeness",
    tags=("indicator", "framework"),
    suggestion="产出指标应从数量、质量、时效（及成本）几方面细化。",
)
def output_level2(view: FormView, ctx: ReviewContext) -> Iterator[Hit]:
    """规则说明：产出指标下应分设数量指标、质量指标和时效指标。
    为什么重要：只有数量没有质量和时效，无法判断产出是否按标准、按时完成。
    不合规示例：视频图像监控系统租赁经费只设数量指标和时效指标，没有质量指标。
    合规示例：数量指标“监控点位 6905个”，质量指标“设备完好率 ≥98%”，时效指标“故障修复 ≤24小时”。
    依据：财政支出绩效评价管理暂行办法：“绩效目标从数量、质量、成本和时效等方面进行细化”；财预〔2015〕88号 第九条（待核对原文）。
    已知局限：没有产出指标的表由 REQ006 报告，此处不重复；时效等指标误挂在效益指标下时视为已设置（由 IND003 报告）。
    """
    # A 时效指标 misfiled under 效益 is IND003's finding; here it still counts as present.
    present: set[str] = set()
    output = False
    for row in view.rows:
        present.add(row.level2)
        if row.level1 == "产出指标":
            output = True
    if not output:
        return
    for group in lexicon.OUTPUT_LEVEL2:
        if group not in present:
            yield Hit(f"产出指标下没有“{group}”", ("indicators",), evidence=group)


@rule(
    "REQ008",
    "required.indicator-table",
    "没有绩效指标",
    severity="error",
    dimension="completeness",
    applies_to=("project", "unit"),
    tags=("indicator",),
    suggestion="按一级、二级、三级填写绩效指标表。",
)
def indicator_table(view: FormView, ctx: ReviewContext) -> Iterator[Hit]:
    """规则说明：表单没有任何绩效指标行。
    为什么重要：没有绩效指标的项目不具备绩效目标，不得进入预算安排。
    不合规示例：申报表只有表头和资金，指标表为空。
    合规示例：至少有产出、效益、满意度各一项三级指标。
    依据：财预〔2015〕88号 第二十五条：审核结果为“差”的，不得进入下一步预算安排流程。
    已知局限：无。
    """
    if not view.rows:
        yield Hit("表单没有任何绩效指标", ("indicators",))
