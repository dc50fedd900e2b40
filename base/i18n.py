"""Vietnamese first, English second: gettext catalogs (.po) of every domain, merged at start.

Templates write English msgids with ``_()``; each domain keeps its Vietnamese in
``<domain>/locale/vi/LC_MESSAGES/<domain>.po``. The current language lives in a ContextVar set per
request from the ``lang`` cookie (default ``vi``).
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterable
from pathlib import Path

from babel.messages.pofile import read_po

LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"
CURRENT_LANGUAGE: contextvars.ContextVar[str] = contextvars.ContextVar("lang", default=DEFAULT_LANGUAGE)


class Translations:
    """msgid -> text per language; English is the msgid itself."""

    def __init__(self, catalogs: dict[str, dict[str, str]]) -> None:
        self.catalogs = catalogs

    @classmethod
    def load(cls, roots: Iterable[Path]) -> Translations:
        catalogs: dict[str, dict[str, str]] = {lang: {} for lang in LANGUAGES}
        for root in roots:
            for po in sorted(root.glob("locale/*/LC_MESSAGES/*.po")):
                lang = po.parts[-3]
                with po.open("rb") as fh:
                    catalog = read_po(fh, locale=lang)
                for message in catalog:
                    if message.id and message.string and not message.fuzzy:
                        catalogs.setdefault(lang, {})[str(message.id)] = str(message.string)
        return cls(catalogs)

    def gettext(self, msgid: str, lang: str | None = None) -> str:
        lang = lang or CURRENT_LANGUAGE.get()
        return self.catalogs.get(lang, {}).get(msgid, msgid)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        # Vietnamese has one plural form; English two.
        if CURRENT_LANGUAGE.get() == "vi":
            return self.gettext(singular)
        return singular if n == 1 else plural

    def missing(self, msgids: Iterable[str], lang: str = "vi") -> list[str]:
        return [m for m in msgids if m not in self.catalogs.get(lang, {})]


def pick_language(cookie: str | None, accept: str | None = None) -> str:
    if cookie in LANGUAGES:
        return cookie
    return DEFAULT_LANGUAGE
