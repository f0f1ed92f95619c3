"""Alembic migrations of the hub's schema; run by ``hub.db.upgrade`` when the hub starts."""
