"""Adding articles from the browser: pasted text or uploaded files -> events in the store.

Everything is read and extracted before anything is stored, and the store
adds a batch in one transaction: a bad file stores nothing.  Mistakes raise
:class:`AddError` with a message for the page that names the file (and row).

In the page the work runs as a :class:`Jobs` job on a worker thread, so the
request that starts it returns at once; the page polls the job's progress
(reading, extracting, storing), which is kept in a diskcache folder that every
server process of one store shares.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import re
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
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


def add(store: Store, articles: list, *, extract=extract_events, step=None) -> Added:
    """Extract the events of ``articles`` and store both, in one transaction (``step(i)`` on entering ``STEPS[i]``)."""
    step = step or (lambda _i: None)
    step(1)
    events = extract(articles)
    step(2)
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


#: The steps of a job, in order, as the page shows them.
STEPS = ("Reading the input", "Extracting events", "Storing", "Done")


class Jobs:
    """Adding runs on one worker thread; its progress lives in a diskcache shared by the server's processes.

    ``start(work)`` returns a job id at once; ``work(step)`` does the adding and
    calls ``step(i)`` as it enters ``STEPS[i]``; it returns ``(message, added)``.
    ``status(job)`` is a dict: ``step``, ``of``, ``label``, ``seconds``, ``done``,
    ``message``, ``added`` (``None`` for an unknown job).  One worker, so two
    batches never write at the same time.
    """

    def __init__(self, key: str, folder: str | Path | None = None):
        import diskcache

        name = "timeline-jobs-" + hashlib.sha256(key.encode()).hexdigest()[:12]
        self.cache = diskcache.Cache(str(folder or Path(tempfile.gettempdir()) / name))
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="add-articles")
        self._lock = threading.Lock()

    def start(self, work) -> str:
        job = uuid.uuid4().hex
        began = time.time()
        self._put(job, step=0, began=began)

        def run():
            try:
                message, added = work(lambda i: self._put(job, step=i, began=began))
            except Exception as exc:  # noqa: BLE001 - a job never dies silently: the page says what went wrong
                message, added = f"Nothing was added. Extraction failed: {exc}", False
            self._put(job, step=len(STEPS) - 1, began=began, done=True, message=message, added=added)

        self._pool.submit(run)
        return job

    def _put(self, job: str, *, step: int, began: float, done: bool = False, message: str = "", added: bool = False) -> None:
        with self._lock:
            self.cache.set(job, {"step": step, "began": began, "done": done, "message": message, "added": added}, expire=3600)

    def status(self, job: str | None) -> dict | None:
        record = self.cache.get(job) if job else None
        if record is None:
            return None
        return {
            **record,
            "of": len(STEPS) - 1,
            "label": STEPS[record["step"]],
            "seconds": time.time() - record["began"],
        }

    def wait(self, job: str, timeout: float = 30.0) -> dict | None:
        """The status once the job is done (tests, scripts)."""
        end = time.time() + timeout
        while time.time() < end:
            status = self.status(job)
            if status is None or status["done"]:
                return status
            time.sleep(0.02)
        return self.status(job)
