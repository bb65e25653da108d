"""Timeline figures, built without a server."""

import dataclasses
import datetime as dt

import pytest

from dashboard import data, figures, state, theme
from dashboard.fake import generate
from extract.store import Store


@pytest.fixture(scope="module")
def store():
    s = Store("sqlite://")
    s.add(*generate(60, start=dt.date(2022, 2, 1), days=10))
    return s


@pytest.fixture(scope="module")
def events_view(store):
    return data.timeline(store, state.default(), store.facets())


def marker_traces(fig):
    return [t for t in fig.data if t.type in ("scatter", "scattergl") and t.mode == "markers"]


def test_events_are_markers_coloured_by_category(events_view):
    fig = figures.timeline_figure(events_view)
    markers = marker_traces(fig)
    assert markers
    for trace in markers:
        assert trace.marker.color in {c for c, _ in theme.CATEGORIES.values()}
    assert sum(len(t.x) for t in markers) == events_view.total


def test_weeks_and_months_are_bars_and_nights_short_spans(events_view):
    fig = figures.timeline_figure(events_view)
    lines = [t for t in fig.data if t.mode == "lines"]
    frame = events_view.frame
    assert sum(len(t.x) for t in lines) == 3 * len(frame[frame["shape"] != "point"])
    widths = {t.line.width for t in lines}
    assert widths <= {figures.BAR_WIDTH["bar"], figures.BAR_WIDTH["span"]}


def test_modality_changes_the_symbol_not_only_the_colour(events_view):
    fig = figures.timeline_figure(events_view)
    symbols = {s for t in marker_traces(fig) for s in t.marker.symbol}
    modalities = set(events_view.frame["modality"])
    assert symbols == {theme.MODALITIES[m][0] for m in modalities}


def test_each_marker_carries_its_event_id_for_clicks(events_view):
    fig = figures.timeline_figure(events_view)
    ids = [i for t in marker_traces(fig) for i in t.customdata]
    assert sorted(ids) == sorted(events_view.frame["id"])


def test_hover_shows_sentence_time_expression_and_date(events_view):
    row = events_view.frame.iloc[0]
    text = figures.hover_text(row)
    assert row["sentence"][:20] in text
    assert data.when(row) in text


def test_article_text_is_escaped_before_plotly_reads_it():
    row = {"category": "talks", "modality": "asserted", "time_text": "<b>today</b>", "start": "2022-02-15", "end": "2022-02-16",
           "grain": "day", "sentence": "<script>alert(1)</script><img src=x onerror=alert(2)>", "n_sources": 1}  # fmt: skip
    text = figures.hover_text(row)
    assert "<script>" not in text and "<img" not in text and "&lt;script&gt;" in text


def test_the_selected_event_gets_a_ring(events_view):
    chosen = events_view.frame.iloc[0]["id"]
    fig = figures.timeline_figure(events_view, selected=chosen)
    rings = [s for s in fig.layout.shapes if s.type == "circle"]
    assert len(rings) == 1


def test_lanes_are_labelled_in_taxonomy_order(events_view):
    fig = figures.timeline_figure(events_view)
    labels = list(fig.layout.yaxis.ticktext)
    assert len(labels) == len(events_view.lanes)
    expected = [theme.category_label(c) for c in events_view.lanes]
    assert all(name in label for name, label in zip(expected, labels))


def test_a_density_view_is_one_bar_trace_per_lane_and_stays_small():
    store = Store("sqlite://")
    store.add(*generate(5_000))
    tl = data.timeline(store, state.default(), store.facets(), max_events=500)
    fig = figures.timeline_figure(tl)
    assert {t.type for t in fig.data} == {"bar"}
    assert len(fig.data) <= len(tl.lanes)
    assert len(fig.to_json()) < 300_000


def test_dark_theme_changes_the_colours_not_the_data(events_view):
    light = figures.timeline_figure(events_view, theme_name="light")
    dark = figures.timeline_figure(events_view, theme_name="dark")
    assert light.layout.plot_bgcolor != dark.layout.plot_bgcolor
    assert [len(t.x) for t in light.data] == [len(t.x) for t in dark.data]


def test_the_x_axis_shows_the_real_dates_of_the_view(events_view):
    fig = figures.timeline_figure(events_view)
    start, _ = fig.layout.xaxis.range
    assert str(start).startswith(f"{events_view.start:%Y-%m-%d}")
    assert fig.layout.xaxis.type == "date"


def test_an_empty_view_says_so():
    fig = figures.empty_figure("No dated events match this view.")
    assert fig.layout.annotations[0].text == "No dated events match this view."


def test_a_few_events_are_svg_and_many_are_webgl(events_view, monkeypatch):
    assert {t.type for t in figures.timeline_figure(events_view).data} == {"scatter"}
    monkeypatch.setattr(figures, "SVG_MAX_EVENTS", 10)
    assert {t.type for t in figures.timeline_figure(events_view).data} == {"scattergl"}


def test_events_off_the_edges_of_the_view_are_counted_at_the_lane_edge(store):
    facets = store.facets()
    tl = data.timeline(store, state.default(), facets)
    frame = tl.frame
    middle = frame["x"].min() + (frame["x"].max() - frame["x"].min()) / 2
    narrow = dataclasses.replace(tl, start=middle.to_pydatetime(), end=frame["x"].max().to_pydatetime() + dt.timedelta(days=1))
    fig = figures.timeline_figure(narrow)
    notes = [a.text for a in fig.layout.annotations if "earlier" in a.text]
    assert notes and sum(int(t.split()[1].replace(",", "")) for t in notes) == int((frame["x1"] <= middle).sum())


def test_the_mode_bar_sits_above_the_date_labels(events_view):
    assert figures.timeline_figure(events_view).layout.margin.t >= 60


@pytest.mark.parametrize("lanes", ["actor", "source"])
def test_the_category_legend_sits_between_the_mode_bar_and_the_date_labels(store, lanes):
    view = data.timeline(store, state.from_query(f"?lanes={lanes}"), store.facets())
    layout = figures.timeline_figure(view).layout
    assert layout.showlegend
    assert layout.legend.yref == "container" and layout.legend.yanchor == "top"
    legend_top_px = (1 - layout.legend.y) * layout.height  # from the figure's top edge
    assert 25 <= legend_top_px  # below the mode bar
    assert layout.margin.t - legend_top_px >= 55  # room for the legend row and the two-line date labels


def test_category_lanes_need_no_legend(events_view):
    assert not figures.timeline_figure(events_view).layout.showlegend
