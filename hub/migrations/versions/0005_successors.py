"""A counter enrolled again after its device was revoked (or that moves to a new identity) is a
new device that replaces the old one: it may send the numbers the old one was leased.

Revision ID: 0005
Revises: 0004
Create Date: 2027-02-11
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("devices") as batch:
        batch.add_column(sa.Column("replaces", sa.String(100)))


def downgrade() -> None:
    with op.batch_alter_table("devices") as batch:
        batch.drop_column("replaces")
