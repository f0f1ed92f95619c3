"""Numbered schema migrations. ``PRAGMA user_version`` holds the version reached.

Each step runs in its own transaction, so a failure leaves the database at the previous version.
Never edit a released step: add a new one. Tests migrate from every earlier version.
"""

from __future__ import annotations

from app.storage.book_schema import BOOK_SCHEMA
from app.storage.connection import Database
from app.storage.day_close_schema import DAY_CLOSE_SCHEMA

_M1_CORE = """
        CREATE TABLE settings (
            key   TEXT PRIMARY KEY,
            value TEXT NOT NULL             -- JSON
        );
        CREATE TABLE procedures (
            code            TEXT PRIMARY KEY,
            name            TEXT NOT NULL,
            name_folded     TEXT NOT NULL,
            field           TEXT NOT NULL,
            agency          TEXT NOT NULL,
            by_post         INTEGER NOT NULL,
            processing_days INTEGER NOT NULL,
            catalog_version TEXT NOT NULL,
            data            TEXT NOT NULL   -- the catalog entry as JSON (catalog_format)
        );
        CREATE TABLE routes (
            code TEXT PRIMARY KEY,
            data TEXT NOT NULL
        );
        CREATE TABLE calendar_overrides (
            day     TEXT PRIMARY KEY,       -- YYYY-MM-DD
            working INTEGER NOT NULL,       -- 1 = swapped working day, 0 = extra day off
            note    TEXT NOT NULL DEFAULT '',
            source  TEXT NOT NULL DEFAULT 'local'
        );
        CREATE TABLE dossiers (
            id                 TEXT PRIMARY KEY,     -- UUID made on this device
            code               TEXT NOT NULL UNIQUE, -- mã hồ sơ
            s10                TEXT NOT NULL UNIQUE,
            procedure_code     TEXT NOT NULL REFERENCES procedures(code),
            procedure_name     TEXT NOT NULL,
            agency             TEXT NOT NULL,
            status             TEXT NOT NULL,
            received_at        TEXT NOT NULL,        -- ISO 8601 with +07:00
            received_day       TEXT NOT NULL,        -- YYYY-MM-DD, for day filters and codes
            code_seq           INTEGER NOT NULL,
            appointment_at     TEXT NOT NULL,
            handover_due       TEXT NOT NULL,
            processing_days    INTEGER NOT NULL,
            return_method      TEXT NOT NULL,
            delivery_address   TEXT NOT NULL DEFAULT '',
            full_name          TEXT NOT NULL,
            id_number          TEXT NOT NULL,
            date_of_birth      TEXT NOT NULL,
            sex                TEXT NOT NULL,
            phone              TEXT NOT NULL,
            address            TEXT NOT NULL,
            email              TEXT NOT NULL DEFAULT '',
            pages              INTEGER NOT NULL DEFAULT 0,
            copies             INTEGER NOT NULL DEFAULT 1,
            sets               INTEGER NOT NULL DEFAULT 1,
            fees_total         INTEGER NOT NULL,
            postage            INTEGER NOT NULL,
            note               TEXT NOT NULL DEFAULT '',
            staff              TEXT NOT NULL DEFAULT '',
            device_id          TEXT NOT NULL
        );
        CREATE INDEX dossiers_day ON dossiers(received_day, code_seq);
        CREATE INDEX dossiers_status ON dossiers(status, received_day);
        CREATE INDEX dossiers_procedure ON dossiers(procedure_code, received_day);
        CREATE TABLE dossier_documents (
            dossier_id TEXT NOT NULL REFERENCES dossiers(id),
            position   INTEGER NOT NULL,
            name       TEXT NOT NULL,
            kind       TEXT NOT NULL CHECK (kind IN ('original','certified_copy','photocopy')),
            count      INTEGER NOT NULL CHECK (count > 0),
            PRIMARY KEY (dossier_id, position)
        ) WITHOUT ROWID;
        CREATE TABLE dossier_fees (
            dossier_id TEXT NOT NULL REFERENCES dossiers(id),
            position   INTEGER NOT NULL,
            code       TEXT NOT NULL,
            name       TEXT NOT NULL,
            amount     INTEGER NOT NULL CHECK (amount >= 0),
            PRIMARY KEY (dossier_id, position)
        ) WITHOUT ROWID;
        -- The append-only event log; the events after the hub's acknowledged mark are the outbox.
        -- A rowid table on purpose: WITHOUT ROWID pushes ~1 KB payloads into overflow pages.
        CREATE TABLE events (
            device_id TEXT NOT NULL,
            seq       INTEGER NOT NULL,
            id        TEXT NOT NULL UNIQUE,
            type      TEXT NOT NULL,
            entity_id TEXT NOT NULL DEFAULT '',
            payload   TEXT NOT NULL,          -- canonical JSON
            at        TEXT NOT NULL,
            actor     TEXT NOT NULL DEFAULT '',
            prev_hash TEXT NOT NULL,
            hash      TEXT NOT NULL,
            UNIQUE (device_id, seq)
        );
        CREATE INDEX events_entity ON events(entity_id);
        CREATE TRIGGER events_no_update BEFORE UPDATE ON events
        BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
        CREATE TRIGGER events_no_delete BEFORE DELETE ON events
        BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
"""


