"""results: a competition's results settings (organiser, team ranking order, points per place)

Revision ID: 0012r
Revises: 0011
Create Date: 2026-12-02 06:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import base.db

revision = "0012r"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "results_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("competition_id", sa.Integer(), nullable=False),
        sa.Column("organiser", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("rank_order", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("points", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("updated_at", base.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("updated_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.ForeignKeyConstraint(["competition_id"], ["competition.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("competition_id"),
    )


def downgrade() -> None:
    op.drop_table("results_settings")
