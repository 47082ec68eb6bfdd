"""Browser tests in Debian Chromium (playwright): the acceptance walk-through, screenshots of
every page at 1280 px and 390 px under tests/artifacts/, and a basic accessibility check.

The app runs under uvicorn in a thread on a free port, on its own SQLite database prepared
by ``bootstrap_demo`` (three sample files imported; the fourth is uploaded by a test).
Skipped loudly when /usr/bin/chromium is missing (CI installs it).
"""

from __future__ import annotations

import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, SAMPLES
from sqlalchemy import select

from jixiao.store.db import make_engine, make_sessionmaker
from jixiao.store.tables import Finding, Form
from jixiao.web.app import create_app
from jixiao.web.demo import bootstrap_demo
from jixiao.web.settings import WebSettings

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "tests" / "artifacts"
UPLOADED = "003_0404f4768d803c0b.txt"
PASSWORDS = {"caizheng": "browser-fin-1", "bumen": "browser-dept-1", "danwei": "browser-unit-1"}
WIDTHS = (1280, 390)

if not CHROMIUM.exists():  # pragma: no cover - depends on the machine
    pytest.skip(
        "BROWSER TESTS SKIPPED: /usr/bin/chromium is missing (apt-get install -y chromium)",
        allow_module_level=True,
    )

from playwright.sync_api import Browser, Page, expect, sync_playwright  # noqa: E402


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """uvicorn serving the app in a background thread."""

    def __init__(self, url: str) -> None:
        import uvicorn

        self.port = _free_port()
        app = create_app(url, settings=WebSettings(database_url=url, secret_key="browser"))
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Server:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(10)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    folder = tmp_path_factory.mktemp("browser")
    samples = folder / "samples"
    samples.mkdir()
    for path in SAMPLES.glob("*.txt"):
        if path.name != UPLOADED:
            shutil.copy(path, samples / path.name)
    url = f"sqlite:///{folder / 'browser.db'}"
    accounts, _ = bootstrap_demo(url, samples, PASSWORDS)
    unit = next(a for a in accounts if a.role == "unit").unit
    engine = make_engine(url)
    with make_sessionmaker(engine)() as session:
        mine = list(session.scalars(select(Form.id).where(Form.unit == unit).order_by(Form.id)))
        other = session.scalar(select(Form.id).where(Form.unit != unit).order_by(Form.id))
        finding = session.scalars(
            select(Finding).where(Finding.form_id.in_(mine)).order_by(Finding.id)
        ).all()
    engine.dispose()
    cell = next(f for f in finding if len(f.loc) == 3 and f.loc[0] == "indicators")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with Server(url) as server:
        yield {
            "base": server.base,
            "mine": mine,
            "other": other,
            "finding": (cell.form_id, f"indicators.{cell.loc[1]}.{cell.loc[2]}", cell.code),
        }


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


def _page(browser: Browser, site: dict[str, Any], username: str | None, width: int = 1280) -> Page:
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    if username:
        page.goto(site["base"] + "/login")
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码").fill(PASSWORDS[username])
        page.get_by_role("button", name="登录").click()
        expect(page.get_by_role("heading", name="总览")).to_be_visible()
    return page


def shot(page: Page, name: str) -> None:
    width = page.viewport_size["width"] if page.viewport_size else 0
    page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=True)


def test_login_and_dashboard(browser: Browser, site: dict[str, Any]) -> None:
    page = _page(browser, site, None)
    page.goto(site["base"] + "/")
    expect(page).to_have_url(site["base"] + "/login?next=/")
    page.get_by_label("用户名").fill("caizheng")
    page.get_by_label("密码").fill("wrong")
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("alert")).to_contain_text("用户名或密码不正确")
    page.get_by_label("密码").fill(PASSWORDS["caizheng"])
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="总览")).to_be_visible()
    expect(page.locator("svg.chart").first).to_be_visible()
    page.context.close()


def test_upload_seed_file_and_watch_progress(browser: Browser, site: dict[str, Any]) -> None:
    page = _page(browser, site, "caizheng")
    page.goto(site["base"] + "/upload")
    page.set_input_files("#files", str(SAMPLES / UPLOADED))
    page.get_by_role("button", name="上传并导入").click()
    job = page.locator(".upload-job")
    expect(job).to_be_visible()
    expect(job).to_have_attribute("data-done", "true", timeout=60_000)
    expect(job.locator("tr[data-state]")).to_have_attribute("data-state", "imported")
    expect(job).to_contain_text("导入完成")
    shot(page, "upload-done")
    page.context.close()


def test_filter_the_list(browser: Browser, site: dict[str, Any]) -> None:
    page = _page(browser, site, "caizheng")
    page.goto(site["base"] + "/forms")
    total = page.locator("#result-count").inner_text()
    page.get_by_label("等级").select_option("差")
    expect(page).to_have_url(f"{site['base']}/forms?grade=%E5%B7%AE")
    expect(page.locator("#result-count")).not_to_have_text(total)
    grades = page.locator("#forms-table tbody .badge[class*=grade-]").all_inner_texts()
    assert grades and set(grades) == {"差"}
    page.get_by_label("搜索（项目名称、目标、指标）").fill("满意度")
    page.wait_for_function("document.querySelector('#f-q').value === '满意度'")
    expect(page).to_have_url(re.compile(r"q=%E6%BB%A1%E6%84%8F%E5%BA%A6"))
    shot(page, "list-filtered")
    page.context.close()


