"""The store's CLI commands: db upgrade, import (summary, duplicates, failures), user add."""

from __future__ import annotations

from pathlib import Path

from conftest import SAMPLES
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from jixiao.cli import app
from jixiao.store.tables import Form, User

runner = CliRunner()


def test_import_command(
    engine: Engine, session_factory: sessionmaker[Session], db_url: str, tmp_path: Path
) -> None:
    sample = str(SAMPLES / "003_0404f4768d803c0b.txt")
    result = runner.invoke(app, ["import", sample, "--url", db_url])
    assert result.exit_code == 0, result.output
    assert "导入结果" in result.output and "10" in result.output
    again = runner.invoke(app, ["import", sample, "--url", db_url])
    assert again.exit_code == 0 and "已导入过" in again.output
    bad = tmp_path / "坏文件.docx"
    bad.write_bytes(b"PK\x03\x04not really a zip")
    failed = runner.invoke(app, ["import", str(bad), "--url", db_url])
    assert failed.exit_code == 1 and "坏文件.docx" in failed.output
    missing = runner.invoke(app, ["import", str(tmp_path / "nope.txt"), "--url", db_url])
    assert missing.exit_code == 2
    with session_factory() as session:
        assert len(session.scalars(select(Form.id)).all()) == 10


def test_user_add_and_db_upgrade(
    engine: Engine, session_factory: sessionmaker[Session], db_url: str
) -> None:
    upgraded = runner.invoke(app, ["db", "upgrade", "--url", db_url])
    assert upgraded.exit_code == 0 and "最新结构" in upgraded.output
    args = ["user", "add", "--url", db_url, "-u", "zhang", "--role", "unit"]
    refused = runner.invoke(app, [*args, "--password", "secret-pass"])
    assert refused.exit_code == 2 and "必须填写所属单位" in refused.output
    created = runner.invoke(
        app,
        [*args, "--unit", "某某单位", "--department", "某某部门"],
        input="secret-pass\nsecret-pass\n",
    )
    assert created.exit_code == 0, created.output
    assert "已新建账号 zhang（预算单位，某某单位）" in created.output
    with session_factory() as session:
        user = session.scalar(select(User).where(User.username == "zhang"))
        assert user is not None and user.unit == "某某单位" and user.department == "某某部门"


def test_new_sqlite_database_is_created_on_import(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'new.db'}"
    result = runner.invoke(app, ["import", str(SAMPLES / "004_66265a79e30ddeca.txt"), "--url", url])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "new.db").exists()
