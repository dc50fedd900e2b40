"""seat binding pending: a tablet that pairs to a seat another tablet holds waits for the head
referee's confirmation (``pending``), and only then replaces it

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02 20:25:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("seat_binding", schema=None) as batch_op:
        batch_op.add_column(sa.Column("pending", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("seat_binding", schema=None) as batch_op:
        batch_op.drop_column("pending")
