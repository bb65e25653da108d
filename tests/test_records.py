"""The records that travel between stages, and the public names of ``extract``.

Renaming a field or a public name must be a deliberate change: it fails here first,
and a record field change bumps ``SCHEMA_VERSION``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

import extract
from extract.records import SCHEMA_VERSION, Article, Event, EventSource, TimeMention

FIELDS = {
    TimeMention: ("start", "end", "text", "type", "value", "grain", "interval_start", "interval_end", "rule",
                  "anchor", "reason"),
    Article: ("id", "text", "published", "published_inferred", "published_evidence", "title", "source", "url",
              "origin"),
    EventSource: ("article_id", "sentence", "start", "end", "kind", "time_start", "time_end", "url", "source"),
    Event: ("id", "category", "modality", "value", "start", "end", "grain", "time_text", "sentence", "actors",
            "places", "sources", "published", "published_inferred", "rule", "reason", "corroboration"),
}

PUBLIC_NAMES = [
    "Article",
    "ArticleError",
    "DataFileError",
    "Event",
    "EventSource",
    "ExtractError",
    "InputError",
    "PublishedDateError",
    "PublishedGuess",
    "SCHEMA_VERSION",
    "TimeMention",
    "extract_events",
    "infer_published",
    "read_articles",
    "tag_times",
]


def a_time_mention() -> TimeMention:
    return TimeMention(start=14, end=23, text="yesterday", type="DATE", value="2022-02-15", grain="day",
                       interval_start=dt.datetime(2022, 2, 15), interval_end=dt.datetime(2022, 2, 16),
                       rule="deictic-day", anchor="published 2022-02-16",
                       reason="1 day before published 2022-02-16")


def an_article() -> Article:
    return Article(id="a1", text="Troops crossed yesterday.", published=dt.date(2022, 2, 16))


def an_event_source() -> EventSource:
    return EventSource(article_id="a1", sentence="Troops crossed yesterday.", start=0, end=25)


def an_event() -> Event:
    return Event(id="e1", category="military", modality="asserted", value="2022-02-15",
                 start=dt.datetime(2022, 2, 15), end=dt.datetime(2022, 2, 16), grain="day",
                 time_text="yesterday", sentence="Troops crossed yesterday.", actors=(), places=(),
                 sources=(an_event_source(),), published=dt.date(2022, 2, 16), published_inferred=False,
                 rule="deictic-day", reason="1 day before published 2022-02-16")


EXAMPLES = {TimeMention: a_time_mention, Article: an_article, EventSource: an_event_source, Event: an_event}
RECORDS = list(FIELDS)
RECORD_IDS = [record.__name__ for record in RECORDS]


@pytest.mark.parametrize("record", RECORDS, ids=RECORD_IDS)
def test_record_fields_are_pinned(record):
    assert tuple(f.name for f in dataclasses.fields(record)) == FIELDS[record]


@pytest.mark.parametrize("record", RECORDS, ids=RECORD_IDS)
def test_record_is_frozen(record):
    instance = EXAMPLES[record]()
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(instance, FIELDS[record][0], "changed")


@pytest.mark.parametrize("record", RECORDS, ids=RECORD_IDS)
def test_record_fields_are_keyword_only(record):
    assert all(f.kw_only for f in dataclasses.fields(record)), [f.name for f in dataclasses.fields(record)
                                                                 if not f.kw_only]
    instance = EXAMPLES[record]()
    positional = [getattr(instance, name) for name in FIELDS[record]]
    with pytest.raises(TypeError):
        record(*positional)


def test_time_mention_to_dict_has_every_field_with_iso_intervals():
    out = a_time_mention().to_dict()
    assert tuple(out) == FIELDS[TimeMention]
    assert out["interval_start"] == "2022-02-15T00:00:00"
    assert out["interval_end"] == "2022-02-16T00:00:00"


def test_public_names_are_pinned():
    assert sorted(extract.__all__) == PUBLIC_NAMES
    assert len(extract.__all__) == len(set(extract.__all__)), "a public name is listed twice"


@pytest.mark.parametrize("name", PUBLIC_NAMES)
def test_public_name_is_importable_from_extract(name):
    assert getattr(extract, name) is not None


def test_schema_version_is_a_positive_int():
    assert type(SCHEMA_VERSION) is int
    assert SCHEMA_VERSION >= 1
    assert extract.SCHEMA_VERSION == SCHEMA_VERSION
