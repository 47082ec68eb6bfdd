"""Login and logout.

A successful login replaces the whole session (new CSRF token, no fixation of a pre-login
session); failures count per username + address in the app's :class:`LoginLimiter`.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from jixiao.store.tables import AuditLog
from jixiao.store.users import authenticate
from jixiao.web.deps import DB
from jixiao.web.security import client_address
from jixiao.web.templating import render

router = APIRouter(include_in_schema=False)


def _safe_next(target: str | None) -> str:
    """Only same-site paths: an open redirect would make phishing links look like ours."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


@router.get("/login")
def login_page(request: Request, next: str = "/") -> Response:
    if isinstance(request.session.get("uid"), int):
        return RedirectResponse(_safe_next(next), status_code=303)
    return render(request, "login.html", {"next": _safe_next(next)})


@router.post("/login")
def login(
    request: Request,
    db: DB,
    username: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/",
) -> Response:
    limiter = request.app.state.limiter
    address = client_address(request)
    ctx = {"next": _safe_next(next), "username": username}
    wait = limiter.retry_after(username, address)
    if wait:
        minutes = max(1, (wait + 59) // 60)
        ctx["error"] = f"登录失败次数过多，请 {minutes} 分钟后再试。"
        return render(
            request, "login.html", ctx, status_code=429, headers={"Retry-After": str(wait)}
        )
    user = authenticate(db, username, password)
    if user is None:
        limiter.failed(username, address)
        ctx["error"] = "用户名或密码不正确。"
        return render(request, "login.html", ctx, status_code=401)
    limiter.succeeded(username, address)
    db.add(
        AuditLog(
            user_id=user.id,
            action="login",
            object_type="user",
            object_id=user.id,
            detail={"address": address},
        )
    )
    db.commit()
    request.session.clear()
    request.session["uid"] = user.id
    return RedirectResponse(_safe_next(next), status_code=303)


@router.post("/logout")
def logout(request: Request) -> Response:
    request.session.clear()
    return RedirectResponse("/login", status_code=303)
