"""Ranking of search hits (pure): exact name first, then name starts with the query, then a run of
words anywhere, then all words in any order; ties go to the hit whose accents match what was typed."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from enum import IntEnum

from athletes.folding import fold, nfc


class Tier(IntEnum):
    EXACT = 0  # the folded label equals the folded query
    STARTS = 1  # the label starts with the query ("nguyen van" -> "Nguyễn Văn An")
    RUN = 2  # the query is a run of words inside the label ("van an" -> "Nguyễn Văn An")
    WORDS = 3  # every query word starts some word, any order ("an nguyen")


@dataclass(frozen=True, slots=True)
class Candidate:
    entry_id: int
    kind: str
    ref_id: int
    label: str
    detail: str
    folded: str
    tier: Tier


@dataclass(frozen=True, slots=True)
class Hit:
    kind: str
    ref_id: int
    label: str
    detail: str
    tier: int
    accent_match: bool


def accent_match(query: str, label: str) -> bool:
    """True when what was typed, accents included, appears in the label (case-insensitive)."""
    q = nfc(query).casefold()
    return bool(q) and q != fold(q) and q in unicodedata.normalize("NFC", label).casefold()


def rank(query: str, candidates: list[Candidate], limit: int) -> list[Hit]:
    """Best hit per entry, ordered by tier, accents typed, shorter label, label; at most ``limit``."""
    best: dict[int, Candidate] = {}
    for c in candidates:
        if c.entry_id not in best or c.tier < best[c.entry_id].tier:
            best[c.entry_id] = c

    def order(c: Candidate) -> tuple[int, bool, int, str, int]:
        return (c.tier, not accent_match(query, c.label), len(c.folded), c.folded, c.entry_id)

    return [
        Hit(kind=c.kind, ref_id=c.ref_id, label=c.label, detail=c.detail, tier=int(c.tier), accent_match=accent_match(query, c.label))
        for c in sorted(best.values(), key=order)[:limit]
    ]
