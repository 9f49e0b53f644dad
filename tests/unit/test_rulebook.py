"""Rulebook files: errors name the file and the key path."""

from __future__ import annotations

import pytest
import yaml

from projections.rulebook import DEFAULT_RULEBOOK, RulebookError, parse_rulebook

DEFAULT = DEFAULT_RULEBOOK.read_text(encoding="utf-8")


def problems_of(text: str) -> list[str]:
    with pytest.raises(RulebookError) as error:
        parse_rulebook(text, "book.yaml")
    assert str(error.value).startswith("book.yaml: ")
    return error.value.problems


def edited(change: object) -> str:
    book = yaml.safe_load(DEFAULT)
    change(book)  # type: ignore[operator]
    return yaml.safe_dump(book, allow_unicode=True)


def test_the_default_rulebook_has_every_item_of_the_rubric() -> None:
    book = parse_rulebook(DEFAULT)
    ids = [item.id for _, item in book.items()]
    assert ids == ["L1", "L2", "L3", "L4", "L5", "O1", "O2", "O3", "O4", "O5", "O6", "O7", "O8", "O9",
                   "I1", "I2", "S1", "S2", "S3", "M1", "M2", "M3", "M4", "M5"]
    assert [str(c.base) for c in book.categories] == ["15", "30", "20", "15", "20"]
    assert all(item.title.zh and item.title.en for _, item in book.items())


def test_a_key_given_twice_is_refused() -> None:
    text = DEFAULT.replace("  meets: 90 ", "  meets: 90\n  meets: 91 ", 1)
    [problem] = problems_of(text)
    assert "the key 'meets' is given twice" in problem


def test_unknown_keys_wrong_types_and_quoted_numbers_name_their_path() -> None:
    def change(book: dict) -> None:  # type: ignore[type-arg]
        book["categories"][1]["items"][2]["checks"][1]["deduct"] = "1"
        book["categories"][0]["colour"] = "red"
    found = problems_of(edited(change))
    assert "categories[1].items[2].checks[1].deduct: expected a number, got '1'" in found
    assert any(p.startswith("categories[0].colour: Extra inputs") for p in found)


def test_semantic_checks_grades_order_ids_and_known_fields() -> None:
    def change(book: dict) -> None:  # type: ignore[type-arg]
        book["grades"]["meets"] = 70
        book["categories"][0]["items"][1]["id"] = "L1"
        book["categories"][0]["items"][2]["checks"][0]["where"] = {"colour": "red"}
        book["categories"][1]["items"][4]["checks"][0]["entry"] = "MeetingHappened"
    [problem] = problems_of(edited(change))
    assert "grades: expected basically_meets ≤ meets ≤ advanced" in problem
    assert "categories[0].items[1].id: L1 is used twice" in problem
    assert "categories[0].items[2].checks[0].where.colour: ActivityLogged has no field 'colour'" in problem
    assert "categories[1].items[4].checks[0].entry: unknown entry type 'MeetingHappened'" in problem


def test_the_digest_changes_with_any_parameter() -> None:
    first = parse_rulebook(DEFAULT).digest
    assert first == parse_rulebook(DEFAULT).digest
    assert first != parse_rulebook(DEFAULT.replace("advanced: 95", "advanced: 96")).digest
