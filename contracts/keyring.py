"""Users' signing keys: enrolment with a PIN, unlocking at the moment of signing, lockout, revocation.

Rule 1: a private key is stored only sealed by its owner's PIN; the server never stores the PIN.
Rule 2: MAX_ATTEMPTS wrong PINs lock signing for LOCKOUT; every failure is audited and committed.
Rule 3: a certificate revoked at the CA cannot sign, whatever the database says.
Rule 4: a certificate signs only within its validity by the app's clock at the moment of signing;
past its end the signer is told to enrol again (CertificateExpired), never a server error.
Rule 5: a certificate names a person, never just an account: enrolment needs the account's person
record (athletes domain) with a CCCD, and the subject carries that record's full name and CCCD; a
CCCD typed at enrolment must be the record's. Nothing is issued otherwise.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TypeVar

import anyio.to_thread
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.x509.oid import NameOID
from sqlmodel import col, select

from athletes.service import PersonIdentity, person_identity
from base.accounts.models import Role, User
from base.audit import audit
from base.clock import Clock
from base.db import AsyncSession, row_id
from base.errors import Forbidden
from contracts import keys
from contracts.ca import Identity, IssuedKey
from contracts.errors import (
    CertificateExpired,
    CertificateNotValid,
    CertificateRevoked,
    NationalIdMismatch,
    NoNationalId,
    NoPersonRecord,
    NoSigningKey,
    PinLocked,
    WrongPin,
)
from contracts.models import SigningKey
from contracts.runtime import ContractsRuntime
from contracts.signing import CachedKeySigner, SigningSetup

MAX_ATTEMPTS = 5
LOCKOUT = timedelta(minutes=15)
T = TypeVar("T")


def cert_of(key: SigningKey) -> x509.Certificate:
    return x509.load_pem_x509_certificate(key.cert_pem.encode())


def cert_sha256(key: SigningKey) -> str:
    return hashlib.sha256(cert_of(key).public_bytes(serialization.Encoding.DER)).hexdigest()


def cert_national_id(cert: x509.Certificate) -> str | None:
    """The CCCD a certificate's subject carries (serialNumber "CCCD:..." as our CA writes it)."""
    for attr in cert.subject.get_attributes_for_oid(NameOID.SERIAL_NUMBER):
        value = str(attr.value)
        digits = value.split(":")[-1].strip()
        if digits:
            return digits
    return None


async def person_of(session: AsyncSession, user: User) -> PersonIdentity:
    """The person record of ``user``'s account with its CCCD; raises NoPersonRecord / NoNationalId."""
    person = await person_identity(session, user.person_id) if user.person_id is not None else None
    if person is None:
        raise NoPersonRecord()
    if not person.national_id:
        raise NoNationalId()
    return person


