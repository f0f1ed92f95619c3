"""Alembic environment: the hub always passes its own connection (see ``hub.db.upgrade``)."""

from __future__ import annotations

from alembic import context

from hub.db import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise SystemExit(
        "Hãy chạy di chuyển lược đồ qua `motcua-hub serve` (tự nâng cấp khi khởi động), "
        "không chạy lệnh alembic trực tiếp."
    )
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
