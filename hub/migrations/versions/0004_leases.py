"""Number leases and enrollment hardening: the days a code slice may be used, the province's
number settings, the seq up to which a device's events may carry provisional numbers, an index
to find a dossier by its S10 number, and the log of every enrollment attempt and revocation.

Revision ID: 0004
Revises: 0003
Create Date: 2027-02-10
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# Devices enrolled before leases existed keep numbering from their old blocks until their first
# lease request, which sets the real mark (hub/leases.py).
UNLEASED = str(2**62)


def upgrade() -> None:
    with op.batch_alter_table("ranges") as batch:
        batch.add_column(sa.Column("valid_from", sa.String(10)))
        batch.add_column(sa.Column("valid_to", sa.String(10)))
    with op.batch_alter_table("devices") as batch:
        batch.add_column(
            sa.Column(
                "provisional_until_seq", sa.BigInteger, nullable=False, server_default=UNLEASED
            )
        )
    with op.batch_alter_table("enroll_codes") as batch:
        batch.add_column(sa.Column("attempt_sha256", sa.String(64)))
    op.create_index("ix_dossiers_s10", "dossiers", ["s10"])
    op.create_index("ix_ranges_device_kind", "ranges", ["device_id", "kind"])
    op.create_table(
        "number_settings",
        sa.Column("key", sa.String(40), primary_key=True),
        sa.Column("value", sa.JSON, nullable=False),
    )
    op.create_table(
        "enroll_log",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            primary_key=True,
            autoincrement=True,
        ),
        sa.Column("at", sa.String(40), nullable=False),
        sa.Column("action", sa.String(20), nullable=False),  # enrolled | refused | revoked
        sa.Column("office_code", sa.String(32)),
        sa.Column("device_id", sa.String(100)),
        sa.Column("client", sa.String(100), nullable=False, server_default=""),
        sa.Column("reason", sa.Text, nullable=False, server_default=""),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_enroll_log_at", "enroll_log", ["at"])


def downgrade() -> None:
    op.drop_table("enroll_log")
    op.drop_table("number_settings")
    op.drop_index("ix_ranges_device_kind", "ranges")
    op.drop_index("ix_dossiers_s10", "dossiers")
    with op.batch_alter_table("enroll_codes") as batch:
        batch.drop_column("attempt_sha256")
    with op.batch_alter_table("devices") as batch:
        batch.drop_column("provisional_until_seq")
    with op.batch_alter_table("ranges") as batch:
        batch.drop_column("valid_to")
        batch.drop_column("valid_from")
