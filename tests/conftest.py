"""Fixtures shared by the store tests: one store URL per backend, wiped before each test."""

from __future__ import annotations

import os

import pytest
import sqlalchemy as sa

from extract import store as store_module


def wipe(url: str) -> None:
    """Drop every table of the store (and Alembic's) from the database at ``url``."""
    engine = sa.create_engine(url)
    store_module.metadata.drop_all(engine)
    with engine.begin() as conn:
        conn.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path) -> str:
    """An empty store's URL: a SQLite file, and PostgreSQL when TEST_DATABASE_URL names one."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    return _postgresql()


@pytest.fixture
def postgresql_url() -> str:
    """An empty PostgreSQL store's URL, for what only PostgreSQL has (a pool of server connections)."""
    return _postgresql()


def _postgresql() -> str:
    found = os.environ.get("TEST_DATABASE_URL")
    if not found:
        pytest.skip("PostgreSQL: set TEST_DATABASE_URL=postgresql+psycopg://USER:PASSWORD@HOST/DB to run this")
    wipe(found)
    return found


@pytest.fixture
def wipe_store():
    """:func:`wipe`, for a test that empties its store half-way."""
    return wipe