# Folded copies (Nguyễn → nguyen) live only in the index; the tables keep NFC text.
_M2_SEARCH = """
        CREATE VIRTUAL TABLE dossier_search USING fts5(
            code, s10, name, id_number, phone,
            tokenize = 'unicode61 remove_diacritics 2',
            prefix = '2'
        );
        INSERT INTO dossier_search(rowid, code, s10, name, id_number, phone)
            SELECT rowid, lower(code), lower(s10), fold(full_name), id_number, phone FROM dossiers;
"""


# Ranges are allocated ahead of time (by the hub, or locally for an offline counter) so that
# numbers are never "server count + 1" and two devices never issue the same one.
_M3_NUMBER_RANGES = """
        CREATE TABLE number_ranges (
            id         INTEGER PRIMARY KEY,
            kind       TEXT NOT NULL CHECK (kind IN ('s10', 'code_seq')),
            prefix     TEXT NOT NULL DEFAULT '',  -- s10: the service indicator
            lo         INTEGER NOT NULL,
            hi         INTEGER NOT NULL,
            next       INTEGER NOT NULL,          -- s10 only: the next serial to use
            source     TEXT NOT NULL DEFAULT 'local',
            created_at TEXT NOT NULL,
            CHECK (lo <= hi AND next >= lo AND next <= hi + 1)
        );
        CREATE INDEX number_ranges_kind ON number_ranges(kind, id);
"""


# Every item of the hub's downstream feed, as applied or kept aside: agency statuses this version
# does not know yet, official codes, items that could not be applied (for a person to look at).
_M4_DOWNSTREAM_LOG = """
        CREATE TABLE downstream_log (
            id          INTEGER PRIMARY KEY,
            cursor      INTEGER NOT NULL,          -- the hub's feed cursor of the item
            kind        TEXT NOT NULL,
            data        TEXT NOT NULL,             -- the item's data as JSON
            outcome     TEXT NOT NULL CHECK (outcome IN ('applied', 'kept', 'failed')),
            message     TEXT NOT NULL DEFAULT '',  -- Vietnamese: why kept or failed
            received_at TEXT NOT NULL
        );
        CREATE INDEX downstream_log_outcome ON downstream_log(outcome, id);
"""


# The dossier's life after intake (issue 5): hand-over batches to the agencies (a dossier is handed
# over once), invitations and delivery attempts, and the return to the citizen with its ID check.
_M5_LIFECYCLE = """
        ALTER TABLE dossiers ADD COLUMN status_at TEXT NOT NULL DEFAULT '';
        ALTER TABLE dossiers ADD COLUMN agency_due TEXT NOT NULL DEFAULT '';  -- YYYY-MM-DD
        CREATE INDEX dossiers_open ON dossiers(status, appointment_at);
        CREATE TABLE handover_batches (
            id         TEXT PRIMARY KEY,
            number     TEXT NOT NULL UNIQUE,      -- BG-YYYYMMDD-NN-counter, printed and scanned
            agency     TEXT NOT NULL,
            created_at TEXT NOT NULL,
            sealed_at  TEXT,                      -- set at the first print; then read-only
            prints     INTEGER NOT NULL DEFAULT 0,
            staff      TEXT NOT NULL DEFAULT ''
        );
        CREATE TABLE handover_items (
            batch_id   TEXT NOT NULL REFERENCES handover_batches(id),
            dossier_id TEXT NOT NULL UNIQUE REFERENCES dossiers(id),
            position   INTEGER NOT NULL,
            PRIMARY KEY (batch_id, position)
        ) WITHOUT ROWID;
        CREATE TABLE dossier_contacts (
            id         INTEGER PRIMARY KEY,
            dossier_id TEXT NOT NULL REFERENCES dossiers(id),
            method     TEXT NOT NULL CHECK (method IN ('letter', 'call', 'delivery_attempt')),
            on_day     TEXT NOT NULL,
            at         TEXT NOT NULL,
            note       TEXT NOT NULL DEFAULT '',
            staff      TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX dossier_contacts_dossier ON dossier_contacts(dossier_id, on_day);
        CREATE TABLE dossier_returns (
            dossier_id         TEXT PRIMARY KEY REFERENCES dossiers(id),
            returned_at        TEXT NOT NULL,
            receiver_name      TEXT NOT NULL,
            receiver_id_number TEXT NOT NULL,
            proxy              INTEGER NOT NULL,
            authorisation      TEXT NOT NULL DEFAULT '',
            amount_collected   INTEGER NOT NULL DEFAULT 0 CHECK (amount_collected >= 0),
            staff              TEXT NOT NULL DEFAULT ''
        ) WITHOUT ROWID;
"""


