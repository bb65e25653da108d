"""``tag_times``: recognise, read the context, resolve, in that order."""

from __future__ import annotations

import bisect
import datetime as dt
import re

from extract.errors import PublishedDateError
from extract.records import TimeMention
from extract.temporal.context import TenseReader, quote_frames, speech_pattern
from extract.temporal.recognize import Recognised, recognise
from extract.temporal.resolve import DEICTIC_OPERATIONS, Context, Resolved, Unresolvable, day_value, resolve, time_value

#: Grains that "a year earlier" or "the quarter" can refer back to.
_REFERENCE_GRAINS = frozenset({"quarter", "half", "month", "year"})
#: Operations that set the running reference time when they resolve.
_REFERENCE_SETTERS = frozenset({"date", "quarter", "half", "year", "shift"})
#: Grains of a value that "later that year" or "the following month" can count from.
_NARRATIVE_GRAINS = frozenset({"time", "part_of_day", "day", "weekend", "week", "month", "quarter", "half",
                               "season", "year"})
#: Grains of a value that can date a quotation.
_SPEECH_GRAINS = frozenset({"day", "part_of_day", "time"})


def as_anchor_date(published) -> dt.date:
    """The day of ``published``; anything but a date or datetime is a PublishedDateError."""
    if isinstance(published, dt.datetime):
        return published.date()
    if isinstance(published, dt.date):
        return published
    raise PublishedDateError(
        f"publication date {published!r} is not a date: pass a datetime.date or datetime.datetime"
    )


def _needs_tense(found: Recognised) -> bool:
    spec = found.spec
    op = spec["op"]
    if op == "date":
        return spec.get("year") is None and spec.get("rel") is None
    if op in ("weekday", "time"):
        return spec.get("rel") is None
    return op in ("quarter", "half", "season", "weekend", "holiday")


def _names_a_day(found: Recognised) -> bool:
    """A weekday or a day of a month, not a longer period ("from Monday", not "from March")."""
    spec = found.spec
    op = spec["op"]
    return (op == "weekday" or (op == "date" and spec.get("day") is not None)
            or (op == "time" and bool(spec.get("weekday") or spec.get("dayofmonth"))))


def _resolve_one(reader: TenseReader, found: Recognised, anchor: dt.date, anchor_name: str,
                 reference: Resolved | None, narrative: Resolved | None = None) -> Resolved | None:
    if found.spec.get("tense") == "adjacent":
        tense = reader.adjacent_tense(found.start, found.end)
    else:
        tense = reader.tense(found.start, found.end, _names_a_day(found)) if _needs_tense(found) else None
    ctx = Context(anchor=anchor, anchor_name=anchor_name, tense=tense, reference=reference, narrative=narrative)
    try:
        return resolve(found.spec, ctx)
    except Unresolvable:
        return None


def _near_narrative(reader: TenseReader, found: Recognised, narrative: Resolved | None,
                    narrative_start: int | None) -> Resolved | None:
    """The date last mentioned, for an anaphor; with ``near: sentence`` only if it was named in the
    expression's sentence or the one before ("closed lower Friday. ... overnight losses"), since
    further back the narrative may have moved on."""
    if narrative is None or found.spec.get("near") != "sentence":
        return narrative
    left, _ = reader.sentence(found.start, found.end)
    before = left  # the end of the sentence before, past any blank line
    while before > 0 and reader.text[before - 1].isspace():
        before -= 1
    if before > 0:
        left, _ = reader.sentence(before - 1, before - 1)
    return narrative if narrative_start is not None and narrative_start >= left else None


def _mention(found: Recognised, resolved: Resolved, anchor_text: str) -> TimeMention:
    mention_type = found.type
    if resolved.grain in ("part_of_day", "time"):
        mention_type = "TIME"
    elif mention_type == "TIME":
        mention_type = "DATE"
    return TimeMention(
        start=found.start,
        end=found.end,
        text=found.text,
        type=mention_type,
        value=resolved.value,
        grain=resolved.grain,
        interval_start=resolved.start,
        interval_end=resolved.end,
        rule=found.rule,
        anchor=anchor_text if found.spec["op"] in DEICTIC_OPERATIONS or found.spec["op"] == "anaphor" else "explicit",
        reason=resolved.how,
    )


_DAY_GRAINS = frozenset({"day", "part_of_day"})


def _is_bare_clock(found: Recognised) -> bool:
    """A clock time that names no day of its own ("at 10 p.m.", not "9 a.m. Tuesday")."""
    spec = found.spec
    return spec["op"] == "time" and not spec.get("month") and not spec.get("weekday") and spec.get("day") is None


