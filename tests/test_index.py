"""The event index: ``IndexedStore`` answers ``count``, ``count_by``, ``density`` and ``select``
exactly as the store's SQL does, on random filters over SQLite and PostgreSQL, and in the
corners a dashboard runs into (search words, undated events, range and bucket edges, events
removed after the index was built, an empty store, a pickled index, remembered searches).

Known differences the comparisons allow for: in a source lane the store gives one row per
(event, article), the index one per (event, lane); an event's several lanes may come in any
order from SQL; the store may give the last density bucket more than one cell of a lane (it
clamps after grouping), so densities are compared as sums per (lane, bucket).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import pickle

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import event as label_example
from hypothesis import strategies as st

from dashboard.fake import ACTORS, CATEGORIES, MODALITIES, PLACES, SOURCES, generate
from extract import index as index_module
from extract.index import EventIndex, IndexedStore
from extract.store import LANES, EventFilter, Store

# -- hand-made events ------------------------------------------------------------------


def article(id, *, source="Daily Example", title=None):
    return {"id": id, "title": title if title is not None else f"Title {id}", "text": "", "published": "2022-02-16", "source": source, "url": f"https://example.org/{id}"}  # fmt: skip


def event(
    id,
    *,
    start="2022-02-15",
    end="2022-02-16",
    category="talks",
    modality="asserted",
    actors=(),
    places=(),
    sentence="Leaders held talks yesterday.",
    sources=(("a1", 0),),
    time_text="yesterday",
):
    """An event in the pipeline's JSON schema; ``sources`` are ``(article id, offset)`` pairs."""
    return {
        "id": id, "category": category, "modality": modality, "value": start, "start": start, "end": end,
        "grain": "day" if start else None, "time_text": time_text, "sentence": sentence, "actors": list(actors),
        "places": list(places),
        "sources": [{"article_id": a, "sentence": sentence, "start": o, "end": o + len(sentence)} for a, o in sources],
        "published": "2022-02-16", "published_inferred": False, "rule": "test", "schema_version": 1,
    }  # fmt: skip


def undated(id, **kwargs):
    return event(id, start=None, end=None, time_text="", **kwargs)


def filled(url, new_articles, new_events):
    store = Store(url)
    store.add(new_articles, new_events)
    return store, IndexedStore(store, EventIndex.load(store))


def ids(rows):
    return [r["id"] for r in rows]


def summed(cells):
    """Density cells as ``{(lane, bucket): n}`` (the store may split the last bucket's cells)."""
    out: dict[tuple[str, int], int] = {}
    for lane, bucket, n in cells:
        out[lane, bucket] = out.get((lane, bucket), 0) + n
    return out


# -- the store the property test draws filters over ---------------------------------------

N_GENERATED = 300
GENERATED_ARTICLES, GENERATED_EVENTS = generate(N_GENERATED, seed=11)

HAND_ARTICLES = [
    article("ha1", source="Twin Paper", title="Twin Paper: 100% report_1"),
    article("ha2", source="Twin Paper"),  # a second article of the same source label
    article("ha3", source="", title="Ünlabelled Title"),  # no source: the title labels it
]
SPECIAL = "Über 100% of the CAFÉ_NOIR staff, señor O'Brien said a\\b (Straße closed)."
HAND_EVENTS = [
    undated("h-undated-1", actors=["Vladimir Putin"], sources=[("ha1", 0)]),
    undated("h-undated-2", sources=[("ha3", 0)], category="statement"),
    undated("H-Undated-0", actors=["Zed Actor", "Alpha Actor"], sources=[("ha2", 0)]),
    event("h-twin", sources=[("ha1", 100), ("ha2", 100), ("ha1", 300)], actors=["Olaf Scholz", "Joe Biden"]),
    event("h-special", sentence=SPECIAL, actors=["Jean-Étienne O'Brien"], places=["Straße 5"], sources=[("ha3", 100)], category="statement"),
    event("h-year", start="2021-06-01", end="2022-06-01", category="sanctions", sources=[("ha1", 500)]),
    event("h-winter", start="2021-12-15T12:00:00", end="2022-01-15T12:00:00", actors=["NATO"], sources=[("ha2", 500)]),
    event("h-open", start="2022-01-10", end=None, sources=[("ha1", 700)]),
    # identical start times: ordered by id (mixed case and punctuation)
    event("h-tie-B", start="2022-01-10", end="2022-01-11", sources=[("ha1", 900)]),
    event("h-tie-a", start="2022-01-10", end="2022-01-11", sources=[("ha2", 900)], category="statement"),
    event("h-tie-_", start="2022-01-10", end="2022-01-11", sources=[("ha3", 900)], actors=["Russia"]),
    event("h-no-actor", start="2021-12-01T06:30:00", end="2021-12-01T07:30:00", sources=[("ha3", 1100)], category="cyberattack"),
]  # fmt: skip

