"""Branch pages: the same rows as the CLI's read commands, in Chinese by default, English one click away."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from tests.web.conftest import log_in, text_of

BRANCH_PAGES = [
    "/b/B05/ledger?year=2025", "/b/B05/ledger?year=2025&by=category",
    "/b/B05/attendance?year=2025", "/b/B05/attendance?year=2025&by=kind",
    "/b/B05/attendance?year=2025&by=member", "/b/B05/attendance?year=2025&by=month",
    "/b/B05/dues?year=2025", "/b/B05/dues?year=2025&by=month",
    "/b/B05/roster?on=2025-06-30", "/b/B05/due?on=2025-06-30",
]


def test_a_visitor_is_sent_to_log_in_and_back(client: TestClient) -> None:
    response = client.get("/b/B05/ledger?year=2025")
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/b/B05/ledger%3Fyear%3D2025"


@pytest.mark.parametrize("path", BRANCH_PAGES)
def test_every_branch_page_shows_for_a_reader(client: TestClient, path: str) -> None:
    log_in(client, "reader")
    response = client.get(path)
    assert response.status_code == 200, response.text
    assert "B05" in response.text


def test_the_ledger_lists_the_branch_year_in_chinese_and_in_english(client: TestClient) -> None:
    log_in(client, "reader")
    zh = text_of(client.get("/b/B05/ledger?year=2025").text)
    assert "工作台帐" in zh and "召开会议" in zh and "条记录" in zh
    en = client.get("/b/B05/ledger?year=2025&lang=en")
    assert "Work ledger" in en.text and "meeting held" in en.text
    assert en.cookies.get("lang") == "en"
    # the choice is remembered
    assert "Work ledger" in client.get("/b/B05/ledger?year=2025").text


def test_the_ledger_by_category_has_a_heading_per_category(client: TestClient) -> None:
    log_in(client, "reader")
    page = text_of(client.get("/b/B05/ledger?year=2025&by=category").text)
    for heading in ("组织领导", "思想政治工作", "党员管理与发展"):
        assert heading in page


def test_attendance_per_kind_gives_the_numbers_beside_the_chart(client: TestClient) -> None:
    from projections import queries
    from projections.runner import reading

    log_in(client, "reader")
    page = client.get("/b/B05/attendance?year=2025&by=kind").text
    store = client.app.state.site.store
    with reading(store) as connection:
        held = queries.meetings_of(connection, "B05", 2025)
    for group in queries.by_group(held, "month"):
        assert f"<th>{group.group}</th><td>{group.rate:.0%}</td>" in page
    assert 'class="chart-data"' in page


def test_an_unknown_branch_says_so_with_a_suggestion(client: TestClient) -> None:
    log_in(client, "reader")
    response = client.get("/b/b5/ledger")
    assert response.status_code == 404
    assert "B05" in response.text


def test_a_bad_year_or_view_is_refused_by_name(client: TestClient) -> None:
    log_in(client, "reader")
    response = client.get("/b/B05/ledger?year=20x5")
    assert response.status_code == 400 and "year" in response.text
    response = client.get("/b/B05/attendance?by=planet")
    assert response.status_code == 400 and "planet" in response.text
    response = client.get("/b/B05/roster?on=2025-02-30")
    assert response.status_code == 400 and "2025-02-30" in response.text


def test_the_roster_on_a_day(client: TestClient) -> None:
    log_in(client, "reader")
    page = text_of(client.get("/b/B05/roster?on=2025-06-30").text)
    assert "P01" in page and "Member P01" in page


def test_the_self_check_is_the_secretarys_not_the_recorders(client: TestClient) -> None:
    log_in(client, "b05-recorder")
    assert client.get("/b/B05/score?year=2025").status_code == 403
    log_in(client, "b05-secretary")
    response = client.get("/b/B05/score?year=2025")
    assert response.status_code == 200
    assert "/entry/" in response.text or "扣分" in response.text


def test_obligations_ahead_are_the_read_models_with_the_item_each_would_cost(client: TestClient) -> None:
    from datetime import date

    from projections.obligations import obligations
    from projections.runner import reading

    log_in(client, "reader")
    page = text_of(client.get("/b/B07/due?on=2025-06-30").text)
    with reading(client.app.state.site.store) as connection:
        rows = obligations(connection, client.app.state.site.store, "B07", date(2025, 6, 30))
    assert rows, "the troubled branch has obligations in the middle of the year"
    for row in rows:
        assert f"{row.due_on} {row.item} " in page


def test_dues_per_month_are_the_read_models_numbers(client: TestClient) -> None:
    from datetime import date

    from projections import queries
    from projections.dues import branch_months, months_of
    from projections.runner import reading

    log_in(client, "reader")
    page = text_of(client.get("/b/B05/dues?year=2025&by=month&on=2025-12-31").text)
    with reading(client.app.state.site.store) as connection:
        _, paid, remitted = queries.dues_rows(connection, "B05")
    for row in branch_months(paid, remitted, months_of(2025, date(2025, 12, 31)), date(2025, 12, 31)):
        assert f"{row.month} {row.collected} {row.remitted} {row.deadline}" in page
