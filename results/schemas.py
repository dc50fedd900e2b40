"""Request shapes of the results API (msgspec)."""

from __future__ import annotations

import msgspec


class SettingsIn(msgspec.Struct, forbid_unknown_fields=True):
    """The results settings as the manager's form gives them; the service checks each field."""

    organiser: str
    order: str = "medals"
    points: str = ""  # "1:10, 2:8, 3:6"
    count_by: str | None = None  # "team", "club" or "district"; None keeps what is set


class SignIn(msgspec.Struct, forbid_unknown_fields=True):
    """A signature on an event's results: the PIN that unlocks the signer's department-issued key."""

    pin: str = ""
