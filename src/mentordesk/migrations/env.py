"""Alembic environment: MentorDesk always passes an open connection in `config.attributes`."""

from __future__ import annotations

from alembic import context

from mentordesk.model import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only for a developer running `alembic` by hand
    raise RuntimeError("MentorDesk migrations run through mentordesk.storage.migrate")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things; batch mode rebuilds the table
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
