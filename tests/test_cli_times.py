"""``python -m extract times FILE --published DATE [--format table|jsonl]``.

Run in-process through ``extract.cli.main`` (plus one real subprocess for the module
entry point).  Bad input exits with code 2 and a message naming what is wrong, never
a traceback, and writes nothing to stdout.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from extract.cli import main

REPO = Path(__file__).parents[1]
SENTENCE = "Troops crossed yesterday."
PUBLISHED = "2022-02-16"
JSONL_KEYS = {"start", "end", "text", "type", "value", "grain", "interval_start", "interval_end", "rule",
              "anchor", "reason"}


def run(argv: list[str], capsys) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of the CLI; argparse errors exit through SystemExit."""
    try:
        code = main(argv)
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def article(tmp_path) -> Path:
    path = tmp_path / "article.txt"
    path.write_text(SENTENCE + "\n", encoding="utf-8")
    return path


def test_table_lists_yesterday_with_its_value(article, capsys):
    code, out, err = run(["times", str(article), "--published", PUBLISHED], capsys)
    assert code == 0, err
    rows = [line for line in out.splitlines() if "yesterday" in line]
    assert rows, out
    assert "2022-02-15" in rows[0]


def test_table_is_the_default_format(article, capsys):
    _, default, _ = run(["times", str(article), "--published", PUBLISHED], capsys)
    _, table, _ = run(["times", str(article), "--published", PUBLISHED, "--format", "table"], capsys)
    assert default == table


def test_jsonl_has_one_object_per_mention_with_every_field(article, capsys):
    code, out, err = run(["times", str(article), "--published", PUBLISHED, "--format", "jsonl"], capsys)
    assert code == 0, err
    records = [json.loads(line) for line in out.splitlines()]
    assert records, "no mention in the output"
    assert all(isinstance(r, dict) and set(r) == JSONL_KEYS for r in records), records
    (yesterday,) = [r for r in records if r["text"] == "yesterday"]
    assert yesterday["value"] == "2022-02-15"
    assert yesterday["type"] == "DATE"
    assert SENTENCE[yesterday["start"]:yesterday["end"]] == "yesterday"
    assert yesterday["interval_start"].startswith("2022-02-15")
    assert yesterday["interval_end"].startswith("2022-02-16")
    assert yesterday["rule"] and yesterday["reason"]
    assert "2022-02-16" in yesterday["anchor"]


def test_jsonl_of_a_text_without_time_expressions_is_empty(tmp_path, capsys):
    path = tmp_path / "plain.txt"
    path.write_text("The troops crossed the river.", encoding="utf-8")
    code, out, err = run(["times", str(path), "--published", PUBLISHED, "--format", "jsonl"], capsys)
    assert (code, out) == (0, ""), err


def test_utf8_file_with_a_byte_order_mark_is_read(tmp_path, capsys):
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeff".encode() + SENTENCE.encode())
    code, out, err = run(["times", str(path), "--published", PUBLISHED, "--format", "jsonl"], capsys)
    assert code == 0, err
    assert [json.loads(line)["value"] for line in out.splitlines()] == ["2022-02-15"]


# --------------------------------------------------------------------------------------------
# Bad input: exit 2, a message that names the problem, no traceback, nothing on stdout


def write_bytes(tmp_path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def check_refused(code: int, out: str, err: str, *names: str) -> None:
    assert code == 2, f"exit {code}, stderr {err!r}"
    assert "Traceback" not in err, err
    assert out == "", out
    for name in names:
        assert name in err, f"{name!r} not named in {err!r}"


def test_missing_published_exits_2_and_asks_for_it(article, capsys):
    code, out, err = run(["times", str(article)], capsys)
    check_refused(code, out, err, "--published")


@pytest.mark.parametrize("value", ["2022-02-30", "16/02/2022", "yesterday", ""],
                         ids=["february 30", "day first", "a word", "empty"])
def test_malformed_published_exits_2_and_names_the_value(article, capsys, value):
    code, out, err = run(["times", str(article), "--published", value], capsys)
    check_refused(code, out, err, "--published", repr(value))


def test_missing_file_exits_2_and_names_the_file(tmp_path, capsys):
    missing = tmp_path / "no-such-article.txt"
    code, out, err = run(["times", str(missing), "--published", PUBLISHED], capsys)
    check_refused(code, out, err, str(missing))


def test_directory_instead_of_a_file_exits_2_and_names_it(tmp_path, capsys):
    code, out, err = run(["times", str(tmp_path), "--published", PUBLISHED], capsys)
    check_refused(code, out, err, str(tmp_path))


def test_binary_file_exits_2_and_names_the_file(tmp_path, capsys):
    path = write_bytes(tmp_path, "image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    code, out, err = run(["times", str(path), "--published", PUBLISHED], capsys)
    check_refused(code, out, err, str(path))


def test_non_utf8_file_exits_2_and_names_the_file(tmp_path, capsys):
    path = write_bytes(tmp_path, "latin1.txt", "Troops crossed the café yesterday.".encode("latin-1"))
    code, out, err = run(["times", str(path), "--published", PUBLISHED], capsys)
    check_refused(code, out, err, str(path))


def test_unknown_format_exits_2(article, capsys):
    code, out, err = run(["times", str(article), "--published", PUBLISHED, "--format", "xml"], capsys)
    check_refused(code, out, err, "xml")


# --------------------------------------------------------------------------------------------
# The module entry point


def test_python_m_extract_times_runs_as_a_module(article):
    result = subprocess.run(
        [sys.executable, "-m", "extract", "times", str(article), "--published", PUBLISHED, "--format", "jsonl"],
        cwd=REPO, capture_output=True, text=True, timeout=120, check=False,
    )
    assert result.returncode == 0, result.stderr
    values = [json.loads(line)["value"] for line in result.stdout.splitlines()]
    assert values == ["2022-02-15"]


def test_python_m_extract_with_a_bad_date_exits_2(article):
    result = subprocess.run(
        [sys.executable, "-m", "extract", "times", str(article), "--published", "2022-02-30"],
        cwd=REPO, capture_output=True, text=True, timeout=120, check=False,
    )
    assert result.returncode == 2
    assert "2022-02-30" in result.stderr
    assert "Traceback" not in result.stderr
