"""``events`` on the command line: formats, and bad input that exits 2 with no partial output."""

from __future__ import annotations

import argparse
import csv
import io
import json
from pathlib import Path

import pytest

from extract import pipeline
from extract.records import SCHEMA_VERSION

SAMPLE = Path(__file__).parents[1] / "extract" / "data" / "samples" / "putin-playing-at-peace.txt"
GOLDEN = Path(__file__).parent / "golden" / "articles"
ISSUE_FIELDS = {
    "id", "category", "modality", "value", "start", "end", "grain", "time_text", "sentence", "actors", "places",
    "sources", "published", "published_inferred", "rule", "schema_version",
}


def run(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="extract events")
    pipeline.add_arguments(parser)
    return pipeline.run(parser.parse_args(list(argv)))


def test_jsonl_gives_one_object_per_event_with_the_issue_fields(capsys):
    assert run(str(SAMPLE), "--published", "2022-02-16") == 0
    lines = capsys.readouterr().out.splitlines()
    rows = [json.loads(line) for line in lines]
    assert len(rows) > 10
    for row in rows:
        assert ISSUE_FIELDS <= set(row)
        assert row["schema_version"] == SCHEMA_VERSION
        assert {"article_id", "sentence", "start", "end"} <= set(row["sources"][0])


def test_json_gives_an_array_of_the_same_events(capsys):
    run(str(SAMPLE), "--published", "2022-02-16")
    jsonl = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert run(str(SAMPLE), "--published", "2022-02-16", "--format", "json") == 0
    assert json.loads(capsys.readouterr().out) == jsonl


def test_csv_gives_a_header_and_one_row_per_event(capsys):
    assert run(str(SAMPLE), "--published", "2022-02-16", "--format", "csv") == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert ISSUE_FIELDS <= set(rows[0])
    assert any("Vladimir Putin" in row["actors"].split("; ") for row in rows)
    assert json.loads(rows[0]["sources"])[0]["article_id"]


def test_several_files_and_formats_in_one_run(capsys):
    files = [GOLDEN / "batch.csv", GOLDEN / "batch.jsonl", GOLDEN / "page.html"]
    assert run(*map(str, files)) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {row["category"] for row in rows} >= {"sanctions", "talks", "cyberattack"}


def test_out_writes_the_file_and_nothing_to_stdout(tmp_path, capsys):
    out = tmp_path / "events.jsonl"
    assert run(str(SAMPLE), "--published", "2022-02-16", "--out", str(out)) == 0
    assert capsys.readouterr().out == ""
    assert out.read_text(encoding="utf-8").count("\n") > 10


@pytest.mark.parametrize(
    ("name", "content", "extra", "message"),
    [
        ("empty.txt", b"", [], "empty.txt: the file is empty"),
        ("binary.txt", b"\x00\x01\x02\x03PK", [], "binary.txt: a binary file"),
        ("latin.txt", "Caf\xe9".encode("latin-1"), [], "latin.txt: line 1: bytes that are not UTF-8"),
        ("notext.csv", b"id,title\n1,x\n", [], "notext.csv row 1 (header): no text column"),
        ("baddate.csv", b"text,published\nTalks on Monday.,2022-02-16\nDrills.,31/31/2022\n", [], "baddate.csv row 3"),
        ("ok.txt", b"Talks on Monday.", ["--published", "2022-02-30"], "--published: publication date '2022-02-30' is not a date"),
        ("ok.txt", b"Talks on Monday.", ["--published", "tomorrow"], "'tomorrow' is not a date"),
    ],
    ids=["empty", "binary", "undecodable", "csv-no-text", "csv-bad-date", "impossible-date", "word-date"],
)
def test_bad_input_exits_2_naming_file_and_row_with_no_partial_output(tmp_path, capsys, name, content, extra, message):
    good = tmp_path / "good.txt"
    good.write_text("Russian troops moved to the border on Monday.", encoding="utf-8")
    bad = tmp_path / name
    bad.write_bytes(content)
    assert run(str(good), str(bad), *(extra or ["--published", "2022-02-16"])) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert message in captured.err
    assert "Traceback" not in captured.err


def test_bad_input_leaves_no_out_file(tmp_path, capsys):
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    out = tmp_path / "events.jsonl"
    assert run(str(bad), "--published", "2022-02-16", "--out", str(out)) == 2
    assert not out.exists()


def test_text_without_a_date_says_the_date_was_inferred(tmp_path, capsys):
    path = tmp_path / "a.txt"
    path.write_text("Russian troops moved to the border on Tuesday, Feb. 15, 2022, officials said.", encoding="utf-8")
    assert run(str(path)) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rows and all(row["published_inferred"] for row in rows)
