"""The rulebook: the scoring rules as data (YAML), validated by pydantic.

Top-level keys are fixed by ``interchange.md``: ``version``, ``effective_from``,
``grades`` (``meets``, ``basically_meets``, ``advanced``) and ``categories``
(each with ``id``, ``name`` {zh, en}, ``base`` and ``items``; each item with
``id``, ``title`` {zh, en} and ``checks``). The shape of a check is ours; see
``docs/rulebook.md`` and ``taizhang rules schema``.
"""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    ValidationError,
    ValidationInfo,
    model_validator,
)

from ledger.errors import InvalidEntry, LedgerError
from ledger.schema import ENTRY_TYPES, ActivityKind, Entry, MeetingKind
from projections.dues import DEFAULT_RATES, DuesRates

RULEBOOKS = Path(__file__).resolve().parent / "rulebooks"
DEFAULT_RULEBOOK = RULEBOOKS / "default.yaml"


class RulebookError(LedgerError):
    """A rulebook file is not valid; the message names the file and key path."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        self.problems = problems
        super().__init__("\n".join(f"{source}: {p}" for p in problems))


class _Strict(BaseModel):
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


class Wording(_Strict):
    zh: str = Field(min_length=1)
    en: str = Field(min_length=1)


class _EntryCheck(_Strict):
    entry: str = Field(description="The entry type the check counts.")
    where: dict[str, Any] = Field(default_factory=dict, description=(
        "Field conditions, all must hold: a value means equal; a list means one of; "
        "{present: true|false} means the field is given or not."))
    any_of: list[dict[str, Any]] = Field(default_factory=list, description=(
        "Alternative conditions: at least one must hold (when given)."))


class Required(_EntryCheck):
    """At least one matching entry for the year; deduct once if none."""

    kind: Literal["required"]
    year_field: str | None = Field(None, description="Match the year on this field instead of the date.")
    on_time_field: str | None = Field(None, description="The entry's date must not be after this field.")
    deduct: Points


class MinCount(_EntryCheck):
    """At least ``min`` matching entries per period of the year; deduct per missing one."""

    kind: Literal["min_count"]
    period: Literal["year", "half", "quarter", "month"] = "year"
    period_field: str | None = Field(None, description="Take the period (YYYY-Qn) from this field.")
    min: int = Field(ge=1)
    deduct_per_missing: Points


class PerOccurrence(_EntryCheck):
    """Deduct for each matching entry dated in the year."""

    kind: Literal["per_occurrence"]
    deduct_each: Points


class AttendanceRate(_Strict):
    """Each meeting of these kinds needs present ÷ expected ≥ ``min_rate``."""

    kind: Literal["attendance_rate"]
    meeting_kinds: list[Kind] = Field(min_length=1)
    min_rate: Rate
    excused_count_as_absent: bool = True
    deduct_per_meeting: Points


class MemberQuota(_EntryCheck):
    """Every member owes ``per_year`` matching entries, pro-rated by days on the roster."""

    kind: Literal["member_quota"]
    member_field: str = "member"
    per_year: int = Field(ge=1)
    deduct_per_missing: Points


class Deadline(_Strict):
    """Each case must be completed within ``days`` (see docs/rulebook.md for the cases)."""

    kind: Literal["deadline"]
    case: Literal["transfer", "conversion", "violation_report", "public_notice", "activist_tenure"]
    days: int = Field(ge=0)
    working_days: bool = False
    deduct_each: Points


class Dues(_Strict):
    """Dues: short member-months, late remittances, withholding."""

    kind: Literal["dues"]
    per_member_month_short: Points
    per_late_month: Points
    withholding_once: Points


class Evaluation(_Strict):
    """The democratic evaluation: held for the year, a form per full member."""

    kind: Literal["evaluation"]
    not_held: Points
    per_missing_form: Points


class UntrainedActivists(_Strict):
    """Activists designated before ``designated_before`` (MM-DD) of the year, not admitted, not trained."""

    kind: Literal["untrained_activists"]
    designated_before: str = Field(pattern=r"^\d{2}-\d{2}$")
    deduct_each: Points


class CommitteeInTerm(_Strict):
    """On 31 December the committee is within its term and has a secretary."""

    kind: Literal["committee_in_term"]
    deduct: Points


Check = Annotated[
    Required | MinCount | PerOccurrence | AttendanceRate | MemberQuota | Deadline | Dues | Evaluation
    | UntrainedActivists | CommitteeInTerm,
    Field(discriminator="kind"),
]


class Item(_Strict):
    id: str = Field(pattern=r"^[A-Za-z][A-Za-z0-9_.-]*$")
    title: Wording
    standard: Wording | None = None
    cap: Points | None = Field(None, description="The most this item can deduct.")
    checks: list[Check] = Field(default_factory=list, description="Findings always count as well.")


class Category(_Strict):
    id: str = Field(pattern=r"^[A-Za-z][A-Za-z0-9_.-]*$")
    name: Wording
    base: Points
    items: list[Item] = Field(min_length=1)


class Grades(_Strict):
    meets: Points
    basically_meets: Points
    advanced: Points


class Rulebook(_Strict):
    """A whole rulebook. ``dues`` is the dues standard used to turn income into a due."""

    version: str = Field(min_length=1)
    effective_from: int = Field(ge=1921, le=2200)
    grades: Grades
    categories: list[Category] = Field(min_length=1)
    dues: DuesRates = DEFAULT_RATES
    model_config = ConfigDict(extra="forbid", frozen=True, strict=False)

    @model_validator(mode="after")
    def _semantics(self) -> Rulebook:
        problems = semantic_problems(self)
        if problems:
            raise ValueError("; ".join(problems))
        return self

    @cached_property
    def digest(self) -> str:
        """sha256 of the canonical JSON of the whole rulebook (computed once: the model is frozen)."""
        canonical = json.dumps(self.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
        return "sha256:" + hashlib.sha256(canonical.encode()).hexdigest()

    def items(self) -> list[tuple[Category, Item]]:
        return [(category, item) for category in self.categories for item in category.items]


def semantic_problems(book: Rulebook) -> list[str]:
    problems = []
    grades = book.grades
    if not grades.basically_meets <= grades.meets <= grades.advanced:
        problems.append("grades: expected basically_meets ≤ meets ≤ advanced")
    seen: set[str] = set()
    for c, category in enumerate(book.categories):
        if category.id in seen:
            problems.append(f"categories[{c}].id: {category.id} is used twice")
        seen.add(category.id)
        for i, item in enumerate(category.items):
            where = f"categories[{c}].items[{i}]"
            if item.id in seen:
                problems.append(f"{where}.id: {item.id} is used twice")
            seen.add(item.id)
            for k, check in enumerate(item.checks):
                problems += [f"{where}.checks[{k}].{p}" for p in check_problems(check)]
    return problems


def check_problems(check: Any) -> list[str]:
    if not isinstance(check, _EntryCheck):
        return []
    model = ENTRY_TYPES.get(check.entry)
    if model is None:
        return [f"entry: unknown entry type {check.entry!r}"]
    fields = {info.alias or name for name, info in model.model_fields.items()}
    problems = []
    for condition in [check.where, *check.any_of]:
        for field, value in condition.items():
            if field not in fields:
                problems.append(f"where.{field}: {check.entry} has no field {field!r}")
            elif field == "kind" and check.entry in ("MeetingHeld", "ActivityLogged"):
                known = {k.value for k in (MeetingKind if check.entry == "MeetingHeld" else ActivityKind)}
                values = value if isinstance(value, list) else [value]
                problems += [f"where.kind: unknown kind {v!r}" for v in values if v not in known]
    for name in ("year_field", "on_time_field", "period_field", "member_field"):
        named = getattr(check, name, None)
        if named is not None and named not in fields:
            problems.append(f"{name}: {check.entry} has no field {named!r}")
    return problems


# libyaml's parser where PyYAML was built with it (five times faster), the pure-Python one elsewhere
_SafeLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _UniqueKeyLoader(_SafeLoader):  # type: ignore[misc]
    """A YAML loader that refuses a key given twice in one mapping."""


def _mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
    keys: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in keys:
            raise yaml.constructor.ConstructorError(
                None, None, f"the key {key!r} is given twice", key_node.start_mark)
        keys.add(key)
    mapping: dict[Any, Any] = loader.construct_mapping(node, deep=deep)
    return mapping


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def parse_rulebook(text: str, source: str = "<rulebook>") -> Rulebook:
    """Validates a rulebook's YAML text; errors name the source and the key path."""
    try:
        data = yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 - a safe loader subclass
    except yaml.YAMLError as error:
        raise RulebookError(source, [f"not valid YAML: {error}".replace("\n", " ")]) from None
    if not isinstance(data, dict):
        raise RulebookError(source, ["expected a mapping with version, effective_from, grades, categories"])
    try:
        return Rulebook.model_validate(data)
    except ValidationError as error:
        raise RulebookError(source, [_problem(e) for e in error.errors(include_url=False)]) from None


