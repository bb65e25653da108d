"""Callbacks, called as plain functions after the app exists."""

import base64
import datetime as dt
import threading
import time

import pytest
from dash import no_update

from dashboard import create_app, ids, state
from dashboard.callbacks import CONTROLS, Callbacks, next_view, zoom_range
from dashboard.fake import generate
from extract.store import EventFilter, Store


def fake_extract(articles):
    """Stands in for the pipeline: one 'talks' event per article, dated by its publication."""
    events = []
    for a in articles:
        sentence = a.text.split("\n")[0][:200]
        day = dt.datetime.combine(a.published, dt.time()) if not isinstance(a.published, dt.datetime) else a.published
        events.append({
            "id": f"ev-{a.id}", "category": "talks", "modality": "asserted", "value": f"{day:%Y-%m-%d}",
            "start": day.isoformat(), "end": (day + dt.timedelta(days=1)).isoformat(), "grain": "day",
            "time_text": "", "sentence": sentence, "actors": [], "places": [],
            "sources": [{"article_id": a.id, "sentence": sentence, "start": 0, "end": len(sentence)}],
            "published": a.published.isoformat(), "published_inferred": a.published_inferred, "rule": "fake", "schema_version": 1,
        })  # fmt: skip
    return events


@pytest.fixture
def store():
    s = Store("sqlite://")
    s.add(*generate(200, start=dt.date(2022, 2, 1), days=20))
    return s


@pytest.fixture
def work(store):
    return Callbacks(store)


def upload(text: bytes) -> str:
    return "data:application/octet-stream;base64," + base64.b64encode(text).decode()


def test_the_app_wires_every_callback(store):
    app = create_app(store)
    outputs = " ".join(app.callback_map)
    for component in (ids.URL, ids.TIMELINE, ids.TABLE, ids.DETAIL_BODY, ids.UNDATED, ids.ADD_MESSAGE, ids.THEME):
        assert component in outputs


def controls(**values):
    """The values of the filter controls, as the sync callback receives them."""
    view = {**state.default(), **values}
    return [view[key] for _, _, key in CONTROLS]


def test_ticking_a_category_writes_it_into_the_url(work):
    out = work.sync_view(ids.CATEGORIES + ".value", "", ["talks"], controls(categories=["talks"]))
    assert out[0] == "?cat=talks"


def test_two_quick_clicks_never_undo_each_other(work):
    # The second click arrives before the URL holds the first: the controls still show both.
    out = work.sync_view(ids.MODALITIES + ".value", "", ["asserted"], controls(categories=["statement"], modalities=["asserted"]))
    assert out[0] == "?cat=statement&mod=asserted"


def test_a_zoom_finer_than_a_day_survives_a_filter_change(work):
    search = "?from=2022-02-14T06:00:00&to=2022-02-15T18:00:00"
    out = work.sync_view(ids.CATEGORIES + ".value", search, ["talks"], controls(categories=["talks"], start="2022-02-14", end="2022-02-15"))
    assert out[0] == "?cat=talks&from=2022-02-14T06:00:00&to=2022-02-15T18:00:00"


def test_opening_a_link_sets_every_control(work):
    out = work.sync_view(ids.URL + ".search", "?cat=talks&q=putin&lanes=actor&from=2022-02-01", None, [None] * len(CONTROLS))
    assert out[0] is no_update
    values = dict(zip([key for _, _, key in CONTROLS], out[1:]))
    assert values == {"q": "putin", "lanes": "actor", "categories": ["talks"], "modalities": [], "actors": [], "places": [], "sources": [], "start": "2022-02-01", "end": None}


def test_the_control_being_typed_into_is_left_alone(work):
    out = work.sync_view(ids.SEARCH + ".value", "", "nlaw", controls(q="nlaw"))
    assert out[0] == "?q=nlaw"
    assert out[1] is no_update


@pytest.mark.parametrize(
    "relayout, expected",
    [
        ({"xaxis.range[0]": "2022-02-14 05:23:11.234", "xaxis.range[1]": "2022-02-16"}, ("2022-02-14T05:23:11", "2022-02-16T00:00:00")),
        ({"xaxis.range": ["2022-02-01", "2022-02-03"]}, ("2022-02-01T00:00:00", "2022-02-03T00:00:00")),
        ({"xaxis.autorange": True}, (None, None)),
        ({"dragmode": "select"}, None),
        (None, None),
    ],
    ids=["zoom-box", "range-slider", "double-click", "other-relayout", "nothing"],
)
def test_zoom_gives_the_range_of_the_view(relayout, expected):
    assert zoom_range(relayout) == expected


