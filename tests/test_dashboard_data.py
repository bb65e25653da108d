"""View state and queries of the dashboard, without Dash."""

import datetime as dt

import pytest

from dashboard import data, state
from dashboard.fake import generate
from extract.store import Store


@pytest.fixture(scope="module")
def small():
    store = Store("sqlite://")
    store.add(*generate(40, start=dt.date(2022, 2, 1), days=10))
    return store


@pytest.fixture(scope="module")
def big():
    store = Store("sqlite://")
    store.add(*generate(5_000))
    return store


@pytest.mark.parametrize(
    "view",
    [
        {},
        {"categories": ["talks", "statement"], "q": "tanks on trains"},
        {"actors": ["Smith, John", "Vladimir Putin"], "places": ["Kyiv"], "sources": ["A & B"]},
        {"start": "2022-02-01", "end": "2022-03-01", "lanes": "actor", "event": "ab12"},
        {"start": "2022-02-14T05:23:11", "end": "2022-02-16T00:00:00", "modalities": ["planned"]},
    ],
    ids=["default", "filters-and-search", "commas-and-ampersands", "range-lanes-event", "range-with-times"],
)
def test_a_view_survives_the_round_trip_through_its_url(view):
    view = state.normalise(view)
    assert state.from_query(state.to_query(view)) == view


def test_the_default_view_has_an_empty_query_string():
    assert state.to_query(state.default()) == ""


@pytest.mark.parametrize(
    "query, key, expected",
    [
        ("?lanes=weather", "lanes", "category"),
        ("?from=yesterday", "start", None),
        ("?from=2022-03-01&to=2022-02-01", "start", None),
        ("?cat=,,talks,", "categories", ["talks"]),
        ("?unknown=1&q=++nlaw++", "q", "nlaw"),
    ],
    ids=["unknown-lane", "not-a-date", "range-backwards", "empty-list-items", "unknown-parameter-and-spaces"],
)
def test_a_hand_edited_link_still_opens(query, key, expected):
    assert state.from_query(query)[key] == expected


def test_few_events_in_view_are_drawn_one_by_one_and_stacked_without_overlap(small):
    tl = data.timeline(small, state.default(), small.facets())
    assert tl.mode == "events"
    assert tl.total == len(tl.frame)
    for lane, part in tl.frame.groupby("lane"):
        points = part[part["shape"] == "point"].sort_values("x")
        for row, in_row in points.groupby("row"):
            gaps = in_row["x"].diff().dropna()
            assert (gaps >= (tl.end - tl.start) / 90).all(), (lane, row)


def test_many_events_in_view_are_drawn_as_counts_per_period(big):
    tl = data.timeline(big, state.default(), big.facets(), max_events=1000)
    assert tl.mode == "density"
    assert tl.frame["n"].sum() == tl.total
    assert set(tl.frame["lane"]) <= set(tl.lanes)


def test_zooming_in_switches_back_to_individual_events(big):
    view = state.normalise({"start": "2022-01-10", "end": "2022-01-17"})
    tl = data.timeline(big, view, big.facets(), max_events=1000)
    assert tl.mode == "events"
    assert tl.start == dt.datetime(2022, 1, 10)
    assert (tl.frame["x1"] > tl.start).all() and (tl.frame["x0"] < tl.end).all()


def test_a_view_that_matches_nothing_is_empty_not_an_error(small):
    tl = data.timeline(small, state.normalise({"q": "no such words anywhere"}), small.facets())
    assert tl.mode == "empty" and tl.total == 0


@pytest.mark.parametrize("lanes", ["actor", "source"])
def test_actor_and_source_lanes_keep_at_most_the_busiest_lanes(big, lanes):
    tl = data.timeline(big, state.normalise({"lanes": lanes, "start": "2022-01-01", "end": "2022-01-20"}), big.facets(), max_events=5000)
    assert len(tl.lanes) <= data.MAX_LANES
    assert set(tl.frame["lane"]) <= set(tl.lanes)


