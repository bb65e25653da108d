"""Timeline figures: a :class:`dashboard.data.Timeline` -> ``go.Figure``.

Pure functions, tested without a server.  Individual events are SVG
(``Scatter``) traces, WebGL (``Scattergl``) above ``SVG_MAX_EVENTS``: one marker trace per category plus line traces for
the events that last longer than a point, so a figure has a few dozen traces
whatever the number of events.  A density view is one bar trace per lane.

Every piece of text that comes from an article (sentences, names) is escaped
before Plotly sees it: Plotly reads a small set of HTML tags in labels.
"""

from __future__ import annotations

import copy
import functools
import html

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard import theme
from dashboard.data import Timeline, when

ROW_PX = 30
LANE_PAD = 0.7  # rows of space between lanes
DENSITY_ROWS = 2.2  # height of a lane in a density view, in rows
BAR_WIDTH = {"bar": 9, "span": 5}
#: Up to this many events the markers are SVG (``Scatter``): measured in headless Chromium, a
#: figure of a few hundred events redraws in about 100 ms as SVG and 150-450 ms as WebGL, whose
#: start-up dominates.  Above it they are WebGL (``Scattergl``).
SVG_MAX_EVENTS = 1000


def esc(text) -> str:
    """Text made safe for a Plotly label (no tag from an article is ever read as markup)."""
    return html.escape(str(text), quote=False)


#: Characters of the sentence a hover shows; the detail panel (a click) has all of it.
HOVER_CHARS = 140


def _wrap(text: str, width: int = 72, limit: int = HOVER_CHARS) -> str:
    """``text`` cut to ``limit`` characters and broken into lines of at most ``width`` at spaces
    (a word longer than a line keeps its own line)."""
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    text = " ".join(text.split())
    lines: list[str] = []
    while len(text) > width:
        # the longest run of whole words that fits: up to the last space within the width
        cut = text.rfind(" ", 0, width + 1)
        if cut < 0:
            cut = text.find(" ")
            if cut < 0:
                break
        lines.append(text[:cut])
        text = text[cut + 1 :]
    if text:
        lines.append(text)
    return "<br>".join(esc(line) for line in lines)


def _iso(moments) -> list[str]:
    """Dates as the ISO text Plotly reads (quicker to send than Timestamp objects; numpy writes
    them ten times faster than ``Series.dt.strftime``)."""
    return np.datetime_as_string(np.asarray(moments, dtype="datetime64[ns]"), unit="s").tolist()


def lane_layout(tl: Timeline) -> tuple[dict[str, float], dict[str, float], float]:
    """The top of each lane, its centre and the total height, in rows (top lane first)."""
    tops, centres = {}, {}
    y = 0.0
    for lane in tl.lanes:
        rows = DENSITY_ROWS if tl.mode == "density" else max(1, tl.rows.get(lane, 1))
        tops[lane] = y
        centres[lane] = y + LANE_PAD / 2 + rows / 2
        y += rows + LANE_PAD
    return tops, centres, max(y, 1.0)


def lane_label(tl: Timeline, lane: str, colours: dict) -> str:
    n = tl.counts.get(lane)
    count = f"  <span style='color:{colours['muted']}'>{n:,}</span>" if n is not None else ""
    if tl.lane_kind == "category":
        return f"<span style='color:{theme.colour(lane)}'>■</span> {esc(theme.category_label(lane))}{count}"
    name = lane if len(lane) <= 28 else lane[:27] + "…"
    return f"{esc(name)}{count}"


def hover_text(row) -> str:
    """An event's label under the pointer: category, modality, the date and why, the sentence."""
    return _hover(
        row["category"], row["modality"], row["time_text"], row["start"], row["end"], row["grain"], row["sentence"], row["n_sources"]
    )


def _hover(category, modality, time_text, start, end, grain, sentence, n_sources) -> str:
    said = f"“{esc(time_text)}” → " if time_text else ""
    sources = f"<br>{n_sources} sources" if n_sources > 1 else ""
    return f"{_hover_kind(category, modality)}{said}{_hover_date(start, end, grain)}{_wrap(sentence)}{sources}"


@functools.lru_cache(maxsize=256)
def _hover_kind(category: str, modality: str) -> str:
    # a few categories and modalities: each pair written once
    return f"<b>{esc(theme.category_label(category))}</b> · {esc(modality)}<br>"


