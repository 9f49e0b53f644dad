"""The web face's fixtures: a store holding two example branch-years (B05 model, B07 troubled), a client, logins.

Until the application layer's accounts and permission matrix exist, the tests log in
through :class:`MatrixStandIn`, a stand-in for the port ``web.accounts.Accounts`` with the
roles of Article 3: a branch's recorder and secretary, the committee office, a reader.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from ledger.application import Ledger
from tests.conftest import FIXED_NOW, import_example
from web import accounts as actions
from web.accounts import LoginFailed
from web.app import create_app

PASSWORD = "correct horse battery staple"
LOCKED_AFTER = 5
OWN_BRANCH_ACTIONS = {actions.READ, actions.CORRECT, actions.RETRACT}
OFFICE_ONLY_TYPES = {"FindingRecorded", "BranchRegistered"}


@dataclass
class Person:
    name: str
    role: str  # recorder, secretary, office, reader
    branch: str | None = None
    active: bool = True
    password: str = PASSWORD
    stamp: int = 0  # moved on by a password change: the person's sessions end


@dataclass
class MatrixStandIn:
    people: dict[str, Person] = field(default_factory=dict)
    failures: dict[str, int] = field(default_factory=dict)

    def add(self, person: Person) -> None:
        self.people[person.name] = person

    def authenticate(self, name: str, password: str, lang: str) -> Person:
        if self.failures.get(name, 0) >= LOCKED_AFTER:
            raise LoginFailed(f"locked: try again in 30 s ({lang})", retry_after=30)
        person = self.people.get(name)
        if person is None or not person.active or person.password != password:
            self.failures[name] = self.failures.get(name, 0) + 1
            raise LoginFailed(f"wrong name or password ({lang})")
        return person

    def stamp(self, account: Person) -> int:
        return account.stamp

    def find(self, name: str, stamp: int) -> Person | None:
        person = self.people.get(name)
        return person if person and person.active and person.stamp == stamp else None

    def roles(self, account: Person, lang: str) -> list[str]:
        return [f"{account.role}{'@' + account.branch if account.branch else ''}"]

    def allowed(self, account: Person | None, action: str, branch: str | None) -> bool:
        if account is None:
            return False
        if account.role == "office":
            return True
        if account.role == "reader":
            return action in {actions.READ, actions.SELF_CHECK, actions.SCORES, actions.AUDIT}
        if action in (actions.READ, actions.SCORES):
            return True
        own = branch == account.branch
        if action.startswith(actions.RECORD + ":"):
            return own and action.split(":", 1)[1] not in OFFICE_ONLY_TYPES
        if action == actions.SELF_CHECK:
            return own and account.role == "secretary"
        return own and action in OWN_BRANCH_ACTIONS


def people() -> MatrixStandIn:
    matrix = MatrixStandIn()
    for person in (Person("b05-recorder", "recorder", "B05"), Person("b05-secretary", "secretary", "B05"),
                   Person("b07-recorder", "recorder", "B07"), Person("office", "office"),
                   Person("reader", "reader"), Person("gone", "recorder", "B05", active=False)):
        matrix.add(person)
    return matrix


def filled_store(url: str) -> str:
    with Ledger(url, now=lambda: FIXED_NOW, user="importer") as ledger:
        import_example(ledger, "model-branch-2025")
        import_example(ledger, "troubled-branch-2025")
    return url


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return filled_store(f"sqlite:///{tmp_path / 'web.db'}")


@pytest.fixture
def matrix() -> MatrixStandIn:
    return people()


@pytest.fixture
def client(sqlite_url: str, matrix: MatrixStandIn) -> Iterator[TestClient]:
    with TestClient(create_app(sqlite_url, accounts=matrix, secret="test-secret"), follow_redirects=False) as made:
        yield made


def token(client: TestClient, path: str = "/login") -> str:
    """The form token of the session, read from a page's form as a browser would."""
    page = client.get(path)
    found = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert found, f"no form token on {path}"
    return found.group(1)


def log_in(client: TestClient, name: str, password: str = PASSWORD) -> None:
    response = client.post("/login", data={"csrf": token(client), "name": name, "password": password, "next": "/"})
    assert response.status_code == 303, response.text


def text_of(html: str) -> str:
    """A page's text without its tags, as a reader sees it."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
