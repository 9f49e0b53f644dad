"""The one error hierarchy of the ledger.

Every error a user can cause is a :class:`LedgerError` with a message that says
what to do. Only ``commands/`` turns these into exit codes.
"""

from __future__ import annotations

from dataclasses import dataclass


class LedgerError(Exception):
    """Base class of every error the ledger reports to a user."""


class StoreError(LedgerError):
    """The store cannot be opened or reached (bad URL, server down)."""


class InvalidEntry(LedgerError):
    """An entry fails validation at the boundary or against the ledger's state.

    Attributes:
        field: the field (or key path) at fault, or ``None`` for the entry as a whole.
        reason: a sentence saying what is wrong.
    """

    def __init__(self, reason: str, field: str | None = None) -> None:
        self.field = field
        self.reason = reason
        super().__init__(f"{field}: {reason}" if field else reason)


class ConflictingEntry(InvalidEntry):
    """An entry id is already stored with different content."""


class ConcurrencyError(LedgerError):
    """Another writer kept changing the same stream; the append gave up."""


@dataclass(frozen=True)
class LineError:
    """One bad line of an import file."""

    line: int
    field: str | None
    reason: str

    def __str__(self) -> str:
        where = f"line {self.line}"
        if self.field:
            where += f", {self.field}"
        return f"{where}: {self.reason}"


class ImportRejected(LedgerError):
    """An import file had bad lines; nothing was written.

    Attributes:
        errors: the bad lines in file order (the first 10,000 when there are more).
        total: how many bad lines there were in all.
    """

    def __init__(self, errors: list[LineError], *, total: int | None = None) -> None:
        self.errors = errors
        self.total = len(errors) if total is None else total
        super().__init__(
            f"{self.total} bad line{'s' if self.total != 1 else ''}; nothing was imported"
        )


class TamperDetected(LedgerError):
    """The store's hash chain is broken."""


class TranslatedError(LedgerError):
    """An error whose message is a catalog sentence: English by ``str()``, any language by :meth:`in_language`.

    Attributes:
        msgid: the English sentence with ``{named}`` placeholders (a msgid of the catalogs).
        params: the values of its placeholders.
    """

    def __init__(self, msgid: str, /, **params: object) -> None:
        self.msgid = msgid
        self.params = params
        super().__init__(msgid.format(**params) if params else msgid)

    def __str__(self) -> str:
        return self.in_language("en")

    def in_language(self, lang: str) -> str:
        from ledger.i18n import text

        return text(lang, self.msgid, **self.params)
