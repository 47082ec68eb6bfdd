"""The FastAPI application factory.

``create_app(database_url)`` builds one self-contained app (engine, sessions, settings, upload
worker, login limiter on ``app.state``) so tests can create as many as they like against
different databases. The app does not migrate the database: ``jixiao db upgrade`` (or
``bootstrap_demo``) does, before serving.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import quote

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from jixiao.store.db import database_url as resolve_url
from jixiao.store.db import make_engine, make_sessionmaker
from jixiao.web.filters import FacetCache
from jixiao.web.ratelimit import LoginLimiter
from jixiao.web.security import CSRFError, Forbidden, LoginRequired, verify_csrf
from jixiao.web.settings import WebSettings
from jixiao.web.templating import HERE, render
from jixiao.web.uploads import UploadManager

SESSION_COOKIE = "jixiao_session"
CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
)


class SecurityHeaders:
    """Adds the usual hardening headers (a plain ASGI middleware: no per-request task)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        docs = scope["path"].startswith("/docs")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [
                    (b"x-content-type-options", b"nosniff"),
                    (b"x-frame-options", b"DENY"),
                    (b"referrer-policy", b"same-origin"),
                ]
                if not docs:  # Swagger UI boots with an inline script
                    headers.append((b"content-security-policy", CSP.encode()))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _error(request: Request, status: int, code: str, message: str) -> Response:
    """One JSON envelope for the API, a Chinese error page (or fragment) for the pages."""
    if _wants_json(request):
        return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)
    template = "_error_fragment.html" if request.headers.get("hx-request") else "error.html"
    return render(request, template, {"status": status, "message": message}, status_code=status)


_MESSAGES = {
    400: "请求有误，请检查后重试。",
    401: "请先登录。",
    403: "没有权限进行此操作。",
    404: "未找到该页面或表单，可能已被删除，或不在您的权限范围内。",
    405: "不支持的请求方式。",
    413: "文件过大。",
}


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, exc: LoginRequired) -> Response:
        if _wants_json(request):
            return _error(request, 401, "login_required", "请先登录。")
        target = "/login?next=" + quote(
            request.url.path + ("?" + request.url.query if request.url.query else "")
        )
        if request.headers.get("hx-request"):
            return Response(status_code=200, headers={"HX-Redirect": target})
        return RedirectResponse(target, status_code=303)

    @app.exception_handler(CSRFError)
    async def csrf_failed(request: Request, exc: CSRFError) -> Response:
        return _error(request, 403, "csrf", "页面已过期或安全校验未通过，请刷新页面后重试。")

    @app.exception_handler(Forbidden)
    async def forbidden(request: Request, exc: Forbidden) -> Response:
        return _error(request, 403, "forbidden", exc.message)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        detail = exc.detail if isinstance(exc.detail, str) and exc.detail else None
        if detail in {"Not Found", "Method Not Allowed"}:
            detail = None
        message = detail or _MESSAGES.get(exc.status_code, "请求未能完成。")
        code = {404: "not_found", 403: "forbidden", 405: "method_not_allowed"}.get(
            exc.status_code, "http_error"
        )
        return _error(request, exc.status_code, code, message)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        if _wants_json(request):
            return JSONResponse(
                {
                    "error": {
                        "code": "invalid_request",
                        "message": "请求参数有误",
                        "details": [
                            {"loc": list(e.get("loc", ())), "message": e.get("msg", "")}
                            for e in exc.errors()
                        ],
                    }
                },
                status_code=422,
            )
        return _error(request, 400, "invalid_request", _MESSAGES[400])


def create_app(database_url: str | None = None, *, settings: WebSettings | None = None) -> FastAPI:
    """The web app for ``database_url`` (else ``JIXIAO_DATABASE_URL``, else ./jixiao.db)."""
    url = resolve_url(database_url)
    settings = settings or WebSettings.from_env(url)
    engine = make_engine(url, pool_size=settings.threads, max_overflow=10)
    sessions = make_sessionmaker(engine)
    uploads = UploadManager(sessions, settings)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        import anyio.to_thread

        anyio.to_thread.current_default_thread_limiter().total_tokens = settings.threads
        yield
        uploads.shutdown()
        engine.dispose()

    app = FastAPI(
        title="jixiao 绩效目标 API",
        description="预算绩效目标表的表单、指标、审核问题、导入和审核流程。"
        "使用网页登录后的会话访问；修改类请求需带 X-CSRF-Token 请求头。",
        version="1",
        docs_url=None,
        redoc_url=None,
        dependencies=[Depends(verify_csrf)],
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.sessionmaker = sessions
    app.state.limiter = LoginLimiter(settings.login_max_failures, settings.login_window_seconds)
    app.state.uploads = uploads
    app.state.facets = FacetCache()

    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.secret_key,
        session_cookie=SESSION_COOKIE,
        max_age=settings.session_max_age,
        same_site="lax",
        https_only=settings.https_only,
    )
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        """Swagger UI served from our own static files: the app runs without internet access."""
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="jixiao API 文档",
            swagger_js_url="/static/swagger/swagger-ui-bundle.js",
            swagger_css_url="/static/swagger/swagger-ui.css",
            swagger_favicon_url="/static/favicon.svg",
        )

    from jixiao.web.routes import api, auth, evaluation_api, evaluation_pages, forms, pages
    from jixiao.web.routes import uploads as upload_routes

    for module in (auth, pages, forms, evaluation_pages, upload_routes, api, evaluation_api):
        app.include_router(module.router)
    _install_error_handlers(app)
    return app


def app_from_env() -> Any:
    """Factory for ``uvicorn --factory jixiao.web.app:app_from_env``."""
    return create_app()
