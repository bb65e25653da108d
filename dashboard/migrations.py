"""``python -m dashboard db {upgrade,current} [--db URL]``: the store's schema version.

``upgrade`` brings the schema to the newest revision (a store made before
migrations is recognised as revision 0001 first); ``current`` prints the
revision a database is at and the one this code needs.  Revisions live in
``extract/migrations`` and are applied through :mod:`extract.migrate`.
"""

from __future__ import annotations

import argparse
import sys

import sqlalchemy as sa

from extract import migrate
from extract.store import Store, default_url


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m dashboard db", description="Manage the store's schema version.")
    parser.add_argument("action", choices=("upgrade", "current"))
    parser.add_argument(
        "--db", default=None, help=f"SQLAlchemy URL of the store (default $DATABASE_URL or {default_url()})"
    )
    parser.add_argument("--revision", default="head", help="upgrade to this revision (default: the newest)")
    args = parser.parse_args(argv)
    store = Store(args.db, check_schema=False)
    try:
        if args.action == "current":
            with store.engine.connect() as conn:
                found = migrate.current(conn)
            print(f"{store.display_url}: revision {found or '(none)'}; this code needs {migrate.head()}")
            return 0 if found == migrate.head() else 1
        if not _has_tables(store.engine):
            store.close()
            store = Store(args.db)  # an empty database: create and stamp
            print(f"{store.display_url}: created the schema at revision {migrate.head()}")
            return 0
        before, after = migrate.upgrade(store.engine, store.url, args.revision)
        print(f"{store.display_url}: revision {before or '(none)'} -> {after}")
        return 0
    except sa.exc.OperationalError as exc:
        print(f"error: cannot reach the store {store.display_url}: {exc.orig}", file=sys.stderr)
        return 1
    finally:
        store.close()


def _has_tables(engine: sa.Engine) -> bool:
    with engine.connect() as conn:
        return sa.inspect(conn).has_table("articles")
