"""The districts an athlete may represent (pure): the list in ``fixtures/athletes/districts.toml``.

A district is stored by its name as the list writes it ("Quận Bình Thạnh", "TP. Thủ Đức"); a page
offers the list, a file's cell is matched folded (accents and case optional) and with or without
its kind ("Bình Thạnh", "binh thanh", "Quận Bình Thạnh" are the same district). Nobody types an id.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

from athletes.folding import fold, nfc

DISTRICTS_FILE = Path(__file__).resolve().parent.parent / "fixtures" / "athletes" / "districts.toml"
_KINDS = ("quan ", "huyen ", "tp ", "thanh pho ", "thi xa ")


@cache
def districts() -> tuple[str, ...]:
    """The names, in the file's order (the order pages offer them)."""
    data = tomllib.loads(DISTRICTS_FILE.read_text(encoding="utf-8"))
    return tuple(nfc(str(n)) for n in data.get("districts", ()))


def _bare(folded: str) -> str:
    for kind in _KINDS:
        if folded.startswith(kind):
            return folded[len(kind) :]
    return folded


@cache
def _lookup() -> dict[str, str]:
    names = districts()
    out: dict[str, str] = {}
    bare: dict[str, list[str]] = {}
    for name in names:
        out[fold(name)] = name
        bare.setdefault(_bare(fold(name)), []).append(name)
    for key, found in bare.items():
        if len(found) == 1:
            out.setdefault(key, found[0])
    return out


def find_district(text: str) -> str | None:
    """The list's name of a district as typed or written in a file, or None when it is not in the list."""
    key = fold(text)
    if not key:
        return None
    return _lookup().get(key) or _lookup().get(_bare(key))
