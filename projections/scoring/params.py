"""Building blocks of a check's parameter model: strict models, points, rates, entry conditions."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, Strict, ValidationInfo

from ledger.schema import MeetingKind


class StrictModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


def _number(value: Any, info: ValidationInfo) -> Any:
    """Numbers only: a quoted "3" or a boolean is a mistake in a rulebook file, not a number.

    Content read back from a ``RulebookAdopted`` entry is canonical JSON, where
    decimals are strings; there they are accepted.
    """
    stored = bool(info.context and info.context.get("stored"))
    if stored and isinstance(value, str):
        return Decimal(value)
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise ValueError(f"expected a number, got {value!r}")
    return Decimal(str(value))


Points = Annotated[Decimal, Strict(False), BeforeValidator(_number), Field(ge=0, le=1000)]
Rate = Annotated[Decimal, Strict(False), BeforeValidator(_number), Field(ge=0, le=1)]
Kind = Annotated[MeetingKind, Strict(False)]


class EntryCheck(StrictModel):
    """A check that counts entries of one type, filtered by field conditions."""

    entry: str = Field(description="The entry type the check counts.")
    where: dict[str, Any] = Field(default_factory=dict, description=(
        "Field conditions, all must hold: a value means equal; a list means one of; "
        "{present: true|false} means the field is given or not."))
    any_of: list[dict[str, Any]] = Field(default_factory=list, description=(
        "Alternative conditions: at least one must hold (when given)."))
