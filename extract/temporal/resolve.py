"""Resolution: pure calendar maths from an underspecified value to a TIMEX3 value.

:func:`resolve` takes the ``spec`` a rule produced and a :class:`Context` (the
anchor day, the tense of the clause, the running reference time) and returns
a :class:`Resolved` value with its grain, its interval (end exclusive) and a
sentence saying how it was computed.  Nothing here reads the clock or the
text: every input is an argument, so every case is a unit test.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

PAST, PRESENT, FUTURE = "past", "present", "future"
#: A plan, promise or agreement reported in the past ("agreed to buy ... in February"): the
#: planned day may lie before or after publication, so the nearest reading wins.
PROSPECTIVE = "prospective"
#: A day or period that has come by publication, however long ago: a past event named by its date
#: ("the Oct. 7 attack") or a period reported on ("figures for April").
OCCURRED = "occurred"

PART_HOURS = {"MO": (6, 12), "MI": (11, 13), "AF": (12, 18), "EV": (18, 22), "NI": (21, 30)}
PART_NAMES = {"MO": "morning", "MI": "midday", "AF": "afternoon", "EV": "evening", "NI": "night"}
SEASON_MONTHS = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
SEASON_NAMES = {"SP": "spring", "SU": "summer", "FA": "autumn", "WI": "winter"}
WEEKDAY_NAMES = ("", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
UNIT_NAMES = {"D": "day", "W": "week", "WE": "weekend", "FN": "fortnight", "M": "month",
              "Q": "quarter", "Y": "year", "DE": "decade", "CE": "century", "H": "hour",
              "MIN": "minute", "S": "second"}


class Unresolvable(ValueError):
    """The spec names no real calendar value (February 30th, a month 13)."""


@dataclass(frozen=True, kw_only=True)
class Context:
    """What a value is resolved against.

    ``anchor`` is the day the expression is relative to (the publication date,
    or the day a quotation was said) and ``anchor_name`` says which, in words.
    ``tense`` is the tense of the clause (past, present, future or None).
    ``reference`` is the last quarter, half, month or year the text mentioned, for
    expressions such as "a year earlier" or "the quarter"; ``narrative`` is the last
    calendar value of any grain from a day to a year, for "later that year" or "the
    following month".
    """

    anchor: dt.date
    anchor_name: str = "published"
    tense: str | None = None
    reference: Resolved | None = None
    narrative: Resolved | None = None


@dataclass(frozen=True, kw_only=True)
class Resolved:
    value: str
    grain: str | None
    start: dt.datetime | None
    end: dt.datetime | None
    how: str


# ---------------------------------------------------------------- calendar values
def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day)


def _add_months(year: int, month: int, n: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + n
    return index // 12, index % 12 + 1


def day_value(day: dt.date, how: str) -> Resolved:
    return Resolved(value=day.isoformat(), grain="day", start=_midnight(day),
                    end=_midnight(day + dt.timedelta(days=1)), how=how)


def part_value(day: dt.date, part: str, how: str) -> Resolved:
    first, last = PART_HOURS[part]
    start = _midnight(day)
    return Resolved(value=f"{day.isoformat()}T{part}", grain="part_of_day",
                    start=start + dt.timedelta(hours=first), end=start + dt.timedelta(hours=last), how=how)


def time_value(day: dt.date, hour: int, minute: int, how: str) -> Resolved:
    """A clock time; hour 24 is the midnight that ends ``day`` (TimeML writes it T24:00)."""
    start = _midnight(day) + dt.timedelta(hours=hour, minutes=minute)
    return Resolved(value=f"{day.isoformat()}T{hour:02d}:{minute:02d}", grain="time",
                    start=start, end=start + dt.timedelta(minutes=1), how=how)


def week_value(day: dt.date, how: str) -> Resolved:
    iso = day.isocalendar()
    monday = day - dt.timedelta(days=iso.weekday - 1)
    return Resolved(value=f"{iso.year}-W{iso.week:02d}", grain="week", start=_midnight(monday),
                    end=_midnight(monday + dt.timedelta(days=7)), how=how)


def weekend_value(day: dt.date, how: str) -> Resolved:
    iso = day.isocalendar()
    saturday = day - dt.timedelta(days=iso.weekday - 1) + dt.timedelta(days=5)
    return Resolved(value=f"{iso.year}-W{iso.week:02d}-WE", grain="weekend", start=_midnight(saturday),
                    end=_midnight(saturday + dt.timedelta(days=2)), how=how)


def month_value(year: int, month: int, how: str) -> Resolved:
    next_year, next_month = _add_months(year, month, 1)
    return Resolved(value=f"{year:04d}-{month:02d}", grain="month", start=dt.datetime(year, month, 1),
                    end=dt.datetime(next_year, next_month, 1), how=how)


def quarter_value(year: int, quarter: int, how: str) -> Resolved:
    start_month = 3 * (quarter - 1) + 1
    end_year, end_month = _add_months(year, start_month, 3)
    return Resolved(value=f"{year:04d}-Q{quarter}", grain="quarter", start=dt.datetime(year, start_month, 1),
                    end=dt.datetime(end_year, end_month, 1), how=how)


def half_value(year: int, half: int, how: str) -> Resolved:
    start_month = 1 if half == 1 else 7
    end_year, end_month = _add_months(year, start_month, 6)
    return Resolved(value=f"{year:04d}-H{half}", grain="half", start=dt.datetime(year, start_month, 1),
                    end=dt.datetime(end_year, end_month, 1), how=how)


def season_value(year: int, season: str, how: str) -> Resolved:
    start_month = SEASON_MONTHS[season]
    end_year, end_month = _add_months(year, start_month, 3)
    return Resolved(value=f"{year:04d}-{season}", grain="season", start=dt.datetime(year, start_month, 1),
                    end=dt.datetime(end_year, end_month, 1), how=how)


def year_value(year: int, how: str) -> Resolved:
    return Resolved(value=f"{year:04d}", grain="year", start=dt.datetime(year, 1, 1),
                    end=dt.datetime(year + 1, 1, 1), how=how)


def decade_value(first_year: int, how: str) -> Resolved:
    first_year -= first_year % 10
    return Resolved(value=f"{first_year // 10:03d}", grain="decade", start=dt.datetime(first_year, 1, 1),
                    end=dt.datetime(first_year + 10, 1, 1), how=how)


def century_value(first_year: int, how: str) -> Resolved:
    first_year -= first_year % 100
    return Resolved(value=f"{first_year // 100:02d}", grain="century", start=dt.datetime(first_year, 1, 1),
                    end=dt.datetime(min(first_year + 100, 9999), 1, 1), how=how)


def vague_value(value: str, how: str) -> Resolved:
    return Resolved(value=value, grain=None, start=None, end=None, how=how)


# ---------------------------------------------------------------- helpers
def _tense_words(tense: str | None) -> str:
    return {PAST: "past-tense clause", FUTURE: "future clause", PRESENT: "present-tense clause",
            PROSPECTIVE: "plan reported in the past",
            OCCURRED: "past event or reported period"}.get(tense, "no tense cue")


#: How far (in days) the tense may push a day without a year away from the nearest reading;
#: a month named in a past clause is always the last such month, however far.
TENSE_REACH_DAYS = 300


def _pick_year(candidates: dict[int, dt.date], anchor: dt.date, tense: str | None,
               reach: int = TENSE_REACH_DAYS) -> int:
    """Among candidate years (year -> first day of the period in that year), the one the tense fits.

    The nearest reading wins unless the tense points the other way and its
    reading is still within TENSE_REACH_DAYS ("in December" in a January article
    is last December; "Oct. 31" written on Oct. 27 stays this year whatever the verb).
    """
    nearest = min(candidates, key=lambda y: (abs((candidates[y] - anchor).days), candidates[y] > anchor))
    past = [y for y, d in candidates.items() if d <= anchor]
    future = [y for y, d in candidates.items() if d >= anchor]
    if tense == OCCURRED and past:
        return max(past)  # however far back: "the Oct. 7 attack" written in September
    if tense == PAST and past and (anchor - candidates[max(past)]).days <= reach:
        return max(past)
    if tense == FUTURE and future and (candidates[min(future)] - anchor).days <= reach:
        return min(future)
    return nearest


def _full_year(year: int, anchor: dt.date) -> int:
    if year >= 100:
        return year
    options = [c * 100 + year for c in (anchor.year // 100 - 1, anchor.year // 100, anchor.year // 100 + 1)]
    return min(options, key=lambda y: (abs(y - anchor.year), y > anchor.year))


def _safe_date(year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        raise Unresolvable(f"{year}-{month}-{day} is not a calendar day") from exc


# ---------------------------------------------------------------- operations
def _op_date(spec, ctx: Context) -> Resolved:
    month, day, year, rel = spec.get("month"), spec.get("day"), spec.get("year"), spec.get("rel")
    if not 1 <= int(month) <= 12:
        raise Unresolvable(f"month {month}")
    anchor = ctx.anchor
    if spec.get("year_shift") is not None:
        shifted = anchor.year + int(spec["year_shift"])
        how = f"of the year {int(spec['year_shift']):+d} from {ctx.anchor_name} {anchor}"
        if day is not None:  # "on Nov. 11 last year"
            return day_value(_safe_date(shifted, month, day), "day " + how)
        return month_value(shifted, month, "month " + how)
    if year is not None:
        year = _full_year(int(year), anchor)
        if day is None:
            return month_value(year, month, "explicit month and year")
        return day_value(_safe_date(year, month, day), "explicit date")
    if day is not None and not 1 <= day <= 31:
        raise Unresolvable(f"day {day}")
    years = range(anchor.year - 1, anchor.year + 2)
    if day is None:
        starts = {y: dt.date(y, month, 1) for y in years}
        current = dt.date(anchor.year, anchor.month, 1)
        if rel == -1 and spec.get("skip_last_month") and month == anchor.month - 1:
            # The month just ended would be "last month": "last February" written in March is the
            # February of the year before. (Not across New Year: "last December" in January is
            # also the December of "last year", the one just ended.)
            chosen, why = anchor.year - 1, "'last' with the month just ended (that would be 'last month'): a year before"
        elif rel == -1:
            chosen = max(y for y, d in starts.items() if d < current)
            why = "the last such month before"
        elif rel == 1:
            chosen = min(y for y, d in starts.items() if d > current)
            why = "the next such month after"
        elif rel == 0:
            chosen, why = anchor.year, "the same year as"
        elif ctx.tense == PAST and month == anchor.month % 12 + 1 and month != 1:
            # The month right after publication's, in a past clause: a plan or a schedule reported
            # ("notified customers of a cutback in September", written in August); the same month
            # of last year would be "last September". (January after a December article is left to
            # the past: year-end reviews name the months of the year that ends.)
            chosen, why = anchor.year, "in a past clause, the month right after that of"
        else:
            chosen = _pick_year(starts, current, ctx.tense, reach=366)
            why = f"the year that fits the {_tense_words(ctx.tense)} against"
        return month_value(chosen, month, f"month without a year: {why} {ctx.anchor_name} {anchor}")
    starts = {}
    for y in years:
        try:
            starts[y] = dt.date(y, month, day)
        except ValueError:
            continue
    if not starts:
        raise Unresolvable(f"{month}-{day} is in no year")
    chosen = _pick_year(starts, anchor, ctx.tense)
    return day_value(starts[chosen], f"day without a year: the year that fits the {_tense_words(ctx.tense)} "
                                     f"against {ctx.anchor_name} {anchor}")


def _op_year(spec, ctx: Context) -> Resolved:
    year = _full_year(int(spec["year"]), ctx.anchor)
    return year_value(year, "explicit year")


def _op_decade(spec, ctx: Context) -> Resolved:
    return decade_value(int(spec["decade"]), "explicit decade")


def _op_century(spec, ctx: Context) -> Resolved:
    return century_value((int(spec["century"]) - 1) * 100, "explicit century")


def _weekday_date(weekday: int, ctx: Context, rel) -> tuple[dt.date, str]:
    anchor = ctx.anchor
    back = (anchor.isoweekday() - weekday) % 7
    ahead = (weekday - anchor.isoweekday()) % 7
    name = WEEKDAY_NAMES[weekday]
    if rel == -1:
        back = back or 7
        return anchor - dt.timedelta(days=back), f"'last {name}': the {name} before {ctx.anchor_name} {anchor}"
    if rel == 1:
        ahead = ahead or 7
        return anchor + dt.timedelta(days=ahead), f"'next {name}': the {name} after {ctx.anchor_name} {anchor}"
    if rel == 0:
        monday = anchor - dt.timedelta(days=anchor.isoweekday() - 1)
        return monday + dt.timedelta(days=weekday - 1), f"'this {name}': the {name} of the week of {anchor}"
    if ctx.tense == FUTURE:
        return anchor + dt.timedelta(days=ahead), (
            f"{name} in a future clause: the next {name} from {ctx.anchor_name} {anchor}")
    if ctx.tense in (PAST, OCCURRED) or back <= ahead:
        return anchor - dt.timedelta(days=back), (
            f"{name} in a {_tense_words(ctx.tense)}: the most recent {name} up to {ctx.anchor_name} {anchor}")
    return anchor + dt.timedelta(days=ahead), (
        f"{name} with {_tense_words(ctx.tense)}: the nearest {name} to {ctx.anchor_name} {anchor}")


def _op_weekday(spec, ctx: Context) -> Resolved:
    if spec.get("week") is not None:  # "Friday next week", "on Tuesday last week": that day of that week
        week = int(spec["week"])
        monday = ctx.anchor - dt.timedelta(days=ctx.anchor.isoweekday() - 1) + dt.timedelta(weeks=week)
        day = monday + dt.timedelta(days=int(spec["weekday"]) - 1)
        how = f"{WEEKDAY_NAMES[int(spec['weekday'])]} of the week {week:+d} from {ctx.anchor_name} {ctx.anchor}"
        return part_value(day, spec["part"], how) if spec.get("part") else day_value(day, how)
    day, how = _weekday_date(int(spec["weekday"]), ctx, spec.get("rel"))
    if spec.get("part"):
        return part_value(day, spec["part"], how)
    return day_value(day, how)


def _vague_direction(n) -> Resolved:
    text = str(n)
    return vague_value("PAST_REF" if text.startswith("-") else "FUTURE_REF",
                       "an unspecified number of units " + ("back" if text.startswith("-") else "ahead"))


def shift(anchor: dt.date, unit: str, n: int, how: str) -> Resolved:
    """The period of ``unit`` that lies ``n`` units from the one holding ``anchor``."""
    if unit in ("D", "H", "MIN", "S"):
        if unit != "D":
            n = 0 if abs(n) < 24 * (1 if unit == "H" else 60) else n // 24
        return day_value(anchor + dt.timedelta(days=n), how)
    if unit in ("W", "FN"):
        return week_value(anchor + dt.timedelta(weeks=n * (2 if unit == "FN" else 1)), how)
    if unit == "WE":
        return weekend_value(anchor + dt.timedelta(weeks=n), how)
    if unit == "M":
        year, month = _add_months(anchor.year, anchor.month, n)
        return month_value(year, month, how)
    if unit == "Q":
        quarter = (anchor.month - 1) // 3
        index = anchor.year * 4 + quarter + n
        return quarter_value(index // 4, index % 4 + 1, how)
    if unit == "Y":
        return year_value(anchor.year + n, how)
    if unit == "DE":
        return decade_value(anchor.year + 10 * n, how)
    if unit == "CE":
        return century_value(anchor.year + 100 * n, how)
    raise Unresolvable(f"unit {unit}")


def _op_shift(spec, ctx: Context) -> Resolved:
    unit, n = spec["unit"], spec.get("n")
    if n is None:
        n = 0
    if isinstance(n, str):
        return _vague_direction(n)
    if isinstance(n, float):
        n = round(n)
    name = UNIT_NAMES.get(unit, unit)
    if n == 0:
        how = f"the {name} of {ctx.anchor_name} {ctx.anchor}"
    else:
        how = f"{abs(n)} {name}{'s' if abs(n) != 1 else ''} {'before' if n < 0 else 'after'} " \
              f"{ctx.anchor_name} {ctx.anchor}"
    out = shift(ctx.anchor, unit, int(n), how)
    if spec.get("part"):
        return part_value(out.start.date(), spec["part"], how + f", {PART_NAMES[spec['part']]}")
    return out


def _op_reference(spec, ctx: Context) -> Resolved:
    """'a year earlier', 'the quarter': relative to the period last mentioned."""
    years = int(spec.get("shift", 0))
    ref = ctx.reference
    if spec.get("unit") == "Q" and ref is not None and ref.grain in ("month", "quarter") and ref.start is not None:
        start = ref.start.date()
        year = _full_year(int(spec["year"]), ctx.anchor) if spec.get("year") else start.year + years
        return quarter_value(year, (start.month - 1) // 3 + 1,
                             f"the quarter of {ref.value}, the period last mentioned")
    if spec.get("unit") == "Q":
        last_full = shift(ctx.anchor, "Q", -1, "")
        year = _full_year(int(spec["year"]), ctx.anchor) if spec.get("year") else last_full.start.year + years
        return quarter_value(year, (last_full.start.month - 1) // 3 + 1,
                             f"the last full quarter before {ctx.anchor_name} {ctx.anchor}, in {year}")
    if spec.get("unit") != "Q" and ref is not None and ref.grain in ("quarter", "half") and ref.start is not None:
        start = ref.start.date()
        year = start.year + years
        how = f"{'the same' if not years else f'{abs(years)} year(s) before the'} {ref.grain} as {ref.value}, " \
              f"the period last mentioned"
        if ref.grain == "quarter":
            return quarter_value(year, (start.month - 1) // 3 + 1, how)
        if ref.grain == "half":
            return half_value(year, 1 if start.month < 7 else 2, how)
        if ref.grain == "month":
            return month_value(year, start.month, how)
        return year_value(year, how)
    return shift(ctx.anchor, "Y", years, f"{abs(years)} year(s) before {ctx.anchor_name} {ctx.anchor}")


#: How coarse a grain is: a value of one rank can be counted in units of the same or a coarser rank.
_GRAIN_RANK = {"time": 0, "part_of_day": 0, "day": 0, "weekend": 1, "week": 1, "month": 2, "quarter": 3,
               "half": 3, "season": 3, "year": 4}
_UNIT_RANK = {"D": 0, "W": 1, "M": 2, "Q": 3, "Y": 4, "DE": 5, "CE": 6}


def _unknown_within(ref: Resolved, unit: str) -> str:
    """A value of ``unit`` known only to lie in ``ref``'s period: "1998-10-XX" for a day of October 1998."""
    start = ref.start
    if unit == "D":
        return f"{start.year:04d}-{start.month:02d}-XX" if ref.grain == "month" else f"{start.year:04d}-XX-XX"
    if unit == "W":
        return f"{start.year:04d}-WXX"
    if unit == "Q":
        return f"{start.year:04d}-QX"
    return f"{start.year:04d}-XX"


