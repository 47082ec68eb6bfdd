"""Errors of the store, each with a Chinese ``message`` the CLI and the web show as is."""

from __future__ import annotations

from dataclasses import dataclass


class StoreError(Exception):
    """Base of the store's errors; ``str(error)`` is the Chinese message."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


class NotFound(StoreError):
    """No such form, or not in the user's scope (the two are deliberately the same)."""

    def __init__(self, form_id: int) -> None:
        self.form_id = form_id
        super().__init__(f"表单 {form_id} 不存在或无权查看")


class StaleVersion(StoreError):
    """Someone else saved the form since it was opened (optimistic locking)."""

    def __init__(self, expected: int, current: int) -> None:
        self.expected = expected
        self.current = current
        super().__init__(
            f"表单已被他人修改（您打开的是第 {expected} 版，当前为第 {current} 版），"
            "请刷新后在最新版本上重新修改"
        )


@dataclass(frozen=True, slots=True)
class FieldError:
    path: str
    message: str


class ValidationFailed(StoreError):
    """Submitted data that the contract models reject; one Chinese message per field."""

    def __init__(self, errors: list[FieldError]) -> None:
        self.errors = errors
        detail = "；".join(f"{e.path}：{e.message}" for e in errors[:10])
        super().__init__(f"数据校验未通过：{detail}")


class EditNotAllowed(StoreError):
    """The form's status or the user's role forbids editing it now."""


class InvalidTransition(StoreError):
    """A workflow action not allowed from the form's status or for the user's role."""
