"""Demo data for contracts: the department CA (created once) and one sent athlete contract.

``arena demo`` calls ``load_demo_contracts(settings, session)`` after the demo users exist; the
contract names the demo logins that sign it (``fixtures/contracts/demo_contract.json``: the
athlete, then the coach, then the manager as director). A certificate is issued only to an
account's person record with a CCCD, so each signing demo account gets one here, through the
athletes domain's services: a new record, or its existing record completed with the CCCD. The
contract's names and the athlete's CCCD are then taken from those records.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from sqlmodel import select

from athletes.schemas import PersonCreate
from athletes.service import PeopleService, PersonIdentity, person_identity
from base.accounts.models import User
from base.clock import Clock
from base.db import AsyncSession, row_id
from base.register import DocumentStore, Register
from base.settings import Settings
from contracts.ca import CertificateAuthority
from contracts.documents import load_template
from contracts.runtime import runtime_for
from contracts.service import ContractService

DEMO = Path(__file__).resolve().parent.parent / "fixtures" / "contracts" / "demo_contract.json"


def _person_form(data: dict[str, Any]) -> PersonCreate:
    birth = data.get("birth_date")
    return PersonCreate(
        full_name=data["full_name"],
        kind=data.get("kind", "athlete"),
        gender=data.get("gender", ""),
        birth_date=date.fromisoformat(birth) if birth else None,
        national_id=data["national_id"],
    )


async def demo_person(session: AsyncSession, user: User, data: dict[str, Any], today: date) -> PersonIdentity:
    """The person record of ``user`` with a CCCD: the existing one (given ``data``'s CCCD if it
    has none) or a new one from ``data``, linked to the account."""
    people = PeopleService(session, None)
    current = await person_identity(session, user.person_id) if user.person_id is not None else None
    if current is not None and not current.national_id:
        r = await people.record(current.id, today)
        form = PersonCreate(
            full_name=r.full_name,
            kind=r.kind,
            birth_date=r.birth_date,
            gender=r.gender,
            national_id=data["national_id"],
            phone=r.phone,
            email=r.email,
            address=r.address,
            team_id=r.team_id,
            guardian_name=r.guardian_name,
            guardian_phone=r.guardian_phone,
            medical_until=r.medical_until,
        )
        await people.update_person(current.id, form, today)
    elif current is None:
        created = await people.create_person(_person_form(data), today)
        user.person_id = row_id(created)
        session.add(user)
        await session.commit()
    assert user.person_id is not None, "linked above"
    person = await person_identity(session, user.person_id)
    assert person is not None and person.national_id, "the demo person was just written"
    return person


async def load_demo_contracts(settings: Settings, session: AsyncSession, clock: Clock, path: Path = DEMO) -> int | None:
    """Create the CA if missing and one sent contract; returns its id, or None if users are missing."""
    now = clock()
    if not (settings.data_dir / "ca" / "root.crt").exists():
        CertificateAuthority.init(
            settings.data_dir, organisation="Sở Văn hóa và Thể thao (demo)", base_url=settings.resolved_public_url(), now=now
        )
    data = json.loads(path.read_text(encoding="utf-8"))
    users = {u.username: u for u in (await session.exec(select(User))).all()}
    if any(name not in users for name in data["parties"].values()) or "manager" not in users:
        return None
    fields = dict(data["fields"])
    template = load_template(data["template_id"])
    for role, username in data["parties"].items():
        person = await demo_person(session, users[username], data["people"][username], clock.today())
        name_field = next(p.name_field for p in template.parties if p.role == role)
        fields[name_field] = person.full_name  # the contract names the person the account is
        if f"{role}_id_number" in fields:
            fields[f"{role}_id_number"] = person.national_id
    register = Register(session, DocumentStore.for_settings(settings), clock, settings.resolved_public_url())
    service = ContractService(session, runtime_for(settings), clock, register)
    parties = {role: row_id(users[name]) for role, name in data["parties"].items()}
    view = await service.create(users["manager"], data["template_id"], fields, parties)
    await service.send(users["manager"], row_id(view.contract))
    return view.contract.id
