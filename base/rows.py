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


# What a path parameter names, as a person says it (the not-found message names it).
PATH_NOUNS = {
    "contest_id": "trận đấu",
    "appeal_id": "kháng nghị",
    "contract_id": "hợp đồng",
    "panel_id": "tổ trọng tài",
    "fop_id": "sân/thảm thi đấu",
    "competition_id": "giải đấu",
    "category_id": "hạng thi đấu",
    "bout_id": "trận",
    "entry_id": "đăng ký thi đấu",
    "user_id": "tài khoản",
    "token_id": "khóa truy cập",
    "evidence_id": "bằng chứng",
    "official_id": "trọng tài được phân công",
    "person_id": "hồ sơ",
    "binding_id": "máy tính bảng đã ghép",
}


def refuse_impossible_path_ids(path_params: dict[str, Any]) -> None:
    """Every integer in a route's path is something looked up by id (a contest, a page...): one no row
    can have is "not found" before any handler runs, so no route passes it on to the database."""
    from base.errors import NotFound

    for name, value in path_params.items():
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_ID:
            raise NotFound(PATH_NOUNS.get(name, "bản ghi"), detail=f"{name} {value} is beyond any row")
