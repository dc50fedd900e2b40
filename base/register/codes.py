"""The code printed on every issued document: 8 letters of Crockford's base32, shown ``XXXX-XXXX``.

Crockford's alphabet has no I, L, O or U, so what a person reads off paper and types back is
forgiving: lower case, a missing or extra dash, spaces, O for 0 and I or L for 1 all name the same
code. 8 letters are 40 bits (about 10^12 codes) drawn with ``secrets``: a code cannot be guessed
from another one, and a typing slip almost never lands on an issued code.
"""

from __future__ import annotations

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 8
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})
_IGNORED = str.maketrans("", "", "- \t\u00a0\u2010\u2011\u2012\u2013\u2014")


def new_code() -> str:
    """A fresh random code, stored form (8 letters, no dash)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise_code(text: str) -> str | None:
    """The stored form of a code as a person typed it (``abcd-efgh``, ``ABCDEFGH``, ``0O1I...``);
    None when it cannot be a code (wrong length, a letter outside the alphabet such as U)."""
    folded = text.strip().upper().translate(_IGNORED).translate(_READ_AS)
    if len(folded) != LENGTH or any(c not in ALPHABET for c in folded):
        return None
    return folded


def show_code(code: str) -> str:
    """``ABCD1234`` -> ``ABCD-1234`` (how it is printed and shown)."""
    return f"{code[:4]}-{code[4:]}"


def verification_url(public_url: str, code: str) -> str:
    """The public page of a code: what the QR code on the paper opens."""
    return f"{public_url.rstrip('/')}/v/{show_code(code)}"
