"""Unit tests of the resolver: hand-built specs and contexts, no text.

``resolve(spec, Context(...))`` is pure calendar maths, so each case names its anchor
day, the clause's tense and (where it matters) the running reference time.  Wednesday
2022-02-16 is the publication date of the sample article; other anchors sit on year,
month and leap-day boundaries.
"""

from __future__ import annotations

import datetime as dt

import pytest

from extract.temporal.resolve import Context, Unresolvable, duration_value, resolve

PAST, PRESENT, FUTURE = "past", "present", "future"
WEDNESDAY = dt.date(2022, 2, 16)


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def ctx(anchor: str | dt.date = WEDNESDAY, tense: str | None = None, reference=None) -> Context:
    anchor = d(anchor) if isinstance(anchor, str) else anchor
    return Context(anchor=anchor, anchor_name="published", tense=tense, reference=reference)


def value_of(spec: dict, context: Context) -> str:
    return resolve(spec, context).value


def check_interval(resolved, start: str, end: str) -> None:
    assert (resolved.start, resolved.end) == (at(start), at(end)), (
        f"{resolved.value}: interval {resolved.start} .. {resolved.end}, expected {start} .. {end}"
    )


# --------------------------------------------------------------------------------------------
# Weekdays: the tense picks the week; "last"/"this"/"next" override it

WEEKDAYS = [
    # (id, weekday, rel, tense, anchor, expected)
    ("Tuesday written on Wednesday, past", 2, None, PAST, WEDNESDAY, "2022-02-15"),
    ("Tuesday written on Wednesday, future", 2, None, FUTURE, WEDNESDAY, "2022-02-22"),
    ("Tuesday written on Wednesday, no tense: nearest", 2, None, None, WEDNESDAY, "2022-02-15"),
    ("Friday written on Wednesday, past", 5, None, PAST, WEDNESDAY, "2022-02-11"),
    ("Friday written on Wednesday, future", 5, None, FUTURE, WEDNESDAY, "2022-02-18"),
    ("Friday written on Wednesday, no tense: nearest", 5, None, None, WEDNESDAY, "2022-02-18"),
    ("Sunday written on Wednesday, past", 7, None, PAST, WEDNESDAY, "2022-02-13"),
    ("Sunday written on Wednesday, future", 7, None, FUTURE, WEDNESDAY, "2022-02-20"),
    ("Wednesday written on Wednesday, past: the same day", 3, None, PAST, WEDNESDAY, "2022-02-16"),
    ("Wednesday written on Wednesday, no tense: the same day", 3, None, None, WEDNESDAY, "2022-02-16"),
    ("Friday written on Monday 2022-01-03, past: across the year end", 5, None, PAST, d("2022-01-03"),
     "2021-12-31"),
    ("Saturday written on Friday 2021-12-31, future: across the year end", 6, None, FUTURE, d("2021-12-31"),
     "2022-01-01"),
    ("last Tuesday written on Wednesday", 2, -1, None, WEDNESDAY, "2022-02-15"),
    ("last Wednesday written on Wednesday: a week before", 3, -1, None, WEDNESDAY, "2022-02-09"),
    ("next Wednesday written on Wednesday: a week after", 3, 1, None, WEDNESDAY, "2022-02-23"),
    ("next Monday written on Wednesday", 1, 1, None, WEDNESDAY, "2022-02-21"),
    ("next Monday in a past clause is still next Monday", 1, 1, PAST, WEDNESDAY, "2022-02-21"),
    ("last Friday in a future clause is still last Friday", 5, -1, FUTURE, WEDNESDAY, "2022-02-11"),
    ("this Monday written on Wednesday: Monday of the same week", 1, 0, None, WEDNESDAY, "2022-02-14"),
    ("this Friday written on Wednesday: Friday of the same week", 5, 0, None, WEDNESDAY, "2022-02-18"),
    ("this Wednesday written on Wednesday", 3, 0, None, WEDNESDAY, "2022-02-16"),
]


@pytest.mark.parametrize(("weekday", "rel", "tense", "anchor", "expected"),
                         [case[1:] for case in WEEKDAYS], ids=[case[0] for case in WEEKDAYS])
def test_weekday_resolves_by_tense_and_relative_word(weekday, rel, tense, anchor, expected):
    resolved = resolve({"op": "weekday", "weekday": weekday, "rel": rel}, ctx(anchor, tense))
    assert resolved.value == expected
    assert resolved.grain == "day"
    check_interval(resolved, expected, (d(expected) + dt.timedelta(days=1)).isoformat())


def test_weekday_in_a_future_clause_on_the_same_weekday_is_that_day_or_a_week_later():
    value = value_of({"op": "weekday", "weekday": 3}, ctx(WEDNESDAY, FUTURE))
    assert value in {"2022-02-16", "2022-02-23"}


def test_weekday_with_a_part_of_day_is_that_part_of_that_day():
    resolved = resolve({"op": "weekday", "weekday": 7, "part": "NI"}, ctx(WEDNESDAY, PAST))
    assert resolved.value == "2022-02-13TNI"
    assert resolved.grain == "part_of_day"
    check_interval(resolved, "2022-02-13T21:00", "2022-02-14T06:00")


# --------------------------------------------------------------------------------------------
# Months without a year: the tense picks the year

