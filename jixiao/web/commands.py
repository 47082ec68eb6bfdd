"""CLI commands of the web app: ``jixiao serve`` and ``jixiao demo``.

Registered on the main Typer app by :func:`register` (see ``jixiao/cli.py``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

err = Console(stderr=True, highlight=False)

Host = Annotated[str, typer.Option("--host", help="监听地址")]
Port = Annotated[int, typer.Option("--port", help="端口")]
Url = Annotated[
    str | None,
    typer.Option(
        "--database-url",
        help="数据库地址（默认取环境变量 JIXIAO_DATABASE_URL，否则为 ./jixiao.db）",
        show_default=False,
    ),
]


def _run(url: str, host: str, port: int) -> None:
    import uvicorn

    from jixiao.errors import InputError
    from jixiao.web.app import create_app

    try:
        app = create_app(url)
    except InputError as exc:  # a bad JIXIAO_SCORING_CONFIG file: say which, do not start
        err.print(str(exc), markup=False)
        raise typer.Exit(2) from exc
    err.print(f"网页地址：http://{host}:{port}/  （按 Ctrl+C 停止）", markup=False)
    uvicorn.run(app, host=host, port=port, log_level="warning")


def serve(host: Host = "127.0.0.1", port: Port = 8000, database_url: Url = None) -> None:
    """启动网页应用（数据库需已创建：jixiao db upgrade）。"""
    from jixiao.store.db import current_revision
    from jixiao.store.db import database_url as resolve

    url = resolve(database_url)
    try:
        revision = current_revision(url)
    except Exception as exc:
        err.print(f"无法连接数据库：{type(exc).__name__}: {exc}", markup=False)
        raise typer.Exit(2) from exc
    if revision is None:
        err.print("数据库尚未创建，请先运行 jixiao db upgrade（或 jixiao demo）", markup=False)
        raise typer.Exit(2)
    _run(url, host, port)


def demo(
    host: Host = "127.0.0.1",
    port: Port = 8000,
    database_url: Url = None,
    no_serve: Annotated[bool, typer.Option("--no-serve", help="只准备数据，不启动网页")] = False,
    samples: Annotated[
        Path | None,
        typer.Option("--samples", help="样例表单文件夹（默认使用随程序提供的样例）"),
    ] = None,
) -> None:
    """准备演示：建库、导入样例表单、为每个角色创建演示账号（打印密码），然后启动网页。"""
    from sqlalchemy.exc import SQLAlchemyError

    from jixiao.store.db import database_url as resolve
    from jixiao.store.labels import ROLE_LABELS
    from jixiao.web.demo import DemoError, bootstrap_demo

    url = resolve(database_url)
    try:
        accounts, summary = bootstrap_demo(url, samples)
    except DemoError as exc:
        err.print(str(exc), markup=False)
        raise typer.Exit(2) from exc
    except SQLAlchemyError as exc:
        err.print(f"无法准备演示数据库：{type(exc).__name__}: {exc}", markup=False)
        raise typer.Exit(2) from exc
    out = Console(highlight=False)
    out.print(
        f"已导入样例：{summary.files} 个文件，新导入 {summary.imported} 个，"
        f"已导入过 {summary.duplicates} 个，失败 {summary.failed} 个",
        markup=False,
    )
    table = Table(title="演示账号（每次运行 jixiao demo 都会重置密码）")
    for column in ("角色", "用户名", "密码", "范围"):
        table.add_column(column)
    for account in accounts:
        scope = account.unit or account.department or "全部表单"
        table.add_row(ROLE_LABELS[account.role], account.username, account.password, scope)
    out.print(table)
    if not no_serve:
        _run(url, host, port)


def register(app: typer.Typer) -> None:
    """Add the web commands to the main ``jixiao`` app."""
    app.command("serve")(serve)
    app.command("demo")(demo)
