"""The shared store: migrations, concurrent adds, removal, a killed batch; on SQLite and PostgreSQL.

PostgreSQL runs when ``TEST_DATABASE_URL`` names a database the tests may wipe
(``postgresql+psycopg://USER:PASSWORD@HOST/DB``); otherwise those cases skip, saying so.
"""

import json
import multiprocessing
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from dashboard import migrations
from dashboard.fake import generate
from extract import migrate
from extract import store as store_module
from extract.store import CORE_TABLES, SchemaOutOfDate, Store

ROOT = Path(__file__).resolve().parent.parent


def article(id="a1", text="Putin and Scholz held talks yesterday."):
    return {
        "id": id,
        "title": f"Title {id}",
        "text": text,
        "published": "2022-02-16",
        "source": f"Paper {id}",
        "url": "",
    }


def event(id, article_id="a1", offset=0):
    sentence = "Putin and Scholz held talks yesterday."
    return {
        "id": id, "category": "talks", "modality": "asserted", "value": "2022-02-15", "start": "2022-02-15",
        "end": "2022-02-16", "grain": "day", "time_text": "yesterday", "sentence": sentence, "actors": ["Vladimir Putin"],
        "places": ["Moscow"], "sources": [{"article_id": article_id, "sentence": sentence, "start": offset, "end": offset + 38}],
    }  # fmt: skip


def test_a_new_store_is_created_at_the_newest_revision(url):
    store = Store(url)
    with store.engine.connect() as conn:
        assert migrate.current(conn) == migrate.head()
        indexes = {i["name"] for i in sa.inspect(conn).get_indexes("events")}
    for name in (store_module.SEARCH_INDEX, *store_module.LIST_INDEXES):
        assert (name in indexes) == (store.engine.dialect.name == "postgresql")
    store.close()


def test_the_migrations_build_exactly_the_tables_the_code_uses(url):
    engine = sa.create_engine(url)
    migrate.upgrade(engine, url)
    with engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), store_module.metadata)
    # The trigram (0003) and list (0005) indexes are PostgreSQL-only DDL, outside the table definitions.
    extra = {store_module.SEARCH_INDEX, *store_module.LIST_INDEXES}
    assert [d for d in differences if not (d[0] == "remove_index" and d[1].name in extra)] == []
    engine.dispose()


def test_an_old_schema_is_refused_with_the_upgrade_command_until_upgraded(url, capsys):
    engine = sa.create_engine(url)
    store_module.metadata.create_all(engine, tables=[store_module.metadata.tables[t] for t in CORE_TABLES])
    engine.dispose()
    with pytest.raises(SchemaOutOfDate, match=r"python -m dashboard db upgrade --db"):
        Store(url)
    assert migrations.main(["upgrade", "--db", url]) == 0
    assert f"(none) -> {migrate.head()}" in capsys.readouterr().out
    Store(url).close()


def test_the_upgrade_command_in_the_message_can_be_pasted(url, monkeypatch):
    """A printed URL has its password masked, so the command names no --db when $DATABASE_URL is the store."""
    engine = sa.create_engine(url)
    store_module.metadata.create_all(engine, tables=[store_module.metadata.tables[t] for t in CORE_TABLES])
    engine.dispose()
    monkeypatch.setenv("DATABASE_URL", url)
    with pytest.raises(SchemaOutOfDate, match=r"Upgrade it with: python -m dashboard db upgrade$"):
        Store(url)
    monkeypatch.delenv("DATABASE_URL")
    assert migrate.upgrade_command("postgresql+psycopg://team:secret@db:5432/timeline") == (
        "python -m dashboard db upgrade --db 'postgresql+psycopg://team:***@db:5432/timeline'"
        " (your password in place of ***)"
    )
    assert "secret" not in migrate.upgrade_command("postgresql+psycopg://team:secret@db:5432/timeline")


