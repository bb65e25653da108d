"""The production server: gunicorn workers sharing one store, the health check, cached assets."""

import datetime as dt
import json
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
from dashboard.fake import generate
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
    env["TIMELINE_CACHE_DIR"] = str(tmp_path / "cache")
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


def _signed_in(base: str):
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    login = opener.open(base + "/auth/login").read().decode()
    token = re.search(r'name="csrf_token" value="([^"]+)"', login).group(1)
    form = urllib.parse.urlencode({"name": "eddie", "password": PASSWORD, "csrf_token": token, "next": "/"}).encode()
    opener.open(urllib.request.Request(base + "/auth/login", data=form))
    jar = next(h for h in opener.handlers if isinstance(h, urllib.request.HTTPCookieProcessor)).cookiejar
    return opener, next(c.value for c in jar if c.name == "_csrf_token")


def _table(opener, csrf: str, base: str, search: str) -> tuple[str, str]:
    """The events table's note for ``search``, and whether the answer came from the workers' cache."""
    output = "..events-table.rowData...table-note.children...events-table.selectedRows...table-key.data.."
    body = {
        "output": output,
        "outputs": [{"id": i, "property": p} for i, p in (("events-table", "rowData"), ("table-note", "children"), ("events-table", "selectedRows"), ("table-key", "data"))],
        "inputs": [{"id": "url", "property": "search", "value": search}, {"id": "data-version", "property": "data", "value": 0},
                   {"id": "timeline", "property": "selectedData", "value": None}],
        "state": [{"id": "table-key", "property": "data", "value": None}],
        "changedPropIds": ["url.search"],
    }  # fmt: skip
    request = urllib.request.Request(
        base + "/_dash-update-component", data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", "X-CSRFToken": csrf},
    )  # fmt: skip
    answer = opener.open(request)
    return json.loads(answer.read())["response"]["table-note"]["children"], answer.headers.get("X-Timeline-Cache")


def test_the_workers_share_answers_and_none_is_stale_after_an_add(served):
    base, store = served
    store.add(*generate(40, start=dt.date(2022, 2, 1), days=5))
    opener, csrf = _signed_in(base)
    first = _table(opener, csrf, base, "?cat=talks")
    assert first[1] == "miss"
    again = [_table(opener, csrf, base, "?cat=talks") for _ in range(6)]  # both workers answer some
    assert again == [(first[0], "hit")] * 6
    more = generate(80, start=dt.date(2022, 2, 1), days=5, seed=8)
    store.add(*more)  # another process (here: the test) adds articles
    after = _table(opener, csrf, base, "?cat=talks")
    added = sum(e["category"] == "talks" for e in more[1])
    assert after[1] == "miss" and after[0] != first[0] and added
    assert [_table(opener, csrf, base, "?cat=talks") for _ in range(4)] == [(after[0], "hit")] * 4


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


def import_wsgi(env: dict, cwd: Path = ROOT, then: str = "") -> subprocess.CompletedProcess:
    """What a gunicorn worker does first: import ``dashboard.wsgi`` with ``env``, in its own process
    (and run the code ``then``)."""
    return subprocess.run(
        [sys.executable, "-c", "import dashboard.wsgi\n" + then], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )


def test_the_wsgi_module_refuses_to_start_without_a_shared_secret(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "TIMELINE_SECRET_KEY"}
    env.update(DATABASE_URL=f"sqlite:///{tmp_path / 'x.db'}", TIMELINE_AUTH="1")
    done = import_wsgi(env)
    assert done.returncode != 0 and "TIMELINE_SECRET_KEY" in done.stderr


def test_a_worker_keeps_its_long_lived_objects_and_each_index_out_of_the_collectors_full_passes(tmp_path):
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{tmp_path / 'x.db'}", TIMELINE_AUTH="0")
    env["TIMELINE_CACHE_DIR"] = str(tmp_path / "cache")
    then = """
import gc, json, weakref
from dashboard.wsgi import GC_THRESHOLDS, app
from dashboard.fake import generate
work = app._timeline_callbacks
at_start = gc.get_freeze_count()
work.store.add(*generate(50))
frozen_before = gc.get_freeze_count()
class Node: pass
cycle = Node(); cycle.me = cycle; alive = weakref.ref(cycle)
gc.collect(1)  # it survives the young collections: now in the oldest generation
del cycle  # garbage there, as a request's leftover cycle would be
work.reader(work.facets(), wait=True)
print(json.dumps([list(gc.get_threshold()), list(GC_THRESHOLDS), at_start, frozen_before, gc.get_freeze_count(), alive() is None]))
"""
    done = import_wsgi(env, then=then)
    assert done.returncode == 0, done.stderr
    threshold, expected, at_start, before, after, freed = json.loads(done.stdout.strip().splitlines()[-1])
    assert threshold == expected and threshold[2] > 10  # full passes rarer than Python's default
    assert at_start > 10_000  # the app and its libraries, frozen once built
    assert after > before  # the index, frozen when the views start reading it
    assert freed  # no garbage cycle frozen with it (it would never be freed)


def test_a_worker_reads_the_facets_and_builds_the_index_before_its_first_request(tmp_path):
    url = f"sqlite:///{tmp_path / 'x.db'}"
    filled = Store(url)
    filled.add(*generate(40))
    filled.close()
    env = dict(os.environ, DATABASE_URL=url, TIMELINE_AUTH="0", TIMELINE_CACHE_DIR=str(tmp_path / "cache"))
    then = """
import json
from dashboard.wsgi import app
from extract.index import IndexedStore
work = app._timeline_callbacks
memo = work._reader
print(json.dumps([memo is not None and isinstance(memo[1], IndexedStore), len(memo[1].index.ids) if memo else 0]))
"""
    done = import_wsgi(env, then=then)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == [True, 40]


@pytest.mark.parametrize(
    "name, value",
    [
        ("TIMELINE_INDEX_MAX_EVENTS", "lots"),
        ("TIMELINE_ROWS_KEPT", "many"),
        ("TIMELINE_DB_POOL", "-3"),
        ("TIMELINE_PROXY_HOPS", "1.5"),
        ("TIMELINE_CACHE_MB", "0"),
    ],
)
def test_the_wsgi_module_names_a_variable_that_is_not_a_number(tmp_path, name, value):
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{tmp_path / 'x.db'}", TIMELINE_AUTH="1", TIMELINE_SECRET_KEY="k")
    env.update({name: value, "TIMELINE_CACHE_DIR": str(tmp_path / "cache")})
    done = import_wsgi(env)
    assert done.returncode != 0
    assert f"{name}={value!r} is not a" in done.stderr


def test_the_wsgi_module_warns_when_database_url_is_unset(tmp_path):
    """Without DATABASE_URL gunicorn would quietly serve a new, empty SQLite file, where nobody can sign in."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(TIMELINE_AUTH="1", TIMELINE_SECRET_KEY="k", PYTHONPATH=str(ROOT))
    env["TIMELINE_CACHE_DIR"] = str(tmp_path / "cache")  # not a folder per store in the system's temp
    done = import_wsgi(env, tmp_path)
    assert done.returncode == 0, done.stderr
    assert "DATABASE_URL is not set: serving the SQLite file sqlite:///timeline.db" in done.stderr
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'team.db'}"
    done = import_wsgi(env, tmp_path)
    assert done.returncode == 0 and "DATABASE_URL is not set" not in done.stderr
