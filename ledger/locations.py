"""Where the store is when nobody says: the platform's folder for a user's data.

In order, the store is the one named by ``--db``, then ``TAIZHANG_DB``, then a
``taizhang.db`` store in the working directory (where earlier versions kept it),
then ``taizhang.db`` in Taizhang's per-user data folder (platformdirs:
``~/.local/share/taizhang`` on Linux, ``%LOCALAPPDATA%\\taizhang`` on Windows,
``~/Library/Application Support/taizhang`` on macOS; ``TAIZHANG_HOME`` moves it).
So changing folder never looks like losing data, and ``taizhang where`` says which
store a command uses and why. The demo keeps its own store, ``demo.db``, beside it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

LOCAL_FILE = "taizhang.db"
DEMO_FILE = "demo.db"


@dataclass(frozen=True)
class Located:
    url: str
    reason: str  # "--db", "TAIZHANG_DB", "working directory", "per-user default"


def data_folder() -> Path:
    """Taizhang's folder for a user's data (``TAIZHANG_HOME``, else the platform's convention)."""
    override = os.environ.get("TAIZHANG_HOME")
    if override:
        return Path(override)
    from platformdirs import user_data_path

    return user_data_path("taizhang", appauthor=False)


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}" if not path.is_absolute() else f"sqlite:///{path.as_posix()}"


def default_store() -> Located:
    """The store used when neither ``--db`` nor ``TAIZHANG_DB`` names one."""
    if Path(LOCAL_FILE).is_file():
        return Located(f"sqlite:///{LOCAL_FILE}", "working directory")
    return Located(sqlite_url(data_folder() / LOCAL_FILE), "per-user default")


def demo_store() -> str:
    """The demo's own store, never the user's."""
    return sqlite_url(data_folder() / DEMO_FILE)


def locate(url: str | None, flag_given: bool = False) -> Located:
    """The store a command uses and why."""
    if url:
        return Located(url, "--db" if flag_given else "TAIZHANG_DB")
    from_env = os.environ.get("TAIZHANG_DB")
    if from_env:
        return Located(from_env, "TAIZHANG_DB")
    return default_store()
