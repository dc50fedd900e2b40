"""Signing an event's results: the chief referee first, then the competition director (PAdES, with
the department-issued key that contracts use, unlocked by the signer's PIN).

Rules it keeps:
1. Only a final result is signed: a category that has not ended is refused, and so is a result whose
   logs no longer verify (the register's checker, ``results.issuing.check_document``, must say
   "matches").
2. The signer is the official of the competition with the field's role (``chief_referee`` or
   ``director`` in the officials' list, linked to the signer's account); the fields are signed in
   order and each signature locks what came before (``contracts.signing``).
3. Each signature is a new version of the same document in the register ("Thêm chữ ký của ..."), so
   the code printed on the paper leads to the signed file; a correction after signing issues a new,
   unsigned version that supersedes the signed one, with the reason.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import anyio.to_thread

from base.accounts.models import User
from base.audit import audit
from base.clock import Clock
from base.register import IssuedDocument, Signer, revise, show_code
from base.settings import Settings
from contracts.errors import ExternalSignatureRejected
from contracts.keyring import Keyring, person_of
from contracts.signing import certify_sync, sign_field_sync, signature_fields
from results.documents import SIGNATURE_FIELDS
from results.errors import NotSignable, SignatureRefused
from results.issuing import ResultsDocuments, check_document
from tournaments.officials import ROLES_VI, OfficialsService

ROLE_OF_VI = {vi: code for code, vi in ROLES_VI.items()}  # a signer's role as the record wrote it -> its code

REASON = "Ký xác nhận kết quả thi đấu"
CERTIFY_REASON = "Chứng thực kết quả thi đấu do Arena phát hành"
NO_CA = "chưa có chứng thư của đơn vị tổ chức: quản trị viên cần khởi tạo CA (arena contracts init-ca) rồi in lại kết quả; có thể ký tay trên bản in"


class DepartmentCertifier:
    """The department's certification of final results (``Certifier``); ``available`` is False when
    no department CA is set up (``arena contracts init-ca``): the results are then printed for wet
    signatures only. Nothing is loaded until a final result is printed."""

    def __init__(self, settings: Settings, clock: Clock) -> None:
        self.settings, self.clock = settings, clock
        self._available: bool | None = None

    @property
    def available(self) -> bool:
        if self._available is None:
            from contracts.errors import CaError
            from contracts.runtime import runtime_for

            runtime = runtime_for(self.settings)
            try:
                with runtime.lock:
                    runtime.ready(self.clock())
                self._available = True
            except CaError:
                self._available = False
        return self._available

    def __call__(self, pdf: bytes) -> bytes:
        from contracts.runtime import runtime_for

        runtime = runtime_for(self.settings)
        with runtime.lock:
            moment = self.clock.local()
            _ca, department, setup = runtime.ready(moment)
            certified: bytes = certify_sync(pdf, department, setup, moment, CERTIFY_REASON)
            return certified


def department_certifier(settings: Settings, clock: Clock) -> DepartmentCertifier:
    return DepartmentCertifier(settings, clock)


@dataclass(frozen=True, slots=True)
class SignState:
    code: str
    signed: list[dict[str, str]]  # who signed, in order: name, role, time (venue)
    next_role: str | None  # None: every field is signed
    next_role_vi: str
    you_may_sign: bool
    why_not: str
    signable: bool = True  # False: no department CA, the paper has no signature fields (wet signatures only)

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "signable": self.signable,
            "signed": self.signed,
            "next_role": self.next_role,
            "next_role_vi": self.next_role_vi,
            "complete": self.signable and self.next_role is None,
            "you_may_sign": self.you_may_sign,
            "why_not": self.why_not,
        }


class ResultsSigning:
    def __init__(self, documents: ResultsDocuments, keyring: Keyring) -> None:
        self.documents = documents
        self.keyring = keyring
        self.session = documents.results.session
        self.clock = documents.results.clock

    async def _current(self, category_id: int, actor: User | None) -> tuple[IssuedDocument, bytes]:
        category = await self.documents.results.category(category_id)
        standing = await self.documents.results.standing_of(category)
        if not standing.final:
            raise NotSignable("nội dung chưa kết thúc, kết quả còn tạm thời")
        issued = await self.documents.category_pdf(category_id, actor)
        return issued.document, issued.pdf

    def _next(self, pdf: bytes) -> tuple[str, str] | None:
        signed = {f.name for f in signature_fields(pdf) if f.signed}
        return next(((name, role) for name, role, _title in SIGNATURE_FIELDS if name not in signed), None)

    async def _official_for(self, competition_id: int, role: str, actor: User | None) -> bool:
        if actor is None:
            return False
        officials = await OfficialsService(self.session).officials(competition_id)
        return any(o.role == role and o.username and o.username == actor.username for o in officials)

    async def state(self, category_id: int, actor: User | None) -> SignState:
        doc, pdf = await self._current(category_id, actor)
        category = await self.documents.results.category(category_id)
        if not signature_fields(pdf):
            return SignState(show_code(doc.code), [], None, "", False, NO_CA, signable=False)
        nxt = self._next(pdf)
        signed = [
            {
                "name": s["name"],
                "role": s.get("role", ""),  # as the record wrote it, in Vietnamese
                "role_code": ROLE_OF_VI.get(s.get("role", ""), ""),  # its code, that a page names in the reader's language
                "at": self.clock.local(_parse(s["at"])).strftime("%H:%M %d/%m/%Y"),
            }
            for s in json.loads(doc.signers or "[]")
        ]
        role = nxt[1] if nxt else None
        allowed = role is not None and await self._official_for(category.competition_id, role, actor)
        why = "" if allowed or role is None else f"Ô ký tiếp theo là của {ROLES_VI[role]} được phân công cho giải"
        return SignState(show_code(doc.code), signed, role, ROLES_VI.get(role, "") if role else "", allowed, why)

    async def _turn(self, category_id: int, actor: User) -> tuple[IssuedDocument, bytes, str, str]:
        """The current paper, its bytes, and the field and role whose turn it is, which must be ``actor``'s."""
        doc, pdf = await self._current(category_id, actor)
        category = await self.documents.results.category(category_id)
        verdict = await check_document(self.session, self.clock, doc)
        if not verdict.ok:
            raise NotSignable(verdict.text_vi)
        if not signature_fields(pdf):
            raise NotSignable(NO_CA)
        nxt = self._next(pdf)
        if nxt is None:
            raise NotSignable("kết quả đã có đủ chữ ký")
        field_name, role = nxt
        if not await self._official_for(category.competition_id, role, actor):
            raise SignatureRefused(f"ô ký tiếp theo là của {ROLES_VI[role]} được phân công cho giải, không phải của bạn")
        return doc, pdf, field_name, role

    async def sign(self, category_id: int, actor: User, pin: str) -> SignState:
        """Sign with the key the department issued to ``actor``, unlocked by ``pin``."""
        doc, pdf, field_name, role = await self._turn(category_id, actor)
        key = await self.keyring.active_key(actor)
        signed_pdf, _cert = await self.keyring.sign_with_pin(
            actor, key, pin, lambda signer, setup, moment: sign_field_sync(pdf, field_name, signer, setup, moment, REASON)
        )
        return await self._record(category_id, actor, doc, signed_pdf, role)

    async def upload_signed(self, category_id: int, actor: User, data: bytes, settings: Settings) -> SignState:
        """Accept the paper signed with the official's own tool and certificate (a USB token of a
        licensed CA): the very file issued plus one new signature, in the official's field, by a
        certificate that carries the CCCD of the official's person record and that we trust
        (``contracts.external``: the department's root, or a licensed CA in ``ca/trusted``)."""
        from contracts.external import ExpectedSigner, accept_external
        from contracts.runtime import runtime_for

        doc, pdf, field_name, role = await self._turn(category_id, actor)
        person = await person_of(self.session, actor)
        trust = runtime_for(settings).trust(self.clock())
        expected = ExpectedSigner(national_id=person.national_id)
        try:
            await anyio.to_thread.run_sync(lambda: accept_external(pdf, data, field_name=field_name, expected=expected, trust=trust))
        except ExternalSignatureRejected:
            audit(self.session, actor=actor, action="results.upload_rejected", subject=f"document:{doc.code}", detail={"field": field_name})
            await self.session.commit()
            raise
        return await self._record(category_id, actor, doc, data, role)

    async def _record(self, category_id: int, actor: User, doc: IssuedDocument, signed_pdf: bytes, role: str) -> SignState:
        name = (await person_of(self.session, actor)).full_name  # the certificate's person, as it names them
        signers = [Signer.of_json(s) for s in json.loads(doc.signers or "[]")]
        signers.append(Signer(name, ROLES_VI[role], self.clock()))
        await revise(
            self.session,
            self.documents.register.store,
            doc.code,
            signed_pdf,
            issued_by=doc.issued_by,
            now=self.clock(),
            reason=f"Thêm chữ ký của {name} ({ROLES_VI[role]})",
            signers=signers,
            facts=json.loads(doc.facts or "{}"),
            actor=actor,
        )
        await self.session.commit()
        return await self.state(category_id, actor)


def _parse(text: str) -> Any:
    from datetime import datetime

    return datetime.fromisoformat(text)
