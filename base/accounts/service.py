"""Account use cases: create users, check passwords (argon2, off the event loop), budgets of failed
logins, password change and reset, deactivation, "log out everywhere", bearer tokens."""

from __future__ import annotations

import asyncio
import functools
import hashlib
import os
import secrets
import threading
import unicodedata
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from typing import Any, TypeVar

import argon2
from argon2 import PasswordHasher
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, delete, select

from base.accounts.errors import AccountLocked, LoginThrottled, PasswordsDiffer, PasswordTooShort
from base.accounts.models import ApiToken, LoginThrottle, Role, User
from base.accounts.throttle import Budget, Policy, counted_failures, refusal
from base.audit import audit
from base.db import AsyncSession, row_id, utcnow
from base.errors import BadLogin, Conflict, InvalidInput, NotFound

T = TypeVar("T")

MIN_PASSWORD = 8
HASH_THREADS = max(1, min(2, (os.cpu_count() or 1) - 1))
"""argon2 runs on at most this many threads (argon2-cffi releases the GIL while it hashes), leaving a
core to the event loop: a burst of logins waits its turn there instead of stalling the loop that
acknowledges the judges' presses, and never takes the threads of Litestar's own pool."""
HASH_NICENESS = 10


def _lower_priority() -> None:
    """Each hashing thread yields the CPU to the event loop's (Linux schedules threads one by one)."""
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), HASH_NICENESS)
    except (AttributeError, OSError):  # not Linux, or not allowed: the bound on threads still holds
        pass


_HASH_POOL = ThreadPoolExecutor(max_workers=HASH_THREADS, thread_name_prefix="arena-argon2", initializer=_lower_priority)


async def off_loop(fn: Callable[..., T], *args: Any) -> T:
    """Run ``fn(*args)`` on the bounded hashing pool."""
    return await asyncio.get_running_loop().run_in_executor(_HASH_POOL, functools.partial(fn, *args))


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


def normal_username(username: str) -> str:
    return unicodedata.normalize("NFC", username.strip())


def name_key(username: str) -> str:
    """The budget key of an account name (case-folded: ``Admin`` and ``admin`` share one budget)."""
    return "user:" + normal_username(username).casefold()[:64]


def address_key(address: str) -> str:
    return "addr:" + address[:64]


def check_new_password(password: str, repeat: str | None = None) -> None:
    if len(password) < MIN_PASSWORD:
        raise PasswordTooShort(MIN_PASSWORD)
    if repeat is not None and repeat != password:
        raise PasswordsDiffer()


def _verify(hasher: PasswordHasher, password_hash: str, password: str) -> bool:
    try:
        return hasher.verify(password_hash, password)
    except (argon2.exceptions.VerificationError, argon2.exceptions.InvalidHashError):
        return False