def _op_anaphor(spec, ctx: Context) -> Resolved:
    """'later that year', 'the following month', 'the previous Friday': counted from the date last
    mentioned (the narrative's own time), or from the anchor when the text has named none, or (with
    ``coarse: anchor``, "in the morning") when the date last mentioned is coarser than the unit."""
    ref = ctx.narrative
    unit = spec.get("unit") or "D"
    if unit not in _UNIT_RANK:
        raise Unresolvable(f"unit {unit}")
    if spec.get("require") == "narrative" and (ref is None or ref.start is None or ref.grain not in _GRAIN_RANK
                                               or _GRAIN_RANK[ref.grain] > _UNIT_RANK[unit]):
        raise Unresolvable("no day named near it to count from")  # "during the night": which night?
    if ref is None or ref.start is None or ref.grain not in _GRAIN_RANK or (
            spec.get("coarse") == "anchor" and _GRAIN_RANK[ref.grain] > _UNIT_RANK[unit]):
        day, rank, named = ctx.anchor, 0, f"{ctx.anchor_name} {ctx.anchor}"
    else:
        day, rank, named = ref.start.date(), _GRAIN_RANK[ref.grain], f"{ref.value}, the date last mentioned"
    n = spec.get("n") or 0
    if isinstance(n, str) and "X" in n:
        return _vague_direction(n)  # "a few days later": some days on, how many unknown
    n = int(n)
    if spec.get("weekday"):
        if rank:
            day, named = ctx.anchor, f"{ctx.anchor_name} {ctx.anchor}"
        weekday = int(spec["weekday"])
        if n < 0:
            back = (day.isoweekday() - weekday) % 7 or 7
            found = day - dt.timedelta(days=back)
        else:
            ahead = (weekday - day.isoweekday()) % 7 or 7
            found = day + dt.timedelta(days=ahead)
        return day_value(found, f"the {WEEKDAY_NAMES[weekday]} {'before' if n < 0 else 'after'} {named}")
    name = UNIT_NAMES[unit]
    if n == 0:
        how = f"the same {name} as {named}"
    else:
        how = f"the {name} {'before' if n < 0 else 'after'} {named}" if abs(n) == 1 else \
            f"{abs(n)} {name}s {'before' if n < 0 else 'after'} {named}"
    if rank > _UNIT_RANK[unit]:
        return vague_value(_unknown_within(ref, unit), f"{how}: a {name} of {ref.value}, which one unknown")
    out = shift(day, unit, n, how)
    if spec.get("part"):
        return part_value(out.start.date(), spec["part"], how + f", {PART_NAMES[spec['part']]}")
    return out


