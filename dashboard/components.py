"""The page layout and the small pieces of it that callbacks rebuild (detail panel, lists).

Nothing here reads the store.  Article text is only ever put into components
as text children, never as HTML.
"""

from __future__ import annotations

import dash_ag_grid as dag
from dash import dcc, html

from dashboard import ids, theme
from dashboard.data import paragraph_pieces, sentence_pieces, when

GRID_COLUMNS = [
    {"field": "date", "headerName": "Date", "width": 118, "sort": "asc", "filter": "agTextColumnFilter"},
    {"field": "when", "headerName": "When", "width": 190, "sortable": False},
    {"field": "category_label", "headerName": "Category", "width": 160, "filter": "agTextColumnFilter",
     "cellClass": "cat-cell"},
    {"field": "modality", "headerName": "Modality", "width": 118, "filter": "agTextColumnFilter"},
    {"field": "sentence", "headerName": "Sentence", "flex": 1, "minWidth": 320, "filter": "agTextColumnFilter",
     "tooltipField": "sentence"},
    {"field": "time_text", "headerName": "Time expression", "width": 150, "filter": "agTextColumnFilter"},
    {"field": "actors", "headerName": "Actors", "width": 190, "filter": "agTextColumnFilter"},
    {"field": "places", "headerName": "Places", "width": 150, "filter": "agTextColumnFilter"},
    {"field": "sources", "headerName": "Sources", "width": 96, "filter": "agNumberColumnFilter"},
]  # fmt: skip


#: The grid's colours follow the page's CSS variables, so it switches theme with the page.
GRID_THEME = (
    "themeQuartz.withParams({backgroundColor: 'var(--surface)', foregroundColor: 'var(--text)', "
    "headerBackgroundColor: 'var(--surface-2)', borderColor: 'var(--border)', accentColor: 'var(--accent)', "
    "fontFamily: 'inherit', fontSize: 14})"
)


def category_options(counts: dict[str, int]) -> list[dict]:
    """Checklist options: a colour swatch, the category's name and how many events it has
    (labels as JSON, see :func:`_html`: every page load sends them)."""
    ordered = [c for c in theme.CATEGORIES if c in counts] + sorted(set(counts) - set(theme.CATEGORIES))
    return [
        {
            "label": _html(
                "Span",
                [
                    _html("Span", None, className="swatch", style={"backgroundColor": theme.colour(c)}),
                    _html("Span", theme.category_label(c), className="opt-label"),
                    _html("Span", f"{counts[c]:,}", className="opt-count"),
                ],
                className="opt",
            ),
            "value": c,
        }
        for c in ordered
    ]


def modality_options(counts: dict[str, int]) -> list[dict]:
    ordered = [m for m in theme.MODALITIES if m in counts] + sorted(set(counts) - set(theme.MODALITIES))
    return [
        {
            "label": _html(
                "Span",
                [
                    _html("Span", theme.MODALITY_GLYPHS.get(m, "●"), className="glyph", **{"aria-hidden": "true"}),
                    _html("Span", theme.modality_style(m)[3] if m in theme.MODALITIES else m, className="opt-label"),
                    _html("Span", f"{counts[m]:,}", className="opt-count"),
                ],
                className="opt",
            ),
            "value": m,
        }
        for m in ordered
    ]


def value_options(pairs: list[tuple[str, int]]) -> list[dict]:
    return [{"label": f"{value} ({n:,})", "value": value} for value, n in pairs]


def _field(label: str, child, *, hint: str | None = None) -> html.Div:
    return html.Div([html.Label(label, className="field-label"), child] + ([html.Div(hint, className="hint")] if hint else []), className="field")


