"""The first schema: offices, devices, enrollment codes, events, conflicts, feed, ranges.

Revision ID: 0001
Revises:
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

SERIAL = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "offices",
        sa.Column("code", sa.String(32), primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
    )
    op.create_table(
        "devices",
        sa.Column("id", sa.String(100), primary_key=True),
        sa.Column("office_code", sa.String(32), sa.ForeignKey("offices.code"), nullable=False),
        sa.Column("counter_no", sa.Integer, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("token_sha256", sa.String(64), nullable=False, unique=True),
        sa.Column("enrolled_at", sa.String(40), nullable=False),
        sa.Column("revoked_at", sa.String(40)),
        sa.Column("acked_seq", sa.BigInteger, nullable=False, server_default="0"),
    )
    op.create_table(
        "enroll_codes",
        sa.Column("code_sha256", sa.String(64), primary_key=True),
        sa.Column("office_code", sa.String(32), sa.ForeignKey("offices.code"), nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("expires_at", sa.String(40), nullable=False),
        sa.Column("used_at", sa.String(40)),
        sa.Column("device_id", sa.String(100)),
    )
    op.create_table(
        "events",
        sa.Column("device_id", sa.String(100), primary_key=True),
        sa.Column("seq", sa.BigInteger, primary_key=True),
        sa.Column("id", sa.String(100), nullable=False, unique=True),
        sa.Column("type", sa.String(100), nullable=False),
        sa.Column("entity_id", sa.String(200), nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("at", sa.String(64), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.Column("received_at", sa.String(40), nullable=False),
    )
    op.create_index("ix_events_entity_id", "events", ["entity_id"])
    op.create_table(
        "conflicts",
        sa.Column("id", SERIAL, primary_key=True, autoincrement=True),
        sa.Column("device_id", sa.String(100), nullable=False),
        sa.Column("seq", sa.BigInteger, nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("stored_event_id", sa.String(100)),
        sa.Column("stored_hash", sa.String(64)),
        sa.Column("received_hash", sa.String(64), nullable=False),
        sa.Column("received_event", sa.Text, nullable=False),
        sa.Column("batch_id", sa.String(100), nullable=False),
        sa.Column("detected_at", sa.String(40), nullable=False),
        sa.Column("resolved_at", sa.String(40)),
        sa.UniqueConstraint("device_id", "seq", "kind", "received_hash", name="uq_conflicts_pair"),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "feed",
        sa.Column("cursor", SERIAL, primary_key=True, autoincrement=True),
        sa.Column("office_code", sa.String(32)),
        sa.Column("device_id", sa.String(100)),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_feed_office_code", "feed", ["office_code"])
    op.create_table(
        "ranges",
        sa.Column("id", SERIAL, primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("prefix", sa.String(2), nullable=False),
        sa.Column("office_code", sa.String(32), sa.ForeignKey("offices.code"), nullable=False),
        sa.Column("device_id", sa.String(100), sa.ForeignKey("devices.id"), nullable=False),
        sa.Column("lo", sa.BigInteger, nullable=False),
        sa.Column("hi", sa.BigInteger, nullable=False),
        sa.Column("feed_cursor", sa.BigInteger, nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
        sqlite_autoincrement=True,
    )


def downgrade() -> None:
    for table in ("ranges", "feed", "conflicts", "events", "enroll_codes", "devices", "offices"):
        op.drop_table(table)