MONTHS = [
    # (id, month, rel, tense, anchor, expected)
    ("December in a January article, past: the previous year", 12, None, PAST, "2022-01-05", "2021-12"),
    ("December in a January article, no tense: the nearest", 12, None, None, "2022-01-05", "2021-12"),
    ("December in a January article, future: this year", 12, None, FUTURE, "2022-01-05", "2022-12"),
    ("January in a late-December article, future: next year", 1, None, FUTURE, "2021-12-28", "2022-01"),
    ("January in a late-December article, no tense: the nearest", 1, None, None, "2021-12-28", "2022-01"),
    ("January in a late-December article, past: this year", 1, None, PAST, "2021-12-28", "2021-01"),
    ("November in a January article, past (since November)", 11, None, PAST, "2022-01-20", "2021-11"),
    ("the current month, past", 2, None, PAST, "2022-02-16", "2022-02"),
    ("the current month, future", 2, None, FUTURE, "2022-02-16", "2022-02"),
    ("March in a February article, future", 3, None, FUTURE, "2022-02-16", "2022-03"),
    ("March in a February article, past: a plan for next month", 3, None, PAST, "2022-02-16", "2022-03"),
    ("April in a February article, past: the April that has been", 4, None, PAST, "2022-02-16", "2021-04"),
    ("January in a December article, past: the January of the year that ends", 1, None, PAST, "2021-12-10",
     "2021-01"),
    ("last December in a February article", 12, -1, None, "2022-02-16", "2021-12"),
    ("last February in a February article: a year before", 2, -1, None, "2022-02-16", "2021-02"),
    ("last March in an October article: the same year", 3, -1, None, "2022-10-05", "2022-03"),
    ("next January in a February article", 1, 1, None, "2022-02-16", "2023-01"),
    ("next February in a February article: a year after", 2, 1, None, "2022-02-16", "2023-02"),
    ("next January in a December article", 1, 1, PAST, "2021-12-28", "2022-01"),
    ("this December in a February article", 12, 0, None, "2022-02-16", "2022-12"),
]


@pytest.mark.parametrize(("month", "rel", "tense", "anchor", "expected"),
                         [case[1:] for case in MONTHS], ids=[case[0] for case in MONTHS])
def test_month_without_year_takes_the_year_that_fits(month, rel, tense, anchor, expected):
    resolved = resolve({"op": "date", "month": month, "rel": rel}, ctx(anchor, tense))
    assert resolved.value == expected
    assert resolved.grain == "month"


@pytest.mark.parametrize(("month", "anchor", "expected"), [
    (2, "1998-03-01", "1997-02"),  # the month just ended would be "last month"
    (1, "1998-03-01", "1998-01"),  # two months back: the most recent January
    (12, "1998-01-05", "1997-12"),  # across New Year the December just ended stays
    (3, "1998-03-20", "1997-03"),  # the current month: the one a year back
], ids=["just-ended", "two-back", "december-in-january", "current-month"])
def test_last_month_name_skips_the_month_just_ended(month, anchor, expected):
    spec = {"op": "date", "month": month, "rel": -1, "skip_last_month": True}
    assert resolve(spec, ctx(anchor, PAST)).value == expected


def test_month_interval_runs_from_the_first_to_the_first_of_the_next_month():
    resolved = resolve({"op": "date", "month": 12, "year": 2021}, ctx())
    assert resolved.value == "2021-12"
    check_interval(resolved, "2021-12-01", "2022-01-01")


def test_month_relative_to_the_year_of_the_anchor():
    assert value_of({"op": "date", "month": 6, "year_shift": -1}, ctx("1998-02-19")) == "1997-06"
    assert value_of({"op": "date", "month": 1, "year_shift": 0}, ctx("1998-02-19")) == "1998-01"


# --------------------------------------------------------------------------------------------
# Days without a year, leap days

DAYS = [
    # (id, month, day, tense, anchor, expected)
    ("Jan. 10 in a February article, past", 1, 10, PAST, "2022-02-16", "2022-01-10"),
    ("March 3 in a February article, future", 3, 3, FUTURE, "2022-02-16", "2022-03-03"),
    ("Dec. 12 in a January article, past: the previous year", 12, 12, PAST, "2022-01-05", "2021-12-12"),
    ("Dec. 12 in a January article, no tense: the nearest", 12, 12, None, "2022-01-05", "2021-12-12"),
    ("Jan. 3 in a late-December article, future: next year", 1, 3, FUTURE, "2021-12-28", "2022-01-03"),
    ("Jan. 3 in a late-December article, no tense: the nearest", 1, 3, None, "2021-12-28", "2022-01-03"),
    ("Oct. 31 in a February article, past: last October", 10, 31, PAST, "2022-02-16", "2021-10-31"),
    ("Oct. 31 written on Oct. 27 stays this year even in a past clause", 10, 31, PAST, "1989-10-27",
     "1989-10-31"),
    ("Feb. 29 written on 2024-03-01, past", 2, 29, PAST, "2024-03-01", "2024-02-29"),
    ("Feb. 29 written on 2024-03-01, no tense", 2, 29, None, "2024-03-01", "2024-02-29"),
    ("Feb. 28 written on 2024-03-01, past", 2, 28, PAST, "2024-03-01", "2024-02-28"),
    ("the anchor day itself, future", 2, 16, FUTURE, "2022-02-16", "2022-02-16"),
]


@pytest.mark.parametrize(("month", "day", "tense", "anchor", "expected"),
                         [case[1:] for case in DAYS], ids=[case[0] for case in DAYS])
def test_day_without_year_takes_the_year_that_fits(month, day, tense, anchor, expected):
    resolved = resolve({"op": "date", "month": month, "day": day}, ctx(anchor, tense))
    assert resolved.value == expected
    assert resolved.grain == "day"
    check_interval(resolved, expected, (d(expected) + dt.timedelta(days=1)).isoformat())