def test_a_zoom_then_a_double_click_returns_to_everything():
    zoomed = next_view(ids.TIMELINE + ".relayoutData", state.default(), {"xaxis.range[0]": "2022-02-14", "xaxis.range[1]": "2022-02-16"})
    assert zoomed["start"] == "2022-02-14" and zoomed["end"] == "2022-02-16"
    back = next_view(ids.TIMELINE + ".relayoutData", zoomed, {"xaxis.autorange": True})
    assert back["start"] is None and back["end"] is None


def test_clicking_an_event_on_the_timeline_the_table_or_the_undated_list_selects_it():
    view = state.default()
    assert next_view(ids.TIMELINE + ".clickData", view, {"points": [{"customdata": "e1"}]})["event"] == "e1"
    assert next_view(ids.TABLE + ".cellClicked", view, {"rowId": "e2", "colId": "sentence"})["event"] == "e2"
    assert next_view(ids.undated_item("e3"), view, None)["event"] == "e3"
    assert next_view(ids.DETAIL_CLOSE + ".n_clicks", {**view, "event": "e1"}, 1)["event"] is None


def test_reset_clears_every_filter():
    view = state.normalise({"categories": ["talks"], "q": "x", "start": "2022-01-01"})
    assert next_view(ids.RESET + ".n_clicks", view, 1) == state.default()


def test_the_timeline_and_status_follow_the_url(work):
    figure, status = work.timeline("?cat=talks", "dark")
    assert {t["name"] for t in figure["data"] if t["mode"] == "markers"} == {"Talks"}
    assert "events" in status


def test_the_detail_panel_opens_for_the_event_in_the_url(work, store):
    event_id = store.select(EventFilter(), limit=1)[0]["id"]
    children, cls = work.detail(f"?event={event_id}")
    assert cls == "detail" and children
    text = str(children)
    assert "Why this date?" in text and "Sources (" in text
    assert work.detail("") == ([], "detail hidden")
    assert work.detail("?event=unknown")[1] == "detail hidden"


def test_a_box_selection_narrows_the_table(work, store):
    chosen = [r["id"] for r in store.select(EventFilter(dated=True), limit=3)]
    rows, note, _, _ = work.table("", {"points": [{"customdata": i} for i in chosen]})
    assert sorted(r["id"] for r in rows) == sorted(chosen)
    assert "selected" in note


def test_the_filter_options_count_the_events_of_the_store(work):
    categories, modalities, actors, places, sources, stats = work.options()
    assert categories and modalities and actors and places and sources
    assert "200 events" in stats


def test_the_filter_options_follow_an_added_article(work, store):
    before = work.options()
    assert work.options() == before  # the same store: the same options
    message, added = work.add("Talks were held in Reykjavik yesterday.", "2022-02-16", "Talks", None, None, extract=fake_extract)
    assert added, message
    after = work.options()
    assert after != before and "201 events" in after[-1]


def test_pasted_text_is_extracted_and_stored(work, store):
    before = store.counts()["articles"]
    message, added = work.add("Talks were held in Geneva yesterday.", "2022-02-16", "Geneva talks", None, None, extract=fake_extract)
    assert added, message
    assert "Added 1 article and 1 event" in message
    assert store.counts()["articles"] == before + 1
    again, _ = work.add("Talks were held in Geneva yesterday.", "2022-02-16", "Geneva talks", None, None, extract=fake_extract)
    assert "already in the store" in again


def test_uploaded_files_of_each_format_are_read(work, store):
    files = {
        "a.txt": b"Troops moved towards the border on Tuesday.",
        "b.json": b'[{"id": "j1", "title": "J", "text": "Talks in Minsk.", "published": "2022-02-10"}]',
        "c.jsonl": b'{"id": "l1", "text": "Talks in Kyiv.", "published": "2022-02-11"}\n{"id": "l2", "text": "Drills near Brest.", "published": "2022-02-12"}\n',
        "d.csv": b"id,title,text,published\nc1,C,Sanctions announced.,2022-02-13\n",
        "e.html": b"<html><head><title>Page</title></head><body><article><p>" + b"Cyber attacks hit government websites last night. " * 5 + b"</p></article></body></html>",
    }
    message, added = work.add("", "2022-02-16", "", [upload(v) for v in files.values()], list(files), extract=fake_extract)
    assert added, message
    assert "Added 6 articles" in message


