"""Demo data for contracts: the department CA (created once) and one sent athlete contract.

``arena demo`` calls ``load_demo_contracts(settings, session)`` after the demo users exist; the
contract waits for the demo athlete, then the coach, then the manager (as director) to sign.
"""

from __future__ import annotations

import json
from pathlib import Path

from sqlmodel import select

from base.accounts.models import User
from base.clock import Clock
from base.db import AsyncSession, row_id
from base.settings import Settings
from contracts.ca import CertificateAuthority
from contracts.runtime import runtime_for
from contracts.service import ContractService

DEMO = Path(__file__).resolve().parent.parent / "fixtures" / "contracts" / "demo_contract.json"


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
    service = ContractService(session, runtime_for(settings), clock)
    parties = {role: row_id(users[name]) for role, name in data["parties"].items()}
    view = await service.create(users["manager"], data["template_id"], data["fields"], parties)
    await service.send(users["manager"], row_id(view.contract))
    return view.contract.id
