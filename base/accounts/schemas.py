"""Request and response shapes of accounts."""

from __future__ import annotations

import msgspec


class UserCreate(msgspec.Struct, forbid_unknown_fields=True):
    username: str
    password: str
    roles: list[str]
    full_name: str = ""


class UserOut(msgspec.Struct):
    id: int
    username: str
    full_name: str
    roles: list[str]
    active: bool
    person_id: int | None = None


class TokenCreate(msgspec.Struct, forbid_unknown_fields=True):
    user_id: int
    name: str


class TokenOut(msgspec.Struct):
    token: str
    name: str
    user_id: int


class PersonLink(msgspec.Struct, forbid_unknown_fields=True):
    person_id: int | None


class PasswordChange(msgspec.Struct, forbid_unknown_fields=True):
    current: str
    new: str


class PasswordReset(msgspec.Struct, forbid_unknown_fields=True):
    password: str
