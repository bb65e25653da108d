"""The production server: gunicorn workers sharing one store, the health check, cached assets."""

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import pytest

from dashboard import team, users
from dashboard.app import create_app
from extract.store import Store

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "a long enough password"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def served(tmp_path):
    """gunicorn with two workers over a fresh store, sign-in on, plain HTTP."""
    pytest.importorskip("gunicorn")
    url = f"sqlite:///{tmp_path / 'hosted.db'}"
    store = Store(url)
    users.add(store, "eddie", "editor", PASSWORD)
    port = free_port()
    env = dict(os.environ, DATABASE_URL=url, TIMELINE_AUTH="1", TIMELINE_SECRET_KEY="k", TIMELINE_SECURE_COOKIES="0")
    proc = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-w", "2", "-b", f"127.0.0.1:{port}", "dashboard.wsgi:server"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=2)
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("gunicorn did not start: " + proc.stderr.read1().decode(errors="replace"))
        yield base, store
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(20)
        store.close()


def test_gunicorn_serves_the_signed_in_dashboard_from_the_shared_store(served):
    base, _ = served
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    login = opener.open(base + "/auth/login").read().decode()
    token = re.search(r'name="csrf_token" value="([^"]+)"', login).group(1)
    form = urllib.parse.urlencode({"name": "eddie", "password": PASSWORD, "csrf_token": token, "next": "/"}).encode()
    page = opener.open(urllib.request.Request(base + "/auth/login", data=form, headers={"Accept": "text/html"}))
    assert page.status == 200 and b"_dash-config" in page.read()
    for _ in range(6):  # requests land on both workers: each knows the session and the user
        assert opener.open(base + "/team/me").read().count(b'"eddie"') == 1


def test_the_health_check_reports_the_database(served):
    base, _ = served
    assert urllib.request.urlopen(base + "/healthz").read() == b'{"status":"ok"}\n'


def test_the_health_check_fails_when_the_database_is_gone(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'x.db'}")
    app = create_app(store)
    team.install(app, store, enabled=True, secret_key="k")
    client = app.server.test_client()
    store.engine.dispose()
    (tmp_path / "x.db").unlink()
    (tmp_path / "x.db").mkdir()  # no longer a database file
    assert client.get("/healthz").status_code == 503


def test_static_assets_are_cached(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'x.db'}")
    app = create_app(store)
    team.install(app, store, enabled=True, secret_key="k")
    client = app.server.test_client()
    asset = next(p.name for p in (ROOT / "assets").iterdir() if p.suffix in (".css", ".js"))
    assert "max-age=3600" in client.get(f"/assets/{asset}").headers.get("Cache-Control", "")
    store.close()


def test_the_wsgi_module_refuses_to_start_without_a_shared_secret(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "TIMELINE_SECRET_KEY"}
    env.update(DATABASE_URL=f"sqlite:///{tmp_path / 'x.db'}", TIMELINE_AUTH="1")
    done = subprocess.run(
        [sys.executable, "-c", "import dashboard.wsgi"], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode != 0 and "TIMELINE_SECRET_KEY" in done.stderr