def filters_panel() -> html.Aside:
    return html.Aside(
        [
            _field(
                "Search",
                dcc.Input(id=ids.SEARCH, type="search", placeholder="Words in the sentence, names…", debounce=0.4, className="text-input", value=""),
            ),
            _field(
                "Lanes by",
                dcc.RadioItems(
                    id=ids.LANES,
                    options=[{"label": "Category", "value": "category"}, {"label": "Actor", "value": "actor"}, {"label": "Source", "value": "source"}],
                    value="category",
                    inline=True,
                    className="segmented",
                ),
            ),
            _field("Category", dcc.Checklist(id=ids.CATEGORIES, options=[], value=[], className="checklist")),
            _field("Modality", dcc.Checklist(id=ids.MODALITIES, options=[], value=[], className="checklist")),
            _field("Actor", dcc.Dropdown(id=ids.ACTORS, options=[], value=[], multi=True, placeholder="Any actor")),
            _field("Place", dcc.Dropdown(id=ids.PLACES, options=[], value=[], multi=True, placeholder="Any place")),
            _field("Source", dcc.Dropdown(id=ids.SOURCES, options=[], value=[], multi=True, placeholder="Any source")),
            _field(
                "Dates",
                dcc.DatePickerRange(id=ids.DATES, display_format="YYYY-MM-DD", clearable=True, start_date_placeholder_text="From", end_date_placeholder_text="To"),
                hint="Or drag across the timeline to zoom; double-click to see everything.",
            ),
            html.Button("Reset view", id=ids.RESET, className="button button-quiet", n_clicks=0),
        ],
        className="filters",
        **{"aria-label": "Filters"},
    )


def add_panel() -> html.Section:
    return html.Section(
        [
            html.H2("Add articles"),
            html.P(
                "Paste an article's text, or upload files (txt, html, json, jsonl, csv; up to 5 MB each). "
                "Leave the publication date empty to have it inferred from the text.",
                className="hint",
            ),
            html.Div(
                [
                    _field("Title (optional)", dcc.Input(id=ids.ADD_TITLE, type="text", className="text-input", value="")),
                    _field("Published (YYYY-MM-DD)", dcc.Input(id=ids.ADD_PUBLISHED, type="text", className="text-input", placeholder="inferred when empty", value="")),
                ],
                className="add-row",
            ),
            dcc.Textarea(id=ids.ADD_TEXT, placeholder="Paste the article text here…", className="text-area", value=""),
            dcc.Upload(
                id=ids.ADD_UPLOAD,
                children=html.Div(["Drop files here or ", html.Span("choose files", className="link")]),
                multiple=True,
                className="upload",
                className_active="upload upload-active",
            ),
            html.Div(id=ids.ADD_FILES, className="hint"),
            html.Div(
                [html.Button("Extract and add", id=ids.ADD_SUBMIT, className="button", n_clicks=0)],
                className="add-actions",
            ),
            # the adding runs on the server's worker thread; the page polls its progress
            html.Progress(id=ids.ADD_PROGRESS, value=0, max=3, className="add-progress hidden"),
            html.Div(id=ids.ADD_MESSAGE, className="add-message", role="status"),
            dcc.Store(id=ids.ADD_JOB),
            dcc.Interval(id=ids.ADD_POLL, interval=400, disabled=True),
        ],
        id=ids.ADD_PANEL,
        className="add-panel hidden",
        **{"aria-label": "Add articles"},
    )


#: Where the export menu opens (inline: a small panel under its button, above the page).
EXPORT_PANEL_STYLE = {
    "position": "absolute", "right": 0, "top": "calc(100% + 6px)", "zIndex": 40, "width": "300px", "padding": "12px",
    "background": "var(--surface, #fff)", "color": "var(--text, #1f2328)", "border": "1px solid var(--border, #d0d7de)",
    "borderRadius": "8px", "boxShadow": "0 8px 24px rgba(0,0,0,.15)", "display": "grid", "gap": "8px",
}  # fmt: skip


def export_menu() -> html.Details:
    """Export the view: a format, a slide shape, an optional size, and a download (see dashboard.export)."""
    from dashboard.export import MENU

    return html.Details(
        [
            html.Summary("Export", className="button button-quiet", title="Download this view as an image, a slide deck or data"),
            html.Div(
                [
                    _field("Format", dcc.Dropdown(id=ids.EXPORT_FORMAT, options=[{"label": label, "value": v} for v, (label, _, _) in MENU.items()],
                                                  value="png-1920x1080", clearable=False, searchable=False)),
                    _field("Slide", dcc.RadioItems(id=ids.EXPORT_LAYOUT, options=[{"label": "16:9", "value": "16:9"}, {"label": "4:3", "value": "4:3"}],
                                                   value="16:9", inline=True, className="segmented")),
                    _field("Size (optional)", dcc.Input(id=ids.EXPORT_SIZE, type="text", placeholder="e.g. 1600x900", className="text-input", value="")),
                    html.Button("Download", id=ids.EXPORT_BUTTON, className="button", n_clicks=0),
                    dcc.Loading(html.Div(id=ids.EXPORT_MESSAGE, className="export-message hint", role="status"), type="dot"),
                    dcc.Download(id=ids.EXPORT_DOWNLOAD),
                ],
                className="export-panel",
                style=EXPORT_PANEL_STYLE,
            ),
        ],
        id=ids.EXPORT_MENU,
        className="export-menu",
        style={"position": "relative"},
    )


