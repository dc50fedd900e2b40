"""The base HTTP API: health, the caller's account, users and bearer tokens (admin)."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Router, delete, get, post, put
from litestar.datastructures import State
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody

from base.accounts.models import Role, User
from base.accounts.schemas import PasswordChange, PasswordReset, PersonLink, TokenCreate, TokenOut, UserCreate, UserOut
from base.accounts.service import AccountService, parse_roles
from base.accounts.throttle import Policy
from base.audit import audit
from base.auth import requires_login, requires_role, start_session
from base.clock import Clock
from base.db import backend_name, database_status, row_id
from base.settings import Settings


def user_out(user: User) -> UserOut:
    assert user.id is not None
    return UserOut(
        id=user.id,
        username=user.username,
        full_name=user.full_name,
        roles=sorted(r.value for r in user.role_set()),
        active=user.active,
        person_id=user.person_id,
    )


@get("/health", opt={"public": True}, tags=["hall"])
async def health(state: State) -> dict[str, Any]:
    """Liveness with the database status (200 while the database answers)."""
    database = await database_status(state.db_factory)
    return {"status": "ok" if database == "ok" else "degraded", "database": database, "backend": backend_name(state.engine)}


class AccountController(Controller):
    path = "/api"
    tags = ["accounts"]

    @get("/me", guards=[requires_login()])
    async def me(self, request: Request[User, Any, Any]) -> UserOut:
        return user_out(request.user)

    @post("/me/password", guards=[requires_login()], status_code=200)
    async def change_password(
        self,
        data: JSONBody[PasswordChange],
        accounts: NamedDependency[AccountService],
        settings: NamedDependency[Settings],
        clock: NamedDependency[Clock],
        request: Request[User, Any, Any],
    ) -> UserOut:
        """Change one's own password (the current one is checked within the failed-login budgets);
        every other session of the account ends."""
        now = clock()
        address = request.client.host if request.client else ""
        user = await accounts.change_password(
            request.user, data.current, data.new, data.new, address=address, now=now, policy=Policy.from_settings(settings)
        )
        if request.auth == "session":
            start_session(request, user, now)
        return user_out(user)

    @post("/me/logout-everywhere", guards=[requires_login()], status_code=200)
    async def logout_everywhere(
        self, accounts: NamedDependency[AccountService], clock: NamedDependency[Clock], request: Request[User, Any, Any]
    ) -> UserOut:
        """End every other session of the caller's account (a session caller keeps this one, renewed)."""
        now = clock()
        user = await accounts.end_sessions(request.user, row_id(request.user), now=now)
        if request.auth == "session":
            start_session(request, user, now)
        return user_out(user)

    @post("/users/{user_id:int}/password", guards=[requires_role(Role.ADMIN)], status_code=200)
    async def reset_password(
        self,
        user_id: FromPath[int],
        data: JSONBody[PasswordReset],
        accounts: NamedDependency[AccountService],
        clock: NamedDependency[Clock],
        request: Request[User, Any, Any],
    ) -> UserOut:
        """Set a new password for an account: its sessions end and its lockout is lifted."""
        return user_out(await accounts.reset_password(request.user, user_id, data.password, now=clock()))

    @post("/users/{user_id:int}/deactivate", guards=[requires_role(Role.ADMIN)], status_code=200)
    async def deactivate(
        self,
        user_id: FromPath[int],
        accounts: NamedDependency[AccountService],
        clock: NamedDependency[Clock],
        request: Request[User, Any, Any],
    ) -> UserOut:
        """Sessions and tokens of the account stop working at once."""
        return user_out(await accounts.set_active(request.user, user_id, False, now=clock()))

    @post("/users/{user_id:int}/activate", guards=[requires_role(Role.ADMIN)], status_code=200)
    async def activate(
        self,
        user_id: FromPath[int],
        accounts: NamedDependency[AccountService],
        clock: NamedDependency[Clock],
        request: Request[User, Any, Any],
    ) -> UserOut:
        return user_out(await accounts.set_active(request.user, user_id, True, now=clock()))

    @post("/users/{user_id:int}/logout-everywhere", guards=[requires_role(Role.ADMIN)], status_code=200)
    async def end_sessions(
        self,
        user_id: FromPath[int],
        accounts: NamedDependency[AccountService],
        clock: NamedDependency[Clock],
        request: Request[User, Any, Any],
    ) -> UserOut:
        return user_out(await accounts.end_sessions(request.user, user_id, now=clock()))

    @post("/users/{user_id:int}/unlock", guards=[requires_role(Role.ADMIN)], status_code=200)
    async def unlock(
        self,
        user_id: FromPath[int],
        accounts: NamedDependency[AccountService],
        clock: NamedDependency[Clock],
        request: Request[User, Any, Any],
    ) -> UserOut:
        """Forget the failed logins of the account's name (its lockout ends)."""
        user = await accounts.get(user_id)
        await accounts.unlock(request.user, user.username, now=clock())
        return user_out(user)

    @get("/users", guards=[requires_role(Role.ADMIN)])
    async def users(self, accounts: NamedDependency[AccountService]) -> list[UserOut]:
        return [user_out(u) for u in await accounts.list_users()]

    @post("/users", guards=[requires_role(Role.ADMIN)])
    async def create_user(
        self, data: JSONBody[UserCreate], accounts: NamedDependency[AccountService], request: Request[User, Any, Any]
    ) -> UserOut:
        user = await accounts.create_user(data.username, data.password, parse_roles(data.roles), data.full_name)
        audit(accounts.session, actor=request.user, action="user.create", subject=f"user:{user.id}", detail={"roles": data.roles})
        await accounts.session.commit()
        return user_out(user)

    @put("/users/{user_id:int}/person", guards=[requires_role(Role.ADMIN)])
    async def link_person(
        self,
        user_id: FromPath[int],
        data: JSONBody[PersonLink],
        accounts: NamedDependency[AccountService],
        request: Request[User, Any, Any],
    ) -> UserOut:
        """Tie an account to its person record (a coach's account to the coach in the team lists)."""
        user = await accounts.link_person(user_id, data.person_id)
        audit(accounts.session, actor=request.user, action="user.person", subject=f"user:{user_id}", detail={"person_id": data.person_id})
        await accounts.session.commit()
        return user_out(user)

    @post("/tokens", guards=[requires_role(Role.ADMIN)])
    async def create_token(
        self, data: JSONBody[TokenCreate], accounts: NamedDependency[AccountService], request: Request[User, Any, Any]
    ) -> TokenOut:
        user = await accounts.get(data.user_id)
        token = await accounts.issue_token(user, data.name)
        audit(accounts.session, actor=request.user, action="token.create", subject=f"user:{user.id}", detail={"name": data.name})
        await accounts.session.commit()
        return TokenOut(token=token, name=data.name, user_id=data.user_id)

    @delete("/tokens/{token_id:int}", guards=[requires_role(Role.ADMIN)])
    async def revoke_token(
        self, token_id: FromPath[int], accounts: NamedDependency[AccountService], request: Request[User, Any, Any]
    ) -> None:
        await accounts.revoke_token(token_id)
        audit(accounts.session, actor=request.user, action="token.revoke", subject=f"token:{token_id}")
        await accounts.session.commit()


arena_router = Router(path="/", route_handlers=[health, AccountController])