class AccountService:
    def __init__(self, session: AsyncSession, hasher: PasswordHasher) -> None:
        self.session = session
        self.hasher = hasher

    async def hash_password(self, password: str) -> str:
        return await off_loop(self.hasher.hash, password)

    def _audit(self, now: datetime, *, actor: Any, action: str, subject: str, detail: dict[str, Any] | None = None) -> None:
        audit(self.session, actor=actor, action=action, subject=subject, detail=detail).at = now

    async def create_user(self, username: str, password: str, roles: Iterable[Role], full_name: str = "") -> User:
        username = normal_username(username)
        if not username or len(username) > 64:
            raise InvalidInput("username must have 1 to 64 characters")
        check_new_password(password)
        existing = await self.session.exec(select(User).where(User.username == username))
        if existing.first() is not None:
            raise Conflict(f"user {username!r} already exists")
        user = User(
            username=username,
            full_name=unicodedata.normalize("NFC", full_name.strip()),
            password_hash=await self.hash_password(password),
            roles=",".join(sorted({r.value for r in roles})),
        )
        self.session.add(user)
        await self.session.commit()
        await self.session.refresh(user)
        return user

    async def authenticate(self, username: str, password: str) -> User:
        """Check a password without budgets (commands run by the operator); pages use ``login``."""
        user = await self._by_name(normal_username(username))
        if user is None or not user.active or not user.password_hash:
            await self.hash_password(password)  # the same time as a real check
            raise BadLogin()
        if not await off_loop(_verify, self.hasher, user.password_hash, password):
            raise BadLogin()
        return user

    async def login(self, username: str, password: str, *, address: str, now: datetime, policy: Policy, action: str = "login") -> User:
        """A login (or a password check) within the failure budgets of the name and the address.

        Refused unchecked while either budget says wait or locked (AccountLocked, LoginThrottled);
        a wrong password counts against both and is BadLogin; success clears the name's count. Every
        outcome is in the audit log (``<action>.ok``, ``.failed``, ``.refused``, ``.lockout``).
        """
        name = normal_username(username)[:64]
        keys: list[tuple[str, Budget]] = [(name_key(name), policy.account)]
        if address:
            keys.append((address_key(address), policy.address))
        rows = {key: await self.session.get(LoginThrottle, key) for key, _ in keys}
        for key, budget in keys:
            row = rows[key]
            refused = refusal(budget, row.failures, row.last_failure_at, row.locked_until, now) if row else None
            if refused is not None:
                self._audit(
                    now,
                    actor=address or "?",
                    action=f"{action}.refused",
                    subject=f"login:{name}",
                    detail={"address": address, "key": key.split(":", 1)[0], "locked": refused.locked},
                )
                await self.session.commit()
                if refused.locked:
                    raise AccountLocked(refused.minutes())
                raise LoginThrottled(refused.seconds())
        user = await self._by_name(name)
        if user is None or not user.active or not user.password_hash:
            await self.hash_password(password)  # the same time as a real check
            ok = False
        else:
            ok = await off_loop(_verify, self.hasher, user.password_hash, password)
        if not ok:
            await self._failed(keys, name, user, address=address, now=now, action=action)
            raise BadLogin()
        assert user is not None
        account_row = rows[name_key(name)]
        if account_row is not None:
            await self.session.delete(account_row)
        if self.hasher.check_needs_rehash(user.password_hash):
            user.password_hash = await self.hash_password(password)
            self.session.add(user)
        self._audit(now, actor=user, action=f"{action}.ok", subject=f"user:{user.id}", detail={"address": address})
        await self.session.commit()
        return user

    async def _failed(
        self, keys: list[tuple[str, Budget]], name: str, user: User | None, *, address: str, now: datetime, action: str
    ) -> None:
        subject = f"user:{user.id}" if user is not None else f"login:{name}"
        for attempt in range(2):  # a concurrent first failure may insert the same key first
            try:
                failures: dict[str, int] = {}
                for key, budget in keys:
                    row = await self.session.get(LoginThrottle, key)
                    if row is None:
                        row = LoginThrottle(key=key, failures=1, last_failure_at=now)
                    else:
                        row.failures = counted_failures(row.failures, row.last_failure_at, budget, now)
                        row.last_failure_at = now
                    failures[key.split(":", 1)[0]] = row.failures
                    if budget.locks_at(row.failures) and (row.locked_until is None or row.locked_until <= now):
                        row.locked_until = now + budget.lock_for
                        self._audit(
                            now,
                            actor=address or "?",
                            action=f"{action}.lockout",
                            subject=subject if key.startswith("user:") else key,
                            detail={"address": address, "failures": row.failures, "until": row.locked_until.isoformat()},
                        )
                    self.session.add(row)
                self._audit(now, actor=address or "?", action=f"{action}.failed", subject=subject, detail={"address": address, **failures})
                await self.session.commit()
                return
            except IntegrityError:
                await self.session.rollback()
                if attempt:
                    raise

    async def _by_name(self, username: str) -> User | None:
        return (await self.session.exec(select(User).where(User.username == username))).first()

    async def get(self, user_id: int) -> User:
        user = await self.session.get(User, user_id)
        if user is None:
            raise NotFound("user")
        return user

    async def by_username(self, username: str) -> User:
        user = await self._by_name(normal_username(username))
        if user is None:
            raise NotFound("user")
        return user

    async def list_users(self) -> list[User]:
        return list((await self.session.exec(select(User).order_by(User.username))).all())

    async def locked_names(self, now: datetime) -> set[str]:
        """Budget keys of names locked now (``user:<name>``), for the administrator's list."""
        rows = await self.session.exec(select(LoginThrottle).where(col(LoginThrottle.key).startswith("user:")))
        return {r.key for r in rows.all() if r.locked_until is not None and r.locked_until > now}

    async def change_password(
        self, user: User, current: str, new: str, repeat: str, *, address: str, now: datetime, policy: Policy
    ) -> User:
        """The user changes their own password: the current one is checked within the budgets; every
        other session of the account ends (the caller gives this one a new id at the new epoch)."""
        check_new_password(new, repeat)
        await self.login(user.username, current, address=address, now=now, policy=policy, action="password.check")
        user = await self.get(row_id(user))
        user.password_hash = await self.hash_password(new)
        user.session_epoch += 1
        self.session.add(user)
        self._audit(now, actor=user, action="password.change", subject=f"user:{user.id}", detail={"address": address})
        await self.session.commit()
        return user

    async def reset_password(self, actor: Any, user_id: int, new: str, *, now: datetime) -> User:
        """An administrator sets a new password: the account's sessions end and its lockout is lifted."""
        check_new_password(new)
        user = await self.get(user_id)
        user.password_hash = await self.hash_password(new)
        user.session_epoch += 1
        self.session.add(user)
        await self.session.exec(delete(LoginThrottle).where(col(LoginThrottle.key) == name_key(user.username)))
        self._audit(now, actor=actor, action="password.reset", subject=f"user:{user.id}")
        await self.session.commit()
        return user

    async def set_active(self, actor: Any, user_id: int, active: bool, *, now: datetime) -> User:
        """Deactivate (every session and token stops working at once) or reactivate an account."""
        user = await self.get(user_id)
        if getattr(actor, "id", None) == user.id and not active:
            raise Conflict("an administrator cannot deactivate their own account")
        user.active = active
        if not active:
            user.session_epoch += 1
        self.session.add(user)
        self._audit(now, actor=actor, action="user.activate" if active else "user.deactivate", subject=f"user:{user.id}")
        await self.session.commit()
        return user

    async def end_sessions(self, actor: Any, user_id: int, *, now: datetime) -> User:
        """Log out everywhere: every session opened before now ends at its next request."""
        user = await self.get(user_id)
        user.session_epoch += 1
        self.session.add(user)
        self._audit(now, actor=actor, action="sessions.end", subject=f"user:{user.id}")
        await self.session.commit()
        return user

    async def unlock(self, actor: Any, username: str, *, now: datetime) -> None:
        """Forget the failed logins of a name (its lockout ends)."""
        await self.session.exec(delete(LoginThrottle).where(col(LoginThrottle.key) == name_key(username)))
        self._audit(now, actor=actor, action="user.unlock", subject=f"login:{normal_username(username)}")
        await self.session.commit()

    async def purge_throttles(self, older_than: datetime) -> None:
        """Drop counts whose last failure is older than ``older_than`` and that lock nothing."""
        await self.session.exec(
            delete(LoginThrottle).where(
                col(LoginThrottle.last_failure_at) < older_than,
                (col(LoginThrottle.locked_until).is_(None)) | (col(LoginThrottle.locked_until) < older_than),
            )
        )
        await self.session.commit()

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
