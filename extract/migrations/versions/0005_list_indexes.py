"""PostgreSQL: GIN indexes on the events' actor and place lists (read as jsonb).

Revision ID: 0005
Revises: 0004

A filter on actors or places is then an index lookup on ``events`` that the
planner combines with the date range, instead of a join with
``event_actors``/``event_places`` that reads every event of a frequent actor.
SQLite keeps the joins.
"""

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

INDEXES = {"ix_events_actors_gin": "actors", "ix_events_places_gin": "places"}


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for name, column in INDEXES.items():
            op.execute(f"CREATE INDEX IF NOT EXISTS {name} ON events USING gin (({column}::jsonb))")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for name in INDEXES:
            op.execute(f"DROP INDEX IF EXISTS {name}")
