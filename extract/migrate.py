"""The store's schema versions: Alembic, configured in code (no alembic.ini).

The revisions live in ``extract/migrations/versions``; ``0001`` is the schema
before team hosting (articles and events), ``0002`` adds users, saved views
and sign-in attempts.  :func:`ensure_schema` runs whenever a :class:`Store`
opens a database:

    no ``articles`` table      create every table and stamp the newest revision
    stamped with the newest    nothing to do
    anything else              :class:`SchemaOutOfDate`, naming the upgrade command

The command line (``python -m dashboard db ...``) is :mod:`dashboard.migrations`.
"""

from __future__ import annotations

import functools
import logging
from pathlib import Path

import sqlalchemy as sa

logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)  # "setup plugin ..." on every start

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

MIGRATIONS = Path(__file__).resolve().parent / "migrations"

#: Any constant: the PostgreSQL advisory lock that lets one process at a time create the schema.
_LOCK_KEY = 7_406_2001


def config(url: str, connection=None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


@functools.cache
def head() -> str:
    """The newest revision this code knows."""
    return ScriptDirectory(str(MIGRATIONS)).get_current_head()


def current(conn) -> str | None:
    return MigrationContext.configure(conn).get_current_revision()


def upgrade_command(url: str) -> str:
    """The command that upgrades the store at ``url``: no ``--db`` when the command would find it by
    itself ($DATABASE_URL, else the SQLite default), since a printed URL has its password masked."""
    from extract.store import default_url

    if url == default_url():
        return "python -m dashboard db upgrade"
    parsed = sa.make_url(url)
    shown = parsed.render_as_string(hide_password=True)
    hint = " (your password in place of ***)" if parsed.password else ""
    return f"python -m dashboard db upgrade --db '{shown}'{hint}"


def ensure_schema(engine: sa.Engine, url: str) -> None:
    """Create and stamp an empty database; refuse one whose schema is not the newest."""
    from extract.store import SchemaOutOfDate, metadata

    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":  # workers starting together: one creates, the others wait
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
        if not sa.inspect(conn).has_table("articles"):
            metadata.create_all(conn)
            alembic_log = logging.getLogger("alembic")
            level = alembic_log.level
            alembic_log.setLevel(logging.WARNING)  # a first run says nothing about plugins and stamps
            try:
                command.stamp(config(url, conn), "head", purge=True)
            finally:
                alembic_log.setLevel(level)
            return
        found = current(conn)
    if found != head():
        state = "has no schema version (made before migrations)" if found is None else f"is at revision {found}"
        raise SchemaOutOfDate(
            f"The store's schema {state}; this version of the code needs revision {head()}. "
            f"Upgrade it with: {upgrade_command(url)}"
        )


def upgrade(engine: sa.Engine, url: str, revision: str = "head") -> tuple[str | None, str]:
    """Bring the schema to ``revision``; (before, after).  A store made before
    migrations (tables but no version) is first stamped with ``0001``, which
    is exactly its schema."""
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
        before = current(conn)
        if before is None and sa.inspect(conn).has_table("articles"):
            command.stamp(config(url, conn), "0001")
        command.upgrade(config(url, conn), revision)
        after = current(conn)
    return before, after
