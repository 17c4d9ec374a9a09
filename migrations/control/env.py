"""Alembic environment of the control plane (the platform's shared tables).

Run through ``kiblat db upgrade`` / ``kiblat db revision --control``, which pass an open
connection in ``config.attributes["connection"]``.
"""

from alembic import context

from kiblat.migrations.metadata import control_plane_metadata

config = context.config
connection = config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=control_plane_metadata(),
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
