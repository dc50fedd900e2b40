"""Who sees what of a person's record (pure): national ID masking, minors and their guardians.

Rule 1: the national ID is shown whole only to roles that need it: managers keep the records,
accountants put it on payment vouchers; everyone else sees the last 4 digits.
Rule 2: a person under 18 on the day of registration needs a guardian (name and phone).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

ROLES_SEEING_NATIONAL_ID = frozenset({"admin", "manager", "accountant"})
ADULT_AGE = 18


def sees_national_id(roles: Iterable[str]) -> bool:
    return any(str(r) in ROLES_SEEING_NATIONAL_ID for r in roles)


def mask_national_id(value: str | None) -> str | None:
    """``079201001234`` -> ``********1234``; short or empty values are masked whole."""
    if not value:
        return value
    if len(value) <= 4:
        return "*" * len(value)
    return "*" * (len(value) - 4) + value[-4:]


def age_on(birth: date, day: date) -> int:
    """Completed years on ``day`` (a 29 February birthday counts on 1 March in common years)."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def is_minor(birth: date | None, day: date) -> bool:
    """Unknown birth date is not a minor (the form requires the date for athletes)."""
    return birth is not None and age_on(birth, day) < ADULT_AGE
