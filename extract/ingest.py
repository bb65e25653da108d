"""Articles from text, HTML pages and structured records; the entry points that read files strictly.

:mod:`extract.stream` reads files and folders (formats, folder order, what
makes a record bad); this module makes each text, page or record an Article.

Each article gets a publication date by this cascade, most reliable first:

1. the record's own field (``published`` / ``date`` ... in JSON, JSONL, CSV);
2. the date the caller gives (``--published``);
3. for HTML, the date the page states (htmldate reads ``article:published_time``,
   JSON-LD, ``<time>`` ...);
4. :func:`extract.infer_published` on the text, marked ``published_inferred``;
5. otherwise a :class:`PublishedDateError` naming the file (and row).

Every article has a stable id: the record's ``id`` when it has one, else a hash
of its title and text, so reading the same article twice yields one article.

User mistakes (an empty or binary file, undecodable bytes, a CSV without a text
column, a record without text, a date that is not a date) raise
:class:`ArticleError` or :class:`PublishedDateError` with the file and row in
the message.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
from collections.abc import Iterable
from pathlib import Path

from extract.errors import ArticleError, PublishedDateError
from extract.records import Article

log = logging.getLogger(__name__)

#: Accepted column / key names for each field of a structured record, first wins.
FIELD_NAMES = {
    "text": ("text", "body", "content", "article", "full_text", "maintext"),
    "title": ("title", "headline"),
    "published": ("published", "date", "published_at", "publication_date", "pubdate", "date_publish"),
    "id": ("id", "article_id", "doc_id", "guid"),
    "source": ("source", "outlet", "publisher", "site_name"),
    "url": ("url", "link", "href"),
}


def read_articles(
    paths: Iterable[str | Path],
    *,
    published: dt.date | dt.datetime | str | None = None,
) -> list[Article]:
    """Every article in ``paths`` (files or folders), in order, without repeats.

    ``published`` is the publication date for articles whose file carries
    none (a plain text file); a string must be an ISO date.  Reading is
    strict: the first record that cannot be read raises, naming its file and
    row, and nothing is returned.  Files are read, and folders walked, as
    :func:`extract.stream.read_stream` does.
    """
    from extract import stream  # stream reads the files; it makes their records articles with this module

    default = parse_date(published, where="--published") if isinstance(published, str) else published
    seen: set[str] = set()
    articles = []
    for article, _ in stream.read_stream(stream.check_inputs(paths), published=default, strict=True):
        if article.id in seen:
            log.info("%s: same article as one already read (id %s), skipped", article.origin, article.id)
            continue
        seen.add(article.id)
        articles.append(article)
    return articles


def read_file(path: str | Path, *, published: dt.date | dt.datetime | None = None) -> list[Article]:
    """The articles of one file, whose format is told by its name ending (else sniffed), strictly."""
    from extract import stream

    return [article for article, _ in stream.read_stream(stream.check_inputs([path]), published=published, strict=True)]


def from_text(
    text: str,
    *,
    published: dt.date | dt.datetime | None = None,
    where: str = "<text>",
    title: str | None = None,
    source: str | None = None,
    url: str | None = None,
    article_id: str | None = None,
) -> Article:
    """An article from plain text (the first line is kept in the text; the title is optional)."""
    text = _normalise(text)
    if not text.strip():
        raise ArticleError(f"{where}: no text (the article is empty)")
    date, inferred, evidence = _date_cascade(text, given=published, page=None, where=where)
    return Article(
        id=article_id or content_id(title, text),  # the id of the text as given, title inferred or not
        text=text,
        published=date,
        published_inferred=inferred,
        published_evidence=evidence,
        title=title or headline(text),
        source=source,
        url=url,
        origin=where,
    )


def headline(text: str) -> str | None:
    """The headline a plain-text article opens with, or None.

    Saved pages and pasted articles start with their headline on a line of its own, as
    ``from_html`` writes them too: a first paragraph of one short line (3 to 20 words, not a
    dateline or a byline) that does not end a sentence with a full stop, followed by the body.
    """
    first, blank, rest = text.strip().partition("\n\n")
    first = first.strip()
    if not blank or not rest.strip() or "\n" in first or len(first) > 150:
        return None
    words = first.split()
    if len(words) > 20 or sum(any(c.isalpha() for c in w) for w in words) < 3:
        return None  # a dateline ("February 16, 2022") or a paragraph
    if first.endswith((".", ",", ":", ";")) or words[0].lower() == "by":
        return None  # a sentence, or a byline
    return first


def from_html(html: str, *, published: dt.date | dt.datetime | None = None, where: str = "<html>") -> Article:
    """An article from an HTML page: main text by trafilatura, page date by htmldate."""
    import trafilatura

    text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=True)
    if not text or not text.strip():
        raise ArticleError(f"{where}: no article text found in the HTML page")
    # trafilatura puts each block (heading, paragraph, list item) on its own line: keep them apart.
    text = re.sub(r"\n+", "\n\n", text.strip())
    meta = trafilatura.extract_metadata(html)
    title = meta.title if meta else None
    if title and not text.startswith(title):
        text = f"{title}\n\n{text}"
    page_date = None if published else _html_date(html)
    text = _normalise(text)
    date, inferred, evidence = _date_cascade(text, given=published, page=page_date, where=where)
    return Article(
        id=content_id(title, text),
        text=text,
        published=date,
        published_inferred=inferred,
        published_evidence=evidence,
        title=title,
        source=(meta.sitename if meta else None),
        url=(meta.url if meta else None),
        origin=where,
    )


def from_records(
    records: Iterable[tuple[str, dict]],
    *,
    where: str,
    published: dt.date | dt.datetime | None = None,
) -> list[Article]:
    """Articles from ``(row label, mapping)`` pairs, as JSON, JSONL and CSV give them."""
    articles = []
    for row, record in records:
        here = f"{where} {row}"
        if not isinstance(record, dict):
            raise ArticleError(f"{here}: expected an object with a 'text' field, got {type(record).__name__}")
        fields = {name: _field(record, name) for name in FIELD_NAMES}
        text = fields["text"]
        if text is None:
            raise ArticleError(f"{here}: no text field (expected one of {', '.join(FIELD_NAMES['text'])})")
        if not isinstance(text, str) or not text.strip():
            raise ArticleError(f"{here}: the text is empty")
        own = fields["published"]
        date = parse_date(own, where=here) if own not in (None, "") else published
        articles.append(
            from_text(
                text,
                published=date,
                where=here,
                title=_str_or_none(fields["title"]),
                source=_str_or_none(fields["source"]),
                url=_str_or_none(fields["url"]),
                article_id=_str_or_none(fields["id"]),
            )
        )
    if not articles:
        raise ArticleError(f"{where}: no articles in the file")
    return articles


def content_id(title: str | None, text: str) -> str:
    """A stable id from the content: same title and text (whitespace aside), same id."""
    canonical = " ".join(((title or "") + "\n" + text).split())
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def parse_date(value: object, *, where: str) -> dt.date | dt.datetime:
    """A publication date from an ISO string (or a date), else :class:`PublishedDateError`."""
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not value.strip():
        raise PublishedDateError(f"{where}: publication date {value!r} is not a date (expected YYYY-MM-DD)")
    raw = value.strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
            return dt.date.fromisoformat(raw)
        # not redundant on 3.11: it also lets a date with a UTC designator ("2022-02-16Z") through
        moment = dt.datetime.fromisoformat(raw.replace("Z", "+00:00"))  # noqa: FURB162
    except ValueError:
        moment = _parse_loose(raw)
        if moment is None:
            raise PublishedDateError(
                f"{where}: publication date {value!r} is not a date (expected YYYY-MM-DD)"
            ) from None
    if moment.time() == dt.time(0) and moment.tzinfo is None:
        return moment.date()
    return moment.replace(tzinfo=None)


def decode(data: bytes, *, where: str) -> str:
    """Text from bytes: UTF-8 (with or without BOM) or UTF-16 with a BOM; else ArticleError."""
    if not data.strip():
        raise ArticleError(f"{where}: the file is empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ArticleError(f"{where}: undecodable UTF-16 bytes at offset {exc.start}") from None
    if b"\x00" in data[:8192]:
        raise ArticleError(f"{where}: a binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ArticleError(
            f"{where}: line {line}: bytes that are not UTF-8 (0x{data[exc.start]:02x} at offset {exc.start});"
            " save the file as UTF-8"
        ) from None


# -- private helpers ---------------------------------------------------------------------------


def _field(record: dict, name: str) -> object:
    lowered = {str(k).lower(): v for k, v in record.items()}
    for key in FIELD_NAMES[name]:
        if key in lowered and lowered[key] not in (None, ""):
            return lowered[key]
    return None


def _str_or_none(value: object) -> str | None:
    return None if value is None else str(value).strip() or None


def _normalise(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _date_cascade(
    text: str,
    *,
    given: dt.date | dt.datetime | None,
    page: dt.date | None,
    where: str,
) -> tuple[dt.date | dt.datetime, bool, str | None]:
    if given is not None:
        return given, False, None
    if page is not None:
        return page, False, "the page's own date (htmldate)"
    from extract.temporal import infer_published

    guess = infer_published(text)
    if guess is None:
        raise PublishedDateError(
            f"{where}: no publication date given and none can be inferred from the text; pass --published YYYY-MM-DD"
        )
    log.info("%s: publication date inferred as %s (%s)", where, guess.date, guess.evidence)
    return guess.date, True, f"inferred (confidence {guess.confidence:.2f}): {guess.evidence}"


def _html_date(html: str) -> dt.date | None:
    from htmldate import find_date

    try:
        found = find_date(html, original_date=True, extensive_search=False, outputformat="%Y-%m-%d")
    except Exception as exc:  # noqa: BLE001 - htmldate raises assorted errors on odd pages; a missing date is fine
        log.info("htmldate failed: %s", exc)
        return None
    return dt.date.fromisoformat(found) if found else None


def _parse_loose(raw: str) -> dt.datetime | None:
    """Dates like "Feb 16, 2022" or "16 February 2022": complete dates only, English only."""
    if not re.search(r"\d{4}", raw) or not re.search(r"[A-Za-z]{3}", raw) or len(raw) > 40:
        return None
    import dateparser

    return dateparser.parse(
        raw, languages=["en"],
        settings={"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"], "RETURN_AS_TIMEZONE_AWARE": False},
    )
