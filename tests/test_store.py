"""The store: idempotent adds in one transaction, filters and counts in the database."""

import datetime as dt

import pytest
import sqlalchemy as sa

from dashboard.fake import generate
from extract.store import EventFilter, Store


def event(id, *, category="talks", start="2022-02-15", end="2022-02-16", grain="day", actors=(), places=(), article="a1", sentence="Putin and Scholz held talks yesterday.", offset=0, modality="asserted"):
    return {
        "id": id, "category": category, "modality": modality, "value": start, "start": start, "end": end,
        "grain": grain, "time_text": "yesterday", "sentence": sentence, "actors": list(actors), "places": list(places),
        "sources": [{"article_id": article, "sentence": sentence, "start": offset, "end": offset + len(sentence)}],
        "published": "2022-02-16", "published_inferred": False, "rule": "yesterday", "schema_version": 1,
    }  # fmt: skip


def article(id="a1", source="Daily Example", text="Putin and Scholz held talks yesterday."):
    return {"id": id, "title": f"Title {id}", "text": text, "published": "2022-02-16", "source": source, "url": f"https://example.org/{id}"}


@pytest.fixture
def store():
    s = Store("sqlite://")
    yield s
    s.close()


def test_a_new_sqlite_file_gets_the_schema_on_first_use(tmp_path):
    path = tmp_path / "new.db"
    store = Store(f"sqlite:///{path}")
    assert path.exists()
    assert store.counts() == {"articles": 0, "events": 0, "undated": 0}


def test_adding_the_same_article_twice_adds_nothing_the_second_time(store):
    first = store.add([article()], [event("e1", actors=["Vladimir Putin", "Olaf Scholz"])])
    second = store.add([article()], [event("e1", actors=["Vladimir Putin", "Olaf Scholz"])])
    assert (first.articles_added, first.events_added, first.sources_added) == (1, 1, 1)
    assert (second.articles_added, second.events_added, second.sources_added) == (0, 0, 0)
    assert store.counts() == {"articles": 1, "events": 1, "undated": 0}


def test_an_event_reported_by_a_second_article_gains_a_source_not_a_row(store):
    store.add([article("a1")], [event("e1", article="a1")])
    store.add([article("a2", source="Other Paper")], [event("e1", article="a2")])
    stored = store.event("e1")
    assert stored["n_sources"] == 2
    assert {s["article_id"] for s in stored["sources"]} == {"a1", "a2"}
    assert store.counts()["events"] == 1


def test_a_failing_batch_stores_nothing(store):
    broken = event("e2")
    broken["sources"] = [{"article_id": "missing-article", "sentence": "x", "start": 0, "end": 1}]
    with pytest.raises(sa.exc.IntegrityError):  # the source's article is not there: a foreign key fails
        store.add([article("a1")], [event("e1"), broken])
    assert store.counts() == {"articles": 0, "events": 0, "undated": 0}


def test_undated_events_are_kept_and_counted_apart(store):
    store.add([article()], [event("e1"), event("e2", start=None, end=None, grain=None, offset=50)])
    assert store.counts()["undated"] == 1
    assert [r["id"] for r in store.select(EventFilter(dated=False))] == ["e2"]
    assert [r["id"] for r in store.select(EventFilter(dated=True))] == ["e1"]


@pytest.fixture
def filled(store):
    store.add(
        [article("a1", source="Paper A"), article("a2", source="Paper B")],
        [
            event("talks", category="talks", actors=["Vladimir Putin", "Olaf Scholz"], places=["Moscow"]),
            event("troops", category="troop_movement", places=["Donetsk"], sentence="Russian troops advanced towards the border.", offset=40),
            event("cyber", category="cyberattack", article="a2", sentence="Government websites were hit by cyber attacks.", start="2022-02-15T18:00:00", end="2022-02-16T06:00:00", grain="part_of_day"),
            event("aid", category="weapons_aid", start="2022-01-01", end="2022-02-01", grain="month", actors=["United Kingdom"], offset=90, sentence="The UK gave 2,000 NLAW anti-tank weapons last month."),
            event("maybe", category="other", modality="speculative", offset=140, sentence="We could see a false flag operation."),
        ],
    )  # fmt: skip
    return store