def header() -> html.Header:
    return html.Header(
        [
            html.Div([html.Span("◷", className="logo", **{"aria-hidden": "true"}), html.H1("News event timeline")], className="brand"),
            html.Div(id=ids.STATS, className="stats"),
            html.Div(
                [
                    html.Div(
                        [dcc.Clipboard(id=ids.COPY_LINK, title="Copy a link to this view", className="clipboard"), html.Span("Copy link")],
                        className="button button-quiet copy",
                    ),
                    export_menu(),
                    html.Button("Add articles", id=ids.ADD_OPEN, className="button", n_clicks=0),
                    html.Button("◐ Theme", id=ids.THEME_TOGGLE, className="button button-quiet", n_clicks=0, title="Switch light / dark theme"),
                ],
                className="actions",
            ),
        ],
        className="topbar",
    )


def layout() -> html.Div:
    return html.Div(
        [
            dcc.Location(id=ids.URL, refresh="callback-nav"),
            dcc.Store(id=ids.THEME, storage_type="local", data="light"),
            dcc.Store(id=ids.DATA_VERSION, data=0),
            # what the table and the undated list last showed: unchanged, they are not sent again
            dcc.Store(id=ids.TABLE_KEY),
            dcc.Store(id=ids.UNDATED_KEY),
            dcc.Store(id=ids.TIMELINE_KEY),
            header(),
            add_panel(),
            html.Div(
                [
                    filters_panel(),
                    html.Main(
                        [
                            html.Div(id=ids.STATUS, className="status", role="status"),
                            html.Div(
                                dcc.Graph(
                                    id=ids.TIMELINE,
                                    config={"displaylogo": False, "scrollZoom": True, "modeBarButtonsToRemove": ["lasso2d", "autoScale2d"], "toImageButtonOptions": {"scale": 2}},
                                    className="timeline",
                                ),
                                className="card",
                            ),
                            html.Div(
                                [
                                    html.Div(
                                        [html.H2("Events in view"), html.Span(id=ids.TABLE_NOTE, className="hint")],
                                        className="card-title",
                                    ),
                                    dag.AgGrid(
                                        id=ids.TABLE,
                                        columnDefs=GRID_COLUMNS,
                                        rowData=[],
                                        getRowId="params.data.id",
                                        defaultColDef={"sortable": True, "resizable": True, "filter": True, "floatingFilter": False},
                                        dashGridOptions={
                                            "rowSelection": {"mode": "singleRow", "checkboxes": False, "enableClickSelection": True},
                                            "animateRows": False,
                                            "tooltipShowDelay": 400,
                                            "rowHeight": 34,
                                            "theme": {"function": GRID_THEME},
                                        },
                                        style={"height": "340px"},
                                        className="grid",
                                    ),
                                ],
                                className="card",
                            ),
                            html.Div(
                                [html.H2(id=ids.UNDATED_TITLE, children="Undated events"), html.Ul(id=ids.UNDATED, className="undated")],
                                className="card",
                            ),
                        ],
                        className="main",
                    ),
                    html.Aside(
                        [
                            html.Button("✕", id=ids.DETAIL_CLOSE, className="icon-button close", title="Close the detail", n_clicks=0, **{"aria-label": "Close the detail"}),
                            html.Div(id=ids.DETAIL_BODY),
                        ],
                        id=ids.DETAIL,
                        className="detail hidden",
                        **{"aria-label": "Event detail", "aria-live": "polite"},
                    ),
                ],
                className="body",
            ),
        ],
        className="app",
    )