ALL_IDS = [e["id"] for e in GENERATED_EVENTS + HAND_EVENTS]
WORDS = [
    "put", "PUTIN", "putin", "%", "100%", "_", "report_1", "café_noir", "CAFÉ", "cafe", "über", "ÜBER", "straße",
    "STRASSE", "o'brien", "\\", "a\\b", "twin", "crisis", "report", "kyiv", "talks", "é", "x%y", "a_b", "zzz",
    "night", "week", "ünlabelled",
]  # fmt: skip


def some(values, max_size=3):
    """Mostly no restriction, sometimes a few values (and sometimes one the store lacks)."""
    chosen = st.lists(st.sampled_from(list(values) + ["(nothing)"]), min_size=1, max_size=max_size).map(tuple)
    return st.one_of(st.just(()), st.just(()), st.just(()), chosen)


MOMENTS = st.builds(
    lambda day, minutes: dt.datetime(2021, 10, 1) + dt.timedelta(days=day, minutes=minutes),
    st.integers(0, 200),
    st.sampled_from([0, 0, 0, 360, 720, 30, 1439]),
)

filters = st.builds(
    EventFilter,
    categories=some([c for c, _ in CATEGORIES]),
    modalities=some([m for m, _ in MODALITIES]),
    actors=some(list(ACTORS) + ["Zed Actor", "Alpha Actor", "Jean-Étienne O'Brien"]),
    places=some(list(PLACES) + ["Straße 5"]),
    sources=some(list(SOURCES) + ["Twin Paper", "Ünlabelled Title"]),
    ids=st.one_of(st.just(()), some(ALL_IDS[::7] + ALL_IDS[-len(HAND_EVENTS) :], max_size=25)),
    text=st.one_of(
        st.just(""),
        st.just(""),
        st.just(""),
        st.lists(st.sampled_from(WORDS), min_size=1, max_size=3).map(" ".join),
        st.text(alphabet="aeiKyÉé%_\\ ", max_size=4),
    ),
    start=st.one_of(st.none(), MOMENTS),
    end=st.one_of(st.none(), MOMENTS),
    dated=st.sampled_from([None, None, True, False]),
)


@st.composite
def ranges(draw):
    """A density range and its buckets: often whole days, so events start on bucket edges."""
    start = draw(MOMENTS)
    if draw(st.booleans()):
        days = draw(st.integers(1, 150))
        return (
            start,
            start + dt.timedelta(days=days),
            draw(st.sampled_from([1, days, days * 2, days * 24 if days < 10 else days])),
        )
    return start, start + dt.timedelta(hours=draw(st.integers(-48, 4000))), draw(st.integers(1, 60))


