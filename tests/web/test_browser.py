"""End to end in a real headless Chromium: a recorder records a meeting through the form and finds it in the
台帐 and the attendance numbers; the office follows a deduction on the score sheet to its evidence entry.

Screenshots of the main pages are saved to docs/screenshots/. Skipped when /usr/bin/chromium is absent,
except under CI=true, where that is a failure.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.web.conftest import PASSWORD, filled_store

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "docs" / "screenshots"
pytestmark = pytest.mark.browser


def _require_browser() -> None:
    reason = None
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is not installed (Debian's chromium package)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            reason = "Playwright for Python is not installed (pip install playwright)"
    if reason is None:
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"the browser test must run under CI: {reason}")
    pytest.skip(reason)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, str]]:
    _require_browser()
    from benchmarks.web_load import add_users, serve

    url = filled_store(f"sqlite:///{tmp_path / 'browser.db'}")
    add_users(url, [("b05-recorder", "recorder", "B05"), ("office", "office", None)])
    server, base = serve(url)
    try:
        yield base, url
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_a_recorder_records_a_meeting_and_the_office_follows_a_deduction_to_its_evidence(
        served: tuple[str, str]) -> None:
    from playwright.sync_api import expect, sync_playwright

    base, store_url = served
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN")

        def log_in(name: str) -> None:
            page.goto(f"{base}/login")
            page.fill("input[name=name]", name)
            page.fill("input[name=password]", PASSWORD)
            page.click("form.entry-form button")
            page.wait_for_url(f"{base}/")

        log_in("b05-recorder")
        page.goto(f"{base}/b/B05/record/MeetingHeld?date=2025-12-02")
        page.select_option("select[name=kind]", "party_group")
        page.fill("input[name=topic]", "浏览器端到端测试会议")
        for member in ("P01", "P02", "P03"):
            page.check(f"input[name=present][value={member}]")
        page.screenshot(path=str(SHOTS / "record-meeting.png"), full_page=True)
        page.click("form.entry-form button:not([formaction])")
        expect(page.locator("p.message")).to_contain_text("已记录")
        page.screenshot(path=str(SHOTS / "entry.png"), full_page=True)

        page.goto(f"{base}/b/B05/ledger?year=2025")
        expect(page.locator("table.ledger tr", has_text="浏览器端到端测试会议")).to_have_count(1)
        page.screenshot(path=str(SHOTS / "ledger.png"), full_page=False)

        page.goto(f"{base}/b/B05/attendance?year=2025&by=month")
        december = page.locator("table.attendance tr", has_text="2025-12")
        expected = _december(store_url)
        expect(december).to_contain_text(f"{expected.meetings}")
        expect(december).to_contain_text(f"{expected.rate:.0%}")
        chart_row = page.locator("figure.chart table.numbers tr", has_text="2025-12").first
        expect(chart_row).to_contain_text(f"{expected.rate:.0%}")
        page.wait_for_selector("#attendance-month svg")
        page.screenshot(path=str(SHOTS / "attendance.png"), full_page=True)
        page.goto(f"{base}/b/B05/dues?year=2025&by=month")
        page.wait_for_selector("#dues-month svg")
        page.screenshot(path=str(SHOTS / "dues.png"), full_page=True)

        page.click("form[action='/logout'] button")
        log_in("office")
        page.goto(f"{base}/office/scores?year=2025")
        page.wait_for_selector("#score-distribution svg")
        page.screenshot(path=str(SHOTS / "score-sheet.png"), full_page=True)
        page.click("a[href='/office/scores/B07?year=2025']")
        page.screenshot(path=str(SHOTS / "scorecard.png"), full_page=True)
        evidence = page.locator("a.evidence").first
        entry_id = (evidence.get_attribute("href") or "").rsplit("/", 1)[-1]
        evidence.click()
        page.wait_for_url(f"{base}/entry/{entry_id}")
        expect(page.locator("table.entry")).to_contain_text("B07")
        # with JavaScript, changing the date lists the roster of the new day and keeps what was ticked
        page.goto(f"{base}/b/B07/record/MeetingHeld?date=2025-05-01")
        expect(page.locator("input[name=present][value=P11]")).to_have_count(0)
        page.check("input[name=present][value=P01]")
        page.fill("form.entry-form input[name=date]", "2025-06-01")
        page.dispatch_event("form.entry-form input[name=date]", "change")
        expect(page.locator("input[name=present][value=P11]")).to_have_count(1)
        expect(page.locator("input[name=present][value=P01]")).to_be_checked()
        page.goto(f"{base}/b/B05/ledger?year=2025&lang=en")
        expect(page.locator("h1")).to_contain_text("Work ledger")
        browser.close()


def _december(store_url: str) -> object:
    """The December attendance of B05 as the read model computes it (the numbers the page must show)."""
    from ledger.store import open_store
    from projections import queries
    from projections.runner import reading
    from projections.views import catch_up

    store = open_store(store_url, create=False)
    try:
        catch_up(store)
        with reading(store) as connection:
            held = queries.meetings_of(connection, "B05", 2025)
    finally:
        store.close()
    return next(g for g in queries.by_group(held, "month") if g.group == "2025-12")