@pytest.mark.parametrize("tense", [PAST, PRESENT, FUTURE, None], ids=["past", "present", "future", "no tense"])
@pytest.mark.parametrize("anchor", ["2023-03-01", "2022-02-16", "2021-12-31", "2100-01-15", "1900-06-01"])
def test_feb_29_without_a_year_is_a_real_leap_day_or_unresolvable(anchor, tense):
    try:
        resolved = resolve({"op": "date", "month": 2, "day": 29}, ctx(anchor, tense))
    except Unresolvable:
        return
    day = dt.date.fromisoformat(resolved.value)  # a real calendar day, or this raises
    assert (day.month, day.day) == (2, 29)
    assert abs((day - d(anchor)).days) <= 4 * 366 + 1, f"{day} is far from {anchor}"


def test_feb_29_written_in_2023_comes_from_a_leap_year_near_it():
    try:
        value = value_of({"op": "date", "month": 2, "day": 29}, ctx("2023-03-01", PAST))
    except Unresolvable:
        return
    assert value in {"2024-02-29", "2020-02-29"}


EXPLICIT = [
    ("Feb. 15, 2022", {"op": "date", "year": 2022, "month": 2, "day": 15}, "2022-02-15"),
    ("Feb. 29, 2024", {"op": "date", "year": 2024, "month": 2, "day": 29}, "2024-02-29"),
    ("2/15/22: two-digit year near the anchor", {"op": "date", "year": 22, "month": 2, "day": 15}, "2022-02-15"),
    ("3/1/98 written in 2000: the 1900s", {"op": "date", "year": 98, "month": 3, "day": 1}, "1998-03-01"),
    ("November 1999", {"op": "date", "year": 1999, "month": 11}, "1999-11"),
]


@pytest.mark.parametrize(("spec", "expected"), [c[1:] for c in EXPLICIT], ids=[c[0] for c in EXPLICIT])
def test_explicit_date_ignores_tense(spec, expected):
    anchor = "2000-01-01" if spec.get("year") == 98 else "2022-02-16"
    assert value_of(spec, ctx(anchor, PAST)) == expected
    assert value_of(spec, ctx(anchor, FUTURE)) == expected


UNRESOLVABLE = [
    ("month 13 with a year", {"op": "date", "year": 2022, "month": 13, "day": 1}),
    ("month 13 without a day", {"op": "date", "year": 2022, "month": 13}),
    ("month 0", {"op": "date", "year": 2022, "month": 0, "day": 1}),
    ("Feb. 30 with a year", {"op": "date", "year": 2022, "month": 2, "day": 30}),
    ("Feb. 29 of a common year", {"op": "date", "year": 2023, "month": 2, "day": 29}),
    ("April 31 with a year", {"op": "date", "year": 2022, "month": 4, "day": 31}),
    ("April 31 without a year", {"op": "date", "month": 4, "day": 31}),
    ("day 32 without a year", {"op": "date", "month": 1, "day": 32}),
    ("quarter 5", {"op": "quarter", "q": 5}),
    ("hour 25", {"op": "time", "hour": 25}),
    ("an unknown operation", {"op": "fortnightly"}),
    ("no operation", {"month": 2}),
]


@pytest.mark.parametrize("spec", [c[1] for c in UNRESOLVABLE], ids=[c[0] for c in UNRESOLVABLE])
def test_impossible_calendar_value_is_unresolvable(spec):
    with pytest.raises(Unresolvable):
        resolve(spec, ctx())


def test_unresolvable_is_a_value_error():
    assert issubclass(Unresolvable, ValueError)


# --------------------------------------------------------------------------------------------
# Shifts by calendar units

SHIFTS = [
    # (id, unit, n, anchor, value, interval start, interval end)
    ("yesterday", "D", -1, "2022-02-16", "2022-02-15", "2022-02-15", "2022-02-16"),
    ("today", "D", 0, "2022-02-16", "2022-02-16", "2022-02-16", "2022-02-17"),
    ("tomorrow across the year end", "D", 1, "2021-12-31", "2022-01-01", "2022-01-01", "2022-01-02"),
    ("yesterday on March 1 of a leap year", "D", -1, "2024-03-01", "2024-02-29", "2024-02-29", "2024-03-01"),
    ("yesterday on March 1 of a common year", "D", -1, "2022-03-01", "2022-02-28", "2022-02-28", "2022-03-01"),
    ("this week", "W", 0, "2022-02-16", "2022-W07", "2022-02-14", "2022-02-21"),
    ("last week", "W", -1, "2022-02-16", "2022-W06", "2022-02-07", "2022-02-14"),
    ("this week on 2021-01-01: ISO week 53 of 2020", "W", 0, "2021-01-01", "2020-W53", "2020-12-28",
     "2021-01-04"),
    ("this week on 2024-12-31: ISO week 1 of 2025", "W", 0, "2024-12-31", "2025-W01", "2024-12-30",
     "2025-01-06"),
    ("last week on 2022-01-03: week 52 of 2021", "W", -1, "2022-01-03", "2021-W52", "2021-12-27", "2022-01-03"),
    ("next week on a Sunday", "W", 1, "2022-02-20", "2022-W08", "2022-02-21", "2022-02-28"),
    ("last month in January", "M", -1, "2022-01-15", "2021-12", "2021-12-01", "2022-01-01"),
    ("last month on March 31 (no day overflow)", "M", -1, "2022-03-31", "2022-02", "2022-02-01", "2022-03-01"),
    ("next month in December", "M", 1, "2021-12-10", "2022-01", "2022-01-01", "2022-02-01"),
    ("this month", "M", 0, "2022-02-16", "2022-02", "2022-02-01", "2022-03-01"),
    ("this quarter", "Q", 0, "2022-02-16", "2022-Q1", "2022-01-01", "2022-04-01"),
    ("last quarter in the first quarter", "Q", -1, "2022-02-16", "2021-Q4", "2021-10-01", "2022-01-01"),
    ("next quarter in the fourth quarter", "Q", 1, "2022-12-01", "2023-Q1", "2023-01-01", "2023-04-01"),
    ("last year", "Y", -1, "2022-02-16", "2021", "2021-01-01", "2022-01-01"),
    ("this year", "Y", 0, "2022-02-16", "2022", "2022-01-01", "2023-01-01"),
    ("next year on Dec. 31", "Y", 1, "2021-12-31", "2022", "2022-01-01", "2023-01-01"),
    ("this decade", "DE", 0, "2022-02-16", "202", "2020-01-01", "2030-01-01"),
    ("last decade", "DE", -1, "2022-02-16", "201", "2010-01-01", "2020-01-01"),
    ("this century", "CE", 0, "2022-02-16", "20", "2000-01-01", "2100-01-01"),
    ("this weekend on a Wednesday", "WE", 0, "2022-02-16", "2022-W07-WE", "2022-02-19", "2022-02-21"),
    ("24 hours ago: the day before", "H", -24, "2022-02-16", "2022-02-15", "2022-02-15", "2022-02-16"),
]