@pytest.fixture
def compared(url):
    """The property test's store (generated plus hand-made events) and its indexed twin."""
    store, indexed = filled(url, GENERATED_ARTICLES + HAND_ARTICLES, GENERATED_EVENTS + HAND_EVENTS)
    yield store, indexed, store.facets()["longest"]
    store.close()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    flt=filters,
    stretch=st.sampled_from([None, None, 1, 2]),
    span=ranges(),
    limit=st.one_of(st.none(), st.integers(0, 40)),
)
def test_the_index_answers_every_filter_as_the_store_does(compared, flt, stretch, span, limit):
    store, indexed, longest = compared
    if stretch is not None:  # a bound at least as long as every event (what the dashboard passes)
        flt = dataclasses.replace(flt, longest=longest * stretch)

    n = store.count(flt)
    assert indexed.count(flt) == n
    label_example("kept: " + ("none" if not n else "few" if n < 20 else "many"))  # --hypothesis-show-statistics
    for lane in LANES:
        assert indexed.count_by(flt, lane) == store.count_by(flt, lane), lane
        start, end, buckets = span
        assert summed(indexed.density(flt, lane=lane, start=start, end=end, buckets=buckets)) == summed(
            store.density(flt, lane=lane, start=start, end=end, buckets=buckets)
        ), lane

    # category lane: the very rows, in order, the first `limit` of them
    assert indexed.select(flt, limit=limit) == store.select(flt, limit=limit)
    # actor lane: one row per (event, actor) in both, so even a cut list holds the same events as often
    got, want = indexed.select(flt, lane="actor", limit=limit), store.select(flt, lane="actor", limit=limit)
    assert ids(got) == ids(want)
    for lane in ("actor", "source"):
        got, want = indexed.select(flt, lane=lane), store.select(flt, lane=lane)
        assert list(dict.fromkeys(ids(got))) == list(dict.fromkeys(ids(want))), lane
        assert len(got) == len({(r["id"], r["lane"]) for r in got}), lane  # distinct rows
        assert {(r["id"], r["lane"]) for r in got} == {(r["id"], r["lane"]) for r in want}, lane


def test_the_property_store_holds_the_corners_it_is_meant_to(compared):
    """Guards the fixture: the random filters above only test what the store holds."""
    store, indexed, _ = compared
    assert store.count(EventFilter(dated=False)) >= 3
    assert store.count_by(EventFilter(), "actor")["(no actor)"] > 0
    assert store.count_by(EventFilter(ids=("h-twin",)), "source") == {"Twin Paper": 1}
    assert len(store.select(EventFilter(ids=("h-twin",)), lane="source")) == 3
    assert store.count(EventFilter(text="100%")) == 1
    assert indexed.count(EventFilter()) == N_GENERATED + len(HAND_EVENTS)


# -- one behaviour each ------------------------------------------------------------------

SEARCHED = [
    event("putin", sentence="Putin and Scholz held talks.", actors=["Vladimir Putin"]),
    event("scholz", sentence="Scholz spoke about the border.", sources=[("a1", 50)]),
    event("percent", sentence="Turnout was 100% in_town.", sources=[("a1", 100)]),
    event("plain", sentence="Turnout was 1000 in-town.", sources=[("a1", 150)]),
    event("accent", sentence="Le CAFÉ ÉTAIT fermé.", sources=[("a1", 200)]),
]


@pytest.fixture
def searched(url):
    store, indexed = filled(url, [article("a1")], SEARCHED)
    yield store, indexed
    store.close()


@pytest.mark.parametrize(
    "text, expected",
    [
        ("put", ["putin"]),
        ("PUTIN", ["putin"]),
        ("café", ["accent"]),
        ("étai", ["accent"]),
        ("%", ["percent"]),
        ("100%", ["percent"]),
        ("_", ["percent"]),
        ("n_t", ["percent"]),
        ("1%0", []),
    ],
    ids=[
        "substring",
        "upper-case",
        "accents-fold",
        "upper-case-accent-inside-a-word",
        "percent-alone",
        "percent-literal",
        "underscore-alone",
        "underscore-literal",
        "percent-is-no-wildcard",
    ],
)
def test_search_is_a_case_insensitive_substring_and_wildcards_are_literal(searched, text, expected):
    store, indexed = searched
    flt = EventFilter(text=text)
    assert ids(indexed.select(flt)) == ids(store.select(flt)) == expected
    assert indexed.count(flt) == len(expected)


def test_every_word_of_a_search_must_match(searched):
    store, indexed = searched
    assert ids(indexed.select(EventFilter(text="scholz"))) == ["putin", "scholz"]
    flt = EventFilter(text="scholz  TALKS")
    assert ids(indexed.select(flt)) == ids(store.select(flt)) == ["putin"]
    assert indexed.count(EventFilter(text="scholz border talks")) == 0
    assert indexed.count_by(EventFilter(text="turnout in")) == {"talks": 2}


