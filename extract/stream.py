"""Read articles one at a time from files and folders of any size: the batch reader.

:func:`extract.read_articles` reads every article into a list and stops at the
first bad record, which is right for one command on a few files.  A corpus of
millions of articles needs the opposite: one record in memory at a time, and a
malformed record skipped (and reported) while the rest goes on.  Each item the
stream yields is ``(Article or Skipped, nbytes)``, where ``nbytes`` is how much
of the input it consumed (for a progress bar over bytes, which knows its total
before anything is parsed).

Formats, told by the file name ending (:data:`extract.ingest.FORMATS`):

* JSONL and CSV are streamed line by line / row by row; a line that is not
  JSON, a row that is not UTF-8 or has more fields than the header, a record
  without text or with a publication date that is not a date are skipped;
* a JSON file (an array of articles) is parsed whole, then read record by
  record with the same per-record skipping;
* text and HTML files are one article each (read by :mod:`extract.ingest`).

Records become articles through :func:`extract.ingest.from_records`, so field
names, ids and publication dates are exactly those of ``python -m extract
events``.  Folders are walked in sorted order, hidden entries left out, so two
runs over the same input see the records in the same order.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from extract import ingest
from extract.errors import ArticleError, InputError, PublishedDateError
from extract.records import Article


@dataclass(frozen=True, kw_only=True)
class Skipped:
    """A record (or a whole file) that could not become an article, and why.

    ``where`` names the file and row (``news.jsonl line 7``); ``reason`` is the
    message a user reads, file and row included; ``kind`` groups reasons in
    the end report.
    """

    where: str
    reason: str
    kind: str


#: ``kind`` of a Skipped, by the error that caused it.
KIND_UNREADABLE = "unreadable record"
KIND_DATE = "no usable publication date"


def check_inputs(paths: Iterable[str | Path]) -> list[Path]:
    """The paths, each an existing file or folder; else :class:`ArticleError` naming it."""
    checked = []
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise ArticleError(f"{path}: no such file or folder")
        if path.is_dir() and next(walk([path]), None) is None:
            raise ArticleError(f"{path}: no article files in the folder ({', '.join(sorted(ingest.FORMATS))})")
        checked.append(path)
    return checked


def walk(paths: Iterable[Path]) -> Iterator[Path]:
    """Files named in ``paths`` and article files under its folders, in sorted order, lazily."""
    for path in paths:
        if path.is_dir():
            yield from _walk_folder(path)
        else:
            yield path


def total_bytes(paths: Iterable[Path]) -> int:
    """The size of every file :func:`walk` yields: the total of a progress bar."""
    return sum(_size(path) for path in walk(paths))


def read_stream(
    paths: Iterable[Path], *, published: dt.date | dt.datetime | None = None
) -> Iterator[tuple[Article | Skipped, int]]:
    """Every record of every file as ``(Article or Skipped, bytes consumed)``, in input order."""
    for path in walk(paths):
        fmt = ingest.FORMATS.get(path.suffix.lower())
        if fmt == "jsonl":
            yield from read_jsonl(path, published=published)
        elif fmt == "csv":
            yield from read_csv(path, published=published)
        elif fmt == "json":
            yield from read_json(path, published=published)
        else:
            yield read_whole_file(path, published=published), _size(path)


def read_jsonl(path: Path, *, published=None) -> Iterator[tuple[Article | Skipped, int]]:
    """One article per line of a JSON Lines file; blank lines are ignored."""
    try:
        with open(path, "rb") as handle:
            yield from _jsonl_lines(path, handle, published)
    except OSError as exc:
        yield _file_skipped(path, f"cannot read ({exc.strerror})"), _size(path)


def read_csv(path: Path, *, published=None) -> Iterator[tuple[Article | Skipped, int]]:
    """One article per row of a CSV file with a header; the delimiter is sniffed."""
    try:
        with open(path, "rb") as handle:
            yield from _csv_rows(path, handle, published)
    except OSError as exc:
        yield _file_skipped(path, f"cannot read ({exc.strerror})"), _size(path)


def read_json(path: Path, *, published=None) -> Iterator[tuple[Article | Skipped, int]]:
    """The articles of a JSON file (one object, a list, or ``{"articles": [...]}``), record by record."""
    size = _size(path)
    try:
        text = ingest.decode(_read_bytes(path), where=str(path))
        data = json.loads(text)
    except InputError as exc:
        yield _file_skipped(path, str(exc).removeprefix(f"{path}: ")), size
        return
    except json.JSONDecodeError as exc:
        yield _file_skipped(path, f"line {exc.lineno}: not valid JSON ({exc.msg})"), size
        return
    if isinstance(data, dict) and isinstance(data.get("articles"), list):
        data = data["articles"]
    records = data if isinstance(data, list) else [data]
    if not records:
        yield _file_skipped(path, "no articles in the file"), size
        return
    share, rest = divmod(size, len(records))
    for number, record in enumerate(records, 1):
        yield to_article(path, f"record {number}", record, published=published), share + (rest if number == 1 else 0)


def read_whole_file(path: Path, *, published=None) -> Article | Skipped:
    """The one article of a text or HTML file, or why it cannot be read."""
    try:
        return ingest.read_file(path, published=published)[0]
    except InputError as exc:
        return Skipped(where=str(path), reason=str(exc), kind=_kind(exc))


def to_article(path: Path, label: str, record: object, *, published=None) -> Article | Skipped:
    """One structured record as an article (as ``python -m extract events`` reads it), or why not."""
    try:
        return ingest.from_records([(label, record)], where=str(path), published=published)[0]
    except InputError as exc:
        return Skipped(where=f"{path} {label}", reason=str(exc), kind=_kind(exc))


# -- private helpers ---------------------------------------------------------------------------


def _walk_folder(folder: Path) -> Iterator[Path]:
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            yield from _walk_folder(Path(entry.path))
        elif entry.is_file() and Path(entry.name).suffix.lower() in ingest.FORMATS:
            yield Path(entry.path)


def _jsonl_lines(path: Path, handle, published) -> Iterator[tuple[Article | Skipped, int]]:
    blank = 0  # bytes of blank lines, counted with the record after them (or the last one)
    last = None
    for number, raw in enumerate(handle, 1):
        item = _jsonl_item(path, f"line {number}", raw, number, published)
        if item is None:
            blank += len(raw)
            continue
        if last is not None:
            yield last
        last, blank = (item, blank + len(raw)), 0
    if last is not None:
        yield last[0], last[1] + blank


def _jsonl_item(path: Path, label: str, raw: bytes, number: int, published) -> Article | Skipped | None:
    """One line as an article, a skipped record, or None for a blank line."""
    try:
        line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
    except UnicodeDecodeError as exc:
        return _skipped(path, label, f"bytes that are not UTF-8 (0x{raw[exc.start]:02x})")
    if not line.strip():
        return None
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return _skipped(path, label, f"not valid JSON ({exc.msg}, column {exc.colno})")
    return to_article(path, label, record, published=published)


def _csv_rows(path: Path, handle, published) -> Iterator[tuple[Article | Skipped, int]]:
    head = handle.read(4096)
    handle.seek(0)
    try:
        dialect = csv.Sniffer().sniff(head.decode("utf-8", "replace"), delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    consumed = [0]
    reader = csv.DictReader(_decoded_lines(handle, consumed), dialect=dialect)
    try:
        header = [str(name).strip().lower() for name in (reader.fieldnames or [])]
    except csv.Error as exc:
        yield _skipped(path, "row 1 (header)", f"not valid CSV ({exc})"), _size(path)
        return
    if not any(name in ingest.FIELD_NAMES["text"] for name in header):
        reason = (
            f"no text column (found {', '.join(header) or 'none'};"
            f" expected one of {', '.join(ingest.FIELD_NAMES['text'])})"
        )
        yield _skipped(path, "row 1 (header)", reason), _size(path)
        return
    done = 0  # the header's bytes count with the first row
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            yield _skipped(path, f"row {reader.line_num}", f"not valid CSV ({exc})"), consumed[0] - done
            done = consumed[0]
            continue
        yield _csv_row(path, f"row {reader.line_num}", row, published), consumed[0] - done
        done = consumed[0]


def _decoded_lines(handle, consumed: list[int]) -> Iterator[str]:
    """Lines as text; bytes that are not UTF-8 survive as surrogates so their row can be skipped."""
    for number, raw in enumerate(handle, 1):
        consumed[0] += len(raw)
        yield raw.decode("utf-8-sig" if number == 1 else "utf-8", "surrogateescape")


def _csv_row(path: Path, label: str, row: dict, published) -> Article | Skipped:
    if None in row:
        return _skipped(path, label, "more fields than the header has")
    values = [value for value in row.values() if isinstance(value, str)]
    if any(_has_surrogates(value) for value in values):
        return _skipped(path, label, "bytes that are not UTF-8; save the file as UTF-8")
    record = {str(key).strip().lower(): value for key, value in row.items()}
    return to_article(path, label, record, published=published)


def _has_surrogates(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _kind(exc: InputError) -> str:
    return KIND_DATE if isinstance(exc, PublishedDateError) else KIND_UNREADABLE


def _skipped(path: Path, label: str, reason: str) -> Skipped:
    where = f"{path} {label}"
    return Skipped(where=where, reason=f"{where}: {reason}", kind=KIND_UNREADABLE)


def _file_skipped(path: Path, reason: str) -> Skipped:
    return Skipped(where=str(path), reason=f"{path}: {reason}", kind=KIND_UNREADABLE)


def _read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > ingest.MAX_BYTES:
            raise ArticleError(f"{path}: file too large for a JSON array ({size} bytes); write it as JSON Lines")
        return path.read_bytes()
    except OSError as exc:
        raise ArticleError(f"{path}: cannot read ({exc.strerror})") from None


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
