"""The timeline of a view in the presentation style: a :class:`Timeline` -> ``go.Figure`` for export.

It starts from the figure the screen draws (:func:`dashboard.figures.timeline_figure`,
so lanes, rows, colours and symbols are the same) and changes what a slide needs:

- WebGL traces (``Scattergl``) become SVG ``Scatter`` traces, so SVG and PDF stay
  vector (Chromium paints WebGL into a raster image); a density view stays bars;
- a title, a subtitle with the date range and the filters in words, a legend of
  the symbols, and a source note at the foot;
- large type scaled to the slide (:func:`type_scale`), a white background, the
  date axis at the bottom, no range slider; markers sized to the rows they sit in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import plotly.graph_objects as go

from dashboard import figures, theme
from dashboard.data import Timeline
from dashboard.names import shorten, url_host

#: Slide layouts and their default size in pixels.
LAYOUTS = {"16:9": (1920, 1080), "4:3": (1440, 1080)}
FONT = "Inter, 'Liberation Sans', Arial, 'DejaVu Sans', sans-serif"
TEXT = "#1f2328"
MUTED = "#59636e"
GRID = "#d8dce0"
LANE = "#f3f5f7"
LEGEND_GREY = "#59636e"

TITLE = "News event timeline"


def type_scale(width: int, height: int) -> float:
    """Font and marker scale: 1.0 on a 1920x1080 or 1440x1080 slide, in proportion otherwise."""
    return max(0.45, min(width / 1440, height / 1080))


def date_range_words(start: dt.datetime, end: dt.datetime) -> str:
    """``14 Feb 2022 – 16 Feb 2022`` (times only when the range is shorter than two days)."""
    fmt = "%d %b %Y %H:%M" if end - start < dt.timedelta(days=2) else "%d %b %Y"
    return f"{start:{fmt}} – {end:{fmt}}"


def filters_words(view: dict) -> str:
    """The view's filters as a sentence a reader checks at a glance."""
    parts = []
    labels = (
        ("categories", "category", "categories", theme.category_label),
        ("modalities", "modality", "modalities", lambda m: m),
        ("actors", "actor", "actors", str),
        ("places", "place", "places", str),
        ("sources", "source", "sources", str),
    )
    for key, one, many, label in labels:
        values = view.get(key) or []
        if values:
            names = [label(v) for v in values]
            joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
            parts.append(f"{one if len(names) == 1 else many} {joined}")
    if view.get("q"):
        parts.append(f"text contains “{view['q']}”")
    return "Filters: " + "; ".join(parts) if parts else "No filters: every event in the store"


#: The source note names at most this many sources, fewer when its line would be longer than the
#: slide is wide (:func:`note_chars`); the rest are counted ("and 3 more").
NOTE_NAMES = 4
#: An outlet or title in the note is cut (at a word) to this length.
NOTE_NAME_CHARS = 40
#: Pixels a character takes (at type scale 1) in the source note (15 px type) and in a lane label
#: (20 px), measured on Liberation Sans and rounded up.
NOTE_CHAR_PX = 8.2
LABEL_CHAR_PX = 10


def note_chars(width: int, height: int, tl: Timeline | None = None) -> int:
    """How many characters of the source note fit on one line of a ``width`` x ``height`` slide.

    The note starts where the plot does, right of the lane labels: the longest label of ``tl``
    (24 characters when not given) is taken off the width.
    """
    k = type_scale(width, height)
    labels = max((len(_plain_label(tl, lane)) for lane in tl.lanes), default=0) if tl is not None else 24
    return int((width - (28 + 40 + LABEL_CHAR_PX * labels) * k) / (NOTE_CHAR_PX * k))


def _plain_label(tl: Timeline, lane: str) -> str:
    """A lane's label as its characters (see :func:`figures.lane_label`)."""
    count = f"  {tl.counts[lane]:,}" if tl.counts.get(lane) is not None else ""
    if tl.lane_kind == "category":
        return f"■ {theme.category_label(lane)}{count}"
    return (lane if len(lane) <= 28 else lane[:27] + "…") + count


