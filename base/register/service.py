"""The register's use cases: reserve a code, record the issued bytes, issue (and supersede) a
version, read by code or subject, and match a copy against the issued bytes. Each adds to the
caller's session and commits only when told (``commit=True``); every issue and supersession is audited.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, is_dataclass
from datetime import date, datetime
from typing import Any

import anyio.to_thread
from sqlmodel import col, func, select

from base.audit import audit
from base.clock import Clock
from base.db import AsyncSession
from base.register.codes import new_code, normalise_code, show_code
from base.register.errors import AlreadyRecorded, AlreadySuperseded, NoFileOrHash, UnknownCode
from base.register.kinds import DocumentKind, Signer, known_kind
from base.register.models import IssuedDocument
from base.register.stamp import PageCallback, verification_stamp
from base.register.store import DocumentStore

DEFAULT_REASON = "Phát hành lại với nội dung mới"


# ---- reading ----------------------------------------------------------------------------------


async def _row(session: AsyncSession, code: str) -> IssuedDocument | None:
    rows = await session.exec(select(IssuedDocument).where(IssuedDocument.code == code))
    return rows.first()


async def by_code(session: AsyncSession, code: str) -> IssuedDocument:
    """The issued document of a code as a person typed it (see ``normalise_code``); raises
    ``UnknownCode`` for a malformed code, one never issued or one only reserved."""
    stored = normalise_code(code)
    doc = await _row(session, stored) if stored is not None else None
    if doc is None or not doc.sha256:
        raise UnknownCode(show_code(stored) if stored is not None else code.strip()[:20])
    return doc


async def latest(session: AsyncSession, subject: str) -> IssuedDocument | None:
    """The current (issued, not superseded) version of ``subject``; None when none was issued."""
    rows = await session.exec(
        select(IssuedDocument)
        .where(IssuedDocument.subject == subject, IssuedDocument.sha256 != "", col(IssuedDocument.superseded_by).is_(None))
        .order_by(col(IssuedDocument.version).desc())
    )
    return rows.first()


async def versions(session: AsyncSession, subject: str) -> list[IssuedDocument]:
    """Every issued version of ``subject``, oldest first."""
    rows = await session.exec(
        select(IssuedDocument).where(IssuedDocument.subject == subject, IssuedDocument.sha256 != "").order_by(col(IssuedDocument.version))
    )
    return list(rows.all())


@dataclass(frozen=True, slots=True)
class Match:
    """Whether some bytes (or their SHA-256) are an issued version of the code's document."""

    document: IssuedDocument  # the one the code names
    sha256: str  # of what was given
    matched: IssuedDocument | None  # the version whose bytes these are: the document itself or another version

    @property
    def same(self) -> bool:
        return self.matched is not None and self.matched.code == self.document.code


def sha256_of(text: str) -> str | None:
    """A SHA-256 as pasted (any case, spaces or colons between bytes); None when it is not one."""
    folded = "".join(c for c in text.strip().lower() if c not in " :\t\r\n")
    return folded if len(folded) == 64 and all(c in "0123456789abcdef" for c in folded) else None


async def match(session: AsyncSession, code: str, *, data: bytes | None = None, sha256: str | None = None) -> Match:
    """Compare ``data`` (or a ``sha256`` already computed) with the document of ``code``; bytes of
    another version of the same subject (an earlier or later signed state) are said to be that one."""
    doc = await by_code(session, code)
    if data is not None:
        digest = await anyio.to_thread.run_sync(lambda: hashlib.sha256(data).hexdigest())
    elif sha256 is not None and (folded := sha256_of(sha256)) is not None:
        digest = folded
    else:
        raise NoFileOrHash()
    if digest == doc.sha256:
        return Match(doc, digest, doc)
    other = next((v for v in await versions(session, doc.subject) if v.sha256 == digest), None)
    return Match(doc, digest, other)


# ---- issuing ----------------------------------------------------------------------------------