class Keyring:
    def __init__(self, session: AsyncSession, runtime: ContractsRuntime, clock: Clock) -> None:
        self.session, self.runtime, self.clock = session, runtime, clock

    async def latest_key(self, user: User) -> SigningKey | None:
        rows = await self.session.exec(
            select(SigningKey)
            .where(SigningKey.user_id == user.id)
            .where(col(SigningKey.revoked_at).is_(None))
            .order_by(col(SigningKey.id).desc())
        )
        return rows.first()

    async def active_key(self, user: User) -> SigningKey:
        """The user's current key; raises NoSigningKey, or CertificateRevoked if the CA revoked it."""
        key = await self.latest_key(user)
        if key is None:
            raise NoSigningKey("no certificate issued to this user")
        ca, _dept, _setup = await anyio.to_thread.run_sync(lambda: self.runtime.ready(self.clock()))
        revoked = ca.revoked_at(int(key.serial_hex, 16))
        if revoked is not None:
            key.revoked_at = revoked
            self.session.add(key)
            await self.session.commit()
            raise CertificateRevoked(int(key.serial_hex, 16))
        return key

    async def enrol(self, user: User, pin: str, national_id: str | None = None) -> SigningKey:
        """Issue a certificate to ``user``'s person (Rule 5) with a new key sealed by ``pin``
        (replaces none: the newest unrevoked key is the one used). Raises NoPersonRecord,
        NoNationalId or NationalIdMismatch before anything is issued."""
        keys.check_pin(pin)
        person = await person_of(self.session, user)
        typed = (national_id or "").strip()
        if typed and typed != person.national_id:
            raise NationalIdMismatch()
        identity = Identity(person.full_name, person.national_id, f"arena-user:{user.id}")

        def work() -> IssuedKey:
            with self.runtime.lock:
                ca, _dept, _setup = self.runtime.ready(self.clock())
                return ca.issue_with_pin(identity, pin, self.clock())

        issued = await anyio.to_thread.run_sync(work)
        row = SigningKey(
            user_id=row_id(user),
            serial_hex=f"{issued.certificate.serial_number:x}",
            cert_pem=issued.certificate.public_bytes(serialization.Encoding.PEM).decode(),
            sealed_key=issued.sealed_key.decode(),
            created_at=self.clock(),
        )
        self.session.add(row)
        audit(
            self.session,
            actor=user,
            action="contract.key_enrol",
            subject=f"user:{user.id}",
            detail={"serial": row.serial_hex, "person": person.id},
        )
        await self.session.commit()
        return row

    async def revoke(self, actor: User, key_id: int) -> SigningKey:
        """Revoke a key at the CA (new CRLs) and mark it; owners may revoke their own keys."""
        key = await self.session.get(SigningKey, key_id)
        if key is None or (key.user_id != actor.id and not actor.has_role(Role.ADMIN)):
            raise Forbidden("not your key")
        now = self.clock()

        def work() -> None:
            with self.runtime.lock:
                ca, _dept, _setup = self.runtime.ready(now)
                ca.revoke(int(key.serial_hex, 16), now, x509.ReasonFlags.unspecified)
                self.runtime.after_revocation()

        await anyio.to_thread.run_sync(work)
        key.revoked_at = now
        self.session.add(key)
        audit(self.session, actor=actor, action="contract.key_revoke", subject=f"user:{key.user_id}", detail={"serial": key.serial_hex})
        await self.session.commit()
        return key

    def check_validity(self, cert: x509.Certificate, moment: datetime) -> None:
        """Raise CertificateExpired / CertificateNotValid unless ``cert`` is valid at ``moment``."""
        if moment > cert.not_valid_after_utc:
            raise CertificateExpired(cert.serial_number, self.clock.local(cert.not_valid_after_utc).strftime("%d/%m/%Y %H:%M"))
        if moment < cert.not_valid_before_utc:
            raise CertificateNotValid(f"valid only from {self.clock.local(cert.not_valid_before_utc):%d/%m/%Y %H:%M}")

    async def sign_with_pin(
        self, user: User, key: SigningKey, pin: str, sign: Callable[[CachedKeySigner, SigningSetup, datetime], bytes]
    ) -> tuple[bytes, str]:
        """Unlock ``key`` with ``pin`` and run ``sign(signer, setup, moment)`` in a worker thread,
        ``moment`` being the signing's own now (the app's clock, venue zone; Rule 4); returns (PDF,
        cert sha256). A wrong PIN is counted and committed before WrongPin is raised; too many lock
        signing.
        """
        now = self.clock()
        if key.locked_until is not None and key.locked_until > now:
            raise PinLocked(key.locked_until.isoformat(timespec="minutes"))
        cert = cert_of(key)
        self.check_validity(cert, now)  # before the PIN: an expired key cannot be unlocked to sign

        def work() -> bytes:
            private = keys.unseal_with_pin(key.sealed_key.encode(), pin)  # scrypt: ~50 ms, off the loop
            with self.runtime.lock:
                moment = self.clock.local()
                self.check_validity(cert, moment)
                ca, _dept, setup = self.runtime.ready(moment)
                return sign(CachedKeySigner(cert, private, self.runtime.chain(ca)), setup, moment)

        try:
            signed = await anyio.to_thread.run_sync(work)
        except WrongPin:
            key.failed_attempts += 1
            if key.failed_attempts >= MAX_ATTEMPTS:
                key.failed_attempts, key.locked_until = 0, now + LOCKOUT
            self.session.add(key)
            audit(
                self.session,
                actor=user,
                action="contract.pin_failed",
                subject=f"user:{user.id}",
                detail={"serial": key.serial_hex, "locked_until": key.locked_until},
            )
            await self.session.commit()
            raise
        key.failed_attempts, key.locked_until = 0, None
        self.session.add(key)
        return signed, cert_sha256(key)
