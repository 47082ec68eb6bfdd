"""CLI commands of the store: ``jixiao db upgrade``, ``jixiao import``, ``jixiao user add``.

Thin: each command parses its options, calls the store's functions and prints in Chinese.
Registered on the main Typer app by :func:`register` (see ``jixiao/cli.py``).
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from jixiao.store.labels import ROLE_LABELS

db_app = typer.Typer(help="数据库管理。", no_args_is_help=True, add_completion=False)
user_app = typer.Typer(help="账号管理。", no_args_is_help=True, add_completion=False)
err = Console(stderr=True, highlight=False)

UrlOption = Annotated[
    str | None,
    typer.Option(
        "--url",
        help="数据库地址（默认取环境变量 JIXIAO_DATABASE_URL，否则为 ./jixiao.db）",
        show_default=False,
    ),
]


def _safe_url(url: str) -> str:
    """The URL with any password hidden, for messages."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def _ready(url: str) -> None:
    """Create the schema of an empty database; refuse to work on an outdated one."""
    from alembic.script import ScriptDirectory

    from jixiao.store.db import alembic_config, current_revision, upgrade

    try:
        revision = current_revision(url)
    except Exception as exc:
        err.print(f"无法连接数据库 {_safe_url(url)}：{type(exc).__name__}", markup=False)
        raise typer.Exit(2) from exc
    head = ScriptDirectory.from_config(alembic_config(url)).get_current_head()
    if revision is None:
        err.print(f"新建数据库 {_safe_url(url)}", markup=False)
        upgrade(url)
    elif revision != head:
        err.print("数据库结构不是最新版本，请先运行 jixiao db upgrade", markup=False)
        raise typer.Exit(2)


@db_app.command("upgrade")
def db_upgrade(url: UrlOption = None) -> None:
    """创建数据库或升级到最新结构。"""
    from jixiao.store.db import current_revision, database_url, upgrade

    resolved = database_url(url)
    try:
        upgrade(resolved)
        revision = current_revision(resolved)
    except Exception as exc:
        err.print(f"数据库升级失败（{_safe_url(resolved)}）：{exc}", markup=False)
        raise typer.Exit(2) from exc
    typer.echo(f"数据库 {_safe_url(resolved)} 已是最新结构（版本 {revision}）")


