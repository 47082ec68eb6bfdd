"""Who sees which forms: finance sees all, a department its department, a unit its unit.

Every query that returns forms goes through :meth:`Scope.apply`, so a unit user asking for
another unit's form finds nothing (the web answers 404, never "forbidden", so form ids do not
leak what exists).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import Select, false

from jixiao.store.tables import Form, User

SelectT = TypeVar("SelectT", bound=Select[*tuple[Any, ...]])


@dataclass(frozen=True, slots=True)
class Scope:
    """The part of the corpus a user may see; ``user_id`` is kept for audit entries."""

    role: str
    department: str | None = None
    unit: str | None = None
    user_id: int | None = None

    @classmethod
    def of(cls, user: User) -> Scope:
        return cls(user.role, user.department, user.unit, user.id)

    @classmethod
    def everything(cls) -> Scope:
        """The CLI and background jobs act with finance's view."""
        return cls("finance")

    @property
    def sees_all(self) -> bool:
        return self.role == "finance"

    def apply(self, statement: SelectT) -> SelectT:
        """Restrict a select over :class:`Form` to this scope."""
        if self.role == "finance":
            return statement
        if self.role == "department" and self.department:
            return statement.where(Form.department == self.department)
        if self.role == "unit" and self.unit:
            return statement.where(Form.unit == self.unit)
        return statement.where(false())

    def allows(self, form: Form) -> bool:
        """The same rule for a form already loaded."""
        if self.role == "finance":
            return True
        if self.role == "department":
            return bool(self.department) and form.department == self.department
        if self.role == "unit":
            return bool(self.unit) and form.unit == self.unit
        return False


def scoped(statement: SelectT, scope: Scope) -> SelectT:
    """Function form of :meth:`Scope.apply`."""
    return scope.apply(statement)
