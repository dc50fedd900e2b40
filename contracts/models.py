"""Tables of the contracts domain: contracts, their parties, PDF revisions and signing keys.

PDF bytes live in the content-addressed store (``contracts/store.py``); rows keep their SHA-256.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from base.db import UTCDateTime, utcnow


class Contract(SQLModel, table=True):
    __tablename__ = "contract"
    __pii_columns__ = {"fields_json"}

    id: int | None = Field(default=None, primary_key=True)
    template_id: str = Field(max_length=64)
    title: str = Field(default="", max_length=200)
    state: str = Field(default="draft", max_length=32, index=True)  # lifecycle.ContractState
    fields_json: str = Field(default="{}", sa_type=Text)  # template field values (dates ISO)
    created_by: int | None = Field(default=None, foreign_key="user_account.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    closed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)  # completed or cancelled
    current_sha256: str = Field(default="", max_length=64)  # latest PDF revision; "" while a draft


class ContractParty(SQLModel, table=True):
    __tablename__ = "contract_party"
    __table_args__ = (UniqueConstraint("contract_id", "position"),)
    __pii_columns__ = {"display_name", "national_id"}

    id: int | None = Field(default=None, primary_key=True)
    contract_id: int = Field(foreign_key="contract.id", index=True)
    position: int  # 1-based signing order from the template
    role: str = Field(max_length=32)
    field_name: str = Field(max_length=64)
    user_id: int = Field(foreign_key="user_account.id", index=True)
    display_name: str = Field(default="", max_length=200)
    national_id: str = Field(default="", max_length=20)
    signed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    method: str = Field(default="", max_length=20)  # "department_ca" | "external"
    cert_sha256: str = Field(default="", max_length=64)


class ContractDocument(SQLModel, table=True):
    __tablename__ = "contract_document"
    __table_args__ = (UniqueConstraint("contract_id", "revision"),)

    id: int | None = Field(default=None, primary_key=True)
    contract_id: int = Field(foreign_key="contract.id", index=True)
    revision: int  # 0 = certified by the department, n = after the n-th party signature
    sha256: str = Field(max_length=64)
    size: int
    reason: str = Field(default="", max_length=64)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class SigningKey(SQLModel, table=True):
    """A certificate the department CA issued to a user, with its private key sealed by the PIN."""

    __tablename__ = "contract_signing_key"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", index=True)
    serial_hex: str = Field(sa_column=Column(String(40), unique=True, nullable=False))
    cert_pem: str = Field(sa_type=Text)
    sealed_key: str = Field(sa_type=Text)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    failed_attempts: int = Field(default=0)
    locked_until: datetime | None = Field(default=None, sa_type=UTCDateTime)