@pytest.mark.parametrize(
    "contents, names, published, fragment",
    [
        ([], [], "2022-02-16", "Paste the text"),
        ([upload(b"")], ["empty.txt"], "2022-02-16", "empty.txt: the file is empty"),
        ([upload(b"\x00\x01\x02binary")], ["blob.txt"], "2022-02-16", "blob.txt: a binary file"),
        ([upload(b"Some text.")], ["a.txt"], "16/02/2022x", "not a date"),
        ([upload(b"x" * 5_000_001)], ["big.txt"], "2022-02-16", "big.txt: file too large"),
        ([upload(b"MZ...")], ["tool.exe"], "2022-02-16", "tool.exe: not a supported file type"),
        ([upload(b"id,title\n1,no text\n")], ["bad.csv"], "2022-02-16", "bad.csv"),
    ],
    ids=["nothing", "empty-file", "binary-file", "bad-date", "too-large", "wrong-type", "csv-without-text"],
)
def test_bad_input_gets_a_clear_message_and_stores_nothing(work, store, contents, names, published, fragment):
    before = store.counts()
    message, added = work.add("", published, "", contents, names, extract=fake_extract)
    assert not added
    assert message.startswith("Nothing was added.")
    assert fragment in message
    assert store.counts() == before


def test_one_bad_file_in_a_batch_stores_none_of_the_batch(work, store):
    before = store.counts()
    message, added = work.add("", "2022-02-16", "", [upload(b"Good article text."), upload(b"")], ["good.txt", "empty.txt"], extract=fake_extract)
    assert not added and "empty.txt" in message
    assert store.counts() == before


def test_a_zoom_is_drawn_in_one_round_trip_and_the_url_follows(work):
    figure, _, search, key = work.zoom({"xaxis.range[0]": "2022-02-05", "xaxis.range[1]": "2022-02-10"}, "?cat=talks", "light", 0)
    assert state.from_query(search)["start"] == "2022-02-05" and state.from_query(search)["categories"] == ["talks"]
    assert str(figure["layout"]["xaxis"]["range"][0]).startswith("2022-02-05")
    # the URL change that follows does not draw the same figure again
    assert work.render_timeline(search, "light", 0, key) == (no_update, no_update, no_update)
    assert work.render_timeline(search, "dark", 0, key)[2] != key


def test_a_relayout_that_is_not_a_zoom_draws_nothing(work):
    assert work.zoom({"autosize": True}, "?cat=talks", "light", 0) == (no_update,) * 4


@pytest.fixture
def file_work(tmp_path):
    """A store in a file: the worker thread that adds articles opens its own connection."""
    s = Store(f"sqlite:///{tmp_path / 'jobs.db'}")
    s.add(*generate(20, start=dt.date(2022, 2, 1), days=5))
    return Callbacks(s), s


def wait_for_step(work, job, step):
    for _ in range(500):
        if work.jobs.status(job)["step"] >= step:
            return
        time.sleep(0.01)
    raise AssertionError(f"the job never reached step {step}")


def test_adding_runs_on_a_worker_thread_and_the_page_sees_its_progress(file_work):
    work, store = file_work
    before = store.counts()["articles"]
    gate = threading.Event()

    def slow_extract(articles):
        gate.wait(10)
        return fake_extract(articles)

    job = work.start_add("Talks were held in Oslo yesterday.", "2022-02-16", "Oslo talks", None, None, extract=slow_extract)
    wait_for_step(work, job, 1)
    message, cls, value, top, stop, version, still, done = work.add_progress(job, 3)
    assert "Extracting events" in message and cls == "add-message busy"
    assert (value, top, stop, version, still, done) == (1, 3, False, no_update, job, False)
    gate.set()
    work.jobs.wait(job)
    message, cls, value, top, stop, version, still, done = work.add_progress(job, 3)
    assert "Added 1 article" in message and cls == "add-message ok"
    assert (value, stop, version, still, done) == (3, True, 4, None, True)
    assert store.counts()["articles"] == before + 1


