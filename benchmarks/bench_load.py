"""Load benchmark of the hosted dashboard: gunicorn over PostgreSQL, many clients, on loopback.

    python benchmarks/bench_load.py --db postgresql+psycopg://USER:PASSWORD@127.0.0.1/DB
        [--events 100000] [--clients 32] [--seconds 60] [--workers CORES] [--threads 1] [--think 0]

Fills the database (wiped first) with ``dashboard.fake`` events, adds a viewer
account, starts ``gunicorn dashboard.wsgi:server`` on 127.0.0.1 with sign-in on,
and runs ``--clients`` threads for ``--seconds`` (counted from when the last has
signed in), each with its own session, sending what a browser sends (``Accept-Encoding`` included, its
connection kept while the server keeps it).  Each client loops:

- one time in five a page load: the HTML, the layout, the callback graph and
  the four callbacks that fill the page (timeline, table, undated list, filter
  options), for the default view half the time, else a shared link (a random view);
- otherwise a filter change to a random view: the timeline (drawn), the table
  and the undated-list callbacks.

Views are drawn from a large space (any mix of categories, modalities, actors,
places, sources, a search word, a date range of 1 day to 2 years anywhere in
the data, the lanes), so a result cache is hit only as often as real users
would repeat each other; the server's ``X-Timeline-Cache`` header gives the
hit rate, printed per callback.  ``--think 0`` (the default) is a closed loop:
each client sends its next action as soon as the last answer is in.
``--think S`` waits S seconds on average (exponential) between actions, a
model of people reading the screen; the two answer different questions and
are reported apart.  Prints requests per second and latency percentiles per
kind, the load average, the CPU time gunicorn and PostgreSQL used per
HTTP request (from ``/proc``: steadier than requests/s on a shared machine), and each
worker's resident memory at the end (the index and the rows it keeps included).  Everything is bounded: each request times out
after 30 s and gunicorn is stopped at the end, whatever happens.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import functools
import gzip
import http.client
import json
import math
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
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
#: What a browser sends: flask-compress then compresses the answers as it would for a real user.
ACCEPT_ENCODING = "gzip, deflate, br, zstd"

#: Words the generated sentences, actors, places and titles hold (dashboard.fake), for searches.
SEARCH_WORDS = (
    "putin", "talks", "troops", "drills", "sanctions", "shelling", "statement", "cyber", "weapons", "kyiv",
    "nato", "moscow", "border", "advancing", "officials", "night", "week", "crisis", "biden", "scholz",
)  # fmt: skip
SPANS = (1, 2, 3, 7, 14, 30, 60, 90, 180, 365, 730)


def random_view(rng: random.Random, first: dt.date, days: int) -> str:
    """A view drawn from a large space: any mix of categories, modalities, actors, places,
    sources, a search word, a date range of any length anywhere in the data, and the lanes."""
    from dashboard import fake, state

    view = state.default()
    if rng.random() < 0.4:
        view["categories"] = rng.sample([c for c, _ in fake.CATEGORIES], rng.randint(1, 3))
    if rng.random() < 0.2:
        view["modalities"] = rng.sample([m for m, _ in fake.MODALITIES], rng.randint(1, 2))
    if rng.random() < 0.25:
        view["actors"] = rng.sample(fake.ACTORS, rng.randint(1, 2))
    if rng.random() < 0.15:
        view["places"] = [rng.choice(fake.PLACES)]
    if rng.random() < 0.1:
        view["sources"] = [rng.choice(fake.SOURCES)]
    if rng.random() < 0.2:
        view["q"] = rng.choice(SEARCH_WORDS)
    if rng.random() < 0.7:
        span = rng.choice(SPANS)
        start = first + dt.timedelta(days=rng.randrange(max(1, days - span)))
        view["start"], view["end"] = start.isoformat(), (start + dt.timedelta(days=span)).isoformat()
    view["lanes"] = rng.choices(("category", "actor", "source"), (7, 2, 1))[0]
    return state.to_query(view)


def fill(url: str, n: int) -> None:
    engine = sa.create_engine(url)
    store_module.metadata.drop_all(engine)
    with engine.begin() as conn:
        conn.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))
    engine.dispose()
    store = Store(url)
    t = time.perf_counter()
    store.add(*generate(n))
    # what autovacuum does soon after a bulk load: statistics, and the visibility map index-only scans need
    with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(sa.text("VACUUM ANALYZE"))
    users.add(store, "bench", "viewer", PASSWORD)
    print(f"filled {store.counts()} in {time.perf_counter() - t:.0f} s", file=sys.stderr)
    store.close()


def data_range(url: str) -> tuple[dt.date, int]:
    """The first day with events and how many days they span (the space random views are drawn from)."""
    store = Store(url)
    facets = store.facets(limit=1)
    store.close()
    first, last = facets["start"].date(), facets["end"].date()
    return first, max(1, (last - first).days)


def _cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of one process (Linux ``/proc``), 0 when it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _proc(name: str):
    """``(pid, text of /proc/PID/NAME)`` for every process that can be read now."""
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                yield int(entry.name), (entry / name).read_text()
            except OSError:
                continue


def cpu_use(server_pid: int) -> dict[str, float]:
    """CPU seconds used so far by gunicorn (master and workers), by every PostgreSQL process of
    this machine and by this script (the clients share the machine); empty where there is no ``/proc``."""
    if not Path("/proc/self/stat").exists():
        return {}
    used = {"gunicorn": _cpu_seconds(server_pid), "postgres": 0.0, "clients (this script)": _cpu_seconds(os.getpid())}
    for pid, stat in _proc("stat"):
        name, rest = stat.split("(", 1)[1].rsplit(")", 1)
        if int(rest.split()[1]) == server_pid:
            used["gunicorn"] += _cpu_seconds(pid)
        elif name.startswith("postgres"):
            used["postgres"] += _cpu_seconds(pid)
    return used


def worker_memory(server_pid: int) -> list[int]:
    """Resident memory (RSS, kB) of each gunicorn worker (children of the master); empty without ``/proc``."""
    if not Path("/proc/self/status").exists():
        return []
    sizes = []
    for _, status in _proc("status"):
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        if fields.get("PPid", "").strip() == str(server_pid) and "VmRSS" in fields:
            sizes.append(int(fields["VmRSS"].split()[0]))
    return sorted(sizes)


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


class Client:
    """One browser: its own cookies; keeps its connection open while the server does (as browsers do)."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}
        self.conn: http.client.HTTPConnection | None = None

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
        """``(status, body, headers)``; one retry on a fresh connection when a kept one was closed."""
        headers = {"Accept-Encoding": ACCEPT_ENCODING, **(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in (0, 1):
            fresh = self.conn is None
            if fresh:
                self.conn = http.client.HTTPConnection(HOST, self.port, timeout=30)
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.close()
                if fresh or attempt:
                    raise
                continue
            for value in response.headers.get_all("Set-Cookie") or ():
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
            if response.will_close:
                self.close()
            return response.status, data, response.headers
        raise AssertionError("unreachable")

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def text(self, path: str) -> bytes:
        """A page's body, decompressed (the timed requests leave theirs compressed: no client work)."""
        status, data, headers = self.request("GET", path)
        assert status == 200, f"{path}: {status}"
        encoding = headers.get("Content-Encoding")
        if encoding == "gzip":
            return gzip.decompress(data)
        if encoding == "br":
            import brotli

            return brotli.decompress(data)
        if encoding == "zstd":
            from flask_compress.compat import compression

            return compression.zstd.decompress(data)
        assert encoding in (None, "identity"), f"{path}: {encoding}"
        return data

    def sign_in(self) -> None:
        page = self.text("/auth/login")
        token = re.search(rb'name="csrf_token" value="([^"]+)"', page).group(1).decode()
        form = f"name=bench&password={PASSWORD.replace(' ', '+')}&csrf_token={token}&next=/".encode()
        status, _, _ = self.request("POST", "/auth/login", form, {"Content-Type": "application/x-www-form-urlencoded"})
        assert status == 302, f"sign-in failed: {status}"
        self.request("GET", "/_dash-layout")  # sets the _csrf_token cookie


#: The callbacks a browser sends with their data; the output names one callback exactly.
CALLBACKS = {
    "timeline": "..timeline.figure...status.children...timeline-key.data..",
    "table": "..events-table.rowData...table-note.children...events-table.selectedRows...table-key.data..",
    "undated": "..undated.children...undated-title.children...undated-key.data..",
    "options": "..categories.options...modalities.options...actors.options...places.options...sources.options...stats.children..",
}


def callback_body(dependencies: list, output: str, search: str) -> bytes:
    """The body dash-renderer posts for the callback whose output is ``output``.

    The keys the page keeps (what was last drawn) are empty, so each callback
    computes its answer, as after a filter change.
    """
    spec = next(d for d in dependencies if d["output"] == output)
    values = {("url", "search"): search, ("theme", "data"): "light", ("data-version", "data"): 0}
    outputs = [dict(zip(("id", "property"), part.rsplit(".", 1))) for part in spec["output"].strip(".").split("...")]
    inputs = [
        {"id": i["id"], "property": i["property"], "value": values.get((i["id"], i["property"]))}
        for i in spec["inputs"]
    ]
    state = [
        {"id": s["id"], "property": s["property"], "value": values.get((s["id"], s["property"]))} for s in spec["state"]
    ]
    changed = ["url.search"] if any(i["id"] == "url" for i in spec["inputs"]) else []
    body = {"output": spec["output"], "outputs": outputs if len(outputs) > 1 else outputs[0], "inputs": inputs,
            "changedPropIds": changed, "state": state}  # fmt: skip
    return json.dumps(body).encode()


def run(
    port: int, clients: int, seconds: float, seed: int, first: dt.date, days: int, think: float, started=lambda: None
) -> dict:
    """Each client loops: a page load one time in five, else a filter change; ``think`` seconds
    (mean, exponential) between actions, 0 for a closed loop.

    The clients sign in first, all of them; the ``seconds`` start when the last one
    has (``started()`` is called then): 32 password checks at once are not page
    loads or filter changes, and the measured requests do not queue behind them."""
    probe = Client(port)
    probe.sign_in()
    dependencies = json.loads(probe.text("/_dash-dependencies"))
    bodies = {kind: functools.partial(callback_body, dependencies, output) for kind, output in CALLBACKS.items()}
    timings: dict[str, list[float]] = {"page load": [], "filter: timeline": [], "filter: table": [], "filter: undated": []}
    cache: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    errors: list[str] = []
    lock = threading.Lock()
    deadline = 0.0

    def start():
        nonlocal deadline
        started()
        deadline = time.monotonic() + seconds

    signed_in = threading.Barrier(clients, action=start)

    def loop(k: int):
        rng = random.Random(seed + k)
        client = Client(port)
        client.sign_in()
        post = {"Content-Type": "application/json", "X-CSRFToken": client.cookies.get("_csrf_token", "")}
        signed_in.wait(120)
        time.sleep(min(rng.random() * think, seconds))  # the users do not all start at the same moment
        while time.monotonic() < deadline:
            results = []
            if rng.random() < 0.2:
                # a page load: the default view or a shared link, and the callbacks that fill the page
                search = "" if rng.random() < 0.5 else random_view(rng, first, days)
                t = time.perf_counter()
                statuses = [
                    client.request("GET", p, headers={"Accept": "text/html"})[0]
                    for p in ("/" + search, "/_dash-layout", "/_dash-dependencies")
                ]
                for kind in ("timeline", "table", "undated", "options"):
                    status, _, headers = client.request("POST", "/_dash-update-component", bodies[kind](search), post)
                    statuses.append(status)
                    results.append(("cache " + kind, headers.get("X-Timeline-Cache")))
                results.append(("page load", all(s == 200 for s in statuses), time.perf_counter() - t, statuses))
            else:
                search = random_view(rng, first, days)
                for kind in ("timeline", "table", "undated"):
                    t = time.perf_counter()
                    status, _, headers = client.request("POST", "/_dash-update-component", bodies[kind](search), post)
                    results.append(("filter: " + kind, status == 200, time.perf_counter() - t, status))
                    results.append(("cache " + kind, headers.get("X-Timeline-Cache")))
            with lock:
                for result in results:
                    if result[0].startswith("cache "):
                        cache[result[0][6:]][result[1] or "none"] += 1
                    elif result[1]:
                        timings[result[0]].append(result[2])
                    else:
                        errors.append(f"{result[0]}: {result[3]}")
            if think:  # never past the end: the run lasts --seconds, as a closed loop does
                time.sleep(max(0.0, min(rng.expovariate(1 / think), deadline - time.monotonic())))
        client.close()

    threads = [threading.Thread(target=loop, args=(k,), daemon=True) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(seconds + 60)
    if errors:
        print(f"{len(errors)} failed requests, e.g. {errors[:3]}", file=sys.stderr)
    return {"timings": timings, "errors": errors, "cache": cache}


def percentile(values: list[float], q: float) -> float:
    """The ``q`` quantile of sorted ``values`` (nearest rank)."""
    return values[min(len(values) - 1, max(0, math.ceil(q * len(values)) - 1))]


def report(timings: dict, errors: list, cache: dict, wall: float) -> None:
    """Markdown tables: requests/s and p50/p95/max per kind, then the cache's hit rate."""
    print("| requests | count | req/s | p50 (ms) | p95 (ms) | max (ms) |\n| --- | ---: | ---: | ---: | ---: | ---: |")
    rows = dict(timings)
    rows["filter: all three"] = [v for kind, values in timings.items() if kind.startswith("filter") for v in values]
    for kind, values in rows.items():
        if not values:
            continue
        values = sorted(values)
        label = "page load (7 requests)" if kind == "page load" else kind
        print(
            f"| {label} | {len(values)} | {len(values) / wall:.1f} | {statistics.median(values) * 1000:.0f} "
            f"| {percentile(values, 0.95) * 1000:.0f} | {values[-1] * 1000:.0f} |"
        )
    http_requests = 7 * len(timings["page load"]) + sum(len(v) for k, v in timings.items() if k.startswith("filter"))
    print(f"| all HTTP requests | {http_requests} | {http_requests / wall:.1f} | | | |")
    print(f"failed requests: {len(errors)}")
    for kind, counts in sorted(cache.items()):
        looked = counts["hit"] + counts["miss"]
        rate = f"{100 * counts['hit'] / looked:.0f}% hits ({counts['hit']} of {looked})" if looked else "no cache"
        print(f"cache, {kind} callback: {rate}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--db", default=os.environ.get("BENCH_DATABASE_URL"), help="a PostgreSQL database to wipe and fill"
    )
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument(
        "--workers", type=int, default=os.cpu_count() or 2, help="gunicorn sync workers (default: one per core, measured best)"
    )
    parser.add_argument("--threads", type=int, default=1, help="gunicorn threads per worker (above 1: gthread workers)")
    parser.add_argument(
        "--think", type=float, default=0.0,
        help="mean seconds a user waits between actions (exponential); 0, the default, is a closed loop",
    )  # fmt: skip
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--no-fill", action="store_true", help="the database is filled already (by an earlier run of this script)"
    )
    parser.add_argument("--env", action="append", default=[], metavar="NAME=VALUE", help="extra environment for gunicorn")
    args = parser.parse_args()
    if not args.db:
        parser.error("--db (or BENCH_DATABASE_URL) must name a PostgreSQL database the benchmark may wipe")
    if not args.no_fill:
        fill(args.db, args.events)
    first, days = data_range(args.db)
    port = free_port()
    env = dict(
        os.environ,
        DATABASE_URL=args.db,
        TIMELINE_AUTH="1",
        TIMELINE_SECRET_KEY="benchmark",
        TIMELINE_SECURE_COOKIES="0",
    )
    env.update(item.split("=", 1) for item in args.env)
    # A run starts with an empty answer cache: with --no-fill the store keeps its generation, and
    # the default directory would still hold the last run's answers to the same (seeded) views.
    fresh_cache = None
    if "TIMELINE_CACHE_DIR" not in env:
        fresh_cache = env["TIMELINE_CACHE_DIR"] = tempfile.mkdtemp(prefix="bench-load-cache-")
    log = open(Path(os.environ.get("TMPDIR", "/tmp")) / "bench_load_gunicorn.log", "w")  # noqa: SIM115 - closed with the server
    command = [sys.executable, "-m", "gunicorn", "-w", str(args.workers), "-b", f"{HOST}:{port}", "--timeout", "60"]
    if args.threads > 1:
        command += ["--threads", str(args.threads)]
    server = subprocess.Popen(
        [*command, "dashboard.wsgi:server"], cwd=ROOT, env=env, stdout=log, stderr=log, start_new_session=True
    )
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
        at_start = {}

        def started():  # every client signed in: the measured run begins
            at_start.update(load=os.getloadavg(), cpu=cpu_use(server.pid), t0=time.monotonic())

        result = run(port, args.clients, args.seconds, args.seed, first, days, args.think, started)
        wall = time.monotonic() - at_start["t0"]
        load_before, cpu_before = at_start["load"], at_start["cpu"]
        load_after = os.getloadavg()
        cpu = {k: v - cpu_before[k] for k, v in cpu_use(server.pid).items()}
        memory = worker_memory(server.pid)  # at the end of the run: the index and the rows kept
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
        log.close()
        if fresh_cache:
            shutil.rmtree(fresh_cache, ignore_errors=True)
    model = f"think time {args.think:g} s (mean, exponential)" if args.think else "closed loop (no think time)"
    workers = f"{args.workers} workers" + (f" x {args.threads} threads (gthread)" if args.threads > 1 else " (sync)")
    print(f"{args.events:,} events, gunicorn {workers}, {args.clients} clients, {model}, {wall:.0f} s on {HOST}")
    print(
        f"load average before {load_before[0]:.2f} {load_before[1]:.2f} {load_before[2]:.2f}, "
        f"after {load_after[0]:.2f} {load_after[1]:.2f} {load_after[2]:.2f} ({os.cpu_count()} cores)"
    )
    report(result["timings"], result["errors"], result["cache"], wall)
    timings = result["timings"]
    http_requests = 7 * len(timings["page load"]) + sum(len(v) for k, v in timings.items() if k.startswith("filter"))
    if cpu and http_requests:
        # less at the mercy of other work on the machine than requests/s: the server's cost per request
        print(
            "CPU per HTTP request: "
            + ", ".join(f"{name} {1000 * seconds / http_requests:.2f} ms" for name, seconds in cpu.items())
            + f" (of {wall * (os.cpu_count() or 1):.0f} core-seconds: "
            + ", ".join(f"{name} {seconds:.0f} s" for name, seconds in cpu.items())
            + ")"
        )
    if memory:
        print("worker memory (RSS) at the end: " + ", ".join(f"{kb / 1024:.0f} MB" for kb in memory))
    return 0


if __name__ == "__main__":
    sys.exit(main())
