"""Providers of the athletes domain's services (each gets the request's session and caller)."""

from __future__ import annotations

from datetime import date
from typing import Any

from litestar import Request
from litestar.di import NamedDependency, Provide

from athletes.equipment import EquipmentService
from athletes.imports import ImportService
from athletes.payments import PaymentService
from athletes.service import PeopleService
from base.clock import Clock
from base.db import AsyncSession
from base.deps import provide_sandbox


def provide_people(db_session: NamedDependency[AsyncSession], request: Request[Any, Any, Any]) -> PeopleService:
    return PeopleService(db_session, request.user)


def provide_payments(db_session: NamedDependency[AsyncSession], request: Request[Any, Any, Any]) -> PaymentService:
    return PaymentService(db_session, request.user)


def provide_equipment(db_session: NamedDependency[AsyncSession], request: Request[Any, Any, Any]) -> EquipmentService:
    return EquipmentService(db_session, request.user)


def provide_imports(db_session: NamedDependency[AsyncSession], request: Request[Any, Any, Any]) -> ImportService:
    return ImportService(db_session, request.user)


def provide_today(clock: NamedDependency[Clock]) -> date:
    """Today at the venue: a camp day, a due date and an age change at local midnight there."""
    return clock.today()


dependencies = {
    "people": Provide(provide_people, sync_to_thread=False),
    "payments": Provide(provide_payments, sync_to_thread=False),
    "equipment": Provide(provide_equipment, sync_to_thread=False),
    "imports": Provide(provide_imports, sync_to_thread=False),
    "today": Provide(provide_today, sync_to_thread=False),
    "sandbox": Provide(provide_sandbox, sync_to_thread=False),
}
