"""The store's generation: one row, bumped by every add or remove that changes something.

Revision ID: 0004
Revises: 0003

Caches of what the dashboard computed from the store key on it (token and
number), so a cached answer is never older than the data it was read from.
"""

import secrets

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    table = op.create_table(
        "store_generation",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("token", sa.String(64), nullable=False),
        sa.Column("generation", sa.BigInteger, nullable=False),
    )
    op.bulk_insert(table, [{"id": 1, "token": secrets.token_hex(8), "generation": 0}])


def downgrade() -> None:
    op.drop_table("store_generation")
