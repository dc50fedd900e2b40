"""Contract use cases: draft, send (render + certify), sign in order, upload, cancel, read.

Rules: managers draft, send and cancel; a party sees only contracts it is a party of and signs only
its own field when its turn comes; every step is audited and commits before it returns. Signing
(PIN unlock, PDF signature) runs in a worker thread, never on the event loop.
Rule: a party's field is signed only with a certificate of the person named as that party: the
certificate's CCCD must be the CCCD of the party account's person record (NotTheNamedParty), for
the department key and an uploaded signature alike. The rendered contract names each party's CCCD.
Rule: a sent contract is in the register of issued documents (``base.register``): its code is
reserved and printed on every page before the department certifies it; the certified PDF is the
first version, and each party's signature records the new signed file as the next version of the
same subject ("Thêm chữ ký của ..."), so the code on the paper leads to the current signed state.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import anyio.to_thread
from cryptography.x509.oid import NameOID
from sqlalchemy import update
from sqlmodel import col, select

from athletes.service import person_identity
from base.accounts.models import Role, User
from base.audit import audit
from base.clock import Clock
from base.db import AsyncSession, row_id
from base.errors import Conflict, Forbidden
from base.register import Register, Signer, content_digest, document_kind, latest, record, reserve, revise
from contracts import lifecycle
from contracts.documents import load_template
from contracts.errors import (
    ContractNotFound,
    ExternalSignatureRejected,
    FieldError,
    IdentityError,
    NotAParty,
    NotTheNamedParty,
    WrongSigningOrder,
)
from contracts.external import ExpectedSigner, accept_external
from contracts.keyring import Keyring, cert_national_id, cert_of, person_of
from contracts.layout import FieldKind, Layout, build_layout
from contracts.lifecycle import ContractEvent, ContractState
from contracts.models import Contract, ContractDocument, ContractParty
from contracts.prefill import fields_from_records
from contracts.render import render_pdf
from contracts.runtime import ContractsRuntime
from contracts.signing import certify_sync, sign_field_sync
from contracts.verify import VerificationReport, verify_pdf

CONTRACT = document_kind("contracts.contract", "Hợp đồng", "Contract")
CERTIFIED_BY = "Chứng thực của đơn vị (ký số)"


@dataclass(frozen=True, slots=True)
class ContractView:
    contract: Contract
    parties: list[ContractParty]

    def next_party(self) -> ContractParty | None:
        return next((p for p in self.parties if p.signed_at is None), None)


def _subject(contract_id: int | None) -> str:
    return f"contract:{contract_id}"


def _is_manager(user: User) -> bool:
    return user.has_role(Role.MANAGER)


def parse_values(template_id: str, raw: dict[str, Any]) -> dict[str, Any]:
    """Field values from JSON (dates as YYYY-MM-DD); raises FieldError for an unparsable one."""
    template = load_template(template_id)
    values: dict[str, Any] = {}
    for name, value in raw.items():
        try:
            kind = template.field(name).kind
        except KeyError:
            raise FieldError(name, "not a field of this template") from None
        if kind is FieldKind.DATE and isinstance(value, str):
            try:
                value = date.fromisoformat(value)
            except ValueError:
                raise FieldError(name, "expected a date YYYY-MM-DD") from None
        values[name] = value
    return values


def _display(user: User) -> str:
    return user.full_name or user.username


def _common_name(signer: Any) -> str:
    """The certificate's holder as it names itself (the department), for the register's signers."""
    subject = signer.signing_cert.subject.native if signer.signing_cert is not None else {}
    return str(subject.get("common_name") or subject.get("organization_name") or "Đơn vị tổ chức")


class ContractService:
    """``register`` (None: nothing registered, e.g. a test without it) records each sent contract
    and each signed state in the register of issued documents."""

    def __init__(self, session: AsyncSession, runtime: ContractsRuntime, clock: Clock, register: Register | None = None) -> None:
        self.session, self.runtime, self.clock, self.register = session, runtime, clock, register
        self.keys = Keyring(session, runtime, clock)

    # -- reading ------------------------------------------------------------------------------
    async def view(self, actor: User, contract_id: int) -> ContractView:
        """The contract if ``actor`` manages contracts or is one of its parties; else not found."""
        contract = await self.session.get(Contract, contract_id)
        if contract is None:
            raise ContractNotFound(contract_id)
        rows = await self.session.exec(
            select(ContractParty).where(ContractParty.contract_id == contract_id).order_by(col(ContractParty.position))
        )
        parties = list(rows.all())
        if not _is_manager(actor) and all(p.user_id != actor.id for p in parties):
            raise ContractNotFound(contract_id)  # do not reveal that it exists
        return ContractView(contract, parties)

    async def list_for(self, actor: User) -> list[Contract]:
        query = select(Contract).order_by(col(Contract.id).desc())
        if not _is_manager(actor):
            mine = select(ContractParty.contract_id).where(ContractParty.user_id == actor.id)
            query = query.where(col(Contract.id).in_(mine))
        return list((await self.session.exec(query)).all())

    async def pdf(self, actor: User, contract_id: int) -> bytes:
        view = await self.view(actor, contract_id)
        if not view.contract.current_sha256:
            # A draft has no stored PDF yet: render a preview (unsigned, not stored).
            return render_pdf(self._layout(view.contract))
        return self.runtime.store.get(view.contract.current_sha256)

    async def text(self, actor: User, contract_id: int) -> Layout:
        """The contract's text as its PDF prints it (the same fields through the same template), for
        a page that reads on a phone; the same access as ``view``."""
        return self._layout((await self.view(actor, contract_id)).contract)

    def _layout(self, contract: Contract) -> Layout:
        values = parse_values(contract.template_id, json.loads(contract.fields_json))
        return build_layout(load_template(contract.template_id), values)

    # -- drafting and sending -----------------------------------------------------------------
    async def prefill(
        self, actor: User, template_id: str, *, athlete_id: int | None = None, coach_id: int | None = None, period_start: date | None = None
    ) -> dict[str, Any]:
        """Field values from the athlete/coach records and rate tables (JSON-ready: dates ISO)."""
        if not _is_manager(actor):
            raise Forbidden("only managers draft contracts")
        values = await fields_from_records(
            self.session, actor, template_id, today=self.clock.today(), athlete_id=athlete_id, coach_id=coach_id, period_start=period_start
        )
        return {k: v.isoformat() if isinstance(v, date) else v for k, v in values.items()}

    async def create(
        self, actor: User, template_id: str, fields: dict[str, Any], parties: dict[str, int], national_ids: dict[str, str] | None = None
    ) -> ContractView:
        """A draft from a template, field values and the user id of each party role."""
        if not _is_manager(actor):
            raise Forbidden("only managers draft contracts")
        layout = build_layout(load_template(template_id), parse_values(template_id, fields))
        missing = [s.role for s in layout.slots if s.role not in parties]
        if missing or set(parties) - {s.role for s in layout.slots}:
            raise FieldError("parties", f"give exactly one user per role {[s.role for s in layout.slots]}")
        record_ids: dict[str, str] = {}
        for role, user_id in parties.items():
            party_user = await self.session.get(User, user_id)
            if party_user is None:
                raise FieldError("parties", f"no user {user_id} for role {role}")
            person = await person_identity(self.session, party_user.person_id) if party_user.person_id is not None else None
            if person is not None and person.national_id:
                record_ids[role] = person.national_id
        contract = Contract(
            template_id=template_id,
            title=layout.title,
            fields_json=json.dumps(fields, ensure_ascii=False),
            created_by=actor.id,
            created_at=self.clock(),
        )
        self.session.add(contract)
        await self.session.flush()
        for slot in layout.slots:
            self.session.add(
                ContractParty(
                    contract_id=row_id(contract),
                    position=slot.order,
                    role=slot.role,
                    field_name=slot.field_name,
                    user_id=parties[slot.role],
                    display_name=slot.signer_name,
                    # The CCCD the party's signature must carry: the party's person record's, else
                    # given, else the party's own field (re-checked against the record at signing).
                    national_id=record_ids.get(slot.role)
                    or (national_ids or {}).get(slot.role)
                    or str(fields.get(f"{slot.role}_id_number", "")),
                )
            )
        audit(
            self.session,
            actor=actor,
            action="contract.create",
            subject=_subject(contract.id),
            detail={"template": template_id, "parties": parties},
        )
        await self.session.commit()
        return await self.view(actor, row_id(contract))

    async def send(self, actor: User, contract_id: int) -> ContractView:
        """Render, certify with the department key (DocMDP: fill signature fields only), send."""
        view = await self.view(actor, contract_id)
        if not _is_manager(actor):
            raise Forbidden("only managers send contracts")
        contract = view.contract
        state = lifecycle.apply(ContractState(contract.state), ContractEvent.SENT)
        layout = self._layout(contract).with_national_ids({p.role: p.national_id for p in view.parties})
        register = self.register
        code = None
        if register is not None:  # the code is printed before the certification seals the bytes
            code = await reserve(
                self.session,
                kind=CONTRACT,
                title=contract.title or layout.title,
                subject=_subject(contract_id),
                issued_by=_display(actor),
                now=self.clock(),
                content=content_digest(layout),
            )
        stamp = register.stamp(code) if register is not None and code is not None else None
        certifier: list[str] = []

        def work() -> bytes:
            with self.runtime.lock:
                moment = self.clock.local()  # the signing's own now, in the venue's zone (the stamp)
                _ca, department, setup = self.runtime.ready(moment)
                certifier.append(_common_name(department))
                return certify_sync(render_pdf(layout, stamp), department, setup, moment)

        certified = await anyio.to_thread.run_sync(work)
        sha = self.runtime.store.put(certified)
        if register is not None and code is not None:
            signers = [Signer(certifier[0], CERTIFIED_BY, self.clock())]
            await record(self.session, register.store, code, certified, signers=signers, facts={"contract_sha256": sha}, actor=actor)
        self.session.add(
            ContractDocument(
                contract_id=contract_id, revision=0, sha256=sha, size=len(certified), reason="certified", created_at=self.clock()
            )
        )
        contract.state, contract.current_sha256, contract.sent_at = state.value, sha, self.clock()
        audit(self.session, actor=actor, action="contract.send", subject=_subject(contract_id), detail={"sha256": sha})
        await self.session.commit()
        return view

    async def cancel(self, actor: User, contract_id: int, reason: str = "") -> ContractView:
        view = await self.view(actor, contract_id)
        if not _is_manager(actor):
            raise Forbidden("only managers cancel contracts")
        contract = view.contract
        contract.state = lifecycle.apply(ContractState(contract.state), ContractEvent.CANCELLED).value
        contract.closed_at = self.clock()
        audit(self.session, actor=actor, action="contract.cancel", subject=_subject(contract_id), detail={"reason": reason})
        await self.session.commit()
        return view

    # -- signing ------------------------------------------------------------------------------
    def _my_turn(self, actor: User, view: ContractView) -> ContractParty:
        """The party row ``actor`` signs now; raises NotAParty / WrongSigningOrder otherwise."""
        state = ContractState(view.contract.state)
        if state not in (ContractState.SENT, ContractState.PARTIALLY_SIGNED):
            lifecycle.apply(state, ContractEvent.PARTY_SIGNED)  # raises IllegalTransition
        mine = [p for p in view.parties if p.user_id == actor.id and p.signed_at is None]
        nxt = view.next_party()
        if not mine:
            raise NotAParty("not a party with an unsigned field")
        if nxt is None or nxt.id != mine[0].id:
            raise WrongSigningOrder(mine[0].field_name, nxt.field_name if nxt else "")
        return mine[0]

    async def sign(self, actor: User, contract_id: int, pin: str) -> ContractView:
        """Sign ``actor``'s field with the key the department CA issued, unlocked by ``pin``."""
        view = await self.view(actor, contract_id)
        party = self._my_turn(actor, view)
        key = await self.keys.active_key(actor)
        cert = cert_of(key)
        # A certificate without a CCCD ("" here: issued before enrolment was bound to a person) names nobody.
        nid = cert_national_id(cert) or ""
        names = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
        signer = (str(names[0].value) if names else cert.subject.rfc4514_string()) + (f" (CCCD {nid})" if nid else "")
        await self._check_named_party(actor, party, nid, signer)
        before = self.runtime.store.get(view.contract.current_sha256)
        signed, cert_sha = await self.keys.sign_with_pin(
            actor, key, pin, lambda signer, setup, moment: sign_field_sync(before, party.field_name, signer, setup, moment)
        )
        return await self._record(actor, view, party, signed, "department_ca", cert_sha)

    async def _check_named_party(self, actor: User, party: ContractParty, cert_nid: str | None, signer: str) -> str:
        """The CCCD of the person the party's account is tied to, which a signature of ``party``'s
        field must carry; raises NotTheNamedParty when ``cert_nid`` (None: not known yet) is
        another, or when the party has no person record with a CCCD."""
        try:
            person = await person_of(self.session, actor)
        except IdentityError as exc:
            raise NotTheNamedParty(signer, f"{party.display_name}: {exc.message('vi')}") from exc
        if party.national_id and party.national_id != person.national_id:
            # The account's record changed since the contract named the party: still not theirs.
            raise NotTheNamedParty(signer, f"{party.display_name}, CCCD {party.national_id}")
        if cert_nid is not None and cert_nid != person.national_id:
            raise NotTheNamedParty(signer, f"{person.full_name}, CCCD {person.national_id}")
        return person.national_id or ""

    async def upload_signed(self, actor: User, contract_id: int, data: bytes) -> ContractView:
        """Accept a PDF the party signed with their own tool (see contracts.external for checks);
        the new signature must carry the CCCD of the party's person record."""
        view = await self.view(actor, contract_id)
        party = self._my_turn(actor, view)
        before = self.runtime.store.get(view.contract.current_sha256)
        nid = await self._check_named_party(actor, party, None, actor.full_name or actor.username)
        expected = ExpectedSigner(national_id=nid)
        trust = self.runtime.trust(self.clock())
        try:
            sig = await anyio.to_thread.run_sync(
                lambda: accept_external(before, data, field_name=party.field_name, expected=expected, trust=trust)
            )
        except ExternalSignatureRejected as exc:
            audit(
                self.session,
                actor=actor,
                action="contract.upload_rejected",
                subject=_subject(contract_id),
                detail={"field": party.field_name, "reason": exc.values["reason"], "size": len(data)},
            )
            await self.session.commit()
            raise
        return await self._record(actor, view, party, data, "external", sig.cert_sha256)

    async def _record(
        self, actor: User, view: ContractView, party: ContractParty, signed: bytes, method: str, cert_sha: str
    ) -> ContractView:
        contract = view.contract
        event = lifecycle.signing_event([p.role for p in view.parties], [p.role for p in view.parties if p.signed_at], party.role)
        state = lifecycle.apply(ContractState(contract.state), event)
        old, sha, now = contract.current_sha256, self.runtime.store.put(signed), self.clock()
        # Optimistic lock: another signature landed meanwhile if the current PDF changed.
        result = await self.session.exec(
            update(Contract)
            .where(col(Contract.id) == contract.id)
            .where(col(Contract.current_sha256) == old)
            .values(current_sha256=sha, state=state.value, closed_at=now if state is ContractState.COMPLETED else None)
        )
        if result.rowcount != 1:
            await self.session.rollback()
            raise Conflict("the contract changed while signing; reload and sign again")
        party.signed_at, party.method, party.cert_sha256 = now, method, cert_sha
        self.session.add(party)
        await self._register_signature(actor, contract, party, signed, now)
        self.session.add(
            ContractDocument(
                contract_id=row_id(contract),
                revision=party.position,
                sha256=sha,
                size=len(signed),
                reason=f"signed:{party.field_name}",
                created_at=now,
            )
        )
        audit(
            self.session,
            actor=actor,
            action="contract.sign",
            subject=_subject(contract.id),
            detail={"field": party.field_name, "method": method, "sha256": sha, "state": state.value},
        )
        await self.session.commit()
        await self.session.refresh(contract)
        return await self.view(actor, row_id(contract))

    async def _register_signature(self, actor: User, contract: Contract, party: ContractParty, signed: bytes, now: datetime) -> None:
        """The signed file as the next version of the contract in the register (a contract sent
        before the register existed has no entry and stays out of it)."""
        current = await latest(self.session, _subject(contract.id)) if self.register is not None else None
        if self.register is None or current is None:
            return
        labels = {s.role: s.label for s in self._layout(contract).slots}
        await revise(
            self.session,
            self.register.store,
            current.code,
            signed,
            issued_by=current.issued_by,
            now=now,
            reason=f"Thêm chữ ký của {party.display_name}",
            signers=[*current.signer_list(), Signer(party.display_name, labels.get(party.role, party.role), now)],
            actor=actor,
        )

    # -- verification (anyone) ----------------------------------------------------------------
    async def verify(self, data: bytes) -> VerificationReport:
        trust = self.runtime.trust(self.clock())
        return await anyio.to_thread.run_sync(lambda: verify_pdf(data, trust))
