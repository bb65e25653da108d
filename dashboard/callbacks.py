"""What the callbacks do, as plain methods of :class:`Callbacks` (tested without a server).

The URL's query string is the single source of truth for the view:
``sync_view`` turns any user action (a filter, a zoom, a click) into a new
query string, and turns a query string (a pasted link, back, forward) into
the values of the filter controls.  Every render method reads only the query
string (plus the theme and the data version), so a copied link reopens
exactly the same view.  :func:`dashboard.app.create_app` wires these methods
to component ids.
"""

from __future__ import annotations

import datetime as dt
import gc
import logging
import threading

from dash import no_update

from dashboard import adding, components, data, figures, ids, state
from dashboard.cache import NoCache
from extract.index import ROWS_KEPT, EventIndex, IndexedStore
from extract.store import Store

log = logging.getLogger(__name__)

#: Above this many events the callbacks ask the database itself instead of an in-memory index
#: (about 450 bytes per event in every worker: 44 MB at 100,000 events).
INDEX_MAX_EVENTS = 500_000

#: How long one worker's claim to build a generation's index holds (the others wait for it in the
#: cache, reading the database meanwhile); a worker that died while building is replaced then.
INDEX_BUILD_SECONDS = 60.0


def _build_claim(generation: str) -> str:
    return f"index-build|{generation}"

#: The filter controls, in the order ``sync_view`` receives and returns them.
CONTROLS = (
    (ids.SEARCH, "value", "q"),
    (ids.LANES, "value", "lanes"),
    (ids.CATEGORIES, "value", "categories"),
    (ids.MODALITIES, "value", "modalities"),
    (ids.ACTORS, "value", "actors"),
    (ids.PLACES, "value", "places"),
    (ids.SOURCES, "value", "sources"),
    (ids.DATES, "start_date", "start"),
    (ids.DATES, "end_date", "end"),
)


CONTROL_KEYS = {cid + "." + prop for cid, prop, _ in CONTROLS}


def from_controls(current: dict, controls: list) -> dict:
    """The view the filter controls show, over ``current`` (the URL's view).

    Reading every control, not only the one that changed, means two quick
    clicks never undo each other.  A date picker holds days only: the URL's
    finer zoom range is kept while the picker shows the same day.
    """
    view = dict(current)
    for (_, _, key), value in zip(CONTROLS, controls):
        if key in ("start", "end"):
            if (current.get(key) or "")[:10] != (value or "")[:10]:
                view[key] = value[:10] if value else None
        else:
            view[key] = value
    return state.normalise(view)


def _range_value(value) -> str | None:
    """A Plotly axis bound ('2022-02-14 05:23:11.234') as a view date, or None."""
    if value is None:
        return None
    try:
        moment = dt.datetime.fromisoformat(str(value).replace(" ", "T")[:19])
    except ValueError:
        return None
    return moment.isoformat()


def zoom_range(relayout: dict | None) -> tuple[str | None, str | None] | None:
    """The x range a zoom, pan or range-slider drag asks for; ``(None, None)`` to reset; else None."""
    if not relayout:
        return None
    if relayout.get("xaxis.autorange"):
        return None, None
    if "xaxis.range[0]" in relayout and "xaxis.range[1]" in relayout:
        return _range_value(relayout["xaxis.range[0]"]), _range_value(relayout["xaxis.range[1]"])
    if isinstance(relayout.get("xaxis.range"), list) and len(relayout["xaxis.range"]) == 2:
        return _range_value(relayout["xaxis.range"][0]), _range_value(relayout["xaxis.range"][1])
    return None


def clicked_event(click: dict | None) -> str | None:
    ids_ = data.selection_ids(click)
    return ids_[0] if ids_ else None


def next_view(trigger, view: dict, value) -> dict:
    """The view after one user action: ``trigger`` names the input, ``value`` is its new value."""
    view = dict(view)
    if isinstance(trigger, dict):
        if trigger.get("type") == "undated-item":
            view["event"] = trigger.get("event")
        return state.normalise(view)
    keys = {cid + "." + prop: key for cid, prop, key in CONTROLS}
    if trigger in keys:
        key = keys[trigger]
        view[key] = (value[:10] if value else None) if key in ("start", "end") else value
    elif trigger == ids.TIMELINE + ".relayoutData":
        bounds = zoom_range(value)
        if bounds is not None:
            view["start"], view["end"] = bounds
    elif trigger == ids.TIMELINE + ".clickData":
        view["event"] = clicked_event(value) or view.get("event")
    elif trigger == ids.TABLE + ".cellClicked":
        view["event"] = (value or {}).get("rowId") or view.get("event")
    elif trigger == ids.DETAIL_CLOSE + ".n_clicks":
        view["event"] = None
    elif trigger == ids.RESET + ".n_clicks":
        return state.default()
    return state.normalise(view)


