"""Binding judge tablets to seats without passwords: a 6-digit code (or its QR) per seat.

The head referee's console asks for a code for a seat; the tablet redeems it and receives a
random token kept in a cookie. One seat has at most one binding in force. A tablet that pairs to a
seat another tablet holds waits (``pending``) until the head referee confirms it on the console,
which revokes the other, or refuses it; a code alone never throws a judge's tablet out.

A typed code can be guessed, so typed tries are budgeted (issue 15, item 7): each wrong code counts
against the caller's address (``pair:addr:<ip>``: after 5, each further try waits 1 s, doubling;
at 20 the address is locked for 10 minutes) and against the whole venue (``pair:all``: at 100 wrong
codes in a row without a 10-minute pause, typed codes are refused for everyone for 10 minutes).
Against at most a handful of live codes among a million, that leaves a guesser well under one
chance in a thousand per 10 minutes. The QR code carries, beside the 6 digits, a key of 128 bits
derived from the code with the installation's secret (``qr_key``): a tablet that scans it is never
budgeted, so the head referee can still pair while typed codes are locked. Every pairing, wrong
code and lockout is in the audit log.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select

from base.accounts.models import LoginThrottle
from base.accounts.throttle import Budget, counted_failures, refusal
from base.audit import audit
from base.db import AsyncSession
from base.errors import InvalidInput, NotFound
from scoring.errors import PairingCodeInvalid, PairingLocked, PairingThrottled
from scoring.models import PairingCode, Panel, SeatBinding

CODE_LIFETIME = timedelta(minutes=10)
ADDRESS_BUDGET = Budget(delay_after=5, lock_after=20, lock_for=timedelta(minutes=10))
VENUE_BUDGET = Budget(delay_after=0, lock_after=100, lock_for=timedelta(minutes=10))
VENUE_KEY = "pair:all"


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _budgets(address: str) -> list[tuple[str, Budget]]:
    keys = [(VENUE_KEY, VENUE_BUDGET)]
    if address:
        keys.insert(0, ("pair:addr:" + address[:64], ADDRESS_BUDGET))
    return keys


class PairingService:
    def __init__(self, session: AsyncSession, secret: str = "") -> None:
        self.session = session
        self.secret = secret

    def qr_key(self, row: PairingCode) -> str:
        """The QR code's unguessable part: 128 bits of HMAC over the code's row, with the
        installation's secret (never stored; a code without a secret has no key)."""
        if not self.secret:
            return ""
        message = f"pairing:{row.id}:{row.panel_id}:{row.seat}:{row.code}".encode()  # a row's id is never reused
        digest = hmac.new(self.secret.encode(), message, hashlib.sha256).digest()[:16]
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()

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

    async def redeem(self, code: str, label: str, now: datetime, *, key: str = "", address: str = "") -> tuple[SeatBinding, str]:
        """Bind the redeeming tablet to the code's seat; returns the binding and its secret token.

        ``key`` is the QR code's key: right, it skips the budgets; a typed code (no key, or a
        wrong one) is refused while its address or the venue is over budget, before it is looked
        at, and counts against both when it is wrong."""
        code = code.strip().replace(" ", "")
        pairing = None
        if len(code) == 6 and code.isdigit():
            rows = await self.session.exec(
                select(PairingCode).where(PairingCode.code == code, PairingCode.expires_at > now, col(PairingCode.used_at).is_(None))
            )
            pairing = rows.first()
        scanned = pairing is not None and bool(key) and hmac.compare_digest(key.encode(), self.qr_key(pairing).encode())
        if not scanned:
            await self._within_budget(address, now)
            if pairing is None:
                await self._failed(address, now)
                raise PairingCodeInvalid()
        assert pairing is not None
        pairing.used_at = now
        self.session.add(pairing)
        # A seat another tablet holds is not taken over by a code alone (a guessed one would
        # silently throw the real judge out): the new tablet waits for the head referee.
        held = bool(await self.bindings(pairing.panel_id, seat=pairing.seat))
        for waiting in await self.pending(pairing.panel_id, seat=pairing.seat):
            waiting.revoked_at = now  # one request per seat: the newest
            self.session.add(waiting)
        token = secrets.token_urlsafe(32)
        binding = SeatBinding(
            panel_id=pairing.panel_id,
            seat=pairing.seat,
            token_hash=_digest(token),
            label=label.strip()[:100],
            created_at=now,
            pending=held,
        )
        self.session.add(binding)
        row = await self.session.get(LoginThrottle, "pair:addr:" + address[:64]) if address else None
        if row is not None:  # a right code clears the address's wrong ones (not the venue's)
            await self.session.delete(row)
        audit(
            self.session,
            actor=address or "?",
            action="pairing.pending" if held else "pairing.ok",
            subject=f"panel:{pairing.panel_id}",
            detail={"seat": pairing.seat, "address": address, "by": "qr" if scanned else "code", "label": binding.label},
        ).at = now
        await self.session.commit()
        await self.session.refresh(binding)
        return binding, token

    async def _within_budget(self, address: str, now: datetime) -> None:
        for key, budget in _budgets(address):
            row = await self.session.get(LoginThrottle, key)
            refused = refusal(budget, row.failures, row.last_failure_at, row.locked_until, now) if row else None
            if refused is None:
                continue
            audit(self.session, actor=address or "?", action="pairing.refused", subject=key, detail={"locked": refused.locked}).at = now
            await self.session.commit()
            if refused.locked:
                raise PairingLocked(refused.minutes(), scope="venue" if key == VENUE_KEY else "address")
            raise PairingThrottled(refused.seconds())

    async def _failed(self, address: str, now: datetime) -> None:
        for attempt in range(2):  # a concurrent first failure may insert the same key first
            try:
                counts: dict[str, int] = {}
                for key, budget in _budgets(address):
                    row = await self.session.get(LoginThrottle, key)
                    if row is None:
                        row = LoginThrottle(key=key, failures=1, last_failure_at=now)
                    else:
                        row.failures = counted_failures(row.failures, row.last_failure_at, budget, now)
                        row.last_failure_at = now
                    counts[key] = row.failures
                    if budget.locks_at(row.failures) and (row.locked_until is None or row.locked_until <= now):
                        row.locked_until = now + budget.lock_for
                        audit(
                            self.session,
                            actor=address or "?",
                            action="pairing.lockout",
                            subject=key,
                            detail={"failures": row.failures, "until": row.locked_until.isoformat()},
                        ).at = now
                    self.session.add(row)
                audit(
                    self.session, actor=address or "?", action="pairing.failed", subject="pairing", detail={"address": address, **counts}
                ).at = now
                await self.session.commit()
                return
            except IntegrityError:
                await self.session.rollback()
                if attempt:
                    raise

    async def binding_for_token(self, token: str | None, *, pending: bool = False) -> SeatBinding | None:
        """The tablet's binding in force (or, with ``pending``, its request waiting for the head
        referee); None when it has neither."""
        if not token:
            return None
        rows = await self.session.exec(select(SeatBinding).where(SeatBinding.token_hash == _digest(token)))
        binding = rows.first()
        return binding if binding is not None and binding.revoked_at is None and binding.pending == pending else None

    async def bindings(self, panel_id: int, seat: str | None = None) -> list[SeatBinding]:
        """The bindings in force."""
        return await self._live(panel_id, seat, pending=False)

    async def pending(self, panel_id: int, seat: str | None = None) -> list[SeatBinding]:
        """Tablets waiting for the head referee to let them replace a seat's tablet."""
        return await self._live(panel_id, seat, pending=True)

    async def _live(self, panel_id: int, seat: str | None, *, pending: bool) -> list[SeatBinding]:
        q = select(SeatBinding).where(
            SeatBinding.panel_id == panel_id, col(SeatBinding.revoked_at).is_(None), SeatBinding.pending == pending
        )
        if seat is not None:
            q = q.where(SeatBinding.seat == seat)
        return list((await self.session.exec(q)).all())

    async def confirm(self, binding_id: int, now: datetime) -> SeatBinding:
        """The head referee lets a waiting tablet take its seat: the seat's other tablet is revoked."""
        binding = await self.session.get(SeatBinding, binding_id)
        if binding is None or binding.revoked_at is not None or not binding.pending:
            raise NotFound("binding")
        for old in await self.bindings(binding.panel_id, seat=binding.seat):
            old.revoked_at = now
            self.session.add(old)
        binding.pending = False
        self.session.add(binding)
        await self.session.commit()
        return binding

    async def revoke(self, binding_id: int, now: datetime) -> SeatBinding:
        binding = await self.session.get(SeatBinding, binding_id)
        if binding is None:
            raise NotFound("binding")
        binding.revoked_at = now
        self.session.add(binding)
        await self.session.commit()
        return binding