@functools.lru_cache(maxsize=4096)
def _hover_date(start, end, grain) -> str:
    # the events of a view share a few dates
    return f"<b>{esc(when({'start': start, 'end': end, 'grain': grain}))}</b> ({esc(grain or 'undated')})<br>"


def _base_layout(tl: Timeline, colours: dict, height_rows: float) -> dict:
    tops, centres, total = lane_layout(tl)
    shapes = []
    for i, lane in enumerate(tl.lanes):
        if i % 2 == 0:
            shapes.append(
                {
                    "type": "rect", "xref": "paper", "yref": "y", "x0": 0, "x1": 1, "y0": tops[lane], "y1": tops[lane] + total_rows(tl, lane) + LANE_PAD,
                    "fillcolor": colours["lane"], "line": {"width": 0}, "layer": "below",
                }
            )
    height = int(min(1100, max(360, 130 + ROW_PX * height_rows)))
    legend_off = tl.lane_kind == "category"  # the lanes name the categories themselves
    return {
        "template": "none",
        "height": height,
        # the top margin keeps the mode bar above the date labels (the x axis is on top),
        # and the legend of the other lane kinds between the two
        "margin": {"l": 10, "r": 16, "t": 64 if legend_off else 94, "b": 10},
        "modebar": {"bgcolor": "rgba(0,0,0,0)", "color": colours["muted"], "activecolor": colours["text"]},
        "paper_bgcolor": colours["paper"],
        "plot_bgcolor": colours["plot"],
        "font": {"family": colours["font"], "size": 13, "color": colours["text"]},
        "hoverlabel": {"font": {"family": colours["font"], "size": 13}, "align": "left"},
        "hovermode": "closest",
        "dragmode": "zoom",
        "showlegend": not legend_off,
        # under the mode bar (about 30 px), above the date labels
        "legend": {"orientation": "h", "x": 0, "y": 1 - 32 / height, "yref": "container", "yanchor": "top", "font": {"size": 12},
                    "bgcolor": "rgba(0,0,0,0)"},
        "shapes": shapes,
        "xaxis": {
            "type": "date",
            "range": [tl.start, tl.end],
            "showgrid": True,
            "gridcolor": colours["grid"],
            "linecolor": colours["grid"],
            "tickfont": {"color": colours["muted"]},
            "side": "top",
            "rangeslider": {"visible": True, "thickness": 0.06, "bgcolor": colours["lane"], "bordercolor": colours["grid"], "borderwidth": 1},
            "automargin": True,
        },
        "yaxis": {
            "range": [total, 0],
            "tickmode": "array",
            "tickvals": [centres[lane] for lane in tl.lanes],
            "ticktext": [lane_label(tl, lane, colours) for lane in tl.lanes],
            "showgrid": False,
            "zeroline": False,
            "fixedrange": True,
            "automargin": True,
            "ticks": "",
            "tickfont": {"size": 13},
        },
    }


def total_rows(tl: Timeline, lane: str) -> float:
    return DENSITY_ROWS if tl.mode == "density" else max(1, tl.rows.get(lane, 1))


def timeline_figure(tl: Timeline, *, theme_name: str = "light", selected: str | None = None) -> go.Figure:
    """The timeline of one view: events by their uncertainty, or counts per period."""
    spec = timeline_spec(tl, theme_name=theme_name, selected=selected)
    return go.Figure(data=spec["data"], layout=spec["layout"], _validate=False)


def timeline_spec(tl: Timeline, *, theme_name: str = "light", selected: str | None = None) -> dict:
    """:func:`timeline_figure` as the plain ``{"data": [...], "layout": {...}}`` a ``dcc.Graph`` takes.

    The callbacks send this: no ``go.Figure`` is built (and copied) per request.
    """
    colours = theme.THEMES.get(theme_name, theme.THEMES["light"])
    if tl.mode == "empty" or not tl.lanes:
        return copy.deepcopy(_empty_spec("No dated events match this view.", theme_name))
    _, _, total = lane_layout(tl)
    fig = _Spec(_base_layout(tl, colours, total))
    if tl.mode == "density":
        _add_density(fig, tl, colours)
    else:
        _add_events(fig, tl, colours, selected)
    return {"data": fig.traces, "layout": fig.layout}


