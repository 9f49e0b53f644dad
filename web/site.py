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
    _runner: Any = None
    _reader: Any = None

    @property
    def store(self) -> Any:
        return self.ledger.store

    def today(self) -> date:
        return today()

    @contextmanager
    def views(self, fresh: bool = True) -> Iterator[Any]:
        """A read connection to the read models, caught up with the store first (the projection runner's
        catch-up, as every read command does), so a page is never older than the last entry.

        The runner and the read engine are kept for the process's life: when nothing is new, the
        catch-up costs two small queries (the store's head, the views' position). ``fresh=False`` skips
        the catch-up (after the first), for a lookup that can tell when it must look again."""
        from projections.readmodels.engine import make_engine
        from projections.readmodels.runner import Runner
        from projections.readmodels.views import Views

        with self._catching_up:
            if self._runner is None:
                self._runner = Runner(self.store, Views(self.store))
                self._reader = make_engine(self.store.config, writer=False)
                self._runner.catch_up()
            elif fresh and self._runner.position() < self.store.head():
                self._runner.catch_up()
        with self._reader.connect() as connection:
            yield connection

    def ledger_as(self, account: Account) -> Ledger:
        """The application acting for a logged-in user: every entry's ``by`` is that user."""
        acting = copy.copy(self.ledger)
        # the acting user's name is ``user_name`` once the application has accounts (``user`` before)
        fields = vars(acting)
        fields["user_name" if "user_name" in fields else "user"] = account.name
        return acting

    def close(self) -> None:
        if self._runner is not None:
            self._runner.close()
            self._reader.dispose()
        self.ledger.close()
