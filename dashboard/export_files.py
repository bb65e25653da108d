"""The events of a view as files: CSV, JSON, a standalone HTML page and a PowerPoint deck.

Data files hold every event in view (dated events in the range, and undated
events the filters keep) with its dates, grain, interval, modality, actors,
places and sources.  They are spreadsheet-safe: a text cell that starts with
``= + - @``, a tab or a carriage return (or an apostrophe, so the rule can be
undone) gets a leading apostrophe, so no spreadsheet runs it as a formula.
:func:`unneutralise` undoes it; :func:`read_csv` and :func:`read_json` read a
file back into the same records.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace

import plotly.graph_objects as go
import sqlalchemy as sa

from dashboard import data, theme
from extract.store import EventFilter, Store, articles, event_sources, events

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")
CSV_COLUMNS = [
    "id", "date", "start", "end", "interval", "when", "grain", "value", "category", "category_label", "modality",
    "time_text", "sentence", "actors", "places", "n_sources", "sources", "source_urls",
]  # fmt: skip
LIST_SEPARATOR = "; "
SOURCE_SEPARATOR = " | "
JSON_FORMAT = "news-timeline-events"
JSON_VERSION = 1


def neutralise(value):
    """A string a spreadsheet shows as text: ``'`` before a leading ``= + - @`` tab, CR or ``'``."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def unneutralise(value):
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def _deep(value, fn):
    if isinstance(value, dict):
        return {k: _deep(v, fn) for k, v in value.items()}
    if isinstance(value, list):
        return [_deep(v, fn) for v in value]
    return fn(value)


# -- the events in view ----------------------------------------------------------


def events_in_view(store: Store, view: dict, facets: dict) -> list[dict]:
    """Every event of the view, dated (in the range, by date) then undated, each with its sources."""
    dated_flt, undated_flt = view_filters(view, facets)
    dated = store.select(dated_flt, lane="category")
    undated = store.select(undated_flt, lane="category")
    rows = dated + undated
    sources = sources_of([r["id"] for r in rows], store)
    return [event_record(r, sources.get(r["id"], [])) for r in rows]


def sources_of(event_ids: list[str], store: Store, *, chunk: int = 500) -> dict[str, list[dict]]:
    """The articles that report each event: ``{event id: [{source, title, url, published, article_id}]}``."""
    found: dict[str, list[dict]] = {}
    query = (
        sa.select(event_sources.c.event_id, articles.c.id, articles.c.source, articles.c.title, articles.c.url, articles.c.published)
        .join(articles, articles.c.id == event_sources.c.article_id)
        .order_by(event_sources.c.event_id, articles.c.published, articles.c.id)
    )  # fmt: skip
    with store.engine.connect() as conn:
        for i in range(0, len(event_ids), chunk):
            part = event_ids[i : i + chunk]
            for row in conn.execute(query.where(event_sources.c.event_id.in_(part))):
                items = found.setdefault(row.event_id, [])
                item = {"source": row.source or "", "title": row.title or "", "url": row.url or "", "published": (row.published or "")[:10], "article_id": row.id}
                if item not in items:
                    items.append(item)
    return found


def event_record(row: dict, sources: list[dict]) -> dict:
    """One exported event: dates as ISO text (the store's), lists as lists."""
    start, end = row.get("start"), row.get("end")
    return {
        "id": row["id"],
        "date": (start or "")[:10],
        "start": start or "",
        "end": end or "",
        "interval": f"{start}/{end}" if start and end else "",
        "when": data.when(row),
        "grain": row.get("grain") or "",
        "value": row.get("value") or "",
        "category": row["category"],
        "category_label": theme.category_label(row["category"]),
        "modality": row["modality"],
        "time_text": row.get("time_text") or "",
        "sentence": row.get("sentence") or "",
        "actors": list(row.get("actors") or []),
        "places": list(row.get("places") or []),
        "n_sources": int(row.get("n_sources") or len(sources) or 0),
        "sources": sources,
    }


# -- CSV and JSON ----------------------------------------------------------------------