class _Spec:
    """Traces and layout gathered as plain dicts, made a figure once without checking each property.

    Plotly's per-property validation was a third of a redraw's server time at 100,000 events;
    the dicts here are written by this module only.
    """

    def __init__(self, layout: dict):
        self.layout = layout
        self.traces: list[dict] = []

    def add_trace(self, trace: dict) -> None:
        self.traces.append(trace)

    def add_shape(self, **shape) -> None:
        self.layout.setdefault("shapes", []).append(shape)

    def add_annotation(self, **note) -> None:
        self.layout.setdefault("annotations", []).append(note)

    def update_layout(self, **changes) -> None:
        self.layout.update(changes)


def event_positions(tl: Timeline) -> pd.Series:
    """The y of each row of ``tl.frame``: its lane's top, plus its row within the lane."""
    return pd.Series(_positions(tl), index=tl.frame.index, dtype=float)


def _positions(tl: Timeline) -> list[float]:
    tops, _, _ = lane_layout(tl)
    return [tops[lane] + LANE_PAD / 2 + row + 0.5 for lane, row in zip(tl.columns["lane"], tl.columns["row"])]


def _add_events(fig: _Spec, tl: Timeline, colours: dict, selected: str | None) -> None:
    # the columns as plain lists: a pandas selection per category and line style cost more than
    # drawing the few hundred events it holds
    column = tl.columns
    ids, shapes, modalities, n_sources = column["id"], column["shape"], column["modality"], column["n_sources"]
    hovers = list(map(_hover, *(column[c] for c in ("category", "modality", "time_text", "start", "end", "grain", "sentence", "n_sources"))))
    ys = _positions(tl)
    xs, x0s, x1s = _iso(column["x"]), _iso(column["x0"]), _iso(column["x1"])
    kind_of_trace = "scatter" if len(ids) <= SVG_MAX_EVENTS else "scattergl"
    by_category: dict[str, list[int]] = {}
    for i, category in enumerate(column["category"]):
        by_category.setdefault(category, []).append(i)
    order = [c for c in theme.CATEGORIES if c in by_category] + sorted(set(by_category) - set(theme.CATEGORIES))
    for category in order:
        members = by_category[category]
        colour = theme.colour(category)
        label = theme.category_label(category)
        for kind in ("bar", "span"):
            for dashed in (False, True):
                line_x, line_y = [], []
                for i in members:
                    if shapes[i] == kind and (modalities[i] in ("asserted", "reported")) != dashed:
                        line_x += [x0s[i], x1s[i], None]
                        line_y += [ys[i], ys[i], None]
                if not line_x:
                    continue
                fig.add_trace(
                    {
                        "type": kind_of_trace, "x": line_x, "y": line_y, "mode": "lines", "name": label, "legendgroup": category, "showlegend": False,
                        "line": {"color": colour, "width": BAR_WIDTH[kind], "dash": "dot" if dashed else "solid"},
                        "opacity": 0.55 if dashed else 0.8, "hoverinfo": "skip",
                    }
                )  # fmt: skip
        styles = [theme.modality_style(modalities[i]) for i in members]
        fig.add_trace(
            {
                "type": kind_of_trace,
                "x": [xs[i] for i in members],
                "y": [ys[i] for i in members],
                "mode": "markers",
                "name": label,
                "legendgroup": category,
                "customdata": [ids[i] for i in members],
                "hovertext": [hovers[i] for i in members],
                "hovertemplate": "%{hovertext}<extra></extra>",
                "marker": {
                    "color": colour,
                    "symbol": [s[0] for s in styles],
                    "opacity": [s[2] for s in styles],
                    "size": [min(11 + 3 * (n_sources[i] - 1), 20) for i in members],
                    "line": {"color": colours["outline"], "width": 1},
                },
            }
        )
    _add_off_edge_notes(fig, tl, colours)
    chosen = ids.index(selected) if selected is not None and selected in ids else None
    if chosen is not None:
        # A shape, not a trace: it stays out of the range slider and the legend.
        fig.add_shape(
            type="circle", xref="x", yref="y", xsizemode="pixel", ysizemode="pixel",
            xanchor=pd.Timestamp(column["x"][chosen]), yanchor=ys[chosen], x0=-13, x1=13, y0=-13, y1=13,
            line={"color": colours["ring"], "width": 3}, layer="above",
        )  # fmt: skip


