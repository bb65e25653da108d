"""Reports of one event merge into one event with every source; different events stay apart."""

from __future__ import annotations

import datetime as dt

from extract import dedupe
from extract.records import Event, EventSource


def _event(sentence, *, category="talks", day=15, article="a1", start=0, rule="clause/weekday", kind="body", actors=()):
    begin = dt.datetime(2022, 2, day) if day else None
    return Event(
        id=f"{article}-{start}",
        category=category,
        modality="asserted",
        value=begin.date().isoformat() if begin else None,
        start=begin,
        end=begin + dt.timedelta(days=1) if begin else None,
        grain="day" if begin else None,
        time_text="Tuesday" if begin else None,
        sentence=sentence,
        actors=tuple(actors),
        places=(),
        sources=(EventSource(article_id=article, sentence=sentence, start=start, end=start + len(sentence), kind=kind),),
        published=dt.date(2022, 2, 16),
        published_inferred=False,
        rule=rule if begin else "undated",
        reason="test",
    )


BODY = "Troops in Ukraine fired anti-tank weapons in exercises yesterday as the country prepared."


def test_a_repeated_paragraph_becomes_one_event_with_two_sources():
    (merged,) = dedupe.merge([_event(BODY, start=0), _event(BODY, start=500, kind="caption")])
    assert [s.start for s in merged.sources] == [0, 500]
    assert merged.corroboration == 1


def test_the_same_report_in_two_articles_is_corroborated_twice():
    (merged,) = dedupe.merge([_event(BODY, article="a1"), _event(BODY, article="a2")])
    assert merged.corroboration == 2


def test_different_categories_never_merge():
    assert len(dedupe.merge([_event(BODY, category="talks"), _event(BODY, category="statement")])) == 2


def test_similar_reports_on_different_days_stay_apart():
    a = _event("Russian troops advanced towards the Ukrainian border near Kharkiv.", category="troop_movement", day=14)
    b = _event("More Russian troops advanced towards the Ukrainian border near Kharkiv on Monday.", category="troop_movement", day=15, start=300, article="a2")
    assert len(dedupe.merge([a, b])) == 2


def test_reworded_reports_of_one_day_merge():
    a = _event("More Russian troops were seen advancing towards the Ukrainian border Tuesday", category="troop_movement")
    b = _event("Western nations saw additional Russian troops advancing towards Ukraine's border.", category="troop_movement", start=400)
    (merged,) = dedupe.merge([a, b])
    assert len(merged.sources) == 2


def test_two_statements_of_one_day_by_different_people_stay_apart():
    a = _event("Joe Biden said the US would respond decisively.", category="statement", actors=["Joe Biden"])
    b = _event("Boris Johnson said there were mixed messages from Moscow.", category="statement", start=200, actors=["Boris Johnson"])
    assert len(dedupe.merge([a, b])) == 2


def test_the_merged_event_keeps_the_best_dated_report_and_unites_actors():
    carried = _event(BODY, rule="running-reference/x", kind="caption", actors=["Ukraine"])
    own = _event(BODY, start=900, actors=["Ukrainian armed forces"])
    (merged,) = dedupe.merge([carried, own])
    assert merged.rule == "clause/weekday"
    assert merged.actors == ("Ukrainian armed forces", "Ukraine")
    assert [s.start for s in merged.sources] == [0, 900]


def test_an_undated_copy_merges_only_when_nearly_identical():
    dated = _event(BODY)
    assert len(dedupe.merge([dated, _event(BODY, day=None, start=700)])) == 1
    other = _event("Troops fired weapons in a drill near the capital, officials confirmed.", day=None, start=800)
    assert len(dedupe.merge([dated, other])) == 2


def test_merging_keeps_reading_order():
    events = [_event("Alpha talks began in Geneva today.", start=0), _event(BODY, category="military_exercise", start=100),
              _event("Alpha talks began in Geneva today.", start=200)]
    merged = dedupe.merge(events)
    assert [e.category for e in merged] == ["talks", "military_exercise"]


def test_two_events_of_one_sentence_are_never_merged():
    from extract import extract_events

    text = (
        "Sweden announced on Thursday that it would send artillery systems to Ukraine, "
        "and Denmark said on Thursday it was donating all 19 of its howitzers to Ukraine.\n"
    )
    events = [e for e in extract_events(text, published="2023-01-19") if e.category == "weapons_aid"]
    assert len(events) == 2
    assert {a for e in events for a in e.actors} >= {"Sweden", "Denmark"}
