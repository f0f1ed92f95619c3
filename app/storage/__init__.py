"""Local SQLite storage (sqlite-utils): schema, migrations, repositories, the event log, search."""
