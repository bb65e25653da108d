"""The store's events as columns in memory, for the dashboard's counts, densities and orderings.

A hosted dashboard asks the same few questions on every filter change: how
many events a filter keeps, how many per lane and period, which come first.
Against 100,000 events each is a scan in the database (milliseconds of its CPU
per question, several questions per request).  :class:`EventIndex` holds what
those questions read — start, end, category, modality, the search text, the
actor, place and source lists — as numpy arrays, loaded once per store
generation, and answers them in a fraction of that.  Only the rows a view shows
(at most ``MAX_EVENTS`` of them) are then read from the database, by id.

:class:`IndexedStore` puts the two together behind the :class:`~extract.store.Store`
methods the dashboard reads (``count``, ``count_by``, ``density``, ``select``):
the same answers as the store's SQL, which the tests check on random filters
over SQLite and PostgreSQL.
"""

from __future__ import annotations

import bisect
import collections
import dataclasses
import sys
import threading

import numpy as np
import sqlalchemy as sa

from extract.store import (
    NO_VALUE,
    EventFilter,
    Store,
    event_actors,
    event_places,
    event_sources,
    events,
    to_timestamp,
)

#: Words whose search result an index keeps (about 100 KB each at 100,000 events).
SEARCHES_KEPT = 64

#: Rows read by their ids at most; more are read by the store's own query.
BY_ID_MAX = 5000

#: Rows an index keeps once read, the least recently used dropped first: views that overlap (a
#: zoom, another filter on the same weeks) read fewer from the database.  Kept as tuples whose
#: shared words and dates are stored once (about 0.7 KB a row with short sentences, against
#: 1.6 KB as the store's dicts): about 60 MB per worker when full.  Tuples of strings and
#: numbers only, which the garbage collector stops tracking: 83,000 rows as dicts or lists made
#: each of its full passes walk 250,000 more objects (80 ms, every request of the worker waiting).
ROWS_KEPT = 90_000

#: A kept row's columns, in the order of its tuple: :meth:`Store.select`'s but ``lane``.
ROW_KEYS = (
    "id", "category", "modality", "value", "grain", "start", "end", "start_ts", "end_ts",
    "time_text", "sentence", "actors", "places", "n_sources",
)  # fmt: skip
#: Columns of few distinct values (the same word or date in many rows): one string for all.
_SHARED = frozenset(("category", "modality", "value", "grain", "start", "end"))
_NAMES = frozenset(("actors", "places"))


def _kept(row: dict) -> tuple:
    """``row`` as the compact tuple an index keeps (:data:`ROW_KEYS`; lists as tuples)."""
    return tuple(
        sys.intern(value) if key in _SHARED and isinstance(value, str)
        else tuple(map(sys.intern, value)) if key in _NAMES
        else value
        for key, value in ((key, row[key]) for key in ROW_KEYS)
    )  # fmt: skip


def _row(kept: tuple, lane: str) -> dict:
    """A kept row as :meth:`Store.select` gives it (lists its own), in ``lane``."""
    row = dict(zip(ROW_KEYS, kept), lane=lane)
    row["actors"], row["places"] = list(row["actors"]), list(row["places"])
    return row


@dataclasses.dataclass(frozen=True)
class _Pairs:
    """A many-valued column (actors, places or source labels): ``(event, code)`` pairs sorted by
    event then name, and the names the codes stand for (sorted, so codes order like names).

    ``by_name`` lists the pairs' events grouped by code, the events of code ``c`` being
    ``by_name[starts[c]:starts[c + 1]]``: a filter on a few names reads only their events.
    """

    event: np.ndarray  # int32, ascending
    code: np.ndarray  # int32
    names: list[str]
    by_name: np.ndarray  # int32
    starts: np.ndarray  # int64, len(names) + 1

    @classmethod
    def build(cls, pairs: list[tuple[int, str]]) -> _Pairs:
        names = sorted({name for _, name in pairs})
        code_of = {name: i for i, name in enumerate(names)}
        pairs = sorted({(e, code_of[name]) for e, name in pairs})
        event = np.fromiter((e for e, _ in pairs), np.int32, len(pairs))
        code = np.fromiter((c for _, c in pairs), np.int32, len(pairs))
        return cls(
            event=event,
            code=code,
            names=names,
            by_name=event[np.argsort(code, kind="stable")],
            starts=np.concatenate([[0], np.cumsum(np.bincount(code, minlength=len(names)))]).astype(np.int64),
        )

    def having_any(self, wanted: tuple[str, ...], n: int) -> np.ndarray:
        """A mask of the ``n`` events holding at least one of the ``wanted`` names."""
        mask = np.zeros(n, dtype=bool)
        for name in set(wanted):
            at = bisect.bisect_left(self.names, name)
            if at < len(self.names) and self.names[at] == name:
                mask[self.by_name[self.starts[at] : self.starts[at + 1]]] = True
        return mask


