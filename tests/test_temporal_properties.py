"""Property tests of ``tag_times``: any text, any publication date from 1900 to 2100.

Whatever the input, ``tag_times`` does not raise; its mentions have valid offsets, come in
order without overlapping, carry a TimeML type and a well-formed TIMEX3 value whose form
agrees with the type, and their resolved interval agrees with the value.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from extract import tag_times
from extract.records import GRAINS, TIMEX_TYPES

# --------------------------------------------------------------------------------------------
# The TIMEX3 value grammar (TimeML 1.2 / ISO-TimeML, with the TIDES X placeholders).
# ASCII digits only: Python's \d would also accept "٢٠٢٢".

_N = r"(?:[0-9]+(?:\.[0-9]+)?|X)"  # a duration amount: 3, 0.5 or X (unspecified)
_YEAR = r"(?:[0-9]{4}|[0-9]{3}X|[0-9]{2}XX|XXXX)"
_MONTH = r"(?:0[1-9]|1[0-2]|XX)"
_DAY = r"(?:0[1-9]|[12][0-9]|3[01]|XX)"
_WEEK = r"(?:0[1-9]|[1-4][0-9]|5[0-3]|XX)"
_CLOCK = r"(?:(?:[01][0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9](?:\.[0-9]+)?)?|24:00(?::00)?)"
_ZONE = r"(?:Z|[+-](?:[01][0-9]|2[0-3])(?::?[0-5][0-9])?)"
_PART_OF_DAY = r"(?:MO|MI|AF|EV|NI|DT)"
_TIME = rf"T(?:{_CLOCK}{_ZONE}?|{_PART_OF_DAY})"
_DAY_LEVEL = rf"{_YEAR}-(?:{_MONTH}-{_DAY}|W{_WEEK}-(?:[1-7]|X))"
_CALENDAR = (
    rf"{_DAY_LEVEL}(?:{_TIME})?"  # 2022-02-15, 2022-02-15T14:30, 2022-02-15TNI, XXXX-WXX-2
    rf"|{_YEAR}(?:-{_MONTH}|-W{_WEEK}(?:-WE)?|-Q[1-4X]|-H[12X]|-(?:SP|SU|FA|WI))?"  # 2022, 2022-02, 2022-W07, 2022-Q1
    r"|[0-9]{3}|[0-9]{2}"  # decade 199, century 19
)
_REF = r"PAST_REF|PRESENT_REF|FUTURE_REF"
_DURATION = (
    rf"P(?=[0-9X])(?:{_N}Y)?(?:{_N}M)?(?:{_N}W)?(?:{_N}D)?(?:T(?=[0-9X])(?:{_N}H)?(?:{_N}M)?(?:{_N}S)?)?"
    rf"|PT(?=[0-9X])(?:{_N}H)?(?:{_N}M)?(?:{_N}S)?"
    rf"|P{_N}(?:DE|CE|ML|E|C|L|Q)"  # decades, centuries, millennia (ISO-TimeML and TIDES units), quarters
)
CALENDAR_VALUE = re.compile(_CALENDAR)
REF_VALUE = re.compile(_REF)
DURATION_VALUE = re.compile(_DURATION)



def is_real_calendar_value(value: str) -> bool:
    """A fully specified day must exist (no Feb 30) and a week number must exist in its year."""
    day = re.match(r"([0-9]{4})-([0-9]{2})-([0-9]{2})", value)
    if day:
        year, month, mday = map(int, day.groups())
        return year == 0 or 1 <= mday <= calendar.monthrange(year, month)[1]
    week = re.match(r"([0-9]{4})-W([0-9]{2})", value)
    if week:
        year, number = map(int, week.groups())
        return year == 0 or number <= dt.date(year, 12, 28).isocalendar()[1]
    return True


def timex3_problem(mention_type: str, value: str) -> str | None:
    """Why ``value`` is not a well-formed TIMEX3 value for ``mention_type``, or None."""
    if not isinstance(value, str):
        return f"value {value!r} is not a string"
    calendar_value = CALENDAR_VALUE.fullmatch(value)
    duration = DURATION_VALUE.fullmatch(value)
    if not (calendar_value or duration or REF_VALUE.fullmatch(value)):
        return f"{value!r} is not TIMEX3"
    if calendar_value and not is_real_calendar_value(value):
        return f"{value!r} is not a day or week of the calendar"
    if mention_type == "DURATION" and not duration:
        return f"a DURATION needs a P... value, got {value!r}"
    if mention_type in {"DATE", "TIME"} and duration:
        return f"a {mention_type} cannot have the duration value {value!r}"
    if mention_type == "DATE" and calendar_value and "T" in value:
        return f"a DATE value has no time of day, got {value!r} (that is a TIME)"
    if mention_type == "TIME" and calendar_value and "T" not in value:
        return f"a TIME value has a time of day, got {value!r} (that is a DATE)"
    return None


@pytest.mark.parametrize(
    "value",
    [
        "2022", "2022-02", "2022-02-15", "2022-W07", "2022-W07-WE", "2022-W07-3", "2022-Q1", "2022-H2",
        "2021-SU", "2021-FA", "199", "19", "2022-02-15T14:30", "2022-02-15T14:30:05", "2022-02-15T24:00",
        "2022-02-15T09:00Z", "2022-02-15T09:00+01:00", "2022-02-15TNI", "2022-02-15TMO", "XXXX-WXX-2",
        "XXXX-XX-15", "XXXX-02", "XXXX-SU", "XXXX-XX-XXTNI", "PAST_REF", "PRESENT_REF", "FUTURE_REF",
        "P3D", "P2W", "P18M", "PXY", "PXW", "P1DE", "PXDE", "P1CE", "PT24H", "PT30M", "PT10S", "PT0.5H", "P1E", "PXC",
        "P1Y6M", "P1DT12H", "P2Q",
    ],
)
def test_timex3_grammar_accepts(value):
    assert CALENDAR_VALUE.fullmatch(value) or DURATION_VALUE.fullmatch(value) or REF_VALUE.fullmatch(value)


@pytest.mark.parametrize(
    "value",
    [
        "", "2", "2022-2-15", "2022-13", "2022-02-32", "2022-W54", "2022-Q5", "2022-H3", "2022-SUMMER",
        "2022-02-15T25:00", "2022-02-15T9:00", "2022-02-15 14:30", "2022T14:30", "T14:30", "TNI", "2022-W07TNI",
        "mid-2022-03", "2022-03-mid", "P", "PT", "P3", "3D", "P3X", "PD", "P1M2Y", "PAST", "NOW", "XXXX-WXX-8",
        "٢٠٢٢", "２０２２", "2022-02-15T", "P1DT", "20220215", "19XX0", "2022-XX-XX-XX", "1990s",
    ],
)
def test_timex3_grammar_rejects(value):
    assert not (CALENDAR_VALUE.fullmatch(value) or DURATION_VALUE.fullmatch(value) or REF_VALUE.fullmatch(value))


@pytest.mark.parametrize(
    ("mention_type", "value"),
    [("DATE", "2022-02-30"), ("DATE", "2021-W53"), ("DATE", "P3D"), ("DURATION", "2022-02-15"),
     ("DATE", "2022-02-15TNI"), ("TIME", "2022-02-15")],
)
def test_timex3_check_rejects_impossible_days_and_mismatched_types(mention_type, value):
    assert timex3_problem(mention_type, value)


def test_every_golden_value_is_well_formed_timex3():
    cases = yaml.safe_load((Path(__file__).parent / "golden" / "temporal.yaml").read_text(encoding="utf-8"))
    bad = []
    for case in cases:
        for item in case.get("expect", []):
            values = item["value"] if isinstance(item["value"], list) else [item["value"]]
            bad += [(case["id"], v, p) for v in values if (p := timex3_problem(item.get("type", "SET"), v))]
    assert not bad, bad


# --------------------------------------------------------------------------------------------
# Strategies: publication dates and times, arbitrary text, news-like text.

FIRST, LAST = dt.date(1900, 1, 1), dt.date(2100, 12, 31)
_zones = st.integers(-14 * 60, 14 * 60).map(lambda minutes: dt.timezone(dt.timedelta(minutes=minutes)))
_naive = st.datetimes(dt.datetime(1900, 1, 1), dt.datetime(2100, 12, 31, 23, 59, 59))
publications = st.one_of(
    st.dates(FIRST, LAST),
    _naive,
    st.datetimes(dt.datetime(1900, 1, 1), dt.datetime(2100, 12, 31, 23, 59, 59), timezones=_zones),
)

TIME_PHRASES = [
    # deictic days and parts of day
    "yesterday", "Yesterday", "today", "[today]", "tomorrow", "tonight", "last night", "Last night",
    "this morning", "this afternoon", "yesterday evening", "tomorrow morning", "Tuesday night",
    "the day before yesterday", "the day after tomorrow", "earlier today", "late last night",
    # weekdays
    "Tuesday", "on Sunday", "Monday", "last Friday", "next Tuesday", "this Saturday", "on Mondays",
    "every Tuesday", "Wed.", "Thurs.",
    # months, explicit dates
    "in December", "since November", "next March", "last May", "mid-March", "late January", "early 2022",
    "Feb. 15, 2022", "15 February 2022", "2022-02-15", "Tuesday, Feb. 15, 2022", "Jan. 10", "January 12",
    "Sept. 30, 1989", "Feb. 29", "February 29, 2024", "29 February 2023", "Feb. 30, 2022", "31 April 2021",
    "2022-13-45", "0000-00-00", "9999-12-31", "May 2021", "the 15th of February", "Dec. 31, 2100",
    # years, decades, centuries
    "in 2014", "since 1990", "in 1900", "by 2100", "in 9999", "the year 0", "the 1990s", "the '90s",
    "the early 2000s", "the 20th century", "the 1st century", "the 99th century", "this century",
    # relative
    "last week", "this week", "next week", "earlier this week", "last weekend", "this weekend",
    "last month", "this month", "next month", "last year", "this year", "next year", "last quarter",
    "next quarter", "the third quarter", "third-quarter", "the first half of 2021", "last summer",
    "next winter", "two days ago", "three weeks ago", "a year ago", "10 years ago", "5,000 years ago",
    "10,000 years ago", "1,000,000 days ago", "in 3000000 days", "0 days ago", "in two weeks",
    "a decade ago", "week 53 of 2021", "the week before last", "in 10000", "Dec. 31, 9999", "0001-01-01",
    "2021-W53", "Feb. 29, 1900", "Sept. 31, 2022", "next century", "the 2100s", "500 BC", "the following year",
    # vague
    "recently", "in recent days", "in the past", "now", "currently", "in the future", "soon",
    "in the coming days", "days ago", "years ago",
    # durations and sets
    "three days", "two weeks", "18 months", "several years", "weeks or months", "24 hours", "90 minutes",
    "half an hour", "for decades", "the past two years", "every day", "daily", "weekly", "annually",
    "twice a week", "hourly",
    # clock times
    "at 3 p.m.", "2:30 p.m. Tuesday", "9am yesterday", "7.30pm tonight", "noon", "midnight", "22:00",
    "25:99", "23:60", "99 p.m.", "0:00 a.m.", "12 a.m.", "noon yesterday",
]
NOISE = [
    "we", "We", "may", "May", "march", "March", "Stingers", "Helen Hunt, 58,", "2,000", "130,000-strong",
    "1,500 tanks", "Boeing 747", "F-16", "page 12", "Previous post", "Next post", "7.5%", "$2,020",
    "£1.5 billion", "COVID-19", "said", "will", "would", "was", "is", "the", "Putin", "Biden", "troops",
    "After a meeting yesterday, the minister said:", "said:", "‘", "’", "“", "”", "'", '"', "[", "]", "(",
    ")", "–", "-", "/", ":", ";", ",", ".", "...", "\n", "\n\n", "\t", "  ", "é", "中文", "🙂", "\u200b",
    "\u00a0", "Ⅻ", "٢٠٢٢", "２０２２", "0", "00", "1", "31", "2022", "1899", "2101", "99999999999",
]
SEPARATORS = [" ", " ", " ", ", ", ". ", "\n", "", " on ", " in ", " since ", " ‘", "’ ", " [", "] "]

news_like_text = st.lists(
    st.tuples(
        st.one_of(st.sampled_from(TIME_PHRASES), st.sampled_from(NOISE), st.text(max_size=6)),
        st.sampled_from(SEPARATORS),
    ),
    max_size=14,
).map(lambda pieces: "".join(piece + sep for piece, sep in pieces))


# --------------------------------------------------------------------------------------------
# The properties


def show(mention) -> str:
    return f"{mention.start}-{mention.end} {mention.text!r} {mention.type} {mention.value!r} grain={mention.grain}"


def assert_well_formed(text: str, mentions) -> None:
    assert isinstance(mentions, list), type(mentions)
    previous_end = 0
    for m in mentions:
        where = f"{show(m)} in {text!r}"
        assert isinstance(m.start, int) and isinstance(m.end, int), where
        assert 0 <= m.start < m.end <= len(text), f"offsets out of range: {where}"
        assert text[m.start : m.end] == m.text, f"text[start:end] is {text[m.start : m.end]!r}: {where}"
        assert m.text == m.text.strip(), f"span starts or ends with white space: {where}"
        assert m.start >= previous_end, f"out of order or overlapping the previous mention: {where}"
        previous_end = m.end
        assert m.type in TIMEX_TYPES, f"type {m.type!r}: {where}"
        problem = timex3_problem(m.type, m.value)
        assert problem is None, f"{problem}: {where}"
        assert m.grain is None or m.grain in GRAINS, f"grain {m.grain!r} is not in records.GRAINS: {where}"
        assert (m.interval_start is None) == (m.interval_end is None), f"half an interval: {where}"
        if m.interval_start is not None:
            assert m.interval_start < m.interval_end, f"empty interval {m.interval_start}..{m.interval_end}: {where}"
        assert isinstance(m.rule, str) and m.rule, f"no rule: {where}"
        assert isinstance(m.anchor, str) and isinstance(m.reason, str), where


def _naive_dt(value: dt.datetime) -> dt.datetime:
    return value.replace(tzinfo=None)


def _bounds(value: str) -> tuple[str, dt.datetime, dt.datetime] | None:
    """(grain, start, end) that a fully specified calendar value stands for, end exclusive."""

    def d(year, month=1, day=1):
        return dt.datetime(year, month, day)

    try:
        if m := re.fullmatch(r"([0-9]{4})-([0-9]{2})-([0-9]{2})", value):
            start = d(*map(int, m.groups()))
            return "day", start, start + dt.timedelta(days=1)
        if m := re.fullmatch(r"([0-9]{4})-W([0-9]{2})", value):
            start = dt.datetime.combine(dt.date.fromisocalendar(int(m[1]), int(m[2]), 1), dt.time())
            return "week", start, start + dt.timedelta(days=7)
        if m := re.fullmatch(r"([0-9]{4})-([0-9]{2})", value):
            year, month = int(m[1]), int(m[2])
            return "month", d(year, month), d(year + month // 12, month % 12 + 1)
        if m := re.fullmatch(r"([0-9]{4})-Q([1-4])", value):
            year, q = int(m[1]), int(m[2])
            return "quarter", d(year, 3 * q - 2), d(year + q // 4, (3 * q) % 12 + 1)
        if m := re.fullmatch(r"([0-9]{4})-H([12])", value):
            year, h = int(m[1]), int(m[2])
            return "half", d(year, 6 * h - 5), d(year + h // 2, (6 * h) % 12 + 1)
        if m := re.fullmatch(r"[0-9]{4}", value):
            return "year", d(int(value)), d(int(value) + 1)
        if re.fullmatch(r"[0-9]{3}", value):
            return "decade", d(int(value) * 10), d(int(value) * 10 + 10)
        if re.fullmatch(r"[0-9]{2}", value):
            return "century", d(int(value) * 100), d(int(value) * 100 + 100)
    except ValueError:  # year 0 or beyond 9999: datetime cannot hold the bounds
        return None
    return None


def assert_interval_agrees_with_value(text: str, mentions) -> None:
    for m in mentions:
        where = f"{show(m)} [{m.interval_start} .. {m.interval_end}] in {text!r}"
        if m.type == "SET":
            continue
        if REF_VALUE.fullmatch(m.value) or DURATION_VALUE.fullmatch(m.value):
            assert m.grain is None, f"a vague value or a duration has no grain: {where}"
            assert m.interval_start is None, f"a vague value or a duration is not anchored: {where}"
            continue
        clock = re.fullmatch(r"([0-9]{4})-([0-9]{2})-([0-9]{2})T([01][0-9]|2[0-3]):([0-5][0-9])", m.value)
        if clock and 1 <= int(clock[1]):
            assert m.grain == "time", f"grain should be time: {where}"
            assert m.interval_start is not None, f"a resolved clock time has an interval: {where}"
            assert _naive_dt(m.interval_start) == dt.datetime(*map(int, clock.groups())), where
            continue
        if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T(?:MO|MI|AF|EV|NI|DT)", m.value):
            assert m.grain == "part_of_day", f"grain should be part_of_day: {where}"
            continue
        bounds = _bounds(m.value)
        if bounds is None:
            continue
        grain, start, end = bounds
        assert m.grain == grain, f"grain should be {grain}: {where}"
        assert m.interval_start is not None, f"a resolved calendar value has an interval: {where}"
        assert (_naive_dt(m.interval_start), _naive_dt(m.interval_end)) == (start, end), (
            f"interval should be {start} .. {end}: {where}"
        )


@settings(max_examples=150, deadline=None)
@given(text=st.text(max_size=300), published=publications)
def test_arbitrary_text_gives_well_formed_mentions(text, published):
    assert_well_formed(text, tag_times(text, published))


@settings(max_examples=250, deadline=None)
@given(text=news_like_text, published=publications)
def test_news_like_text_gives_well_formed_mentions(text, published):
    assert_well_formed(text, tag_times(text, published))


@settings(max_examples=150, deadline=None)
@given(text=news_like_text, published=publications)
def test_news_like_intervals_agree_with_values(text, published):
    assert_interval_agrees_with_value(text, tag_times(text, published))


@settings(max_examples=50, deadline=None)
@given(text=news_like_text, published=publications)
def test_tagging_is_deterministic(text, published):
    assert tag_times(text, published) == tag_times(text, published)


@settings(max_examples=100, deadline=None)
@given(text=news_like_text, published=publications, count=st.integers(min_value=1, max_value=60))
def test_letters_whose_lower_case_is_longer_shift_nothing(text, published, count):
    # "İstanbul".lower() is one character longer than "İstanbul": offsets must not drift after it.
    # The prefix is a sentence of its own, so that the text's first word still opens a sentence
    # (a capitalised "May" is the modal there and the month inside a sentence).
    prefix = "İzmir. " * count
    shifted = tag_times(prefix + " " + text, published)
    plain = tag_times(text, published)
    moved = len(prefix) + 1
    assert [(m.start - moved, m.end - moved, m.value) for m in shifted if m.start >= moved] == \
        [(m.start, m.end, m.value) for m in plain]