class Callbacks:
    """The callbacks' work for one store.

    ``cache`` (:mod:`dashboard.cache`) keeps the answers of the read-only
    callbacks under the store's generation; by default nothing is kept.
    The views' counts and orderings come from an :class:`~extract.index.EventIndex`
    of the store at its generation (built once and shared through the cache).
    """

    def __init__(
        self,
        store: Store,
        cache: NoCache | None = None,
        *,
        index_max_events: int = INDEX_MAX_EVENTS,
        rows_kept: int = ROWS_KEPT,
        freeze_indexes: bool = False,
    ):
        self.store = store
        self.cache = cache if cache is not None else NoCache()
        self.index_max_events = index_max_events
        self.rows_kept = rows_kept  # rows of events each worker keeps once shown (extract.index)
        self.freeze_indexes = freeze_indexes  # see dashboard.wsgi.quiet_collector
        self._facets: tuple[str, dict] | None = None  # (generation, facets)
        self._options: tuple[str, tuple] | None = None  # (generation, options)
        self._reader: tuple[str, object] | None = None  # (generation, IndexedStore or Store)
        self._built: tuple[str, EventIndex] | None = None  # the last index the builder made
        self._builder: threading.Thread | None = None
        self._builder_lock = threading.Lock()
        self._jobs = None

    def facets(self) -> dict:
        """The filter values of the store and its counts, recomputed only when the store changed.

        One cheap query (the generation) per call; a new generation is computed
        once for all the workers that share the cache.
        """
        generation = self.store.generation()
        memo = self._facets
        if memo is None or memo[0] != generation:
            facets = dict(self.cache.get_or_compute(f"facets|{generation}", self._compute_facets, quiet=True), generation=generation)
            memo = self._facets = (generation, facets)
        return memo[1]

    def reader(self, facets: dict, *, wait: bool = False):
        """What the views read at ``facets["generation"]``: the store with its events indexed in
        memory once the index of that generation exists, the store alone until then (and above
        ``index_max_events``).

        A new generation's index is taken from the cache when another worker built it, else
        built on a thread of its own (about a second at 100,000 events): no request waits for
        it, and while articles are being added the views read the database, which is always
        current.  ``wait`` waits for the index (tests, warming up).
        """
        generation = facets["generation"]
        memo = self._reader
        if memo is not None and memo[0] == generation:
            return memo[1]
        if facets["counts"]["events"] > self.index_max_events:
            self._reader = (generation, self.store)
            return self.store
        built = self._built
        index = built[1] if built is not None and built[0] == generation else self.cache.peek(f"index|{generation}")
        if index is None:
            index = self._build(generation, wait=wait)
        if index is None:
            return self.store
        reader = IndexedStore(self.store, index, rows_kept=self.rows_kept)
        self._reader = (generation, reader)
        if self.freeze_indexes:
            # the index lives as long as its generation: out of the collector's full passes (it
            # holds no cycles; reference counting frees it), which would walk it again and again.
            # Everything is collected first (a few ms: what the worker keeps is frozen or holds
            # no containers), so that no garbage cycle is frozen with it: a store that changes
            # every few seconds (a long batch) would otherwise make the worker grow.
            gc.collect()
            gc.freeze()
        return reader

    def warm(self) -> None:
        """Read what every view needs before the first request: the store's facets and its
        index (a hosted worker calls this when it starts, so that no user's request is the
        one that waits for them, or is read from the database while they are built)."""
        self.reader(self.facets(), wait=True)

    def _build(self, generation: str, *, wait: bool) -> EventIndex | None:
        """Start building the index of ``generation`` unless a build is under way; with ``wait``,
        build it and return it."""
        for _ in range(2):  # a build of an older generation may be running: wait for it, then build
            with self._builder_lock:
                builder = self._builder
                if builder is None or not builder.is_alive():
                    if not wait and not self.cache.claim(_build_claim(generation), INDEX_BUILD_SECONDS):
                        return None  # another worker of this host builds it: the cache will hold it
                    builder = self._builder = threading.Thread(
                        target=self._build_index, args=(generation,), name="timeline-index", daemon=True
                    )
                    builder.start()
            if not wait:
                return None
            builder.join()
            built = self._built
            if built is not None and built[0] == generation:
                return built[1]
        return None

    def _build_index(self, generation: str) -> None:
        try:
            index = EventIndex.load(self.store)
        except Exception:  # the views read the database meanwhile; the next request tries again
            log.exception("Building the index of the store's events failed")
            self.cache.release(_build_claim(generation))
            return
        self.cache.put(f"index|{generation}", index)
        self._built = (generation, index)

    def _compute_facets(self) -> dict:
        facets = self.store.facets()
        facets["focus"] = data.focus_range(self.store, facets)
        facets["counts"] = self.store.counts()
        return facets

    def _cached(self, name: str, parts: tuple, compute):
        """``compute(facets)``, or the answer the cache holds for ``name`` and ``parts`` at this generation."""
        facets = self.facets()
        return self.cache.get_or_compute(self._key(name, facets, parts), lambda: compute(facets))

    @staticmethod
    def _key(name: str, facets: dict, parts: tuple) -> str:
        return "|".join((name, facets["generation"], *map(str, parts)))

    # -- the view --------------------------------------------------------------

    def sync_view(self, trigger, search: str | None, trigger_value, controls: list) -> list:
        """``[search, *control values]`` after an action; ``no_update`` where nothing changes."""
        current = state.from_query(search)
        if trigger is None or trigger == ids.URL + ".search":
            view = current
            return [no_update] + [self._control_value(view, key) for _, _, key in CONTROLS]
        if isinstance(trigger, str) and trigger in CONTROL_KEYS:
            view = from_controls(current, controls)
        else:
            view = next_view(trigger, current, trigger_value)
        query = state.to_query(view)
        new_search = query if query != (search or "") else no_update
        # The control that was used keeps its own value (no cursor jumps); the others follow the view.
        outputs = []
        for (cid, prop, key), old in zip(CONTROLS, controls):
            value = self._control_value(view, key)
            outputs.append(no_update if cid + "." + prop == trigger or value == old else value)
        return [new_search] + outputs

    def sync_and_draw(self, trigger, search, trigger_value, controls: list, theme_name=None, version=None) -> list:
        """:meth:`sync_view`, plus the timeline of the new view (figure, status, key) when the view changed."""
        outputs = self.sync_view(trigger, search, trigger_value, controls)
        query = outputs[0]
        if query is no_update:
            return outputs + [no_update, no_update, no_update]
        return outputs + [*self.timeline(query, theme_name), timeline_key(query, theme_name, version)]

    @staticmethod
    def _control_value(view: dict, key: str):
        value = view.get(key)
        if key in ("start", "end"):
            return value[:10] if value else None
        return value

    # -- rendering -------------------------------------------------------------

    def timeline(self, search: str | None, theme_name: str | None) -> tuple:
        """``(figure, status)`` of a view: the figure as the plain dict ``dcc.Graph`` takes."""
        view = state.from_query(search)
        theme_name = theme_name or "light"

        def draw(facets):
            tl = data.timeline(self.reader(facets), view, facets)
            table = data.table_of(tl) if self.cache.keeps else None
            if table is not None:
                # the table follows the timeline on the page (the URL changes with the drawing):
                # when drawing read exactly the table's rows, its answer is ready
                self.cache.put(self._key("table", facets, (state.to_query({**view, "event": None}), "")), table)
            return figures.timeline_spec(tl, theme_name=theme_name, selected=view.get("event")), status_text(tl)

        return self._cached("timeline", (state.to_query(view), theme_name), draw)

    def render_timeline(self, search: str | None, theme_name: str | None, version=None, last_key: str | None = None) -> tuple:
        """``(figure, status, key)``; all ``no_update`` when this view is drawn already (by :meth:`zoom`)."""
        key = timeline_key(search, theme_name, version)
        if key == last_key:
            return no_update, no_update, no_update
        return (*self.timeline(search, theme_name), key)

    def zoom(self, relayout: dict | None, search: str | None, theme_name: str | None, version=None) -> tuple:
        """A zoom drawn in one round trip: ``(figure, status, new search, key)``; the URL follows the figure."""
        bounds = zoom_range(relayout)
        if bounds is None:
            return no_update, no_update, no_update, no_update
        view = next_view(ids.TIMELINE + ".relayoutData", state.from_query(search), relayout)
        facets = self.facets()
        if bounds == (None, None) and facets.get("focus"):
            # a double-click shows everything, not the default view's focus on where most events are
            lo, hi = data.full_range(facets["start"], facets["end"])
            view = state.normalise({**view, "start": lo.isoformat(), "end": hi.isoformat()})
        query = state.to_query(view)
        if query == (search or ""):
            return no_update, no_update, no_update, no_update
        return (*self.timeline(query, theme_name), query, timeline_key(query, theme_name, version))

    def table(self, search: str | None, selected_data: dict | None, version=None, last_key: str | None = None) -> tuple:
        """``(rows, note, selected rows, key)``; rows and note are ``no_update`` when ``last_key`` shows they are sent already."""
        view = state.from_query(search)
        chosen = data.selection_ids(selected_data)
        selected = {"ids": [view["event"]]} if view.get("event") else {"ids": []}
        key = f"{version}|{state.to_query({**view, 'event': None})}|{','.join(chosen)}"
        if key == last_key:
            return no_update, no_update, selected, no_update
        query = state.to_query({**view, "event": None})
        rows, total = self._cached(
            "table", (query, ",".join(chosen)), lambda facets: data.table_rows(self.reader(facets), view, facets, ids=chosen or None)
        )
        if chosen:
            note = f"{total:,} selected on the timeline (drag with the box tool; double-click the timeline to clear)"
        elif total > len(rows):
            note = f"the first {len(rows):,} of {total:,} by date: narrow the filters or zoom to see the rest"
        else:
            note = f"{total:,} event{'s' * (total != 1)}"
        return rows, note, selected, key

    def undated(self, search: str | None, version=None, last_key: str | None = None) -> tuple:
        """``(items, title, key)``; all ``no_update`` when only the range or the selected event changed."""
        view = state.from_query(search)
        key = f"{version}|{state.to_query({**view, 'start': None, 'end': None, 'event': None})}"
        if key == last_key:
            return no_update, no_update, no_update
        query = state.to_query({**view, "start": None, "end": None, "event": None})

        def listed(facets):
            rows = data.undated_rows(self.reader(facets), view)
            return components.undated_list(rows), len(rows)

        items, n = self._cached("undated", (query,), listed)
        title = f"Undated events ({n:,}{'+' if n >= data.UNDATED_ROWS else ''})"
        return items, title, key

    def detail(self, search: str | None) -> tuple:
        view = state.from_query(search)
        event = self.store.event(view["event"]) if view.get("event") else None
        if event is None:
            return [], "detail hidden"
        return components.detail_panel(event), "detail"

    def options(self, _version=None) -> tuple:
        """The filter controls' options and the store's counts: made once per store generation
        (every page load asks for them: 1.9 ms each time at 100,000 events)."""
        facets = self.facets()
        memo = self._options
        if memo is None or memo[0] != facets["generation"]:
            memo = self._options = (facets["generation"], self._options_of(facets))
        return memo[1]

    @staticmethod
    def _options_of(facets: dict) -> tuple:
        counts = facets["counts"]
        stats = f"{counts['articles']:,} article{'s' * (counts['articles'] != 1)} · {counts['events']:,} events · {counts['undated']:,} undated"
        return (
            components.category_options(dict(facets["categories"])),
            components.modality_options(dict(facets["modalities"])),
            components.value_options(facets["actors"]),
            components.value_options(facets["places"]),
            components.value_options(facets["sources"]),
            stats,
        )

    def add(self, text: str | None, published: str | None, title: str | None, contents, filenames, *, extract=adding.extract_events, step=None) -> tuple[str, bool]:
        """Add pasted text or uploaded files: ``(message, added)``; nothing is stored on error."""
        try:
            if contents:
                found = adding.articles_from_uploads(list(contents), list(filenames or []), published=published)
            else:
                found = adding.articles_from_paste(text, published=published, title=title)
            result = adding.add(self.store, found, extract=extract, step=step)
        except adding.AddError as exc:
            return f"Nothing was added. {exc}", False
        return result.message(), True

    @property
    def jobs(self) -> adding.Jobs:
        if self._jobs is None:
            self._jobs = adding.Jobs(self.store.url)
        return self._jobs

    def start_add(self, text, published, title, contents, filenames, *, extract=adding.extract_events) -> str:
        """Start adding on the worker thread; returns the job id the page polls."""
        return self.jobs.start(lambda step: self.add(text, published, title, contents, filenames, extract=extract, step=step))

    def add_progress(self, job: str | None, version) -> tuple:
        """What the page shows of a job: ``(message, class, progress value, progress max, polling off, data version, job, done)``."""
        status = self.jobs.status(job)
        if status is None:
            return "", "add-message", 0, 1, True, no_update, None, True
        if not status["done"]:
            text = f"{status['label']}… (step {status['step'] + 1} of {status['of']}, {status['seconds']:.0f} s)"
            return text, "add-message busy", status["step"], status["of"], False, no_update, job, False
        kind = "ok" if status["added"] else "error"
        return status["message"], f"add-message {kind}", status["of"], status["of"], True, ((version or 0) + 1 if status["added"] else no_update), None, True


def timeline_key(search: str | None, theme_name: str | None, version) -> str:
    """What a drawn timeline depends on: the view, the theme and the data version."""
    return f"{version}|{theme_name or 'light'}|{search or ''}"


def status_text(tl: data.Timeline) -> str:
    if tl.mode == "empty":
        return f"No dated events in this view · {tl.undated:,} undated"
    span = f"{tl.start:%d %b %Y} – {tl.end:%d %b %Y}"
    if tl.mode == "density":
        return (
            f"{tl.total:,} events, {span}: counts per period. "
            f"Zoom in or filter to {data.MAX_EVENTS:,} or fewer to see each event · {tl.undated:,} undated"
        )
    return f"{tl.total:,} event{'s' * (tl.total != 1)}, {span} · {tl.undated:,} undated"
