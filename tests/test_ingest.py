"""Reading articles from text, JSON, JSONL, CSV, HTML and folders; clear errors for bad input."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from extract import ArticleError, PublishedDateError, ingest, read_articles
from extract.ingest import content_id, parse_date

GOLDEN = Path(__file__).parent / "golden" / "articles"


def _write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_plain_text_takes_the_given_publication_date(tmp_path):
    path = _write(tmp_path, "a.txt", "Troops moved on Monday.\n")
    (article,) = read_articles([path], published="2022-02-16")
    assert article.published == dt.date(2022, 2, 16)
    assert article.published_inferred is False
    assert article.text == "Troops moved on Monday.\n"


def test_plain_text_without_a_date_is_inferred_and_says_so(tmp_path):
    path = _write(tmp_path, "a.txt", "Troops moved on Tuesday, Feb. 15, 2022. Yesterday talks began.\n")
    (article,) = read_articles([path])
    assert article.published_inferred is True
    assert article.published_evidence


def test_text_with_no_date_at_all_and_no_published_names_the_file(tmp_path):
    path = _write(tmp_path, "nodate.txt", "Troops moved.\n")
    with pytest.raises(PublishedDateError, match="nodate.txt"):
        read_articles([path])


def test_the_same_article_twice_is_read_once(tmp_path):
    one = _write(tmp_path, "one.txt", "Troops moved on Monday.\n")
    two = _write(tmp_path, "two.txt", "Troops  moved on Monday.\n")
    assert len(read_articles([one, two, one], published="2022-02-16")) == 1


def test_content_id_is_stable_and_ignores_whitespace():
    assert content_id("T", "a  b\nc") == content_id("T", "a b c")
    assert content_id("T", "a b") != content_id("U", "a b")


def test_json_array_and_object_and_wrapped_articles(tmp_path):
    rows = [{"id": "x1", "title": "T", "text": "Talks on Monday.", "published": "2022-02-16", "url": "https://e.x/1"}]
    for name, data in (("a.json", rows), ("b.json", rows[0]), ("c.json", {"articles": rows})):
        (article,) = read_articles([_write(tmp_path, name, json.dumps(data))])
        assert (article.id, article.title, article.url) == ("x1", "T", "https://e.x/1")


def test_jsonl_keeps_datetimes_and_falls_back_to_the_given_date(tmp_path):
    path = _write(
        tmp_path, "a.jsonl",
        '{"text": "Talks on Monday.", "published": "2022-02-15T08:00:00Z"}\n\n{"body": "Drills on Tuesday."}\n',
    )
    first, second = read_articles([path], published="2022-02-20")
    assert first.published == dt.datetime(2022, 2, 15, 8, 0)
    assert second.published == dt.date(2022, 2, 20)


def test_csv_batch_reads_every_row_with_its_fields():
    articles = read_articles([GOLDEN / "batch.csv"])
    assert [a.id for a in articles] == ["a1", "a2", "a3"]
    assert articles[1].source == "Paper B" and articles[1].origin.endswith("row 3")


def test_html_page_gives_main_text_title_and_its_own_date():
    (article,) = read_articles([GOLDEN / "page.html"])
    assert article.published == dt.date(2022, 2, 16) and not article.published_inferred
    assert article.title == "Cyber attack hits Ukrainian banks"
    assert "Hackers knocked" in article.text and "Home" not in article.text


def test_given_date_overrides_the_html_page_date():
    (article,) = read_articles([GOLDEN / "page.html"], published="2022-03-01")
    assert article.published == dt.date(2022, 3, 1)


def test_a_folder_reads_every_article_file_in_name_order(tmp_path):
    _write(tmp_path, "b.txt", "Drills on Tuesday.")
    _write(tmp_path, "a.txt", "Talks on Monday.")
    _write(tmp_path, "notes.bin", "ignored")
    articles = read_articles([tmp_path], published="2022-02-16")
    assert [Path(a.origin).name for a in articles] == ["a.txt", "b.txt"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", "", r"empty.txt: the file is empty"),
        ("blank.txt", "  \n\n", r"blank.txt: the file is empty"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR", r"binary.txt: a binary file"),
        ("latin.txt", "Caf\xe9 talks".encode("latin-1"), r"latin.txt: line 1: bytes that are not UTF-8"),
        ("notext.csv", "id,title\n1,Hello\n", r"notext.csv row 1 \(header\): no text column"),
        ("emptytext.csv", "id,text,published\n1,Talks on Monday.,2022-02-16\n2,,2022-02-16\n", r"emptytext.csv row 3: no text field"),
        ("baddate.csv", "text,published\nTalks on Monday.,2022-02-16\nDrills.,soon\n", r"baddate.csv row 3: publication date 'soon' is not a date"),
        ("bad.jsonl", '{"text": "ok", "published": "2022-02-16"}\n{"text": \n', r"bad.jsonl line 2: not valid JSON"),
        ("bad.json", "[1, 2", r"bad.json: line 1: not valid JSON"),
        ("numbers.json", "[1]", r"numbers.json record 1: expected an object"),
    ],
    ids=["empty", "blank", "binary", "undecodable", "csv-no-text-column", "csv-empty-text", "csv-bad-date",
         "jsonl-bad-line", "json-bad", "json-not-objects"],
)
def test_bad_input_names_the_file_and_row(tmp_path, name, content, message):
    path = _write(tmp_path, name, content)
    with pytest.raises((ArticleError, PublishedDateError), match=message):
        read_articles([path], published="2022-02-16")


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(ArticleError, match="nope.txt: no such file"):
        read_articles([tmp_path / "nope.txt"], published="2022-02-16")


@pytest.mark.parametrize("value", ["2022-02-30", "yesterday", "16/02", "", "2022-13-01"])
def test_a_publication_date_that_is_not_a_date_is_refused(value):
    with pytest.raises(PublishedDateError, match="--published"):
        parse_date(value, where="--published")


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2022-02-16", dt.date(2022, 2, 16)), ("2022-02-16T10:30:00+01:00", dt.datetime(2022, 2, 16, 10, 30)),
     ("Feb 16, 2022", dt.date(2022, 2, 16)), ("16 February 2022", dt.date(2022, 2, 16))],
)
def test_publication_dates_in_common_forms_are_read(value, expected):
    assert parse_date(value, where="x") == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Fears Putin is just playing at peace with Ukraine\n\nMore Russian troops were seen.", "Fears Putin is just playing at peace with Ukraine"),
        ("Is Putin playing at peace?\n\nThe body.", "Is Putin playing at peace?"),
        ("  Cyber attack hits Ukrainian banks  \n\nKyiv said on Tuesday ...", "Cyber attack hits Ukrainian banks"),
        ("Russia said on Tuesday that troops were pulling back.\n\nMore text.", None),  # a sentence
        ("Talks in Geneva resume\n\n", None),  # nothing after it
        ("One paragraph only, with no headline above it at all", None),
        ("By Jane Smith and Tom Jones\n\nThe body.", None),  # a byline
        ("February 16, 2022\n\nThe body.", None),  # a dateline
        ("Two lines\nin the first paragraph\n\nThe body.", None),
        ("Short\n\nbody text", None),
        (" ".join(["word"] * 25) + "\n\nThe body.", None),  # too long for a headline
    ],
)
def test_a_plain_text_article_takes_its_opening_headline_as_title(text, expected):
    assert ingest.headline(text) == expected
    assert ingest.from_text(text, published=dt.date(2022, 2, 16)).title == expected


def test_an_inferred_title_leaves_the_article_id_and_a_given_title_alone():
    text = "Fears Putin is just playing at peace with Ukraine\n\nMore Russian troops were seen Tuesday."
    inferred = ingest.from_text(text, published=dt.date(2022, 2, 16))
    assert inferred.title == "Fears Putin is just playing at peace with Ukraine"
    assert inferred.id == ingest.content_id(None, text)  # the same id as before titles were inferred
    given = ingest.from_text(text, published=dt.date(2022, 2, 16), title="Another title")
    assert given.title == "Another title"
