"""The message catalogs: complete in both languages, compiled, and covering every message the code uses."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from ledger.i18n import DOMAINS, LANGUAGES, LOCALE_DIR, compile_catalogs, name, text

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ("ledger", "projections", "commands", "web", "reports")
KEYWORDS = {"text": (2,), "N_": None}


def catalog(lang: str, domain: str) -> dict[str, str]:
    path = LOCALE_DIR / lang / "LC_MESSAGES" / f"{domain}.po"
    if not path.exists():
        return {}
    with path.open("rb") as po_file:
        return {str(message.id): str(message.string) for message in read_po(po_file) if message.id}


def used_messages() -> dict[str, str]:
    """Every msgid passed to text() or N_() in the source, with where it is used."""
    found: dict[str, str] = {}
    for package in SOURCES:
        folder = ROOT / package
        if not folder.is_dir():
            continue
        for filename, lineno, message, _comments, _context in extract_from_dir(
            str(folder), method_map=[("**.py", "python")], keywords=KEYWORDS, comment_tags=(),
        ):
            if isinstance(message, str):
                found.setdefault(message, f"{package}/{filename}:{lineno}")
    return found


def test_every_catalog_is_compiled_from_its_current_po_file() -> None:
    assert compile_catalogs(check=True) == [], "run: python -m ledger.i18n"


def test_chinese_and_english_catalogs_hold_the_same_messages_all_translated() -> None:
    for domain in DOMAINS:
        zh, en = catalog("zh", domain), catalog("en", domain)
        assert sorted(set(zh) ^ set(en)) == [], f"{domain}: messages in one language only"
        untranslated = [key for key in zh if not zh[key].strip() or not en[key].strip()]
        assert untranslated == [], f"{domain}: untranslated messages"


def test_every_message_the_code_uses_is_in_both_catalogs() -> None:
    used = used_messages()
    for lang in LANGUAGES:
        known: set[str] = set()
        for domain in DOMAINS:
            known |= set(catalog(lang, domain))
        missing = {message: where for message, where in used.items() if message not in known}
        assert missing == {}, f"{lang}: messages used in the code but missing from the catalogs"


def test_a_vocabulary_code_is_named_in_each_language_and_an_unknown_one_shows_as_itself() -> None:
    assert name("zh", "meeting_kind", "party_lecture") == "党课"
    assert name("en", "meeting_kind", "party_lecture") == "party lecture"
    assert name("zh", "meeting_kind", "central_group_study") == "central_group_study"
    assert text("en", "{count} entries", count=3) == "3 entries"
