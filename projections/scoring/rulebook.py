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
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Union

import yaml
from pydantic import ConfigDict, Field, ValidationError, model_validator

from ledger.errors import InvalidEntry, LedgerError
from ledger.schema import ENTRY_TYPES, ActivityKind, Entry, MeetingKind
from projections.scoring.checks import (
    attendance_rate,
    committee_in_term,
    deadline,
    dues,
    evaluation,
    member_quota,
    min_count,
    per_occurrence,
    required,
    untrained_activists,
)
from projections.scoring.dues import DEFAULT_RATES, DuesRates
from projections.scoring.params import EntryCheck, Points, StrictModel
from projections.scoring.registry import BY_NAME, KINDS

RULEBOOKS = Path(__file__).resolve().parent.parent / "rulebooks"
DEFAULT_RULEBOOK = RULEBOOKS / "default.yaml"


class RulebookError(LedgerError):
    """A rulebook file is not valid; the message names the file and key path."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        self.problems = problems
        super().__init__("\n".join(f"{source}: {p}" for p in problems))


# the check kinds' models, re-exported: a rulebook's ``checks`` are any of them (see registry.py)
Required = required.Required
MinCount = min_count.MinCount
PerOccurrence = per_occurrence.PerOccurrence
AttendanceRate = attendance_rate.AttendanceRate
MemberQuota = member_quota.MemberQuota
Deadline = deadline.Deadline
Dues = dues.Dues
Evaluation = evaluation.Evaluation
UntrainedActivists = untrained_activists.UntrainedActivists
CommitteeInTerm = committee_in_term.CommitteeInTerm
_Strict = StrictModel
_EntryCheck = EntryCheck

if TYPE_CHECKING:
    Check = Any
else:
    # the discriminated union of every registered kind's model, in the registry's order
    Check = Annotated[Union[tuple(kind.model for kind in KINDS)], Field(discriminator="kind")]  # noqa: UP007


class Wording(_Strict):
    zh: str = Field(min_length=1)
    en: str = Field(min_length=1)


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
    on_time = getattr(check, "on_time_field", None)
    if on_time is not None and on_time in model.model_fields and not _is_date(model.model_fields[on_time].annotation):
        problems.append(f"on_time_field: {check.entry}.{on_time} is not a date")
    return problems


def _is_date(annotation: Any) -> bool:
    return "date" in str(annotation).lower()


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
    loc = list(error["loc"])
    for index, part in enumerate(loc):
        if isinstance(part, int):
            path += f"[{part}]"
        elif part in BY_NAME and index >= 2 and loc[index - 2] == "checks":
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
