"""Store URLs: which store a URL names, shown without its password.

``sqlite:///FILE`` or ``postgresql://user[:password]@host[:port]/database[?schema=name]``;
no URL means ``TAIZHANG_DB`` or the default file found by :mod:`ledger.locations`.
A password never reaches a message: :func:`mask_password` for URLs, :func:`_without_password`
for a driver's own words.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

from ledger.errors import StoreError

NO_STORE = (
    "no store at {store}; name one with --db or TAIZHANG_DB "
    "(a store is created by the first `taizhang log`, `import` or `demo`)"
)
ENTRIES_TABLE = "taizhang_entries"
META_TABLE = "taizhang_meta"
_SCHEMA_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")


#: settings the eventsourcing library reads from the environment that would change how
#: events are stored; Taizhang ignores them (a cipher is set up only through Taizhang's own options)
LIBRARY_SETTINGS = ("CIPHER_TOPIC", "CIPHER_KEY", "COMPRESSOR_TOPIC")


def ignored_library_settings() -> list[str]:
    """The library settings present in the environment, which Taizhang ignores."""
    return [name for name in LIBRARY_SETTINGS if os.environ.get(name)]


def mask_password(url: str) -> str:
    """The URL with any password replaced by ``***`` (also one containing ``@`` or ``/``)."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        return url
    # the userinfo ends at the LAST "@" before the path: a password may contain "@"
    authority, slash, path = rest.partition("/")
    if "@" not in authority:
        return url
    userinfo, _, host = authority.rpartition("@")
    user, colon, _password = userinfo.partition(":")
    return f"{scheme}://{user}{':***' if colon else ''}@{host}{slash}{path}"


@dataclass(frozen=True)
class StoreConfig:
    """A parsed store URL."""

    kind: str  # "sqlite" or "postgres"
    url: str
    env: dict[str, str]
    schema: str = "public"

    @property
    def display(self) -> str:
        return mask_password(self.url)

    @property
    def files(self) -> list[Path]:
        """The files an embedded store lives in (none for PostgreSQL)."""
        if self.kind != "sqlite":
            return []
        main = Path(self.env["SQLITE_DBNAME"])
        return [main, main.with_name(main.name + "-wal"), main.with_name(main.name + "-shm")]


def parse_url(url: str | None) -> StoreConfig:
    """Reads a store URL (``None``: ``TAIZHANG_DB`` or the default SQLite file)."""
    if not url:
        from ledger.locations import locate

        url = locate(None).url
    shown = mask_password(url)
    try:
        parsed = urlparse(url)
        port = parsed.port
    except ValueError as error:
        raise StoreError(f"--db {shown}: not a valid URL ({_without_password(str(error), url)})") from None
    if parsed.scheme == "sqlite":
        path = unquote(parsed.path[1:] if parsed.path.startswith("/") else parsed.path)
        if not path:
            raise StoreError(f"--db {shown}: name a file, e.g. sqlite:///taizhang.db")
        return StoreConfig("sqlite", url, {
            "PERSISTENCE_MODULE": "eventsourcing.sqlite",
            "SQLITE_DBNAME": path,
            "SQLITE_LOCK_TIMEOUT": "60",
        })
    if parsed.scheme in ("postgresql", "postgres"):
        database = parsed.path.lstrip("/")
        if not database:
            raise StoreError(f"--db {shown}: name a database, e.g. postgresql://postgres@127.0.0.1/test")
        schema = parse_qs(parsed.query).get("schema", ["public"])[0]
        if not _SCHEMA_NAME.fullmatch(schema):
            raise StoreError(f"--db {shown}: schema {schema!r} must be a lower-case SQL identifier")
        return StoreConfig("postgres", url, {
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "POSTGRES_DBNAME": unquote(database),
            "POSTGRES_HOST": parsed.hostname or "127.0.0.1",
            "POSTGRES_PORT": str(port or 5432),
            "POSTGRES_USER": unquote(parsed.username or "postgres"),
            "POSTGRES_PASSWORD": unquote(parsed.password or ""),
            "POSTGRES_SCHEMA": schema,
            "POSTGRES_CONNECT_TIMEOUT": "5",
            "POSTGRES_POOL_SIZE": "2",
            "POSTGRES_MAX_OVERFLOW": "4",
        }, schema)
    raise StoreError(
        f"--db {shown}: unknown store; use sqlite:///FILE or postgresql://USER@HOST:PORT/DB"
    )


def _driver_message(error: BaseException, url: str) -> str:
    """The first line of a driver's message (the rest is hints for a DBA), without the password."""
    lines = str(error).strip().splitlines()
    return _without_password(lines[0] if lines else type(error).__name__, url)


def _without_password(message: str, url: str) -> str:
    """A driver's or parser's message with the URL's password, raw or quoted, taken out."""
    try:
        password = urlparse(url).password
    except ValueError:
        password = url.partition("://")[2].rpartition("@")[0].partition(":")[2] or None
    for secret in {password, unquote(password or "")} - {None, ""}:
        assert secret is not None
        message = message.replace(secret, "***")
    return message