@pytest.mark.parametrize(("unit", "n", "anchor", "value", "start", "end"),
                         [case[1:] for case in SHIFTS], ids=[case[0] for case in SHIFTS])
def test_shift_by_calendar_units(unit, n, anchor, value, start, end):
    resolved = resolve({"op": "shift", "unit": unit, "n": n}, ctx(anchor))
    assert resolved.value == value
    check_interval(resolved, start, end)


@pytest.mark.parametrize(("n", "expected"), [("-X", "PAST_REF"), ("X", "FUTURE_REF")], ids=["-X", "X"])
def test_shift_by_an_unspecified_number_is_a_vague_reference(n, expected):
    resolved = resolve({"op": "shift", "unit": "D", "n": n}, ctx())
    assert resolved.value == expected
    assert (resolved.grain, resolved.start, resolved.end) == (None, None, None)


# --------------------------------------------------------------------------------------------
# Parts of day

PARTS = [
    # (id, n, part, value, start, end)
    ("this morning", 0, "MO", "2022-02-16TMO", "2022-02-16T06:00", "2022-02-16T12:00"),
    ("this afternoon", 0, "AF", "2022-02-16TAF", "2022-02-16T12:00", "2022-02-16T18:00"),
    ("this evening", 0, "EV", "2022-02-16TEV", "2022-02-16T18:00", "2022-02-16T22:00"),
    ("last night spans midnight", -1, "NI", "2022-02-15TNI", "2022-02-15T21:00", "2022-02-16T06:00"),
    ("tonight spans midnight", 0, "NI", "2022-02-16TNI", "2022-02-16T21:00", "2022-02-17T06:00"),
    ("yesterday morning", -1, "MO", "2022-02-15TMO", "2022-02-15T06:00", "2022-02-15T12:00"),
]


@pytest.mark.parametrize(("n", "part", "value", "start", "end"),
                         [case[1:] for case in PARTS], ids=[case[0] for case in PARTS])
def test_part_of_day_is_an_interval_of_hours(n, part, value, start, end):
    resolved = resolve({"op": "shift", "unit": "D", "n": n, "part": part}, ctx())
    assert resolved.value == value
    assert resolved.grain == "part_of_day"
    check_interval(resolved, start, end)


def test_last_night_on_new_years_day_is_new_years_eve():
    resolved = resolve({"op": "shift", "unit": "D", "n": -1, "part": "NI"}, ctx("2022-01-01"))
    assert resolved.value == "2021-12-31TNI"
    check_interval(resolved, "2021-12-31T21:00", "2022-01-01T06:00")


# --------------------------------------------------------------------------------------------
# Clock times

TIMES = [
    ("3 p.m.", {"op": "time", "hour": 3, "ampm": "pm"}, "2022-02-16T15:00"),
    ("12 a.m. is midnight", {"op": "time", "hour": 12, "ampm": "am"}, "2022-02-16T00:00"),
    ("12 p.m. is noon", {"op": "time", "hour": 12, "ampm": "pm"}, "2022-02-16T12:00"),
    ("14:30", {"op": "time", "hour": 14, "minute": 30}, "2022-02-16T14:30"),
    ("10 p.m. last night", {"op": "time", "hour": 10, "ampm": "pm", "day": -1}, "2022-02-15T22:00"),
    ("2:30 p.m. Tuesday", {"op": "time", "hour": 2, "minute": 30, "ampm": "pm", "weekday": 2}, "2022-02-15T14:30"),
    ("8 p.m. on Feb. 12", {"op": "time", "hour": 8, "ampm": "pm", "month": 2, "dayofmonth": 12},
     "2022-02-12T20:00"),
]


@pytest.mark.parametrize(("spec", "expected"), [c[1:] for c in TIMES], ids=[c[0] for c in TIMES])
def test_clock_time_is_a_minute_on_its_day(spec, expected):
    resolved = resolve(spec, ctx(WEDNESDAY, PAST))
    assert resolved.value == expected
    assert resolved.grain == "time"
    assert resolved.end - resolved.start == dt.timedelta(minutes=1)
    assert resolved.start == at(expected)


# --------------------------------------------------------------------------------------------
# Years, decades, centuries, quarters, halves, seasons (intervals end exclusive)

