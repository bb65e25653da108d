"""``python -m extract batch``: events from many articles into a store, on every core or on a Dask cluster.

    read     this process   extract.stream: one record at a time; a malformed record is skipped and logged
    skip     this process   articles already in the store (or already queued) are never extracted
    extract  workers        extract_chunk: each article's events, de-duplicated within the article
    write    this process   Store.add for each chunk: one transaction, so a crash loses only unfinished chunks
    export   this process   extract.parquet: the store's events table as a Parquet file

Events are de-duplicated within each article, not across articles: an
article's events then depend on that article alone, so one worker, N workers
and a Dask cluster store the same events, and a resumed run stores what an
uninterrupted one would have.  (``python -m extract events`` also merges
reports across the articles it is given; over millions of articles that is
a later step in the database.)

``--workers 1`` extracts in this process; N > 1 in a pool of N processes.
``--scheduler tcp://HOST:8786`` sends the chunks to the Dask distributed
cluster at that address; its workers must import this package (same code,
same requirements).  Stopping (Ctrl-C, a crash, a killed machine) keeps every
chunk already written; the same command again skips the stored articles
before extracting anything.
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import contextlib
import datetime as dt
import functools
import logging
import multiprocessing
import os
import signal
import sys
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

import sqlalchemy as sa

from extract import dedupe, pipeline, stream
from extract.errors import ExtractError, InputError
from extract.ingest import parse_date
from extract.records import Article
from extract.store import DEFAULT_URL, AddResult, Store, articles, default_url

log = logging.getLogger(__name__)

#: Articles per task sent to a worker and per transaction in the store.
DEFAULT_CHUNK = 100
#: Chunks in flight per worker: enough to keep workers busy, few enough to bound memory.
IN_FLIGHT_PER_WORKER = 2
KIND_FAILED = "extraction failed"


@dataclass(frozen=True, kw_only=True)
class Failure:
    """An article whose analysis raised: which, why (for the report) and the traceback (for the log)."""

    article_id: str
    skipped: stream.Skipped
    traceback: str = ""


@dataclass(frozen=True, kw_only=True)
class ChunkResult:
    """What a worker sends back for a chunk: the events of the articles it analysed, and the failures."""

    events: list[dict]
    failures: list[Failure] = field(default_factory=list)
    written: AddResult | None = None  # set when the worker wrote the chunk to the store itself


@dataclass(kw_only=True)
class Tally:
    """What a run did, counted as it goes (the end report)."""

    articles_read: int = 0
    already_stored: int = 0
    repeated: int = 0
    skipped: Counter = field(default_factory=Counter)
    articles_written: int = 0
    events_written: int = 0
    sources_written: int = 0
    seconds: float = 0.0
    interrupted: bool = False

    @property
    def records_read(self) -> int:
        return self.articles_read + sum(self.skipped[k] for k in self.skipped if k != KIND_FAILED)


# -- the work of one worker --------------------------------------------------------------------


def article_events(article: Article) -> list[dict]:
    """The events of one article, de-duplicated within it, as the JSON objects the store takes."""
    return [event.to_dict() for event in dedupe.merge(pipeline.article_events(article))]


def extract_chunk(chunk: list[Article]) -> ChunkResult:
    """The events of every article of ``chunk``; an article whose analysis fails is reported, not fatal."""
    events: list[dict] = []
    failures: list[Failure] = []
    for article in chunk:
        try:
            events.extend(article_events(article))
        except Exception as exc:  # noqa: BLE001 -- a bug on one article must not cost the other million; reported
            where = article.origin or article.id
            skipped = stream.Skipped(where=where, reason=f"{where}: {type(exc).__name__}: {exc}", kind=KIND_FAILED)
            failures.append(Failure(article_id=article.id, skipped=skipped, traceback=traceback.format_exc()))
    return ChunkResult(events=events, failures=failures)


def write_in_worker(url: str, work: Callable[[list[Article]], ChunkResult], chunk: list[Article]) -> ChunkResult:
    """``--parallel-writes``: extract a chunk and write it to the store from the worker, in one transaction."""
    result = work(chunk)
    failed = {failure.article_id for failure in result.failures}
    added = _store_at(url).add([article.to_dict() for article in chunk if article.id not in failed], result.events)
    return ChunkResult(events=[], failures=result.failures, written=added)


@functools.lru_cache(maxsize=4)
def _store_at(url: str) -> Store:
    return Store(url)  # one engine (and connection pool) per worker process and store


# -- where the work runs -----------------------------------------------------------------------


class _InProcess:
    """``--workers 1``: each chunk is extracted at once, in this process."""

    def __init__(self, work: Callable):
        self.work = work
        self.slots = 1

    def submit(self, chunk: list[Article]) -> cf.Future:
        future: cf.Future = cf.Future()
        try:
            future.set_result(self.work(chunk))
        except Exception as exc:  # noqa: BLE001 -- handed over like a pool's future does
            future.set_exception(exc)
        return future

    def wait(self, futures):
        return cf.wait(futures, return_when=cf.FIRST_COMPLETED)

    def close(self, *, cancel: bool = False) -> None:
        pass


class _ProcessPool:
    """``--workers N``: a pool of N processes on this machine."""

    def __init__(self, work: Callable, workers: int):
        self.work = work
        self.slots = workers * IN_FLIGHT_PER_WORKER
        context = multiprocessing.get_context("forkserver")
        self.pool = cf.ProcessPoolExecutor(workers, mp_context=context, initializer=_ignore_interrupts)

    def submit(self, chunk: list[Article]) -> cf.Future:
        return self.pool.submit(self.work, chunk)

    def wait(self, futures):
        return cf.wait(futures, return_when=cf.FIRST_COMPLETED)

    def close(self, *, cancel: bool = False) -> None:
        self.pool.shutdown(wait=True, cancel_futures=cancel)


class _DaskCluster:
    """``--scheduler tcp://HOST:8786``: the workers of a Dask distributed cluster."""

    def __init__(self, work: Callable, address: str):
        try:
            import distributed
        except ImportError:
            raise InputError("--scheduler needs Dask: pip install 'dask[distributed]'") from None
        self.distributed = distributed
        self.work = work
        try:
            self.client = distributed.Client(address, timeout="10s")
        except (OSError, TimeoutError, ValueError) as exc:
            raise InputError(f"--scheduler {address}: cannot reach a Dask scheduler there ({exc})") from None
        threads = sum(self.client.nthreads().values())
        self.slots = max(1, threads) * IN_FLIGHT_PER_WORKER

    def submit(self, chunk: list[Article]):
        return self.client.submit(self.work, chunk, pure=False)

    def wait(self, futures):
        return self.distributed.wait(list(futures), return_when="FIRST_COMPLETED")

    def close(self, *, cancel: bool = False) -> None:
        self.client.close()