def _op_quarter(spec, ctx: Context) -> Resolved:
    # A quarter is named by its number, or by its first month ("the January-March quarter").
    quarter = int(spec["q"]) if spec.get("q") is not None else (int(spec["month"]) - 1) // 3 + 1
    if not 1 <= quarter <= 4:
        raise Unresolvable(f"quarter {quarter}")
    if spec.get("year") is not None:
        return quarter_value(_full_year(int(spec["year"]), ctx.anchor), quarter, "explicit quarter and year")
    if spec.get("year_shift") is not None:
        return quarter_value(ctx.anchor.year + int(spec["year_shift"]), quarter,
                             f"quarter of the year {int(spec['year_shift']):+d} from {ctx.anchor_name} {ctx.anchor}")
    anchor_quarter = (ctx.anchor.month - 1) // 3 + 1
    year = ctx.anchor.year
    if ctx.tense in (PAST, OCCURRED) and quarter > anchor_quarter:
        year -= 1
        how = f"a quarter later in the year than {ctx.anchor_name} {ctx.anchor}, in a past clause: the year before"
    else:
        how = f"quarter without a year: the year of {ctx.anchor_name} {ctx.anchor}"
    return quarter_value(year, quarter, how)


def _op_half(spec, ctx: Context) -> Resolved:
    half = 2 if spec["h"] == "last" else int(spec["h"])
    if spec.get("year") is not None:
        return half_value(_full_year(int(spec["year"]), ctx.anchor), half, "explicit half and year")
    if spec.get("year_shift") is not None:
        return half_value(ctx.anchor.year + int(spec["year_shift"]), half,
                          f"half of the year {int(spec['year_shift']):+d} from {ctx.anchor_name} {ctx.anchor}")
    anchor_half = 1 if ctx.anchor.month < 7 else 2
    year = ctx.anchor.year - (half > anchor_half and ctx.tense != FUTURE)
    return half_value(year, half, f"half year of {ctx.anchor_name} {ctx.anchor}")


