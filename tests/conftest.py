"""Fixtures: one test body, two stores.

``store_url`` runs each test on a fresh SQLite file and on a fresh schema of
the PostgreSQL database ``test`` at 127.0.0.1:5432. Without PostgreSQL the
PostgreSQL half is skipped with the reason, except under ``CI=true``, where
it fails.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ledger.application import Ledger

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "tests" / "fixtures" / "examples"
PG_BASE = os.environ.get("TAIZHANG_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")
FIXED_NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


def pg_available() -> str | None:
    """None when PostgreSQL answers, else the reason it does not."""
    import psycopg

    try:
        with psycopg.connect(PG_BASE.replace("postgresql://", "postgresql://", 1), connect_timeout=3):
            return None
    except psycopg.Error as error:
        return str(error).strip().splitlines()[0]


_PG_REASON: list[str | None] = []


@pytest.fixture(autouse=True, scope="session")
def _private_data_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Tests never touch the user's own data folder (the per-user default store, the demo's)."""
    previous = os.environ.get("TAIZHANG_HOME")
    os.environ["TAIZHANG_HOME"] = str(tmp_path_factory.mktemp("taizhang-home"))
    yield
    if previous is None:
        os.environ.pop("TAIZHANG_HOME", None)
    else:
        os.environ["TAIZHANG_HOME"] = previous


def require_postgres() -> None:
    if not _PG_REASON:
        _PG_REASON.append(pg_available())
    reason = _PG_REASON[0]
    if reason is None:
        return
    message = f"PostgreSQL is not answering at {PG_BASE} ({reason})"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message + "; CI must run the PostgreSQL half of the suite")
    pytest.skip(reason=message)


def drop_schema(schema: str) -> None:
    import psycopg

    with psycopg.connect(PG_BASE, autocommit=True) as connection:
        connection.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


@pytest.fixture
def new_store_url(tmp_path: Path) -> Iterator[object]:
    """A factory of fresh store URLs of a kind: new_store_url('sqlite'|'postgres')."""
    schemas: list[str] = []

    def make(kind: str) -> str:
        if kind == "sqlite":
            return f"sqlite:///{tmp_path / f'{uuid.uuid4().hex[:8]}.db'}"
        require_postgres()
        schema = f"t_{uuid.uuid4().hex[:12]}"
        schemas.append(schema)
        return f"{PG_BASE}?schema={schema}"

    yield make
    for schema in schemas:
        drop_schema(schema)


@pytest.fixture(params=["sqlite", "postgres"])
def store_url(request: pytest.FixtureRequest, new_store_url: object) -> str:
    return new_store_url(request.param)  # type: ignore[operator]


@pytest.fixture
def ledger(store_url: str) -> Iterator[Ledger]:
    with Ledger(store_url, now=lambda: FIXED_NOW, user="tester") as opened:
        yield opened


def example_lines(name: str) -> list[str]:
    return (EXAMPLES / f"{name}.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)


def import_example(ledger: Ledger, name: str) -> None:
    lines = example_lines(name)
    ledger.import_lines(lambda: lines)