def _html(tag: str, children=None, **props) -> dict:
    """What Dash sends for ``html.<tag>(children, **props)``: its JSON, built directly.

    A list of a few hundred components costs more to build and to walk (Dash's
    ``to_plotly_json``, then plotly's generic cleaner) than the query behind it; this
    plain JSON is the same bytes, written by orjson in one pass, and pickles cheaply into
    the workers' cache.  The tests compare it with the components' own JSON.
    """
    return {"props": {"children": children, **props}, "type": tag, "namespace": "dash_html_components"}


def undated_list(rows: list[dict]) -> list[dict]:
    """The undated list's items, as JSON (see :func:`_html`): a button per event, clicked to select it."""
    if not rows:
        return [_html("Li", "None in this view.", className="hint")]
    return [
        _html(
            "Li",
            _html(
                "Button",
                [
                    _html("Span", None, className="swatch", style={"backgroundColor": theme.colour(r["category"])}),
                    _html("Span", theme.category_label(r["category"]), className="chip-label"),
                    _html("Span", r["sentence"], className="undated-sentence"),
                ],
                id=ids.undated_item(r["id"]),
                className="undated-item",
                n_clicks=0,
            ),
        )
        for r in rows
    ]


def _pieces(pieces: list[tuple[str, str]]) -> list:
    out = []
    for text, kind in pieces:
        if kind == "time":
            out.append(html.Mark(text, className="time-mark"))
        elif kind == "sentence":
            out.append(html.Span(text, className="sentence-mark"))
        else:
            out.append(text)
    return out


def detail_panel(event: dict | None) -> list:
    """The detail of one event: sentence in its paragraph, why this date, sources."""
    if event is None:
        return []
    category = event.get("category") or "other"
    modality = event.get("modality") or "asserted"
    time_text = event.get("time_text") or ""
    sources = event.get("sources") or []
    first = sources[0] if sources else None
    pieces = []
    if first is not None:
        pieces = paragraph_pieces(first.get("text") or "", first.get("start", -1), first.get("end", -1), time_text)
    if not pieces:
        pieces = sentence_pieces(event.get("sentence") or "", time_text)
    published = event.get("published") or (first or {}).get("published") or "unknown"
    inferred = event.get("published_inferred")
    why = [
        html.Dt("Time expression"),
        html.Dd(f"“{time_text}”" if time_text else "none in the sentence"),
        html.Dt("Resolved to"),
        html.Dd(f"{when(event)}  ({event.get('value') or 'no value'}, grain {event.get('grain') or '–'})"),
        html.Dt("Publication date"),
        html.Dd([str(published)[:10], html.Span(" inferred from the text", className="warn") if inferred else " given"]),
        html.Dt("Rule"),
        html.Dd(html.Code(event.get("rule") or "–")),
    ]
    if event.get("reason"):
        why += [html.Dt("Reasoning"), html.Dd(event["reason"])]
    source_items = []
    for s in sources:
        title = s.get("title") or s.get("source") or s.get("article_id")
        link = html.A(title, href=s["url"], target="_blank", rel="noopener noreferrer") if _safe_url(s.get("url")) else html.Span(title)
        meta = " · ".join(x for x in (s.get("source") or "", (s.get("published") or "")[:10], s.get("kind") or "") if x)
        source_items.append(html.Li([link, html.Div(meta, className="hint"), html.Blockquote(s.get("sentence") or "")]))
    return [
        html.Div(
            [
                html.Span(
                    [html.Span(className="swatch", style={"backgroundColor": theme.colour(category)}), theme.category_label(category)],
                    className="chip",
                ),
                html.Span([theme.MODALITY_GLYPHS.get(modality, "●"), " ", modality], className=f"chip modality-{modality}"),
            ],
            className="detail-head",
        ),
        html.H2(when(event), className="detail-date"),
        html.P(_pieces(pieces), className="paragraph"),
        html.H3("Why this date?"),
        html.Dl(why, className="why"),
        html.H3(f"Sources ({len(sources)})"),
        html.Ol(source_items, className="sources"),
        html.H3("Actors"),
        html.P(", ".join(event.get("actors") or ()) or "none named"),
        html.H3("Places"),
        html.P(", ".join(event.get("places") or ()) or "none named"),
    ]


def _safe_url(url: str | None) -> bool:
    return bool(url) and url.lower().startswith(("http://", "https://"))
