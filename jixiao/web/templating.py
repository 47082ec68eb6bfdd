"""Jinja2 environment: templates, filters and the helpers every page uses."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from jixiao.model.findings import DIMENSION_NAMES, SEVERITY_NAMES
from jixiao.store.labels import (
    ACTION_LABELS,
    IMPORT_STATUS_LABELS,
    KIND_LABELS,
    ROLE_LABELS,
    STATUS_LABELS,
)
from jixiao.web.formview import cell_class, worst
from jixiao.web.security import csrf_token

HERE = Path(__file__).resolve().parent
LOCAL_TZ = ZoneInfo("Asia/Shanghai")

templates = Jinja2Templates(directory=str(HERE / "templates"))
env = templates.env
env.trim_blocks = True
env.lstrip_blocks = True
# Templates ship with the package: checking every template file's mtime on each render (Jinja's
# default) costs a dozen stat calls per page; restart the server after editing templates.
env.auto_reload = False


def wan(value: Decimal | int | float | str | None, decimals: int = 2) -> str:
    """Yuan → 万元 with thousands separators; empty for a blank amount."""
    if value is None or value == "":
        return ""
    return f"{Decimal(str(value)) / Decimal(10000):,.{decimals}f}"


def yuan(value: Decimal | int | float | str | None) -> str:
    if value is None or value == "":
        return ""
    return f"{Decimal(str(value)):,.2f}"


def local_time(value: datetime | None) -> str:
    if value is None:
        return ""
    if value.tzinfo is None:  # SQLite hands back naive UTC
        value = value.replace(tzinfo=ZoneInfo("UTC"))
    return value.astimezone(LOCAL_TZ).strftime("%Y-%m-%d %H:%M")


def show_value(value: object) -> str:
    """A diff value for people: an indicator row as its cells, blanks as （空）."""
    if value is None or value == "":
        return "（空）"
    if isinstance(value, dict):
        parts = [str(value.get(k)) for k in ("level1", "level2", "name", "value") if value.get(k)]
        return " / ".join(parts) if parts else "（空行）"
    if isinstance(value, list):
        return "；".join(show_value(v) for v in value)
    return str(value)


env.filters.update(wan=wan, yuan=yuan, local_time=local_time, show_value=show_value)
env.globals.update(
    STATUS_LABELS=STATUS_LABELS,
    ROLE_LABELS=ROLE_LABELS,
    ACTION_LABELS=ACTION_LABELS,
    KIND_LABELS=KIND_LABELS,
    IMPORT_STATUS_LABELS=IMPORT_STATUS_LABELS,
    SEVERITY_NAMES=SEVERITY_NAMES,
    DIMENSION_NAMES=DIMENSION_NAMES,
    worst=worst,
    cell_class=cell_class,
)


def render(
    request: Request,
    name: str,
    context: dict[str, Any] | None = None,
    status_code: int = 200,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    """Render a page with the user, CSRF token and current section filled in."""
    ctx: dict[str, Any] = {
        "user": getattr(request.state, "user", None),
        "csrf": csrf_token(request),
        "is_htmx": request.headers.get("hx-request") == "true",
    }
    ctx.update(context or {})
    return templates.TemplateResponse(request, name, ctx, status_code=status_code, headers=headers)
