"""contracts tables: contract, contract_party, contract_document, contract_signing_key

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 13:53:41.074382
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import base.db

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "contract",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("template_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("state", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("fields_json", sa.Text(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", base.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("sent_at", base.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("closed_at", base.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("current_sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["user_account.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )

    with op.batch_alter_table("contract", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contract_state"), ["state"], unique=False)

    op.create_table(
        "contract_signing_key",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("serial_hex", sa.String(length=40), nullable=False),
        sa.Column("cert_pem", sa.Text(), nullable=False),
        sa.Column("sealed_key", sa.Text(), nullable=False),
        sa.Column("created_at", base.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", base.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("failed_attempts", sa.Integer(), nullable=False),
        sa.Column("locked_until", base.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("serial_hex"),
    )

    with op.batch_alter_table("contract_signing_key", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contract_signing_key_user_id"), ["user_id"], unique=False)

    op.create_table(
        "contract_document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contract_id", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("created_at", base.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["contract_id"],
            ["contract.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("contract_id", "revision"),
    )

    with op.batch_alter_table("contract_document", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contract_document_contract_id"), ["contract_id"], unique=False)

    op.create_table(
        "contract_party",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contract_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("role", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("field_name", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("display_name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("national_id", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("signed_at", base.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("method", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("cert_sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["contract_id"],
            ["contract.id"],
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("contract_id", "position"),
    )

    with op.batch_alter_table("contract_party", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contract_party_contract_id"), ["contract_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_contract_party_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    for table, indexes in (
        ("contract_party", ("ix_contract_party_user_id", "ix_contract_party_contract_id")),
        ("contract_document", ("ix_contract_document_contract_id",)),
        ("contract_signing_key", ("ix_contract_signing_key_user_id",)),
        ("contract", ("ix_contract_state",)),
    ):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for index in indexes:
                batch_op.drop_index(index)
        op.drop_table(table)
