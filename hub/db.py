"""The hub's tables (SQLAlchemy Core), its engine, and migrating to the newest schema.

The tables here are what the code queries; ``hub/migrations`` creates them. A test compares the
two, so a column added here without a migration fails the build.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

DEFAULT_DB = "hub.sqlite3"

# SQLite only turns an ``INTEGER PRIMARY KEY`` into a rowid alias that counts up by itself;
# PostgreSQL wants BIGINT so cursors never run out.
SERIAL = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

metadata = sa.MetaData()

offices = sa.Table(
    "offices",
    metadata,
    sa.Column("code", sa.String(32), primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("created_at", sa.String(40), nullable=False),
)

devices = sa.Table(
    "devices",
    metadata,
    sa.Column("id", sa.String(100), primary_key=True),
    sa.Column("office_code", sa.String(32), sa.ForeignKey("offices.code"), nullable=False),
    sa.Column("counter_no", sa.Integer, nullable=False),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("token_sha256", sa.String(64), nullable=False, unique=True),
    sa.Column("enrolled_at", sa.String(40), nullable=False),
    sa.Column("revoked_at", sa.String(40)),
    # Highest seq stored for the device; kept here so an upload reads it under the row lock
    # instead of scanning events.
    sa.Column("acked_seq", sa.BigInteger, nullable=False, server_default="0"),
    # Highest seq folded into the dossier projection: equal to acked_seq once ingest projects in
    # its own transaction; behind it only for events stored before the projection existed.
    sa.Column("projected_seq", sa.BigInteger, nullable=False, server_default="0"),
    # Events up to this seq may carry provisional numbers (made before the device had leases);
    # after it, every number must lie in one of the device's leases (hub/leases.py).
    sa.Column("provisional_until_seq", sa.BigInteger, nullable=False, server_default=str(2**62)),
    # The device this one replaces (the same counter enrolled again, proven with its old token):
    # its leases are this device's too (hub/leases.py).
    sa.Column("replaces", sa.String(100)),
)

enroll_codes = sa.Table(
    "enroll_codes",
    metadata,
    sa.Column("code_sha256", sa.String(64), primary_key=True),
    sa.Column("office_code", sa.String(32), sa.ForeignKey("offices.code"), nullable=False),
    sa.Column("created_at", sa.String(40), nullable=False),
    sa.Column("expires_at", sa.String(40), nullable=False),
    sa.Column("used_at", sa.String(40)),
    sa.Column("device_id", sa.String(100)),
    # The secret of the attempt that spent the code: only that attempt may be repeated (its
    # answer may have been lost), never replayed by anyone else (hub/enrollment.py).
    sa.Column("attempt_sha256", sa.String(64)),
)

events = sa.Table(
    "events",
    metadata,
    sa.Column("device_id", sa.String(100), primary_key=True),
    sa.Column("seq", sa.BigInteger, primary_key=True),
    sa.Column("id", sa.String(100), nullable=False, unique=True),
    sa.Column("type", sa.String(100), nullable=False),
    sa.Column("entity_id", sa.String(200), nullable=False, index=True),
    sa.Column("payload", sa.Text, nullable=False),
    sa.Column("at", sa.String(64), nullable=False),
    sa.Column("actor", sa.String(200), nullable=False),
    sa.Column("prev_hash", sa.String(64), nullable=False),
    sa.Column("hash", sa.String(64), nullable=False),
    sa.Column("received_at", sa.String(40), nullable=False),
)

conflicts = sa.Table(
    "conflicts",
    metadata,
    sa.Column("id", SERIAL, primary_key=True, autoincrement=True),
    sa.Column("device_id", sa.String(100), nullable=False),
    sa.Column("seq", sa.BigInteger, nullable=False),
    # hash_differs: same (device, seq), other content; id_reused: the event id is already
    # stored under another key; chain_fork: the first new event does not follow the stored one.
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

feed = sa.Table(
    "feed",
    metadata,
    sa.Column("cursor", SERIAL, primary_key=True, autoincrement=True),
    sa.Column("office_code", sa.String(32), index=True),  # NULL: every office
    sa.Column("device_id", sa.String(100)),  # NULL: every device of the office
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("data", sa.JSON, nullable=False),
    sa.Column("created_at", sa.String(40), nullable=False),
    sqlite_autoincrement=True,  # a cursor is never handed out twice, even after a delete
)

# Number ranges as published, kept apart from the feed so overlaps are one query away.
ranges = sa.Table(
    "ranges",
    metadata,
    sa.Column("id", SERIAL, primary_key=True, autoincrement=True),
    sa.Column("kind", sa.String(20), nullable=False),  # s10 | code_seq
    sa.Column("prefix", sa.String(2), nullable=False),  # S10 service indicator; '' for code_seq
    sa.Column("office_code", sa.String(32), sa.ForeignKey("offices.code"), nullable=False),
    sa.Column("device_id", sa.String(100), sa.ForeignKey("devices.id"), nullable=False),
    sa.Column("lo", sa.BigInteger, nullable=False),
    sa.Column("hi", sa.BigInteger, nullable=False),
    sa.Column("feed_cursor", sa.BigInteger, nullable=False),  # 0: leased through /leases
    sa.Column("created_at", sa.String(40), nullable=False),
    # code_seq: the days (YYYY-MM-DD, inclusive) the slice may be used; NULL: every day.
    sa.Column("valid_from", sa.String(10)),
    sa.Column("valid_to", sa.String(10)),
    sa.Index("ix_ranges_device_kind", "device_id", "kind"),
    sqlite_autoincrement=True,
)

# The province's number settings (hub/leases.py: S10 indicator and serial space, lease sizes).
number_settings = sa.Table(
    "number_settings",
    metadata,
    sa.Column("key", sa.String(40), primary_key=True),
    sa.Column("value", sa.JSON, nullable=False),
)

# Every enrollment, refusal and revocation, for the operator (never a code or a token).
enroll_log = sa.Table(
    "enroll_log",
    metadata,
    sa.Column("id", SERIAL, primary_key=True, autoincrement=True),
    sa.Column("at", sa.String(40), nullable=False),
    sa.Column("action", sa.String(20), nullable=False),  # enrolled | refused | revoked
    sa.Column("office_code", sa.String(32)),
    sa.Column("device_id", sa.String(100)),
    sa.Column("client", sa.String(100), nullable=False, server_default=""),
    sa.Column("reason", sa.Text, nullable=False, server_default=""),
    sa.Index("ix_enroll_log_at", "at"),
    sqlite_autoincrement=True,
)


# -- the dossier lifecycle (migration 0002) ------------------------------------------------------

# The dossiers the counters received, as their events and the agencies' decisions left them.
dossiers = sa.Table(
    "dossiers",
    metadata,
    sa.Column("code", sa.String(64), primary_key=True),  # mã hồ sơ
    sa.Column("id", sa.String(100), nullable=False),  # the counter's UUID
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
    # The only trace of the applicant the public tracking page may show.
    sa.Column("applicant_initials", sa.String(40), nullable=False),
    # The dossier.received event (device_id, seq) holding the applicant's particulars and the
    # documents: read from there for the agency's detail page rather than copied at every
    # upload, so personal data is stored once and ingest stays fast.
    sa.Column("received_seq", sa.BigInteger, nullable=False),
    sa.Column("batch_id", sa.String(100), index=True),
    sa.Column("note", sa.Text, nullable=False, server_default=""),  # the agency's last note
    sa.Column("updated_at", sa.String(40), nullable=False),
    sa.Index("ix_dossiers_agency_office", "agency", "office_code"),
    # A counter's day (migration 0003): the day-close check reads the dossiers it received.
    sa.Index("ix_dossiers_device_received", "device_id", "received_at"),
    sa.Index("ix_dossiers_s10", "s10"),
)

# Sealed hand-over batches (Biên bản giao nhận), one per printed record.
handover_batches = sa.Table(
    "handover_batches",
    metadata,
    sa.Column("id", sa.String(100), primary_key=True),
    sa.Column("number", sa.String(40), nullable=False, index=True),  # BG-YYYYMMDD-NN, per counter
    sa.Column("office_code", sa.String(32), nullable=False),
    sa.Column("device_id", sa.String(100), nullable=False),
    sa.Column("agency", sa.Text, nullable=False),
    sa.Column("sealed_at", sa.String(64), nullable=False),
    sa.Column("confirmed_at", sa.String(40)),
    sa.Column("count", sa.Integer, nullable=False),
    sa.Index("ix_handover_batches_agency_office", "agency", "office_code"),
)

agency_users = sa.Table(
    "agency_users",
    metadata,
    sa.Column("username", sa.String(64), primary_key=True),
    sa.Column("display_name", sa.Text, nullable=False),
    sa.Column("agency", sa.Text, nullable=False),
    sa.Column("office_code", sa.String(32), sa.ForeignKey("offices.code")),  # NULL: every office
    sa.Column("password_hash", sa.String(200), nullable=False),  # scrypt$n$r$p$salt$digest
    sa.Column("failed_count", sa.Integer, nullable=False, server_default="0"),
    sa.Column("locked_until", sa.String(40)),
    sa.Column("created_at", sa.String(40), nullable=False),
)

agency_sessions = sa.Table(
    "agency_sessions",
    metadata,
    sa.Column("token_sha256", sa.String(64), primary_key=True),
    sa.Column(
        "username",
        sa.String(64),
        sa.ForeignKey("agency_users.username", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column("csrf_token", sa.String(64), nullable=False),
    sa.Column("expires_at", sa.String(40), nullable=False),
)

# Every status move the hub learnt of, from a counter's event or an agency's decision.
status_log = sa.Table(
    "status_log",
    metadata,
    sa.Column("id", SERIAL, primary_key=True, autoincrement=True),
    sa.Column("code", sa.String(64), nullable=False, index=True),
    sa.Column("status", sa.String(32), nullable=False),
    sa.Column("action", sa.String(40), nullable=False),
    sa.Column("note", sa.Text, nullable=False, server_default=""),
    sa.Column("at", sa.String(64), nullable=False),
    sa.Column("by", sa.String(200), nullable=False),  # counter:<device> | agency:<user> | cli:…
    # False: recorded for review only (e.g. an unknown status value); the projection kept its own.
    sa.Column("applied", sa.Boolean, nullable=False),
    # Why the move did not fit what the hub knew (it is applied anyway when it is the counter's).
    sa.Column("warning", sa.Text),
    sqlite_autoincrement=True,
)


# -- end-of-day closes (migration 0003) ------------------------------------------------------------

# Each counter's sealed day (the day.closed event's manifest) and what the hub answered.
day_manifests = sa.Table(
    "day_manifests",
    metadata,
    sa.Column("event_id", sa.String(100), primary_key=True),  # the day.closed event
    sa.Column("device_id", sa.String(100), nullable=False),
    sa.Column("office_code", sa.String(32), nullable=False),
    sa.Column("day", sa.String(10), nullable=False),  # YYYY-MM-DD, the counter's local day
    sa.Column("seq", sa.BigInteger, nullable=False),
    sa.Column("supervisor", sa.Text, nullable=False),
    sa.Column("manifest_sha256", sa.String(64), nullable=False),  # as the hub computed it
    sa.Column("ack", sa.JSON, nullable=False),  # the day_ack item sent back
    sa.Column("matched", sa.Boolean, nullable=False),
    sa.Column("feed_cursor", sa.BigInteger, nullable=False),
    sa.Column("acknowledged_at", sa.String(40), nullable=False),
    sa.Index("ix_day_manifests_device_day", "device_id", "day"),
    sa.Index("ix_day_manifests_office_day", "office_code", "day"),
)


def normalize_url(url: str) -> str:
    """Accept what an operator types: a file path, ``sqlite:///…`` or ``postgresql://…``."""
    if url.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    if "://" not in url:
        return "sqlite:///" + str(Path(url).expanduser().resolve())
    return url


