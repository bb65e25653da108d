"""A real browser against the hosted app: sign in, the callbacks pass the CSRF check, a viewer cannot add.

Uses the session's Chromium (``browser`` from tests/browser/conftest.py), so it skips or fails as the other browser tests do.
"""

import threading

import pytest
from werkzeug.serving import make_server

from dashboard import team, users
from dashboard.app import create_app
from extract.store import Store

PASSWORD = "a long enough password"


@pytest.fixture(scope="module")
def hosted(tmp_path_factory):
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('hosted') / 'store.db'}")
    users.add(store, "vera", "viewer", PASSWORD)
    users.add(store, "eddie", "editor", PASSWORD)
    app = create_app(store)
    team.install(app, store, enabled=True, secret_key="k", secure_cookies=False)
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}", store
    server.shutdown()
    store.close()


def sign_in(browser, base, name):
    page = browser.new_context().new_page()
    statuses = []
    page.on("response", lambda r: statuses.append(r.status) if "_dash-update-component" in r.url else None)
    page.goto(base + "/")
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("#team-bar", timeout=20_000)
    return page, statuses


def test_a_signed_in_browser_runs_every_callback_with_its_csrf_token(hosted, browser):
    base, _ = hosted
    page, statuses = sign_in(browser, base, "eddie")
    page.wait_for_selector(".js-plotly-plot", timeout=20_000)
    page.wait_for_timeout(1000)
    assert statuses and all(s == 200 or s == 204 for s in statuses), statuses
    assert "eddie (editor)" in page.inner_text("#team-bar")
    assert page.is_enabled("#add-open")
    page.close()


def test_a_viewer_clicking_add_is_refused_by_the_server_and_nothing_is_stored(hosted, browser):
    base, store = hosted
    before = store.counts()
    page, statuses = sign_in(browser, base, "vera")
    page.wait_for_selector(".js-plotly-plot", timeout=20_000)
    page.wait_for_selector("#add-open[disabled]", timeout=10_000)  # the page says it before the server must
    assert "editor role" in page.get_attribute("#add-open", "title")
    page.evaluate("document.getElementById('add-open').disabled = false")  # a viewer who forces it still gets 403
    page.click("#add-open")
    page.fill("#add-text", "Russian troops advanced towards the border yesterday.")
    page.click("#add-submit")
    page.wait_for_timeout(1500)
    assert 403 in statuses
    assert store.counts() == before
    page.close()
