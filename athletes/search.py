"""Search over people, teams, vouchers and equipment: folded prefix keys in one B-tree index.

The same SQL runs on SQLite and PostgreSQL: a range scan ``lo <= key < hi`` on
``athlete_search_key`` (rotations of every label's words, plus IDs and codes), then, when a query's
words are not contiguous, the rarest word drives a scan filtered by the others. Ranking is pure
(athletes.ranking). Writers call ``index_entry`` in the same transaction as the record they change.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import permutations
from typing import Any

from sqlalchemy import and_, delete, func, literal, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlmodel import col
from sqlmodel import select as model_select

from athletes.folding import fold, prefix_range, rotation_keys, tokens
from athletes.models import SearchEntry, SearchKey
from athletes.ranking import Candidate, Hit, Tier, rank
from base.db import AsyncSession, row_id

KINDS = ("person", "team", "voucher", "item")
ID_ROT = 99  # keys of IDs and codes: never "the label starts with"
EXTRA_ROT = 10  # rotations of secondary text (a voucher's title) start here
DRIVER_CAP = 1000  # keys of the driving word read at most (bounds the words-in-any-order scan)


def entry_keys(label: str, extra_texts: Iterable[str] = (), ids: Iterable[str] = ()) -> list[tuple[int, str]]:
    keys = rotation_keys(label)
    for text in extra_texts:
        keys.extend((EXTRA_ROT + rot, key) for rot, key in rotation_keys(text))
    keys.extend((ID_ROT, fold(i)) for i in ids if fold(i))
    return list(dict.fromkeys(keys))


async def index_entry(
    session: AsyncSession,
    kind: str,
    ref_id: int,
    label: str,
    detail: str = "",
    extra_texts: Iterable[str] = (),
    ids: Iterable[str] = (),
) -> None:
    """Create or replace the search entry of (kind, ref_id); commits with the caller's use case."""
    extra = list(extra_texts)
    folded = fold(" ".join([label, *extra]))[:400]
    existing = (await session.exec(model_select(SearchEntry).where(SearchEntry.kind == kind, SearchEntry.ref_id == ref_id))).first()
    if existing is None:
        existing = SearchEntry(kind=kind, ref_id=ref_id, label=label, detail=detail, folded=folded)
        session.add(existing)
        await session.flush()
    else:
        existing.label, existing.detail, existing.folded = label, detail, folded
        await session.exec(delete(SearchKey).where(col(SearchKey.entry_id) == existing.id))
    entry_id = row_id(existing)
    session.add_all(SearchKey(entry_id=entry_id, rot=rot, key=key) for rot, key in entry_keys(label, extra, ids))


def _tier(rot: int, key: str, query: str) -> Tier:
    if rot == 0:
        return Tier.EXACT if key == query else Tier.STARTS
    return Tier.RUN


def _entry_columns() -> tuple[Any, ...]:
    return (
        col(SearchEntry.id),
        col(SearchEntry.kind),
        col(SearchEntry.ref_id),
        col(SearchEntry.label),
        col(SearchEntry.detail),
        col(SearchEntry.folded),
    )


async def _range(conn: AsyncConnection, query: str, kinds: tuple[str, ...], limit: int, starts_only: bool) -> list[Candidate]:
    lo, hi = prefix_range(query)
    stmt = (
        select(*_entry_columns(), col(SearchKey.rot), col(SearchKey.key))
        .select_from(SearchKey)
        .join(SearchEntry, col(SearchEntry.id) == SearchKey.entry_id)
        .where(col(SearchKey.key) >= lo, col(SearchKey.key) < hi, col(SearchEntry.kind).in_(kinds))
        .order_by(col(SearchKey.key))
        .limit(limit)
    )
    if starts_only:
        stmt = stmt.where(col(SearchKey.rot) == 0)
    rows = (await conn.execute(stmt)).all()
    return [Candidate(r[0], r[1], r[2], r[3], r[4], r[5], _tier(r[6], r[7], query)) for r in rows]


