"""Is this user a coach of the athlete on this side of the contest?

A coach's account is tied to their person record (``User.person_id``, set by an admin); the
athletes domain knows which coaches belong to the athlete's team. An admin may file for anyone.
"""

from __future__ import annotations

from athletes.service import coach_ids_of
from base.accounts.models import Role, User
from base.db import AsyncSession
from scoring.models import Contest, Entry


async def coach_of_side(session: AsyncSession, user: User, contest_id: int, side: str) -> bool:
    """True when ``user`` coaches the athlete entered on ``side`` of the contest (or is an admin)."""
    roles = user.role_set()
    if Role.ADMIN in roles:
        return True
    if Role.COACH not in roles or user.person_id is None:
        return False
    field = {"red": "red_entry_id", "blue": "blue_entry_id", "athlete": "red_entry_id"}.get(side)
    if field is None:
        return True  # not a side at all: admissibility refuses it, naming every reason
    contest = await session.get(Contest, contest_id)
    entry_id = getattr(contest, field) if contest is not None else None
    entry = await session.get(Entry, entry_id) if entry_id is not None else None
    if entry is None:
        return False
    return user.person_id in await coach_ids_of(session, entry.athlete_id)
