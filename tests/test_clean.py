"""Page furniture is found by the rules of extract/data/furniture.yaml, and only furniture."""

from pathlib import Path

import pytest

from extract import clean
from extract.datafiles import load

DATA = load("furniture.yaml")
SAMPLE = (Path(__file__).parents[1] / "extract/data/samples/putin-playing-at-peace.txt").read_text(encoding="utf-8")


def _cases(section, key):
    return [
        pytest.param(entry, line, id=f"{entry['id']}: {line[:40]}")
        for entry in DATA[section]
        for line in entry.get(key, [])
    ]


@pytest.mark.parametrize(("entry", "line"), _cases("line_patterns", "examples"))
def test_every_line_example_is_dropped_by_its_own_rule(entry, line):
    assert clean.line_rule(line) == entry["id"]


@pytest.mark.parametrize(("entry", "line"), _cases("line_patterns", "keep"))
def test_no_line_rule_drops_a_line_of_news(entry, line):
    assert clean.line_rule(line) is None


@pytest.mark.parametrize(("entry", "line"), _cases("inline_patterns", "examples"))
def test_every_inline_example_loses_its_furniture_span(entry, line):
    spans = clean.find_furniture(line)
    assert [span.rule for span in spans] == [entry["id"]]
    assert spans[0].end == len(line)


@pytest.mark.parametrize(("entry", "line"), _cases("inline_patterns", "keep"))
def test_inline_rules_keep_news_text(entry, line):
    assert clean.find_furniture(line) == []


def test_masking_keeps_length_and_newlines():
    text = "Troops moved on Monday.\nShare\nSource: Read Full Article\n"
    masked, spans = clean.clean(text)
    assert len(masked) == len(text)
    assert masked.count("\n") == text.count("\n")
    assert masked.startswith("Troops moved on Monday.\n")
    assert masked.strip() == "Troops moved on Monday."
    assert [span.rule for span in spans] == ["share", "source_line"]


def test_the_sample_article_ends_without_furniture():
    masked, spans = clean.clean(SAMPLE)
    assert {span.rule for span in spans} == {"source_line", "previous_next_post"}
    assert "Helen Hunt" not in masked and "cologne" not in masked and "Read Full Article" not in masked
    assert "Cobra meeting" in masked


@pytest.mark.parametrize("page", [e for h in DATA["list_headers"] for e in h["examples"]], ids=lambda p: p[:30])
def test_a_list_of_links_under_its_header_is_furniture(page):
    masked, spans = clean.clean(page)
    assert masked.strip() == ""
    assert {span.rule for span in spans} == {"link_list"}


@pytest.mark.parametrize("page", [e for h in DATA["list_headers"] for e in h["keep"]], ids=lambda p: p[:30])
def test_a_list_of_links_ends_at_a_blank_line_or_a_sentence(page):
    masked, _ = clean.clean(page)
    assert masked.strip().splitlines()[-1] == page.splitlines()[-1]


@pytest.mark.parametrize(
    "line",
    ["READ MORE: How drones changed the war in Ukraine", "Related articles: the minister said talks had failed on Monday in Geneva."],
)
def test_a_header_with_its_link_on_the_same_line_is_not_a_list_header(line):
    assert clean.list_header(line) is None


def test_the_line_after_a_one_line_read_more_link_is_news():
    page = "READ MORE: How drones changed the war in Ukraine\nAnalysts said Russian forces would advance\n"
    masked, _ = clean.clean(page)
    assert "Analysts said Russian forces would advance" in masked
