"""End-of-day closes: the counters' sealed day manifests and the hub's acknowledgements, and an
index to read a counter's dossiers of one day.

Revision ID: 0003
Revises: 0002
Create Date: 2027-01-20
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_dossiers_device_received", "dossiers", ["device_id", "received_at"])
    op.create_table(
        "day_manifests",
        sa.Column("event_id", sa.String(100), primary_key=True),
        sa.Column("device_id", sa.String(100), nullable=False),
        sa.Column("office_code", sa.String(32), nullable=False),
        sa.Column("day", sa.String(10), nullable=False),
        sa.Column("seq", sa.BigInteger, nullable=False),
        sa.Column("supervisor", sa.Text, nullable=False),
        sa.Column("manifest_sha256", sa.String(64), nullable=False),
        sa.Column("ack", sa.JSON, nullable=False),
        sa.Column("matched", sa.Boolean, nullable=False),
        sa.Column("feed_cursor", sa.BigInteger, nullable=False),
        sa.Column("acknowledged_at", sa.String(40), nullable=False),
    )
    op.create_index("ix_day_manifests_device_day", "day_manifests", ["device_id", "day"])
    op.create_index("ix_day_manifests_office_day", "day_manifests", ["office_code", "day"])


def downgrade() -> None:
    op.drop_table("day_manifests")
    op.drop_index("ix_dossiers_device_received", "dossiers")
