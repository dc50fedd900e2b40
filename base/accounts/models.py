"""Account tables: people who log in, and the bearer tokens of devices and scripts."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Column, String
from sqlmodel import Field, SQLModel

from base.db import UTCDateTime, utcnow


class Role(StrEnum):
    ADMIN = "admin"
    MANAGER = "manager"  # competition manager
    JUDGE = "judge"
    REFEREE = "referee"  # head referee / jury
    COACH = "coach"
    ATHLETE = "athlete"
    ACCOUNTANT = "accountant"
    EQUIPMENT_KEEPER = "equipment_keeper"
    DEVICE = "device"  # a keypad bridge or a script acting for devices


class User(SQLModel, table=True):
    __tablename__ = "user_account"
    __pii_columns__ = {"full_name"}

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(sa_column=Column(String(64), unique=True, nullable=False, index=True))
    full_name: str = Field(default="", max_length=200)
    password_hash: str = Field(default="", max_length=256)
    roles: str = Field(default="", max_length=256)  # comma-separated Role values
    active: bool = Field(default=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    # The athletes domain's person record of this account (a coach's or an athlete's own record);
    # no foreign key across domains.
    person_id: int | None = Field(default=None, index=True)
    # Raised by "log out everywhere", a password change or reset and a deactivation: a session
    # remembers the epoch it was opened in and is refused once the account's epoch has moved on.
    session_epoch: int = Field(default=0, sa_column_kwargs={"server_default": "0"})

    def role_set(self) -> frozenset[Role]:
        return frozenset(Role(r) for r in self.roles.split(",") if r)

    def has_role(self, *roles: Role) -> bool:
        mine = self.role_set()
        return Role.ADMIN in mine or any(r in mine for r in roles)


class ApiToken(SQLModel, table=True):
    __tablename__ = "api_token"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", index=True)
    name: str = Field(max_length=100)
    token_hash: str = Field(sa_column=Column(String(64), unique=True, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class LoginThrottle(SQLModel, table=True):
    """Failed logins counted per account name (``user:<name>``) and per address (``addr:<ip>``).

    Names are counted whether or not an account has them, so a lockout does not tell which exist."""

    __tablename__ = "login_throttle"

    key: str = Field(sa_column=Column(String(200), primary_key=True))
    failures: int = Field(default=0)
    last_failure_at: datetime = Field(sa_type=UTCDateTime, index=True)
    locked_until: datetime | None = Field(default=None, sa_type=UTCDateTime)