@pytest.mark.parametrize(
    "flt, expected",
    [
        (EventFilter(categories=("talks", "cyberattack")), {"talks", "cyber"}),
        (EventFilter(modalities=("speculative",)), {"maybe"}),
        (EventFilter(actors=("Olaf Scholz",)), {"talks"}),
        (EventFilter(places=("Donetsk",)), {"troops"}),
        (EventFilter(sources=("Paper B",)), {"cyber"}),
        (EventFilter(text="NLAW"), {"aid"}),
        (EventFilter(text="cyber websites"), {"cyber"}),
        (EventFilter(text="100%_"), set()),
        (EventFilter(start=dt.datetime(2022, 1, 10), end=dt.datetime(2022, 1, 20)), {"aid"}),
        (EventFilter(start=dt.datetime(2022, 2, 16), end=dt.datetime(2022, 2, 17)), {"cyber"}),
    ],
    ids=["category", "modality", "actor", "place", "source", "search", "search-all-words", "search-escapes-wildcards", "range-inside-a-month", "range-overlaps-a-night"],
)
def test_filters_run_in_the_database(filled, flt, expected):
    assert {r["id"] for r in filled.select(flt)} == expected
    assert filled.count(flt) == len(expected)


def test_counts_by_lane(filled):
    assert filled.count_by(EventFilter(), "category")["talks"] == 1
    by_actor = filled.count_by(EventFilter(), "actor")
    assert by_actor["Vladimir Putin"] == 1 and by_actor["(no actor)"] == 3
    assert filled.count_by(EventFilter(), "source") == {"Paper A": 4, "Paper B": 1}


def test_density_counts_each_event_once_in_the_period_where_it_starts(filled):
    cells = filled.density(EventFilter(), lane="category", start=dt.datetime(2022, 1, 1), end=dt.datetime(2022, 3, 1), buckets=59)
    assert sum(n for _, _, n in cells) == 5
    assert ("weapons_aid", 0, 1) in cells
    assert ("talks", 45, 1) in cells


def test_facets_list_values_most_frequent_first_and_the_dated_range(filled):
    facets = filled.facets()
    assert dict(facets["categories"])["talks"] == 1
    assert facets["start"] == dt.datetime(2022, 1, 1)
    assert facets["end"] == dt.datetime(2022, 2, 16, 6)
    assert ("Paper A", 4) in facets["sources"]


def test_an_event_comes_back_with_its_sources_and_their_articles(filled):
    stored = filled.event("talks")
    assert stored["actors"] == ["Vladimir Putin", "Olaf Scholz"]
    assert stored["sources"][0]["text"].startswith("Putin and Scholz")
    assert stored["sources"][0]["url"] == "https://example.org/a1"
    assert filled.event("nope") is None


def test_ten_thousand_generated_events_store_and_filter_quickly(store):
    articles, events = generate(10_000)
    store.add(articles, events)
    assert store.counts()["events"] == 10_000
    assert store.count(EventFilter(categories=("talks",))) == sum(e["category"] == "talks" for e in events)


def test_a_bound_on_the_longest_event_changes_no_range_filter(store):
    articles, events = generate(3_000)
    store.add(articles, events)
    longest = store.facets()["longest"]
    assert longest == 31 * 86400  # the generated month-long events
    for start, days in ((dt.datetime(2021, 12, 1), 1), (dt.datetime(2022, 1, 5), 30), (dt.datetime(2022, 2, 20), 3)):
        flt = EventFilter(start=start, end=start + dt.timedelta(days=days), categories=("talks", "statement"))
        bounded = EventFilter(start=flt.start, end=flt.end, categories=flt.categories, longest=longest)
        assert store.count(bounded) == store.count(flt) > 0
        assert store.select(bounded) == store.select(flt)
