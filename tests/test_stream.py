"""The one reader of files: a record at a time, bad records skipped (lenient) or raised (strict) with file and row."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from extract import read_articles, stream
from extract.errors import ArticleError, PublishedDateError
from extract.records import Article


def record(i: int, **extra) -> dict:
    return {
        "id": f"r{i}",
        "text": f"Talks were held in Geneva on Monday, round {i}.",
        "published": "2022-02-16",
        **extra,
    }


def items(*paths: Path) -> list:
    return [item for item, _ in stream.read_stream(list(paths))]


def test_every_byte_of_the_input_is_accounted_for(tmp_path):
    (tmp_path / "a.jsonl").write_text("\n".join(json.dumps(record(i)) for i in range(5)) + "\n\nnot json\n")
    (tmp_path / "b.csv").write_text('id,text,published\nc1,"Troops moved on Monday.",2022-02-16\nc2,,2022-02-16\n')
    (tmp_path / "c.json").write_text(json.dumps([record(7), record(8)]))
    consumed = sum(nbytes for _, nbytes in stream.read_stream([tmp_path]))
    assert consumed == stream.total_bytes([tmp_path])


def test_a_folder_is_read_in_sorted_order_without_hidden_files(tmp_path):
    for name in ("b.jsonl", "a.jsonl", "sub/c.jsonl", ".hidden/d.jsonl", "notes.xyz"):
        path = tmp_path / name
        path.parent.mkdir(exist_ok=True)
        path.write_text(json.dumps(record(0, id=name)) + "\n")
    assert [a.id for a in items(tmp_path)] == ["a.jsonl", "b.jsonl", "sub/c.jsonl"]


@pytest.mark.parametrize(
    ("name", "content", "where", "reason"),
    [
        ("news.jsonl", b'{"id": "x", "text": "cut', "news.jsonl line 2", "not valid JSON"),
        ("news.jsonl", b"\xff\xfegarbage", "news.jsonl line 2", "bytes that are not UTF-8 (0xff)"),
        ("news.jsonl", b'["a", "list"]', "news.jsonl line 2", "expected an object"),
        ("news.jsonl", b'{"id": "x", "title": "no text"}', "news.jsonl line 2", "no text field"),
        ("news.jsonl", b'{"id": "x", "text": "On Monday.", "published": "soon"}', "news.jsonl line 2", "is not a date"),
    ],
    ids=["cut-off JSON", "not UTF-8", "not an object", "no text", "bad date"],
)
def test_a_malformed_line_is_skipped_with_file_and_line_and_the_next_is_read(tmp_path, name, content, where, reason):
    path = tmp_path / name
    path.write_bytes(json.dumps(record(1)).encode() + b"\n" + content + b"\n" + json.dumps(record(3)).encode() + b"\n")
    first, skipped, last = items(path)
    assert (first.id, last.id) == ("r1", "r3")
    assert isinstance(skipped, stream.Skipped)
    assert skipped.where.endswith(where) and reason in skipped.reason and str(path) in skipped.reason


def test_a_csv_row_with_too_many_fields_or_bad_bytes_is_skipped_and_the_rest_read(tmp_path):
    path = tmp_path / "news.csv"
    path.write_bytes(
        b"id,text,published\n"
        b'c1,"Troops moved, in the end, on Monday.",2022-02-16\n'
        b"c2,Talks on Monday.,2022-02-16,surplus\n"
        b"c3,Caf\xe9 talks on Monday.,2022-02-16\n"
        b'c4,"A quoted\nparagraph on Monday.",2022-02-16\n'
    )
    got = items(path)
    assert [getattr(x, "id", None) for x in got] == ["c1", None, None, "c4"]
    assert [x.where for x in got if isinstance(x, stream.Skipped)] == [f"{path} row 3", f"{path} row 4"]
    assert got[3].text == "A quoted\nparagraph on Monday."


def test_a_csv_without_a_text_column_is_one_skipped_entry_naming_the_header(tmp_path):
    path = tmp_path / "news.csv"
    path.write_text("id,title\n1,Only a title\n")
    (only,) = items(path)
    assert isinstance(only, stream.Skipped)
    assert "row 1 (header): no text column (found id, title" in only.reason


def test_a_json_array_is_read_record_by_record(tmp_path):
    path = tmp_path / "news.json"
    path.write_text(json.dumps({"articles": [record(1), {"title": "no text"}, record(2)]}))
    got = items(path)
    assert [type(x).__name__ for x in got] == ["Article", "Skipped", "Article"]
    assert got[1].where == f"{path} record 2"


def test_a_text_file_is_one_article_with_the_given_date(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text("Russian troops advanced towards the border on Tuesday.")
    (article,) = [item for item, _ in stream.read_stream([path], published=dt.date(2022, 2, 16))]
    assert isinstance(article, Article)
    assert article.published.isoformat() == "2022-02-16"


def test_records_read_by_the_stream_are_the_articles_read_articles_gives(tmp_path):
    path = tmp_path / "news.jsonl"
    path.write_text("\n".join(json.dumps(record(i, source="Wire")) for i in range(4)) + "\n")
    assert items(path) == read_articles([path])


def test_a_missing_input_or_an_empty_folder_is_an_error_naming_it(tmp_path):
    with pytest.raises(ArticleError, match="nothing.jsonl: no such file or folder"):
        stream.check_inputs([tmp_path / "nothing.jsonl"])
    (tmp_path / "empty").mkdir()
    with pytest.raises(ArticleError, match="empty: no article files in the folder"):
        stream.check_inputs([tmp_path / "empty"])


# -- one reader, two policies: strict (read_articles) raises what lenient (read_stream) skips --------------------------


BAD_RECORDS = [
    ("news.csv", b"id,text,published\nc1,On Monday.,2022-02-16\nc2,On Monday.,2022-02-16,surplus\n", "row 3",
     "more fields than the header has", ArticleError),
    ("news.csv", b"id,text,published\nc1,On Monday.,2022-02-16\nc2,Caf\xe9 on Monday.,2022-02-16\n", "row 3",
     "bytes that are not UTF-8 (0xe9)", ArticleError),
    ("news.csv", b"id,text,published\nc1,On Monday.,2022-02-16\nc2,On Monday.,soon\n", "row 3",
     "publication date 'soon' is not a date", PublishedDateError),
    ("news.jsonl", b'{"text": "On Monday.", "published": "2022-02-16"}\n{"text": \n', "line 2",
     "not valid JSON", ArticleError),
    ("news.json", b'[{"text": "On Monday.", "published": "2022-02-16"}, {"title": "no text"}]', "record 2",
     "no text field", ArticleError),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "content", "row", "reason", "error"),
    BAD_RECORDS,
    ids=["csv-surplus-field", "csv-not-utf8", "csv-bad-date", "jsonl-cut-off", "json-no-text"],
)
def test_a_bad_record_is_a_strict_error_and_a_lenient_skip_naming_the_same_file_and_row(
    tmp_path, name, content, row, reason, error
):
    path = tmp_path / name
    path.write_bytes(content)
    first, skipped = items(path)
    assert isinstance(first, Article) and skipped.where == f"{path} {row}" and reason in skipped.reason
    with pytest.raises(error) as raised:
        read_articles([path])
    assert str(raised.value) == skipped.reason


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.jsonl", b"\n  \n", "the file is empty"),
        ("empty.csv", b"", "the file is empty"),
        ("binary.jsonl", b"\x1f\x8b\x08\x00 gzip, not JSON Lines\n", "a binary file, not text"),
        ("header.csv", b"id,text\n", "no articles in the file"),
        ("empty.json", b"[]", "no articles in the file"),
        ("scalar.json", b'"hello"', "expected an article object or a list of them"),
    ],
    ids=["jsonl-blank", "csv-empty", "jsonl-binary", "csv-header-only", "json-empty-list", "json-not-articles"],
)
def test_a_bad_file_is_a_strict_error_and_one_lenient_skip_of_its_size(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    ((skipped, nbytes),) = list(stream.read_stream([path]))
    assert skipped.reason == f"{path}: {reason}" and nbytes == len(content)
    with pytest.raises(ArticleError) as raised:
        read_articles([path])
    assert str(raised.value) == skipped.reason


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("excel.csv", "id\ttext\tpublished\r\nu1\tTalks on Monday.\t2022-02-16\r\n".encode("utf-16")),
        ("mac.csv", b"id,text,published\ru1,Talks on Monday.,2022-02-16\r"),
        ("wire", b'{"id": "u1", "text": "Talks on Monday.", "published": "2022-02-16"}\n{"id": "u2", "text": "x"}\n'),
    ],
    ids=["utf16-tab-separated", "cr-line-ends", "jsonl-without-an-ending"],
)
def test_both_policies_read_utf16_old_mac_line_ends_and_files_without_a_known_ending(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    got = list(stream.read_stream([path], published=dt.date(2022, 2, 16)))
    assert got[0][0].id == "u1" and all(isinstance(item, Article) for item, _ in got)
    assert sum(nbytes for _, nbytes in got) == len(content)
    assert [item for item, _ in got] == read_articles([path], published="2022-02-16")


def test_both_policies_walk_a_folder_in_the_order_of_its_path_components(tmp_path):
    for name in ("b.jsonl", "a-c.jsonl", "a/z.jsonl", "A.jsonl", ".hidden.jsonl", "a/.d/e.jsonl"):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(record(0, id=name)) + "\n")
    expected = ["A.jsonl", "a/z.jsonl", "a-c.jsonl", "b.jsonl"]
    assert [a.id for a in items(tmp_path)] == expected
    assert [a.id for a in read_articles([tmp_path])] == expected


def test_links_to_folders_inside_a_folder_are_not_followed_but_a_link_given_as_input_is(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.jsonl").write_text(json.dumps(record(1)) + "\n")
    (corpus / "loop").symlink_to(corpus, target_is_directory=True)
    (tmp_path / "link").symlink_to(corpus, target_is_directory=True)
    assert [a.id for a in items(corpus)] == ["r1"]
    assert [a.id for a in read_articles([tmp_path / "link"])] == ["r1"]