# Issue 6: people and roles. Secrets are memory-hard hashes (app.services.accounts says which).
_M6_ACCOUNTS = """
        CREATE TABLE accounts (
            username     TEXT PRIMARY KEY,
            display_name TEXT NOT NULL,
            role         TEXT NOT NULL CHECK (role IN ('counter', 'supervisor', 'admin')),
            secret_hash  TEXT NOT NULL,
            failed       INTEGER NOT NULL DEFAULT 0,  -- wrong secrets since the last success
            locked_until TEXT,                        -- ISO time; NULL when not locked
            active       INTEGER NOT NULL DEFAULT 1,
            created_at   TEXT NOT NULL
        );
        -- The audit anchor (app.services.audit): per device, the last event appended, how many
        -- were ever appended, and the hash of the event the hub acknowledged. Kept by triggers so
        -- every writer (append_event, the demo's bulk insert, an attacker's own connection)
        -- moves it without Python code; deleting the newest rows, or renumbering and rehashing
        -- the chain, then no longer matches it. Appends come in sequence order, so the newest
        -- insert is the head (an insert in the middle moves the head back, and is seen).
        CREATE TABLE events_head (
            device_id  TEXT PRIMARY KEY,
            seq        INTEGER NOT NULL,
            hash       TEXT NOT NULL,
            appended   INTEGER NOT NULL,
            acked_seq  INTEGER NOT NULL DEFAULT 0,
            acked_hash TEXT NOT NULL DEFAULT ''
        );
        INSERT INTO events_head(device_id, seq, hash, appended)
            SELECT device_id, max(seq), hash, count(*) FROM events GROUP BY device_id;
        CREATE TRIGGER events_head_track AFTER INSERT ON events
        BEGIN
            INSERT INTO events_head(device_id, seq, hash, appended)
                VALUES (NEW.device_id, NEW.seq, NEW.hash, 1)
                ON CONFLICT(device_id) DO UPDATE SET
                    seq = excluded.seq, hash = excluded.hash, appended = appended + 1;
        END;
        -- The hub's acknowledged mark (settings 'sync.acked_seq', JSON integer) pins the hash the
        -- hub holds for this device's events up to it.
        CREATE TRIGGER events_acked_insert AFTER INSERT ON settings
        WHEN NEW.key = 'sync.acked_seq'
        BEGIN
            UPDATE events_head SET
                acked_seq = CAST(NEW.value AS INTEGER),
                acked_hash = coalesce((SELECT e.hash FROM events e
                    WHERE e.device_id = events_head.device_id
                    AND e.seq = CAST(NEW.value AS INTEGER)), '')
            WHERE device_id = trim((SELECT value FROM settings WHERE key = 'device.id'), '"');
        END;
        CREATE TRIGGER events_acked_update AFTER UPDATE OF value ON settings
        WHEN NEW.key = 'sync.acked_seq'
        BEGIN
            UPDATE events_head SET
                acked_seq = CAST(NEW.value AS INTEGER),
                acked_hash = coalesce((SELECT e.hash FROM events e
                    WHERE e.device_id = events_head.device_id
                    AND e.seq = CAST(NEW.value AS INTEGER)), '')
            WHERE device_id = trim((SELECT value FROM settings WHERE key = 'device.id'), '"');
        END;
        -- Backfill: a counter that already synced pins the hash it holds now.
        UPDATE settings SET value = value WHERE key = 'sync.acked_seq';
"""