def test_undated_events_alone_and_by_id_when_dated_is_false(url):
    store, indexed = filled(
        url,
        [article("a1")],
        [
            undated("u3"),
            event("d1", start="2022-01-01", end="2022-01-02", sources=[("a1", 9)]),
            undated("u1", sources=[("a1", 5)]),
            undated("U2", sources=[("a1", 7)]),
        ],
    )
    assert ids(indexed.select(EventFilter(dated=False))) == ["U2", "u1", "u3"]
    assert ids(indexed.select(EventFilter(dated=False), limit=2)) == ["U2", "u1"]
    assert ids(indexed.select(EventFilter())) == ["d1", "U2", "u1", "u3"]  # undated last
    assert indexed.count(EventFilter(dated=False)) == 3 and indexed.count(EventFilter(dated=True)) == 1
    store.close()


def test_a_range_keeps_the_events_overlapping_it_end_exclusive(url):
    store, indexed = filled(
        url,
        [article("a1")],
        [
            event("month", start="2022-01-01", end="2022-02-01", sources=[("a1", 0)]),  # started before the range
            event("inside", start="2022-01-25T10:00:00", end="2022-01-25T11:00:00", sources=[("a1", 10)]),
            event("at-end", start="2022-02-01", end="2022-02-02", sources=[("a1", 20)]),  # starts where the range ends
            event("ended", start="2022-01-19", end="2022-01-20", sources=[("a1", 30)]),  # ends where the range starts
            event("across", start="2021-06-01", end="2023-06-01", sources=[("a1", 40)]),
            undated("none", sources=[("a1", 50)]),
        ],
    )
    flt = EventFilter(start=dt.datetime(2022, 1, 20), end=dt.datetime(2022, 2, 1))
    assert ids(indexed.select(flt)) == ["across", "month", "inside"]
    assert indexed.count(flt) == 3
    assert indexed.count(EventFilter(start=dt.datetime(2022, 2, 1))) == 2  # at-end and across; month has ended
    store.close()


def test_an_actor_lane_counts_events_without_actors_as_no_actor(url):
    store, indexed = filled(
        url,
        [article("a1")],
        [
            event("two", actors=["B", "A"]),
            event("alone", sources=[("a1", 10)]),
            event("also-alone", sources=[("a1", 20)]),
        ],
    )
    assert indexed.count_by(EventFilter(), "actor") == {"A": 1, "B": 1, "(no actor)": 2}
    assert indexed.count_by(EventFilter(actors=("A",)), "actor") == {"A": 1, "B": 1}
    assert sorted((r["id"], r["lane"]) for r in indexed.select(EventFilter(), lane="actor")) == [
        ("alone", "(no actor)"), ("also-alone", "(no actor)"), ("two", "A"), ("two", "B"),
    ]  # fmt: skip
    store.close()


def test_density_buckets_edges_before_the_range_and_the_last_bucket(url):
    store, indexed = filled(
        url,
        [article("a1")],
        [
            event("edge", start="2022-01-03", end="2022-01-04", sources=[("a1", 0)]),  # exactly where bucket 2 begins
            event("just-before-edge", start="2022-01-02T23:59:59", end="2022-01-03", sources=[("a1", 10)]),
            event("before", start="2021-12-20", end="2022-01-05", sources=[("a1", 20)]),  # started before: bucket 0
            event("last", start="2022-01-10T23:00:00", end="2022-01-11", sources=[("a1", 30)]),
            event("after", start="2022-01-11", end="2022-01-12", sources=[("a1", 40)]),  # outside the view
            undated("none", sources=[("a1", 50)]),
        ],
    )
    start, end = dt.datetime(2022, 1, 1), dt.datetime(2022, 1, 11)
    flt = EventFilter(start=start, end=end)
    cells = indexed.density(flt, lane="category", start=start, end=end, buckets=10)
    assert sorted(cells) == [("talks", 0, 1), ("talks", 1, 1), ("talks", 2, 1), ("talks", 9, 1)]
    assert sorted(cells) == sorted(store.density(flt, lane="category", start=start, end=end, buckets=10))
    # without a range in the filter, what starts after the last bucket counts in it
    assert summed(indexed.density(EventFilter(), lane="category", start=start, end=end, buckets=10))["talks", 9] == 2
    store.close()


