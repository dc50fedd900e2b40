"""setup cancellations: a competition, event, field, panel or entry cancelled in the back office
keeps its row with when and why (``cancelled_at``, ``cancelled_reason``)

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02 19:39:33.349244
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import base.db

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

TABLES = ("competition", "entry", "field_of_play", "panel", "sport_event")


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("cancelled_at", base.db.UTCDateTime(timezone=True), nullable=True))
            batch_op.add_column(
                sa.Column("cancelled_reason", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False, server_default="")
            )


def downgrade() -> None:
    for table in reversed(TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("cancelled_reason")
            batch_op.drop_column("cancelled_at")