# Leased blocks (docs/sync-protocol.md, "Numbers"): the hub's lease id, and for a slice of daily
# dossier sequences the days it may be used (NULL: every day, as for a provisional slice).
# A restore from an old backup must not reopen a day a supervisor closed after it: the numbers
# journal (app/storage/number_journal.py) lists closed days, and a day it lists that the restored
# database has no close for is kept here; the closed-day triggers check both tables.
_M9_LEASES = """
        ALTER TABLE number_ranges ADD COLUMN lease_id TEXT;
        ALTER TABLE number_ranges ADD COLUMN valid_from TEXT;
        ALTER TABLE number_ranges ADD COLUMN valid_to TEXT;
        CREATE TABLE closed_days_kept (
            day      TEXT PRIMARY KEY,  -- YYYY-MM-DD
            kept_at  TEXT NOT NULL      -- when a restore found it closed in the journal
        ) WITHOUT ROWID;
        DROP TRIGGER events_closed_day;
        CREATE TRIGGER events_closed_day BEFORE INSERT ON events
        WHEN NEW.actor <> 'hub'
            AND NEW.type NOT IN ('day.closed', 'day.acknowledged', 'document.printed',
                                 'auth.signed_in', 'auth.signed_out', 'auth.failed')
            AND NEW.type NOT LIKE 'document.%'
            AND NEW.type NOT LIKE 'auth.%'
            AND NEW.type NOT LIKE 'export.%'
            AND NEW.type NOT LIKE 'report.%'
            AND NEW.type NOT LIKE 'account.%'
            AND NEW.type NOT LIKE 'device.%'
            AND NEW.type NOT LIKE 'office.%'
            AND NEW.type NOT LIKE 'catalog.%'
            AND (EXISTS (SELECT 1 FROM day_closes WHERE day = substr(NEW.at, 1, 10))
                 OR EXISTS (SELECT 1 FROM closed_days_kept WHERE day = substr(NEW.at, 1, 10)))
        BEGIN SELECT RAISE(ABORT, 'day_closed'); END;
        -- After a restore, until the hub's copy of this device's events is back (re-hydration),
        -- new events wait here in order: appended to the chain they would fork it from the
        -- events the hub already holds (docs/sync-protocol.md, "Restores").
        CREATE TABLE events_held (
            n          INTEGER PRIMARY KEY,
            id         TEXT NOT NULL UNIQUE,
            type       TEXT NOT NULL,
            entity_id  TEXT NOT NULL,
            payload    TEXT NOT NULL,
            at         TEXT NOT NULL,
            actor      TEXT NOT NULL
        );
        DROP TRIGGER dossiers_closed_day;
        CREATE TRIGGER dossiers_closed_day BEFORE INSERT ON dossiers
        WHEN EXISTS (SELECT 1 FROM day_closes WHERE day = NEW.received_day)
            OR EXISTS (SELECT 1 FROM closed_days_kept WHERE day = NEW.received_day)
        BEGIN SELECT RAISE(ABORT, 'day_closed'); END;
"""


MIGRATIONS: tuple[str, ...] = (
    _M1_CORE,
    _M2_SEARCH,
    _M3_NUMBER_RANGES,
    _M4_DOWNSTREAM_LOG,
    _M5_LIFECYCLE,
    _M6_ACCOUNTS,
    DAY_CLOSE_SCHEMA,
    BOOK_SCHEMA,
    _M9_LEASES,
)
SCHEMA_VERSION = len(MIGRATIONS)


def migrate(db: Database, target: int = SCHEMA_VERSION) -> int:
    """Apply the steps after the current version up to ``target``; return the version reached."""
    current = int(db.execute("PRAGMA user_version").fetchone()[0])
    for version in range(current + 1, target + 1):
        # executescript() commits any open transaction before it starts, so the step carries
        # its own BEGIN/COMMIT; on error the open transaction is rolled back here.
        step = MIGRATIONS[version - 1]
        script = f"BEGIN IMMEDIATE;\n{step}\nPRAGMA user_version = {version};\nCOMMIT;"
        try:
            db.conn.executescript(script)
        except BaseException:
            if db.conn.in_transaction:
                db.conn.execute("ROLLBACK")
            raise
        current = version
    return current
