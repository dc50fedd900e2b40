"""Who may see and do what with an appeal (pure): the jury, the filing team and admins.

The jury is every account holding the referee role ("head referee / jury" in arena's roles);
the filing team is the coach who filed (until the athletes domain says which coaches belong to
which team: see ``team.py``). Evidence of an official recording is seen by whoever may see an
appeal about that contest.
"""

from __future__ import annotations

from collections.abc import Iterable

from base.accounts.models import Role, User
from scoring.appeals.models import Appeal, Evidence


def is_admin(user: User) -> bool:
    return Role.ADMIN in user.role_set()


def is_jury(user: User) -> bool:
    return user.has_role(Role.REFEREE)


def may_view_appeal(user: User, appeal: Appeal) -> bool:
    return is_jury(user) or appeal.coach_user_id == user.id


def may_view_evidence(user: User, evidence: Evidence, appeals: Iterable[Appeal]) -> bool:
    """``appeals``: the appeals of the evidence's contest (the one it belongs to among them)."""
    if is_jury(user):
        return True
    for appeal in appeals:
        if appeal.contest_id != evidence.contest_id:
            continue
        if evidence.appeal_id in (None, appeal.id) and appeal.coach_user_id == user.id:
            return True
    return False