def _problem(error: Any) -> str:
    path = ""
    for part in error["loc"]:
        if isinstance(part, int):
            path += f"[{part}]"
        elif part in {"required", "min_count", "per_occurrence", "attendance_rate", "member_quota",
                      "deadline", "dues", "evaluation", "untrained_activists", "committee_in_term"}:
            continue  # the discriminated union's branch name
        else:
            path += f".{part}" if path else str(part)
    message = str(error["msg"]).removeprefix("Value error, ")
    return f"{path}: {message}" if path else message


def rulebook_from_stored(content: dict[str, Any], source: str) -> Rulebook:
    """A rulebook from the content a ``RulebookAdopted`` entry stored."""
    try:
        return Rulebook.model_validate(content, context={"stored": True})
    except ValidationError as error:
        raise RulebookError(source, [_problem(e) for e in error.errors(include_url=False)]) from None


def check_adopted_rulebook(entry: Entry, store: object = None) -> None:
    """The content check of a ``RulebookAdopted`` entry (see ``ledger.content_checks``).

    The rulebook it carries must be one the engine can score, and the digest and
    version it claims must be those of that content: a bogus adoption would otherwise
    break ``score``, ``publish`` and ``audit`` of every year from its effective year.
    """
    content = getattr(entry, "content", None)
    if not isinstance(content, dict):
        raise InvalidEntry("expected the whole rulebook as an object", "content")
    try:
        book = rulebook_from_stored(content, "content")
    except RulebookError as error:
        raise InvalidEntry("; ".join(error.problems), "content") from None
    claimed = getattr(entry, "digest", None)
    if claimed != book.digest:
        raise InvalidEntry(f"{claimed} is not the digest of the content, which is {book.digest}", "digest")
    if getattr(entry, "version", None) != book.version:
        raise InvalidEntry(f"the content is version {book.version!r}", "version")


MAX_RULEBOOK_BYTES = 1_000_000  # a rulebook is a few kilobytes; a device or a dump is not one


def load_rulebook(path: str | Path) -> Rulebook:
    import stat

    source = Path(path)
    try:
        found = source.stat()
        if not stat.S_ISREG(found.st_mode):
            raise RulebookError(str(source), ["not a regular file (a folder, a device or a pipe)"])
        if found.st_size > MAX_RULEBOOK_BYTES:
            raise RulebookError(str(source), [f"{found.st_size} bytes is too large for a rulebook"])
        text = source.read_text(encoding="utf-8")
    except OSError as error:
        raise RulebookError(str(source), [f"cannot read it: {error.strerror}"]) from None
    except UnicodeDecodeError:
        raise RulebookError(str(source), ["not UTF-8 text"]) from None
    return parse_rulebook(text, str(source))


def default_rulebook() -> Rulebook:
    return load_rulebook(DEFAULT_RULEBOOK)


def rulebook_schema() -> dict[str, Any]:
    return Rulebook.model_json_schema()
