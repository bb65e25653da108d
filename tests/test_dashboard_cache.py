"""The workers' shared cache of callback answers: shared, keyed on the store's generation, never stale.

Each "worker" here is its own Store (own connections) and its own handle on
the cache directory, as two gunicorn processes have.  PostgreSQL runs when
``TEST_DATABASE_URL`` names a database the tests may wipe.
"""

import datetime as dt

import pytest
import sqlalchemy as sa

from dashboard import cache as cache_module
from dashboard import data, state
from dashboard.cache import NoCache, ResultCache
from dashboard.callbacks import Callbacks
from dashboard.fake import generate
from extract.store import Store

VIEWS = ("", "?cat=talks", "?q=kyiv", "?from=2022-02-03&to=2022-02-06", "?actor=NATO&lanes=actor")


def of(articles: list, events: list) -> list:
    """The events whose every source is one of ``articles``."""
    ids = {a["id"] for a in articles}
    return [e for e in events if all(s["article_id"] in ids for s in e["sources"])]


@pytest.fixture
def workers(url, tmp_path):
    """Two workers over one store and one cache directory, and a third store that writes (a batch)."""
    writer = Store(url)
    articles, events = generate(300, start=dt.date(2022, 2, 1), days=10)
    writer.add(articles[:40], of(articles[:40], events))
    made = []
    for _ in range(2):
        store = Store(url)
        made.append(Callbacks(store, ResultCache(tmp_path / "cache")))
    yield made, writer, (articles, events)
    for work in made:
        work.cache.close()
        work.store.close()
    writer.close()


def answers(work: Callbacks, search: str) -> tuple:
    figure, status = work.timeline(search, "light")
    rows, note, _, _ = work.table(search, None, 0, None)
    undated, title, _ = work.undated(search, 0, None)
    return status, figure, [r["id"] for r in rows], note, str(undated), title, work.options()[-1]


def uncached(url: str, search: str) -> tuple:
    store = Store(url)
    try:
        return answers(Callbacks(store), search)
    finally:
        store.close()


def test_one_worker_computes_and_the_other_finds_the_answer(workers, url):
    (a, b), _, _ = workers
    for search in VIEWS:
        first = answers(a, search)
        a.timeline(search, "dark")
        assert a.cache.outcome() == "miss"  # another theme is another answer
        assert answers(b, search) == first
        b.timeline(search, "dark")
        assert b.cache.outcome() == "hit"
        b.table(search, None, 0, None)
        assert b.cache.outcome() == "hit"
        assert first == uncached(url, search)


def test_an_added_article_is_seen_at_once_by_every_worker(workers, url):
    (a, b), writer, (articles, events) = workers
    before = {search: answers(a, search) for search in VIEWS}
    for search in VIEWS:
        answers(b, search)  # both workers hold every answer now
    new = articles[40:41]
    assert of(new, events)
    writer.add(new, of(new, events))
    for work in (a, b):
        for search in VIEWS:
            now = answers(work, search)
            assert now == uncached(url, search)
    assert answers(a, "")[0] != before[""][0]  # the status counts the new events
    assert answers(a, "")[-1] != before[""][-1]  # and so do the filter panel's stats


def test_a_removed_article_is_gone_at_once_from_every_worker(workers, url):
    (a, b), writer, (articles, _) = workers
    for search in VIEWS:
        answers(a, search)
        answers(b, search)
    assert writer.remove_article(articles[0]["id"]).articles_removed == 1
    for work in (b, a):
        for search in VIEWS:
            assert answers(work, search) == uncached(url, search)


def test_adding_nothing_new_keeps_the_answers(workers):
    (a, b), writer, (articles, events) = workers
    answers(a, "?cat=talks")
    writer.add(articles[:1], of(articles[:1], events))  # stored already
    answers(b, "?cat=talks")
    assert b.cache.outcome() == "hit"


def test_without_a_cache_every_answer_is_computed(url):
    store = Store(url)
    store.add(*generate(50, start=dt.date(2022, 2, 1), days=5))
    work = Callbacks(store)
    assert isinstance(work.cache, NoCache)
    answers(work, "?cat=talks")
    answers(work, "?cat=talks")
    assert work.cache.outcome() == "miss"
    store.close()


def test_answers_are_rows_of_the_cache_database_not_a_file_each(tmp_path):
    kept = ResultCache(tmp_path / "cache")
    try:
        drawn = {"data": [{"x": [f"2022-02-{d:02d}" for d in range(1, 29)] * 400, "hovertext": ["talks"] * 11_200}]}
        for n in range(5):
            kept.put(f"timeline|g|{n}", drawn)
        assert kept.peek("timeline|g|3") == drawn
        assert [p for p in (tmp_path / "cache").rglob("*") if p.is_file() and not p.name.startswith("cache.db")] == []
    finally:
        kept.close()


