"""SQLAlchemy engines on the store's own database (same SQLite file, same PostgreSQL schema)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL

from ledger.store import StoreConfig


def make_engine(config: StoreConfig, *, writer: bool) -> Engine:
    """An engine for the read models.

    On SQLite a writer's transactions start with ``BEGIN IMMEDIATE``, so a
    projection page never meets a concurrent append half-way and fails to
    upgrade its lock; readers use plain deferred transactions.
    """
    if config.kind == "sqlite":
        engine = create_engine(
            f"sqlite:///{config.env['SQLITE_DBNAME']}",
            connect_args={"timeout": 60, "check_same_thread": False},
        )

        @event.listens_for(engine, "connect")
        def _connect(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
            dbapi_connection.execute("PRAGMA journal_mode=WAL")
            if writer:
                # Safe in WAL mode: a crash keeps every committed page or loses the
                # last ones whole, and a page commits together with its position.
                dbapi_connection.execute("PRAGMA synchronous=NORMAL")
                dbapi_connection.execute("PRAGMA cache_size=-65536")  # 64 MiB for index pages

        @event.listens_for(engine, "begin")
        def _begin(connection: Any) -> None:
            connection.exec_driver_sql("BEGIN IMMEDIATE" if writer else "BEGIN")

        return engine
    env = config.env
    url = URL.create(
        "postgresql+psycopg", username=env["POSTGRES_USER"], password=env["POSTGRES_PASSWORD"] or None,
        host=env["POSTGRES_HOST"], port=int(env["POSTGRES_PORT"]), database=env["POSTGRES_DBNAME"],
    )
    return create_engine(
        url, connect_args={"options": f"-csearch_path={config.schema}", "connect_timeout": 5},
        pool_pre_ping=True,
    )
