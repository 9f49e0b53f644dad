"""Every word a user reads, in Chinese and English: gettext catalogs shared by the CLI and the web.

Catalogs live in ``ledger/locale/<lang>/LC_MESSAGES/<domain>.po`` (one domain per area,
so that areas are edited apart) and are compiled to ``.mo`` beside them with Babel
(``python -m ledger.i18n``); a test fails when a ``.mo`` is stale, when a message used
in the code is missing from a catalog, or when a catalog lacks a translation.

Two kinds of message:

* **sentences**: the msgid is the English text with ``{named}`` placeholders, looked
  up with ``text(lang, "…", **params)``; module-level constants are marked with
  ``N_("…")`` so that extraction finds them.
* **vocabulary**: codes of the domain (entry types, meeting kinds, roles, statuses …)
  named with ``name(lang, "meeting_kind", "party_lecture")``; the msgid is
  ``"meeting_kind:party_lecture"`` and both languages translate it.

Only the standard library's ``gettext`` is used at run time; Babel is needed to compile.
"""

from __future__ import annotations

import gettext as _gettext
from functools import cache
from pathlib import Path
from typing import Final, Literal

Language = Literal["zh", "en"]
LANGUAGES: Final[tuple[Language, ...]] = ("zh", "en")
DEFAULT_LANGUAGE: Final[Language] = "zh"
LOCALE_DIR: Final = Path(__file__).resolve().parent / "locale"
#: one catalog per area; every lookup searches them all, in this order
DOMAINS: Final[tuple[str, ...]] = (
    "vocabulary",
    "ledger",
    "guards",
    "trust",
    "store",
    "scoring",
    "cli",
    "web",
    "reports",
)


def N_(message: str) -> str:  # noqa: N802 - gettext's own name for "mark, do not translate yet"
    """Marks a message for extraction where it is defined; translate it later with ``text``."""
    return message


def language(value: str | None) -> Language:
    """A supported language from a user's choice (``zh``, ``en``, ``zh_CN``, ``en-GB`` …); zh by default."""
    if value:
        prefix = value.strip().lower()[:2]
        for lang in LANGUAGES:
            if prefix == lang:
                return lang
    return DEFAULT_LANGUAGE


@cache
def translations(lang: str) -> _gettext.NullTranslations:
    """The chained catalogs of a language (every domain), loaded once."""
    chain: _gettext.NullTranslations | None = None
    for domain in DOMAINS:
        found = _gettext.translation(domain, localedir=LOCALE_DIR, languages=[language(lang)], fallback=True)
        if type(found) is _gettext.NullTranslations:
            continue
        if chain is None:
            chain = found
        else:
            chain.add_fallback(found)
    return chain if chain is not None else _gettext.NullTranslations()


def text(lang: str, message: str, /, **params: object) -> str:
    """A sentence in ``lang``, its ``{placeholders}`` filled from ``params``."""
    translated = translations(lang).gettext(message)
    return translated.format(**params) if params else translated


def name(lang: str, vocabulary: str, code: str) -> str:
    """The name of a code of a vocabulary (``name("zh", "meeting_kind", "party_lecture")`` → 党课).

    An unknown code is shown as itself, so a code declared by an organisation and
    missing from the catalogs is still readable.
    """
    key = f"{vocabulary}:{code}"
    translated = translations(lang).gettext(key)
    return code if translated == key else translated


def compile_catalogs(check: bool = False) -> list[Path]:
    """Compiles every ``.po`` to its ``.mo`` with Babel; with ``check`` only lists the stale ones."""
    from io import BytesIO

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    stale: list[Path] = []
    for po_path in sorted(LOCALE_DIR.glob("*/LC_MESSAGES/*.po")):
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file, locale=po_path.parts[-3])
        buffer = BytesIO()
        write_mo(buffer, catalog, use_fuzzy=False)
        mo_path = po_path.with_suffix(".mo")
        if not mo_path.exists() or mo_path.read_bytes() != buffer.getvalue():
            stale.append(mo_path)
            if not check:
                mo_path.write_bytes(buffer.getvalue())
    translations.cache_clear()
    return stale


if __name__ == "__main__":  # python -m ledger.i18n: compile the catalogs after editing a .po
    for path in compile_catalogs():
        print(f"compiled {path.relative_to(LOCALE_DIR.parent.parent)}")
