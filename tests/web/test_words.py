"""Every word of the web's templates comes from the catalogs, in both languages."""

from __future__ import annotations

import re
from pathlib import Path

from ledger.i18n import translations
from ledger.schema import ENTRY_TYPES
from web.entry_forms import FORM_TYPES, fields_of

TEMPLATES = Path(__file__).resolve().parents[2] / "web" / "templates"


def test_every_sentence_of_the_templates_is_translated() -> None:
    missing = []
    for template in sorted(TEMPLATES.glob("*.html")):
        for message in re.findall(r'\bt\(\s*"((?:[^"\\]|\\.)*)"', template.read_text(encoding="utf-8")):
            if translations("zh").gettext(message) == message:
                missing.append(f"{template.name}: {message}")
    assert missing == []


def test_every_entry_type_and_form_field_has_a_chinese_and_an_english_name() -> None:
    keys = [f"entry_type:{kind}" for kind in ENTRY_TYPES]
    keys += [f"field:{spec.name}" for kind in FORM_TYPES for spec in fields_of(kind)]
    for lang in ("zh", "en"):
        assert [k for k in keys if translations(lang).gettext(k) == k] == []
    # each field's help (the schema's description, in English) has its Chinese
    helps = {spec.description for kind in FORM_TYPES for spec in fields_of(kind) if spec.description}
    assert sorted(h for h in helps if translations("zh").gettext(h) == h) == []