def _season_of(day: dt.date) -> tuple[int, str]:
    for code, month in sorted(SEASON_MONTHS.items(), key=lambda kv: -kv[1]):
        if day.month >= month:
            return day.year, code
    return day.year - 1, "WI"


def _op_season(spec, ctx: Context) -> Resolved:
    season = spec["season"]
    if spec.get("year") is not None:
        return season_value(_full_year(int(spec["year"]), ctx.anchor), season, "explicit season and year")
    rel = spec.get("rel")
    starts = {y: dt.date(y, SEASON_MONTHS[season], 1) for y in range(ctx.anchor.year - 1, ctx.anchor.year + 2)}
    current_year, current_season = _season_of(ctx.anchor)
    current = dt.date(current_year, SEASON_MONTHS[current_season], 1)
    name = SEASON_NAMES[season]
    if rel == -1:
        year = max(y for y, d in starts.items() if d < current)
        how = f"'last {name}': the {name} before the current season of {ctx.anchor}"
    elif rel == 1:
        year = min(y for y, d in starts.items() if d > current)
        how = f"'next {name}': the {name} after the current season of {ctx.anchor}"
    elif rel == 0:
        year = ctx.anchor.year - 1 if season == "WI" and ctx.anchor.month <= 2 else ctx.anchor.year
        how = f"'this {name}': the {name} of {ctx.anchor.year}"
    else:
        year = _pick_year(starts, current, ctx.tense)
        how = f"{name} in a {_tense_words(ctx.tense)} against {ctx.anchor_name} {ctx.anchor}"
    return season_value(year, season, how)


