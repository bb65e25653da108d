"""A store that cannot be opened is a message naming it, never a traceback."""

import subprocess
import sys
from pathlib import Path

import pytest

from extract.store import Store, StoreError

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    "url, words",
    [
        ("sqlite:////no-such-folder/for/this/test.db", "cannot open the store"),
        ("nonsense://somewhere/db", "is not a database URL"),
        ("not a url at all", "is not a database URL"),
    ],
    ids=["missing-folder", "unknown-dialect", "not-a-url"],
)
def test_a_store_that_cannot_be_opened_names_the_url(url, words):
    with pytest.raises(StoreError) as caught:
        Store(url)
    assert words in str(caught.value)
    assert caught.value.exit_code == 2


@pytest.mark.parametrize(
    "argv",
    [
        ["-m", "dashboard", "export", "--format", "csv", "--out", "-"],
        ["-m", "dashboard", "users"],
        ["-m", "extract", "batch", "README.md", "--published", "2022-02-16"],
    ],
    ids=["export", "users", "batch"],
)
def test_the_commands_exit_2_without_a_traceback_on_a_bad_db(argv):
    bad = ["--db", "sqlite:////no-such-folder/for/this/test.db"]
    args = argv[:3] + bad + argv[3:] if argv[1] == "dashboard" and argv[2] == "users" else argv + bad
    if argv[2] == "users":
        args = args + ["list"]
    done = subprocess.run([sys.executable, *args], cwd=REPO, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert "no-such-folder" in done.stderr
