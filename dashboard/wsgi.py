"""The WSGI entry point for a production server: ``gunicorn "dashboard.wsgi:server"``.

Configured by environment variables (README.md, "Hosting the dashboard for a team")::

    DATABASE_URL             the store, e.g. postgresql+psycopg://timeline:PASSWORD@db/timeline
    TIMELINE_SECRET_KEY      signs session cookies; the same for every worker (required with sign-in)
    TIMELINE_AUTH            1 (default here) sign-in required; 0 only behind another gate
    TIMELINE_SECURE_COOKIES  1 (default) cookies only over HTTPS; 0 for plain-HTTP tests
    TIMELINE_DB_POOL         connections per worker (default 5)
    TIMELINE_PROXY_HOPS      proxies in front (default 0): trust that many X-Forwarded-For/-Proto hops
    TIMELINE_OIDC_*          single sign-on, see dashboard.auth
    TIMELINE_CACHE, TIMELINE_CACHE_DIR, TIMELINE_CACHE_MB   the workers' shared answers, see dashboard.cache
    TIMELINE_INDEX_MAX_EVENTS  above this many events views are counted by the database, not in
                             each worker's memory (default 500000; about 450 bytes per event)
    TIMELINE_ROWS_KEPT       rows of the events last shown each worker keeps (default 90000;
                             about 0.7 KB each plus their sentences), 0 for none

Each gunicorn worker imports this module and opens its own connection pool;
the schema must be at the newest revision (``python -m dashboard db upgrade``).
"""

from __future__ import annotations

import gc
import logging
import os

from werkzeug.middleware.proxy_fix import ProxyFix

from dashboard import auth, cache, team
from dashboard.app import create_app
from dashboard.callbacks import INDEX_MAX_EVENTS
from extract.index import ROWS_KEPT
from extract.store import Store

#: gunicorn's own log (its handlers are set in every worker); outside gunicorn warnings reach stderr.
log = logging.getLogger("gunicorn.error")


def whole_number(name: str, default: int) -> int:
    """The environment variable ``name`` as a number of at least 0 (``default`` when unset)."""
    text = os.environ.get(name, "").strip()
    if not text:
        return default
    if not text.isdigit():
        raise RuntimeError(f"{name}={text!r} is not a whole number of 0 or more (unset, it is {default})")
    return int(text)


def build():
    enabled = auth.required(None)
    if enabled and not os.environ.get("TIMELINE_SECRET_KEY"):
        raise RuntimeError(
            "Set TIMELINE_SECRET_KEY (the same for every worker), e.g. "
            "export TIMELINE_SECRET_KEY=$(python -c 'import secrets; print(secrets.token_urlsafe(32))')"
        )
    store = Store(os.environ.get("DATABASE_URL"), pool_size=whole_number("TIMELINE_DB_POOL", 5))
    if not os.environ.get("DATABASE_URL"):
        # Easy to miss in a new shell or a service unit: the team's users are in another database.
        log.warning(
            "DATABASE_URL is not set: serving the SQLite file %s in %s, not a team database "
            "(set DATABASE_URL=postgresql+psycopg://USER:PASSWORD@HOST:5432/DB)",
            store.display_url,
            os.getcwd(),
        )
    log.info("Serving the store %s, sign-in %s", store.display_url, "on" if enabled else "off")
    app = create_app(
        store,
        cache=cache.from_environment(store.url),
        index_max_events=whole_number("TIMELINE_INDEX_MAX_EVENTS", INDEX_MAX_EVENTS),
        rows_kept=whole_number("TIMELINE_ROWS_KEPT", ROWS_KEPT),
        freeze_indexes=True,  # see quiet_collector
    )
    team.install(
        app,
        store,
        enabled=enabled,
        secret_key=os.environ.get("TIMELINE_SECRET_KEY"),
        secure_cookies=auth.secure_cookies(),
    )
    # ready before the first request: the facets and the index are read now (about a second at
    # 100,000 events), not while the first users wait, as gunicorn starts a worker before it serves
    app._timeline_callbacks.warm()
    hops = whole_number("TIMELINE_PROXY_HOPS", 0)
    if hops:
        app.server.wsgi_app = ProxyFix(app.server.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    return app


#: The collector's thresholds in a hosted worker: a full pass after 100 passes of the middle
#: generation instead of 10 (see :func:`quiet_collector`).
GC_THRESHOLDS = (700, 10, 100)


def quiet_collector() -> None:
    """Keep the worker's long-lived objects out of the garbage collector's full passes.

    A full pass walks every object the worker holds (the app, its libraries, the
    index, the rows kept): 110-220 ms at 100,000 events, a dozen times per
    thousand views, and every request queued behind it waits.  What exists once
    the app is built is frozen (``gc.freeze``: never freed by the collector, still
    by reference counting), as is each index when it is loaded
    (``Callbacks.reader``), and full passes are made rarer; the young generations
    are collected as before.
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


app = build()
server = app.server
quiet_collector()