PERIODS = [
    # (id, spec, anchor, tense, value, start, end)
    ("the year 2014", {"op": "year", "year": 2014}, "2022-02-16", None, "2014", "2014-01-01", "2015-01-01"),
    ("'98 written in 2000", {"op": "year", "year": 98}, "2000-01-01", None, "1998", "1998-01-01", "1999-01-01"),
    ("the 1990s", {"op": "decade", "decade": 1990}, "2022-02-16", None, "199", "1990-01-01", "2000-01-01"),
    ("a year inside a decade", {"op": "decade", "decade": 1995}, "2022-02-16", None, "199", "1990-01-01",
     "2000-01-01"),
    ("the 2000s", {"op": "decade", "decade": 2000}, "2022-02-16", None, "200", "2000-01-01", "2010-01-01"),
    ("the 20th century", {"op": "century", "century": 20}, "2022-02-16", None, "19", "1900-01-01", "2000-01-01"),
    ("the 21st century", {"op": "century", "century": 21}, "2022-02-16", None, "20", "2000-01-01", "2100-01-01"),
    ("third quarter of 1990", {"op": "quarter", "q": 3, "year": 1990}, "1991-02-01", None, "1990-Q3",
     "1990-07-01", "1990-10-01"),
    ("fourth quarter of 1990 ends with the year", {"op": "quarter", "q": 4, "year": 1990}, "1991-02-01", None,
     "1990-Q4", "1990-10-01", "1991-01-01"),
    ("third quarter, past, in October", {"op": "quarter", "q": 3}, "1989-10-26", PAST, "1989-Q3",
     "1989-07-01", "1989-10-01"),
    ("fourth quarter, past, in May: last year's", {"op": "quarter", "q": 4}, "1989-05-01", PAST, "1988-Q4",
     "1988-10-01", "1989-01-01"),
    ("fourth quarter, future, in May: this year's", {"op": "quarter", "q": 4}, "1989-05-01", FUTURE, "1989-Q4",
     "1989-10-01", "1990-01-01"),
    ("next year's first quarter", {"op": "quarter", "q": 1, "year_shift": 1}, "1989-10-31", None, "1990-Q1",
     "1990-01-01", "1990-04-01"),
    ("first half of 1990", {"op": "half", "h": 1, "year": 1990}, "1990-09-01", None, "1990-H1", "1990-01-01",
     "1990-07-01"),
    ("second half of 1990", {"op": "half", "h": 2, "year": 1990}, "1990-09-01", None, "1990-H2", "1990-07-01",
     "1991-01-01"),
    ("the last half, in September", {"op": "half", "h": "last"}, "1990-09-01", None, "1990-H2", "1990-07-01",
     "1991-01-01"),
    ("second half, past, in March: last year's", {"op": "half", "h": 2}, "1990-03-01", PAST, "1989-H2",
     "1989-07-01", "1990-01-01"),
    ("summer of 1990", {"op": "season", "season": "SU", "year": 1990}, "1991-01-01", None, "1990-SU",
     "1990-06-01", "1990-09-01"),
    ("winter of 1990 runs into 1991", {"op": "season", "season": "WI", "year": 1990}, "1991-06-01", None,
     "1990-WI", "1990-12-01", "1991-03-01"),
    ("last fall, in October: the fall before the current one", {"op": "season", "season": "FA", "rel": -1},
     "1998-10-01", None, "1997-FA", "1997-09-01", "1997-12-01"),
    ("last summer, in February", {"op": "season", "season": "SU", "rel": -1}, "2022-02-16", None, "2021-SU",
     "2021-06-01", "2021-09-01"),
    ("next spring, in February", {"op": "season", "season": "SP", "rel": 1}, "2022-02-16", None, "2022-SP",
     "2022-03-01", "2022-06-01"),
    ("this summer, in March", {"op": "season", "season": "SU", "rel": 0}, "1998-03-01", None, "1998-SU",
     "1998-06-01", "1998-09-01"),
    ("this winter, in February: the winter under way", {"op": "season", "season": "WI", "rel": 0}, "2022-02-16",
     None, "2021-WI", "2021-12-01", "2022-03-01"),
    ("this winter, in December", {"op": "season", "season": "WI", "rel": 0}, "2022-12-10", None, "2022-WI",
     "2022-12-01", "2023-03-01"),
    ("this winter, in mid-October: the coming winter", {"op": "season", "season": "WI", "rel": 0},
     "2022-10-15", None, "2022-WI", "2022-12-01", "2023-03-01"),
    ("summer, past, in February", {"op": "season", "season": "SU"}, "2022-02-16", PAST, "2021-SU", "2021-06-01",
     "2021-09-01"),
    ("summer, future, in February", {"op": "season", "season": "SU"}, "2022-02-16", FUTURE, "2022-SU",
     "2022-06-01", "2022-09-01"),
]


@pytest.mark.parametrize(("spec", "anchor", "tense", "value", "start", "end"),
                         [case[1:] for case in PERIODS], ids=[case[0] for case in PERIODS])
def test_period_value_and_interval(spec, anchor, tense, value, start, end):
    resolved = resolve(spec, ctx(anchor, tense))
    assert resolved.value == value
    check_interval(resolved, start, end)


# --------------------------------------------------------------------------------------------
# Weekends and holidays

WEEKENDS = [
    ("the weekend, past, on a Monday", None, PAST, "1990-08-06", "1990-W31-WE", "1990-08-04", "1990-08-06"),
    ("this weekend, future, on a Wednesday", 0, FUTURE, "2022-02-16", "2022-W07-WE", "2022-02-19", "2022-02-21"),
    ("last weekend on a Wednesday", -1, None, "2022-02-16", "2022-W06-WE", "2022-02-12", "2022-02-14"),
    ("next weekend on a Saturday: the one after", 1, None, "2022-02-19", "2022-W08-WE", "2022-02-26",
     "2022-02-28"),
    ("the weekend on a Sunday: this one", None, PAST, "2022-02-20", "2022-W07-WE", "2022-02-19", "2022-02-21"),
    ("last weekend on a Sunday: the one before", -1, PAST, "2024-03-03", "2024-W08-WE", "2024-02-24", "2024-02-26"),
    ("last weekend on a Saturday: the one before", -1, None, "2024-03-02", "2024-W08-WE", "2024-02-24",
     "2024-02-26"),
]


