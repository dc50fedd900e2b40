"""Search keys for Vietnamese text (pure): fold diacritics and đ, split into tokens, build prefix keys.

Rule 1: one fold for stored text and queries alike: NFC -> đ/Đ to d/D -> NFD -> drop combining
marks -> casefold -> non-word characters become spaces. "Nguyễn Văn An" and "NGUYEN van an" meet.
Rule 2: a name is indexed under every rotation of its tokens ("an nguyen van", "van an nguyen"), so a
query matching the start of any token run is one B-tree range scan on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import re
import unicodedata

MAX_TOKENS = 8
MAX_KEY = 190
# Upper bound of a prefix range: every stored key that starts with p is >= p and < p + TOP, on
# byte-wise collations (SQLite BINARY, PostgreSQL "C"): U+10FFFF is the largest code point.
TOP = "\U0010ffff"
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


def nfc(text: str) -> str:
    """NFC with runs of whitespace collapsed: the form every stored name is kept in."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def fold(text: str) -> str:
    """The search form of ``text``: lower ASCII-like words separated by single spaces."""
    # đ is a letter, not a mark: NFD does not decompose it, so it is replaced first.
    text = unicodedata.normalize("NFC", text).replace("đ", "d").replace("Đ", "D")
    bare = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return " ".join(_NON_WORD.sub(" ", bare.casefold()).split())


def tokens(text: str) -> list[str]:
    return fold(text).split()


def rotation_keys(text: str) -> list[tuple[int, str]]:
    """``(rotation, key)`` for every rotation of the folded tokens; rotation 0 is the text itself."""
    words = tokens(text)[:MAX_TOKENS]
    seen: set[str] = set()
    keys: list[tuple[int, str]] = []
    for i in range(len(words)):
        key = " ".join(words[i:] + words[:i])[:MAX_KEY]
        if key not in seen:
            seen.add(key)
            keys.append((i, key))
    return keys


def prefix_range(prefix: str) -> tuple[str, str]:
    """Bounds ``lo <= key < hi`` of the keys that start with ``prefix``."""
    return prefix, prefix + TOP


def words_start(folded_text: str, query_tokens: list[str]) -> bool:
    """True when every query token starts some word of ``folded_text`` (any order)."""
    words = folded_text.split()
    return all(any(w.startswith(t) for w in words) for t in query_tokens)