def _is_editorial(text: str, found: Recognised) -> bool:
    """An editor's bracketed insertion ("[today]") speaks for the publication date."""
    return found.start > 0 and text[found.start - 1] == "[" and text[found.end:found.end + 1] == "]"


#: Between the two clock times of a range: "from 10pm to 6am", "between 11pm and 5am".
_RANGE_JOIN = re.compile(r"\s*(?:to|until|till|and|[-–])\s*\Z")
#: Before the first clock time of a range.
_RANGE_OPEN = re.compile(r"\b(?:from|between)\s+\Z", re.IGNORECASE)


def _joins_range(text: str, first: Recognised, item: Recognised) -> bool:
    """Whether ``first`` opens a range that ``item`` ends: "from Monday to Wednesday", "between
    Friday and Sunday"."""
    return (_RANGE_JOIN.match(text, first.end, item.start) is not None
            and _RANGE_OPEN.search(text, max(0, first.start - 9), first.start) is not None)


def _ends_clock_range(text: str, opened: tuple[Recognised, Resolved], item: Recognised, value: Resolved) -> bool:
    """Whether ``item`` (a bare clock time) ends a range that ``opened`` began on the same day at a later
    hour ("a curfew from 10pm to 6am"): a range runs forward, so its end falls on the next day."""
    first, first_value = opened
    return (value.grain == "time" and first_value.start.date() == value.start.date()
            and value.start < first_value.start and _joins_range(text, first, item))


def _ends_weekday_range(text: str, opened: tuple[Recognised, Resolved], item: Recognised,
                        value: Resolved) -> Resolved | None:
    """The day ``item`` (a bare weekday) falls on when it ends a range that ``opened`` began with a bare
    weekday ("from Monday to Wednesday"): the first such day after the range's first day, whatever
    its own tense says; None when it ends no such range or already falls there."""
    first, first_value = opened
    if not (first_value.grain == "day" and _is_bare_weekday(first) and _joins_range(text, first, item)):
        return None
    start = first_value.start.date()
    day = start + dt.timedelta(days=(int(item.spec["weekday"]) - start.isoweekday()) % 7 or 7)
    if day == value.start.date():
        return None
    return day_value(day, f"the end of a range that opened on {start.isoformat()}: the first such day after it")


#: "would": a future seen from a past report ("said on Saturday talks would resume on Monday").
_WOULD = re.compile(r"\bwould\b", re.IGNORECASE)


def _is_bare_weekday(found: Recognised) -> bool:
    spec = found.spec
    return spec["op"] == "weekday" and spec.get("rel") is None and spec.get("week") is None and not spec.get("offset")


def _reported_future_day(text: str, reader: TenseReader, found: list[Recognised], resolved: list,
                         index: int) -> dt.date | None:
    """The day a report was made, for a weekday its reported clause puts after it with "would"
    ("the minister said late on Saturday that talks would resume on Monday"): that Monday follows
    the Saturday, not the publication. The day must be named before "would", next to a speech verb."""
    item = found[index]
    left, _ = reader.sentence(item.start, item.end)
    would = None
    for would in _WOULD.finditer(text, left, item.start):
        pass
    if would is None:
        return None
    speech = speech_pattern().search(text, left, would.start())
    if speech is None:
        return None
    days = [(abs(other.start - speech.start()), value.start.date())
            for other, value in zip(found[:index], resolved[:index])
            if left <= other.start and other.end <= would.start() and value is not None
            and value.grain in ("day", "part_of_day") and abs(other.start - speech.start()) <= 30]
    return min(days)[1] if days else None


