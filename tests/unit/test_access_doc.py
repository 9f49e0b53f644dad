"""docs/access.md's permission tables are generated from the matrix and kept fresh."""

from __future__ import annotations

from ledger.access import MATRIX, Action
from ledger.access_doc import DOC, matrix_table, with_tables
from ledger.schema import AccessRole


def test_the_tables_in_docs_access_md_are_current() -> None:
    document = DOC.read_text(encoding="utf-8")
    assert with_tables(document) == document, "docs/access.md is stale: run python -m ledger.access_doc"


def test_the_matrix_has_a_row_for_every_role_and_names_every_action_in_both_languages() -> None:
    assert set(MATRIX) == set(AccessRole)
    for lang in ("zh", "en"):
        table = matrix_table(lang)
        for action in Action:
            assert f"`{action}` |" in table
        assert "access_action:" not in table and "access_role:" not in table and "access_scope:" not in table
