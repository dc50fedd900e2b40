"""Binding judge tablets to seats without passwords: a 6-digit code (or its QR) per seat.

The head referee's console asks for a code for a seat; the tablet redeems it and receives a
random token kept in a cookie. One seat has at most one live binding: a new one revokes the old.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlmodel import col, select

from base.db import AsyncSession
from base.errors import InvalidInput, NotFound
from scoring.errors import PairingCodeInvalid
from scoring.models import PairingCode, Panel, SeatBinding

CODE_LIFETIME = timedelta(minutes=10)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class PairingService:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def new_code(self, panel_id: int, seat: str, now: datetime) -> PairingCode:
        panel = await self.session.get(Panel, panel_id)
        if panel is None:
            raise NotFound("panel")
        if seat not in panel.seat_list():
            raise InvalidInput(f"seat {seat!r} is not on panel {panel.name}")
        live = {c.code for c in (await self.session.exec(select(PairingCode).where(PairingCode.expires_at > now))).all()}
        code = f"{secrets.randbelow(1_000_000):06d}"
        while code in live:
            code = f"{secrets.randbelow(1_000_000):06d}"
        row = PairingCode(panel_id=panel_id, seat=seat, code=code, expires_at=now + CODE_LIFETIME)
        self.session.add(row)
        await self.session.commit()
        await self.session.refresh(row)
        return row

    async def redeem(self, code: str, label: str, now: datetime) -> tuple[SeatBinding, str]:
        """Bind the redeeming tablet to the code's seat; returns the binding and its secret token."""
        code = code.strip().replace(" ", "")
        if len(code) != 6 or not code.isdigit():
            raise PairingCodeInvalid()
        rows = await self.session.exec(
            select(PairingCode).where(PairingCode.code == code, PairingCode.expires_at > now, col(PairingCode.used_at).is_(None))
        )
        pairing = rows.first()
        if pairing is None:
            raise PairingCodeInvalid()
        pairing.used_at = now
        self.session.add(pairing)
        for old in await self.bindings(pairing.panel_id, seat=pairing.seat):
            old.revoked_at = now
            self.session.add(old)
        token = secrets.token_urlsafe(32)
        binding = SeatBinding(
            panel_id=pairing.panel_id, seat=pairing.seat, token_hash=_digest(token), label=label.strip()[:100], created_at=now
        )
        self.session.add(binding)
        await self.session.commit()
        await self.session.refresh(binding)
        return binding, token

    async def binding_for_token(self, token: str | None) -> SeatBinding | None:
        if not token:
            return None
        rows = await self.session.exec(select(SeatBinding).where(SeatBinding.token_hash == _digest(token)))
        binding = rows.first()
        return binding if binding is not None and binding.revoked_at is None else None

    async def bindings(self, panel_id: int, seat: str | None = None) -> list[SeatBinding]:
        q = select(SeatBinding).where(SeatBinding.panel_id == panel_id, col(SeatBinding.revoked_at).is_(None))
        if seat is not None:
            q = q.where(SeatBinding.seat == seat)
        return list((await self.session.exec(q)).all())

    async def revoke(self, binding_id: int, now: datetime) -> SeatBinding:
        binding = await self.session.get(SeatBinding, binding_id)
        if binding is None:
            raise NotFound("binding")
        binding.revoked_at = now
        self.session.add(binding)
        await self.session.commit()
        return binding