def _add_off_edge_notes(fig: _Spec, tl: Timeline, colours: dict) -> None:
    """'◀ 1 earlier' / 'later ▶' at a lane's edge for its events wholly outside the visible range."""
    _, centres, _ = lane_layout(tl)
    column = tl.columns
    earlier = dict.fromkeys(tl.lanes, 0)
    later = dict.fromkeys(tl.lanes, 0)
    for lane, before, after in zip(
        column["lane"],
        (column["x1"] <= np.datetime64(tl.start.replace(tzinfo=None), "ns")).tolist(),
        (column["x0"] >= np.datetime64(tl.end.replace(tzinfo=None), "ns")).tolist(),
    ):
        if lane in earlier:
            earlier[lane] += before
            later[lane] += after
    for lane in tl.lanes:
        for n, x, anchor, text in ((earlier[lane], 0, "left", "◀ {n} earlier"), (later[lane], 1, "right", "{n} later ▶")):
            if n:
                fig.add_annotation(
                    x=x, xref="paper", y=centres[lane], yref="y", xanchor=anchor, showarrow=False,
                    text=text.format(n=f"{n:,}"), font={"size": 12, "color": colours["muted"]},
                    bgcolor=colours["plot"], borderpad=2,
                )  # fmt: skip


def _add_density(fig: _Spec, tl: Timeline, colours: dict) -> None:
    tops, _, _ = lane_layout(tl)
    column = tl.columns
    if not len(column["lane"]):
        fig.update_layout(barmode="overlay", bargap=0)
        return
    counts = np.asarray(column["n"]).tolist()
    peak = max(max(counts), 1)
    # The lanes share the periods (a hundred or so): each period's centre, width and dates are
    # worked out once, in microseconds, and the cells point at their period.
    x0 = np.asarray(column["x0"], dtype="datetime64[us]").view(np.int64)
    periods, period_of = np.unique(x0, return_inverse=True)
    ends = np.empty_like(periods)
    ends[period_of] = np.asarray(column["x1"], dtype="datetime64[us]").view(np.int64)
    in_period = [
        (centre, width, f"{first:%d %b %Y}", f"{last:%d %b %Y}")
        for centre, width, first, last in zip(
            np.datetime_as_string((periods + (ends - periods) // 2).view("datetime64[us]"), unit="s").tolist(),
            ((ends - periods) / 1e6 * 1000 * 0.92).tolist(),
            periods.view("datetime64[us]").tolist(),
            ends.view("datetime64[us]").tolist(),
        )
    ]
    centres, widths, firsts, lasts = zip(*(in_period[p] for p in period_of.tolist()))
    by_lane: dict[str, list[int]] = {}
    for i, lane in enumerate(column["lane"]):
        by_lane.setdefault(lane, []).append(i)
    for lane in tl.lanes:
        members = by_lane.get(lane)
        if not members:
            continue
        bottom = tops[lane] + LANE_PAD / 2 + DENSITY_ROWS
        colour = theme.colour(lane) if tl.lane_kind == "category" else "#0072B2"
        name = theme.category_label(lane) if tl.lane_kind == "category" else lane
        head = f"<b>{esc(name)}</b><br>"
        fig.add_trace(
            {
                "type": "bar",
                "x": [centres[i] for i in members],
                "y": [-(0.12 + 0.88 * counts[i] / peak) * DENSITY_ROWS for i in members],
                "base": bottom, "width": [widths[i] for i in members], "name": esc(name), "showlegend": False,
                "marker": {"color": colour, "line": {"width": 0}}, "opacity": 0.9,
                "hovertext": [f"{head}{firsts[i]} – {lasts[i]}<br><b>{counts[i]:,}</b> events" for i in members],
                "hovertemplate": "%{hovertext}<extra></extra>",
            }
        )  # fmt: skip
    fig.update_layout(barmode="overlay", bargap=0)


@functools.lru_cache(maxsize=16)
def _empty_spec(message: str, theme_name: str) -> dict:
    """:func:`empty_figure` as a plain dict, made once (building a ``go.Figure`` costs ~10 ms)."""
    return empty_figure(message, theme_name=theme_name).to_plotly_json()


def empty_figure(message: str, *, theme_name: str = "light") -> go.Figure:
    colours = theme.THEMES.get(theme_name, theme.THEMES["light"])
    fig = go.Figure()
    fig.update_layout(
        template="none",
        height=360,
        paper_bgcolor=colours["paper"],
        plot_bgcolor=colours["plot"],
        font={"family": colours["font"], "size": 14, "color": colours["muted"]},
        xaxis={"visible": False},
        yaxis={"visible": False},
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        annotations=[{"text": esc(message), "showarrow": False, "x": 0.5, "y": 0.5, "xref": "paper", "yref": "paper", "font": {"size": 16}}],
    )
    return fig