async def _counts(conn: AsyncConnection, words: list[str]) -> list[int]:
    """Keys starting with each word, counted up to DRIVER_CAP, in one statement."""

    def capped(word: str) -> Any:
        lo, hi = prefix_range(word)
        inner = select(col(SearchKey.id)).where(col(SearchKey.key) >= lo, col(SearchKey.key) < hi).limit(DRIVER_CAP).subquery()
        return select(func.count()).select_from(inner).scalar_subquery()

    return [int(n) for n in (await conn.execute(select(*(capped(w) for w in words)))).one()]


async def _any_order(conn: AsyncConnection, words: list[str], kinds: tuple[str, ...], limit: int) -> list[Candidate]:
    """Entries whose words start with every query word, in any order.

    The rarest word drives: its keys (at most DRIVER_CAP of them, so the cost is bounded even when
    every word is common) are joined to their entries and filtered by the other words.
    """
    distinct = list(dict.fromkeys(words))
    driver = min(zip(await _counts(conn, distinct), (-len(w) for w in distinct), distinct, strict=False))[2]
    lo, hi = prefix_range(driver)
    keys = (
        select(col(SearchKey.entry_id), col(SearchKey.key))
        .where(col(SearchKey.key) >= lo, col(SearchKey.key) < hi)
        .order_by(col(SearchKey.key))
        .limit(DRIVER_CAP)
        .subquery()
    )
    stmt = (
        select(*_entry_columns())
        .select_from(keys)
        .join(SearchEntry, col(SearchEntry.id) == keys.c.entry_id)
        .where(col(SearchEntry.kind).in_(kinds))
        .order_by(keys.c.key)
        .limit(limit * 4)
    )
    for w in words:
        if w != driver:
            stmt = stmt.where((literal(" ") + SearchEntry.folded).like(f"% {w}%"))
    rows = (await conn.execute(stmt)).all()
    return [Candidate(r[0], r[1], r[2], r[3], r[4], r[5], Tier.WORDS) for r in rows]


async def _reordered(conn: AsyncConnection, words: list[str], kinds: tuple[str, ...], limit: int) -> list[Candidate]:
    """The query's words in each other order as a run of words, in one statement: names are
    indexed cyclically, so "nguyen an" finds "Nguyễn Văn An" through its rotation "an nguyen van"."""
    ranges = [prefix_range(" ".join(order)) for order in list(permutations(words))[1:]]
    stmt = (
        select(*_entry_columns())
        .select_from(SearchKey)
        .join(SearchEntry, col(SearchEntry.id) == SearchKey.entry_id)
        .where(or_(*(and_(col(SearchKey.key) >= lo, col(SearchKey.key) < hi) for lo, hi in ranges)), col(SearchEntry.kind).in_(kinds))
        .limit(limit * 2)
    )
    rows = (await conn.execute(stmt)).all()
    return [Candidate(r[0], r[1], r[2], r[3], r[4], r[5], Tier.WORDS) for r in rows]


async def search(session: AsyncSession, text: str, kinds: Iterable[str] = KINDS, limit: int = 20) -> list[Hit]:
    """Ranked hits for ``text`` (accents, case and đ ignored); empty text finds nothing."""
    words = tokens(text)[:8]
    kinds = tuple(k for k in kinds if k in KINDS)
    if not words or not kinds or limit <= 0:
        return []
    query = " ".join(words)
    conn = await session.connection()
    found = await _range(conn, query, kinds, limit, starts_only=True)
    found += await _range(conn, query, kinds, limit * 2, starts_only=False)
    few = max(limit // 4, 1)  # a run of hits means the words were typed in the order names are kept
    if len({c.entry_id for c in found}) < few and 2 <= len(words) <= 3:
        found += await _reordered(conn, words, kinds, limit)
    if len({c.entry_id for c in found}) < few and len(words) > 1:
        found += await _any_order(conn, words, kinds, limit)
    return rank(text, found, limit)


async def remove_entry(session: AsyncSession, kind: str, ref_id: int) -> None:
    ids = select(col(SearchEntry.id)).where(col(SearchEntry.kind) == kind, col(SearchEntry.ref_id) == ref_id)
    await session.exec(delete(SearchKey).where(col(SearchKey.entry_id).in_(ids)))
    await session.exec(delete(SearchEntry).where(col(SearchEntry.kind) == kind, col(SearchEntry.ref_id) == ref_id))