def _op_weekend(spec, ctx: Context) -> Resolved:
    """'the weekend': the one just past in a past clause, the next one in a future clause."""
    rel = spec.get("rel")
    anchor = ctx.anchor
    weekday = anchor.isoweekday()
    if weekday >= 6:
        current = anchor
    elif rel == -1 or (rel is None and ctx.tense != FUTURE):
        current = anchor - dt.timedelta(days=weekday)  # the Sunday before
    else:
        current = anchor + dt.timedelta(days=6 - weekday)  # the Saturday after
    if rel == 1 and weekday >= 6:
        current = anchor + dt.timedelta(days=7)
    elif rel == -1 and weekday >= 6:
        current = anchor - dt.timedelta(days=7)  # on a weekend, "last weekend" is the one before: this one is "this weekend"
    return weekend_value(current, f"the weekend that fits the {_tense_words(ctx.tense)} around {ctx.anchor_name} {anchor}")


_FIXED_HOLIDAYS = {"christmas": (12, 25), "christmas eve": (12, 24), "christmas day": (12, 25),
                   "new year's": (1, 1), "new year's day": (1, 1), "new year's eve": (12, 31),
                   "independence day": (7, 4), "halloween": (10, 31), "valentine's day": (2, 14),
                   "boxing day": (12, 26), "international women's day": (3, 8), "women's day": (3, 8),
                   "may day": (5, 1), "bastille day": (7, 14), "armistice day": (11, 11),
                   "remembrance day": (11, 11), "veterans day": (11, 11), "st patrick's day": (3, 17),
                   "st. patrick's day": (3, 17), "juneteenth": (6, 19), "anzac day": (4, 25),
                   "australia day": (1, 26), "canada day": (7, 1), "hogmanay": (12, 31),
                   "all saints' day": (11, 1), "bonfire night": (11, 5), "guy fawkes night": (11, 5)}


