"""Logging in and out: a signed session, a form token, slowed retries, a disabled user logged out at once."""

from __future__ import annotations

from starlette.testclient import TestClient

from tests.web.conftest import LOCKED_AFTER, PASSWORD, log_in, token


def test_a_wrong_password_is_refused_and_nobody_is_logged_in(client: TestClient) -> None:
    response = client.post("/login", data={"csrf": token(client), "name": "reader", "password": "nope"})
    assert response.status_code == 401
    assert "wrong name or password (zh)" in response.text
    assert client.get("/b/B05/ledger").status_code == 303


def test_logging_in_returns_to_the_page_asked_for_and_never_to_another_site(client: TestClient) -> None:
    csrf = token(client)
    response = client.post("/login", data={"csrf": csrf, "name": "reader", "password": PASSWORD,
                                           "next": "/b/B05/dues?year=2025"})
    assert response.headers["location"] == "/b/B05/dues?year=2025"
    response = client.post("/login", data={"csrf": token(client), "name": "reader", "password": PASSWORD,
                                           "next": "//evil.example/"})
    assert response.headers["location"] == "/"


def test_a_login_form_without_the_token_is_refused(client: TestClient) -> None:
    response = client.post("/login", data={"name": "reader", "password": PASSWORD})
    assert response.status_code == 403
    assert client.get("/b/B05/ledger").status_code == 303


def test_logging_out_ends_the_session(client: TestClient) -> None:
    log_in(client, "reader")
    assert client.get("/b/B05/ledger").status_code == 200
    assert client.post("/logout", data={"csrf": token(client, "/")}).status_code == 303
    assert client.get("/b/B05/ledger").status_code == 303


def test_a_disabled_user_is_logged_out_at_the_next_request(client: TestClient, matrix: object) -> None:
    log_in(client, "b05-recorder")
    assert client.get("/b/B05/ledger").status_code == 200
    matrix.people["b05-recorder"].active = False  # type: ignore[attr-defined]
    assert client.get("/b/B05/ledger").status_code == 303


def test_a_disabled_user_cannot_log_in(client: TestClient) -> None:
    response = client.post("/login", data={"csrf": token(client), "name": "gone", "password": PASSWORD})
    assert response.status_code == 401


def test_a_name_locked_after_repeated_failures_is_refused_even_with_the_right_password(client: TestClient) -> None:
    for _ in range(LOCKED_AFTER):
        client.post("/login", data={"csrf": token(client), "name": "office", "password": "guess"})
    response = client.post("/login", data={"csrf": token(client), "name": "office", "password": PASSWORD})
    assert response.status_code == 429
    assert "try again in 30 s (zh)" in response.text
    assert client.get("/office/scores").status_code == 303


def test_an_empty_name_or_password_is_asked_for(client: TestClient) -> None:
    response = client.post("/login", data={"csrf": token(client), "name": "reader", "password": ""})
    assert response.status_code == 401 and "请输入用户名和密码" in response.text


def test_a_password_change_elsewhere_ends_the_session(client: TestClient, matrix: object) -> None:
    log_in(client, "reader")
    matrix.people["reader"].stamp += 1  # type: ignore[attr-defined]
    assert client.get("/b/B05/ledger").status_code == 303


def test_the_session_cookie_is_signed(client: TestClient) -> None:
    log_in(client, "reader")
    cookie = client.cookies.get("taizhang_session")
    assert cookie
    client.cookies.set("taizhang_session", cookie[:-4] + "AAAA")
    assert client.get("/b/B05/ledger").status_code == 303
