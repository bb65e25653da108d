"""``python -m extract batch``: resume after a crash, the same events on 1, N workers and Dask, bad records skipped, Parquet.

Set ``TEST_DATABASE_URL`` (e.g. ``postgresql+psycopg://USER:PASSWORD@localhost/DB``, a database the tests
may empty) to run the store-facing tests against PostgreSQL too.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from extract import batch, store
from extract.errors import ExtractError
from extract.records import Article
from extract.store import Store

REPO = Path(__file__).resolve().parents[1]
SENTENCES = (
    "Russian troops advanced towards the border on {day}, officials said.",
    "Olaf Scholz held talks with Vladimir Putin in Moscow on {day}.",
    "Hackers attacked the websites of the Ukrainian defence ministry on {day}.",
    "Britain imposed sanctions on five Russian banks on {day}.",
    "Ukrainian soldiers fired anti-tank weapons during an exercise in Donetsk on {day}.",
    "The foreign minister warned on {day} that an invasion remained possible.",
)
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")


def article_record(i: int) -> dict:
    """A small article whose events depend on ``i``: two or three dated sentences, a source, a date."""
    sentences = [
        SENTENCES[(i + k) % len(SENTENCES)].format(day=DAYS[(i * 3 + k) % len(DAYS)]) for k in range(2 + i % 2)
    ]
    return {
        "id": f"a{i:03d}", "title": f"Report {i}", "text": " ".join(sentences),
        "published": f"2022-02-{10 + i % 18:02d}", "source": f"Paper {i % 4}", "url": f"https://example.org/{i}",
    }  # fmt: skip


def write_jsonl(path: Path, numbers, *, broken_after: int | None = None) -> Path:
    lines = []
    for n in numbers:
        lines.append(json.dumps(article_record(n)))
        if n == broken_after:
            lines.append('{"id": "broken", "text": "cut off in the midd')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def corpus(folder: Path, n: int = 40) -> Path:
    """A folder with a JSONL file and a CSV file of ``n`` articles in all."""
    folder.mkdir(exist_ok=True)
    write_jsonl(folder / "part1.jsonl", range(n // 2))
    import csv

    with open(folder / "part2.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(article_record(0)))
        writer.writeheader()
        writer.writerows(article_record(i) for i in range(n // 2, n))
    return folder


def snapshot(url: str) -> dict:
    """What a run leaves in a store, minus the time of adding: article ids, event rows, source rows."""
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        out = {
            "articles": sorted(conn.execute(sa.select(store.articles.c.id)).scalars()),
            "events": sorted(tuple(row) for row in conn.execute(sa.select(store.events))),
            "sources": sorted(tuple(row) for row in conn.execute(sa.select(store.event_sources))),
        }
    engine.dispose()
    return out


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path) -> str:
    """A fresh store: a SQLite file, and PostgreSQL when TEST_DATABASE_URL names a database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    return _fresh_postgres()


@pytest.fixture
def pg_url() -> str:
    """A fresh PostgreSQL store only, when TEST_DATABASE_URL names one."""
    return _fresh_postgres()


def _fresh_postgres() -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        pytest.skip("PostgreSQL: set TEST_DATABASE_URL=postgresql+psycopg://USER:PASSWORD@HOST/DB to run this")
    engine = sa.create_engine(url)
    store.metadata.drop_all(engine)
    engine.dispose()
    return url


def run_cli(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="extract batch")
    batch.add_arguments(parser)
    return batch.run(parser.parse_args(list(argv)))


# -- work functions that fail, for the crash tests (module level: worker processes import them) --


def raise_on_a017(chunk: list[Article]) -> batch.ChunkResult:
    if any(article.id == "a017" for article in chunk):
        raise RuntimeError("simulated crash")
    return batch.extract_chunk(chunk)


def die_on_a017(chunk: list[Article]) -> batch.ChunkResult:
    if any(article.id == "a017" for article in chunk):
        os._exit(1)  # the worker process dies at once, as on a segfault or an OOM kill
    return batch.extract_chunk(chunk)


# -- every article once, with its events ------------------------------------------------------


