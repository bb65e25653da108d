"""A live dashboard in a thread and headless Debian Chromium driven by Playwright.

The tests skip (saying why) only when no Chromium is installed and ``CI`` is
unset; in CI a missing browser is a failure.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import threading
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"


def _no_browser_reason() -> str | None:
    if Path(CHROMIUM).exists():
        return None
    return f"no Chromium at {CHROMIUM} (apt-get install -y chromium)"


@pytest.fixture(scope="session")
def browser():
    reason = _no_browser_reason()
    if reason and not os.environ.get("CI"):
        print(f"\nbrowser tests skipped: {reason}")
        pytest.skip(reason)
    if reason:
        pytest.fail(f"CI is set but {reason}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield instance
        instance.close()


def _extract():
    """The real pipeline when it exists, else a stand-in that makes one event per article."""
    import extract

    if getattr(extract, "extract_events", None) is not None:
        return None

    def stand_in(articles):
        events = []
        for a in articles:
            sentence = a.text.strip().split("\n")[0][:200]
            day = dt.datetime.combine(a.published, dt.time()) if not isinstance(a.published, dt.datetime) else a.published
            events.append({
                "id": f"ev-{a.id}", "category": "talks", "modality": "asserted", "value": f"{day:%Y-%m-%d}",
                "start": day.isoformat(), "end": (day + dt.timedelta(days=1)).isoformat(), "grain": "day",
                "time_text": "", "sentence": sentence, "actors": [], "places": [],
                "sources": [{"article_id": a.id, "sentence": sentence, "start": 0, "end": len(sentence)}],
                "published": a.published.isoformat(), "published_inferred": a.published_inferred, "rule": "stand-in",
                "schema_version": 1,
            })  # fmt: skip
        return events

    return stand_in


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    from werkzeug.serving import make_server

    from dashboard import create_app, team
    from dashboard.fake import generate
    from extract.store import Store

    path = tmp_path_factory.mktemp("store") / "browser.db"
    store = Store(f"sqlite:///{path}")
    store.add(*generate(120, start=dt.date(2022, 2, 1), days=15))
    app = create_app(store, extract=_extract())
    team.install(app, store, enabled=False)  # as `python -m dashboard` serves it on 127.0.0.1
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", store
    server.shutdown()
    store.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    pg = context.new_page()
    errors = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    yield pg
    context.close()
    assert not errors, errors


@pytest.fixture(scope="session")
def screenshots():
    SCREENSHOTS.mkdir(exist_ok=True)
    return SCREENSHOTS
