"""The main pages on PostgreSQL, a read-only server, and the serve command standing apart from the web until run."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from tests.web.conftest import filled_store, log_in, people, text_of, token
from web.app import create_app

MAIN_PAGES = ["/?year=2025", "/b/B05/ledger?year=2025", "/b/B05/attendance?year=2025&by=member",
              "/b/B05/dues?year=2025&by=month", "/b/B05/roster?on=2025-06-30", "/b/B05/due?on=2025-06-30",
              "/b/B05/score?year=2025", "/office/scores?year=2025", "/office/scores/B07?year=2025",
              "/office/audit?year=2025&branch=B07"]


@pytest.fixture
def postgres_client(new_store_url: object) -> Iterator[TestClient]:
    url = filled_store(new_store_url("postgres"))  # type: ignore[operator]
    with TestClient(create_app(url, accounts=people(), secret="s"), follow_redirects=False) as made:
        yield made


def test_the_main_pages_and_a_form_on_postgresql(postgres_client: TestClient) -> None:
    client = postgres_client
    log_in(client, "office")
    for path in MAIN_PAGES:
        response = client.get(path)
        assert response.status_code == 200, (path, text_of(response.text)[:500])
    before = client.app.state.site.store.head()
    response = client.post("/b/B05/record/MeetingHeld", data={
        "csrf": token(client), "date": "2025-12-01", "kind": "party_group", "topic": "PostgreSQL",
        "present": ["P01", "P02"]})
    assert response.status_code == 303
    assert client.app.state.site.store.head() == before + 1
    # the page read next already shows it: the views are caught up before rendering
    assert "PostgreSQL" in client.get("/b/B05/ledger?year=2025").text


def test_a_read_only_server_shows_everything_and_records_nothing(sqlite_url: str) -> None:
    with TestClient(create_app(sqlite_url, read_only=True, accounts=people(), secret="s"),
                    follow_redirects=False) as client:
        log_in(client, "office")
        assert client.get("/b/B05/ledger?year=2025").status_code == 200
        page = client.get("/office/scores?year=2025").text
        assert "/office/publish" not in page and "只读" in page
        before = client.app.state.site.store.head()
        response = client.post("/b/B05/record/MeetingHeld", data={
            "csrf": token(client), "date": "2025-12-01", "kind": "party_group", "topic": "x", "present": ["P01"]})
        assert response.status_code == 403 and "只读" in response.text
        assert client.post("/office/publish", data={"csrf": token(client), "year": "2025"}).status_code == 403
        assert client.app.state.site.store.head() == before


def test_without_accounts_every_page_reads_and_nothing_is_written(sqlite_url: str) -> None:
    """Before the application layer has user accounts: no login, reading open, no writing through the web."""
    from web.accounts import NoAccounts

    with TestClient(create_app(sqlite_url, accounts=NoAccounts(), secret="s"), follow_redirects=False) as client:
        assert client.get("/b/B05/ledger?year=2025").status_code == 200
        assert client.get("/b/B05/record/MeetingHeld").status_code == 303  # to a login nobody can pass


def test_the_cli_does_not_load_the_web_until_serve_runs() -> None:
    code = "import sys, commands.main; print(any(m == 'web' or m.startswith('web.') for m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_serve_is_a_command_with_its_options() -> None:
    from typer.testing import CliRunner

    from commands.main import app

    result = CliRunner().invoke(app, ["serve", "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    for option in ("--host", "--port", "--read-only", "--db"):
        assert option in result.output


def test_two_serve_processes_on_one_postgresql_see_each_others_entries(new_store_url: object) -> None:
    """An entry recorded through one process is on the next page another process renders."""
    import re

    import httpx

    from benchmarks.web_load import add_users, serve
    from tests.web.conftest import PASSWORD

    url = filled_store(new_store_url("postgres"))  # type: ignore[operator]
    add_users(url, [("b05-recorder", "recorder", "B05")])
    server, base = serve(url)
    try:
        with TestClient(create_app(url, accounts=people(), secret="s"), follow_redirects=False) as here:
            log_in(here, "office")
            assert "另一进程记录" not in here.get("/b/B05/ledger?year=2025").text
            with httpx.Client(base_url=base, follow_redirects=False, timeout=60) as there:
                csrf = re.search(r'name="csrf" value="([^"]+)"', there.get("/login").text).group(1)  # type: ignore[union-attr]
                there.post("/login", data={"csrf": csrf, "name": "b05-recorder", "password": PASSWORD})
                csrf = re.search(r'name="csrf" value="([^"]+)"',  # type: ignore[union-attr]
                                 there.get("/b/B05/record/MeetingHeld").text).group(1)
                response = there.post("/b/B05/record/MeetingHeld", data={
                    "csrf": csrf, "date": "2025-12-03", "kind": "party_group", "topic": "另一进程记录",
                    "present": ["P01"]})
                assert response.status_code == 303
            assert "另一进程记录" in here.get("/b/B05/ledger?year=2025").text
    finally:
        server.terminate()
        server.wait(timeout=30)
