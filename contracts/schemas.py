"""Request and response shapes of the contracts API."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import msgspec

from contracts.models import SigningKey
from contracts.service import ContractView
from contracts.verify import SignatureInfo, VerificationReport


class ContractCreate(msgspec.Struct, forbid_unknown_fields=True):
    template_id: str
    fields: dict[str, Any]
    parties: dict[str, int]  # template role -> user id, e.g. {"athlete": 7, "coach": 3, "director": 1}
    national_ids: dict[str, str] = {}


class ContractPrefill(msgspec.Struct, forbid_unknown_fields=True):
    template_id: str
    athlete_id: int | None = None
    coach_id: int | None = None
    period_start: date | None = None


class ContractCancel(msgspec.Struct):
    reason: str = ""


class SignRequest(msgspec.Struct):
    pin: str


class KeyEnrol(msgspec.Struct):
    pin: str
    national_id: str | None = None


class Party(msgspec.Struct):
    position: int
    role: str
    field_name: str
    user_id: int
    display_name: str
    signed_at: datetime | None
    method: str


class Contract(msgspec.Struct):
    id: int
    template_id: str
    title: str
    state: str
    sha256: str
    next_field: str | None
    parties: list[Party]

    @classmethod
    def of(cls, view: ContractView) -> Contract:
        c, nxt = view.contract, view.next_party()
        return cls(
            c.id or 0,
            c.template_id,
            c.title,
            c.state,
            c.current_sha256,
            nxt.field_name if nxt and c.state in ("sent", "partially_signed") else None,
            [Party(p.position, p.role, p.field_name, p.user_id, p.display_name, p.signed_at, p.method) for p in view.parties],
        )


class Key(msgspec.Struct):
    id: int
    serial: str
    created_at: datetime
    revoked_at: datetime | None
    cert_pem: str

    @classmethod
    def of(cls, key: SigningKey) -> Key:
        return cls(key.id or 0, key.serial_hex, key.created_at, key.revoked_at, key.cert_pem)


class Signature(msgspec.Struct):
    field_name: str
    signer_name: str
    signer_subject: str
    time: datetime | None
    time_source: str  # "timestamp" | "signer"
    chain: list[str]
    certification: bool
    intact: bool
    trusted: bool
    revoked: bool
    modified_after: bool
    changes_after: str
    signer_national_id: str
    party_label: str  # the party printed on the contract for this field ("" when not stated)
    party_name: str
    party_national_id: str
    named_party: bool | None  # False: signed by someone other than the named party

    @classmethod
    def of(cls, s: SignatureInfo) -> Signature:
        return cls(
            s.field_name,
            s.signer_name,
            s.signer_subject,
            s.timestamp_time or s.claimed_time,
            "timestamp" if s.timestamp_time else "signer",
            list(s.chain),
            s.certification,
            s.intact and s.valid,
            s.trusted,
            s.revoked,
            s.modified_after,
            s.changes_after,
            s.signer_national_id,
            (s.party.label or s.party.role) if s.party else "",
            s.party.name if s.party else "",
            s.party.national_id if s.party else "",
            s.named_party,
        )


class Verification(msgspec.Struct):
    valid: bool
    intact: bool
    trusted: bool
    signatures: list[Signature]
    problems: list[str]
    parties_match: bool = True  # False: a signature is by someone other than the named party

    @classmethod
    def of(cls, r: VerificationReport) -> Verification:
        return cls(r.bottom_line, r.intact, r.trusted, [Signature.of(s) for s in r.signatures], list(r.problems), r.parties_match)