@pytest.mark.parametrize(("rel", "tense", "anchor", "value", "start", "end"),
                         [case[1:] for case in WEEKENDS], ids=[case[0] for case in WEEKENDS])
def test_weekend_value_and_interval(rel, tense, anchor, value, start, end):
    resolved = resolve({"op": "weekend", "rel": rel}, ctx(anchor, tense))
    assert resolved.value == value
    check_interval(resolved, start, end)


HOLIDAYS = [
    ("Thanksgiving 1999 (fourth Thursday of November)", "Thanksgiving", None, None, "1999-11-20", "1999-11-25"),
    ("Thanksgiving Day 2022", "Thanksgiving Day", None, None, "2022-11-01", "2022-11-24"),
    ("Thanksgiving when November starts on a Thursday", "Thanksgiving", None, None, "2018-11-01", "2018-11-22"),
    ("Thanksgiving when November starts on a Friday", "Thanksgiving", None, None, "2019-11-01", "2019-11-28"),
    ("Christmas Day in a January article, past", "Christmas Day", None, PAST, "2022-01-10", "2021-12-25"),
    ("Christmas Day in a January article, no tense", "Christmas Day", None, None, "2022-01-10", "2021-12-25"),
    ("next Christmas in January", "Christmas", 1, None, "2022-01-10", "2022-12-25"),
    ("last Christmas on Dec. 26", "Christmas", -1, None, "2022-12-26", "2022-12-25"),
    ("New Year's Day in late December, future", "New Year’s Day", None, FUTURE, "2021-12-28", "2022-01-01"),
    ("Halloween in September, future", "Halloween", None, FUTURE, "2022-09-15", "2022-10-31"),
    ("Easter Monday 2024 falls in April", "Easter Monday", None, FUTURE, "2024-03-20", "2024-04-01"),
    ("Ash Wednesday, 46 days before Easter", "Ash Wednesday", None, PAST, "2024-02-20", "2024-02-14"),
    ("Whit Monday, 50 days after Easter", "Whit Monday", None, FUTURE, "2024-05-10", "2024-05-20"),
    ("Black Friday, the day after Thanksgiving", "Black Friday", None, None, "2024-11-10", "2024-11-29"),
    ("Cyber Monday rolls into December", "Cyber Monday", None, FUTURE, "2024-11-20", "2024-12-02"),
    ("Martin Luther King Day, third Monday of January", "Martin Luther King Day", None, None, "2024-01-10",
     "2024-01-15"),
    ("Presidents' Day, third Monday of February", "Presidents’ Day", None, None, "2024-02-10", "2024-02-19"),
    ("Columbus Day, second Monday of October", "Columbus Day", None, PAST, "2024-10-20", "2024-10-14"),
    ("Hogmanay, the last day of the year", "Hogmanay", None, FUTURE, "2023-12-29", "2023-12-31"),
]


@pytest.mark.parametrize(("name", "rel", "tense", "anchor", "expected"),
                         [case[1:] for case in HOLIDAYS], ids=[case[0] for case in HOLIDAYS])
def test_holiday_is_its_day_in_the_year_that_fits(name, rel, tense, anchor, expected):
    resolved = resolve({"op": "holiday", "holiday": name, "rel": rel}, ctx(anchor, tense))
    assert resolved.value == expected
    assert resolved.grain == "day"


# --------------------------------------------------------------------------------------------
# References: "a year earlier", "the quarter" follow the period last mentioned

def reference_to(spec: dict, anchor: str):
    return resolve(spec, ctx(anchor))


REFERENCES = [
    # (id, spec, anchor, reference spec or None, value)
    ("a year earlier after the third quarter of 1989: the same quarter of 1988",
     {"op": "reference", "shift": -1, "unit": "Y"}, "1989-10-26", {"op": "quarter", "q": 3, "year": 1989},
     "1988-Q3"),
    ("a year earlier after the first half of 1990: the first half of 1989",
     {"op": "reference", "shift": -1, "unit": "Y"}, "1990-09-01", {"op": "half", "h": 1, "year": 1990},
     "1989-H1"),
    ("a year earlier with nothing mentioned: the year before publication",
     {"op": "reference", "shift": -1, "unit": "Y"}, "1998-02-06", None, "1997"),
    ("the quarter after August 1989: the third quarter",
     {"op": "reference", "shift": 0, "unit": "Q"}, "1989-10-26", {"op": "date", "month": 8, "year": 1989},
     "1989-Q3"),
    ("the quarter with nothing mentioned: the last full quarter",
     {"op": "reference", "shift": 0, "unit": "Q"}, "1989-10-26", None, "1989-Q3"),
    ("the year-ago quarter with nothing mentioned: last full quarter, a year before",
     {"op": "reference", "shift": -1, "unit": "Q"}, "1989-10-30", None, "1988-Q3"),
    ("the year-ago quarter after the second quarter of 1989",
     {"op": "reference", "shift": -1, "unit": "Q"}, "1989-10-30", {"op": "quarter", "q": 2, "year": 1989},
     "1988-Q2"),
    ("the 1988 quarter after the third quarter of 1989",
     {"op": "reference", "shift": 0, "unit": "Q", "year": 1988}, "1989-10-30",
     {"op": "quarter", "q": 3, "year": 1989}, "1988-Q3"),
]


@pytest.mark.parametrize(("spec", "anchor", "reference", "expected"),
                         [case[1:] for case in REFERENCES], ids=[case[0] for case in REFERENCES])
