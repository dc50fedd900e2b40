"""Failed-login budgets: how long a name or an address must wait, and when it is locked (pure).

Each failure is counted under two keys, the account name (``user:<name>``, whether or not such an
account exists, so a lockout tells nothing about which names exist) and the caller's address
(``addr:<ip>``). From ``delay_after`` failures on, the next try must wait 1 s, then 2, 4, ... up to
``max_delay``; at ``lock_after`` the key is locked for ``lock_for``. Failures older than
``lock_for`` are forgotten. A refused try is not checked at all, so it costs no hashing and tells
nothing about the password.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from math import ceil


@dataclass(frozen=True, slots=True)
class Budget:
    delay_after: int
    lock_after: int  # 0: never locks
    lock_for: timedelta
    max_delay: timedelta = timedelta(seconds=60)

    def delay(self, failures: int) -> timedelta:
        """The wait after ``failures`` failed tries (zero below ``delay_after``)."""
        if self.delay_after <= 0 or failures < self.delay_after:
            return timedelta(0)
        return min(timedelta(seconds=2 ** min(failures - self.delay_after, 16)), self.max_delay)

    def locks_at(self, failures: int) -> bool:
        return self.lock_after > 0 and failures >= self.lock_after


@dataclass(frozen=True, slots=True)
class Policy:
    account: Budget
    address: Budget

    @classmethod
    def from_settings(cls, settings: object) -> Policy:
        lock_for = timedelta(minutes=int(getattr(settings, "login_lock_minutes", 15)))
        return cls(
            account=Budget(int(getattr(settings, "login_delay_after", 5)), int(getattr(settings, "login_lock_after", 10)), lock_for),
            address=Budget(
                int(getattr(settings, "login_address_delay_after", 20)), int(getattr(settings, "login_address_lock_after", 50)), lock_for
            ),
        )


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why a try is refused before its password is checked."""

    locked: bool
    wait: timedelta

    def seconds(self) -> int:
        return max(1, ceil(self.wait.total_seconds()))

    def minutes(self) -> int:
        return max(1, ceil(self.wait.total_seconds() / 60))


def refusal(
    budget: Budget, failures: int, last_failure_at: datetime | None, locked_until: datetime | None, now: datetime
) -> Refusal | None:
    """None when a try may go ahead now; else locked (with the time left) or wait (with the time left)."""
    if locked_until is not None and now < locked_until:
        return Refusal(locked=True, wait=locked_until - now)
    if last_failure_at is None or now - last_failure_at >= budget.lock_for:
        return None
    ready = last_failure_at + budget.delay(failures)
    if now < ready:
        return Refusal(locked=False, wait=ready - now)
    return None


def counted_failures(failures: int, last_failure_at: datetime | None, budget: Budget, now: datetime) -> int:
    """The count after one more failure now (old failures forgotten)."""
    if last_failure_at is None or now - last_failure_at >= budget.lock_for:
        return 1
    return failures + 1