def test_the_cache_directory_must_be_private(tmp_path, monkeypatch):
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o777)
    shared.chmod(0o777)
    monkeypatch.setenv("TIMELINE_CACHE_DIR", str(shared))
    with pytest.raises(RuntimeError, match="writable by it alone"):
        cache_module.from_environment("sqlite:///x.db")
    monkeypatch.setenv("TIMELINE_CACHE_DIR", str(tmp_path / "new"))
    made = cache_module.from_environment("sqlite:///x.db")
    assert isinstance(made, ResultCache) and (tmp_path / "new").stat().st_mode & 0o077 == 0
    made.close()
    monkeypatch.setenv("TIMELINE_CACHE", "0")
    assert type(cache_module.from_environment("sqlite:///x.db")) is NoCache


def table_request(search: str) -> dict:
    """The body dash-renderer posts for the events table of ``search``."""
    outputs = [
        ("events-table", "rowData"),
        ("table-note", "children"),
        ("events-table", "selectedRows"),
        ("table-key", "data"),
    ]
    return {
        "output": "..events-table.rowData...table-note.children...events-table.selectedRows...table-key.data..",
        "outputs": [{"id": i, "property": p} for i, p in outputs],
        "inputs": [{"id": "url", "property": "search", "value": search}, {"id": "data-version", "property": "data", "value": 0},
                   {"id": "timeline", "property": "selectedData", "value": None}],
        "state": [{"id": "table-key", "property": "data", "value": None}],
        "changedPropIds": ["url.search"],
    }  # fmt: skip


def test_a_signed_in_request_reads_through_one_connection_and_an_add_is_seen_at_once(url, tmp_path):
    """What a gunicorn worker does: sign-in check, generation and queries of a request share one
    pooled connection (PostgreSQL), and the next request still sees another worker's add."""
    import re

    from dashboard import team, users
    from dashboard.app import CACHE_HEADER, create_app

    writer = Store(url)
    articles, events = generate(300, start=dt.date(2022, 2, 1), days=10)
    writer.add(articles[:40], of(articles[:40], events))
    users.add(writer, "vera", "viewer", "a long enough password")
    store = Store(url, pool_size=2)
    app = create_app(store, cache=ResultCache(tmp_path / "cache"))
    team.install(app, store, enabled=True, secret_key="k")
    client = app.server.test_client()
    page = client.get("/auth/login").get_data(as_text=True)
    form = {"name": "vera", "password": "a long enough password", "next": "/"}
    form["csrf_token"] = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert client.post("/auth/login", data=form).status_code == 302
    csrf = client.get("/team/me").get_json()["csrf"]
    work = app._timeline_callbacks
    work.reader(work.facets(), wait=True)  # the events' index of this generation, built on its own connection
    checkouts = []
    sa.event.listen(store.engine, "checkout", lambda *_: checkouts.append(1))

    def note() -> tuple[str, str]:
        response = client.post(
            "/_dash-update-component", json=table_request("?cat=talks"), headers={"X-CSRFToken": csrf}
        )
        assert response.status_code == 200
        return response.get_json()["response"]["table-note"]["children"], response.headers[CACHE_HEADER]

    first = note()
    assert first[1] == "miss" and note() == (first[0], "hit")
    if store.engine.dialect.name == "postgresql":
        assert len(checkouts) == 2  # one per request, not one per query
    new = articles[40:80]
    writer.add(new, of(new, events))
    after = note()
    assert after[1] == "miss" and after[0] != first[0]
    assert after[0] == Callbacks(writer).table("?cat=talks", None)[1]
    store.close()
    writer.close()


@pytest.mark.parametrize(
    "search, prefilled",
    [
        ("?from=2022-02-03&to=2022-02-06", True),  # events drawn in category lanes: the table's rows
        ("?cat=talks&from=2022-02-02&to=2022-02-09", True),
        ("?q=kyiv&from=2022-02-01&to=2022-02-11", True),
        ("?from=2022-02-03&to=2022-02-06&lanes=actor", False),  # actor lanes: other rows were read
        ("?from=2022-02-03&to=2022-02-06&event=nope", True),  # the selected event is not the table's business
    ],
)
def test_a_drawing_that_read_the_tables_rows_leaves_the_tables_answer_for_the_other_worker(
    workers, url, search, prefilled
):
    (first, second), _, _ = workers
    first.timeline(search, "light")
    rows, note, _, _ = second.table(search, None, 0, None)
    assert second.cache.outcome() == ("hit" if prefilled else "miss")
    expected = Callbacks(Store(url)).table(search, None, 0, None)
    assert (rows, note) == expected[:2]
    assert rows, "a view with events"


