"""Time per export (cold and warm) and file sizes, for stores of generated events.

    python benchmarks/bench_export.py                      # --sizes 1000 100000 --repeat 3

For each size a SQLite store of ``dashboard.fake`` events is built in a
temporary folder, and the default view (every event) is exported in every
format through :func:`dashboard.export.export_view`:

- cold: a new Chromium is started for the export and closed after it (what one
  ``python -m dashboard export`` does, less the Python start-up, printed apart);
- warm: the median and the best of ``--repeat`` exports through one open
  browser (what the dashboard's export menu does after its first export); the
  best is the figure to trust on a machine shared with other work.

It also says whether SVG and PDF stay vector (no raster image inside) and
prints the CLI's wall time for one PNG.  Output is a Markdown table.
"""

from __future__ import annotations

import argparse
import io
import statistics
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dashboard import data, state
from dashboard.export import FORMATS, ExportOptions, export_view
from dashboard.export_render import Renderer
from dashboard.fake import generate
from extract.store import Store


def build(n: int, folder: Path) -> Store:
    store = Store(f"sqlite:///{folder / f'store-{n}.db'}")
    store.add(*generate(n))
    return store


def vector(fmt: str, content: bytes) -> str:
    if fmt == "svg":
        root = ET.fromstring(content)
        return "no" if list(root.iter("{http://www.w3.org/2000/svg}image")) else "yes"
    if fmt == "pdf":
        from pypdf import PdfReader

        return "no" if PdfReader(io.BytesIO(content)).pages[0].images else "yes"
    return ""


def timed(fn):
    began = time.perf_counter()
    result = fn()
    return time.perf_counter() - began, result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 100_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--formats", nargs="+", default=list(FORMATS), choices=list(FORMATS))
    args = parser.parse_args(argv)
    print("| events | view | format | cold (s) | warm median (s) | warm best (s) | size | vector |")
    print("| ---: | --- | --- | ---: | ---: | ---: | ---: | --- |")
    cli = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for n in args.sizes:
            store = build(n, folder)
            view = state.default()
            facets = store.facets()
            mode = data.timeline(store, view, facets).mode
            warm = Renderer()
            warm.start()
            for fmt in args.formats:
                options = ExportOptions(fmt=fmt)
                needs_browser = FORMATS[fmt][1]

                def cold_export(store=store, view=view, options=options, needs_browser=needs_browser):
                    renderer = Renderer() if needs_browser else None
                    try:
                        return export_view(store, view, options, renderer=renderer)
                    finally:
                        if renderer is not None:
                            renderer.close()

                cold, result = timed(cold_export)
                def warm_export(store=store, view=view, options=options, warm=warm, facets=facets):
                    return export_view(store, view, options, renderer=warm, facets=facets)

                times = [timed(warm_export)[0] for _ in range(args.repeat)]
                size = len(result.content)
                words = f"{size / 1e6:.2f} MB" if size >= 1e6 else f"{size / 1e3:.0f} KB"
                print(f"| {n:,} | {mode} | {fmt} | {cold:.2f} | {statistics.median(times):.2f} | {min(times):.2f} | {words} | {vector(fmt, result.content)} |", flush=True)
            warm.close()
            out = folder / "cli.png"
            began = time.perf_counter()
            subprocess.run([sys.executable, "-m", "dashboard", "export", "--format", "png", "--out", str(out), "--db", store.url],
                           cwd=ROOT, check=True, capture_output=True)  # fmt: skip
            cli[n] = time.perf_counter() - began
            store.close()
    for n, seconds in cli.items():
        print(f"\n`python -m dashboard export --format png` at {n:,} events: {seconds:.2f} s wall (Python start-up, Chromium start, render)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
