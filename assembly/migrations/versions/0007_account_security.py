"""accounts: failed-login budgets and the session epoch of each account

``login_throttle`` counts failed logins per account name and per address (backoff, then a lockout);
``user_account.session_epoch`` is raised by "log out everywhere", a password change or reset and a
deactivation, which ends every session opened before.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 02:44:30.741659
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import base.db

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "login_throttle",
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failure_at", base.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("locked_until", base.db.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("key"),
    )
    with op.batch_alter_table("login_throttle", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_login_throttle_last_failure_at"), ["last_failure_at"], unique=False)

    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.add_column(sa.Column("session_epoch", sa.Integer(), server_default="0", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.drop_column("session_epoch")

    with op.batch_alter_table("login_throttle", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_login_throttle_last_failure_at"))

    op.drop_table("login_throttle")