@pytest.mark.parametrize(
    "text, published",
    [("", "2022-02-16"), ("Some article text.", "the day after tomorrow")],
    ids=["empty text", "a date that is not a date"],
)
def test_bad_input_on_the_worker_gets_a_message_and_stores_nothing(file_work, text, published):
    work, store = file_work
    before = store.counts()
    job = work.start_add(text, published, "", None, None, extract=fake_extract)
    work.jobs.wait(job)
    message, cls, *_, version, still, done = work.add_progress(job, 3)
    assert message.startswith("Nothing was added.") and cls == "add-message error"
    assert (version, still, done) == (no_update, None, True)
    assert store.counts() == before


def test_an_unknown_job_shows_nothing_and_stops_polling(work):
    message, _, _, _, stop, version, still, done = work.add_progress("no-such-job", 3)
    assert (message, stop, version, still, done) == ("", True, no_update, None, True)


def test_a_filter_draws_the_timeline_in_the_same_round_trip(work):
    outputs = work.sync_and_draw(ids.CATEGORIES + ".value", "", ["talks"], controls(categories=["talks"]), "light", 0)
    search, _, status, key = outputs[0], *outputs[-3:]
    assert search == "?cat=talks" and "event" in status
    assert work.render_timeline(search, "light", 0, key) == (no_update, no_update, no_update)
    # opening a link (the URL changes first) leaves the drawing to render_timeline
    assert work.sync_and_draw(ids.URL + ".search", "?cat=talks", "?cat=talks", controls(), "light", 0)[-3:] == [no_update] * 3


def html_undated_list(rows):
    """The undated list as Dash components: what ``components.undated_list`` writes as JSON directly."""
    from dash import html

    from dashboard import theme

    if not rows:
        return [html.Li("None in this view.", className="hint")]
    return [
        html.Li(
            html.Button(
                [
                    html.Span(className="swatch", style={"backgroundColor": theme.colour(r["category"])}),
                    html.Span(theme.category_label(r["category"]), className="chip-label"),
                    html.Span(r["sentence"], className="undated-sentence"),
                ],
                id=ids.undated_item(r["id"]),
                className="undated-item",
                n_clicks=0,
            )
        )
        for r in rows
    ]


def test_the_undated_list_is_sent_as_the_json_of_its_components(work, store):
    from dash._utils import to_json

    from dashboard import data

    for search in ("", "?cat=talks", "?q=no-such-word-anywhere"):
        items, title, _ = work.undated(search, 0, None)
        rows = data.undated_rows(store, state.from_query(search))
        assert to_json(items) == to_json(html_undated_list(rows))
        assert f"({len(rows):,}" in title
    assert to_json(html_undated_list([])) == to_json(work.undated("?q=no-such-word-anywhere", 0, None)[0])


def test_the_filter_options_are_sent_as_the_json_of_their_components():
    from dash import html
    from dash._utils import to_json

    from dashboard import components, theme

    def option(mark, label, n):
        """One option's label as Dash components: what the builders write as JSON directly."""
        spans = [mark, html.Span(label, className="opt-label"), html.Span(f"{n:,}", className="opt-count")]
        return html.Span(spans, className="opt")

    def category(c, n):
        return option(html.Span(className="swatch", style={"backgroundColor": theme.colour(c)}), theme.category_label(c), n)

    def modality(m, n):
        glyph = html.Span(theme.MODALITY_GLYPHS.get(m, "●"), className="glyph", **{"aria-hidden": "true"})
        return option(glyph, theme.modality_style(m)[3] if m in theme.MODALITIES else m, n)

    cases = [
        (components.category_options, theme.CATEGORIES, category, {}),
        (components.category_options, theme.CATEGORIES, category, {"talks": 3, "exercise": 1200}),
        (components.category_options, theme.CATEGORIES, category, {"talks": 1, "not-a-category": 2, "other": 5}),
        (components.modality_options, theme.MODALITIES, modality, {"asserted": 10, "planned": 2}),
        (components.modality_options, theme.MODALITIES, modality, {"asserted": 1, "rumoured": 3}),
    ]
    for build, known, expected_label, counts in cases:
        ordered = [k for k in known if k in counts] + sorted(set(counts) - set(known))
        got = build(counts)
        assert [o["value"] for o in got] == ordered
        assert to_json([o["label"] for o in got]) == to_json([expected_label(k, counts[k]) for k in ordered])
