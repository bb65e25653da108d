"""``python -m dashboard [--port 8050] [--host 127.0.0.1] [--db URL]``: serve the timeline.

On the first run the store is empty: the bundled sample article is extracted
into it, so the timeline has something to show.

Other commands live in their own modules, each with ``main(argv) -> int``::

    python -m dashboard export ...   (dashboard.export)
    python -m dashboard users ...    (dashboard.users)
    python -m dashboard db ...       (dashboard.migrations)
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys

from extract.errors import ExtractError
from extract.store import Store, default_url

#: Sub-command -> module with ``main(argv) -> int``; no sub-command serves the dashboard.
COMMANDS = {"export": "dashboard.export", "users": "dashboard.users", "db": "dashboard.migrations"}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv and argv[0] in COMMANDS:
        try:
            module = importlib.import_module(COMMANDS[argv[0]])
        except ModuleNotFoundError:
            print(f"error: 'python -m dashboard {argv[0]}' is not available in this version", file=sys.stderr)
            return 2
        return module.main(argv[1:])
    return serve(argv)


def serve(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m dashboard", description="Serve the news event timeline.")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8050, help="port to listen on (default 8050)")
    parser.add_argument("--db", default=None, help=f"SQLAlchemy URL of the store (default $DATABASE_URL or {default_url()})")
    parser.add_argument("--no-sample", action="store_true", help="do not add the bundled sample to an empty store")
    parser.add_argument("--debug", action="store_true", help="Dash debug mode (reloads on code changes)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")

    from dashboard import adding
    from dashboard.app import create_app

    try:
        store = Store(args.db)
    except ExtractError as exc:  # a store that cannot be opened, or an out-of-date schema
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    if not args.no_sample:
        try:
            added = adding.seed_sample(store)
        except (ExtractError, adding.AddError) as exc:
            print(f"The sample article could not be extracted: {exc}", file=sys.stderr)
        else:
            if added is not None:
                print(f"First run: the sample article was extracted into {store.display_url}. {added.message()}")
    app = create_app(store)
    from dashboard import auth, team

    team.install(
        app,
        store,
        enabled=auth.required(args.host),
        secret_key=os.environ.get("TIMELINE_SECRET_KEY"),
        secure_cookies=auth.secure_cookies(),
    )
    print(f"Serving the timeline on http://{args.host}:{args.port}/  (store: {store.display_url})")
    app.run(host=args.host, port=args.port, debug=args.debug)
    return 0


if __name__ == "__main__":
    sys.exit(main())
