"""Rows looked up by an id from a request (path, query or body): an id that no row can have is
"not found", never a database error.

Primary keys are INTEGER columns (int4 on PostgreSQL, 64-bit on SQLite): an id outside
1..2,147,483,647 would make asyncpg (or sqlite3, past 2**63) raise instead of finding nothing,
so such an id is answered "not found" (or matches nothing in a filter) without asking the database.
"""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import false
from sqlalchemy.sql.elements import ColumnElement

from base.db import AsyncSession

MAX_ID = 2**31 - 1

_T = TypeVar("_T")


def storable_id(value: int | None) -> bool:
    """Whether ``value`` can be the id of a row (a positive INTEGER)."""
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_ID


async def get_row(session: AsyncSession, model: type[_T], row_id: int | None) -> _T | None:
    """The row of ``model`` with this id, or None (also for an id no row can have)."""
    if not storable_id(row_id):
        return None
    return await session.get(model, row_id)


def same_id(column: Any, value: int) -> ColumnElement[bool]:
    """``column = value`` for a filter; an id no row can have matches nothing."""
    if not storable_id(value):
        return false()
    condition: ColumnElement[bool] = column == value
    return condition
