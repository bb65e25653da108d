"""Drive headless Chromium against the dashboard over stores of generated events.

    python benchmarks/bench_dashboard.py [--sizes 1000 10000 100000] [--repeat 3]

For each size it builds a SQLite store of generated events (cached in a temp
folder), serves the dashboard from a thread, and measures in the browser:

- first draw: navigation start -> the timeline drawn with its data;
- filter: ticking one category -> the timeline redrawn with new data;
- zoom: a zoom to about three weeks -> the timeline redrawn with new data;
- payload: bytes of the callback responses of the first load (raw and gzip).

Next to it, in the same run, a plain one-trace Plotly figure (``go.Scatter``
of every event, hover text included, in one HTML page) over the same events:
first draw, a client-side filter (restyle), a zoom (relayout) and its payload.
Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import plotly.graph_objects as go
import sqlalchemy as sa
from werkzeug.serving import make_server

from dashboard import create_app
from dashboard.fake import generate
from extract.errors import ExtractError
from extract.store import Store

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]  # fmt: skip
PLOTLY_JS = Path(go.__file__).resolve().parent.parent / "package_data" / "plotly.min.js"

# Resolves with the milliseconds from now until the graph is redrawn with new data, after `action()`.
MEASURE = """async ([selector, action]) => {
    const gd = document.querySelector(selector);
    const old = gd.data;
    const t0 = performance.now();
    const done = new Promise(resolve => {
        const handler = () => { if (gd.data !== old) { gd.removeListener('plotly_afterplot', handler); resolve(performance.now() - t0); } };
        gd.on('plotly_afterplot', handler);
        setTimeout(() => resolve(NaN), 20000);  // never hang: a missed redraw shows as nan
    });
    (new Function('gd', action))(gd);
    return await done;
}"""
FIRST_DRAW = """(selector) => new Promise(resolve => {
    const ready = () => { const gd = document.querySelector(selector); return gd && gd.data && gd.data.length && gd._fullLayout; };
    const poll = () => ready() ? resolve(performance.now()) : requestAnimationFrame(poll);
    poll();
})"""


def build_store(folder: Path, n: int) -> Store:
    path = folder / f"bench-{n}.db"
    try:
        store = Store(f"sqlite:///{path}")
        stale = store.counts()["events"] != n
    except (ExtractError, sa.exc.SQLAlchemyError):  # a cached store of an older schema, or not a store: build it again
        store, stale = None, True
    if stale:
        if store is not None:
            store.close()
        path.unlink(missing_ok=True)
        store = Store(f"sqlite:///{path}")
        t = time.perf_counter()
        store.add(*generate(n))
        print(f"  built a store of {n:,} events in {time.perf_counter() - t:.1f} s", file=sys.stderr)
    return store


def plain_page(store: Store) -> str:
    """One Scatter trace of every dated event, coloured by category, hover text included."""
    rows = store.select(__import__("extract.store", fromlist=["EventFilter"]).EventFilter(dated=True))
    fig = go.Figure(
        go.Scatter(
            x=[r["start"] for r in rows], y=[r["category"] for r in rows], mode="markers",
            hovertext=[f"{r['category']}<br>{r['start']}<br>{r['sentence']}" for r in rows],
            customdata=[r["category"] for r in rows],
        )
    )  # fmt: skip
    div = fig.to_html(full_html=False, include_plotlyjs=False, div_id="plain")
    return f"<!doctype html><html><head><script src='/plotly.min.js'></script></head><body>{div}</body></html>"


def serve(store: Store, *, plain: bool = True):
    app = create_app(store)
    if plain:
        page = plain_page(store)
        app.server.add_url_rule("/plain", "plain", lambda: page)
    app.server.add_url_rule("/plotly.min.js", "plotlyjs", lambda: (PLOTLY_JS.read_bytes(), 200, {"Content-Type": "text/javascript"}))
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}"


def measure_dashboard(browser, url: str, zoom: tuple[str, str]) -> dict:
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    page = context.new_page()
    bodies = []
    page.on("response", lambda r: bodies.append(r) if "_dash-update-component" in r.url else None)
    page.goto(url)
    drawn = page.evaluate(FIRST_DRAW, "#timeline .js-plotly-plot")
    page.wait_for_load_state("networkidle")
    raw = [r.body() for r in bodies]
    payload = sum(len(b) for b in raw)
    payload_gz = sum(len(gzip.compress(b)) for b in raw)
    filter_ms = page.evaluate(MEASURE, ["#timeline .js-plotly-plot", "document.querySelector('#categories input[value=talks]').click()"])
    page.wait_for_timeout(1500)  # the table and the lists that follow the filter settle before the zoom
    relayout = json.dumps({"xaxis.range[0]": zoom[0], "xaxis.range[1]": zoom[1]})
    zoom_ms = page.evaluate(MEASURE, ["#timeline .js-plotly-plot", f"Plotly.relayout(gd, {relayout})"])
    context.close()
    return {"first": drawn, "filter": filter_ms, "zoom": zoom_ms, "payload": payload, "payload_gz": payload_gz}


def measure_plain(browser, url: str, zoom: tuple[str, str]) -> dict:
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    page = context.new_page()
    sizes = []
    page.on("response", lambda r: sizes.append(len(r.body())) if r.url.endswith("/plain") else None)
    page.goto(url + "/plain")
    drawn = page.evaluate(FIRST_DRAW, "#plain")
    # restyle and relayout change the figure in place: time their promises (they resolve once drawn)
    filter_ms = page.evaluate(
        """async () => { const gd = document.querySelector('#plain'); const t0 = performance.now();
        const d = gd.data[0]; const keep = d.customdata.map(c => c === 'talks');
        await Plotly.restyle(gd, {x: [d.x.filter((_, i) => keep[i])], y: [d.y.filter((_, i) => keep[i])],
                                  hovertext: [d.hovertext.filter((_, i) => keep[i])]});
        return performance.now() - t0; }"""
    )
    relayout = json.dumps({"xaxis.range[0]": zoom[0], "xaxis.range[1]": zoom[1]})
    zoom_ms = page.evaluate(
        """async ([relayout]) => { const gd = document.querySelector('#plain'); const t0 = performance.now();
        await Plotly.relayout(gd, JSON.parse(relayout)); return performance.now() - t0; }""",
        [relayout],
    )
    context.close()
    return {"first": drawn, "filter": filter_ms, "zoom": zoom_ms, "payload": sum(sizes), "payload_gz": None}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cache", default=str(Path(tempfile.gettempdir()) / "timeline-bench"))
    parser.add_argument("--no-plain", action="store_true",
                        help="skip the plain one-trace figure (unworkable at a million events)")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    folder = Path(args.cache)
    folder.mkdir(exist_ok=True)
    results = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        for n in args.sizes:
            store = build_store(folder, n)
            facets = store.facets()
            mid = facets["start"] + (facets["end"] - facets["start"]) / 2
            zoom = (f"{mid:%Y-%m-%d}", f"{mid + (facets['end'] - facets['start']) / 120 + __import__('datetime').timedelta(days=14):%Y-%m-%d}")
            server, url = serve(store, plain=not args.no_plain)
            try:
                measure_dashboard(browser, url, zoom)  # warm the server and the browser cache
                runs = [measure_dashboard(browser, url, zoom) for _ in range(args.repeat)]
                plain = [] if args.no_plain else [measure_plain(browser, url, zoom) for _ in range(args.repeat)]
            finally:
                server.shutdown()
                store.close()
            results.append((n, runs, plain))
        browser.close()

    def med(runs, key):
        return statistics.median(r[key] for r in runs)

    print("| events | view | first draw (ms) | filter redraw (ms) | zoom redraw (ms) | payload (gzip) |")
    print("| ---: | --- | ---: | ---: | ---: | ---: |")
    for n, runs, plain in results:
        print(f"| {n:,} | dashboard | {med(runs, 'first'):.0f} | {med(runs, 'filter'):.0f} | {med(runs, 'zoom'):.0f} | "
              f"{med(runs, 'payload') / 1e3:,.0f} KB ({med(runs, 'payload_gz') / 1e3:,.0f} KB) |")  # fmt: skip
        if not plain:
            continue
        print(f"| {n:,} | plain one-trace Scatter | {med(plain, 'first'):.0f} | {med(plain, 'filter'):.0f} | {med(plain, 'zoom'):.0f} | "
              f"{med(plain, 'payload') / 1e3:,.0f} KB |")  # fmt: skip
    if len(results) > 1:
        base = statistics.median(r["first"] for r in results[0][1])
        last = statistics.median(r["first"] for r in results[-1][1])
        print(f"\nfirst draw at {results[-1][0]:,} events / at {results[0][0]:,}: {last / base:.2f} (goal <= 1.5)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