def make_engine(url: str) -> Engine:
    url = normalize_url(url)
    # hide_parameters: a database error's text (logged with its traceback) would otherwise carry
    # the statement's values — applicants' names, ID numbers, phones.
    if url.startswith("sqlite"):
        engine = sa.create_engine(
            url,
            connect_args={"timeout": 30, "check_same_thread": False},
            hide_parameters=True,
        )
        sa.event.listen(engine, "connect", _sqlite_on_connect)
        sa.event.listen(engine, "begin", _sqlite_begin_immediate)
        return engine
    return sa.create_engine(
        url, pool_size=20, max_overflow=40, pool_pre_ping=True, hide_parameters=True
    )


def _sqlite_on_connect(dbapi_connection: Any, _record: object) -> None:
    # Take over transaction control from the sqlite3 module so "begin" below decides how.
    dbapi_connection.isolation_level = None
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")  # an acknowledged batch must survive a power cut
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def _sqlite_begin_immediate(conn: Connection) -> None:
    # Take the write lock at BEGIN: two uploads of one device then run one after the other,
    # which is what SELECT … FOR UPDATE gives on PostgreSQL.
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def is_postgres(engine: Engine | Connection) -> bool:
    return engine.dialect.name == "postgresql"


def bulk_insert(conn: Connection, table: sa.Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert many rows in the connection's transaction; every row has the first row's keys.

    On PostgreSQL this is COPY: an upload's events and its dossiers go in at a fraction of the
    per-row cost of an executemany INSERT. A duplicate key is raised as SQLAlchemy's
    IntegrityError, as an INSERT would raise it, so callers handle both the same way.
    """
    if not rows:
        return
    if not is_postgres(conn):
        conn.execute(table.insert(), list(rows))
        return
    import psycopg  # only this path needs the driver itself

    names = list(rows[0])
    columns = ", ".join(f'"{n}"' for n in names)
    statement = f'COPY "{table.name}" ({columns}) FROM STDIN'
    driver = conn.connection.driver_connection
    assert driver is not None
    with driver.cursor() as cursor:
        try:
            with cursor.copy(statement) as copy:
                for row in rows:
                    copy.write_row([row[n] for n in names])
        except psycopg.IntegrityError as exc:
            raise IntegrityError(statement, None, exc) from exc


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest migration (Alembic ``upgrade head``)."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    with engine.begin() as conn:
        if is_postgres(conn):
            # Several workers may start at once; the first migrates, the others then find head.
            conn.exec_driver_sql("SELECT pg_advisory_xact_lock(7741000001)")
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
