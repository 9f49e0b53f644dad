"""The served application: one Ledger held for the process's life, and the read models kept current."""

from __future__ import annotations

import copy
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ledger.application import Ledger
from ledger.clock import today
from web.accounts import Account, Accounts


@dataclass
class Site:
    """What every request shares: the application, the accounts, whether writing is allowed."""

    ledger: Ledger
    accounts: Accounts
    read_only: bool = False
    _catching_up: threading.Lock = field(default_factory=threading.Lock)

    @property
    def store(self) -> Any:
        return self.ledger.store

    def today(self) -> date:
        return today()

    @contextmanager
    def views(self) -> Iterator[Any]:
        """A read connection to the read models, caught up with the store first (the CLI's catch-up),
        so a page is never older than the last entry."""
        from projections.runner import reading
        from projections.views import catch_up

        with self._catching_up:
            catch_up(self.store)
        with reading(self.store) as connection:
            yield connection

    def ledger_as(self, account: Account) -> Ledger:
        """The application acting for a logged-in user: every entry's ``by`` is that user."""
        acting = copy.copy(self.ledger)
        acting.user = account.name
        return acting

    def close(self) -> None:
        self.ledger.close()
