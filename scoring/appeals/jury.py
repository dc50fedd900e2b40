"""Who sits on the jury of a contest: a roster the composition root hands to the appeals service.

Scoring does not know the tournament's officials (the floors), so ``assembly/app.py`` gives the
appeals service a ``JuryRoster`` built from ``tournaments.officials``. ``members`` answers the
usernames of the jury members who may vote on an appeal about the contest, or None when the
contest's competition has no assigned jury: then the jury is every active account holding the
referee role (the rule before jury assignment), see ``AppealService.jury``.
"""

from __future__ import annotations

from typing import Protocol


class JuryRoster(Protocol):
    async def members(self, contest_id: int) -> list[str] | None:
        """Usernames of the contest's jury (may be empty: every member excluded), or None: none assigned."""
        ...