def easter_sunday(year: int) -> dt.date:
    """Western Easter Sunday (the Gregorian computus, as in Meeus' "Astronomical Algorithms")."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l = (32 + 2 * e + 2 * i - h - k) % 7  # l: the computus' own name
    m = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


#: Feasts that move with Easter: days after Easter Sunday.
_EASTER_OFFSETS = {"easter": 0, "easter sunday": 0, "good friday": -2, "easter monday": 1, "palm sunday": -7,
                   "ash wednesday": -46, "maundy thursday": -3, "holy thursday": -3, "holy saturday": -1,
                   "ascension day": 39, "pentecost": 49, "pentecost sunday": 49, "whit sunday": 49,
                   "whitsunday": 49, "whitsun": 49, "whit monday": 50}
#: Days fixed as the n-th weekday of a month (US): name -> (month, ISO weekday, n).
_NTH_WEEKDAY = {"thanksgiving": (11, 4, 4), "thanksgiving day": (11, 4, 4), "labor day": (9, 1, 1),
                "martin luther king day": (1, 1, 3), "martin luther king jr. day": (1, 1, 3),
                "martin luther king jr day": (1, 1, 3), "mlk day": (1, 1, 3), "presidents' day": (2, 1, 3),
                "presidents day": (2, 1, 3), "president's day": (2, 1, 3), "columbus day": (10, 1, 2)}
#: Shopping days counted from US Thanksgiving.
_AFTER_THANKSGIVING = {"black friday": 1, "cyber monday": 4}


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    first = dt.date(year, month, 1)
    return first + dt.timedelta(days=(weekday - first.isoweekday()) % 7, weeks=n - 1)


def _holiday_in(name: str, year: int) -> dt.date:
    if name in _NTH_WEEKDAY:
        return _nth_weekday(year, *_NTH_WEEKDAY[name])
    if name in _AFTER_THANKSGIVING:
        return _nth_weekday(year, 11, 4, 4) + dt.timedelta(days=_AFTER_THANKSGIVING[name])
    if name == "election day":  # US: the Tuesday after the first Monday of November
        return _nth_weekday(year, 11, 1, 1) + dt.timedelta(days=1)
    if name == "memorial day":  # US: the last Monday of May
        last = dt.date(year, 5, 31)
        return last - dt.timedelta(days=(last.isoweekday() - 1) % 7)
    if name in _EASTER_OFFSETS:
        return easter_sunday(year) + dt.timedelta(days=_EASTER_OFFSETS[name])
    month, day = _FIXED_HOLIDAYS[name]
    return dt.date(year, month, day)


def _weekend_nearest(day: dt.date, resolved: Resolved) -> Resolved:
    """The weekend a feast gives its name to: its own when it falls on one, else the nearest (the
    one after on a tie): Thanksgiving's follows it, a Monday holiday's and a Christmas on Monday's
    come before."""
    weekday = day.isoweekday()
    if weekday in (1, 2):  # Monday, Tuesday: the Sunday before is nearer than the Saturday after
        day -= dt.timedelta(days=weekday)
        where = "the weekend before"
    else:
        where = "the weekend of" if weekday >= 6 else "the weekend after"
    return weekend_value(day, f"{where} {resolved.value} ({resolved.how})")


def _op_holiday(spec, ctx: Context) -> Resolved:
    name = re.sub(r"\s+", " ", str(spec["holiday"]).lower().replace("’", "'"))
    candidates = {y: _holiday_in(name, y) for y in range(ctx.anchor.year - 1, ctx.anchor.year + 2)}
    rel = spec.get("rel")
    if rel == -1:
        year = max(y for y, d in candidates.items() if d < ctx.anchor)
    elif rel == 1:
        year = min(y for y, d in candidates.items() if d > ctx.anchor)
    elif rel == 0:
        year = ctx.anchor.year
    else:
        year = _pick_year(candidates, ctx.anchor, ctx.tense)
    return day_value(candidates[year], f"{spec['holiday']} in the year that fits the {_tense_words(ctx.tense)}")


def _op_new_year(spec, ctx: Context) -> Resolved:
    """'in the new year': written in November or December, the year about to begin; else the year
    that has begun."""
    anchor = ctx.anchor
    if anchor.month >= 11:
        return year_value(anchor.year + 1, f"the year after that of {ctx.anchor_name} {anchor}, "
                                           "written at the end of a year")
    return year_value(anchor.year, f"the year of {ctx.anchor_name} {anchor}, a year under way")


def _op_time(spec, ctx: Context) -> Resolved:
    hour = int(spec["hour"])
    minute = int(spec.get("minute") or 0)
    part = spec.get("part")
    if (spec.get("ampm") == "pm" or part in ("AF", "EV") or (part == "NI" and hour >= 6)) and hour < 12:
        hour += 12  # "3 in the afternoon", "9 at night" (but "2 at night" is 02:00)
    elif spec.get("ampm") == "am" and hour == 12:
        hour = 0
    if hour > 24 or (hour == 24 and minute):
        raise Unresolvable(f"hour {hour}")
    if spec.get("month"):
        day = _op_date({"month": spec["month"], "day": spec["dayofmonth"], "year": spec.get("year")},
                       ctx).start.date()
        how = f"clock time on {day}"
    elif spec.get("weekday"):
        day, how = _weekday_date(int(spec["weekday"]), ctx, None)
    elif spec.get("day") is not None:
        day = ctx.anchor + dt.timedelta(days=int(spec["day"]))
        how = f"{int(spec['day']):+d} day(s) from {ctx.anchor_name} {ctx.anchor}"
    else:
        day, how = ctx.anchor, f"clock time on the day of {ctx.anchor_name} {ctx.anchor}"
    return time_value(day, hour, minute, how)


def duration_value(n, unit: str) -> str:
    """TimeML duration: ``(3, 'D') -> 'P3D'``, ``('X', 'W') -> 'PXW'``, ``(2, 'H') -> 'PT2H'``."""
    if isinstance(n, str) and n.lstrip("-") == "X":
        amount = "X"
    else:
        amount = abs(n)
        if unit == "DE":
            amount, unit = amount * 10, "Y"
        elif unit == "CE":
            amount, unit = amount * 100, "Y"
        elif unit == "FN":
            amount, unit = amount * 2, "W"
        if isinstance(amount, float):
            amount = int(amount) if amount.is_integer() else amount
    if unit in ("H", "MIN", "S"):
        return f"PT{amount}{'M' if unit == 'MIN' else unit}"
    if unit == "FN":
        unit = "W"
    return f"P{amount}{unit}"


#: "and a half" of a unit, written in the next smaller unit.
_HALF_OF = {"Y": "6M", "M": "15D", "W": "3DT12H", "D": "T12H", "H": "30M", "MIN": "30S"}


def _op_duration(spec, ctx: Context) -> Resolved:
    amount = "X" if spec.get("range") else spec.get("n", "X")  # "12 to 18 months": a vague length
    value = duration_value(amount, spec["unit"])
    half = _HALF_OF.get(spec["unit"])
    if spec.get("half") and half and "X" not in value:
        if "T" in value and half.startswith("T"):
            half = half[1:]
        value += half
    return vague_value(value, "a length of time, not a date")


def _op_set(spec, ctx: Context) -> Resolved:
    if spec.get("season"):
        return vague_value(f"XXXX-{spec['season']}", "a repeated season")
    if spec.get("weekday"):
        part = f"T{spec['part']}" if spec.get("part") else ""
        return vague_value(f"XXXX-WXX-{int(spec['weekday'])}{part}", "a repeated weekday")
    if spec.get("month"):
        return vague_value(f"XXXX-{int(spec['month']):02d}", "a repeated month")
    if spec.get("part"):
        return vague_value(f"XXXX-XX-XXT{spec['part']}", "a repeated part of the day")
    n = spec.get("n") or (2 if spec.get("other") else 1)  # "every other week"
    if spec.get("unit") == "WE" and n == 1:
        return vague_value("XXXX-WXX-WE", "a repeated weekend")  # "at weekends", "every weekend"
    return vague_value(duration_value(n, spec["unit"]), "a repeated period")


def _op_ref(spec, ctx: Context) -> Resolved:
    if spec.get("past") == "none" and ctx.tense == PAST:
        raise Unresolvable(f"{spec['value']} next to a past verb: relative to the narrative, not to {ctx.anchor_name}")
    return vague_value(spec["value"], "a vague reference to " + {
        "PAST_REF": "the past", "PRESENT_REF": "the present", "FUTURE_REF": "the future"}[spec["value"]])


OPERATIONS = {
    "date": _op_date, "year": _op_year, "decade": _op_decade, "century": _op_century,
    "weekday": _op_weekday, "shift": _op_shift, "reference": _op_reference, "quarter": _op_quarter,
    "half": _op_half, "season": _op_season, "time": _op_time, "duration": _op_duration,
    "set": _op_set, "ref": _op_ref, "weekend": _op_weekend, "holiday": _op_holiday, "anaphor": _op_anaphor,
    "new_year": _op_new_year,
}

#: Operations whose value depends on the anchor (so on the time a quotation was said).
DEICTIC_OPERATIONS = frozenset({"date", "weekday", "shift", "quarter", "half", "season", "time", "weekend",
                                "holiday", "new_year"})


def resolve(spec: dict, ctx: Context) -> Resolved:
    """The calendar value of ``spec`` in ``ctx``; raises :class:`Unresolvable`."""
    try:
        operation = OPERATIONS[spec["op"]]
    except KeyError as exc:
        raise Unresolvable(f"unknown operation {spec.get('op')!r}") from exc
    try:
        resolved = operation(spec, ctx)
        weeks = spec.get("weeks")
        if weeks and resolved.grain == "day":  # "Sunday week", "a week from Tuesday", "two weeks from today"
            day = resolved.start.date() + dt.timedelta(weeks=int(weeks))
            resolved = day_value(day, f"{int(weeks):+d} week(s) from {resolved.value} ({resolved.how})")
        years = spec.get("years")
        if years and resolved.grain == "day":  # "this time last year": the same day of another year
            day = resolved.start.date()
            year = day.year + int(years)
            leap_day_lost = (day.month, day.day) == (2, 29) and not calendar.isleap(year)
            moved = dt.date(year, 2, 28) if leap_day_lost else day.replace(year=year)
            resolved = day_value(moved, f"the same day {int(years):+d} year(s) from {resolved.value} ({resolved.how})")
        offset = spec.get("offset")
        if offset and resolved.grain == "day":  # "the day before last Tuesday"
            day = resolved.start.date() + dt.timedelta(days=-1 if offset == "before" else 1)
            return day_value(day, f"the day {offset} {resolved.value} ({resolved.how})")
        if spec.get("grain") == "week" and resolved.grain == "day":  # "the week of March 6"
            return week_value(resolved.start.date(), f"the week holding {resolved.value} ({resolved.how})")
        if spec.get("grain") == "weekend" and resolved.grain == "day":  # "the Easter weekend"
            return _weekend_nearest(resolved.start.date(), resolved)
        return resolved
    except (OverflowError, ValueError, TypeError, KeyError) as exc:
        if isinstance(exc, Unresolvable):
            raise
        raise Unresolvable(str(exc)) from exc


__all__ = ["Context", "Resolved", "Unresolvable", "duration_value", "resolve", "shift"]
