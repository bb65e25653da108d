"""Load benchmark of the hosted dashboard: gunicorn over PostgreSQL, many clients, on loopback.

    python benchmarks/bench_load.py --db postgresql+psycopg://USER:PASSWORD@127.0.0.1/DB
        [--events 100000] [--clients 32] [--seconds 60] [--workers 4]

Fills the database (wiped first) with ``dashboard.fake`` events, adds a viewer
account, starts ``gunicorn dashboard.wsgi:server`` on 127.0.0.1 with sign-in on,
and runs ``--clients`` threads for ``--seconds``, each signed in with its own
session.  Each client loops: one time in five a page load (the HTML, the
layout and the callback graph), otherwise a filter: the timeline and the
table callbacks for a random view (categories, a date range, a search, an
actor), as the browser sends them after a filter change.  Prints requests per
second and latency percentiles per kind.  Everything is bounded: each request
times out after 30 s and gunicorn is stopped at the end, whatever happens.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dashboard import users
from dashboard.fake import generate
from extract import store as store_module
from extract.store import Store

HOST = "127.0.0.1"
PASSWORD = "benchmark password"
VIEWS = [
    "?cat=talks",
    "?cat=statement,troop_movement&from=2022-01-01&to=2022-03-01",
    "?q=putin",
    "?actor=NATO&from=2022-02-01&to=2022-02-15",
    "?mod=reported,speculative",
    "?from=2022-02-10&to=2022-02-12",
    "?place=Kyiv&lanes=actor",
    "?source=Daily%20Wire&q=talks",
]


def fill(url: str, n: int) -> None:
    engine = sa.create_engine(url)
    store_module.metadata.drop_all(engine)
    with engine.begin() as conn:
        conn.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))
    engine.dispose()
    store = Store(url)
    t = time.perf_counter()
    store.add(*generate(n))
    with store.engine.begin() as conn:
        conn.execute(sa.text("ANALYZE"))
    users.add(store, "bench", "viewer", PASSWORD)
    print(f"filled {store.counts()} in {time.perf_counter() - t:.0f} s", file=sys.stderr)
    store.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


class Client:
    """One browser: its own cookies, new connection per request (gunicorn's sync workers close them)."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
        conn = http.client.HTTPConnection(HOST, self.port, timeout=30)
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            data = response.read()
            for value in response.headers.get_all("Set-Cookie") or ():
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
            return response.status, data
        finally:
            conn.close()

    def sign_in(self) -> None:
        _, page = self.request("GET", "/auth/login")
        token = re.search(rb'name="csrf_token" value="([^"]+)"', page).group(1).decode()
        form = f"name=bench&password={PASSWORD.replace(' ', '+')}&csrf_token={token}&next=/".encode()
        status, _ = self.request("POST", "/auth/login", form, {"Content-Type": "application/x-www-form-urlencoded"})
        assert status == 302, f"sign-in failed: {status}"
        self.request("GET", "/_dash-layout")  # sets the _csrf_token cookie


def callback_body(dependencies: list, output_contains: str, search: str) -> bytes:
    """The body dash-renderer posts for the callback whose output names ``output_contains``."""
    spec = next(d for d in dependencies if output_contains in d["output"])
    values = {("url", "search"): search, ("theme", "data"): "light", ("data-version", "data"): 0}
    outputs = [dict(zip(("id", "property"), part.rsplit(".", 1))) for part in spec["output"].strip(".").split("...")]
    inputs = [
        {"id": i["id"], "property": i["property"], "value": values.get((i["id"], i["property"]))}
        for i in spec["inputs"]
    ]
    state = [
        {"id": s["id"], "property": s["property"], "value": values.get((s["id"], s["property"]))} for s in spec["state"]
    ]
    body = {"output": spec["output"], "outputs": outputs if len(outputs) > 1 else outputs[0], "inputs": inputs,
            "changedPropIds": ["url.search"], "state": state}  # fmt: skip
    return json.dumps(body).encode()


def run(port: int, clients: int, seconds: float, seed: int) -> dict[str, list[float]]:
    probe = Client(port)
    probe.sign_in()
    _, deps = probe.request("GET", "/_dash-dependencies")
    dependencies = json.loads(deps)
    timings: dict[str, list[float]] = {"page load": [], "filter: timeline": [], "filter: table": []}
    errors: list[str] = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def loop(k: int):
        rng = random.Random(seed + k)
        client = Client(port)
        client.sign_in()
        while time.monotonic() < deadline:
            if rng.random() < 0.2:
                t = time.perf_counter()
                statuses = [
                    client.request("GET", p, headers={"Accept": "text/html"})[0]
                    for p in ("/", "/_dash-layout", "/_dash-dependencies")
                ]
                kind, ok = "page load", all(s == 200 for s in statuses)
                elapsed = time.perf_counter() - t
                results = [(kind, ok, elapsed, statuses)]
            else:
                search = rng.choice(VIEWS)
                results = []
                for kind, output in (
                    ("filter: timeline", "timeline.figure"),
                    ("filter: table", "events-table.rowData"),
                ):
                    headers = {"Content-Type": "application/json", "X-CSRFToken": client.cookies.get("_csrf_token", "")}
                    t = time.perf_counter()
                    status, _ = client.request(
                        "POST", "/_dash-update-component", callback_body(dependencies, output, search), headers
                    )
                    results.append((kind, status == 200, time.perf_counter() - t, status))
            with lock:
                for kind, ok, elapsed, status in results:
                    if ok:
                        timings[kind].append(elapsed)
                    else:
                        errors.append(f"{kind}: {status}")

    threads = [threading.Thread(target=loop, args=(k,), daemon=True) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(seconds + 60)
    if errors:
        print(f"{len(errors)} failed requests, e.g. {errors[:3]}", file=sys.stderr)
    timings["errors"] = errors
    return timings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--db", default=os.environ.get("BENCH_DATABASE_URL"), help="a PostgreSQL database to wipe and fill"
    )
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--no-fill", action="store_true", help="the database is filled already")
    args = parser.parse_args()
    if not args.db:
        parser.error("--db (or BENCH_DATABASE_URL) must name a PostgreSQL database the benchmark may wipe")
    if not args.no_fill:
        fill(args.db, args.events)
    port = free_port()
    env = dict(
        os.environ,
        DATABASE_URL=args.db,
        TIMELINE_AUTH="1",
        TIMELINE_SECRET_KEY="benchmark",
        TIMELINE_SECURE_COOKIES="0",
    )
    log = open(Path(os.environ.get("TMPDIR", "/tmp")) / "bench_load_gunicorn.log", "w")  # noqa: SIM115 - closed with the server
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-w", str(args.workers), "-b", f"{HOST}:{port}", "--timeout", "60", "dashboard.wsgi:server"],
        cwd=ROOT, env=env, stdout=log, stderr=log, start_new_session=True,
    )  # fmt: skip
    try:
        for _ in range(600):
            try:
                if Client(port).request("GET", "/healthz")[0] == 200:
                    break
            except (OSError, http.client.HTTPException):
                pass
            time.sleep(0.1)
        else:
            raise SystemExit(f"gunicorn did not answer /healthz within 60 s; see {log.name}")
        Client(port).request("GET", "/healthz")
        t0 = time.monotonic()
        timings = run(port, args.clients, args.seconds, seed=1)
        wall = time.monotonic() - t0
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
        log.close()
    errors = timings.pop("errors")
    total = sum(len(v) for v in timings.values())
    print(f"{args.events:,} events, gunicorn {args.workers} workers, {args.clients} clients, {wall:.0f} s on {HOST}")
    print("| requests | count | req/s | p50 (ms) | p95 (ms) | max (ms) |\n| --- | ---: | ---: | ---: | ---: | ---: |")
    for kind, values in timings.items():
        if not values:
            continue
        values.sort()
        p95 = values[min(len(values) - 1, int(0.95 * len(values)))]
        print(
            f"| {kind} | {len(values)} | {len(values) / wall:.1f} | {statistics.median(values) * 1000:.0f} | {p95 * 1000:.0f} | {values[-1] * 1000:.0f} |"
        )
    print(f"| all | {total} | {total / wall:.1f} | | | |  (failed: {len(errors)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
