"""``jixiao demo`` and ``jixiao serve``: the wiring with uvicorn replaced, and one real start.

The demo is run on both database backends: it must create the schema, import the bundled
samples, create the three accounts and print passwords that really log in — and a second run
must import nothing new and reset the passwords.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from conftest import SAMPLES
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select
from typer.testing import CliRunner

from jixiao.cli import app as cli
from jixiao.store.tables import Form, User
from jixiao.web import demo as demo_module
from jixiao.web.app import create_app
from jixiao.web.demo import bootstrap_demo, find_samples

from .conftest import login

ROOT = Path(__file__).resolve().parents[2]
ACCOUNT = re.compile(r"(caizheng|bumen|danwei)\s*│\s*(\S+)\s*│")


class FakeUvicorn:
    """Records ``uvicorn.run`` calls instead of serving forever."""

    def __init__(self) -> None:
        self.calls: list[tuple[Any, dict[str, Any]]] = []

    def __call__(self, app: Any, **kwargs: Any) -> None:
        self.calls.append((app, kwargs))

    def close(self) -> None:
        for app, _ in self.calls:  # the app was built but never started: free what it holds
            app.state.uploads.shutdown()
            app.state.engine.dispose()


@pytest.fixture
def uvicorn_run(monkeypatch: pytest.MonkeyPatch) -> Any:
    import uvicorn

    fake = FakeUvicorn()
    monkeypatch.setattr(uvicorn, "run", fake)
    yield fake
    fake.close()


def _passwords(output: str) -> dict[str, str]:
    return dict(ACCOUNT.findall(output))


def _logs_in(url: str, username: str, password: str) -> bool:
    with TestClient(create_app(url), follow_redirects=False) as client:
        return login(client, username, password).status_code == 303


def test_demo_prepares_the_database_prints_working_passwords_and_serves(
    db_url: str, engine: Engine, uvicorn_run: FakeUvicorn
) -> None:
    runner = CliRunner()
    first = runner.invoke(
        cli, ["demo", "--database-url", db_url, "--host", "127.0.0.1", "--port", "8765"]
    )
    assert first.exit_code == 0, first.output
    assert "已导入样例：4 个文件，新导入 4 个，已导入过 0 个，失败 0 个" in first.output
    passwords = _passwords(first.output)
    assert set(passwords) == {"caizheng", "bumen", "danwei"}
    with engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(Form)) == 64
        roles = dict(connection.execute(select(User.username, User.role)).all())
    assert roles == {"caizheng": "finance", "bumen": "department", "danwei": "unit"}
    assert all(_logs_in(db_url, name, password) for name, password in passwords.items())
    # serving: uvicorn got the app for this database, on the host and port asked for
    assert len(uvicorn_run.calls) == 1
    served, options = uvicorn_run.calls[0]
    assert isinstance(served, FastAPI) and served.state.settings.database_url == db_url
    assert options["host"] == "127.0.0.1" and options["port"] == 8765

    again = runner.invoke(cli, ["demo", "--database-url", db_url, "--no-serve"])
    assert again.exit_code == 0, again.output
    assert "新导入 0 个，已导入过 4 个" in again.output
    renewed = _passwords(again.output)
    assert renewed.keys() == passwords.keys() and renewed != passwords
    assert _logs_in(db_url, "danwei", renewed["danwei"])
    assert not _logs_in(db_url, "danwei", passwords["danwei"])
    assert len(uvicorn_run.calls) == 1  # --no-serve does not start the server


def test_demo_without_samples_says_where_to_point_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(demo_module, "SAMPLE_DIRS", (tmp_path / "installed" / "samples",))
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    runner = CliRunner()
    missing = runner.invoke(cli, ["demo", "--database-url", url, "--no-serve"])
    assert missing.exit_code == 2
    assert "找不到随程序提供的样例表单" in missing.output and "--samples" in missing.output
    wrong = runner.invoke(
        cli, ["demo", "--database-url", url, "--no-serve", "--samples", str(tmp_path / "无")]
    )
    assert wrong.exit_code == 2 and "样例文件夹不存在" in wrong.output
    assert not (tmp_path / "demo.db").exists()  # nothing was created before the check
    given = runner.invoke(
        cli, ["demo", "--database-url", url, "--no-serve", "--samples", str(SAMPLES)]
    )
    assert given.exit_code == 0 and "新导入 4 个" in given.output


def test_samples_are_found_in_the_package_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An installed wheel carries the samples in jixiao/web/samples (pyproject force-include);
    a checkout has only the top-level samples/ folder."""
    packaged = tmp_path / "jixiao" / "web" / "samples"
    packaged.mkdir(parents=True)
    monkeypatch.setattr(demo_module, "SAMPLE_DIRS", (packaged, SAMPLES))
    assert find_samples() == SAMPLES  # an empty packaged folder does not count
    (packaged / "a.txt").write_text("x", encoding="utf-8")
    assert find_samples() == packaged
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"samples" = "jixiao/web/samples"' in pyproject


def test_serve_hands_the_app_to_uvicorn(
    db_url: str, engine: Engine, uvicorn_run: FakeUvicorn
) -> None:
    result = CliRunner().invoke(
        cli, ["serve", "--database-url", db_url, "--host", "0.0.0.0", "--port", "8123"]
    )
    assert result.exit_code == 0, result.output
    assert "http://0.0.0.0:8123/" in result.output
    served, options = uvicorn_run.calls[0]
    assert isinstance(served, FastAPI) and served.state.settings.database_url == db_url
    assert (options["host"], options["port"]) == ("0.0.0.0", 8123)


def test_serve_refuses_a_database_that_is_not_ready(
    tmp_path: Path, uvicorn_run: FakeUvicorn
) -> None:
    runner = CliRunner()
    empty = runner.invoke(cli, ["serve", "--database-url", f"sqlite:///{tmp_path / 'new.db'}"])
    assert empty.exit_code == 2 and "数据库尚未创建" in empty.output
    down = runner.invoke(
        cli, ["serve", "--database-url", "postgresql+psycopg://nobody@127.0.0.1:1/none"]
    )
    assert down.exit_code == 2 and "无法连接数据库" in down.output
    assert uvicorn_run.calls == []


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_serve_really_starts_answers_login_and_stops(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'served.db'}"
    bootstrap_demo(url, SAMPLES)
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "jixiao", "serve", "--database-url", url, "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        deadline = time.monotonic() + 60
        page = ""
        while time.monotonic() < deadline:
            assert server.poll() is None, server.stderr.read().decode() if server.stderr else ""
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=2) as r:
                    assert r.status == 200
                    page = r.read().decode("utf-8")
                    break
            except OSError:
                time.sleep(0.2)
        assert 'name="password"' in page and 'name="csrf_token"' in page
        server.send_signal(signal.SIGINT)  # Ctrl+C
        assert server.wait(timeout=30) == 0
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