def test_finding_highlighted_at_its_cell(browser: Browser, site: dict[str, Any]) -> None:
    form_id, anchor, code = site["finding"]
    page = _page(browser, site, "danwei")
    page.goto(f"{site['base']}/forms/{form_id}")
    cell = page.locator(f'td[data-anchor="{anchor}"]')
    expect(cell).to_have_class(re.compile(r"\bhas-finding\b"))
    card = cell.locator(f'.finding[data-code="{code}"]')
    expect(card).to_be_visible()
    expect(card).to_contain_text("修改建议")
    background = cell.evaluate("el => getComputedStyle(el).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "rgb(255, 255, 255)")
    card.locator("summary").click()
    expect(card.locator("dl")).to_be_visible()
    page.context.close()


def test_edit_indicator_value_shows_new_version_and_diff(
    browser: Browser, site: dict[str, Any]
) -> None:
    form_id = site["mine"][1]
    page = _page(browser, site, "danwei")
    page.goto(f"{site['base']}/forms/{form_id}/edit")
    field = page.get_by_label("第1行指标值")
    old = field.input_value()
    field.fill("≥777(次)")
    page.get_by_label("修改说明（可选）").fill("浏览器测试修改")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("status")).to_contain_text("已保存为第 2 版")
    expect(page.locator('td[data-anchor="indicators.0.value"]')).to_contain_text("≥777(次)")
    page.get_by_role("link", name="版本与审核记录").click()
    diff = page.locator("#v2 table.diff")
    expect(diff).to_contain_text("第1行指标·指标值")
    expect(diff.locator(".diff-new").first).to_have_text("≥777(次)")
    if old:
        expect(diff.locator(".diff-old").first).to_have_text(old)
    shot(page, "history")
    page.context.close()


def test_submit_return_resubmit_approve(browser: Browser, site: dict[str, Any]) -> None:
    form_id = site["mine"][2]
    url = f"{site['base']}/forms/{form_id}"
    unit = _page(browser, site, "danwei")
    dept = _page(browser, site, "bumen")
    unit.goto(url)
    unit.get_by_role("button", name="提交审核").click()
    expect(unit.locator("#status-badge")).to_have_text("已提交")
    dept.goto(url)
    dept.get_by_label("审核意见（退回修改时必填）").fill("请补充成本指标")
    dept.get_by_role("button", name="退回修改").click()
    expect(dept.locator("#status-badge")).to_have_text("退回修改")
    unit.goto(url)
    expect(unit.locator("#review-history")).to_contain_text("请补充成本指标")
    unit.get_by_role("button", name="提交审核").click()
    expect(unit.locator("#status-badge")).to_have_text("已提交")
    dept.goto(url)
    dept.get_by_role("button", name="审核通过").click()
    expect(dept.locator("#status-badge")).to_have_text("审核通过")
    expect(dept.locator("#review-history li")).to_have_count(4)
    shot(dept, "workflow-approved")
    unit.context.close()
    dept.context.close()


def test_unit_cannot_reach_another_units_form(browser: Browser, site: dict[str, Any]) -> None:
    page = _page(browser, site, "danwei")
    response = page.goto(f"{site['base']}/forms/{site['other']}")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", name="未找到")).to_be_visible()
    page.context.close()


PAGES = (
    ("login", None, "/login"),
    ("dashboard", "caizheng", "/"),
    ("list", "caizheng", "/forms"),
    ("detail", "danwei", "/forms/{mine0}"),
    ("edit", "danwei", "/forms/{mine0}/edit"),
    ("history", "danwei", "/forms/{mine0}/history"),
    ("upload", "danwei", "/upload"),
    ("summary", "bumen", "/summary"),
    ("rule", "bumen", "/rules/IND012"),
    ("not-found", "danwei", "/forms/{other}"),
)

A11Y_SCRIPT = "\n".join(
    line
    for line in (Path(__file__).parent / "a11y.js").read_text(encoding="utf-8").splitlines()
    if not line.startswith("//")
)


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_screenshot_a11y_and_width(
    browser: Browser, site: dict[str, Any], width: int
) -> None:
    """Screenshots of each page; labels, heading order, contrast; no sideways scrolling."""
    pages: dict[str | None, Page] = {}
    problems: dict[str, list[str]] = {}
    for name, user, path in PAGES:
        if user not in pages:
            pages[user] = _page(browser, site, user, width)
        page = pages[user]
        page.goto(site["base"] + path.format(mine0=site["mine"][0], other=site["other"]))
        page.wait_for_load_state("networkidle")
        shot(page, name)
        found = page.evaluate(A11Y_SCRIPT)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 1:
            found.append(f"page scrolls sideways by {overflow}px")
        if found:
            problems[name] = found
    page = pages["caizheng"]
    page.goto(site["base"] + "/docs")
    expect(page.locator(".swagger-ui")).to_be_visible()
    shot(page, "api-docs")
    for open_page in pages.values():
        open_page.context.close()
    assert not problems, problems


def test_a11y_check_catches_problems(browser: Browser) -> None:
    """The check above can fail: a page with each kind of problem is reported."""
    page = browser.new_page()
    page.set_content(
        "<body style='background:#fff'><h1>标题</h1><h3>跳级</h3><input name='x'>"
        "<p style='color:#aaa'>浅色文字</p><label for='y'>好</label><input id='y'></body>"
    )
    problems = page.evaluate(A11Y_SCRIPT)
    page.close()
    assert any(p.startswith("unlabelled INPUT x") for p in problems)
    assert any(p.startswith("heading skips 1 -> 3") for p in problems)
    assert any(p.startswith("contrast") and "浅色文字" in p for p in problems)
    assert len(problems) == 3