@pytest.mark.parametrize(
    "grain, start, end, expected",
    [
        ("day", "2022-02-15", "2022-02-16", "point"),
        ("time", "2022-02-15T09:00:00", "2022-02-15T09:01:00", "point"),
        ("part_of_day", "2022-02-15T18:00:00", "2022-02-16T06:00:00", "span"),
        ("week", "2022-02-14", "2022-02-21", "bar"),
        ("month", "2022-01-01", "2022-02-01", "bar"),
    ],
    ids=["day", "time", "night", "week", "month"],
)
def test_each_grain_is_drawn_by_its_uncertainty(grain, start, end, expected):
    row = {"id": "e", "lane": "talks", "category": "talks", "modality": "asserted", "grain": grain, "value": start,
           "start": start, "end": end, "time_text": "", "sentence": "", "actors": [], "places": [], "n_sources": 1}  # fmt: skip
    columns, _ = data.stacked_columns([row], lanes=["talks"], lane_kind="category", gap=dt.timedelta(days=1))
    assert columns["shape"] == [expected]
    assert columns["x0"][0] <= columns["x"][0] <= columns["x1"][0]


@pytest.mark.parametrize(
    "row, expected",
    [
        ({"start": "2022-02-15", "end": "2022-02-16", "grain": "day"}, "Tue 15 Feb 2022"),
        ({"start": "2022-01-01", "end": "2022-02-01", "grain": "month"}, "January 2022"),
        ({"start": "2022-02-14", "end": "2022-02-21", "grain": "week"}, "14 Feb 2022 – 20 Feb 2022"),
        ({"start": "2022-02-15T18:00:00", "end": "2022-02-16T06:00:00", "grain": "part_of_day"}, "15 Feb 2022 18:00 – 16 Feb 05:59"),
        ({"start": None, "end": None, "grain": None}, "undated"),
    ],
    ids=["day", "month", "week", "night", "undated"],
)
def test_when_says_the_resolved_date_in_words(row, expected):
    assert data.when(row) == expected


def test_the_detail_paragraph_marks_the_sentence_and_its_time_expression():
    text = "Title\n\nFirst sentence. Troops fired weapons in exercises yesterday. Last one.\n\nNext paragraph."
    start = text.index("Troops")
    end = text.index("Last") - 1
    pieces = data.paragraph_pieces(text, start, end, "yesterday")
    assert "".join(p for p, _ in pieces) == "First sentence. Troops fired weapons in exercises yesterday. Last one."
    assert ("yesterday", "time") in pieces
    assert pieces[0] == ("First sentence. ", "")


def test_bad_offsets_give_no_paragraph():
    assert data.paragraph_pieces("short", 3, 99) == []


def test_a_box_selection_gives_the_ids_of_the_points_it_caught():
    selected = {"points": [{"customdata": "a"}, {"customdata": ["b"]}, {"customdata": "a"}, {"x": 1}]}
    assert data.selection_ids(selected) == ["a", "b"]
    assert data.selection_ids(None) == []


def test_the_table_lists_the_events_in_view_and_says_how_many_there_are(big):
    rows, total = data.table_rows(big, state.default(), big.facets(), limit=50)
    assert len(rows) == 50 and total > 50
    assert [r["date"] for r in rows] == sorted(r["date"] for r in rows)


def test_the_default_view_fits_where_most_events_are_and_a_far_bar_runs_off_the_edge():
    articles, events = generate(41, start=dt.date(2022, 2, 1), days=20)
    for i, e in enumerate(events):  # 40 day events on 10-14 February, one month-long bar in January
        day = dt.datetime(2022, 2, 10 + i % 5) if i else dt.datetime(2022, 1, 1)
        e.update(id=f"e{i}", grain="day" if i else "month", start=day.isoformat(),
                 end=(day + (dt.timedelta(days=1) if i else dt.timedelta(days=31))).isoformat())  # fmt: skip
    s = Store("sqlite://")
    s.add(articles, events)
    facets = s.facets()
    facets["focus"] = data.focus_range(s, facets)
    assert facets["focus"] is not None
    start, end = facets["focus"]
    assert dt.datetime(2022, 2, 1) < start <= dt.datetime(2022, 2, 10) and dt.datetime(2022, 2, 15) <= end <= dt.datetime(2022, 2, 17)
    tl = data.timeline(s, state.default(), facets)
    assert (tl.start, tl.end) == (start, end)
    assert "e0" in set(tl.frame["id"])  # drawn, off the left edge (and in the range slider)


def test_evenly_spread_events_are_all_in_the_default_view():
    s = Store("sqlite://")
    s.add(*generate(200, start=dt.date(2022, 1, 1), days=60))
    assert data.focus_range(s, s.facets()) is None
