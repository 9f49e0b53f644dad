"""The web with the application's own accounts and matrix (ledger/users.py, ledger/access.py): real users,
argon2 passwords in the store, roles granted by entries; the web only asks."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from ledger.application import Ledger
from tests.web.conftest import PASSWORD, log_in, token

pytest.importorskip("ledger.users", reason="the application's user accounts are not installed yet")

USERS = [("b05-recorder", "recorder", "B05"), ("b05-secretary", "secretary", "B05"),
         ("b07-recorder", "recorder", "B07"), ("office", "office", None), ("reader", "reader", None)]


@pytest.fixture
def real(sqlite_url: str) -> Iterator[TestClient]:
    from web.app import create_app

    with Ledger(sqlite_url) as ledger:
        for name, role, branch in USERS:
            ledger.add_user(name, PASSWORD, role, branch)
    with TestClient(create_app(sqlite_url, secret="s"), follow_redirects=False) as client:
        yield client


def meeting(client: TestClient, branch: str) -> int:
    return client.post(f"/b/{branch}/record/MeetingHeld", data={
        "csrf": token(client), "date": "2025-12-01", "kind": "party_group", "topic": "real accounts",
        "present": ["P01"]}).status_code


def test_a_recorder_records_for_their_branch_as_themselves_and_not_for_another(real: TestClient) -> None:
    log_in(real, "b05-recorder")
    assert meeting(real, "B05") == 303
    store = real.app.state.site.store
    assert store.events_at([store.head()])[store.head()].recorded_by == "b05-recorder"
    before = store.head()
    assert meeting(real, "B07") == 403
    assert store.head() == before


@pytest.mark.parametrize(("person", "path", "status"), [
    ("reader", "/b/B05/ledger?year=2025", 200),
    ("reader", "/office/scores?year=2025", 200),
    ("b05-recorder", "/b/B05/ledger?year=2025", 200),
    ("b05-recorder", "/b/B07/ledger?year=2025", 403),
    ("b05-recorder", "/b/B05/score?year=2025", 403),
    ("b05-secretary", "/b/B05/score?year=2025", 200),
    ("office", "/office/audit?year=2025&branch=B07", 200),
    ("b05-secretary", "/office/audit?year=2025&branch=B07", 403),
])
def test_each_role_sees_what_the_matrix_allows(real: TestClient, person: str, path: str, status: int) -> None:
    log_in(real, person)
    assert real.get(path).status_code == status


def test_a_reader_writes_nothing_and_the_office_publishes(real: TestClient) -> None:
    log_in(real, "reader")
    assert meeting(real, "B05") == 403
    assert real.post("/office/publish", data={"csrf": token(real), "year": "2025"}).status_code == 403
    log_in(real, "office")
    assert real.post("/office/publish", data={"csrf": token(real), "year": "2025"}).status_code == 200


def test_a_disabled_user_is_logged_out_and_cannot_log_in(real: TestClient) -> None:
    log_in(real, "b05-recorder")
    with Ledger(real.app.state.site.store.config.url) as admin:
        admin.disable_user("b05-recorder")
    assert real.get("/b/B05/ledger").status_code == 303
    response = real.post("/login", data={"csrf": token(real), "name": "b05-recorder", "password": PASSWORD})
    assert response.status_code == 401


def test_a_wrong_password_is_refused_in_chinese_and_repeated_ones_lock_the_name(real: TestClient) -> None:
    response = real.post("/login", data={"csrf": token(real), "name": "office", "password": "not it at all"})
    assert response.status_code == 401
    for _ in range(6):
        response = real.post("/login", data={"csrf": token(real), "name": "office", "password": "not it at all"})
    assert response.status_code == 429
    assert real.post("/login", data={"csrf": token(real), "name": "office",
                                     "password": PASSWORD}).status_code == 429
