"""keypad bridge: each keypad is bound to the bridge (device account) that announced it first;
another bridge claiming it is refused until the head referee releases it (issue 15, item 8)

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03 07:15:00
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import base.db

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "keypad_bridge",
        sa.Column("device_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("bridge", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("bound_at", base.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("device_id"),
    )


def downgrade() -> None:
    op.drop_table("keypad_bridge")