def content_digest(*parts: Any) -> str:
    """A digest of what a document shows (rows, dataclasses, dicts, dates): the same data gives the
    same digest in every process, so an unchanged document is recognised without its PDF bytes."""

    def plain(value: Any) -> Any:
        if hasattr(value, "model_dump"):
            return value.model_dump()
        if is_dataclass(value) and not isinstance(value, type):
            return asdict(value)
        if isinstance(value, datetime | date):
            return value.isoformat()
        if isinstance(value, set | frozenset):
            return sorted(map(str, value))
        return str(value)

    text = json.dumps(parts, ensure_ascii=False, sort_keys=True, default=plain, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


async def _new_code(session: AsyncSession) -> str:
    while True:  # 40 random bits: a second draw is already unlikely
        code = new_code()
        if await _row(session, code) is None:
            return code


async def reserve(
    session: AsyncSession, *, kind: DocumentKind, title: str, subject: str, issued_by: str, now: datetime, content: str = ""
) -> str:
    """Allocate the code of the next version of ``subject`` (to print it in the document) and return it."""
    last = (await session.exec(select(func.max(IssuedDocument.version)).where(IssuedDocument.subject == subject))).one()
    code = await _new_code(session)
    session.add(
        IssuedDocument(
            code=code,
            kind=kind.key,
            title=title[:300],
            subject=subject,
            version=(last or 0) + 1,
            content_digest=content,
            issued_by=issued_by[:200] or "Arena",
            issued_at=now,
        )
    )
    await session.flush()
    return code


async def record(
    session: AsyncSession,
    store: DocumentStore,
    code: str,
    pdf: bytes,
    *,
    signers: Iterable[Signer] = (),
    facts: Mapping[str, Any] | None = None,
    actor: Any = None,
) -> IssuedDocument:
    """Record the final bytes of a reserved code (stored durably, hashed, audited): it is issued."""
    doc = await _row(session, code)
    if doc is None:
        raise UnknownCode(show_code(code))
    if doc.sha256:
        raise AlreadyRecorded(doc.shown_code)
    doc.sha256 = await anyio.to_thread.run_sync(store.put, pdf)
    doc.size = len(pdf)
    doc.signers = json.dumps([s.as_json() for s in signers], ensure_ascii=False)
    doc.facts = json.dumps(dict(facts or {}), ensure_ascii=False, sort_keys=True, default=str)
    session.add(doc)
    detail = {"kind": doc.kind, "title": doc.title, "subject": doc.subject, "version": doc.version, "sha256": doc.sha256, "size": doc.size}
    audit(session, actor=actor if actor is not None else doc.issued_by, action="register.issue", subject=f"document:{code}", detail=detail)
    await session.flush()
    return doc


async def supersede(
    session: AsyncSession, old: IssuedDocument, new: IssuedDocument, *, reason: str, now: datetime, actor: Any = None
) -> None:
    """Mark ``old`` as replaced by ``new`` (both stay in the register), with the reason shown on its page."""
    if old.superseded_by is not None:
        raise AlreadySuperseded(old.shown_code, show_code(old.superseded_by))
    old.superseded_by, old.supersede_reason, old.superseded_at = new.code, reason[:500], now
    session.add(old)
    audit(
        session,
        actor=actor if actor is not None else new.issued_by,
        action="register.supersede",
        subject=f"document:{old.code}",
        detail={"by": new.code, "reason": old.supersede_reason},
    )
    await session.flush()


@dataclass(frozen=True, slots=True)
class Issued:
    """What ``issue`` gives back: the register's row, the bytes to hand out, and whether it is new."""

    document: IssuedDocument
    pdf: bytes
    new: bool

    @property
    def code(self) -> str:
        return self.document.code


async def issue(
    session: AsyncSession,
    store: DocumentStore,
    *,
    kind: DocumentKind,
    title: str,
    subject: str,
    issued_by: str,
    render: Callable[[str], bytes],
    now: datetime,
    content: str = "",
    signers: Iterable[Signer] = (),
    facts: Mapping[str, Any] | None = None,
    reason: str | None = None,
    actor: Any = None,
    commit: bool = False,
) -> Issued:
    """Issue the next version of ``subject``: reserve a code, ``render(code)`` the PDF with it,
    record the bytes and supersede the current version (``reason``, default "Phát hành lại với nội
    dung mới"). When ``content`` (``content_digest`` of what the document shows) equals the current
    version's, nothing is issued and its stored bytes come back (``new=False``)."""
    current = await latest(session, subject)
    if current is not None and content and current.content_digest == content and current.kind == kind.key:
        return Issued(current, await anyio.to_thread.run_sync(store.get, current), new=False)
    code = await reserve(session, kind=kind, title=title, subject=subject, issued_by=issued_by, now=now, content=content)
    pdf = await anyio.to_thread.run_sync(render, code)
    doc = await record(session, store, code, pdf, signers=signers, facts=facts, actor=actor)
    if current is not None:
        await supersede(session, current, doc, reason=reason or DEFAULT_REASON, now=now, actor=actor)
    if commit:
        await session.commit()
    return Issued(doc, pdf, new=True)


async def revise(
    session: AsyncSession,
    store: DocumentStore,
    code: str,
    pdf: bytes,
    *,
    issued_by: str,
    now: datetime,
    reason: str,
    signers: Iterable[Signer] = (),
    facts: Mapping[str, Any] | None = None,
    actor: Any = None,
) -> IssuedDocument:
    """Record ``pdf`` as the next version of the document of ``code`` whose printed code cannot
    change (a signature added to a signed PDF): same kind, title and subject, a code of its own, and
    the document of ``code`` superseded with ``reason`` (e.g. "Thêm chữ ký của Nguyễn Văn A")."""
    previous = await by_code(session, code)
    if previous.superseded_by is not None:
        raise AlreadySuperseded(previous.shown_code, show_code(previous.superseded_by))
    kind = known_kind(previous.kind)
    new_code_ = await reserve(
        session, kind=kind, title=previous.title, subject=previous.subject, issued_by=issued_by, now=now, content=previous.content_digest
    )
    doc = await record(session, store, new_code_, pdf, signers=signers, facts=facts, actor=actor)
    await supersede(session, previous, doc, reason=reason, now=now, actor=actor)
    return doc


# ---- one request's register ------------------------------------------------------------------


@dataclass(frozen=True)
class Register:
    """The register as a request sees it (``base.deps.provide_register``): its session, the store,
    the clock and the public address printed in QR codes. Domains call ``issue`` and ``stamp``."""

    session: AsyncSession
    store: DocumentStore
    clock: Clock
    public_url: str

    def stamp(self, code: str, then: PageCallback | None = None) -> PageCallback:
        """The page callback that draws ``code``'s stamp (after the document's own ``then``)."""
        return verification_stamp(code, self.public_url, then)

    async def issue(
        self,
        kind: DocumentKind,
        title: str,
        subject: str,
        issued_by: str,
        render: Callable[[str], bytes],
        *,
        content: str = "",
        signers: Iterable[Signer] = (),
        facts: Mapping[str, Any] | None = None,
        reason: str | None = None,
        actor: Any = None,
        commit: bool = False,
    ) -> Issued:
        return await issue(
            self.session,
            self.store,
            kind=kind,
            title=title,
            subject=subject,
            issued_by=issued_by,
            render=render,
            now=self.clock(),
            content=content,
            signers=signers,
            facts=facts,
            reason=reason,
            actor=actor,
            commit=commit,
        )
