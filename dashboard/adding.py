"""Adding articles from the browser: pasted text or uploaded files -> events in the store.

Everything is read and extracted before anything is stored, and the store
adds a batch in one transaction: a bad file stores nothing.  Mistakes raise
:class:`AddError` with a message for the page that names the file (and row).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from extract.errors import InputError
from extract.store import AddResult, Store

#: Largest file (and largest pasted text) accepted, in bytes.
MAX_BYTES = 5_000_000
MAX_FILES = 20
SUFFIXES = (".txt", ".text", ".md", ".html", ".htm", ".json", ".jsonl", ".csv")

SAMPLE = Path(__file__).resolve().parent.parent / "extract" / "data" / "samples" / "putin-playing-at-peace.txt"
SAMPLE_PUBLISHED = dt.date(2022, 2, 16)


class AddError(ValueError):
    """Input the page cannot add; the message says which input and why."""


@dataclass(frozen=True, kw_only=True)
class Added:
    articles: int
    events: int
    sources: int
    notes: tuple[str, ...]

    def message(self) -> str:
        if self.articles == 0 and self.events == 0:
            text = "Nothing new: these articles are already in the store."
        else:
            text = f"Added {self.articles} article{'s' * (self.articles != 1)} and {self.events} event{'s' * (self.events != 1)}."
        return " ".join([text, *self.notes])


def parse_published(text: str | None) -> dt.date | None:
    """The publication date typed in the form: empty means "infer it from the text"."""
    if not text or not text.strip():
        return None
    from extract.ingest import parse_date

    try:
        return parse_date(text.strip(), where="publication date")
    except InputError as exc:
        raise AddError(str(exc)) from None


def articles_from_paste(text: str | None, *, published: str | None = None, title: str | None = None) -> list:
    from extract import ingest

    if not text or not text.strip():
        raise AddError("Paste the text of an article, or choose files to upload.")
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise AddError(f"The pasted text is over the limit of {MAX_BYTES // 1_000_000} MB.")
    try:
        return [ingest.from_text(text, published=parse_published(published), where="pasted text", title=title or None)]
    except InputError as exc:
        raise AddError(str(exc)) from None


def _decode_upload(content: str, name: str) -> bytes:
    _, _, payload = (content or "").partition(",")
    try:
        data = base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError):
        raise AddError(f"{name}: the upload could not be read; try again.") from None
    if len(data) > MAX_BYTES:
        raise AddError(f"{name}: file too large ({len(data):,} bytes; the limit is {MAX_BYTES:,}).")
    return data


def articles_from_uploads(contents: list[str], filenames: list[str], *, published: str | None = None) -> list:
    """Articles of uploaded files (``dcc.Upload`` data URLs), all read before any is kept."""
    from extract import ingest

    if len(contents) > MAX_FILES:
        raise AddError(f"Too many files at once ({len(contents)}); the limit is {MAX_FILES}.")
    date = parse_published(published)
    found = []
    with tempfile.TemporaryDirectory(prefix="upload-") as folder:
        for content, name in zip(contents, filenames):
            name = Path(name or "upload.txt").name
            if Path(name).suffix.lower() not in SUFFIXES:
                raise AddError(f"{name}: not a supported file type (use {', '.join(SUFFIXES)}).")
            path = Path(folder) / re.sub(r"[^\w.\- ]", "_", name)
            path.write_bytes(_decode_upload(content, name))
            try:
                found += ingest.read_file(path, published=date)
            except InputError as exc:
                raise AddError(str(exc).replace(f"{folder}/", "")) from None
    return found


def extract_events(articles: list) -> list[dict]:
    """The events of ``articles`` as JSON objects, by the pipeline."""
    import extract

    run = getattr(extract, "extract_events", None)
    if run is None:
        raise AddError("Event extraction is not available in this version (extract.extract_events is missing).")
    try:
        found = run(articles)
    except InputError as exc:
        raise AddError(str(exc)) from None
    return [e.to_dict() if hasattr(e, "to_dict") else dict(e) for e in found]


def add(store: Store, articles: list, *, extract=extract_events) -> Added:
    """Extract the events of ``articles`` and store both, in one transaction."""
    events = extract(articles)
    result: AddResult = store.add([_article_dict(a) for a in articles], events)
    notes = tuple(
        f"The publication date of “{a.title or a.origin}” was inferred as {a.published:%Y-%m-%d}"
        f" ({a.published_evidence or 'from the text'})."
        for a in articles
        if getattr(a, "published_inferred", False)
    )
    return Added(articles=result.articles_added, events=result.events_added, sources=result.sources_added, notes=notes)


def _article_dict(article) -> dict:
    return article.to_dict() if hasattr(article, "to_dict") else dict(article)


def seed_sample(store: Store) -> Added | None:
    """Extract the bundled sample article into an empty store (the first run)."""
    from extract import ingest

    if store.counts()["articles"]:
        return None
    articles = ingest.read_file(SAMPLE, published=SAMPLE_PUBLISHED)
    return add(store, articles)
