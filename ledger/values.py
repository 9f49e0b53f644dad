"""Value types shared by every entry: codes, dates, months, quarters, money.

Each is an ``Annotated`` pydantic type whose validator says, in a sentence,
what a user typed wrong.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field

# ASCII digits only, matched in full (``fullmatch``): ``\d`` would take ``٢٠٢٥`` and
# ``$`` a trailing newline, and either would store a value no query ever finds.
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")
_QUARTER = re.compile(r"([0-9]{4})-Q([1-4])")
_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}")
_AMOUNT = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?")
# Control characters other than tab and line breaks, and lone surrogates (what
# invalid UTF-8 decodes to): PostgreSQL cannot store NUL, and none is ever meant.
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
FEN = Decimal("0.01")
#: the largest amount of money accepted: ten thousand million yuan, far above any due
MAX_AMOUNT = Decimal("9999999999.99")


def parse_date(value: Any) -> date:
    """A business date written ``YYYY-MM-DD`` that exists in the calendar."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        raise ValueError(f"expected a date written YYYY-MM-DD, got {value!r}")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value} is not a real date") from None


def check_month(value: str) -> str:
    match = _MONTH.fullmatch(value)
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ValueError(f"expected a month written YYYY-MM, got {value!r}")
    return value


def check_quarter(value: str) -> str:
    if not _QUARTER.fullmatch(value):
        raise ValueError(f"expected a quarter written YYYY-Qn (n from 1 to 4), got {value!r}")
    return value


def check_code(value: str) -> str:
    if not _CODE.fullmatch(value):
        raise ValueError(
            f"{value!r} is not a code: use letters, digits, '_', '.' or '-' "
            "(at most 64, starting with a letter or digit)"
        )
    return value


def parse_money(value: Any) -> Decimal:
    """Money as a decimal string or number, positive, in whole fen (0.01 yuan)."""
    if isinstance(value, bool) or isinstance(value, float):
        # json.loads is called with parse_float=Decimal, so a float here came
        # from Python code; refuse it rather than round silently.
        raise ValueError("money must be a decimal string such as \"12.50\", not a float")
    if isinstance(value, str) and not _AMOUNT.fullmatch(value.strip()):
        raise ValueError(f"{value!r} is not an amount of money: write digits such as \"12.50\"")
    try:
        amount = Decimal(str(value)) if not isinstance(value, Decimal) else value
    except (InvalidOperation, ValueError):
        raise ValueError(f"{value!r} is not an amount of money") from None
    if not amount.is_finite():
        raise ValueError(f"{value!r} is not an amount of money")
    if amount > MAX_AMOUNT:
        raise ValueError(f"{value} is too large for an amount of money (at most {MAX_AMOUNT})")
    if amount <= 0:
        raise ValueError(f"an amount must be positive, got {value}")
    if amount != amount.quantize(FEN):
        raise ValueError(f"{value} has more than two decimal places (the smallest unit is a fen, 0.01)")
    return amount.quantize(FEN)


def check_printable(value: str) -> str:
    """Text without control characters (tab and line breaks allowed) or broken UTF-8."""
    found = _UNPRINTABLE.search(value)
    if found:
        raise ValueError(
            f"contains the unprintable character U+{ord(found.group()):04X} at position {found.start() + 1}"
        )
    return value


def check_unique(values: list[str]) -> list[str]:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise ValueError(f"{value} is listed twice")
        seen.add(value)
    return values


def quarter_of(day: date) -> str:
    return f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}"


IsoDate = Annotated[date, BeforeValidator(parse_date)]
Code = Annotated[str, AfterValidator(check_code)]
Month = Annotated[str, AfterValidator(check_month)]
Quarter = Annotated[str, AfterValidator(check_quarter)]
Money = Annotated[Decimal, BeforeValidator(parse_money)]
Codes = Annotated[list[Code], AfterValidator(check_unique)]
Year = Annotated[int, Field(ge=1921, le=2200)]
Text = Annotated[str, Field(max_length=2000), AfterValidator(check_printable)]
