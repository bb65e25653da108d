"""PostgreSQL: a trigram index for the free-text search (``LIKE '%word%'`` without a full scan).

Revision ID: 0003
Revises: 0002

pg_trgm is a trusted extension (PostgreSQL 13+): the database's owner may create it.
SQLite has no such index; its search stays a scan.
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.execute("CREATE INDEX IF NOT EXISTS ix_events_search_trgm ON events USING gin (search_text gin_trgm_ops)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_events_search_trgm")
