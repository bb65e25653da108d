"""Queries for a view of the dashboard: view dict + store -> DataFrames.

Pure functions of their arguments (the store is only read), tested without
Dash.  The store filters and counts; this module decides what to draw:
individual events when few are in view, counts per lane and period (a
density view) when many are.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from dashboard import theme
from extract.store import EventFilter, Store

#: Above this many dated events in view the timeline draws counts per period instead.
MAX_EVENTS = 1000
#: Periods of a density view across the visible range.
DENSITY_BUCKETS = 120
#: Lanes drawn at most; the rest of the actors or sources share one lane.
MAX_LANES = 14
#: Rows stacked within one lane before events overlap (more when few events are in view).
MAX_ROWS = 6
MAX_ROWS_FEW = 12
#: Rows the table and the undated list hold at most.
TABLE_ROWS = 200
UNDATED_ROWS = 50

OTHER_LANE = {"actor": "(other actors)", "source": "(other sources)", "category": "other"}

EVENT_COLUMNS = [
    "id", "lane", "category", "modality", "grain", "value", "start", "end", "time_text", "sentence",
    "actors", "places", "n_sources", "shape", "x", "x0", "x1", "row",
]  # fmt: skip
DENSITY_COLUMNS = ["lane", "x0", "x1", "n"]

#: A frame as plain columns of equal length: lists, or numpy arrays (the dates as datetime64[ns]).
Columns = dict[str, list | np.ndarray]


@dataclass(frozen=True, kw_only=True)
class Timeline:
    """What the timeline draws for one view.

    ``mode`` is ``events`` (``columns`` has one row per event and lane, see
    ``EVENT_COLUMNS``), ``density`` (``columns`` has ``lane, x0, x1, n``) or
    ``empty``.  ``lanes`` is the lane order, top first, with ``rows`` rows each.
    ``frame`` is the same as a DataFrame, made when asked for (the figure reads the columns:
    a DataFrame made and read back per request was a tenth of a hosted worker's time).
    """

    mode: str
    columns: Columns
    start: dt.datetime
    end: dt.datetime
    total: int
    undated: int
    lane_kind: str
    lanes: list[str] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    #: Every event of the view in the events table's order, when drawing read exactly the
    #: table's rows (events drawn in category lanes over the table's range): see :func:`table_of`.
    table_source: list[dict] | None = field(default=None, repr=False, compare=False)

    @functools.cached_property
    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.columns, columns=DENSITY_COLUMNS if self.mode == "density" else EVENT_COLUMNS)


def _day(text: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(text) if text else None


def event_filter(view: dict, *, with_range: bool = True) -> EventFilter:
    """The store filter a view asks for (its date range only when ``with_range``)."""
    return EventFilter(
        categories=tuple(view.get("categories") or ()),
        modalities=tuple(view.get("modalities") or ()),
        actors=tuple(view.get("actors") or ()),
        places=tuple(view.get("places") or ()),
        sources=tuple(view.get("sources") or ()),
        text=view.get("q") or "",
        start=_day(view.get("start")) if with_range else None,
        end=_day(view.get("end")) if with_range else None,
    )


def full_range(start: dt.datetime | None, end: dt.datetime | None) -> tuple[dt.datetime, dt.datetime]:
    """The range that shows every dated event, with a margin either side."""
    if start is None or end is None:
        today = dt.datetime(2022, 1, 1)
        return today - dt.timedelta(days=15), today + dt.timedelta(days=15)
    span = max(end - start, dt.timedelta(days=2))
    margin = span * 0.04
    return start - margin, end + margin


#: The default view shows where most events are: from the 5th to the 95th percentile of their
#: starts, padded by a day or by a sixth of that span, unless that is most of the whole range
#: anyway.  A month-long bar far from the rest (the sample's "last month") then runs off the edge
#: instead of pushing the day-grain events into a corner; the range slider still shows it.
FOCUS_QUANTILES = (0.05, 0.95)
FOCUS_MAX_SHARE = 0.6


def focus_range(store: Store, facets: dict, *, buckets: int = 400) -> tuple[dt.datetime, dt.datetime] | None:
    """The range where most dated events are, or None when that is (nearly) everything."""
    lo, hi = facets.get("start"), facets.get("end")
    if lo is None or hi is None or hi <= lo:
        return None
    cells = store.density(EventFilter(dated=True), lane="category", start=lo, end=hi, buckets=buckets)
    per_bucket = [0] * buckets
    for _, bucket, n in cells:
        per_bucket[bucket] += n
    total = sum(per_bucket)
    if total < 2:
        return None
    width = (hi - lo) / buckets
    seen, first, last = 0, None, None
    for i, n in enumerate(per_bucket):
        seen += n
        if first is None and seen > total * FOCUS_QUANTILES[0]:
            first = i
        if last is None and seen >= total * FOCUS_QUANTILES[1]:
            last = i
    start, end = lo + width * first, lo + width * (last + 1)
    pad = max((end - start) / 6, dt.timedelta(days=1))
    # percentiles of starts: the right edge also leaves room for the last events' own length (a day)
    start, end = max(start - pad, lo - pad / 4), min(end + pad + dt.timedelta(days=1), hi + pad / 4)
    full_lo, full_hi = full_range(lo, hi)
    if end - start >= (full_hi - full_lo) * FOCUS_MAX_SHARE:
        return None
    return start, end


def view_range(view: dict, facets: dict) -> tuple[dt.datetime, dt.datetime]:
    """The visible range: the view's own, else where most events are (``facets["focus"]``), else all of them."""
    lo, hi = facets.get("focus") or full_range(facets.get("start"), facets.get("end"))
    start = _day(view.get("start")) or lo
    end = _day(view.get("end")) or hi
    if end <= start:
        return full_range(facets.get("start"), facets.get("end"))
    return start, end


def timeline(store: Store, view: dict, facets: dict, *, max_events: int = MAX_EVENTS, buckets: int = DENSITY_BUCKETS) -> Timeline:
    """Decide what the timeline draws for ``view`` and fetch exactly that from the store."""
    start, end = view_range(view, facets)
    lane_kind = view.get("lanes") or "category"
    flt = event_filter(view, with_range=False)
    in_view = in_range(flt, start, end, facets)
    # The counts per lane and period come first: they are what a crowded view draws, and their
    # sums are the lanes' counts (an event starts in one period).  One query for both.
    cells = store.density(in_view, lane=lane_kind, start=start, end=end, buckets=buckets)
    counts: dict[str, int] = {}
    for lane, _, n in cells:
        counts[lane] = counts.get(lane, 0) + n
    # an event is in one category lane: the lanes' counts add up to the total (one query less)
    total = sum(counts.values()) if lane_kind == "category" else store.count(in_view)
    undated = store.count(replace(flt, dated=False))
    if total <= max_events and facets.get("focus") and not (view.get("start") or view.get("end")):
        # the default view: draw every event, so that the range slider shows the ones off the edges too
        everything = in_range(flt, *full_range(facets.get("start"), facets.get("end")), facets)
        if store.count(everything) <= max_events:
            in_view = everything
            counts = store.count_by(in_view, lane_kind)
    lanes = lane_order(counts, lane_kind)
    common = {"start": start, "end": end, "total": total, "undated": undated, "lane_kind": lane_kind, "counts": counts}
    if total == 0:
        return Timeline(mode="empty", columns=_no_events(), lanes=lanes, **common)
    if total > max_events:
        columns = density_columns(cells, start=start, end=end, buckets=buckets, lanes=lanes, lane_kind=lane_kind)
        return Timeline(mode="density", columns=columns, lanes=lanes, rows={lane: 1 for lane in lanes}, **common)
    rows = store.select(in_view, lane=lane_kind)
    same_as_table = lane_kind == "category" and in_view == table_filter(view, facets)
    common["table_source"] = rows if same_as_table else None
    gap, max_rows = (end - start) / 90, MAX_ROWS_FEW if total <= 300 else MAX_ROWS
    columns, lane_rows = stacked_columns(rows, lanes=lanes, lane_kind=lane_kind, gap=gap, max_rows=max_rows)
    return Timeline(mode="events", columns=columns, lanes=lanes, rows={lane: lane_rows.get(lane, 1) for lane in lanes}, **common)


def in_range(flt: EventFilter, start: dt.datetime, end: dt.datetime, facets: dict) -> EventFilter:
    """``flt`` limited to [start, end); a range that holds every dated event asks only for dated ones (faster).

    The store's longest event (``facets["longest"]``) bounds the starts the database reads.
    """
    lo, hi = facets.get("start"), facets.get("end")
    if lo is not None and hi is not None and start <= lo and end >= hi:
        return replace(flt, dated=True)
    return replace(flt, start=start, end=end, longest=facets.get("longest"))


def lane_order(counts: dict[str, int], lane_kind: str, *, max_lanes: int = MAX_LANES) -> list[str]:
    """Lanes top to bottom: taxonomy order for categories, most events first otherwise."""
    if lane_kind == "category":
        known = [c for c in theme.CATEGORIES if c in counts]
        return known + sorted(c for c in counts if c not in theme.CATEGORIES)
    ordered = sorted(counts, key=lambda lane: (lane == OTHER_LANE.get(lane_kind) or lane.startswith("("), -counts[lane], lane))
    if len(ordered) > max_lanes:
        ordered = ordered[: max_lanes - 1] + [OTHER_LANE[lane_kind]]
    return ordered


def _lane_of(lane: str, lanes: list[str], lane_kind: str) -> str:
    return lane if lane in lanes else OTHER_LANE.get(lane_kind, lane)


def stacked_columns(
    rows: list[dict], *, lanes: list[str], lane_kind: str, gap: dt.timedelta, max_rows: int = MAX_ROWS
) -> tuple[Columns, dict[str, int]]:
    """One row per event and lane with where it is drawn: ``x`` (marker), ``x0``-``x1`` (its
    interval) and ``row``, its row within the lane so that nothing overlaps (up to ``max_rows``
    rows); sorted by lane, then start, then end.  Also each lane's number of rows.

    Events are placed greedily by start: an event takes the first row whose
    last event ended ``gap`` before it starts (points count as ``gap`` wide).
    Built column by column (numpy reads the ISO dates), the events placed before the
    columns are put in order.
    """
    if not rows:
        return _no_events(), {}
    columns = _event_columns(rows, lanes, lane_kind)
    order, placed, lane_rows = _place(columns["lane"], columns["x0"], columns["x1"], columns["x"], columns["shape"], gap, max_rows)
    picked = order.tolist()
    for name, values in columns.items():
        columns[name] = values[order] if isinstance(values, np.ndarray) else [values[i] for i in picked]
    columns["row"] = placed
    return {c: columns[c] for c in EVENT_COLUMNS}, lane_rows


def _no_events() -> Columns:
    columns: Columns = {c: [] for c in EVENT_COLUMNS}
    columns.update({c: np.array([], dtype="datetime64[ns]") for c in ("x", "x0", "x1")})
    return columns


def _event_columns(rows: list[dict], lanes: list[str] | None, lane_kind: str) -> dict:
    if lanes is not None:
        seen: set[tuple[str, str]] = set()
        kept = []
        for row in rows:
            lane = _lane_of(row["lane"], lanes, lane_kind)
            if (row["id"], lane) not in seen:
                seen.add((row["id"], lane))
                kept.append(row if lane == row["lane"] else {**row, "lane": lane})
        rows = kept
    columns = {c: [row.get(c) for row in rows] for c in EVENT_COLUMNS[:13]}
    x0 = np.array(columns["start"], dtype="datetime64[ns]")
    x1 = np.array(columns["end"], dtype="datetime64[ns]")
    columns.update(
        shape=[theme.shape(g) for g in columns["grain"]],
        x=x0 + (x1 - x0) // 2,
        x0=x0,
        x1=x1,
    )
    return columns


def _place(lanes: list, x0: np.ndarray, x1: np.ndarray, x: np.ndarray, shapes: list, gap: dt.timedelta, max_rows: int):
    """The events' order (by lane, then start, then end), each one's row in that order, and each lane's rows."""
    nanos = {c: np.asarray(values, dtype="datetime64[ns]").view(np.int64) for c, values in (("x", x), ("x0", x0), ("x1", x1))}
    # by lane, then start, then end (numpy's sort is a tenth of DataFrame.sort_values on small frames)
    order = np.lexsort((nanos["x1"], nanos["x0"], pd.factorize(np.asarray(lanes, dtype=object), sort=True)[0]))
    nanos = {c: values[order].tolist() for c, values in nanos.items()}
    picked = order.tolist()
    gap_ns = pd.Timedelta(gap).value
    rows = []
    lane_rows = {}
    ends: list[int] = []
    current = None
    placed = zip([lanes[i] for i in picked], nanos["x0"], nanos["x1"], nanos["x"], [shapes[i] for i in picked])
    for lane, first, last_ns, middle, kind in placed:
        if lane != current:
            current, ends = lane, []
        left = middle - gap_ns // 2 if kind == "point" else first
        right = middle + gap_ns // 2 if kind == "point" else max(last_ns, first) + gap_ns // 3
        for i, last in enumerate(ends):
            if last <= left:
                ends[i] = right
                rows.append(i)
                break
        else:
            if len(ends) < max_rows:
                ends.append(right)
                rows.append(len(ends) - 1)
            else:
                i = min(range(len(ends)), key=ends.__getitem__)
                ends[i] = max(ends[i], right)
                rows.append(i)
        lane_rows[lane] = len(ends)
    return order, rows, lane_rows


def density_columns(
    cells: list[tuple[str, int, int]], *, start: dt.datetime, end: dt.datetime, buckets: int, lanes: list[str], lane_kind: str
) -> Columns:
    """Counts per lane and period as columns ``lane, x0, x1, n`` (lanes beyond the drawn ones
    merged; the dates as datetime64[us])."""
    merged: dict[tuple[str, int], int] = {}
    for lane, bucket, n in cells:
        key = (_lane_of(lane, lanes, lane_kind), bucket)
        merged[key] = merged.get(key, 0) + n
    keys = sorted(merged)
    # the periods' edges in whole microseconds, as ``start + width * b`` makes them
    width = (end - start) / buckets // dt.timedelta(microseconds=1)
    bucket = np.fromiter((b for _, b in keys), np.int64, len(keys))
    x0 = np.datetime64(start.replace(tzinfo=None), "us") + bucket * np.timedelta64(width, "us")
    return {
        "lane": [lane for lane, _ in keys],
        "x0": x0,
        "x1": x0 + np.timedelta64(width, "us"),
        "n": np.fromiter((merged[k] for k in keys), np.int64, len(keys)),
    }


def table_filter(view: dict, facets: dict, *, ids: list[str] | None = None) -> EventFilter:
    """The events the table lists for ``view``: those in its visible range (or the selected ``ids``)."""
    start, end = view_range(view, facets)
    return replace(in_range(event_filter(view, with_range=False), start, end, facets), ids=tuple(ids or ()))


def table_rows(store: Store, view: dict, facets: dict, *, ids: list[str] | None = None, limit: int = TABLE_ROWS) -> tuple[list[dict], int]:
    """Rows for the events table (in view, or the selected ``ids``) and how many there are in all."""
    flt = table_filter(view, facets, ids=ids)
    rows = store.select(flt, lane="category", limit=limit + 1)
    # one row more than shown tells whether there are more: only then is counting them worth a query
    total = len(rows) if len(rows) <= limit else store.count(flt)
    return [table_row(r) for r in rows[:limit]], total


def table_of(tl: Timeline, *, limit: int = TABLE_ROWS) -> tuple[list[dict], int] | None:
    """What :func:`table_rows` gives for the view ``tl`` was drawn for, from the rows drawing
    read (``tl.table_source``), or None when it read others."""
    if tl.table_source is None:
        return None
    return [table_row(r) for r in tl.table_source[:limit]], len(tl.table_source)


def undated_rows(store: Store, view: dict, *, limit: int = UNDATED_ROWS) -> list[dict]:
    flt = replace(event_filter(view, with_range=False), dated=False)
    return [table_row(r) for r in store.select(flt, lane="category", limit=limit)]


def when(row: dict) -> str:
    """The resolved date of an event in words a reader checks at a glance."""
    if not row.get("start"):
        return "undated"
    return _when(row["start"], row.get("end"), row.get("grain"))


@functools.lru_cache(maxsize=4096)
def _when(start_text: str, end_text: str | None, grain: str | None) -> str:
    # kept: the events of a view share a few dates, and every hover text and table row writes one
    start = dt.datetime.fromisoformat(start_text)
    end = dt.datetime.fromisoformat(end_text) if end_text else None
    if grain == "day":
        return start.strftime("%a %d %b %Y")
    if grain == "time":
        return start.strftime("%d %b %Y %H:%M")
    if grain == "month":
        return start.strftime("%B %Y")
    if grain == "year":
        return start.strftime("%Y")
    if end is not None:
        last = end - dt.timedelta(seconds=1)
        if grain == "part_of_day":
            return f"{start:%d %b %Y %H:%M} – {last:%d %b %H:%M}"
        return f"{start:%d %b %Y} – {last:%d %b %Y}"
    return start.strftime("%d %b %Y")


def table_row(row: dict) -> dict:
    return {
        "id": row["id"],
        "date": (row.get("start") or "")[:10],
        "when": when(row),
        "grain": row.get("grain") or "",
        "category": row["category"],
        "category_label": theme.category_label(row["category"]),
        "modality": row["modality"],
        "sentence": row.get("sentence") or "",
        "time_text": row.get("time_text") or "",
        "actors": ", ".join(row.get("actors") or ()),
        "places": ", ".join(row.get("places") or ()),
        "sources": row.get("n_sources", 1),
    }


def paragraph_pieces(text: str, start: int, end: int, time_text: str = "") -> list[tuple[str, str]]:
    """The paragraph around ``text[start:end]`` cut into ``(piece, kind)``.

    ``kind`` is ``""`` (context), ``"sentence"`` or ``"time"`` (the time
    expression within the sentence).  Out-of-range offsets give ``[]``.
    """
    if not text or start < 0 or end > len(text) or start >= end:
        return []
    left = text.rfind("\n\n", 0, start)
    left = 0 if left < 0 else left + 2
    right = text.find("\n\n", end)
    right = len(text) if right < 0 else right
    pieces = [(text[left:start], "")]
    pieces += sentence_pieces(text[start:end], time_text, kind="sentence")
    pieces.append((text[end:right], ""))
    return [(p, k) for p, k in pieces if p]


def sentence_pieces(sentence: str, time_text: str, *, kind: str = "sentence") -> list[tuple[str, str]]:
    """A sentence cut around the first occurrence of its time expression."""
    at = sentence.find(time_text) if time_text else -1
    if at < 0:
        at = sentence.casefold().find(time_text.casefold()) if time_text else -1
    if at < 0:
        return [(sentence, kind)]
    return [(sentence[:at], kind), (sentence[at : at + len(time_text)], "time"), (sentence[at + len(time_text) :], kind)]


def selection_ids(selected_data: dict | None) -> list[str]:
    """Event ids of the points a box or lasso selection on the timeline caught."""
    if not selected_data:
        return []
    ids = []
    for point in selected_data.get("points") or ():
        data = point.get("customdata")
        if isinstance(data, list):
            data = data[0] if data else None
        if isinstance(data, str):
            ids.append(data)
    return list(dict.fromkeys(ids))
