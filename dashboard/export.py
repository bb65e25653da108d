"""Export a view of the timeline: PNG, SVG, PDF, HTML, PowerPoint, CSV or JSON.

One function, :func:`export_view`, makes every file; the command line and the
dashboard's export menu both call it, so the same view gives the same file::

    python -m dashboard export --format pdf --out view.pdf --view 'http://host/?cat=talks&from=2022-02-14'
    python -m dashboard export --format png --out slide.png --cat talks --from 2022-02-14 --size 1280x720

PNG, SVG, PDF and PPTX are drawn by Chromium through kaleido
(:mod:`dashboard.export_render` says how the browser is found); HTML, CSV and
JSON need no browser.  The figure is :mod:`dashboard.export_figure`, the data
files and the deck :mod:`dashboard.export_files`, the errors
:mod:`dashboard.export_errors`.

Exit codes: 0 written; 1 rendering failed; 2 a bad request or no Chromium.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from dashboard import data, export_files, state
from dashboard.export_errors import ExportError, ExportRequestError, NoBrowserError, RenderError
from dashboard.export_figure import (
    LAYOUTS,
    TITLE,
    filters_words,
    note_chars,
    presentation_figure,
    source_note,
    subtitle,
)
from dashboard.export_render import Renderer, find_browser
from extract.errors import ExtractError
from extract.store import Store, default_url

__all__ = [
    "FORMATS",
    "MENU",
    "ExportError",
    "ExportFile",
    "ExportOptions",
    "ExportRequestError",
    "NoBrowserError",
    "RenderError",
    "export_view",
    "find_browser",
    "main",
    "menu_download",
    "menu_options",
    "view_from_url",
]  # fmt: skip

#: Format -> (media type, needs Chromium).
FORMATS = {
    "png": ("image/png", True),
    "svg": ("image/svg+xml", True),
    "pdf": ("application/pdf", True),
    "html": ("text/html", False),
    "pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", True),
    "csv": ("text/csv", False),
    "json": ("application/json", False),
}
#: Named PNG sizes the export menu offers (custom sizes come as WxH).
PRESETS = {"1920x1080": (1920, 1080), "1280x720": (1280, 720)}
PNG_SCALE = 2
MAX_PIXELS = 8000


@dataclass(frozen=True, kw_only=True)
class ExportOptions:
    """What to make.  ``size`` is the slide in layout pixels (``layout``'s default when None);
    a PNG has ``size`` times ``scale`` pixels."""

    fmt: str
    layout: str = "16:9"
    size: tuple[int, int] | None = None
    scale: float = PNG_SCALE
    title: str | None = None

    def checked(self) -> ExportOptions:
        if self.fmt not in FORMATS:
            raise ExportRequestError(f"unknown format {self.fmt!r}: choose one of {', '.join(FORMATS)}")
        if self.layout not in LAYOUTS:
            raise ExportRequestError(f"unknown layout {self.layout!r}: choose one of {', '.join(LAYOUTS)}")
        width, height = self.size or LAYOUTS[self.layout]
        if not (200 <= width <= MAX_PIXELS and 200 <= height <= MAX_PIXELS):
            raise ExportRequestError(f"size {width}x{height} is out of range (200 to {MAX_PIXELS} pixels a side)")
        if not 0.5 <= self.scale <= 4:
            raise ExportRequestError(f"scale {self.scale} is out of range (0.5 to 4)")
        return ExportOptions(fmt=self.fmt, layout=self.layout, size=(width, height), scale=self.scale, title=self.title)


@dataclass(frozen=True)
class ExportFile:
    content: bytes
    filename: str
    media_type: str


def parse_size(text: str) -> tuple[int, int]:
    """``1920x1080`` -> ``(1920, 1080)``."""
    match = re.fullmatch(r"\s*(\d{2,5})\s*[x×X]\s*(\d{2,5})\s*", text or "")
    if not match:
        raise ExportRequestError(f"size {text!r} is not WIDTHxHEIGHT (e.g. 1920x1080)")
    return int(match.group(1)), int(match.group(2))


def view_from_url(url: str | None) -> dict:
    """The view a dashboard URL (or just its query string) shows."""
    url = (url or "").strip()
    query = urlsplit(url).query if "://" in url or url.startswith("/") else url.lstrip("?")
    return state.from_query(query)


def export_view(store: Store, view: dict, options: ExportOptions, *, renderer: Renderer | None = None, facets: dict | None = None) -> ExportFile:
    """The file for ``view`` (a view dict, see :mod:`dashboard.state`) in ``options.fmt``.

    ``renderer`` draws PNG, SVG, PDF and PPTX (a new browser is started and
    closed when None); ``facets`` are the store's (read from it when None).
    """
    options = options.checked()
    view = state.normalise(view)
    if facets is None:  # as the page reads them (callbacks.Callbacks.facets), focus included
        facets = store.facets()
        facets["focus"] = data.focus_range(store, facets)
    tl = data.timeline(store, view, facets)
    media_type, needs_browser = FORMATS[options.fmt]
    filename = f"timeline-{tl.start:%Y%m%d}-{tl.end:%Y%m%d}.{options.fmt}"
    query = state.to_query(view)
    title = options.title or TITLE

    if options.fmt in ("csv", "json"):
        records = export_files.events_in_view(store, view, facets)
        if options.fmt == "csv":
            return ExportFile(export_files.to_csv(records), filename, media_type)
        meta = {
            "title": title,
            "view": query,
            "range": {"start": tl.start.isoformat(), "end": tl.end.isoformat()},
            "lanes": tl.lane_kind,
            "filters": filters_words(view),
            "dated": sum(1 for r in records if r["start"]),
            "undated": sum(1 for r in records if not r["start"]),
        }
        return ExportFile(export_files.to_json(records, meta=meta), filename, media_type)

    width, height = options.size
    drawn = data.in_range(data.event_filter(view, with_range=False), tl.start, tl.end, facets)  # dated, in range
    note = source_note(export_files.articles_of(store, drawn), query, line_chars=note_chars(width, height, tl))
    fig = presentation_figure(tl, view, width=width, height=height, title=title, note=note, interactive=options.fmt == "html")
    if options.fmt == "html":
        fig.update_layout(width=None, height=None, autosize=True)  # the page fills the window
        return ExportFile(export_files.to_html(fig, title=title), filename, media_type)

    own = renderer is None
    renderer = renderer or Renderer(find_browser() if needs_browser else None)
    try:
        spec = fig.to_plotly_json()
        if options.fmt == "pptx":
            png = renderer.render(spec, fmt="png", width=width, height=height, scale=options.scale)
            limit = export_files.SOURCES_PER_SLIDE * export_files.MAX_SOURCE_SLIDES
            items, n_articles, n_events = export_files.articles_in_view(store, view, facets, limit=limit)
            words = subtitle(tl, view).replace("<br>", "\n") if tl.mode != "empty" else filters_words(view)
            content = export_files.to_pptx(png, items, n_articles=n_articles, n_events=n_events, layout=options.layout,
                                           title=title, subtitle=words, note=note)  # fmt: skip
        else:
            scale = options.scale if options.fmt == "png" else 1
            content = renderer.render(spec, fmt=options.fmt, width=width, height=height, scale=scale)
    finally:
        if own:
            renderer.close()
    return ExportFile(content, filename, media_type)


# -- the export menu of the dashboard ------------------------------------------------------

#: The menu's choices: value -> (label, format, size or None).
MENU = {
    "png-1920x1080": ("PNG slide 1920×1080 (sharp ×2)", "png", (1920, 1080)),
    "png-1280x720": ("PNG slide 1280×720 (sharp ×2)", "png", (1280, 720)),
    "svg": ("SVG (vector)", "svg", None),
    "pdf": ("PDF (vector)", "pdf", None),
    "pptx": ("PowerPoint: chart and sources", "pptx", None),
    "html": ("HTML, interactive, works offline", "html", None),
    "csv": ("CSV of the events in view", "csv", None),
    "json": ("JSON of the events in view", "json", None),
}


def menu_options(choice: str, layout: str | None, custom_size: str | None = None) -> ExportOptions:
    """The options a choice of the export menu stands for; a custom size (WxH) wins over the preset."""
    if choice not in MENU:
        raise ExportRequestError(f"unknown export {choice!r}")
    _, fmt, size = MENU[choice]
    layout = layout or "16:9"
    if custom_size and custom_size.strip():
        size = parse_size(custom_size)
    elif fmt == "png" and layout != "16:9":
        size = None  # the presets are 16:9 slides; a 4:3 layout takes its own default
    return ExportOptions(fmt=fmt, layout=layout, size=size).checked()


def menu_download(store: Store, search: str | None, choice: str, layout: str | None, custom_size: str | None = None,
                  *, renderer: Renderer | None = None, facets: dict | None = None) -> tuple[dict | None, str]:  # fmt: skip
    """``(dcc.Download data, message)`` for the view of the URL ``search``; ``(None, why)`` on failure."""
    import base64

    from dashboard import export_render

    try:
        options = menu_options(choice, layout, custom_size)
        if FORMATS[options.fmt][1]:
            renderer = renderer or export_render.shared()
        result = export_view(store, state.from_query(search), options, renderer=renderer, facets=facets)
    except ExportError as exc:
        return None, f"Export failed: {exc}"
    download = {"content": base64.b64encode(result.content).decode("ascii"), "filename": result.filename, "type": result.media_type, "base64": True}
    return download, f"{result.filename} ({_size_words(len(result.content))})"


def _size_words(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 1e6 else f"{max(1, round(n / 1e3))} KB"


# -- command line ------------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m dashboard export",
        description="Export a view of the timeline (the filters of a dashboard URL) as a file.",
    )
    p.add_argument("--format", required=True, choices=list(FORMATS), help="file format")
    p.add_argument("--out", required=True, help="file to write ('-' for standard output)")
    p.add_argument("--db", default=None, help=f"SQLAlchemy URL of the store (default $DATABASE_URL or {default_url()})")
    p.add_argument("--view", default=None, help="a dashboard URL or query string; the options below override it")
    view = p.add_argument_group("view (the URL state)")
    for key, param in state.PARAMS.items():
        if key in state.LIST_KEYS:
            view.add_argument(f"--{param}", dest=key, action="append", default=None, metavar="VALUE",
                              help=f"keep only these {key} (repeat, or separate with commas)")  # fmt: skip
    view.add_argument("--from", dest="start", default=None, metavar="DATE", help="start of the range (ISO date or date-time)")
    view.add_argument("--to", dest="end", default=None, metavar="DATE", help="end of the range, exclusive")
    view.add_argument("--q", dest="q", default=None, metavar="TEXT", help="free-text search")
    view.add_argument("--lanes", dest="lanes", default=None, choices=state.LANES, help="one lane per category, actor or source")
    view.add_argument("--event", dest="event", default=None, metavar="ID", help="the selected event (ringed)")
    look = p.add_argument_group("look")
    look.add_argument("--layout", default="16:9", choices=list(LAYOUTS), help="slide shape (default 16:9)")
    look.add_argument("--size", default=None, help="slide size in pixels, WxH (default 1920x1080 for 16:9, 1440x1080 for 4:3)")
    look.add_argument("--scale", type=float, default=PNG_SCALE, help=f"PNG and PPTX pixels per layout pixel (default {PNG_SCALE})")
    look.add_argument("--title", default=None, help=f"title of the chart (default '{TITLE}')")
    return p


def cli_view(args: argparse.Namespace) -> dict:
    """The view of ``--view`` with the explicit filter options laid over it.

    A link may carry a stale or mistyped date (the dashboard drops it); a date typed
    as an option is refused with a message instead of being silently ignored.
    """
    view = view_from_url(args.view)
    for key in state.DEFAULT:
        value = getattr(args, key, None)
        if value is None:
            continue
        if key in state.LIST_KEYS:
            value = [v.strip() for item in value for v in item.split(",") if v.strip()]
        view[key] = value
    for key, option in (("start", "--from"), ("end", "--to")):
        value = getattr(args, key, None)
        if value is not None and state.iso_date(value) is None:
            raise ExportRequestError(f"{option} {value!r} is not a date: write it as YYYY-MM-DD (or YYYY-MM-DDTHH:MM)")
    normal = state.normalise(view)
    if args.start is not None and args.end is not None and normal["start"] is None:
        raise ExportRequestError(f"--from {args.start!r} is not before --to {args.end!r}: the range would be empty")
    return normal


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        size = parse_size(args.size) if args.size else None
        options = ExportOptions(fmt=args.format, layout=args.layout, size=size, scale=args.scale, title=args.title).checked()
        if FORMATS[options.fmt][1]:
            find_browser()  # before any work: say what to install
        store = Store(args.db)
        try:
            result = export_view(store, cli_view(args), options)
        finally:
            store.close()
    except (ExportError, ExtractError) as exc:  # ExtractError: the store (unreachable, schema out of date)
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    if args.out == "-":
        sys.stdout.buffer.write(result.content)
    else:
        Path(args.out).write_bytes(result.content)
        print(f"wrote {args.out} ({len(result.content):,} bytes, {options.fmt})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
