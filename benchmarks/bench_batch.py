"""How fast does ``python -m extract batch`` go, on 1 and 2 workers and a 2-worker Dask LocalCluster, and into which store?

The corpus: the TBAQ news texts (``../shared/data/timeml/tbaq``, 256 documents)
repeated until there are ``--articles`` (default 20,480), each copy with its own
id, a publication date moved by a whole number of weeks and one of 24 sources,
written as JSON Lines files of 1,024 articles (cached in ``--work``).

Measured, each on a fresh store, by running the real command in a subprocess:

* articles/s and events/s of ``batch`` with ``--workers 1``, ``--workers 2`` and
  ``--scheduler`` pointed at a ``LocalCluster(n_workers=2, processes=True)``, into
  SQLite, and with 2 workers into PostgreSQL (``--pg URL``, or
  ``$TEST_DATABASE_URL``; the tables of that database are dropped first);
* the peak memory of the run: the resident set of the command and its worker
  processes (and of the cluster's workers) summed, sampled every 0.1 s;
* the store alone: events/s of ``Store.add`` (one transaction per 100 articles)
  with events extracted beforehand, into SQLite and PostgreSQL: the ceiling of the
  single writer;
* bytes per article of each store and of the Parquet file.

It prints Markdown tables, then a projection for 10 million articles on a cluster.

Run from the repository root::

    python -m benchmarks.bench_batch [--articles 20480] [--pg postgresql+psycopg://USER:PASSWORD@HOST/DB]
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import multiprocessing
import os
import platform
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil
import sqlalchemy as sa

from extract import store as store_module
from extract.batch import article_events
from extract.evaluate import read_corpus
from extract.records import Article
from extract.store import Store

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO_ROOT.parent / "shared" / "data" / "timeml" / "tbaq"
SOURCES = tuple(f"Outlet {chr(65 + i)}" for i in range(24))
FILE_SIZE = 1024


# -- the corpus --------------------------------------------------------------------------------


def corpus_records(documents, n: int):
    """``n`` article records: the documents again and again, each copy with its own id, date and source."""
    for i in range(n):
        doc = documents[i % len(documents)]
        copy = i // len(documents)
        published = doc.dct + dt.timedelta(weeks=copy % 52) if copy else doc.dct
        yield {
            "id": f"{doc.doc_id}~{copy}",
            "title": doc.doc_id,
            "text": doc.text,
            "published": published.isoformat(),
            "source": SOURCES[(i * 7 + copy) % len(SOURCES)],
        }


def write_corpus(folder: Path, documents, n: int) -> Path:
    """JSONL files of ``FILE_SIZE`` articles under ``folder`` (kept: the same ``n`` reuses them)."""
    target = folder / f"corpus-{n}"
    if (target / "DONE").exists():
        return target
    target.mkdir(parents=True, exist_ok=True)
    records = corpus_records(documents, n)
    for part in range(0, n, FILE_SIZE):
        with open(target / f"part-{part // FILE_SIZE:05d}.jsonl", "w", encoding="utf-8") as handle:
            handle.writelines(
                json.dumps(next(records), ensure_ascii=False) + "\n" for _ in range(min(FILE_SIZE, n - part))
            )
    (target / "DONE").write_text("")
    return target


# -- measuring a run ---------------------------------------------------------------------------


class PeakMemory:
    """The peak of the summed resident memory of some processes and their children, sampled in a thread."""

    def __init__(self, *pids: int, interval: float = 0.1):
        self.pids, self.interval, self.peak = pids, interval, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    def _sample(self) -> None:
        while not self._stop.is_set():
            rss: dict[int, int] = {}
            for pid in self.pids:
                try:
                    root = psutil.Process(pid)
                    for process in [root, *root.children(recursive=True)]:
                        rss[process.pid] = process.memory_info().rss
                except psutil.Error:
                    continue
            self.peak = max(self.peak, sum(rss.values()))
            self._stop.wait(self.interval)


def run_batch(corpus: Path, url: str, options: list[str], *, watch: tuple[int, ...] = ()) -> dict:
    """Run the command once on a fresh store; wall time, counts and peak memory."""
    command = [sys.executable, "-m", "extract", "batch", str(corpus), "--db", url, *options]
    began = time.perf_counter()
    process = subprocess.Popen(command, cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    with PeakMemory(process.pid, *watch) as memory:
        out, err = process.communicate()
    seconds = time.perf_counter() - began
    if process.returncode != 0:
        raise SystemExit(f"batch failed ({process.returncode}): {err[-2000:]}")
    counts = {
        key: int(value.replace(",", ""))
        for key, value in re.findall(r"^(articles written|events written)\s+([\d,]+)", out, re.MULTILINE)
    }
    return {"seconds": seconds, "articles": counts["articles written"], "events": counts["events written"],
            "peak_mb": memory.peak / 2**20}  # fmt: skip


def fresh_sqlite(folder: Path, name: str) -> tuple[str, Path]:
    path = folder / f"{name}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{path}", path


def reset_postgres(url: str) -> None:
    engine = sa.create_engine(url)
    store_module.metadata.drop_all(engine)
    engine.dispose()


def postgres_bytes(url: str) -> int:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        size = conn.execute(sa.text("SELECT pg_database_size(current_database())")).scalar_one()
    engine.dispose()
    return size


def store_digest(url: str) -> str:
    """A hash of every event, source, actor and place row (and the article ids): equal digests, identical stores."""
    digest = hashlib.sha256()
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        for table in (store_module.events, store_module.event_sources, store_module.event_actors,
                      store_module.event_places):  # fmt: skip
            for row in conn.execute(sa.select(table).order_by(*table.primary_key.columns)):
                digest.update(repr(tuple(row)).encode())
        for article_id in conn.execute(
            sa.select(store_module.articles.c.id).order_by(store_module.articles.c.id)
        ).scalars():
            digest.update(article_id.encode())
    engine.dispose()
    return digest.hexdigest()[:16]


def sqlite_bytes(path: Path) -> int:
    return sum(Path(f"{path}{suffix}").stat().st_size for suffix in ("", "-wal") if Path(f"{path}{suffix}").exists())


# -- the store alone ---------------------------------------------------------------------------


def extracted_events(documents) -> list[tuple[dict, list[dict]]]:
    """Each document as an article record and its events, extracted once (for the store-alone measure)."""
    out = []
    for doc in documents:
        article = Article(id=doc.doc_id, text=doc.text, published=doc.dct, title=doc.doc_id)
        out.append((article.to_dict(), article_events(article)))
    return out


def store_rate(url: str, extracted, n: int, *, writers: int = 1, chunk: int = 100) -> dict:
    """Events/s of ``Store.add`` alone: ``n`` articles (copies under new ids) added ``chunk`` at a time by ``writers`` processes."""
    starts = list(range(0, n, chunk))
    Store(url).close()  # the schema, before the writers race to create it
    began = time.perf_counter()
    if writers == 1:
        events = _add_chunks(url, extracted, starts, n, chunk)
    else:
        context = multiprocessing.get_context("fork")
        with context.Pool(writers) as pool:
            shares = [(url, extracted, starts[k::writers], n, chunk) for k in range(writers)]
            events = sum(pool.starmap(_add_chunks, shares))
    return {"seconds": time.perf_counter() - began, "articles": n, "events": events}


def _add_chunks(url: str, extracted, starts: list[int], n: int, chunk: int) -> int:
    store = Store(url)
    events = 0
    for start in starts:
        batch_articles, batch_events = [], []
        for i in range(start, min(n, start + chunk)):
            article, article_events_ = extracted[i % len(extracted)]
            suffix = f"~{i // len(extracted)}"
            batch_articles.append({**article, "id": article["id"] + suffix, "source": SOURCES[i % len(SOURCES)]})
            batch_events += [_renamed(event, suffix) for event in article_events_]
        events += store.add(batch_articles, batch_events).events_added
    store.close()
    return events


def _renamed(event: dict, suffix: str) -> dict:
    sources = [{**source, "article_id": source["article_id"] + suffix} for source in event["sources"]]
    return {**event, "id": event["id"] + suffix, "sources": sources}


# -- the report --------------------------------------------------------------------------------


def _row(name: str, result: dict, *extra: str) -> str:
    rate = result["articles"] / result["seconds"]
    events = result["events"] / result["seconds"]
    cells = [name, f"{result['articles']:,}", f"{result['events']:,}", f"{result['seconds']:.1f}", f"{rate:,.0f}",
             f"{events:,.0f}", f"{result['peak_mb']:,.0f}", *extra]  # fmt: skip
    return "| " + " | ".join(cells) + " |"


def projection(per_core: float, events_per_article: float, writer_events: float, bytes_per_article: dict) -> list[str]:
    """Time and store size for 10 million articles, on paper, from the measured rates."""
    n = 10_000_000
    writer_articles = writer_events / events_per_article
    lines = [
        (
            "| cluster cores | extraction (articles/s) | one writer: articles/s | one writer: 10 M articles |"
            " parallel writes: 10 M articles | the database must absorb |"
        ),
        "| ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for cores in (2, 16, 64, 256):
        extraction = per_core * cores * 0.9  # 10 % for scheduling, transfer and stragglers
        single = min(extraction, writer_articles)
        lines.append(
            f"| {cores} | {extraction:,.0f} | {single:,.0f} | {_hours(n / single)} | {_hours(n / extraction)} |"
            f" {extraction * events_per_article:,.0f} events/s |"
        )
    lines += ["", "| store | bytes per article | for 10 M articles |", "| --- | ---: | ---: |"]
    for name, size in bytes_per_article.items():
        lines.append(f"| {name} | {size:,.0f} | {size * n / 1e9:,.0f} GB |")
    return lines


def _hours(seconds: float) -> str:
    return f"{seconds / 3600:,.1f} h" if seconds >= 3600 else f"{seconds / 60:,.0f} min"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_batch", description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--articles", type=int, default=20_480)
    parser.add_argument(
        "--pg", default=os.environ.get("TEST_DATABASE_URL"), help="a PostgreSQL URL (its tables are dropped)"
    )
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "bench_batch")
    parser.add_argument("--skip", nargs="*", default=[], choices=["1", "2", "dask", "pg", "store"])
    args = parser.parse_args(argv)
    documents = read_corpus([args.corpus])
    args.work.mkdir(parents=True, exist_ok=True)
    corpus = write_corpus(args.work, documents, args.articles)
    megabytes = sum(p.stat().st_size for p in corpus.glob("*.jsonl")) / 1e6
    print(f"{args.articles:,} articles ({megabytes:,.0f} MB of JSONL: the {len(documents)} TBAQ texts repeated); "
          f"Python {platform.python_version()}, {os.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.0f} GB\n")  # fmt: skip

    results, sizes, digests = {}, {}, {}
    if "1" not in args.skip:
        url, _ = fresh_sqlite(args.work, "w1")
        results["`--workers 1`, SQLite"] = run_batch(corpus, url, ["--workers", "1"])
        digests["1 worker"] = store_digest(url)
    if "2" not in args.skip:
        url, path = fresh_sqlite(args.work, "w2")
        results["`--workers 2`, SQLite"] = run_batch(corpus, url, ["--workers", "2"])
        digests["2 workers"] = store_digest(url)
        sizes["SQLite"] = sqlite_bytes(path) / args.articles
    if "dask" not in args.skip:
        from distributed import LocalCluster

        with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
            workers = tuple(child.pid for child in psutil.Process().children())  # the nannies and their workers
            url, _ = fresh_sqlite(args.work, "dask")
            results["Dask LocalCluster, 2 workers, SQLite"] = run_batch(
                corpus, url, ["--scheduler", cluster.scheduler_address], watch=workers
            )
            digests["Dask"] = store_digest(url)
    if args.pg and "pg" not in args.skip:
        reset_postgres(args.pg)
        results["`--workers 2`, PostgreSQL"] = run_batch(corpus, args.pg, ["--workers", "2"])
        sizes["PostgreSQL"] = postgres_bytes(args.pg) / args.articles
        reset_postgres(args.pg)
        results["`--workers 2 --parallel-writes`, PostgreSQL"] = run_batch(
            corpus, args.pg, ["--workers", "2", "--parallel-writes"]
        )
    unique = write_corpus(args.work, documents, len(documents))  # Parquet compresses repeats: size it on unique texts
    url, path = fresh_sqlite(args.work, "unique")
    run_batch(unique, url, ["--workers", "2", "--parquet", str(args.work / "events.parquet")])
    sizes["SQLite, unique texts"] = sqlite_bytes(path) / len(documents)
    sizes["Parquet (events only), unique texts"] = (args.work / "events.parquet").stat().st_size / len(documents)

    print("| run | articles | events | seconds | articles/s | events/s | peak memory (MB) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, result in results.items():
        print(_row(name, result))
    if digests:
        same = "identical" if len(set(digests.values())) == 1 else "DIFFERENT"
        print(f"\nStores written by {', '.join(digests)}: {same} ({', '.join(f'{k} {v}' for k, v in digests.items())})")

    writer = {}
    if "store" not in args.skip:
        n = min(args.articles, 10_240)
        extracted = extracted_events(documents)
        stores = {"SQLite": lambda: fresh_sqlite(args.work, "store")[0]}
        if args.pg:
            stores["PostgreSQL"] = lambda: reset_postgres(args.pg) or args.pg
        for name, fresh in stores.items():
            for writers in (1, 2):
                writer[f"{name}, {writers} writer{'s' if writers > 1 else ''}"] = store_rate(
                    fresh(), extracted, n, writers=writers
                )
        print("\nThe store alone (`Store.add`, one transaction per 100 articles, events extracted beforehand):\n")
        print("| store | articles | events | seconds | events/s | articles/s |")
        print("| --- | ---: | ---: | ---: | ---: | ---: |")
        for name, r in writer.items():
            print(f"| {name} | {r['articles']:,} | {r['events']:,} | {r['seconds']:.1f} | "
                  f"{r['events'] / r['seconds']:,.0f} | {r['articles'] / r['seconds']:,.0f} |")  # fmt: skip

    one = results.get("`--workers 1`, SQLite")
    if one and writer:
        per_article = one["events"] / one["articles"]
        name = "PostgreSQL, 1 writer" if "PostgreSQL, 1 writer" in writer else "SQLite, 1 writer"
        ceiling = writer[name]
        print(f"\nProjection for 10 million articles ({per_article:.1f} events per article; one worker "
              f"{one['articles'] / one['seconds']:,.0f} articles/s; one writer: {name} above):\n")  # fmt: skip
        for line in projection(one["articles"] / one["seconds"], per_article,
                               ceiling["events"] / ceiling["seconds"], sizes):  # fmt: skip
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
