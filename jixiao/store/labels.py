"""Chinese labels for statuses, roles and actions, in one place for the CLI and the web."""

from __future__ import annotations

STATUS_LABELS: dict[str, str] = {
    "draft": "草稿",
    "submitted": "已提交",
    "approved": "审核通过",
    "returned": "退回修改",
}
ROLE_LABELS: dict[str, str] = {
    "unit": "预算单位",
    "department": "主管部门",
    "finance": "财政",
}
ACTION_LABELS: dict[str, str] = {
    "submit": "提交",
    "approve": "审核通过",
    "return": "退回修改",
    "import": "导入",
    "edit": "修改",
    "create_user": "新建账号",
    "login": "登录",
}
KIND_LABELS: dict[str, str] = {"project": "项目支出", "unit": "单位整体支出"}
IMPORT_STATUS_LABELS: dict[str, str] = {
    "imported": "已导入",
    "duplicate": "已导入过",
    "failed": "导入失败",
    "done": "已导入",
}


def status_label(status: str) -> str:
    return STATUS_LABELS.get(status, status)


def role_label(role: str) -> str:
    return ROLE_LABELS.get(role, role)


def action_label(action: str) -> str:
    return ACTION_LABELS.get(action, action)
