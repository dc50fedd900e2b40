"""Account use cases: create users, check passwords (argon2), issue and check bearer tokens."""

from __future__ import annotations

import hashlib
import secrets
import unicodedata
from collections.abc import Iterable

import argon2
from argon2 import PasswordHasher
from sqlmodel import select

from base.accounts.models import ApiToken, Role, User
from base.db import AsyncSession, row_id, utcnow
from base.errors import BadLogin, Conflict, InvalidInput, NotFound


def password_hasher(profile: str) -> PasswordHasher:
    """``profile`` names an ``argon2.profiles`` entry (tests use CHEAPEST)."""
    try:
        return PasswordHasher.from_parameters(getattr(argon2.profiles, profile))
    except AttributeError as exc:
        raise InvalidInput(f"unknown argon2 profile {profile!r}") from exc


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def parse_roles(roles: Iterable[str]) -> list[Role]:
    out: list[Role] = []
    for raw in roles:
        try:
            out.append(Role(raw.strip()))
        except ValueError as exc:
            raise InvalidInput(f"unknown role {raw!r}; known: {', '.join(r.value for r in Role)}") from exc
    return out


class AccountService:
    def __init__(self, session: AsyncSession, hasher: PasswordHasher) -> None:
        self.session = session
        self.hasher = hasher

    async def create_user(self, username: str, password: str, roles: Iterable[Role], full_name: str = "") -> User:
        username = unicodedata.normalize("NFC", username.strip())
        if not username or len(username) > 64:
            raise InvalidInput("username must have 1 to 64 characters")
        if len(password) < 8:
            raise InvalidInput("password must have at least 8 characters")
        existing = await self.session.exec(select(User).where(User.username == username))
        if existing.first() is not None:
            raise Conflict(f"user {username!r} already exists")
        user = User(
            username=username,
            full_name=unicodedata.normalize("NFC", full_name.strip()),
            password_hash=self.hasher.hash(password),
            roles=",".join(sorted({r.value for r in roles})),
        )
        self.session.add(user)
        await self.session.commit()
        await self.session.refresh(user)
        return user

    async def authenticate(self, username: str, password: str) -> User:
        result = await self.session.exec(select(User).where(User.username == username.strip()))
        user = result.first()
        if user is None or not user.active or not user.password_hash:
            # Spend the same time as a real check, so a wrong name is not told from a wrong password.
            self.hasher.hash(password)
            raise BadLogin()
        try:
            self.hasher.verify(user.password_hash, password)
        except argon2.exceptions.VerificationError as exc:
            raise BadLogin() from exc
        if self.hasher.check_needs_rehash(user.password_hash):
            user.password_hash = self.hasher.hash(password)
            self.session.add(user)
            await self.session.commit()
        return user

    async def get(self, user_id: int) -> User:
        user = await self.session.get(User, user_id)
        if user is None:
            raise NotFound("user")
        return user

    async def list_users(self) -> list[User]:
        return list((await self.session.exec(select(User).order_by(User.username))).all())

    async def link_person(self, user_id: int, person_id: int | None) -> User:
        """Say which person record (athletes domain) this account is; None unlinks."""
        user = await self.get(user_id)
        user.person_id = person_id
        self.session.add(user)
        await self.session.commit()
        return user

    async def issue_token(self, user: User, name: str) -> str:
        """Return a new bearer token for ``user``; only its SHA-256 is stored."""
        token = "arena_" + secrets.token_urlsafe(32)
        self.session.add(ApiToken(user_id=row_id(user), name=name, token_hash=token_digest(token)))
        await self.session.commit()
        return token

    async def user_for_token(self, token: str) -> User | None:
        result = await self.session.exec(select(ApiToken).where(ApiToken.token_hash == token_digest(token)))
        row = result.first()
        if row is None or row.revoked_at is not None:
            return None
        user = await self.session.get(User, row.user_id)
        return user if user is not None and user.active else None

    async def revoke_token(self, token_id: int) -> None:
        row = await self.session.get(ApiToken, token_id)
        if row is None:
            raise NotFound("token")
        row.revoked_at = utcnow()
        self.session.add(row)
        await self.session.commit()
