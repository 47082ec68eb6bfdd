"""The label dictionary, as data: what each printed label means.

Extractors never compare raw text with a literal; they look labels up here by their comparison
key (NFKC, no whitespace), so a synonym or a new spelling is one line in this file.
"""

from __future__ import annotations

import re

# --- form titles -------------------------------------------------------------------------
TITLE = re.compile(r"绩效目标(?:申报)?表$")
UNIT_TITLE_MARKERS = ("单位整体支出", "部门整体支出")
NOT_A_FORM_MARKERS = ("汇总表",)
YEAR_LINE = re.compile(r"^[(（]?\D{0,4}\d{4}年度?[)）]?$")

# --- header fields of a project form ---------------------------------------------------------
PROJECT_FIELDS: dict[str, str] = {
    "项目名称": "project_name",
    "项目性质": "nature",
    "项目类别": "category",
    "项目类型": "category",
    "主管部门": "department",
    "主管部门及代码": "department",
    "实施单位": "implementing_unit",
    "计划开始日期": "start_date",
    "项目开始日期": "start_date",
    "开始日期": "start_date",
    "计划完成日期": "end_date",
    "计划结束日期": "end_date",
    "项目完成日期": "end_date",
    "完成日期": "end_date",
}

FUNDING_BLOCK = re.compile(r"^项目资金[(（]?(万元|元)?[)）]?$")
FUNDING_FIELDS: dict[str, str] = {
    "项目资金总额": "total",
    "财政资金": "fiscal",
    "年度资金申请总额": "annual_total",
    "当年财政拨款": "annual_appropriation",
    "上年结转资金": "carryover",
    "上年结转": "carryover",
}
OTHER_FUNDS = "其他资金"

GOAL_BLOCK = ("项目绩效目标", "绩效目标")
OVERALL_GOAL = ("项目总目标", "项目总体目标", "总体目标")
ANNUAL_GOAL = ("年度总目标", "年度总体目标", "年度目标")

# --- indicator table ---------------------------------------------------------------------------
INDICATOR_BLOCK = frozenset({"绩效指标", "分解目标"})
HEADER_CELLS = frozenset(
    {
        "一级指标",
        "二级指标",
        "三级指标",
        "指标性质",
        "方向",
        "指标值",
        "计量单位",
        "指标解释",
        "评(扣)分标准",
        "评分标准",
        "扣分标准",
    }
)
HEADER_VALUE = re.compile(r"^(年度)?[(（]?/?(项目)?[)）]?指标值$")

# Sign-off lines printed under the table (填报人：张三  联系电话：…  单位（盖章）). Keyed text (no
# spaces); a label counts only alone in its cell or followed by a colon, so an indicator name
# that merely starts with the same characters (联系人次, 审核人员培训) is not taken for one.
FORM_FOOTER = re.compile(
    r"^(填报人|填表人|联系人|联系电话|填报日期|填表日期|制表人|制表日期|经办人|审核人|"
    r"单位负责人|财务负责人|项目负责人|分管领导|单位[(（]?盖章[)）]?)([:：]|$)"
)

LEVEL1 = ("产出指标", "效益指标", "满意度指标", "成本指标", "投入管理指标")
LEVEL2_PARENT: dict[str, str] = {
    "数量指标": "产出指标",
    "质量指标": "产出指标",
    "时效指标": "产出指标",
    "经济效益指标": "效益指标",
    "社会效益指标": "效益指标",
    "生态效益指标": "效益指标",
    "可持续影响指标": "效益指标",
    "服务对象满意度指标": "满意度指标",
    "满意度指标(服务对象)": "满意度指标",
    "经济成本指标": "成本指标",
    "社会成本指标": "成本指标",
    "生态环境成本指标": "成本指标",
    "总成本指标": "成本指标",
    "单位成本指标": "成本指标",
    "分项成本指标": "成本指标",
    # unit form, 投入管理指标 (沪财绩〔2022〕13号)
    "预算编审管理": "投入管理指标",
    "预算执行管理": "投入管理指标",
    "预算绩效管理": "投入管理指标",
    "资产管理": "投入管理指标",
    "预算透明度": "投入管理指标",
    "内部控制管理": "投入管理指标",
    "预算信息化": "投入管理指标",
}
AMBIGUOUS_COST = "成本指标"  # level 2 under 产出 (88号), level 1 under 101号
UNKNOWN_LABEL = re.compile(r"^[\u4e00-\u9fff]{1,8}指标$")

NATURES = frozenset({"定量指标", "定性指标", "定量", "定性"})
DIRECTIONS: dict[str, str] = {
    "≥": "≥",
    ">=": "≥",
    "≤": "≤",
    "<=": "≤",
    "=": "=",
    ">": ">",
    "<": "<",
    "正向": "≥",
    "反向": "≤",
}

# Words that are indicator values, not names, when a row has a single text cell.
VALUE_WORDS = frozenset(
    {
        "及时",
        "按时",
        "准时",
        "提升",
        "提高",
        "增加",
        "增长",
        "减少",
        "降低",
        "下降",
        "改善",
        "完善",
        "健全",
        "建立健全",
        "健全有效",
        "有效",
        "合格",
        "合规",
        "规范",
        "达标",
        "到位",
        "到岗",
        "满意",
        "较好",
        "良好",
        "正常",
        "长期",
        "持续",
        "稳定",
        "保障",
        "符合",
        "通过",
        "完成",
        "全覆盖",
        "逐步改善",
        "明显改善",
        "有所改善",
        "有效推广",
        "按期完成",
        "按计划开展",
        "全面开展",
        "巩固",
        "维护",
        "消除",
        "扩展",
        "促进",
        "起到",
        "相符",
        "正确",
        "明确",
        "契合",
        "增强",
        "提供",
        "共享及时",
        "安全稳定",
        "逐步提升",
        "同比提升",
        "是",
        "否",
        "有",
        "无",
        "达到",
        "优良",
        "优秀",
    }
)

# --- unit form -----------------------------------------------------------------------------------
UNIT_FIELDS: dict[str, str] = {
    "单位名称": "unit_name",
    "部门名称": "unit_name",
    "财政拨款方式": "appropriation_method",
    "单位职责": "duties",
    "部门职责": "duties",
    "年度履职目标": "annual_goal",
    "年度总体目标": "annual_goal",
}
BUDGET_FIELDS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(部门|单位)整体预算总额"), "total"),
    (re.compile(r"财政拨款$"), "fiscal"),
    (re.compile(r"其他资金$"), "other"),
    (re.compile(r"基本支出$"), "basic"),
    (re.compile(r"项目支出$"), "project"),
)
STAFF = ("年末在职人数", "在职人数")
ORGS = ("内设机构数",)
TASK_NAMES = ("任务名称",)
SCORING_RULE = re.compile(r"得满分|扣分|不得分|得分")
EXPLANATION = re.compile(r"^考察|^反映|^衡量|^用于")