def article_name(article: dict) -> str:
    """What a reader of a chart can look an article up by: its outlet, else its web address's host,
    else its title (shortened, in quotes); "" when it has none (its id would mean nothing to a reader)."""
    outlet = (article.get("source") or "").strip()
    if outlet:
        return shorten(outlet, NOTE_NAME_CHARS)
    host = url_host(article.get("url") or "")
    if host:
        return host
    title = " ".join((article.get("title") or "").split())
    return f"“{shorten(title, NOTE_NAME_CHARS)}”" if title else ""


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def source_note(articles: Iterable[dict], query: str, *, line_chars: int = 160) -> str:
    """Where the events come from and (on a second line) the query string that reopens the view.

    ``articles`` are those reporting the events drawn (``{source, title, url, events}``, see
    :func:`dashboard.export_files.articles_of`); each is named by :func:`article_name`, the
    names that report most events first, one name for several articles of an outlet.
    Articles with no name are counted ("and 2 without a named source").  Names are left for
    "and N more" while the first line is longer than ``line_chars`` (one name is always kept).
    """
    weight: dict[str, int] = {}
    spelling: dict[str, str] = {}
    unnamed = 0
    for article in articles:
        name = article_name(article)
        if not name:
            unnamed += 1
            continue
        key = name.casefold()
        spelling.setdefault(key, name)
        weight[key] = weight.get(key, 0) + int(article.get("events") or 0)
    ranked = [spelling[k] for k in sorted(weight, key=lambda k: (-weight[k], k))]
    shown = min(len(ranked), NOTE_NAMES)
    while True:
        outlets = _outlets(ranked[:shown], len(ranked) - shown, unnamed)
        line = f"Source: events extracted from {outlets} · News event timeline"
        if len(line) <= line_chars or shown <= 1:
            break
        shown -= 1
    if len(query) > 120:
        query = query[:119] + "…"
    return line + (f"\nView: {query}" if query else "")


def _outlets(names: list[str], more: int, unnamed: int) -> str:
    if names:
        words = "news articles by " + _and(names + [f"{more} more"] * (more > 0))
        return words + (f", and {unnamed} without a named source" if unnamed else "")
    if unnamed:
        return f"{unnamed} news article{'s' * (unnamed != 1)} without a named source"
    return "news articles"


def subtitle(tl: Timeline, view: dict) -> str:
    """Two lines, escaped for Plotly: the range, what is drawn and the lanes; the filters in words."""
    what = f"{tl.total:,} dated event{'s' * (tl.total != 1)}"
    if tl.mode == "density":
        days = (tl.end - tl.start) / len({*tl.frame["x0"]}) if not tl.frame.empty else tl.end - tl.start
        what += f", counted per {_period(days)}"
    lanes = {"category": "category", "actor": "actor", "source": "source"}.get(tl.lane_kind, tl.lane_kind)
    first = f"{date_range_words(tl.start, tl.end)} · {what} · one lane per {lanes}"
    return "<br>".join(figures.esc(line) for line in (first, filters_words(view)))


def _period(width: dt.timedelta) -> str:
    hours = width.total_seconds() / 3600
    if hours < 36:
        return f"{hours:.0f} hours"
    return f"{hours / 24:.1f} days".replace(".0 days", " days")


def presentation_figure(
    tl: Timeline,
    view: dict,
    *,
    width: int,
    height: int,
    title: str | None = None,
    note: str = "",
    interactive: bool = False,
) -> go.Figure:
    """The export figure of one view (see the module docstring); ``interactive`` keeps hover text (HTML)."""
    k = type_scale(width, height)
    screen = figures.timeline_figure(tl, theme_name="light", selected=view.get("event"))
    top = round((150 if tl.mode == "empty" else 205) * k)
    bottom = round((95 + 20 * note.count("\n")) * k)
    layout = {
        "width": width,
        "height": height,
        "autosize": False,
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "font": {"family": FONT, "size": round(20 * k), "color": TEXT},
        "margin": {"l": round(28 * k), "r": round(40 * k), "t": top, "b": bottom, "autoexpand": True},
        "title": {
            "text": f"<b>{figures.esc(title or TITLE)}</b>",
            "x": 0, "xref": "paper", "xanchor": "left", "y": 1 - 24 * k / height, "yref": "container", "yanchor": "top",
            "font": {"size": round(40 * k), "color": TEXT},
            "subtitle": {"text": subtitle(tl, view) if tl.mode != "empty" else figures.esc(filters_words(view)),
                         "font": {"size": round(21 * k), "color": MUTED}},
        },
        "annotations": [
            {
                "text": "<br>".join(figures.esc(line) for line in note.splitlines()), "xref": "paper", "yref": "paper", "x": 0, "y": 0, "yshift": -(bottom - 14 * k), "xanchor": "left", "yanchor": "bottom",
                "showarrow": False, "align": "left", "font": {"size": round(15 * k), "color": MUTED},
            }
        ],
        "showlegend": tl.mode != "empty",
    }
    if tl.mode == "empty" or not tl.lanes:
        fig = go.Figure(layout=screen.layout)
        fig.update_layout(**layout)
        fig.add_annotation(text="No dated events match this view.", x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False, font={"size": round(28 * k), "color": MUTED})
        return fig

    _, _, total_rows = figures.lane_layout(tl)
    plot_px = max(height - top - bottom - 40 * k, 80)
    row_px = plot_px / total_rows
    # markers fill their row on a slide (the screen leaves 30 px a row); never smaller than about 7 px
    grow = max(0.6 * k, min(1.45 * k, 1.25 * row_px / figures.ROW_PX))
    data = [_vector_trace(t, grow=grow, interactive=interactive) for t in screen.data]
    fig = go.Figure(data=data, layout=screen.layout)
    fig.update_layout(
        **layout,
        legend={
            "orientation": "h", "x": 0, "xanchor": "left", "y": 1, "yanchor": "bottom", "yref": "paper",
            "font": {"size": round(18 * k), "color": TEXT}, "bgcolor": "rgba(0,0,0,0)", "itemsizing": "constant",
            "entrywidthmode": "pixels", "traceorder": "normal",
        },
        hovermode="closest" if interactive else False,
        dragmode="zoom" if interactive else False,
    )
    fig.update_xaxes(
        side="bottom", rangeslider={"visible": False}, gridcolor=GRID, linecolor=GRID, showline=True,
        tickfont={"size": round(18 * k), "color": MUTED}, ticks="outside", ticklen=round(6 * k), tickcolor=GRID,
    )  # fmt: skip
    fig.update_yaxes(tickfont={"size": round(20 * k), "color": TEXT}, ticktext=[_lane_text(tl, lane) for lane in tl.lanes])
    fig.update_layout(shapes=[_lane_band(s) for s in fig.layout.shapes])
    for entry in legend_entries(tl, size=round(16 * k)):
        fig.add_trace(entry)
    return fig


