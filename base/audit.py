"""The audit log: who did what to which record, appended and never edited."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import Text
from sqlmodel import Field, SQLModel, col, select

from base.db import AsyncSession, UTCDateTime, utcnow


class AuditEntry(SQLModel, table=True):
    __tablename__ = "audit_entry"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
    actor_id: int | None = Field(default=None, index=True)
    actor: str = Field(default="", max_length=100)
    action: str = Field(max_length=100, index=True)
    subject: str = Field(default="", max_length=200, index=True)
    detail: str = Field(default="{}", sa_type=Text)


def audit(session: AsyncSession, *, actor: Any, action: str, subject: str, detail: dict[str, Any] | None = None) -> AuditEntry:
    """Add an audit entry to ``session``; it commits with the use case that caused it."""
    entry = AuditEntry(
        actor_id=getattr(actor, "id", None),
        actor=getattr(actor, "username", str(actor or "")),
        action=action,
        subject=subject,
        detail=json.dumps(detail or {}, ensure_ascii=False, sort_keys=True, default=str),
    )
    session.add(entry)
    return entry


async def audit_trail(session: AsyncSession, subject: str) -> list[AuditEntry]:
    rows = await session.exec(select(AuditEntry).where(AuditEntry.subject == subject).order_by(col(AuditEntry.id)))
    return list(rows.all())
