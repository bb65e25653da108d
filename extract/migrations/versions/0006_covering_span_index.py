"""The events' span index also holds the id, so it covers what counts and lane joins read.

Revision ID: 0006
Revises: 0005

Counting events in a range, per category or joined by id to their actors or
sources then reads the index alone (an index-only scan on PostgreSQL), not the
events' rows, which carry the whole record and are about 1 KB each.
"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_events_span", table_name="events")
    op.create_index("ix_events_span", "events", ["start_ts", "end_ts", "category", "modality", "id"])


def downgrade() -> None:
    op.drop_index("ix_events_span", table_name="events")
    op.create_index("ix_events_span", "events", ["start_ts", "end_ts", "category", "modality"])