def _add_at_once(url: str, n: int) -> list:
    """``n`` threads, each with its own store (own connections), add one article at the same moment."""
    stores = [Store(url) for _ in range(n)]
    barrier = threading.Barrier(n)
    results, errors = [], []

    def add(s):
        barrier.wait()
        try:
            results.append(s.add([article("same")], [event("e1", "same"), event("e2", "same", 40)]))
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=add, args=(s,)) for s in stores]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for s in stores:
        s.close()
    assert errors == []
    return results


def test_the_same_article_added_by_two_users_at_once_is_stored_once(url):
    Store(url).close()
    results = _add_at_once(url, 4)
    assert sorted(r.articles_added for r in results) == [0, 0, 0, 1]
    store = Store(url)
    assert store.counts() == {"articles": 1, "events": 2, "undated": 0}
    assert store.event("e1")["n_sources"] == 1
    store.close()


def _add_in_process(url, barrier):
    s = Store(url)
    barrier.wait()
    s.add([article("proc")], [event("p1", "proc")])
    s.close()


def test_two_processes_adding_one_article_store_it_once(url):
    Store(url).close()
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(2)
    procs = [ctx.Process(target=_add_in_process, args=(url, barrier)) for _ in range(2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    assert [p.exitcode for p in procs] == [0, 0]
    store = Store(url)
    assert store.counts()["articles"] == 1 and store.counts()["events"] == 1
    store.close()


def test_an_add_that_fails_half_way_stores_nothing(url):
    store = Store(url)
    broken = event("e9", "no-such-article")
    with pytest.raises(sa.exc.IntegrityError):
        store.add([article("a1")], [event("e1"), broken])
    assert store.counts() == {"articles": 0, "events": 0, "undated": 0}
    store.close()


def test_a_value_the_database_refuses_is_an_sqlalchemy_error_and_stores_nothing(url):
    # PostgreSQL copies the new rows in before inserting them: a refusal there must surface
    # as the same error class as any other statement's, and leave nothing behind.
    store = Store(url)
    store.add([article("kept")], [event("e0", "kept")])
    too_long = "x" * 200  # ids are VARCHAR(128): PostgreSQL refuses, SQLite stores it
    try:
        store.add([article(too_long)], [event("e1", too_long), event("e2", too_long, 40)])
    except sa.exc.DataError:
        assert store.engine.dialect.name == "postgresql"
        assert store.counts() == {"articles": 1, "events": 1, "undated": 0}
    else:
        assert store.engine.dialect.name == "sqlite"
        assert store.counts() == {"articles": 2, "events": 3, "undated": 0}
    store.close()


def test_a_plain_postgresql_url_opens_with_the_installed_driver(postgresql_url):
    # "postgresql://" names SQLAlchemy's default driver, psycopg2, which this project does not install
    plain = "postgresql://" + postgresql_url.split("://", 1)[1]
    store = Store(plain)
    assert store.engine.dialect.driver == "psycopg"
    store.add([article("a1")], [event("e1")])
    assert store.counts()["events"] == 1
    store.close()


def test_with_installed_driver_leaves_other_urls_alone():
    assert store_module.with_installed_driver("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    for url in ("postgresql+psycopg://u@h/db", "sqlite:///timeline.db", "mysql://u@h/db", "postgresql+asyncpg://h/db"):
        assert store_module.with_installed_driver(url) == url


def test_adding_again_and_overlapping_adds_count_only_new_rows(url):
    store = Store(url)
    first = store.add([article("a1"), article("a2")], [event("e1", "a1"), event("e2", "a2")])
    assert (first.articles_added, first.events_added, first.sources_added) == (2, 2, 2)
    again = store.add([article("a2"), article("a3")], [event("e2", "a2"), event("e2", "a3"), event("e3", "a3", 40)])
    assert (again.articles_added, again.events_added, again.sources_added) == (1, 1, 2)
    assert store.event("e2")["n_sources"] == 2
    assert store.add([article("a1")], [event("e1", "a1")]).sources_added == 0
    store.close()


def test_removing_an_article_removes_its_events_and_updates_merged_ones(url):
    store = Store(url)
    store.add([article("a1"), article("a2")], [event("shared", "a1"), event("only-a1", "a1", 40)])
    store.add([article("a2")], [event("shared", "a2")])
    assert store.event("shared")["n_sources"] == 2
    removed = store.remove_article("a1")
    assert (removed.articles_removed, removed.events_removed, removed.events_updated) == (1, 1, 1)
    assert store.event("only-a1") is None
    shared = store.event("shared")
    assert shared["n_sources"] == 1
    assert [s["article_id"] for s in shared["sources"]] == ["a2"]
    assert store.counts() == {"articles": 1, "events": 1, "undated": 0}
    assert store.remove_article("a1").articles_removed == 0
    with store.engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(store_module.event_actors)).scalar_one() == 1
    store.close()


def test_actor_and_place_filters_match_the_events_lists(url):
    store = Store(url)
    found, evs = generate(400)
    odd = dict(event("odd", "a-odd"), actors=['O\'Neil, "Jo" \\ Ünal'], places=["Kyiv"])
    store.add([*found, article("a-odd")], [*evs, odd])
    evs.append(odd)
    cases = [(("NATO",), ()), (("Kremlin", "Joe Biden"), ()), ((), ("Kyiv",)), (("Russia",), ("Moscow", "Kyiv"))]
    cases.append(((odd["actors"][0],), ()))
    for actors, places in cases:
        flt = store_module.EventFilter(actors=actors, places=places)
        expected = {
            e["id"] for e in evs
            if (not actors or set(actors) & set(e["actors"])) and (not places or set(places) & set(e["places"]))
        }  # fmt: skip
        assert expected
        assert {r["id"] for r in store.select(flt)} == expected
        assert store.count(flt) == len(expected)
    store.close()


def test_the_generation_moves_with_every_change_and_only_then(url):
    store = Store(url)
    seen = [store.generation()]
    store.add([article("a1")], [event("e1")])
    seen.append(store.generation())
    store.add([article("a1")], [event("e1")])  # nothing new: the same generation
    assert store.generation() == seen[-1]
    store.add([article("a2")], [event("e1", "a2")])  # a new source of a stored event
    seen.append(store.generation())
    store.remove_article("a2")
    seen.append(store.generation())
    assert store.remove_article("a2").articles_removed == 0
    assert store.generation() == seen[-1]
    assert len(set(seen)) == 4
    with pytest.raises(sa.exc.IntegrityError):  # a failed add changes nothing, the generation included
        store.add([article("a3")], [event("e3", "no-such-article")])
    assert store.generation() == seen[-1]
    store.close()


def test_a_request_reads_its_sign_in_and_generation_in_one_statement_and_later_reads_see_commits(url):
    from dashboard import users

    store = Store(url, pool_size=2)
    writer = Store(url)
    store.add([article("a1")], [event("e1")])
    users.add(writer, "vera", "viewer", "a long enough password")
    expected = writer.generation()
    statements = []
    sa.event.listen(store.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    with store.one_connection():
        assert users.get(store, "vera").role == "viewer"
        assert users.get(store, "nobody") is None
        first = store.generation()
        writer.add([article("a2")], [event("e2", "a2")])
        assert store.generation() != first  # read again: the commit in between is seen
    assert first == expected
    if store.engine.dialect.name == "postgresql":
        # the sign-in check carried the generation: two lookups and one more read of it, no ping counted
        assert sum("store_generation" in s for s in statements) == 3
        assert len([s for s in statements if "FROM users" in s]) == 2
    store.close()
    writer.close()


def test_the_reads_of_one_request_share_a_connection_and_still_see_every_commit(url):
    """``one_connection``: one checkout for all of a request's reads, never one snapshot."""
    store = Store(url, pool_size=2)
    writer = Store(url)
    store.add([article("a1")], [event("e1")])
    checkouts = []
    sa.event.listen(store.engine, "checkout", lambda *_: checkouts.append(1))
    with store.one_connection():
        before = store.generation()
        assert store.count(store_module.EventFilter()) == 1
        writer.add([article("a2")], [event("e2", "a2")])  # another worker commits in between
        assert store.generation() != before  # seen at once: no snapshot held across reads
        assert store.count(store_module.EventFilter()) == 2
        with pytest.raises(sa.exc.DBAPIError), store.reading() as conn:  # a failed read does not break the next ones
            conn.execute(sa.text("SELECT * FROM no_such_table"))
        assert store.count(store_module.EventFilter()) == 2
    if store.engine.dialect.name == "postgresql":
        assert len(checkouts) == 2  # the first connection, and one more after the failed read
    assert store.count(store_module.EventFilter()) == 2  # outside: a connection per read, as before
    writer.close()
    store.close()


def test_a_pooled_connection_is_tested_only_after_sitting_idle_and_replaced_when_dead(postgresql_url, monkeypatch):
    """No ping on a busy server's checkouts (one round trip less per request); an idle connection
    whose server side went away (a restart, an idle timeout) is replaced before a request uses it."""
    url = postgresql_url
    store = Store(url, pool_size=1)
    store.add([article("a1")], [event("e1")])
    pings = []
    real_ping = store.engine.dialect.do_ping
    monkeypatch.setattr(store.engine.dialect, "do_ping", lambda conn: pings.append(1) or real_ping(conn))
    monkeypatch.setattr(store_module, "PING_AFTER_IDLE_SECONDS", 0.2)
    for _ in range(5):  # back a moment ago: no ping
        assert store.count(store_module.EventFilter()) == 1
    assert pings == []
    with store.engine.connect() as conn:
        pid = conn.execute(sa.text("SELECT pg_backend_pid()")).scalar_one()
    killer = sa.create_engine(url)
    with killer.connect() as conn:  # the server drops the pooled connection
        assert conn.execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": pid}).scalar_one()
    killer.dispose()
    time.sleep(0.3)
    assert store.count(store_module.EventFilter()) == 1  # tested, found dead, replaced: no error
    assert pings == [1]
    with store.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT pg_backend_pid()")).scalar_one() != pid
    store.close()


def test_a_store_wiped_and_filled_again_never_repeats_a_generation(url, wipe_store):
    store = Store(url)
    store.add([article("a1")], [event("e1")])
    before = store.generation()
    store.close()
    wipe_store(url)
    store = Store(url)
    store.add([article("a1")], [event("e1")])
    assert store.generation() != before  # same number, a new token
    store.close()


def test_a_store_upgraded_from_revision_0003_has_a_generation(url):
    engine = sa.create_engine(url)
    assert migrate.upgrade(engine, url, "0003") == (None, "0003")
    engine.dispose()
    with pytest.raises(SchemaOutOfDate):
        Store(url)
    assert migrations.main(["upgrade", "--db", url]) == 0
    store = Store(url)
    first = store.generation()
    store.add([article("a1")], [event("e1")])
    assert store.generation() != first
    store.close()


def test_a_batch_killed_half_way_and_resumed_stores_every_article_once(url, tmp_path):
    n = 400
    news = tmp_path / "news.jsonl"
    with news.open("w") as f:
        for i in range(n):
            text = f"Officials met in Kyiv on Monday, report {i}. Putin said on Tuesday that talks would continue."
            f.write(
                json.dumps({"id": f"k{i:04d}", "title": f"Report {i}", "text": text, "published": "2022-02-16"}) + "\n"
            )
    Store(url).close()
    command = [sys.executable, "-m", "extract", "batch", str(news), "--db", url, "--workers", "1", "--chunk", "20"]
    proc = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    store = Store(url)
    deadline = time.monotonic() + 120
    while store.counts()["articles"] < 60 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    stored_at_kill = store.counts()["articles"]
    assert 0 < stored_at_kill < n, "the kill should land in the middle of the batch"
    assert subprocess.run(command, cwd=ROOT, capture_output=True, check=False).returncode == 0
    assert store.counts()["articles"] == n
    with store.engine.connect() as conn:
        duplicates = conn.execute(
            sa.select(store_module.event_sources.c.article_id)
            .group_by(
                store_module.event_sources.c.article_id,
                store_module.event_sources.c.event_id,
                store_module.event_sources.c.start,
            )
            .having(sa.func.count() > 1)
        ).all()
    assert duplicates == []
    store.close()
