"""club and district: an athlete's club (CLB) and district on the person record, kept on each
category entry as entered, and the unit a competition's medal table counts (``count_by``)

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03 06:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ("athlete", "tournament_entry"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("club", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False, server_default=""))
            batch_op.add_column(sa.Column("district", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False, server_default=""))
    with op.batch_alter_table("results_settings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("count_by", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False, server_default="team"))


def downgrade() -> None:
    with op.batch_alter_table("results_settings", schema=None) as batch_op:
        batch_op.drop_column("count_by")
    for table in ("tournament_entry", "athlete"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("district")
            batch_op.drop_column("club")