def test_reference_follows_the_period_last_mentioned(spec, anchor, reference, expected):
    ref = reference_to(reference, anchor) if reference else None
    resolved = resolve(spec, Context(anchor=d(anchor), reference=ref))
    assert resolved.value == expected


# --------------------------------------------------------------------------------------------
# Durations, sets and vague references: values with no interval

DURATIONS = [
    ((3, "D"), "P3D"),
    (("X", "W"), "PXW"),
    (("-X", "W"), "PXW"),
    ((-3, "D"), "P3D"),
    ((2, "H"), "PT2H"),
    ((30, "MIN"), "PT30M"),
    ((10, "S"), "PT10S"),
    ((0.5, "H"), "PT0.5H"),
    ((2.0, "D"), "P2D"),
    ((2, "DE"), "P20Y"),
    ((1, "CE"), "P100Y"),
    ((1, "FN"), "P2W"),
    (("X", "FN"), "PXW"),
    ((2, "M"), "P2M"),
    ((5, "Y"), "P5Y"),
    ((1, "Q"), "P1Q"),
]


@pytest.mark.parametrize(("args", "expected"), DURATIONS, ids=[f"{n} {unit}" for (n, unit), _ in DURATIONS])
def test_duration_value_is_timeml(args, expected):
    assert duration_value(*args) == expected


HALVES = [
    ("5 1/2 hours", 5, "H", "PT5H30M"),
    ("two and a half years", 2, "Y", "P2Y6M"),
    ("a day and a half", 1, "D", "P1DT12H"),
    ("three and a half months", 3, "M", "P3M15D"),
    ("several and a half hours stays vague", "X", "H", "PTXH"),
]


@pytest.mark.parametrize(("n", "unit", "expected"), [c[1:] for c in HALVES], ids=[c[0] for c in HALVES])
def test_duration_and_a_half_adds_half_a_unit_in_the_next_smaller_unit(n, unit, expected):
    resolved = resolve({"op": "duration", "n": n, "unit": unit, "half": True}, ctx())
    assert resolved.value == expected


def test_duration_resolves_to_a_value_with_no_grain_and_no_interval():
    resolved = resolve({"op": "duration", "n": 3, "unit": "D"}, ctx())
    assert (resolved.value, resolved.grain, resolved.start, resolved.end) == ("P3D", None, None, None)


SETS = [
    ("every day", {"op": "set", "unit": "D"}, "P1D"),
    ("every two weeks", {"op": "set", "unit": "W", "n": 2}, "P2W"),
    ("every Tuesday", {"op": "set", "weekday": 2}, "XXXX-WXX-2"),
    ("every summer", {"op": "set", "season": "SU"}, "XXXX-SU"),
    ("hourly", {"op": "set", "unit": "H"}, "PT1H"),
]


@pytest.mark.parametrize(("spec", "expected"), [c[1:] for c in SETS], ids=[c[0] for c in SETS])
def test_set_resolves_to_a_repeated_value_with_no_interval(spec, expected):
    resolved = resolve(spec, ctx())
    assert (resolved.value, resolved.grain, resolved.start) == (expected, None, None)


@pytest.mark.parametrize("value", ["PAST_REF", "PRESENT_REF", "FUTURE_REF"])
def test_vague_reference_keeps_its_value_whatever_the_anchor(value):
    for anchor in ("1900-01-01", "2022-02-16", "2100-12-31"):
        resolved = resolve({"op": "ref", "value": value}, ctx(anchor, PAST))
        assert (resolved.value, resolved.grain, resolved.start) == (value, None, None)


# --------------------------------------------------------------------------------------------
# Every resolution explains itself

@pytest.mark.parametrize("spec", [
    {"op": "weekday", "weekday": 2},
    {"op": "shift", "unit": "M", "n": -1},
    {"op": "date", "month": 12},
    {"op": "reference", "shift": -1, "unit": "Y"},
    {"op": "holiday", "holiday": "Christmas"},
], ids=["weekday", "shift", "month", "reference", "holiday"])
def test_resolution_says_how_it_was_computed(spec):
    assert resolve(spec, ctx(WEDNESDAY, PAST)).how.strip()


def test_easter_sunday_agrees_with_dateutil_over_five_centuries():
    from dateutil.easter import easter

    from extract.temporal.resolve import easter_sunday

    for year in range(1700, 2200):
        assert easter_sunday(year) == easter(year), year


# --------------------------------------------------------------------------------------------
# The narrative's own time: "later that year", "the following month" count from the date last
# mentioned (Context.narrative), not from the anchor


def narrated(value_spec: dict, anchor: str | dt.date = WEDNESDAY) -> Context:
    """A context whose narrative reference is the value of ``value_spec`` resolved at ``anchor``."""
    narrative = resolve(value_spec, ctx(anchor))
    return Context(anchor=d(anchor) if isinstance(anchor, str) else anchor, narrative=narrative)


