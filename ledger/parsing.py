"""Turning raw input (a JSON object, a JSON Lines line) into a validated entry."""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from functools import cache
from typing import Annotated, Any, Union

from pydantic import Field, TypeAdapter, ValidationError

from ledger.errors import InvalidEntry
from ledger.schema import ENTRY_TYPES, Entry

TOO_DEEP = "nested too deeply to be an entry"


def load_json_line(line: str | bytes) -> Any:
    """Parses one line; numbers with a fraction become ``Decimal``, never float."""
    try:
        return json.loads(line, parse_float=Decimal)
    except UnicodeDecodeError:
        raise InvalidEntry("the line is not UTF-8 text") from None
    except json.JSONDecodeError as error:
        raise InvalidEntry(f"not valid JSON ({error.msg} at column {error.colno})") from None
    except RecursionError:
        raise InvalidEntry(TOO_DEEP) from None


@cache
def _any_entry() -> TypeAdapter[Entry]:
    union = Union[tuple(ENTRY_TYPES.values())]  # type: ignore[valid-type]  # noqa: UP007
    return TypeAdapter(Annotated[union, Field(discriminator="type")])  # type: ignore[arg-type, unused-ignore]


def parse_line(line: str | bytes) -> Entry:
    """Validates one JSON Lines line as an entry.

    The fast path lets pydantic parse the JSON itself; anything it refuses
    (including money written as a JSON number, which must not pass through a
    float) goes the careful way, which reads numbers as decimals and names
    the field at fault.
    """
    try:
        return _any_entry().validate_json(line)
    except ValidationError:
        return parse_entry(load_json_line(line))


def field_path(location: tuple[int | str, ...], prefix: str = "") -> str:
    path = prefix
    for part in location:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path


def parse_entry(obj: Any, prefix: str = "") -> Entry:
    """Validates a JSON object as an entry; errors name the field path."""
    if not isinstance(obj, dict):
        raise InvalidEntry("expected a JSON object", prefix or None)
    kind = obj.get("type")
    type_field = f"{prefix}.type" if prefix else "type"
    if kind is None:
        raise InvalidEntry("missing: every entry names its type", type_field)
    model = ENTRY_TYPES.get(kind) if isinstance(kind, str) else None
    if model is None:
        raise InvalidEntry(f"unknown entry type {kind!r}; see `taizhang log --help`", type_field)
    try:
        return model.model_validate(obj)
    except RecursionError:
        raise InvalidEntry(TOO_DEEP, prefix or None) from None
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        message = str(first["msg"]).removeprefix("Value error, ")
        path = field_path(tuple(first["loc"]), prefix)
        if first["type"] == "extra_forbidden":
            message = f"unknown field for {kind}"
        elif first["type"] == "missing":
            message = "missing"
        elif ": " in message and not first["loc"]:
            # model validators say "field: reason"
            field, _, message = message.partition(": ")
            path = f"{prefix}.{field}" if prefix else field
        raise InvalidEntry(message, path or None) from None


def canonical_json(obj: Any) -> str:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def content_digest(entry: Entry, payload: dict[str, Any] | None = None) -> str:
    """What makes two entries 'the same content' for idempotent import.

    Covers the type, branch, business date, note and type-specific fields; not
    the id, recorded_at or recorded_by, which describe the recording, not the fact.
    """
    content = {
        "type": entry.type,
        "branch": entry.branch,
        "date": entry.date.isoformat(),
        "note": entry.note,
        "data": entry.payload() if payload is None else payload,
    }
    return hashlib.sha256(canonical_json(content).encode()).hexdigest()
