"""The schema before team hosting: articles, events and what links them.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("id", sa.String(128), primary_key=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("published", sa.String(32)),
        sa.Column("published_inferred", sa.Boolean, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("added_at", sa.String(32), nullable=False),
    )
    op.create_table(
        "events",
        sa.Column("id", sa.String(128), primary_key=True),
        sa.Column("category", sa.String(64), nullable=False),
        sa.Column("modality", sa.String(32), nullable=False),
        sa.Column("value", sa.String(64)),
        sa.Column("grain", sa.String(32)),
        sa.Column("start", sa.String(32)),
        sa.Column("end", sa.String(32)),
        sa.Column("start_ts", sa.Float),
        sa.Column("end_ts", sa.Float),
        sa.Column("time_text", sa.Text, nullable=False),
        sa.Column("sentence", sa.Text, nullable=False),
        sa.Column("actors", sa.Text, nullable=False),
        sa.Column("places", sa.Text, nullable=False),
        sa.Column("n_sources", sa.Integer, nullable=False),
        sa.Column("search_text", sa.Text, nullable=False),
        sa.Column("record", sa.Text, nullable=False),
    )
    op.create_index("ix_events_start_ts", "events", ["start_ts"])
    op.create_index("ix_events_span", "events", ["start_ts", "end_ts", "category", "modality"])
    op.create_index("ix_events_category_start", "events", ["category", "start_ts"])
    op.create_index("ix_events_modality", "events", ["modality"])
    op.create_table(
        "event_sources",
        sa.Column("event_id", sa.String(128), sa.ForeignKey("events.id"), nullable=False),
        sa.Column("article_id", sa.String(128), sa.ForeignKey("articles.id"), nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("sentence", sa.Text, nullable=False),
        sa.Column("time_start", sa.Integer),
        sa.Column("time_end", sa.Integer),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("source_label", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("event_id", "article_id", "start"),
    )
    op.create_index("ix_event_sources_article", "event_sources", ["article_id"])
    op.create_index("ix_event_sources_label", "event_sources", ["source_label"])
    op.create_table(
        "event_actors",
        sa.Column("event_id", sa.String(128), sa.ForeignKey("events.id"), nullable=False),
        sa.Column("actor", sa.String(256), nullable=False),
        sa.PrimaryKeyConstraint("event_id", "actor"),
    )
    op.create_index("ix_event_actors_actor", "event_actors", ["actor"])
    op.create_table(
        "event_places",
        sa.Column("event_id", sa.String(128), sa.ForeignKey("events.id"), nullable=False),
        sa.Column("place", sa.String(256), nullable=False),
        sa.PrimaryKeyConstraint("event_id", "place"),
    )
    op.create_index("ix_event_places_place", "event_places", ["place"])


def downgrade() -> None:
    for table in ("event_places", "event_actors", "event_sources", "events", "articles"):
        op.drop_table(table)