def test_select_leaves_out_an_event_removed_after_the_index_was_built(url):
    store, indexed = filled(
        url,
        [article("a1"), article("a2")],
        [event("gone", sources=[("a1", 0)]), event("kept", start="2022-02-16", end="2022-02-17", sources=[("a2", 0)])],
    )
    store.remove_article("a1")
    flt = EventFilter(ids=("gone", "kept"))
    assert ids(indexed.select(flt)) == ["kept"]
    assert ids(indexed.select(flt, lane="actor")) == ["kept"]
    assert ids(indexed.select(EventFilter(), limit=1)) == []  # the first row was the removed event's
    store.close()


def test_rows_read_once_come_from_memory_up_to_rows_kept_and_answers_stay_the_stores(url, monkeypatch):
    import sqlalchemy as sa

    monkeypatch.setattr(index_module, "ROWS_KEPT", 3)
    made = [
        event(f"e{i}", start=f"2022-02-{i + 1:02d}", end=f"2022-02-{i + 2:02d}", actors=["Olaf Scholz"] * (i % 2))
        for i in range(6)
    ]
    store, indexed = filled(url, [article("a1")], made)
    statements = []
    sa.event.listen(store.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    first_two = EventFilter(end=dt.datetime(2022, 2, 3))
    assert indexed.select(first_two) == store.select(first_two)
    statements.clear()
    assert indexed.select(first_two) == store.select(first_two, lane="category")  # again: from memory
    assert indexed.select(first_two, lane="actor") == store.select(first_two, lane="actor")
    assert sum("FROM events" in s for s in statements) == 2  # the store's own two queries, none by the index
    everything = EventFilter()
    assert indexed.select(everything) == store.select(everything)  # six rows read, three kept
    assert list(indexed.index._rows) == ["e3", "e4", "e5"]  # the least recently used went first
    gc.collect()  # kept rows hold nothing the garbage collector must walk (its full passes stay short):
    gc.collect()  # the first pass stops tracking the inner tuples, the second the rows
    assert not any(gc.is_tracked(row) for row in indexed.index._rows.values())
    statements.clear()
    assert ids(indexed.select(first_two)) == ["e0", "e1"]  # forgotten: read again
    assert sum("FROM events" in s for s in statements) == 1
    copy = pickle.loads(pickle.dumps(indexed.index))
    assert len(copy._rows) == 0 and IndexedStore(store, copy).select(everything) == store.select(everything)
    store.close()


def test_the_rows_kept_are_capped_by_the_readers_setting(url):
    made = [event(f"e{i}", start=f"2022-02-{i + 1:02d}", end=f"2022-02-{i + 2:02d}") for i in range(6)]
    store, _ = filled(url, [article("a1")], made)
    everything = EventFilter()
    for kept, expected in ((2, ["e4", "e5"]), (0, []), (10, ["e0", "e1", "e2", "e3", "e4", "e5"])):
        reader = IndexedStore(store, EventIndex.load(store), rows_kept=kept)
        assert reader.select(everything) == store.select(everything)
        assert list(reader.index._rows) == expected
    store.close()


def test_an_empty_store_gives_zeros_and_empties(url):
    store = Store(url)
    indexed = IndexedStore(store, EventIndex.load(store))
    for flt in (
        EventFilter(),
        EventFilter(text="putin", dated=True),
        EventFilter(ids=("x",)),
        EventFilter(dated=False),
    ):
        assert indexed.count(flt) == 0
        for lane in LANES:
            assert indexed.count_by(flt, lane) == {}
            assert (
                indexed.density(flt, lane=lane, start=dt.datetime(2022, 1, 1), end=dt.datetime(2022, 2, 1), buckets=31)
                == []
            )
            assert indexed.select(flt, lane=lane) == [] and indexed.select(flt, lane=lane, limit=5) == []
    store.close()


def test_a_pickled_index_answers_as_the_original(searched):
    store, indexed = searched
    asked = [
        EventFilter(),
        EventFilter(text="scholz"),
        EventFilter(text="100%", dated=True),
        EventFilter(actors=("Vladimir Putin",)),
    ]
    for flt in asked:  # the original remembers a few searches before it is pickled
        indexed.count(flt)
    copy = IndexedStore(store, pickle.loads(pickle.dumps(indexed.index)))
    for flt in asked + [EventFilter(start=dt.datetime(2022, 2, 15, 12), end=dt.datetime(2022, 2, 20))]:
        assert copy.count(flt) == indexed.count(flt) == store.count(flt)
        assert copy.select(flt) == indexed.select(flt) == store.select(flt)
        for lane in LANES:
            assert copy.count_by(flt, lane) == indexed.count_by(flt, lane)
            dens = {"lane": lane, "start": dt.datetime(2022, 2, 1), "end": dt.datetime(2022, 3, 1), "buckets": 28}
            assert copy.density(flt, **dens) == indexed.density(flt, **dens)


def test_remembered_searches_never_change_an_answer(url):
    n = index_module.SEARCHES_KEPT + 10
    words = [f"w{i}x" for i in range(n)]
    # event i holds the words of the multiples of i: each word finds a different set
    made = [
        event(f"e{i:03d}", sentence=" ".join(words[j] for j in range(0, n, i)), sources=[("a1", 100 * i)])
        for i in range(1, 30)
    ]
    store, indexed = filled(url, [article("a1")], made)

    def same(flt):
        assert indexed.count(flt) == store.count(flt), flt
        assert ids(indexed.select(flt)) == ids(store.select(flt)), flt

    for _ in range(2):  # the same search twice: the second from memory
        same(EventFilter(text="w6x"))
    for word in words:  # more words than are kept: the first ones are forgotten
        same(EventFilter(text=word))
        same(EventFilter(text=f"{word} w0x"))
    assert len(indexed.index._searched) <= index_module.SEARCHES_KEPT
    for word in words[:5] + words[-5:]:  # forgotten and remembered, alone and narrowed to a few events
        same(EventFilter(text=word))
        same(EventFilter(text=word, ids=("e002", "e017")))  # few candidates: searched one by one
    store.close()


def test_the_index_is_one_snapshot_even_when_a_change_commits_while_it_loads(url):
    """A remove committed between the index's reads of the events and of their actors and
    sources leaves the index in the state before it, never half of each."""
    import sqlalchemy as sa

    store = Store(url)
    store.add(
        [article("a1", source="Paper"), article("a2", source="Paper")],
        [event("e1", actors=["Putin"], sources=[("a1", 0)]), event("e2", actors=["Putin"], sources=[("a2", 0)])],
    )
    removed = []

    def remove_between_reads(conn, cursor, statement, *args):
        if "FROM events" in statement and not removed:
            other = Store(url)
            removed.append(other.remove_article("a1").events_removed)
            other.close()

    sa.event.listen(store.engine, "after_cursor_execute", remove_between_reads)
    index = EventIndex.load(store)
    sa.event.remove(store.engine, "after_cursor_execute", remove_between_reads)
    assert removed == [1]
    assert index.ids == ["e1", "e2"]
    assert index.count_by(EventFilter(), "actor") == {"Putin": 2}
    assert index.count_by(EventFilter(), "source") == {"Paper": 2}
    store.close()


def test_threads_sharing_an_index_search_without_tripping_over_each_other():
    """A worker's threads share one index: its remembered searches are kept under a lock."""
    import sys
    import threading

    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible
    n = index_module.SEARCHES_KEPT + 6
    index = EventIndex(
        [(f"e{i:04d}", None, None, "talks", "asserted", f"w{i}x w{i + 1}x") for i in range(n)], [], [], []
    )
    errors, answers = [], []

    def search(t):
        try:
            for r in range(400):
                word = f"w{(t * 37 + r) % n}x"
                answers.append((word, index.count(EventFilter(text=word))))
        except Exception as exc:  # noqa: BLE001 - any error is the failure
            errors.append(repr(exc))

    try:
        threads = [threading.Thread(target=search, args=(t,)) for t in range(12)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(old)
    assert errors == []
    assert all(count == (1 if word == "w0x" else 2) for word, count in answers)
    assert len(index._searched) <= index_module.SEARCHES_KEPT