def test_every_article_is_stored_once_with_the_events_of_the_pipeline(tmp_path, db_url):
    folder = corpus(tmp_path / "in", 12)
    with _open(db_url) as s:
        tally = batch.run_batch([folder], s, workers=1, chunk=5)
    expected = {e["id"] for i in range(12) for e in batch.article_events(_article(i))}
    got = snapshot(db_url)
    assert got["articles"] == [f"a{i:03d}" for i in range(12)]
    assert {row[0] for row in got["events"]} == expected
    assert (tally.articles_read, tally.articles_written, tally.events_written) == (12, 12, len(expected))


def test_a_second_run_extracts_nothing_already_stored(tmp_path, db_url):
    folder = corpus(tmp_path / "in", 10)
    calls = []

    def counting(chunk):
        calls.extend(article.id for article in chunk)
        return batch.extract_chunk(chunk)

    with _open(db_url) as s:
        batch.run_batch([folder], s, chunk=4, work=counting)
        first = snapshot(db_url)
        calls.clear()
        tally = batch.run_batch([folder], s, chunk=4, work=counting)
    assert calls == []
    assert (tally.already_stored, tally.articles_written, tally.events_written) == (10, 0, 0)
    assert snapshot(db_url) == first


def test_an_article_repeated_in_the_input_is_extracted_once(tmp_path):
    write_jsonl(tmp_path / "a.jsonl", [1, 2, 3])
    write_jsonl(tmp_path / "b.jsonl", [3, 4])
    with _open(f"sqlite:///{tmp_path / 's.db'}") as s:
        tally = batch.run_batch([tmp_path / "a.jsonl", tmp_path / "b.jsonl"], s, chunk=10)
    assert (tally.articles_read, tally.repeated, tally.articles_written) == (5, 1, 4)


# -- resume after an interruption -------------------------------------------------------------


def test_a_worker_that_raises_midway_stops_the_run_and_the_next_run_stores_every_article_once(tmp_path, db_url):
    folder = corpus(tmp_path / "in", 40)
    reference = f"sqlite:///{tmp_path / 'reference.db'}"
    with _open(reference) as s:
        batch.run_batch([folder], s, chunk=5)
    with _open(db_url) as s:
        with pytest.raises(ExtractError, match="run the same command again to resume"):
            batch.run_batch([folder], s, workers=1, chunk=5, work=raise_on_a017)
        stopped = snapshot(db_url)["articles"]
        assert stopped == [f"a{i:03d}" for i in range(15)]  # three chunks written, the fourth (a015-a019) not
        tally = batch.run_batch([folder], s, workers=1, chunk=5)
    assert (tally.already_stored, tally.articles_written) == (15, 25)
    assert snapshot(db_url) == snapshot(reference)


def test_a_worker_process_that_dies_loses_only_unfinished_chunks(tmp_path):
    folder = corpus(tmp_path / "in", 40)
    url = f"sqlite:///{tmp_path / 's.db'}"
    reference = f"sqlite:///{tmp_path / 'reference.db'}"
    with _open(reference) as s:
        batch.run_batch([folder], s, chunk=5)
    with _open(url) as s:
        with pytest.raises(ExtractError, match="a worker failed"):
            batch.run_batch([folder], s, workers=2, chunk=5, work=die_on_a017)
        assert not {"a015", "a016", "a017", "a018", "a019"} & set(snapshot(url)["articles"])
        batch.run_batch([folder], s, workers=2, chunk=5)
    assert snapshot(url) == snapshot(reference)


