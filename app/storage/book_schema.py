"""Schema step 8: the tracking book's yearly numbers (Mẫu 06) and lost or damaged dossiers.

A book number is given once, in received order, the first time the book is printed or a report
is made, and never changes or comes back (TT 01/2018: the numbers run through the year and never
restart); the triggers make that a property of the file, not of the code that writes it.
"""

from __future__ import annotations

BOOK_SCHEMA = """
        CREATE TABLE book_numbers (
            dossier_id TEXT PRIMARY KEY REFERENCES dossiers(id),
            year       INTEGER NOT NULL,
            number     INTEGER NOT NULL CHECK (number > 0),
            UNIQUE (year, number)
        ) WITHOUT ROWID;
        CREATE TRIGGER book_numbers_no_update BEFORE UPDATE ON book_numbers
        BEGIN SELECT RAISE(ABORT, 'book numbers never change'); END;
        CREATE TRIGGER book_numbers_no_delete BEFORE DELETE ON book_numbers
        BEGIN SELECT RAISE(ABORT, 'book numbers are never reused'); END;
        -- TT 17/2017 Art 7: the reports count the dossiers lost or damaged by the post.
        CREATE TABLE dossier_incidents (
            id         INTEGER PRIMARY KEY,
            dossier_id TEXT NOT NULL REFERENCES dossiers(id),
            kind       TEXT NOT NULL CHECK (kind IN ('lost', 'damaged')),
            at         TEXT NOT NULL,
            note       TEXT NOT NULL DEFAULT '',
            staff      TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX dossier_incidents_dossier ON dossier_incidents(dossier_id, at);
        CREATE INDEX dossier_incidents_at ON dossier_incidents(at);
"""