def import_command(
    paths: Annotated[list[Path], typer.Argument(help="文件或文件夹（可多个）", show_default=False)],
    url: UrlOption = None,
    workers: Annotated[
        int,
        typer.Option(
            "--workers",
            "-j",
            help="读取与审核的进程数（0 = CPU 核数；写入数据库始终由本进程按文件顺序进行）",
        ),
    ] = 0,
    profile: Annotated[str, typer.Option("--profile", help="审核方案")] = "national-88",
    username: Annotated[
        str | None, typer.Option("--user", help="记在哪个账号名下（审计记录）")
    ] = None,
) -> None:
    """导入表单文件到数据库（每个文件一个事务；重复文件自动跳过）。"""
    import sqlite3

    import psycopg
    from sqlalchemy.exc import SQLAlchemyError

    from jixiao.store.db import database_url, make_engine, make_sessionmaker
    from jixiao.store.importer import (
        ImportProgress,
        ImportResult,
        default_workers,
        expand_paths,
        import_paths,
    )

    resolved = database_url(url)
    missing = [p for p in paths if not p.exists()]
    if missing:
        for path in missing:
            err.print(f"{path}: 文件不存在", markup=False)
        raise typer.Exit(2)
    _ready(resolved)
    engine = make_engine(resolved)
    factory = make_sessionmaker(engine)
    user_id = _user_id(factory, username) if username else None
    total = len(expand_paths(paths))
    console = Console(highlight=False)
    with Progress(
        TextColumn("[bold]导入[/]"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
        console=console,
        transient=False,
    ) as bar:
        task = bar.add_task("", total=total)
        finished: list[ImportResult] = []

        def report(event: ImportProgress) -> None:
            if event.result is None:
                bar.update(task, description=escape(event.path.name))
                return
            finished.append(event.result)
            bar.advance(task)
            if event.result.status == "failed":
                bar.console.print(f"[red]失败[/] {escape(event.result.message)}")

        def interrupted() -> NoReturn:
            bar.stop()
            done = sum(r.status == "imported" for r in finished)
            err.print(
                f"已中断：已处理 {len(finished)} 个文件（新导入 {done} 个）。每个文件要么完整导入、"
                "要么完全未写入；再次运行同一命令即可继续导入其余文件（已导入的会自动跳过）",
                markup=False,
            )
            raise typer.Exit(130) from None

        with _ctrl_c() as pressed:
            try:
                summary = import_paths(
                    factory,
                    paths,
                    user=user_id,
                    progress=report,
                    workers=workers or default_workers(),
                    profile=profile,
                )
            except KeyboardInterrupt:
                interrupted()
            except (SQLAlchemyError, sqlite3.Error, psycopg.Error) as exc:
                if pressed.is_set():  # Ctrl-C surfaced as a database error (see _ctrl_c)
                    interrupted()
                bar.stop()
                err.print(
                    f"数据库出错，导入中止（已完成的文件保留，当前文件未写入）：{type(exc).__name__}",
                    markup=False,
                )
                raise typer.Exit(2) from exc
            finally:
                engine.dispose()
    table = Table(title="导入结果", show_header=True)
    for name in ("文件", "新导入", "已导入过", "失败", "表单", "指标", "读取提示", "审核发现"):
        table.add_column(name, justify="right")
    table.add_row(
        str(summary.files),
        str(summary.imported),
        str(summary.duplicates),
        str(summary.failed),
        str(summary.forms),
        str(summary.indicators),
        str(summary.warnings),
        str(summary.findings),
    )
    console.print(table)
    for result in summary.results:
        if result.status == "duplicate":
            console.print(f"[dim]{escape(result.message)}[/]")
    if summary.failed:
        raise typer.Exit(1)


@contextmanager
def _ctrl_c() -> Iterator[threading.Event]:
    """Note that Ctrl-C was pressed, whatever shape the interrupt reaches us in.

    KeyboardInterrupt raised inside a SQLite function that a trigger calls (the search index
    tokenises in Python) comes out as ``sqlite3.OperationalError``: the transaction is rolled
    back as it should be, but without this flag the import would report a database error.
    """
    pressed = threading.Event()

    def handler(signum: int, frame: FrameType | None) -> None:
        pressed.set()
        raise KeyboardInterrupt

    if threading.current_thread() is not threading.main_thread():
        yield pressed
        return
    previous = signal.signal(signal.SIGINT, handler)
    try:
        yield pressed
    finally:
        signal.signal(signal.SIGINT, previous)


def _user_id(factory: object, username: str) -> int:
    from sqlalchemy import select
    from sqlalchemy.orm import Session, sessionmaker

    from jixiao.store.tables import User

    assert isinstance(factory, sessionmaker)
    session: Session
    with factory() as session:
        user_id = session.scalar(select(User.id).where(User.username == username))
    if user_id is None:
        err.print(f"账号“{username}”不存在", markup=False)
        raise typer.Exit(2)
    return int(user_id)


@user_app.command("add")
def user_add(
    username: Annotated[str, typer.Option("--username", "-u", help="用户名", show_default=False)],
    role: Annotated[
        str,
        typer.Option(
            "--role",
            help="角色：" + "、".join(f"{k}（{v}）" for k, v in ROLE_LABELS.items()),
            show_default=False,
        ),
    ],
    department: Annotated[
        str | None, typer.Option("--department", help="所属主管部门（主管部门账号必填）")
    ] = None,
    unit: Annotated[
        str | None, typer.Option("--unit", help="所属预算单位（预算单位账号必填）")
    ] = None,
    display_name: Annotated[str | None, typer.Option("--name", help="显示名称")] = None,
    password: Annotated[
        str | None,
        typer.Option("--password", help="密码（不填则提示输入）", show_default=False),
    ] = None,
    url: UrlOption = None,
) -> None:
    """新建账号（密码以 argon2 散列保存）。"""
    from jixiao.store.db import database_url, make_engine, make_sessionmaker
    from jixiao.store.users import UserError, create_user

    resolved = database_url(url)
    _ready(resolved)
    if password is None:
        password = typer.prompt("密码", hide_input=True, confirmation_prompt=True)
    engine = make_engine(resolved)
    try:
        with make_sessionmaker(engine)() as session, session.begin():
            user = create_user(session, username, password, role, department, unit, display_name)
            summary = f"已新建账号 {user.username}（{ROLE_LABELS[user.role]}"
            scope = user.unit or user.department
            summary += f"，{scope}）" if scope else "）"
    except UserError as exc:
        err.print(str(exc), markup=False)
        raise typer.Exit(2) from exc
    finally:
        engine.dispose()
    typer.echo(summary)


def register(app: typer.Typer) -> None:
    """Add the store's commands to the main ``jixiao`` app."""
    app.add_typer(db_app, name="db")
    app.command("import")(import_command)
    app.add_typer(user_app, name="user")