def _among(codes: np.ndarray, names: list[str], wanted) -> np.ndarray:
    """A mask of the ``codes`` whose name is one of ``wanted`` (a lookup table: faster than ``np.isin``)."""
    wanted = set(wanted)
    table = np.fromiter((name in wanted for name in names), bool, len(names))
    return table[codes] if len(names) else np.zeros(len(codes), dtype=bool)


def _codes(values: list[str]) -> tuple[list[str], np.ndarray]:
    """The distinct values, sorted, and each value's position among them."""
    names = sorted(set(values))
    code_of = {name: i for i, name in enumerate(names)}
    return names, np.fromiter((code_of[v] for v in values), np.int32, len(values))


class EventIndex:
    """Every event of a store at one moment, as columns (see the module's doc).

    Build it with :meth:`load`; it pickles (the dashboard's workers share one
    through their answer cache).
    """

    def __init__(
        self,
        rows: list[tuple],
        actors: list[tuple[int, str]],
        places: list[tuple[int, str]],
        sources: list[tuple[int, str]],
    ):
        """``rows``: ``(id, start_ts, end_ts, category, modality, search_text)`` per event, in the
        order the store sorts ids (its database's collation); the pairs name events by their
        position in ``rows``."""
        n = len(rows)
        self.ids = [r[0] for r in rows]
        self.position = {event_id: i for i, event_id in enumerate(self.ids)}
        self.start = np.fromiter((np.nan if r[1] is None else r[1] for r in rows), np.float64, n)
        self.end = np.fromiter((np.nan if r[2] is None else r[2] for r in rows), np.float64, n)
        self.dated = ~np.isnan(self.start)
        self.categories, self.category = _codes([r[3] for r in rows])
        self.modalities, self.modality = _codes([r[4] for r in rows])
        self.texts = [r[5] or "" for r in rows]
        self.lanes = {"actor": _Pairs.build(actors), "source": _Pairs.build(sources)}
        self.places = _Pairs.build(places)
        # The store's order: by start, undated last, ties by id (the rows' own order).
        self.by_id = np.arange(n)
        self.by_start = np.lexsort((self.by_id, np.where(self.dated, self.start, np.inf)))
        self._searched: dict[str, np.ndarray] = {}  # word -> mask, least recently used first
        self._lock = threading.Lock()  # the threads of a worker share the index: its searches and rows
        self._rows: collections.OrderedDict[str, tuple] = (
            collections.OrderedDict()
        )  # id -> row (ROW_KEYS), least recently used first

    def __getstate__(self) -> dict:
        state = dict(self.__dict__, _searched={}, _rows=collections.OrderedDict())  # what a worker read stays with it
        del state["_lock"]
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state, _lock=threading.Lock())

    def __len__(self) -> int:
        return len(self.ids)

    @classmethod
    def load(cls, store: Store) -> EventIndex:
        """Read the events of ``store``, all in one snapshot of it."""
        with store.engine.connect() as conn:
            if conn.dialect.name == "postgresql":
                conn = conn.execution_options(isolation_level="REPEATABLE READ")
            with conn.begin():
                if conn.dialect.name == "sqlite":
                    # Python's sqlite3 opens no transaction for reads: without one each read
                    # below could see a different commit
                    conn.exec_driver_sql("BEGIN")
                rows = conn.execute(
                    sa.select(
                        events.c.id,
                        events.c.start_ts,
                        events.c.end_ts,
                        events.c.category,
                        events.c.modality,
                        events.c.search_text,
                    ).order_by(events.c.id)
                ).all()
                position = {r[0]: i for i, r in enumerate(rows)}

                def pairs(column, table):
                    query = sa.select(table.c.event_id, column).distinct()
                    return [(position[e], v) for e, v in conn.execute(query) if e in position]

                return cls(
                    rows,
                    pairs(event_actors.c.actor, event_actors),
                    pairs(event_places.c.place, event_places),
                    pairs(event_sources.c.source_label, event_sources),
                )

    # -- what a filter keeps ------------------------------------------------

    def mask(self, flt: EventFilter, *, dated: bool | None = None) -> np.ndarray:
        """The events ``flt`` keeps, as a boolean mask (the store's ``_conditions``)."""
        n = len(self.ids)
        keep = np.ones(n, dtype=bool)
        if flt.categories:
            keep &= _among(self.category, self.categories, flt.categories)
        if flt.modalities:
            keep &= _among(self.modality, self.modalities, flt.modalities)
        if flt.actors:
            keep &= self.lanes["actor"].having_any(flt.actors, n)
        if flt.places:
            keep &= self.places.having_any(flt.places, n)
        if flt.sources:
            keep &= self.lanes["source"].having_any(flt.sources, n)
        if flt.ids:
            chosen = np.zeros(n, dtype=bool)
            chosen[[self.position[i] for i in flt.ids if i in self.position]] = True
            keep &= chosen
        dated = flt.dated if dated is None else dated
        if dated is True or flt.start is not None or flt.end is not None:
            keep &= self.dated
        elif dated is False:
            keep &= ~self.dated
        with np.errstate(invalid="ignore"):  # undated events compare False, and are gone already
            if flt.start is not None:
                keep &= self.end > to_timestamp(flt.start)
            if flt.end is not None:
                keep &= self.start < to_timestamp(flt.end)
        for word in flt.text.split():  # last: only what every other condition kept is searched
            keep = self._search(word.casefold(), keep)
        return keep

    def _search(self, word: str, keep: np.ndarray) -> np.ndarray:
        """``keep`` narrowed to the events whose search text holds ``word``.

        A few candidates are searched one by one; many, through the word's mask over every
        event, which is kept (for ``SEARCHES_KEPT`` words): a team searches a few names often.
        """
        at = np.flatnonzero(keep)
        if len(at) * 10 < len(self.ids) and word not in self._searched:  # (a racy look: only a hint)
            texts = self.texts
            found = np.zeros(len(self.ids), dtype=bool)
            found[[i for i in at.tolist() if word in texts[i]]] = True
            return found
        with self._lock:
            mask = self._searched.pop(word, None)
        if mask is None:
            mask = np.fromiter((word in text for text in self.texts), bool, len(self.texts))
        with self._lock:
            self._searched.pop(word, None)
            while len(self._searched) >= SEARCHES_KEPT:
                del self._searched[next(iter(self._searched))]  # the least recently used
            self._searched[word] = mask
        return keep & mask

    def count(self, flt: EventFilter) -> int:
        return int(np.count_nonzero(self.mask(flt)))

    def _lane_codes(self, keep: np.ndarray, lane: str) -> tuple[np.ndarray, np.ndarray, list]:
        """The kept events' ``(event, lane code)`` rows and the lanes' names; code ``len(names)`` is
        "no value" (an event without actors has one row there, as the store's outer join gives)."""
        if lane == "category":
            at = np.flatnonzero(keep)
            return at, self.category[at], self.categories
        if lane not in self.lanes:
            raise ValueError(f"unknown lane {lane!r}: expected one of category, actor, source")
        pairs = self.lanes[lane]
        chosen = keep[pairs.event]
        event, code = pairs.event[chosen], pairs.code[chosen]
        if lane == "actor":  # events without actors: one row with no value
            lonely = keep.copy()
            lonely[pairs.event] = False
            extra = np.flatnonzero(lonely)
            event = np.concatenate([event, extra.astype(np.int32)])
            code = np.concatenate([code, np.full(len(extra), len(pairs.names), np.int32)])
        return event, code, pairs.names

    @staticmethod
    def _name(names: list, code: int, lane: str) -> str:
        return names[code] if code < len(names) else NO_VALUE[lane]

    def count_by(self, flt: EventFilter, lane: str = "category") -> dict[str, int]:
        _, code, names = self._lane_codes(self.mask(flt), lane)
        counts = np.bincount(code, minlength=len(names) + 1)
        return {self._name(names, c, lane): int(counts[c]) for c in np.flatnonzero(counts).tolist()}

    def density(self, flt: EventFilter, *, lane: str, start, end, buckets: int) -> list[tuple[str, int, int]]:
        """``(lane, bucket, n)`` as :meth:`Store.density` counts them (same float arithmetic)."""
        buckets = max(buckets, 1)
        t0, t1 = to_timestamp(start), to_timestamp(end)
        width = max((t1 - t0) / buckets, 1.0)
        event, code, names = self._lane_codes(self.mask(flt, dated=True), lane)
        bucket = np.minimum(np.floor((np.maximum(self.start[event], t0) - t0) / width).astype(np.int64), buckets - 1)
        cells = np.bincount(code.astype(np.int64) * buckets + bucket, minlength=(len(names) + 1) * buckets)
        return [
            (self._name(names, cell // buckets, lane), cell % buckets, int(cells[cell]))
            for cell in np.flatnonzero(cells).tolist()
        ]

    def rows(self, store: Store, ids, *, keep: int | None = None) -> dict[str, tuple]:
        """The rows (:meth:`Store.select`'s as tuples of :data:`ROW_KEYS`) of the events ``ids``, by
        id: those read before from memory, the others from ``store`` in one query, the last
        ``keep`` (default :data:`ROWS_KEPT`) kept."""
        keep = ROWS_KEPT if keep is None else keep
        found = {}
        with self._lock:
            for event_id in ids:
                row = self._rows.get(event_id)
                if row is not None:
                    found[event_id] = row
                    self._rows.move_to_end(event_id)  # now the most recently used
        missing = tuple(event_id for event_id in ids if event_id not in found)
        if missing:
            read = store.select(EventFilter(ids=missing), lane="category", order="none")
            with self._lock:
                for row in read:
                    found[row["id"]] = self._rows[row["id"]] = _kept(row)
                while len(self._rows) > keep:
                    self._rows.popitem(last=False)
        return found

    def ordered(self, flt: EventFilter, *, lane: str = "category", limit: int | None = None) -> list[tuple[str, str]]:
        """``(event id, lane)`` rows in the store's order (by start, undated last, then id; an event's
        lanes by name), the first ``limit`` of them."""
        keep = self.mask(flt)
        dated_only = flt.dated is True or flt.start is not None or flt.end is not None
        order = self.by_id if flt.dated is False and not dated_only else self.by_start
        at = order[keep[order]]
        if lane == "category":
            at = at[:limit] if limit is not None else at
            return [(self.ids[i], self.categories[c]) for i, c in zip(at.tolist(), self.category[at].tolist())]
        event, code, names = self._lane_codes(keep, lane)
        rank = np.empty(len(self.ids), dtype=np.int64)
        rank[at] = np.arange(len(at))
        rows = np.lexsort((code, rank[event]))
        rows = rows[:limit] if limit is not None else rows
        return [(self.ids[e], self._name(names, c, lane)) for e, c in zip(event[rows].tolist(), code[rows].tolist())]


class IndexedStore:
    """A :class:`Store` whose counts, densities and orderings come from an :class:`EventIndex`;
    the rows themselves, and everything else, from the store."""

    def __init__(self, store: Store, index: EventIndex, *, rows_kept: int | None = None):
        self.store = store
        self.index = index
        self.rows_kept = rows_kept  # see EventIndex.rows

    def __getattr__(self, name):
        return getattr(self.store, name)

    def count(self, flt: EventFilter) -> int:
        return self.index.count(flt)

    def count_by(self, flt: EventFilter, lane: str = "category") -> dict[str, int]:
        return self.index.count_by(flt, lane)

    def density(self, flt: EventFilter, *, lane: str, start, end, buckets: int) -> list[tuple[str, int, int]]:
        return self.index.density(flt, lane=lane, start=start, end=end, buckets=buckets)

    def select(
        self, flt: EventFilter, *, lane: str = "category", limit: int | None = None, order: str = "start"
    ) -> list[dict]:
        """The rows :meth:`Store.select` gives, read by id (:meth:`EventIndex.rows`).  An event
        removed since the index was built is left out unless its row is still in memory: the
        dashboard reads an index only while the store is at the generation it was built from."""
        if order != "start":
            return self.store.select(flt, lane=lane, limit=limit, order=order)
        wanted = self.index.ordered(flt, lane=lane, limit=limit)
        if len(wanted) > BY_ID_MAX:  # a long list of ids costs the database more than the query
            return self.store.select(flt, lane=lane, limit=limit)
        if not wanted:
            return []
        found = self.index.rows(self.store, dict.fromkeys(event_id for event_id, _ in wanted), keep=self.rows_kept)
        return [_row(found[event_id], lane_value) for event_id, lane_value in wanted if event_id in found]