ANAPHORS = [
    # (id, spec, narrative spec, expected)
    ("that year after a month", {"op": "anaphor", "unit": "Y", "n": 0},
     {"op": "date", "year": 1998, "month": 6}, "1998"),
    ("the following year after a day", {"op": "anaphor", "unit": "Y", "n": 1},
     {"op": "date", "year": 1995, "month": 5, "day": 22}, "1996"),
    ("the following month across a year end", {"op": "anaphor", "unit": "M", "n": 1},
     {"op": "date", "year": 2021, "month": 12}, "2022-01"),
    ("the previous day across a leap day", {"op": "anaphor", "unit": "D", "n": -1},
     {"op": "date", "year": 2024, "month": 3, "day": 1}, "2024-02-29"),
    ("the next morning", {"op": "anaphor", "unit": "D", "n": 1, "part": "MO"},
     {"op": "date", "year": 2022, "month": 2, "day": 12}, "2022-02-13TMO"),
    ("that same day of a month", {"op": "anaphor", "unit": "D", "n": 0},
     {"op": "date", "year": 1998, "month": 10}, "1998-10-XX"),
    ("that same day of a year", {"op": "anaphor", "unit": "D", "n": 0}, {"op": "year", "year": 2014}, "2014-XX-XX"),
    ("that month of a year", {"op": "anaphor", "unit": "M", "n": 0}, {"op": "year", "year": 2014}, "2014-XX"),
    ("the previous Friday before a Friday", {"op": "anaphor", "weekday": 5, "n": -1},
     {"op": "date", "year": 1989, "month": 10, "day": 27}, "1989-10-20"),
    ("the following Monday after a Monday", {"op": "anaphor", "weekday": 1, "n": 1},
     {"op": "date", "year": 2022, "month": 2, "day": 14}, "2022-02-21"),
]


@pytest.mark.parametrize(("spec", "narrative", "expected"), [c[1:] for c in ANAPHORS], ids=[c[0] for c in ANAPHORS])
def test_anaphor_counts_from_the_date_last_mentioned(spec, narrative, expected):
    resolved = resolve(spec, narrated(narrative))
    assert resolved.value == expected, resolved.how
    assert resolved.how.strip()


def test_anaphor_without_a_date_mentioned_counts_from_the_anchor():
    assert value_of({"op": "anaphor", "unit": "D", "n": 1}, ctx()) == "2022-02-17"
    assert value_of({"op": "anaphor", "weekday": 5, "n": -1}, ctx()) == "2022-02-11"


def test_anaphor_weekday_after_a_coarse_date_counts_from_the_anchor():
    assert resolve({"op": "anaphor", "weekday": 5, "n": -1}, narrated({"op": "year", "year": 2014})).value == \
        "2022-02-11"


def test_day_offset_moves_a_resolved_day():
    assert value_of({"op": "weekday", "weekday": 2, "rel": -1, "offset": "before"}, ctx()) == "2022-02-14"
    assert value_of({"op": "date", "year": 2021, "month": 12, "day": 31, "offset": "after"}, ctx()) == "2022-01-01"


WEEKENDS_OF_FEASTS = [
    ("a feast on a Sunday: its own weekend", "Easter", "2024-03-25", "2024-W13-WE"),
    ("a feast on a Thursday: the weekend after", "Thanksgiving", "2023-12-01", "2023-W47-WE"),
    ("Christmas on a Monday: the weekend before", "Christmas", "2023-12-28", "2023-W51-WE"),
    ("Christmas on a Wednesday: the weekend after (a tie)", "Christmas", "2024-12-30", "2024-W52-WE"),
    ("a Monday holiday: the weekend before", "Memorial Day", "2024-05-29", "2024-W21-WE"),
]


@pytest.mark.parametrize(("name", "anchor", "expected"), [case[1:] for case in WEEKENDS_OF_FEASTS],
                         ids=[case[0] for case in WEEKENDS_OF_FEASTS])
def test_weekend_of_a_feast_is_the_weekend_nearest_it(name, anchor, expected):
    resolved = resolve({"op": "holiday", "holiday": name, "grain": "weekend"}, ctx(anchor, PAST))
    assert (resolved.value, resolved.grain) == (expected, "weekend")


@pytest.mark.parametrize(("spec", "anchor", "expected"), [
    ({"op": "weekday", "weekday": 7, "rel": 1, "weeks": 1}, "2022-02-16", "2022-02-27"),
    ({"op": "weekday", "weekday": 1, "rel": 1, "weeks": 1}, "2023-12-29", "2024-01-08"),
    ({"op": "shift", "unit": "D", "n": 0, "weeks": 2}, "2023-12-29", "2024-01-12"),
], ids=["Sunday week", "Monday week across the new year", "two weeks from today"])
def test_whole_weeks_after_a_day(spec, anchor, expected):
    assert value_of(spec, ctx(anchor)) == expected


@pytest.mark.parametrize(("anchor", "expected"), [
    ("2022-11-01", "2023"), ("2023-12-31", "2024"), ("2024-01-04", "2024"), ("2024-10-31", "2024"),
], ids=["November", "New Year's Eve", "January", "October"])
def test_the_new_year_is_the_coming_one_only_at_the_end_of_a_year(anchor, expected):
    assert value_of({"op": "new_year"}, ctx(anchor)) == expected


@pytest.mark.parametrize(("spec", "anchor", "expected"), [
    ({"op": "date", "month": 10, "day": 7}, "2024-09-01", "2023-10-07"),
    ({"op": "date", "month": 4}, "2022-11-05", "2022-04"),
    ({"op": "quarter", "q": 4}, "2023-02-10", "2022-Q4"),
    ({"op": "weekday", "weekday": 5}, "2022-02-16", "2022-02-11"),
], ids=["a day eleven months back", "a month seven months back", "a quarter of last year", "a weekday"])
def test_occurred_reading_is_the_latest_up_to_the_anchor_however_far(spec, anchor, expected):
    assert value_of(spec, ctx(anchor, "occurred")) == expected


@pytest.mark.parametrize(("anchor", "years", "expected"), [
    ("2024-05-15", -1, "2023-05-15"), ("2024-02-29", 1, "2025-02-28"), ("2024-02-29", -4, "2020-02-29"),
], ids=["a year back", "a leap day to a common year", "a leap day to a leap year"])
def test_same_day_of_another_year(anchor, years, expected):
    assert value_of({"op": "shift", "unit": "D", "n": 0, "years": years}, ctx(anchor)) == expected