def _ignore_interrupts() -> None:
    # Ctrl-C reaches the whole process group; only the main process decides what it means.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _backend(work: Callable, workers: int, scheduler: str | None):
    if scheduler:
        return _DaskCluster(work, scheduler)
    if workers <= 1:
        return _InProcess(work)
    return _ProcessPool(work, workers)


# -- the run -----------------------------------------------------------------------------------


def run_batch(
    paths: Iterable[str | Path],
    store: Store,
    *,
    workers: int = 1,
    scheduler: str | None = None,
    chunk: int = DEFAULT_CHUNK,
    published: dt.date | dt.datetime | None = None,
    work: Callable[[list[Article]], ChunkResult] = extract_chunk,
    parallel_writes: bool = False,
    progress: Callable[[int, Tally], None] | None = None,
) -> Tally:
    """Extract the events of every article under ``paths`` into ``store``; the tally of what happened.

    ``work`` turns a chunk of articles into a :class:`ChunkResult` (a module-level
    function, so that worker processes can import it).  With ``parallel_writes``
    each worker writes its chunks to the store itself (PostgreSQL, reachable
    from the workers; SQLite refuses concurrent writers): the writes then
    scale with the workers instead of passing through this process.  ``progress`` is called
    with the bytes of input just dealt with and the tally.  A worker that dies
    raises :class:`ExtractError` once the chunks finished before it are written.
    Ctrl-C stops the run (``Tally.interrupted``) with the same guarantee.
    """
    paths = stream.check_inputs(paths)
    tally = Tally()
    advance = progress or (lambda nbytes, tally: None)
    queued: set[str] = set()
    began = time.perf_counter()
    records = _articles(stream.read_stream(paths, published=published), tally, advance)
    chunks = _batched(_unseen(records, store, queued, chunk, tally, advance), chunk)
    if parallel_writes:
        if store.engine.dialect.name == "sqlite":
            raise InputError(
                "--parallel-writes needs PostgreSQL: SQLite takes one writer at a time (leave out the option)"
            )
        work = functools.partial(write_in_worker, store.url, work)
    backend = _backend(work, workers, scheduler)
    pending: dict = {}
    failure: BaseException | None = None
    try:
        for next_chunk in chunks:
            while len(pending) >= backend.slots and failure is None:
                failure = _collect(backend, pending, store, queued, tally, advance)
            if failure is None:
                try:
                    pending[backend.submit([a for a, _ in next_chunk])] = next_chunk
                except Exception as exc:  # noqa: BLE001 -- a broken pool refuses new work; reported
                    failure = exc
            if failure is not None:
                break
        while pending:
            failure = _collect(backend, pending, store, queued, tally, advance) or failure
    except KeyboardInterrupt:
        tally.interrupted = True
        backend.close(cancel=True)
    finally:
        backend.close()
        tally.seconds = time.perf_counter() - began
    if failure is not None:
        raise ExtractError(
            f"a worker failed ({type(failure).__name__}: {failure}); {tally.articles_written} articles were"
            " written before it; run the same command again to resume"
        ) from failure
    return tally


