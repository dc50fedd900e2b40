"""The base HTTP API: health, the caller's account, users and bearer tokens (admin)."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Router, delete, get, post, put
from litestar.datastructures import State
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody

from base.accounts.models import Role, User
from base.accounts.schemas import PersonLink, TokenCreate, TokenOut, UserCreate, UserOut
from base.accounts.service import AccountService, parse_roles
from base.audit import audit
from base.auth import requires_login, requires_role
from base.db import backend_name, database_status


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