def test_the_table_of_a_drawing_is_the_tables_own_answer_on_many_views(workers, url):
    """Random ranges, filters and lanes: wherever the drawing gives the table's rows they are the table's."""
    import random

    assert workers  # the fixture fills the store
    plain = Callbacks(Store(url))
    rng = random.Random(3)
    given = 0
    for _ in range(60):
        day = dt.date(2022, 2, 1) + dt.timedelta(days=rng.randrange(10))
        search = f"?from={day}&to={day + dt.timedelta(days=rng.choice([1, 2, 5, 10]))}"
        search += rng.choice(["", "&cat=talks", "&q=a", "&lanes=source", "&mod=planned"])
        view = state.from_query(search)
        facets = plain.facets()
        tl = data.timeline(plain.reader(facets), view, facets)
        table = data.table_of(tl)
        if table is not None:
            given += 1
            assert table == data.table_rows(plain.store, view, facets)
    assert given > 10


def test_above_the_index_limit_the_database_counts_and_the_answers_are_the_same(workers, url):
    (first, _), _, _ = workers
    store = Store(url)
    big = Callbacks(store, index_max_events=0)  # more events than the limit: no index in memory
    assert big.reader(big.facets()) is store
    assert type(first.reader(first.facets(), wait=True)).__name__ == "IndexedStore"
    for search in VIEWS:
        assert answers(big, search) == uncached(url, search)
    store.close()


def test_no_request_waits_for_a_new_index_the_database_answers_meanwhile(workers, url, monkeypatch):
    """A change of the store makes a new index; it is built on a thread of its own while the
    views read the database, then used; the other worker takes it from the cache."""
    import threading

    from extract import index as index_module

    (first, second), writer, (articles, events) = workers
    release, started = threading.Event(), threading.Event()
    real_load = index_module.EventIndex.load

    def slow_load(store):
        started.set()
        release.wait(10)
        return real_load(store)

    monkeypatch.setattr(index_module.EventIndex, "load", staticmethod(slow_load))
    facets = first.facets()
    assert first.reader(facets) is first.store  # not built yet: the database answers at once
    assert started.wait(10)
    assert answers(first, "?from=2022-02-03&to=2022-02-06") == uncached(url, "?from=2022-02-03&to=2022-02-06")
    release.set()
    first._builder.join(10)
    assert type(first.reader(facets)).__name__ == "IndexedStore"
    assert first.reader(facets) is first.reader(facets)  # built once

    def no_load(store):
        raise AssertionError("the second worker builds nothing: the index is in the cache")

    monkeypatch.setattr(index_module.EventIndex, "load", staticmethod(no_load))
    assert type(second.reader(second.facets())).__name__ == "IndexedStore"
    new = articles[40:60]
    writer.add(new, of(new, events))  # a new generation: a new index, the database meanwhile
    monkeypatch.setattr(index_module.EventIndex, "load", staticmethod(real_load))
    assert second.reader(second.facets()) is second.store
    assert answers(second, "?cat=talks") == uncached(url, "?cat=talks")
    second._builder.join(10)


def test_a_failed_build_leaves_the_views_on_the_database(workers, url, monkeypatch, caplog):
    from extract import index as index_module

    (first, _), _, _ = workers

    def broken(store):
        raise RuntimeError("database went away")

    monkeypatch.setattr(index_module.EventIndex, "load", staticmethod(broken))
    facets = first.facets()
    assert first.reader(facets, wait=True) is first.store
    assert "Building the index of the store's events failed" in caplog.text
    assert answers(first, "?q=kyiv") == uncached(url, "?q=kyiv")


def test_one_worker_builds_a_new_index_and_the_other_takes_it_from_the_cache(workers, url, monkeypatch):
    """Both workers see the new generation at once; only the first builds (a claim in the shared
    cache), the other reads the database until the index is there, then takes it; a failed build
    gives its claim up, so the other may try."""
    import threading

    from extract import index as index_module

    (first, second), writer, (articles, events) = workers
    release = threading.Event()
    loads = []
    real_load = index_module.EventIndex.load

    def slow_load(store):
        loads.append(threading.current_thread().name)
        release.wait(10)
        return real_load(store)

    monkeypatch.setattr(index_module.EventIndex, "load", staticmethod(slow_load))
    assert first.reader(first.facets()) is first.store  # building, on a thread of its own
    for _ in range(3):
        assert second.reader(second.facets()) is second.store  # claimed by the first: not built twice
    assert second._builder is None
    release.set()
    first._builder.join(10)
    assert type(second.reader(second.facets())).__name__ == "IndexedStore"
    assert len(loads) == 1

    def broken(store):
        raise RuntimeError("database went away")

    monkeypatch.setattr(index_module.EventIndex, "load", staticmethod(broken))
    new = articles[40:60]
    writer.add(new, of(new, events))  # a new generation: a new index to build
    assert first.reader(first.facets()) is first.store  # the first claims it, and its build fails
    first._builder.join(10)
    monkeypatch.setattr(index_module.EventIndex, "load", staticmethod(real_load))
    assert second.reader(second.facets()) is second.store  # the claim was given up: the second builds
    second._builder.join(10)
    assert type(second.reader(second.facets())).__name__ == "IndexedStore"
