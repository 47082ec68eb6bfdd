"""Browser test of 绩效自评 in Debian Chromium: a unit user opens the project, fills the
self-evaluation form, saves, and sees the score the scoring module computes; then finds the
project on the ranking page. Screenshots (1280 px and 390 px) under tests/artifacts/, with the
same accessibility and no-sideways-scrolling checks as the other pages.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from conftest import SAMPLES
from evaluate.fill import evaluation_for
from sqlalchemy import select

from jixiao.evaluate import score_form
from jixiao.store.db import make_engine, make_sessionmaker
from jixiao.store.queries import record
from jixiao.store.tables import Form
from jixiao.web.demo import bootstrap_demo
from jixiao.web.evaluationform import rows_of

# Through test_browser: it skips (loudly) when Chromium is missing, before playwright is needed.
from .test_browser import (
    A11Y_SCRIPT,
    CHROMIUM,
    PASSWORDS,
    WIDTHS,
    Browser,
    Server,
    _page,
    expect,
    shot,
    sync_playwright,
)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    folder = tmp_path_factory.mktemp("browser-evaluation")
    url = f"sqlite:///{folder / 'browser.db'}"
    accounts, _ = bootstrap_demo(url, SAMPLES, PASSWORDS)
    unit = next(a for a in accounts if a.role == "unit").unit
    engine = make_engine(url)
    with make_sessionmaker(engine)() as session:
        form = session.scalar(
            select(Form).where(Form.unit == unit, Form.kind == "project").order_by(Form.id)
        )
        assert form is not None
        contract = record(form)
    engine.dispose()
    with Server(url) as server:
        yield {"base": server.base, "form_id": form.id, "contract": contract}


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


def test_fill_save_and_see_the_score(browser: Browser, site: dict[str, Any]) -> None:
    contract = site["contract"]
    # 88% of the budget spent, every indicator on target.
    expected = evaluation_for(contract, executed_share=Decimal("0.88"))
    card = score_form(contract, expected)
    page = _page(browser, site, "danwei")
    page.goto(f"{site['base']}/forms/{site['form_id']}")
    page.get_by_role("link", name="绩效自评").click()
    expect(page.locator("#no-score")).to_be_visible()
    page.get_by_label("全年预算数（元）").fill(f"{expected.budget.annual:f}")
    page.get_by_label("全年执行数（元）").fill(f"{expected.budget.executed:f}")
    page.get_by_label("偏差原因", exact=True).fill("部分合同延后支付")
    page.get_by_label("改进措施", exact=True).fill("加快支付进度")
    entries = {e.index: e for e in expected.indicators}
    for row in rows_of(contract):
        entry = entries[row.index]
        if row.kind == "actual":
            page.get_by_label(f"第{row.index + 1}行实际完成值").fill(entry.actual or "")
        elif row.kind == "tier":
            page.get_by_label(f"第{row.index + 1}行完成程度").select_option("达成")
    page.get_by_role("button", name="保存并计分").click()
    expect(page.get_by_role("status")).to_contain_text("绩效自评已保存")
    expect(page.locator("#total-score")).to_have_text(f"{card.total:.2f}")
    expect(page.locator("#score-grade")).to_have_text(card.grade)
    expect(page.locator("#score svg.chart")).to_be_visible()
    expect(page.locator("#level-scores")).to_contain_text("执行率 88.00%")
    expect(page.get_by_label("全年执行数（元）")).to_have_value(f"{expected.budget.executed:.2f}")
    page.get_by_role("link", name="自评排名").click()
    expect(page.locator("table.ranking")).to_contain_text(contract.project_name)
    expect(page.locator("table.ranking")).to_contain_text(f"{card.total:.2f}")
    page.context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_screenshots_a11y_and_width(browser: Browser, site: dict[str, Any], width: int) -> None:
    page = _page(browser, site, "danwei", width)
    problems: dict[str, list[str]] = {}
    for name, path in (
        ("evaluation", f"/forms/{site['form_id']}/evaluation"),
        ("evaluation-ranking", "/evaluations"),
    ):
        page.goto(site["base"] + path)
        page.wait_for_load_state("networkidle")
        shot(page, name)
        found = page.evaluate(A11Y_SCRIPT)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 1:
            found.append(f"page scrolls sideways by {overflow}px")
        if found:
            problems[name] = found
    page.context.close()
    assert not problems, problems