def tag_times(text: str, published) -> list[TimeMention]:
    """The time expressions of ``text`` in order, resolved against ``published``.

    Relative expressions are resolved against the publication date, except
    inside a quotation whose speech verb is dated ("After a meeting yesterday,
    Johnson said: 'today ...'"), where they are resolved against the day the
    quotation was said.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    anchor = as_anchor_date(published)
    published_name = "published"
    found = recognise(text)
    reader = TenseReader(text)

    # Pass 1: everything against the publication date, with the running reference time.
    resolved: list[Resolved | None] = []
    reference = narrative = narrative_start = None
    for item in found:
        value = _resolve_one(reader, item, anchor, published_name, reference,
                             _near_narrative(reader, item, narrative, narrative_start))
        resolved.append(value)
        if value is not None and value.grain in _NARRATIVE_GRAINS:
            narrative, narrative_start = value, item.start
        if value is not None and value.grain in _REFERENCE_GRAINS and item.spec["op"] in _REFERENCE_SETTERS:
            reference = value
        elif item.spec["op"] == "duration" and item.spec.get("unit") == "M":
            reference = None  # "the first nine months": the period in mind is no longer a quarter

    # Pass 1b: a bare clock time ("at 10:35 a.m.") falls on the day its sentence names
    # ("... at about 10:35 a.m. (0735 GMT) Friday", "at 4 in the morning (4 a.m. EDT Thursday)"),
    # else on the anchor day.
    clock_anchor: dict[int, tuple[dt.date, str]] = {}
    for index, item in enumerate(found):
        if not _is_bare_clock(item) or resolved[index] is None:
            continue
        left, right = reader.sentence(item.start, item.end)
        days = [(abs(other.start - item.start), other.text, value.start.date())
                for other, value in zip(found, resolved)
                if other is not item and left <= other.start < right and value is not None
                and (value.grain in _DAY_GRAINS or (value.grain == "time" and not _is_bare_clock(other)))]
        if days:
            _, named, day = min(days)
            clock_anchor[index] = (day, f"'{named}' in its sentence,")

    # Pass 2: quotations dated by their speech verb's time expression.
    speech_anchor: dict[int, tuple[dt.date, str]] = {}
    starts = [item.start for item in found]
    last_anchor = None
    deictic = [item.spec["op"] in DEICTIC_OPERATIONS for item in found]
    for quote in reader.quotes if any(deictic) else ():
        day = None
        inside = range(bisect.bisect_left(starts, quote.start), bisect.bisect_left(starts, quote.end))
        if quote.closed and not quote.continues and not any(deictic[index] for index in inside):
            last_anchor = None
            continue  # nothing in it to re-anchor, and it carries no anchor on
        for frame_start, frame_end in quote_frames(reader, quote):
            for index in range(bisect.bisect_left(starts, frame_start), bisect.bisect_left(starts, frame_end)):
                item, value = found[index], resolved[index]
                if (item.end <= frame_end and value is not None and value.grain in _SPEECH_GRAINS
                        and not quote.start <= item.start < quote.end):
                    day = (value.start.date(), f"quote said {value.start.date().isoformat()}")
                    break
            if day:
                break
        if day is None and quote.continues:
            day = last_anchor
        last_anchor = day if not quote.closed else None
        if day is None:
            continue
        for index in inside:
            speech_anchor[index] = day

    mentions = []
    reference = narrative = narrative_start = None
    published_anchor = f"{published_name} {anchor.isoformat()}"
    range_start: tuple[Recognised, Resolved] | None = None  # the clock time that opened "from 10pm to ..."
    for index, item in enumerate(found):
        value = resolved[index]
        anchor_text = published_anchor
        if item.spec["op"] == "anaphor":
            near = _near_narrative(reader, item, narrative, narrative_start)
            value = _resolve_one(reader, item, anchor, published_name, reference, near)
            if near is not None and near.start is not None:
                anchor_text = f"{near.value}, the date last mentioned"
        elif _is_editorial(text, item):
            anchor_text = f"{published_anchor} (editor's bracket)"
        elif index in speech_anchor and item.spec["op"] in DEICTIC_OPERATIONS:
            day, anchor_text = speech_anchor[index]
            value = _resolve_one(reader, item, day, "the day the quotation was said,", reference)
        elif index in clock_anchor:
            day, named = clock_anchor[index]
            anchor_text = f"{named} {day.isoformat()}"
            value = _resolve_one(reader, item, day, named, reference)
        elif value is not None and _is_bare_weekday(item):
            said = _reported_future_day(text, reader, found, resolved, index)
            if said is not None and said < anchor:
                anchor_text = f"the day it was said, {said.isoformat()}"
                value = _resolve_one(reader, item, said, "the day it was said,", reference)
        if value is None:
            continue
        if (range_start is not None and range_start[1].grain == "time" and _is_bare_clock(item)
                and _ends_clock_range(text, range_start, item, value)):
            opened = range_start[1]
            value = time_value(value.start.date() + dt.timedelta(days=1), value.start.hour, value.start.minute,
                               f"the end of a range that opened at {opened.value}, earlier in the day: the next day")
            anchor_text = f"{opened.value}, the start of the range"
        if range_start is not None and _is_bare_weekday(item):
            range_end = _ends_weekday_range(text, range_start, item, value)
            if range_end is not None:
                value = range_end
                anchor_text = f"{range_start[1].start.date().isoformat()}, the start of the range"
        range_start = (item, value) if value.grain in ("time", "day") else None
        if value.grain in _REFERENCE_GRAINS and item.spec["op"] in _REFERENCE_SETTERS:
            reference = value
        if value.grain in _NARRATIVE_GRAINS:
            narrative, narrative_start = value, item.start
        mentions.append(_mention(item, value, anchor_text))
    return mentions
