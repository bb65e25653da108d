"""Read articles from files and folders one record at a time: the one reader of file formats.

Both commands read through :func:`read_stream`, with one of two policies:

* strict (``python -m extract events``, :func:`extract.read_articles`): the
  first record that cannot be read raises :class:`~extract.errors.ArticleError`
  (or :class:`~extract.errors.PublishedDateError`) naming its file and row;
* lenient (``python -m extract batch``): it is yielded as a :class:`Skipped`
  with the same message, and the rest goes on.

Each item is ``(Article or Skipped, nbytes)``, where ``nbytes`` is how much of
the input it consumed: the items of a file add up to its size (for a progress
bar over bytes, which knows its total before anything is parsed).

Formats, told by the file name ending (:data:`FORMATS`; a file named with
another ending is sniffed from its first bytes):

* JSON Lines and CSV are read line by line / row by row, so memory stays flat
  whatever the size of the file (UTF-8 with or without BOM; UTF-16 with a BOM
  is decoded whole first); the CSV delimiter is sniffed;
* JSON (one object, a list, or ``{"articles": [...]}``), text and HTML are read
  whole, up to :data:`MAX_BYTES`.

A record is bad when its line is not JSON, it holds bytes that are not UTF-8,
a CSV row has more fields than the header, or it is not an object, has no text
or has a publication date that is not a date.  A whole file is bad (one
Skipped, or the error) when it cannot be read, is empty, binary or too large
to read whole, is not valid JSON, is a CSV without a text column, or holds no
article.  Records become articles by :func:`extract.ingest.from_records`
(field names, ids, publication dates).

Folders are walked lazily in sorted order: at each level the entries sorted by
name (code points, so the same on every platform and Python version), a
sub-folder's files where its name sorts, entries whose name starts with "."
left out, links to folders not followed (no loops; a link named as an input
is).  Two runs over the same input read the records in the same order.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from extract import ingest
from extract.errors import ArticleError, InputError, PublishedDateError
from extract.records import Article

#: File name endings read when a folder is given, by format.
# fmt: off
FORMATS = {
    ".txt": "text", ".text": "text", ".md": "text",
    ".json": "json",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".csv": "csv",
    ".html": "html", ".htm": "html", ".xhtml": "html",
}
# fmt: on

#: The largest file read whole (JSON, text, HTML, UTF-16); JSON Lines and CSV in UTF-8 have no limit.
MAX_BYTES = 50_000_000

#: ``kind`` of a Skipped, by the error that caused it.
KIND_UNREADABLE = "unreadable record"
KIND_DATE = "no usable publication date"

_HEAD = 1 << 16  # bytes read first: the encoding, the format of a file without a known ending, the CSV dialect
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


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

    def error(self) -> InputError:
        """The error strict reading raises instead: PublishedDateError or ArticleError, with the reason."""
        return (PublishedDateError if self.kind == KIND_DATE else ArticleError)(self.reason)


def check_inputs(paths: Iterable[str | Path]) -> list[Path]:
    """The paths, each an existing file or folder; else :class:`ArticleError` naming it."""
    checked = []
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise ArticleError(f"{path}: no such file or folder")
        if path.is_dir() and next(walk([path]), None) is None:
            raise ArticleError(f"{path}: no article files in the folder ({', '.join(sorted(FORMATS))})")
        checked.append(path)
    return checked


def walk(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files named in ``paths`` and article files under its folders, in sorted order, lazily."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from _walk_folder(path)
        else:
            yield path


def total_bytes(paths: Iterable[str | Path]) -> int:
    """The size of every file :func:`walk` yields: the total of a progress bar."""
    return sum(_size(path) for path in walk(paths))


def read_stream(
    paths: Iterable[str | Path], *, published: dt.date | dt.datetime | None = None, strict: bool = False
) -> Iterator[tuple[Article | Skipped, int]]:
    """Every record of every file as ``(Article or Skipped, bytes consumed)``, in input order.

    ``published`` is the date of records that carry none.  With ``strict`` the
    first record that cannot be read raises (:meth:`Skipped.error`) instead of
    being yielded.
    """
    for path in walk(paths):
        for item, nbytes in _read_file(path, published):
            if strict and isinstance(item, Skipped):
                raise item.error()
            yield item, nbytes


# -- private helpers ---------------------------------------------------------------------------


_Items = Iterator[tuple[Article | Skipped, int]]
_Line = tuple[str, int, int | None]  # a line's text, its size in bytes, its first byte that is not UTF-8


def _walk_folder(folder: Path) -> Iterator[Path]:
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):
            yield from _walk_folder(Path(entry.path))
        elif entry.is_file() and Path(entry.name).suffix.lower() in FORMATS:
            yield Path(entry.path)


def _read_file(path: Path, published) -> _Items:
    """The items of one file; what is wrong with the whole file is found before its first record."""
    size = _size(path)
    try:
        with open(path, "rb") as handle:
            head = handle.read(_HEAD)
            handle.seek(0)
            fmt = FORMATS.get(path.suffix.lower()) or _sniff(_decode_head(head))
            if fmt == "jsonl":
                yield from _jsonl(path, _lines(path, handle, head), published)
            elif fmt == "csv":
                yield from _csv(path, _lines(path, handle, head), _decode_head(head), published)
            elif fmt == "json":
                yield from _json(path, _read_whole(path, handle, size), size, published)
            else:
                read = ingest.from_html if fmt == "html" else ingest.from_text
                yield read(_read_whole(path, handle, size), where=str(path), published=published), size
    except InputError as exc:
        yield Skipped(where=str(path), reason=str(exc), kind=_kind(exc)), size
    except OSError as exc:
        yield _file_skipped(path, f"cannot read ({exc.strerror or exc})"), size


def _sniff(head: str) -> str:
    start = head.lstrip()[:1000].lower()
    if start.startswith(("<!doctype html", "<html")) or "<body" in start:
        return "html"
    if start.startswith("["):
        return "json"
    if start.startswith("{"):
        lines = head.strip().splitlines()
        return "jsonl" if lines[0].strip().endswith("}") and len(lines) > 1 else "json"
    return "text"


def _decode_head(head: bytes) -> str:
    return head.decode("utf-16" if head.startswith(_UTF16_BOMS) else "utf-8-sig", "replace")


def _read_whole(path: Path, handle, size: int) -> str:
    if size > MAX_BYTES:
        raise ArticleError(
            f"{path}: file too large to read whole ({size} bytes, limit {MAX_BYTES}); write it as JSON Lines in UTF-8"
        )
    return ingest.decode(handle.read(), where=str(path))


def _lines(path: Path, handle, head: bytes) -> Iterator[_Line]:
    """The lines of a JSON Lines or CSV file as text, each with its size in bytes and its first bad byte.

    Bytes that are not UTF-8 are kept (as surrogates), so that the record
    holding them is skipped, not the file.  An empty or binary file (a NUL byte
    in its first 8 KB, as :func:`extract.ingest.decode` tells) raises ArticleError.
    """
    if head.startswith(_UTF16_BOMS):
        text = _read_whole(path, handle, _size(path))
        return _sized(io.StringIO(text, newline=""), "utf-16-le", bom=len(codecs.BOM_UTF16))
    if not head.strip() and not any(chunk.strip() for chunk in iter(lambda: handle.read(_HEAD), b"")):
        raise ArticleError(f"{path}: the file is empty")
    if b"\x00" in head[:8192]:
        raise ArticleError(f"{path}: a binary file, not text")
    handle.seek(0)
    text = io.TextIOWrapper(handle, encoding="utf-8-sig", errors="surrogateescape", newline="")
    return _sized(text, "utf-8", bom=len(codecs.BOM_UTF8) if head.startswith(codecs.BOM_UTF8) else 0)


def _sized(lines: Iterable[str], encoding: str, *, bom: int) -> Iterator[_Line]:
    for line in lines:
        try:
            nbytes, bad = len(line.encode(encoding)), None
        except UnicodeEncodeError as exc:  # a byte that is not UTF-8, which errors="surrogateescape" kept
            nbytes, bad = len(line.encode(encoding, "surrogateescape")), ord(line[exc.start]) - 0xDC00
        yield line, bom + nbytes, bad
        bom = 0


def _jsonl(path: Path, lines: Iterator[_Line], published) -> _Items:
    """One article per line; blank lines are ignored (their bytes count with the record after them)."""
    blank = 0
    last = None  # held back, so that blank lines at the end count with the last record
    for number, (line, nbytes, bad) in enumerate(lines, 1):
        if not line.strip():
            blank += nbytes
            continue
        if last is not None:
            yield last
        label = f"line {number}"
        item = _jsonl_record(path, label, line, published) if bad is None else _skipped(path, label, _not_utf8(bad))
        last, blank = (item, blank + nbytes), 0
    if last is None:
        raise ArticleError(f"{path}: the file is empty")
    yield last[0], last[1] + blank


def _jsonl_record(path: Path, label: str, line: str, published) -> Article | Skipped:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return _skipped(path, label, f"not valid JSON ({exc.msg}, column {exc.colno})")
    return _article(path, label, record, published)


def _csv(path: Path, lines: Iterator[_Line], head: str, published) -> _Items:
    """One article per row after the header (whose bytes count with the first row)."""
    try:
        dialect = csv.Sniffer().sniff(head[:4096], delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    consumed, bad = 0, None  # bytes read, and the first byte that is not UTF-8 since the last row

    def text() -> Iterator[str]:
        nonlocal consumed, bad
        for line, nbytes, bad_byte in lines:
            consumed += nbytes
            bad = bad_byte if bad is None else bad
            yield line

    reader = csv.DictReader(text(), dialect=dialect)
    try:
        header = [str(name).strip().lower() for name in (reader.fieldnames or [])]
    except csv.Error as exc:
        raise ArticleError(f"{path} row 1 (header): not valid CSV ({exc})") from None
    if not any(name in ingest.FIELD_NAMES["text"] for name in header):
        raise ArticleError(
            f"{path} row 1 (header): no text column (found {', '.join(header) or 'none'};"
            f" expected one of {', '.join(ingest.FIELD_NAMES['text'])})"
        )
    done, bad = 0, None  # a byte that is not UTF-8 in the header only makes its column unknown
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            item = _skipped(path, f"row {reader.line_num}", f"not valid CSV ({exc})")
        else:
            label = f"row {reader.line_num}"
            item = _csv_record(path, label, row, published) if bad is None else _skipped(path, label, _not_utf8(bad))
        yield item, consumed - done
        done, bad = consumed, None
    if not done:
        raise ArticleError(f"{path}: no articles in the file")


def _csv_record(path: Path, label: str, row: dict, published) -> Article | Skipped:
    if None in row:
        return _skipped(path, label, "more fields than the header has")
    return _article(path, label, {str(key).strip().lower(): value for key, value in row.items()}, published)


def _json(path: Path, text: str, size: int, published) -> _Items:
    """The records of a JSON file, parsed whole; its bytes shared among them."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ArticleError(f"{path}: line {exc.lineno}: not valid JSON ({exc.msg})") from None
    if isinstance(data, dict) and isinstance(data.get("articles"), list):
        data = data["articles"]
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        raise ArticleError(f"{path}: expected an article object or a list of them")
    if not data:
        raise ArticleError(f"{path}: no articles in the file")
    share, rest = divmod(size, len(data))
    for number, record in enumerate(data, 1):
        yield _article(path, f"record {number}", record, published), share + (rest if number == 1 else 0)


def _article(path: Path, label: str, record: object, published) -> Article | Skipped:
    """One structured record as an article (as ``python -m extract events`` reads it), or why not."""
    try:
        return ingest.from_records([(label, record)], where=str(path), published=published)[0]
    except InputError as exc:
        return Skipped(where=f"{path} {label}", reason=str(exc), kind=_kind(exc))


def _not_utf8(byte: int) -> str:
    return f"bytes that are not UTF-8 (0x{byte:02x}); save the file as UTF-8"


def _kind(exc: InputError) -> str:
    return KIND_DATE if isinstance(exc, PublishedDateError) else KIND_UNREADABLE


def _skipped(path: Path, label: str, reason: str) -> Skipped:
    where = f"{path} {label}"
    return Skipped(where=where, reason=f"{where}: {reason}", kind=KIND_UNREADABLE)


def _file_skipped(path: Path, reason: str) -> Skipped:
    return Skipped(where=str(path), reason=f"{path}: {reason}", kind=KIND_UNREADABLE)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
