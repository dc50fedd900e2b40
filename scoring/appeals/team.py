"""Is this user a coach of the athlete on this side of the contest?

The athletes domain (team memberships, coaches) is being extended; until it lands the filing team
is recorded on the appeal (coach user id + side) and any account with the coach role may file
for a side. Point ``coach_of_side`` at the athletes service when it can answer the question.
"""

from __future__ import annotations

from arena.accounts.models import Role, User
from arena.db import AsyncSession


async def coach_of_side(session: AsyncSession, user: User, contest_id: int, side: str) -> bool:
    """True when ``user`` may file for ``side`` of the contest (placeholder: holds the coach role)."""
    del session, contest_id, side  # used once the athletes domain knows teams and coaches
    return Role.COACH in user.role_set() or Role.ADMIN in user.role_set()