def _articles(items, tally: Tally, advance) -> Iterator[tuple[Article, int]]:
    """The articles of the stream; skipped records are counted and logged on the way."""
    for item, nbytes in items:
        if isinstance(item, stream.Skipped):
            tally.skipped[item.kind] += 1
            log.warning("skipped %s", item.reason)
            advance(nbytes, tally)
            continue
        tally.articles_read += 1
        yield item, nbytes


def _unseen(records, store: Store, queued: set[str], size: int, tally: Tally, advance) -> Iterator[tuple[Article, int]]:
    """The articles neither in the store nor queued already, asking the store once per ``size`` articles."""
    for group in _batched(records, size):
        stored = stored_ids(store, [article.id for article, _ in group])
        for article, nbytes in group:
            if article.id in stored or article.id in queued:
                if article.id in stored:
                    tally.already_stored += 1
                else:
                    tally.repeated += 1
                    log.info("%s: same article id as one read before (%s), skipped", article.origin, article.id)
                advance(nbytes, tally)
                continue
            queued.add(article.id)
            yield article, nbytes


def _collect(backend, pending: dict, store: Store, queued: set[str], tally: Tally, advance) -> BaseException | None:
    """Write every finished chunk; the first failure of a worker, if any."""
    done, _ = backend.wait(list(pending))
    failure = None
    for future in done:
        chunk = pending.pop(future)
        try:
            result = future.result()
        except Exception as exc:  # noqa: BLE001 -- a worker died or the cluster lost it: reported
            failure = failure or exc
            queued.difference_update(article.id for article, _ in chunk)
            continue
        write_chunk(store, [article for article, _ in chunk], result, tally)
        queued.difference_update(article.id for article, _ in chunk)
        advance(sum(nbytes for _, nbytes in chunk), tally)
    return failure


def write_chunk(store: Store, chunk: list[Article], result: ChunkResult, tally: Tally) -> None:
    """Store a chunk's articles and events in one transaction (unless its worker did); failures are logged."""
    for failure in result.failures:
        tally.skipped[failure.skipped.kind] += 1
        log.warning("skipped %s", failure.skipped.reason)
        if failure.traceback:
            log.info("%s", failure.traceback.rstrip())
    added = result.written
    if added is None:
        failed = {failure.article_id for failure in result.failures}
        added = store.add([article.to_dict() for article in chunk if article.id not in failed], result.events)
    tally.articles_written += added.articles_added
    tally.events_written += added.events_added
    tally.sources_written += added.sources_added


