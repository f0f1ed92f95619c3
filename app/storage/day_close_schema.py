"""Schema step 7: end-of-day close (Chốt ngày).

``day_closes`` holds one row per closed day: the figures the supervisor signed (the manifest, as
appended in the ``day.closed`` event) and, once it arrives, the hub's acknowledgement. A closed
day is read-only at the lowest level: a trigger refuses any event dated on it, except the hub's
own (feed items applied later), prints, sign-ins and the close and acknowledgement themselves.
``app.storage.db.transaction`` turns the trigger's abort into a Vietnamese DomainError.
"""

from __future__ import annotations

DAY_CLOSE_SCHEMA = """
        CREATE TABLE day_closes (
            day               TEXT PRIMARY KEY,  -- YYYY-MM-DD, the counter's local (+07:00) day
            closed_at         TEXT NOT NULL,
            supervisor        TEXT NOT NULL,     -- username of the account that closed it
            supervisor_name   TEXT NOT NULL,
            expected          INTEGER NOT NULL,  -- VND: fees + postage + collected at returns
            counted           INTEGER NOT NULL,  -- VND: cash counted
            difference        INTEGER NOT NULL,  -- counted - expected
            reason            TEXT NOT NULL DEFAULT '',
            manifest          TEXT NOT NULL,     -- canonical JSON, as in the day.closed event
            manifest_sha256   TEXT NOT NULL,
            event_seq         INTEGER NOT NULL,  -- the day.closed event of this device
            unsynced_at_close INTEGER NOT NULL,  -- the day's events the hub had not acknowledged
            hub_ack           TEXT,              -- JSON of the hub's day_ack; NULL until it comes
            acknowledged_at   TEXT
        ) WITHOUT ROWID;
        -- Only the hub's acknowledgement may be filled in later; the signed figures never change.
        CREATE TRIGGER day_closes_sealed BEFORE UPDATE OF
            day, closed_at, supervisor, supervisor_name, expected, counted, difference, reason,
            manifest, manifest_sha256, event_seq, unsynced_at_close
        ON day_closes
        BEGIN SELECT RAISE(ABORT, 'day closes are sealed'); END;
        CREATE TRIGGER day_closes_no_delete BEFORE DELETE ON day_closes
        BEGIN SELECT RAISE(ABORT, 'day closes are sealed'); END;

        -- A closed day takes no new event of the day's business (dossiers, hand-overs, returns,
        -- money). Still let through: the hub's news (actor 'hub'), the close and its
        -- acknowledgement, and the audit trail's records of things that change no figure of the
        -- day: prints, sign-ins, exports and reports, accounts, and the counter's configuration
        -- (enrolment, office, catalog), which an evening after the close must not block.
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
            AND EXISTS (SELECT 1 FROM day_closes WHERE day = substr(NEW.at, 1, 10))
        BEGIN SELECT RAISE(ABORT, 'day_closed'); END;
        -- A dossier entered later with a receipt time on a closed day (an import of paper
        -- dossiers) would change that day's count though its event is dated today.
        CREATE TRIGGER dossiers_closed_day BEFORE INSERT ON dossiers
        WHEN EXISTS (SELECT 1 FROM day_closes WHERE day = NEW.received_day)
        BEGIN SELECT RAISE(ABORT, 'day_closed'); END;

        -- The day's figures read the day's events and returns by time: without these a close
        -- would scan the whole log (a million events after a few years).
        CREATE INDEX events_device_at ON events(device_id, at);
        CREATE INDEX dossier_returns_day ON dossier_returns(returned_at);
"""
