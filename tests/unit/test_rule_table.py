"""docs/rulebook.md's table from item id to code is generated from the registry and kept fresh."""

from __future__ import annotations

from projections.scoring.registry import KINDS
from projections.scoring.rule_table import DOC, rule_table, with_table
from projections.scoring.rulebook import default_rulebook


def test_the_item_to_code_table_in_docs_rulebook_md_is_current() -> None:
    document = DOC.read_text(encoding="utf-8")
    assert with_table(document, rule_table(default_rulebook())) == document, (
        "docs/rulebook.md is stale: run python -m projections.scoring.rule_table")


def test_every_item_id_of_the_default_rulebook_appears_in_the_table() -> None:
    table = rule_table(default_rulebook())
    for _, item in default_rulebook().items():
        assert f"| {item.id} |" in table


def test_every_check_kind_lives_in_a_module_of_its_own_named_after_it() -> None:
    for kind in KINDS:
        assert kind.evaluate.__module__ == f"projections.scoring.checks.{kind.name}"
        assert kind.model.__module__ == kind.evaluate.__module__
        assert kind.evaluate.__doc__ and kind.model.__doc__