def to_csv(records: list[dict]) -> bytes:
    """UTF-8 with a byte-order mark (so spreadsheets read the accents), one row per event."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for r in records:
        flat = dict(r)
        flat["actors"] = LIST_SEPARATOR.join(r["actors"])
        flat["places"] = LIST_SEPARATOR.join(r["places"])
        flat["sources"] = SOURCE_SEPARATOR.join(_source_words(s) for s in r["sources"])
        flat["source_urls"] = " ".join(s["url"] for s in r["sources"] if s["url"])
        writer.writerow({k: neutralise(flat[k]) for k in CSV_COLUMNS})
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _source_words(s: dict) -> str:
    return " · ".join(x for x in (s["source"], s["title"], s["published"]) if x)


def read_csv(content: bytes) -> list[dict]:
    """The rows of :func:`to_csv` with the neutralisation undone (lists and sources stay text)."""
    text = content.decode("utf-8-sig")
    return [{k: unneutralise(v) for k, v in row.items()} for row in csv.DictReader(io.StringIO(text))]


def _safe_record(r: dict) -> dict:
    """One record neutralised (the shape of :func:`event_record`, faster than a generic walk)."""
    out = {k: neutralise(v) for k, v in r.items()}
    out["actors"] = [neutralise(v) for v in r["actors"]]
    out["places"] = [neutralise(v) for v in r["places"]]
    out["sources"] = [{k: neutralise(v) for k, v in s.items()} for s in r["sources"]]
    return out


def to_json(records: list[dict], *, meta: dict) -> bytes:
    head = _deep({"format": JSON_FORMAT, "version": JSON_VERSION, **meta, "count": len(records)}, neutralise)
    body = {**head, "events": [_safe_record(r) for r in records]}
    # no indent: the C encoder only runs without one (ten times faster at 100,000 events)
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def read_json(content: bytes) -> dict:
    return _deep(json.loads(content), unneutralise)


# -- HTML --------------------------------------------------------------------------------


def to_html(fig: go.Figure, *, title: str) -> bytes:
    """A page that works offline: plotly.js inside, the figure filling the window."""
    page = fig.to_html(
        include_plotlyjs=True,
        full_html=True,
        div_id="timeline",
        default_width="100%",
        default_height="100vh",
        config={"displaylogo": False, "responsive": True, "toImageButtonOptions": {"format": "svg"}},
    )
    head = f"<title>{_html_text(title)}</title><style>html,body{{margin:0;background:#fff}}</style>"
    return page.replace("<head>", "<head><meta charset=\"utf-8\">" + head, 1).encode("utf-8")


def _html_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# -- PowerPoint -----------------------------------------------------------------------------

SLIDE_INCHES = {"16:9": (13.333, 7.5), "4:3": (10.0, 7.5)}
SOURCES_PER_SLIDE = 12
MAX_SOURCE_SLIDES = 5


def view_filters(view: dict, facets: dict) -> tuple[EventFilter, EventFilter]:
    """The store filters of a view's events: the dated ones in its range, the undated ones."""
    start, end = data.view_range(view, facets)
    flt = data.event_filter(view, with_range=False)
    return data.in_range(flt, start, end, facets), replace(flt, dated=False)


def articles_in_view(store: Store, view: dict, facets: dict, *, limit: int) -> tuple[list[dict], int, int]:
    """The ``limit`` articles that report most events of the view, how many articles and events there are.

    Counted in the database (one query, whatever the number of events), for the deck's sources slide.
    """
    from extract.store import _conditions  # the store's own filter, so the counts agree with the timeline

    dated, undated = view_filters(view, facets)
    ids = sa.union_all(
        sa.select(events.c.id).where(*_conditions(dated)), sa.select(events.c.id).where(*_conditions(undated))
    ).subquery()
    n_events = sa.func.count(sa.distinct(event_sources.c.event_id)).label("events")
    query = (
        sa.select(articles.c.id, articles.c.source, articles.c.title, articles.c.url, articles.c.published, n_events)
        .join(articles, articles.c.id == event_sources.c.article_id)
        .where(event_sources.c.event_id.in_(sa.select(ids.c.id)))
        .group_by(articles.c.id, articles.c.source, articles.c.title, articles.c.url, articles.c.published)
        .order_by(sa.desc("events"), articles.c.published, articles.c.source, articles.c.title)
    )  # fmt: skip
    with store.engine.connect() as conn:
        rows = conn.execute(query).all()
        total_events = conn.execute(sa.select(sa.func.count()).select_from(ids)).scalar_one()
    items = [
        {"article_id": r.id, "source": r.source or "", "title": r.title or "", "url": r.url or "", "published": (r.published or "")[:10], "events": r.events}
        for r in rows[:limit]
    ]  # fmt: skip
    return items, len(rows), total_events


