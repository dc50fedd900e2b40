"""The register's table: one row per issued version of a document (docs/verification.md)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from base.db import UTCDateTime
from base.register.codes import show_code
from base.register.kinds import Signer


class IssuedDocument(SQLModel, table=True):
    """One issued version of a document: its code, what it is, its bytes' hash and its fate.

    A row whose ``sha256`` is empty is only reserved (its code is being printed): not issued yet."""

    __tablename__ = "issued_document"
    __table_args__ = (UniqueConstraint("subject", "version"),)

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=8, unique=True)  # 8 Crockford base32 letters, shown XXXX-XXXX
    kind: str = Field(max_length=60, index=True)  # e.g. "athletes.voucher"; the page names it in words
    title: str = Field(max_length=300)  # Vietnamese, as printed
    subject: str = Field(max_length=200, index=True)  # "category:12": the versions of one document chain
    version: int = Field(default=1)
    content_digest: str = Field(default="", max_length=64)  # the domain's digest of what was drawn
    sha256: str = Field(default="", max_length=64, index=True)  # "" while reserved, not yet issued
    size: int = Field(default=0)
    issued_by: str = Field(max_length=200)  # a display name, never an id
    issued_at: datetime = Field(sa_type=UTCDateTime)
    signers: str = Field(default="[]", sa_type=Text)  # JSON list of {name, role, at}
    facts: str = Field(default="{}", sa_type=Text)  # JSON the domain's checker reads again
    superseded_by: str | None = Field(default=None, max_length=8)
    supersede_reason: str = Field(default="", max_length=500)
    superseded_at: datetime | None = Field(default=None, sa_type=UTCDateTime)

    @property
    def shown_code(self) -> str:
        return show_code(self.code)

    def signer_list(self) -> list[Signer]:
        return [Signer.of_json(s) for s in json.loads(self.signers or "[]")]

    def fact_dict(self) -> dict[str, Any]:
        facts: dict[str, Any] = json.loads(self.facts or "{}")
        return facts