def stored_ids(store: Store, ids: list[str]) -> set[str]:
    """Which of ``ids`` are articles in ``store``."""
    found: set[str] = set()
    with store.engine.connect() as conn:
        for i in range(0, len(ids), 500):
            query = sa.select(articles.c.id).where(articles.c.id.in_(ids[i : i + 500]))
            found.update(conn.execute(query).scalars())
    return found


def _batched(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while group := list(islice(iterator, size)):
        yield group


# -- the report --------------------------------------------------------------------------------


def report(tally: Tally, *, log_file: str | None = None) -> list[str]:
    """The end report, line by line."""
    rate = tally.articles_written / tally.seconds if tally.seconds else 0.0
    skipped = sum(tally.skipped.values())
    lines = [
        f"records read      {tally.records_read:,}",
        f"articles read     {tally.articles_read:,}",
        f"already stored    {tally.already_stored:,}"
        + (f" (+{tally.repeated:,} repeated in the input)" if tally.repeated else ""),
        f"skipped           {skipped:,}" + (f" ({_reasons(tally.skipped)})" if skipped else ""),
        f"articles written  {tally.articles_written:,}",
        f"events written    {tally.events_written:,} ({tally.sources_written:,} sources)",
        f"time              {_duration(tally.seconds)} ({rate:,.1f} articles/s)",
    ]
    if skipped:
        lines.append(f"reasons           {'in ' + log_file if log_file else 'printed above, one line each'}")
    if tally.interrupted:
        lines.append("interrupted: what is written stays; run the same command again to resume")
    return lines


def _reasons(counts: Counter) -> str:
    return ", ".join(f"{n:,} {kind}" for kind, n in counts.most_common())


def _duration(seconds: float) -> str:
    minutes, secs = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return (
        f"{hours}h {minutes:02d}m {secs:02d}s" if hours else f"{minutes}m {secs:02d}s" if minutes else f"{seconds:.1f}s"
    )


# -- command line ------------------------------------------------------------------------------


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``python -m extract batch``."""
    parser.add_argument("inputs", nargs="+", metavar="INPUT", help="folders, .jsonl, .csv, .json, .txt or .html files")
    parser.add_argument(
        "--db",
        metavar="URL",
        help="SQLAlchemy URL of the store, e.g. sqlite:///timeline.db or postgresql+psycopg://USER@HOST/DB"
        f" (default: $DATABASE_URL or {DEFAULT_URL}, the dashboard's store)",
    )
    parser.add_argument(
        "--workers", type=int, metavar="N", help=f"processes on this machine (default: all {_cores()} cores)"
    )
    parser.add_argument(
        "--scheduler", metavar="ADDRESS", help="a Dask scheduler, e.g. tcp://HOST:8786, instead of local workers"
    )
    parser.add_argument(
        "--chunk",
        type=int,
        default=DEFAULT_CHUNK,
        metavar="N",
        help=f"articles per task and per transaction (default {DEFAULT_CHUNK})",
    )
    parser.add_argument(
        "--parallel-writes",
        action="store_true",
        help="each worker writes its chunks to the store itself (for PostgreSQL on a cluster: the writes scale too)",
    )
    parser.add_argument("--parquet", metavar="FILE", help="also write the store's events table to this Parquet file")
    parser.add_argument("--published", metavar="DATE", help="publication date (YYYY-MM-DD) for files that carry none")
    parser.add_argument("--log", metavar="FILE", help="append skipped records (with reasons) and the report here")
    parser.set_defaults(workers=None)  # fmt: skip


def run(args: argparse.Namespace) -> int:
    """Run ``batch``: exit 0 when done, 2 on bad input (or when no article could be read), 130 when stopped."""
    options = check_options(args)
    store = open_store(args.db or default_url())
    try:
        with _logging_to(args.log), _ProgressBar(stream.total_bytes(stream.check_inputs(args.inputs))) as bar:
            tally = run_batch(args.inputs, store, workers=options["workers"], scheduler=args.scheduler,
                              chunk=args.chunk, published=options["published"], parallel_writes=args.parallel_writes,
                              progress=bar.advance)  # fmt: skip
            bar.close()
            for line in report(tally, log_file=args.log):
                print(line)
                log.info("%s", line)
        if tally.interrupted:
            return 130
        if tally.articles_read == 0 and tally.skipped:
            raise InputError("no article could be read from the input (see the reasons above)")
        if args.parquet:
            from extract.parquet import write_events

            n = write_events(store, args.parquet)
            print(f"parquet           {n:,} events in {args.parquet}")
        return 0
    finally:
        store.close()


def check_options(args: argparse.Namespace) -> dict:
    """The options, checked before any work starts; a wrong one is an InputError naming it."""
    if args.workers is not None and args.workers < 1:
        raise InputError(f"--workers {args.workers}: give a number of processes, 1 or more")
    if args.workers is not None and args.scheduler:
        raise InputError("--workers and --scheduler exclude each other: the cluster's workers do the work")
    if args.chunk < 1:
        raise InputError(f"--chunk {args.chunk}: give a number of articles, 1 or more")
    if args.scheduler and "://" not in args.scheduler:
        raise InputError(f"--scheduler {args.scheduler!r}: write the address as tcp://HOST:8786")
    for option, value in (("--parquet", args.parquet), ("--log", args.log)):
        if value and not Path(value).resolve().parent.is_dir():
            raise InputError(f"{option} {value}: the folder {Path(value).resolve().parent} does not exist")
    stream.check_inputs(args.inputs)
    published = parse_date(args.published, where="--published") if args.published else None
    return {"workers": args.workers or _cores(), "published": published}


def open_store(url: str) -> Store:
    """The store at ``url``; a URL that is not one, a missing driver or an unreachable server is an InputError."""
    try:
        parsed = sa.engine.make_url(url)
    except sa.exc.ArgumentError:
        raise InputError(
            f"--db {url!r} is not a database URL: write sqlite:///timeline.db or postgresql+psycopg://USER@HOST/DB"
        ) from None
    shown = parsed.render_as_string(hide_password=True)
    try:
        return Store(parsed.render_as_string(hide_password=False))
    except (ImportError, sa.exc.NoSuchModuleError) as exc:
        raise InputError(f"--db {shown}: the database driver is missing ({exc})") from None
    except sa.exc.SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        raise InputError(f"--db {shown}: cannot open the store ({reason})") from None


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


@contextlib.contextmanager
def _logging_to(path: str | None) -> Iterator[None]:
    """Skipped records and the report into ``path`` (else warnings on standard error), for one run."""
    handler: logging.Handler
    if path:
        handler = logging.FileHandler(path, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
        handler.setLevel(logging.INFO)
    else:
        handler = _TqdmHandler()
        handler.setLevel(logging.WARNING)
    saved = log.level, log.propagate
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False
    try:
        yield
    finally:
        log.removeHandler(handler)
        handler.close()
        log.setLevel(saved[0])
        log.propagate = saved[1]


class _TqdmHandler(logging.Handler):
    """Log lines on standard error that do not break the progress bar."""

    def emit(self, record: logging.LogRecord) -> None:
        from tqdm import tqdm

        tqdm.write(self.format(record), file=sys.stderr)


class _ProgressBar:
    """A bar over the bytes of input (which know their total), with articles/s and events in its text."""

    def __init__(self, total: int):
        from tqdm import tqdm

        self.bar = tqdm(total=total, unit="B", unit_scale=True, unit_divisor=1024, disable=None,
                        dynamic_ncols=True, smoothing=0.1, file=sys.stderr)  # fmt: skip
        self.began = time.perf_counter()

    def advance(self, nbytes: int, tally: Tally) -> None:
        self.bar.update(nbytes)
        elapsed = time.perf_counter() - self.began
        rate = tally.articles_written / elapsed if elapsed else 0.0
        self.bar.set_postfix_str(f"{tally.articles_written:,} articles, {rate:,.0f}/s, {tally.events_written:,} events",
                                 refresh=False)  # fmt: skip

    def close(self) -> None:
        self.bar.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.bar.close()