def test_the_command_killed_midway_resumes_and_stores_every_article_once(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    write_jsonl(folder / "news.jsonl", range(300))
    db = tmp_path / "s.db"
    command = [sys.executable, "-m", "extract", "batch", str(folder), "--db", f"sqlite:///{db}", "--workers", "1",
               "--chunk", "2"]  # fmt: skip
    process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while _stored(db) < 10 and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert process.poll() is None, "the run finished before it could be killed"
        process.send_signal(signal.SIGKILL)
    finally:
        process.wait()
    stored = _stored(db)
    assert 10 <= stored < 300
    done = subprocess.run(command, check=False, cwd=REPO, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert f"already stored    {stored:,}" in done.stdout
    reference = f"sqlite:///{tmp_path / 'reference.db'}"
    with _open(reference) as s:
        batch.run_batch([folder], s, chunk=50)
    assert snapshot(f"sqlite:///{db}") == snapshot(reference)


# -- the same events everywhere ---------------------------------------------------------------


@pytest.fixture(scope="module")
def dask_cluster():
    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    yield cluster
    cluster.close()


def test_one_worker_two_workers_and_a_dask_cluster_store_identical_events(tmp_path, dask_cluster):
    folder = corpus(tmp_path / "in", 30)
    runs = {
        "1 worker": {"workers": 1},
        "2 workers": {"workers": 2},
        "dask": {"scheduler": dask_cluster.scheduler_address},
    }
    snapshots = {}
    for name, options in runs.items():
        url = f"sqlite:///{tmp_path / (name.replace(' ', '_') + '.db')}"
        with _open(url) as s:
            batch.run_batch([folder], s, chunk=4, **options)
        snapshots[name] = snapshot(url)
    assert len(snapshots["1 worker"]["events"]) > 30
    assert snapshots["2 workers"] == snapshots["1 worker"]
    assert snapshots["dask"] == snapshots["1 worker"]


@pytest.mark.parametrize("where", ["2 workers", "dask"])
def test_workers_writing_to_postgresql_themselves_store_what_one_writer_stores(tmp_path, pg_url, where, dask_cluster):
    folder = corpus(tmp_path / "in", 24)
    reference = f"sqlite:///{tmp_path / 'reference.db'}"
    with _open(reference) as s:
        batch.run_batch([folder], s, chunk=4)
    options = {"workers": 2} if where == "2 workers" else {"scheduler": dask_cluster.scheduler_address}
    with _open(pg_url) as s:
        tally = batch.run_batch([folder], s, chunk=4, parallel_writes=True, **options)
    assert tally.articles_written == 24
    assert snapshot(pg_url) == snapshot(reference)


# -- malformed records ------------------------------------------------------------------------


def test_a_malformed_record_in_the_middle_of_a_file_is_skipped_and_reported_while_the_rest_is_stored(tmp_path, capsys):
    write_jsonl(tmp_path / "news.jsonl", range(10), broken_after=4)  # line 6 is cut off
    (tmp_path / "news.csv").write_bytes(
        b"id,text,published\n"
        b"c1,Russian troops advanced towards the border on Monday.,2022-02-16\n"
        b"c2,Talks were held on Monday.,last spring\n"
        b'c3,"Bad bytes \xff here on Monday.",2022-02-16\n'
        b"c4,Britain imposed sanctions on Russian banks on Tuesday.,2022-02-16\n"
    )
    url, log_file = f"sqlite:///{tmp_path / 's.db'}", tmp_path / "batch.log"
    assert run_cli(str(tmp_path / "news.jsonl"), str(tmp_path / "news.csv"), "--db", url, "--workers", "1",
                   "--log", str(log_file)) == 0  # fmt: skip
    assert snapshot(url)["articles"] == sorted([f"a{i:03d}" for i in range(10)] + ["c1", "c4"])
    logged = log_file.read_text(encoding="utf-8")
    assert "news.jsonl line 6: not valid JSON" in logged
    assert "news.csv row 3: publication date 'last spring' is not a date" in logged
    assert "news.csv row 4: bytes that are not UTF-8" in logged
    out = capsys.readouterr().out
    assert "skipped           3 (2 unreadable record, 1 no usable publication date)" in out
    assert f"reasons           in {log_file}" in out


def test_an_article_whose_analysis_fails_is_reported_and_the_rest_stored(tmp_path, monkeypatch):
    write_jsonl(tmp_path / "news.jsonl", range(6))
    real = batch.article_events

    def fragile(article):
        if article.id == "a003":
            raise ValueError("cannot analyse this one")
        return real(article)

    monkeypatch.setattr(batch, "article_events", fragile)
    with _open(f"sqlite:///{tmp_path / 's.db'}") as s:
        tally = batch.run_batch([tmp_path / "news.jsonl"], s)
        assert not s.has_article("a003")
    assert tally.skipped == {batch.KIND_FAILED: 1}
    assert tally.articles_written == 5


# -- Parquet ----------------------------------------------------------------------------------


def test_the_parquet_file_holds_every_event_of_the_store_with_typed_columns(tmp_path, db_url):
    pq = pytest.importorskip("pyarrow.parquet")
    folder = corpus(tmp_path / "in", 12)
    out = tmp_path / "events.parquet"
    assert run_cli(str(folder), "--db", db_url, "--workers", "1", "--parquet", str(out)) == 0
    table = pq.read_table(out)
    from extract.parquet import schema

    assert table.schema.equals(schema())
    rows = {row["id"]: row for row in table.to_pylist()}
    with _open(db_url) as s:
        assert set(rows) == {row[0] for row in snapshot(db_url)["events"]}
        for event_id, row in rows.items():
            stored = s.event(event_id)
            assert (row["category"], row["modality"], row["value"], row["sentence"]) == (
                stored["category"], stored["modality"], stored["value"], stored["sentence"])  # fmt: skip
            assert row["actors"] == stored["actors"] and row["places"] == stored["places"]
            assert [(x["article_id"], x["start"], x["end"]) for x in row["sources"]] == [
                (x["article_id"], x["start"], x["end"]) for x in stored["sources"]]  # fmt: skip
            assert row["start"] is None or row["start"].isoformat().startswith(stored["start"])


def test_the_parquet_file_of_an_empty_store_has_the_columns_and_no_rows(tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    from extract.parquet import write_events

    with _open(f"sqlite:///{tmp_path / 's.db'}") as s:
        assert write_events(s, tmp_path / "e.parquet") == 0
    assert pq.read_table(tmp_path / "e.parquet").num_rows == 0


# -- the command line -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["missing.jsonl", "--db", "sqlite://"], "missing.jsonl: no such file or folder"),
        (["{corpus}", "--db", "not a url"], "is not a database URL"),
        (["{corpus}", "--db", "sqlite:////no/such/folder/s.db"], "cannot open the store"),
        (["{corpus}", "--db", "sqlite://", "--workers", "0"], "--workers 0"),
        (["{corpus}", "--db", "sqlite://", "--chunk", "0"], "--chunk 0"),
        (["{corpus}", "--db", "sqlite://", "--workers", "2", "--scheduler", "tcp://h:8786"], "exclude each other"),
        (["{corpus}", "--db", "sqlite://", "--scheduler", "h:8786"], "tcp://HOST:8786"),
        (["{corpus}", "--db", "sqlite://", "--parquet", "/no/such/folder/e.parquet"], "does not exist"),
        (["{corpus}", "--db", "sqlite://", "--published", "yesterday"], "--published"),
        (["{corpus}", "--db", "sqlite:///{tmp}/s.db", "--parallel-writes"], "--parallel-writes needs PostgreSQL"),
        (["{junk}", "--db", "sqlite://"], "no article could be read"),
    ],
    ids=["missing input", "bad url", "unopenable sqlite", "no workers", "empty chunks", "workers and scheduler",
         "scheduler without scheme", "parquet folder missing", "bad published", "sqlite written by workers", "nothing readable"],
)  # fmt: skip
def test_bad_input_gets_a_message_and_exit_code_2(tmp_path, capsys, argv, message):
    from extract.cli import main

    folder = corpus(tmp_path / "in", 2)
    (tmp_path / "junk.jsonl").write_text("not json\n{also not\n", encoding="utf-8")
    argv = [a.format(corpus=folder, junk=tmp_path / "junk.jsonl", tmp=tmp_path) for a in argv]
    assert main(["batch", *argv]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err


def test_the_report_counts_what_was_read_skipped_and_written(tmp_path, capsys):
    write_jsonl(tmp_path / "news.jsonl", range(4), broken_after=1)
    assert run_cli(str(tmp_path / "news.jsonl"), "--db", f"sqlite:///{tmp_path / 's.db'}", "--workers", "1") == 0
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert lines[0] == "records read      5"
    assert lines[1:4] == ["articles read     4", "already stored    0", "skipped           1 (1 unreadable record)"]
    assert lines[4] == "articles written  4"
    assert lines[5].startswith("events written    ")
    assert lines[6].startswith("time              ")
    assert "skipped " in captured.err and "news.jsonl line 3: not valid JSON" in captured.err


# -- helpers ----------------------------------------------------------------------------------


class _open:
    """A Store as a context manager (closed at the end, so SQLite files can be read by others)."""

    def __init__(self, url: str):
        self.store = Store(url)

    def __enter__(self) -> Store:
        return self.store

    def __exit__(self, *exc) -> None:
        self.store.close()


def _article(i: int) -> Article:
    from extract.ingest import from_records

    return from_records([("line 1", article_record(i))], where="test")[0]


def _stored(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        engine = sa.create_engine(f"sqlite:///{db}")
        with engine.connect() as conn:
            return conn.execute(sa.select(sa.func.count()).select_from(store.articles)).scalar_one()
    except sa.exc.OperationalError:
        return 0
    finally:
        engine.dispose()