def articles_of(store: Store, flt: EventFilter) -> list[dict]:
    """The articles that report the events ``flt`` keeps, each with how many of them it reports.

    ``[{source, title, url, events}]``, most events first; for the source note of a chart
    (:func:`dashboard.export_figure.source_note`), counted in the database like the timeline's lanes.
    """
    n_events = sa.func.count(sa.distinct(events.c.id)).label("events")
    query = (
        sa.select(articles.c.id, articles.c.source, articles.c.title, articles.c.url, n_events)
        .select_from(events.join(event_sources, event_sources.c.event_id == events.c.id).join(articles, articles.c.id == event_sources.c.article_id))
        .where(*store._conditions(flt))
        .group_by(articles.c.id, articles.c.source, articles.c.title, articles.c.url)
        .order_by(sa.desc("events"), articles.c.id)
    )  # fmt: skip
    with store.engine.connect() as conn:
        return [{"source": r.source or "", "title": r.title or "", "url": r.url or "", "events": r.events} for r in conn.execute(query)]


def to_pptx(chart_png: bytes, items: list[dict], *, n_articles: int, n_events: int, layout: str, title: str, subtitle: str, note: str) -> bytes:
    """A deck: the chart on the first slide (full bleed), then the articles the events come from."""
    from pptx import Presentation
    from pptx.dml.color import RGBColor
    from pptx.util import Emu, Inches, Pt

    width, height = SLIDE_INCHES[layout]
    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(width), Inches(height)
    blank = deck.slide_layouts[6]

    chart = deck.slides.add_slide(blank)
    picture = chart.shapes.add_picture(io.BytesIO(chart_png), 0, 0, width=deck.slide_width, height=deck.slide_height)
    picture.name = "Timeline"
    chart.notes_slide.notes_text_frame.text = f"{title}\n{subtitle}\n{note}"

    pages = [items[i : i + SOURCES_PER_SLIDE] for i in range(0, len(items), SOURCES_PER_SLIDE)][:MAX_SOURCE_SLIDES] or [[]]
    shown = sum(len(p) for p in pages)
    muted = RGBColor(0x59, 0x63, 0x6E)
    for number, page in enumerate(pages, 1):
        slide = deck.slides.add_slide(blank)
        margin = Inches(0.5)
        box = slide.shapes.add_textbox(margin, Inches(0.35), deck.slide_width - 2 * margin, Inches(0.8))
        head = box.text_frame.paragraphs[0]
        head.text = "Sources of the events shown" + (f" ({number}/{len(pages)})" if len(pages) > 1 else "")
        head.runs[0].font.size, head.runs[0].font.bold = Pt(30), True
        rows = len(page) + 1
        table_top = Inches(1.25)
        table = slide.shapes.add_table(rows, 4, margin, table_top, deck.slide_width - 2 * margin, Inches(0.4) * rows).table
        widths = (0.2, 0.56, 0.14, 0.10)
        for i, share in enumerate(widths):
            table.columns[i].width = Emu(int((deck.slide_width - 2 * margin) * share))
        for i, name in enumerate(("Outlet", "Article", "Published", "Events")):
            _cell(table.cell(0, i), name, size=Pt(14), bold=True)
        for r, item in enumerate(page, 1):
            _cell(table.cell(r, 0), item["source"] or "–", size=Pt(13))
            _cell(table.cell(r, 1), item["title"] or item["article_id"], size=Pt(13), url=item["url"])
            _cell(table.cell(r, 2), item["published"] or "–", size=Pt(13))
            _cell(table.cell(r, 3), f"{item['events']:,}", size=Pt(13))
        foot = slide.shapes.add_textbox(margin, deck.slide_height - Inches(0.6), deck.slide_width - 2 * margin, Inches(0.4))
        words = f"{n_articles:,} article{'s' * (n_articles != 1)} report the {n_events:,} events of this view (dated and undated)"
        if shown < n_articles:
            words += f"; the {shown:,} that report most events are listed (all are in the CSV export)"
        para = foot.text_frame.paragraphs[0]
        para.text = words if items else "No event in this view has a source."
        para.runs[0].font.size, para.runs[0].font.color.rgb = Pt(12), muted
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()


def _cell(cell, text: str, *, size, bold: bool = False, url: str | None = None) -> None:
    cell.text = text
    run = cell.text_frame.paragraphs[0].runs[0]
    run.font.size, run.font.bold = size, bold
    if url and url.lower().startswith(("http://", "https://")):
        run.hyperlink.address = url