def _lane_text(tl: Timeline, lane: str) -> str:
    """A lane's label for a slide: the screen's label with its count in the muted colour."""
    return figures.lane_label(tl, lane, {"muted": MUTED})


def _lane_band(shape):
    shape = shape.to_plotly_json()
    if shape.get("type") == "rect" and shape.get("xref") == "paper":
        shape["fillcolor"] = LANE
    return shape


def _vector_trace(trace, *, grow: float, interactive: bool) -> dict:
    """One screen trace as an SVG trace: ``scattergl`` -> ``scatter``, sizes scaled to the slide."""
    spec = trace.to_plotly_json()
    if spec["type"] == "scattergl":
        spec["type"] = "scatter"
    spec["showlegend"] = False
    marker = spec.get("marker")
    if marker and "size" in marker:
        size = marker["size"]
        marker["size"] = [round(s * grow, 1) for s in size] if isinstance(size, (list, tuple)) else round(size * grow, 1)
        if marker.get("line"):
            marker["line"] = dict(marker["line"], width=max(0.5, grow))
    line = spec.get("line")
    if spec.get("mode") == "lines" and line and line.get("width"):
        line["width"] = round(line["width"] * grow, 1)
    if not interactive:
        for key in ("hovertext", "hovertemplate", "customdata"):
            spec.pop(key, None)
        spec["hoverinfo"] = "skip"
    return spec


def legend_entries(tl: Timeline, *, size: int) -> list[go.Scatter]:
    """Legend-only traces: the categories (when lanes are not categories) and the symbols of modality."""
    entries = []
    blank = {"x": [None], "y": [None], "hoverinfo": "skip"}
    if tl.mode == "density":
        if tl.lane_kind != "category":
            return [go.Bar(**blank, name="bar height: events per period", marker_color="#0072B2")]
        return [go.Bar(**blank, name="bar height: events per period", marker_color=LEGEND_GREY)]
    frame = tl.frame
    if tl.lane_kind != "category":
        present = [c for c in theme.CATEGORIES if c in set(frame["category"])]
        for category in present:
            entries.append(go.Scatter(**blank, mode="markers", name=theme.category_label(category),
                                      marker={"color": theme.colour(category), "symbol": "circle", "size": size}))  # fmt: skip
    modalities = set(frame["modality"])
    for modality, (symbol, _, _, label) in theme.MODALITIES.items():
        if modality in modalities:
            entries.append(go.Scatter(**blank, mode="markers", name=label, marker={"color": LEGEND_GREY, "symbol": symbol, "size": size}))
    shapes = set(frame["shape"])
    if "bar" in shapes:
        entries.append(go.Scatter(**blank, mode="lines", name="a week or a month", line={"color": LEGEND_GREY, "width": size * 0.55}))
    if "span" in shapes:
        entries.append(go.Scatter(**blank, mode="lines", name="part of a day", line={"color": LEGEND_GREY, "width": size * 0.3}))
    return entries
