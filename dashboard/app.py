"""create_app(store) -> Dash: the layout plus thin callbacks wired to :mod:`dashboard.callbacks`."""

from __future__ import annotations

import functools
from pathlib import Path

from dash import ALL, Dash, Input, Output, State, ctx, no_update
from flask import g, has_request_context

from dashboard import components, ids
from dashboard.cache import NoCache
from dashboard.callbacks import CONTROLS, INDEX_MAX_EVENTS, Callbacks
from extract.index import ROWS_KEPT
from extract.store import Store

ASSETS = Path(__file__).resolve().parent.parent / "assets"


#: The response header that says whether a callback's answer came from the cache (``hit``/``miss``).
CACHE_HEADER = "X-Timeline-Cache"


def create_app(
    store: Store,
    *,
    extract=None,
    cache: NoCache | None = None,
    index_max_events: int = INDEX_MAX_EVENTS,
    rows_kept: int = ROWS_KEPT,
    freeze_indexes: bool = False,
) -> Dash:
    """The dashboard over ``store``; ``extract`` replaces the pipeline (tests); ``cache`` keeps
    the read-only callbacks' answers (:mod:`dashboard.cache`; none by default); up to
    ``index_max_events`` events the views are counted in memory (:mod:`extract.index`, keeping
    the ``rows_kept`` rows last shown), each
    index frozen out of the garbage collector's full passes with ``freeze_indexes`` (hosted)."""
    app = Dash(
        __name__,
        title="News event timeline",
        assets_folder=str(ASSETS),
        update_title=None,
        compress=True,  # gzip (flask-compress): the callback responses are mostly repeated JSON keys
    )
    app.layout = components.layout()  # built once: the same for every page load
    work = Callbacks(store, cache, index_max_events=index_max_events, rows_kept=rows_kept, freeze_indexes=freeze_indexes)
    app.server.config["MAX_CONTENT_LENGTH"] = 64 * 1024 * 1024
    app._timeline_callbacks = work  # for tests and the benchmark

    def noted(callback):
        """Say in a response header whether the callback's answer came from the cache."""

        @functools.wraps(callback)
        def run(*args):
            work.cache.forget()
            result = callback(*args)
            if work.cache.outcome() and has_request_context():
                g.timeline_cache = work.cache.outcome()
            return result

        return run

    @app.server.before_request
    def one_connection():
        # registered before the sign-in check: the user, the generation and the queries of a
        # request share one pooled connection (one checkout)
        g.timeline_reads = store.one_connection()
        g.timeline_reads.__enter__()

    @app.server.teardown_request
    def release_connection(_exc):
        held = g.pop("timeline_reads", None)
        if held is not None:
            held.__exit__(None, None, None)

    @app.server.after_request
    def cache_header(response):
        outcome = g.get("timeline_cache")
        if outcome:
            response.headers[CACHE_HEADER] = outcome
        return response

    control_outputs = [Output(cid, prop, allow_duplicate=False) for cid, prop, _ in CONTROLS]
    control_inputs = [Input(cid, prop) for cid, prop, _ in CONTROLS]

    @app.callback(
        Output(ids.URL, "search"),
        *control_outputs,
        # a filter or a click draws the timeline in the same round trip; the URL change that
        # follows finds it drawn (render_timeline), so only the table and the lists follow it
        Output(ids.TIMELINE, "figure", allow_duplicate=True),
        Output(ids.STATUS, "children", allow_duplicate=True),
        Output(ids.TIMELINE_KEY, "data", allow_duplicate=True),
        Input(ids.URL, "search"),
        *control_inputs,
        Input(ids.TIMELINE, "clickData"),
        Input(ids.TABLE, "cellClicked"),
        Input(ids.DETAIL_CLOSE, "n_clicks"),
        Input(ids.RESET, "n_clicks"),
        Input(ids.undated_item(ALL), "n_clicks"),
        State(ids.THEME, "data"),
        State(ids.DATA_VERSION, "data"),
        prevent_initial_call="initial_duplicate",
    )
    @noted
    def sync_view(search, *values):
        controls = list(values[: len(CONTROLS)])
        theme_name, version = values[-2:]
        trigger = ctx.triggered_id
        if isinstance(trigger, str):
            prop = ctx.triggered[0]["prop_id"].rsplit(".", 1)[-1]
            trigger = f"{trigger}.{prop}"
            value = ctx.triggered[0]["value"]
        elif trigger is not None:  # an undated item
            if not ctx.triggered[0]["value"]:
                return [no_update] * (4 + len(CONTROLS))
            value = None
        else:
            value = None
        return work.sync_and_draw(trigger, search, value, controls, theme_name, version)

    @app.callback(
        Output(ids.TIMELINE, "figure"),
        Output(ids.STATUS, "children"),
        Output(ids.TIMELINE_KEY, "data"),
        Input(ids.URL, "search"),
        Input(ids.THEME, "data"),
        Input(ids.DATA_VERSION, "data"),
        State(ids.TIMELINE_KEY, "data"),
    )
    @noted
    def render_timeline(search, theme_name, version, last_key):
        return work.render_timeline(search, theme_name, version, last_key)

    @app.callback(
        Output(ids.TIMELINE, "figure", allow_duplicate=True),
        Output(ids.STATUS, "children", allow_duplicate=True),
        Output(ids.URL, "search", allow_duplicate=True),
        Output(ids.TIMELINE_KEY, "data", allow_duplicate=True),
        Input(ids.TIMELINE, "relayoutData"),
        State(ids.URL, "search"),
        State(ids.THEME, "data"),
        State(ids.DATA_VERSION, "data"),
        prevent_initial_call=True,
    )
    @noted
    def zoom(relayout, search, theme_name, version):
        # one round trip: the figure comes back with the new URL, which then redraws only the table
        return work.zoom(relayout, search, theme_name, version)

    @app.callback(
        Output(ids.TABLE, "rowData"),
        Output(ids.TABLE_NOTE, "children"),
        Output(ids.TABLE, "selectedRows"),
        Output(ids.TABLE_KEY, "data"),
        Input(ids.URL, "search"),
        Input(ids.DATA_VERSION, "data"),
        Input(ids.TIMELINE, "selectedData"),
        State(ids.TABLE_KEY, "data"),
    )
    @noted
    def render_table(search, version, selected, last_key):
        return work.table(search, selected, version, last_key)

    @app.callback(
        Output(ids.UNDATED, "children"),
        Output(ids.UNDATED_TITLE, "children"),
        Output(ids.UNDATED_KEY, "data"),
        Input(ids.URL, "search"),
        Input(ids.DATA_VERSION, "data"),
        State(ids.UNDATED_KEY, "data"),
    )
    @noted
    def render_undated(search, version, last_key):
        return work.undated(search, version, last_key)

    @app.callback(
        Output(ids.DETAIL_BODY, "children"),
        Output(ids.DETAIL, "className"),
        Input(ids.URL, "search"),
        Input(ids.DATA_VERSION, "data"),
    )
    def render_detail(search, _version):
        return work.detail(search)

    @app.callback(
        Output(ids.CATEGORIES, "options"),
        Output(ids.MODALITIES, "options"),
        Output(ids.ACTORS, "options"),
        Output(ids.PLACES, "options"),
        Output(ids.SOURCES, "options"),
        Output(ids.STATS, "children"),
        Input(ids.DATA_VERSION, "data"),
    )
    def render_options(version):
        return work.options(version)

    @app.callback(
        Output(ids.ADD_JOB, "data"),
        Output(ids.ADD_POLL, "disabled"),
        Output(ids.ADD_SUBMIT, "disabled"),
        Output(ids.ADD_MESSAGE, "children"),
        Output(ids.ADD_MESSAGE, "className"),
        Output(ids.ADD_PROGRESS, "className"),
        Input(ids.ADD_SUBMIT, "n_clicks"),
        State(ids.ADD_TEXT, "value"),
        State(ids.ADD_PUBLISHED, "value"),
        State(ids.ADD_TITLE, "value"),
        State(ids.ADD_UPLOAD, "contents"),
        State(ids.ADD_UPLOAD, "filename"),
        prevent_initial_call=True,
    )
    def add_articles(_clicks, text, published, title, contents, filenames):
        # returns at once: the work runs on a worker thread and the page polls it (add_progress)
        kwargs = {"extract": extract} if extract is not None else {}
        job = work.start_add(text, published, title, contents, filenames, **kwargs)
        return job, False, True, "Reading the input…", "add-message busy", "add-progress"

    @app.callback(
        Output(ids.ADD_MESSAGE, "children", allow_duplicate=True),
        Output(ids.ADD_MESSAGE, "className", allow_duplicate=True),
        Output(ids.ADD_PROGRESS, "value"),
        Output(ids.ADD_PROGRESS, "max"),
        Output(ids.ADD_POLL, "disabled", allow_duplicate=True),
        Output(ids.DATA_VERSION, "data"),
        Output(ids.ADD_JOB, "data", allow_duplicate=True),
        Output(ids.ADD_SUBMIT, "disabled", allow_duplicate=True),
        Output(ids.ADD_PROGRESS, "className", allow_duplicate=True),
        Output(ids.ADD_UPLOAD, "contents"),
        Output(ids.ADD_TEXT, "value"),
        Input(ids.ADD_POLL, "n_intervals"),
        State(ids.ADD_JOB, "data"),
        State(ids.DATA_VERSION, "data"),
        prevent_initial_call=True,
    )
    def add_progress(_n, job, version):
        if not job:
            return [no_update] * 11
        message, cls, value, top, stop, new_version, job, done = work.add_progress(job, version)
        cleared = (None, "") if new_version is not no_update else (no_update, no_update)
        return message, cls, value, top, stop, new_version, job, not done, "add-progress" + " hidden" * done, *cleared

    @app.callback(Output(ids.ADD_FILES, "children"), Input(ids.ADD_UPLOAD, "filename"))
    def show_files(filenames):
        return f"Chosen: {', '.join(filenames)}" if filenames else ""

    app.clientside_callback(
        """function (n, theme) {
            const next = n ? (theme === 'dark' ? 'light' : 'dark') : (theme || 'light');
            document.documentElement.dataset.theme = next;
            return next;
        }""",
        Output(ids.THEME, "data"),
        Input(ids.THEME_TOGGLE, "n_clicks"),
        State(ids.THEME, "data"),
    )
    app.clientside_callback(
        """function (n, cls) {
            if (!n) { return window.dash_clientside.no_update; }
            return cls.includes('hidden') ? 'add-panel' : 'add-panel hidden';
        }""",
        Output(ids.ADD_PANEL, "className"),
        Input(ids.ADD_OPEN, "n_clicks"),
        State(ids.ADD_PANEL, "className"),
    )
    app.clientside_callback(
        "function (n) { return window.location.href; }",
        Output(ids.COPY_LINK, "content"),
        Input(ids.COPY_LINK, "n_clicks"),
    )

    @app.callback(
        Output(ids.EXPORT_DOWNLOAD, "data"),
        Output(ids.EXPORT_MESSAGE, "children"),
        Input(ids.EXPORT_BUTTON, "n_clicks"),
        State(ids.URL, "search"),
        State(ids.EXPORT_FORMAT, "value"),
        State(ids.EXPORT_LAYOUT, "value"),
        State(ids.EXPORT_SIZE, "value"),
        prevent_initial_call=True,
    )
    def export_view(_clicks, search, choice, layout, size):
        # the same file as `python -m dashboard export` for this view; one Chromium stays warm
        from dashboard import export

        download, message = export.menu_download(store, search, choice, layout, size, facets=work.facets())
        return (download if download is not None else no_update), message

    return app
