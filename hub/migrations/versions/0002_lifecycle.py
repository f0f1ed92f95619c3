"""The dossier lifecycle: the dossier projection, hand-over batches, agency accounts and
sessions, the status log, and each device's projection mark.

Events stored before this revision are folded into the projection by ``Hub.open`` (the devices'
``projected_seq`` starts at 0), not here: that keeps this file free of the projection code.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

SERIAL = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    with op.batch_alter_table("devices") as batch:
        batch.add_column(
            sa.Column("projected_seq", sa.BigInteger, nullable=False, server_default="0")
        )
    op.create_table(
        "dossiers",
        sa.Column("code", sa.String(64), primary_key=True),
        sa.Column("id", sa.String(100), nullable=False),
        sa.Column("office_code", sa.String(32), nullable=False),
        sa.Column("device_id", sa.String(100), nullable=False),
        sa.Column("agency", sa.Text, nullable=False),
        sa.Column("procedure_code", sa.String(64), nullable=False),
        sa.Column("procedure_name", sa.Text, nullable=False),
        sa.Column("status", sa.String(32), nullable=False),
        sa.Column("received_at", sa.String(64), nullable=False),
        sa.Column("appointment_at", sa.String(64), nullable=False),
        sa.Column("s10", sa.String(32), nullable=False, server_default=""),
        sa.Column("return_method", sa.String(20), nullable=False, server_default=""),
        sa.Column("applicant_name", sa.Text, nullable=False),
        sa.Column("applicant_initials", sa.String(40), nullable=False),
        sa.Column("received_seq", sa.BigInteger, nullable=False),
        sa.Column("batch_id", sa.String(100)),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
        sa.Column("updated_at", sa.String(40), nullable=False),
    )
    op.create_index("ix_dossiers_batch_id", "dossiers", ["batch_id"])
    op.create_index("ix_dossiers_agency_office", "dossiers", ["agency", "office_code"])
    op.create_table(
        "handover_batches",
        sa.Column("id", sa.String(100), primary_key=True),
        sa.Column("number", sa.String(40), nullable=False),
        sa.Column("office_code", sa.String(32), nullable=False),
        sa.Column("device_id", sa.String(100), nullable=False),
        sa.Column("agency", sa.Text, nullable=False),
        sa.Column("sealed_at", sa.String(64), nullable=False),
        sa.Column("confirmed_at", sa.String(40)),
        sa.Column("count", sa.Integer, nullable=False),
    )
    op.create_index("ix_handover_batches_number", "handover_batches", ["number"])
    op.create_index(
        "ix_handover_batches_agency_office", "handover_batches", ["agency", "office_code"]
    )
    op.create_table(
        "agency_users",
        sa.Column("username", sa.String(64), primary_key=True),
        sa.Column("display_name", sa.Text, nullable=False),
        sa.Column("agency", sa.Text, nullable=False),
        sa.Column("office_code", sa.String(32), sa.ForeignKey("offices.code")),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column("failed_count", sa.Integer, nullable=False, server_default="0"),
        sa.Column("locked_until", sa.String(40)),
        sa.Column("created_at", sa.String(40), nullable=False),
    )
    op.create_table(
        "agency_sessions",
        sa.Column("token_sha256", sa.String(64), primary_key=True),
        sa.Column(
            "username",
            sa.String(64),
            sa.ForeignKey("agency_users.username", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("csrf_token", sa.String(64), nullable=False),
        sa.Column("expires_at", sa.String(40), nullable=False),
    )
    op.create_index("ix_agency_sessions_username", "agency_sessions", ["username"])
    op.create_table(
        "status_log",
        sa.Column("id", SERIAL, primary_key=True, autoincrement=True),
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("status", sa.String(32), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
        sa.Column("at", sa.String(64), nullable=False),
        sa.Column("by", sa.String(200), nullable=False),
        sa.Column("applied", sa.Boolean, nullable=False),
        sa.Column("warning", sa.Text),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_status_log_code", "status_log", ["code"])


def downgrade() -> None:
    for table in ("status_log", "agency_sessions", "agency_users", "handover_batches", "dossiers"):
        op.drop_table(table)
    with op.batch_alter_table("devices") as batch:
        batch.drop_column("projected_seq")
