"""tournaments: a judged athlete's program (a diver's dives, one per part) on the category entry

Revision ID: 0012
Revises: 0012r
Create Date: 2026-12-02 08:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0012r"  # after the results settings, so the chain keeps one head
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("tournament_entry", schema=None) as batch_op:
        batch_op.add_column(sa.Column("program", sa.Text(), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("tournament_entry", schema=None) as batch_op:
        batch_op.drop_column("program")
