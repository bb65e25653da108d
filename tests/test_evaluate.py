"""Tests of the TimeML reader, the TempEval-3 scorer, the error dump and the ``evaluate`` command.

Scores are checked against figures computed by hand in the comments; the
taggers are small stubs, so nothing here depends on ``extract.tag_times``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from extract import evaluate
from extract.errors import ArticleError
from extract.evaluate import Counts, GoldDocument, GoldTimex

REPO_ROOT = Path(__file__).resolve().parents[1]
TBAQ = REPO_ROOT.parent / "shared" / "data" / "timeml" / "tbaq"

# "AT&T said Thursday it cut 5 < 6 jobs for three days.", with an entity, an
# EVENT, a SIGNAL and the DCT (with a time of day) outside <TEXT>.
SMALL_TIMEML = """<?xml version="1.0" ?>
<TimeML xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<DOCID>DOC1</DOCID>
<DCT><TIMEX3 tid="t0" type="TIME" value="1998-08-07T06:18:00" temporalFunction="false" \
functionInDocument="CREATION_TIME">08/07/1998 06:18:00</TIMEX3></DCT>
<TITLE>Not part of the text</TITLE>
<TEXT>AT&amp;T <EVENT eid="e1" class="REPORTING">said</EVENT> <TIMEX3 tid="t1" type="DATE" \
value="1998-08-06" temporalFunction="true" functionInDocument="NONE" anchorTimeID="t0">Thursday</TIMEX3> \
it <EVENT eid="e2" class="OCCURRENCE">cut</EVENT> 5 &lt; 6 jobs <SIGNAL sid="s1">for</SIGNAL> \
<TIMEX3 tid="t2" type="DURATION" value="P3D" temporalFunction="false" functionInDocument="NONE">three days</TIMEX3>\
.</TEXT>
</TimeML>
"""


@dataclass(frozen=True)
class M:
    """A system mention: what the scorer reads of one."""

    start: int
    end: int
    type: str = "DATE"
    value: str = "1998-08-07"


def gold(start: int, end: int, type: str = "DATE", value: str = "1998-08-07") -> GoldTimex:
    return GoldTimex(tid=f"t{start}", start=start, end=end, text="x" * (end - start), type=type, value=value)


def document(*timexes: GoldTimex, text: str = "x" * 80, doc_id: str = "D") -> GoldDocument:
    return GoldDocument(doc_id=doc_id, dct=dt.date(1998, 8, 7), text=text, timexes=timexes)


# --------------------------------------------------------------------------
# Reading TimeML
# --------------------------------------------------------------------------


def test_reader_takes_id_and_creation_date_from_the_header():
    doc = evaluate.parse_timeml(SMALL_TIMEML)
    assert (doc.doc_id, doc.dct) == ("DOC1", dt.date(1998, 8, 7))


def test_reader_strips_inner_tags_decodes_entities_and_leaves_out_the_header():
    doc = evaluate.parse_timeml(SMALL_TIMEML)
    assert doc.text == "AT&T said Thursday it cut 5 < 6 jobs for three days."


def test_reader_gives_gold_timexes_with_offsets_into_the_plain_text():
    doc = evaluate.parse_timeml(SMALL_TIMEML)
    assert [(t.tid, t.start, t.end, t.type, t.value) for t in doc.timexes] == [
        ("t1", 10, 18, "DATE", "1998-08-06"),
        ("t2", 41, 51, "DURATION", "P3D"),
    ]
    assert [doc.text[t.start : t.end] for t in doc.timexes] == ["Thursday", "three days"]
    assert [t.text for t in doc.timexes] == ["Thursday", "three days"]


def test_reader_counts_a_timex_nested_in_another_tag_at_its_place():
    xml = SMALL_TIMEML.replace(
        '<SIGNAL sid="s1">for</SIGNAL>',
        '<SIGNAL sid="s1">for <TIMEX3 tid="t9" type="SET" value="P1W">weekly</TIMEX3></SIGNAL>',
    )
    doc = evaluate.parse_timeml(xml)
    nested = next(t for t in doc.timexes if t.tid == "t9")
    assert doc.text[nested.start : nested.end] == "weekly"
    assert [t.tid for t in doc.timexes] == ["t1", "t9", "t2"]


def test_reader_names_the_source_of_a_file_that_is_not_xml():
    with pytest.raises(ArticleError, match="broken.tml is not well-formed XML"):
        evaluate.parse_timeml("<TimeML><TEXT>oops</TimeML>", source="broken.tml")


def test_reader_refuses_a_document_without_creation_time():
    xml = SMALL_TIMEML.replace('functionInDocument="CREATION_TIME"', 'functionInDocument="NONE"')
    with pytest.raises(ArticleError, match="CREATION_TIME"):
        evaluate.parse_timeml(xml, source="nodct.tml")


def test_reader_refuses_a_document_without_text():
    with pytest.raises(ArticleError, match="no <TEXT>"):
        evaluate.parse_timeml(re.sub(r"<TEXT>.*</TEXT>", "", SMALL_TIMEML, flags=re.DOTALL))


def test_reader_falls_back_on_the_file_name_for_the_document_id(tmp_path):
    path = tmp_path / "NYT19980101.tml"
    path.write_text(SMALL_TIMEML.replace("<DOCID>DOC1</DOCID>", ""), encoding="utf-8")
    assert evaluate.read_timeml(path).doc_id == "NYT19980101"


def test_corpus_is_found_recursively_and_a_missing_path_is_named(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "one.tml").write_text(SMALL_TIMEML, encoding="utf-8")
    (tmp_path / "a" / "notes.txt").write_text("not TimeML", encoding="utf-8")
    assert evaluate.find_timeml_files([tmp_path]) == [tmp_path / "a" / "b" / "one.tml"]
    with pytest.raises(evaluate.InputError, match="no such file or folder: .*nowhere"):
        evaluate.find_timeml_files([tmp_path / "nowhere"])


@pytest.mark.skipif(not TBAQ.is_dir(), reason="../shared/data/timeml/tbaq is not next to the repository")
def test_every_tbaq_gold_offset_slices_exactly_the_gold_text():
    """Checked against a second, regex-based reading of the raw files."""
    paths = evaluate.find_timeml_files([TBAQ])
    assert paths, "no .tml file under tbaq"
    for path in paths:
        doc = evaluate.read_timeml(path)
        raw = re.search(r"<TEXT>(.*)</TEXT>", path.read_text(encoding="utf-8"), flags=re.DOTALL).group(1)
        assert doc.text == html.unescape(re.sub(r"<[^>]+>", "", raw)), path.name
        tagged = [html.unescape(re.sub(r"<[^>]+>", "", t)) for t in re.findall(r"<TIMEX3[^>]*>(.*?)</TIMEX3>", raw)]
        assert [doc.text[t.start : t.end] for t in doc.timexes] == tagged, path.name


# --------------------------------------------------------------------------
# Scoring
# --------------------------------------------------------------------------


def counts(gold: int, system: int, strict: int, relaxed: int, right_value: int, right_type: int) -> Counts:
    return Counts(
        gold=gold, system=system, strict=strict, relaxed=relaxed, right_value=right_value, right_type=right_type
    )


SCORING_CASES = [
    # gold timexes, system mentions, counts(gold, system, strict, relaxed, right value, right type)
    ([gold(0, 6)], [M(0, 6)], counts(1, 1, 1, 1, 1, 1)),
    ([gold(10, 20)], [M(12, 20)], counts(1, 1, 0, 1, 1, 1)),
    ([gold(10, 20)], [M(19, 25)], counts(1, 1, 0, 1, 1, 1)),
    ([gold(10, 20)], [M(20, 25)], counts(1, 1, 0, 0, 0, 0)),
    ([gold(0, 6), gold(40, 45)], [M(0, 6)], counts(2, 1, 1, 1, 1, 1)),
    ([gold(0, 6)], [M(0, 6), M(50, 55)], counts(1, 2, 1, 1, 1, 1)),
    ([gold(0, 6)], [M(0, 6, value="1998-08-06")], counts(1, 1, 1, 1, 0, 1)),
    ([gold(0, 6, type="TIME")], [M(0, 6)], counts(1, 1, 1, 1, 1, 0)),
    ([], [], counts(0, 0, 0, 0, 0, 0)),
]
SCORING_IDS = [
    "exact match",
    "partial overlap",
    "one character of overlap",
    "touching is not overlapping",
    "missed",
    "spurious",
    "wrong value",
    "wrong type",
    "nothing at all",
]


@pytest.mark.parametrize("gold_timexes, system, expected", SCORING_CASES, ids=SCORING_IDS)
def test_one_document_is_counted_the_tempeval_way(gold_timexes, system, expected):
    assert evaluate.count_document(gold_timexes, system) == expected


def test_one_system_mention_over_two_gold_timexes_matches_only_one():
    counts = evaluate.count_document([gold(0, 5), gold(6, 10)], [M(0, 10)])
    assert (counts.relaxed, counts.strict) == (1, 0)


def test_pairing_finds_the_most_pairs_not_the_first_best_overlap():
    # Gold A overlaps X by 6 and Y by 5; gold B overlaps only X. Greedy "largest
    # overlap first" would pair A-X and leave B alone; A-Y and B-X is better.
    alignment = evaluate.align([gold(0, 10), gold(10, 20)], [M(4, 14), M(0, 5)])
    assert alignment.pairs == ((0, 1), (1, 0))
    assert (alignment.missed, alignment.spurious) == ((), ())


def test_pairing_keeps_exact_matches_so_strict_is_part_of_relaxed():
    alignment = evaluate.align([gold(0, 10), gold(8, 12)], [M(0, 10), M(9, 20)])
    assert alignment.pairs == ((0, 0), (1, 1))


def test_measures_of_a_mixed_document_match_figures_computed_by_hand():
    # G1 exact and right; G2 overlapped, wrong value; G3 exact span, wrong type
    # (DATE for DURATION); G4 missed; one spurious mention.
    # strict 2/4 both ways; relaxed 3/4 both ways; value 2 of 3 pairs right; type 2 of 3.
    doc = document(
        gold(0, 6),
        gold(10, 20, value="1998-08"),
        gold(30, 35, type="DURATION", value="P3D"),
        gold(40, 45, value="1998"),
    )
    system = [M(0, 6), M(12, 20, value="1998-07"), M(30, 35, value="P3D"), M(50, 55, value="1999")]
    figures = evaluate.score([doc], [system]).measures()
    assert figures == pytest.approx(
        {
            "strict_precision": 50.0,
            "strict_recall": 50.0,
            "strict_f1": 50.0,
            "relaxed_precision": 75.0,
            "relaxed_recall": 75.0,
            "relaxed_f1": 75.0,
            "value_accuracy": 200 / 3,
            "value_f1": 50.0,
            "type_accuracy": 200 / 3,
            "type_f1": 50.0,
        }
    )
    # DATE only: gold G1, G2, G4 (3); system DATE mentions: all four. The DATE
    # laid on the DURATION is now spurious. Strict 1: P 25, R 33.3, F1 28.57;
    # relaxed 2: P 50, R 66.7, F1 57.14; value right on 1 of 2 pairs -> F1 28.57.
    date = evaluate.score([doc], [system], only_type="DATE").measures()
    assert (date["strict_precision"], date["strict_recall"]) == pytest.approx((25.0, 100 / 3))
    assert (date["strict_f1"], date["relaxed_f1"], date["value_f1"]) == pytest.approx((200 / 7, 400 / 7, 200 / 7))
    assert date["type_accuracy"] == 100.0


def test_counts_add_up_over_documents_before_ratios_are_taken():
    # Doc 1: 1 gold, found. Doc 2: 3 gold, none found, one false alarm.
    # Micro average: P = 1/2, R = 1/4 (a macro average would give R = 1/2).
    docs = [document(gold(0, 6)), document(gold(0, 6), gold(10, 16), gold(20, 26))]
    figures = evaluate.score(docs, [[M(0, 6)], [M(50, 52)]]).measures()
    assert (figures["relaxed_precision"], figures["relaxed_recall"]) == pytest.approx((50.0, 25.0))


def test_a_tagger_that_finds_nothing_scores_zero_without_dividing_by_zero():
    figures = evaluate.score([document(gold(0, 6))], [[]]).measures()
    assert figures["relaxed_f1"] == figures["value_f1"] == 0.0


def test_evaluate_passes_each_text_and_its_creation_date_to_the_tagger():
    calls = []

    def tagger(text, published):
        calls.append((text, published))
        return [M(0, 6)]

    result = evaluate.evaluate("stub", [document(gold(0, 6), text="Friday it was.")], tagger)
    assert calls == [("Friday it was.", dt.date(1998, 8, 7))]
    assert result.overall.strict == result.date.strict == 1


def test_a_tagger_error_names_the_document():
    def broken(text, published):
        raise ValueError("boom")

    with pytest.raises(ValueError) as raised:
        evaluate.tag_documents([document(doc_id="APW1")], broken)
    assert "APW1" in "".join(raised.value.__notes__)


# --------------------------------------------------------------------------
# dateparser baseline
# --------------------------------------------------------------------------


def test_baseline_locates_each_found_string_in_order_and_as_a_whole_word():
    text = "Between us, we met Friday and Friday again."
    found = [("we", dt.datetime(1998, 8, 5)), ("Friday", dt.datetime(1998, 8, 7)), ("Friday", dt.datetime(1998, 8, 7))]
    mentions = evaluate._located(text, found, dt.date(1998, 8, 7))
    assert [(m.start, m.end) for m in mentions] == [(12, 14), (19, 25), (30, 36)]
    assert [text[m.start : m.end] for m in mentions] == ["we", "Friday", "Friday"]
    assert {(m.type, m.value) for m in mentions[1:]} == {("DATE", "1998-08-07")}


def test_baseline_drops_a_string_it_cannot_find():
    mentions = evaluate._located("Nothing here.", [("Friday", dt.datetime(1998, 8, 7))], dt.date(1998, 8, 7))
    assert mentions == []


def test_baseline_reads_a_date_with_dateparser_against_the_creation_date():
    text = "The talks ended on 5 August 1998 in Nairobi."
    mentions = evaluate.dateparser_tagger(text, dt.date(1998, 8, 7))
    assert [(m.type, m.value) for m in mentions] == [("DATE", "1998-08-05")]
    found = mentions[0]
    assert text[found.start : found.end] == found.text
    assert found.start <= text.index("5 August 1998") < found.end


def test_baseline_counts_a_text_dateparser_fails_on_as_having_no_dates(monkeypatch):
    import dateparser.search

    def fail(*args, **kwargs):
        raise OverflowError("date value out of range")

    monkeypatch.setattr(dateparser.search, "search_dates", fail)
    assert evaluate.dateparser_tagger("on 5 August 1998", dt.date(1998, 8, 7)) == []


# --------------------------------------------------------------------------
# Error dump
# --------------------------------------------------------------------------

ERROR_TEXT = "On Friday, 7 August, the embassy was hit; on Monday it reopened for two days. Then a plan."


def error_document() -> GoldDocument:
    # Friday 3-9 (found right), 7 August 11-19 (found as "August", wrong value),
    # Monday 45-51 (missed), two days 68-76 (DURATION, found as DATE); "plan" 85-89 is spurious.
    return document(
        gold(3, 9),
        gold(11, 19),
        gold(45, 51, value="1998-08-10"),
        gold(68, 76, type="DURATION", value="P2D"),
        text=ERROR_TEXT,
        doc_id="APW2",
    )


def test_error_rows_list_each_miss_false_alarm_and_imperfect_pair_in_text_order():
    system = [M(3, 9), M(13, 19, value="1998-08-01"), M(68, 76, value="P2D"), M(85, 89, value="1998")]
    rows = evaluate.error_rows("stub", [error_document()], [system])
    assert [(row["kind"], row["gold_text"], row["system_text"]) for row in rows] == [
        ("span+value", "7 August", "August"),
        ("missed", "Monday", ""),
        ("type", "two days", "two days"),
        ("spurious", "", "plan"),
    ]
    assert rows[0]["gold_span"] == "11-19" and rows[0]["system_span"] == "13-19"
    assert {(row["tagger"], row["doc_id"], row["dct"]) for row in rows} == {("stub", "APW2", "1998-08-07")}


def test_error_context_marks_the_spans_and_keeps_to_one_line():
    text = "a\tb\n" + "x" * 100 + "Friday" + "y" * 100
    shown = evaluate.context(text, 104, 110, width=5)
    assert shown == "xxxxx[[Friday]]yyyyy"
    assert evaluate.context("first\nline\tFriday", 11, 17) == "first line [[Friday]]"


def test_error_file_is_a_tsv_with_one_header_and_one_line_per_error(tmp_path):
    rows = evaluate.error_rows("stub", [error_document()], [[M(85, 89)]])
    path = tmp_path / "errors.tsv"
    assert evaluate.write_errors(path, rows) == 5
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0].split("\t") == list(evaluate.ERROR_COLUMNS)
    assert len(lines) == 6
    assert all(len(line.split("\t")) == len(evaluate.ERROR_COLUMNS) for line in lines)


@pytest.mark.parametrize(
    ("one", "other", "same"),
    [
        ("Friday night", "monday  night,", True),
        ("Sept. 30", "Oct. 4", True),
        ("September 30", "Oct. 4", True),
        ("in 1989", "in 2001", True),
        ("last week", "Last week.", True),
        ("last week", "last month", False),
        ("two days", "2 days", False),
        ("1989", "30", False),
    ],
)
def test_phrase_key_abstracts_weekdays_months_and_numbers(one, other, same):
    assert (evaluate.phrase_key(one) == evaluate.phrase_key(other)) is same


@pytest.mark.parametrize(
    ("value", "shape"),
    [
        ("1998-W32", "9999-W99"),
        ("2000-W7", "9999-W9"),
        ("1989-WXX", "9999-WXX"),
        ("P1W", "PnW"),
        ("P2.5Y", "PnY"),
        ("PXY", "PXY"),
        ("PT24H", "PTnH"),
        ("PAST_REF", "PAST_REF"),
        ("1998-08-07TNI", "9999-99-99TNI"),
        (" 199 ", "999"),
    ],
)
def test_value_shape_keeps_the_grain_and_drops_the_date(value, shape):
    assert evaluate.value_shape(value) == shape


def located(text: str, *marks: tuple[str, str]) -> tuple[GoldTimex, ...]:
    """Gold timexes over the first occurrence, after the previous mark, of each (phrase, value)."""
    found, cursor = [], 0
    for phrase, value in marks:
        start = text.index(phrase, cursor)
        cursor = start + len(phrase)
        found.append(GoldTimex(tid=f"t{start}", start=start, end=cursor, text=phrase, type="DATE", value=value))
    return tuple(found)


def split_corpus() -> list[GoldDocument]:
    # "now" is tagged twice and left untagged once; "last week" is read as a week twice and as an unknown
    # week once; "soon" is tagged once and left untagged twice.
    texts = [
        ("Talks are now stalled; they met last week.", ("now", "PRESENT_REF"), ("last week", "1998-W31")),
        ("It is now clear. Prices fell last week.", ("now", "PRESENT_REF"), ("last week", "1998-WXX")),
        ("He said now is not the time, as trading resumed last week.", ("last week", "1998-W31")),
        ("A deal may come soon, or not soon at all; soon enough.", ("soon", "FUTURE_REF")),
    ]
    return [
        GoldDocument(doc_id=f"D{n}", dct=dt.date(1998, 8, 7), text=text, timexes=located(text, *marks))
        for n, (text, *marks) in enumerate(texts)
    ]


def test_gold_readings_say_whether_the_gold_reads_a_phrase_the_taggers_way_elsewhere():
    readings = evaluate.GoldReadings(split_corpus())
    assert readings.untagged("now") == 1 and readings.untagged("Last  Week") == 0
    assert readings.untagged("soon") == 2 and readings.untagged("never said") == 0
    # A false "now": the gold tags "now" twice, leaves it once: it splits, on the tagger's side.
    assert readings.elsewhere("spurious", "", "Now", "", "PRESENT_REF") == ("tagged 2, untagged 1", "yes")
    # A missed "now" is a plain miss; a missed "soon" is what the gold does twice out of three.
    assert readings.elsewhere("missed", "now", "", "PRESENT_REF", "")[1] == "no"
    assert readings.elsewhere("missed", "soon", "", "FUTURE_REF", "") == ("tagged 1, untagged 2", "yes")
    # A week where this gold has an unknown week: the gold reads "last week" as a week twice.
    shown, split = readings.elsewhere("value", "last week", "last week", "1998-WXX", "1998-W31")
    assert (shown, split) == ("9999-W99 2, 9999-WXX 1", "yes")
    # The other way round, and a wrong week of the right grain, are real errors.
    assert readings.elsewhere("value", "Last week", "last week", "1998-W31", "1998-WXX")[1] == "no"
    assert readings.elsewhere("span+value", "last week", "week", "1998-W31", "1998-W30")[1] == "no"
    # Span and type errors are not about the value.
    assert readings.elsewhere("span+type", "last week", "week", "1998-W31", "P1W") == ("", "")


def test_error_rows_carry_the_gold_readings(tmp_path, capsys):
    corpus = split_corpus()

    def at(n: int, phrase: str, value: str) -> M:
        start = corpus[n].text.index(phrase)
        return M(start, start + len(phrase), value=value)

    system = [[], [at(1, "now", "PRESENT_REF"), at(1, "last week", "1998-W31")], [at(2, "now", "PRESENT_REF")], []]
    rows = evaluate.error_rows("stub", corpus, system)
    assert [(row["doc_id"], row["kind"], row["gold_split"]) for row in rows] == [
        ("D0", "missed", "no"),
        ("D0", "missed", "no"),
        ("D1", "value", "yes"),
        ("D2", "spurious", "yes"),
        ("D2", "missed", "no"),
        ("D3", "missed", "yes"),
    ]
    assert rows[2]["gold_elsewhere"] == "9999-W99 2, 9999-WXX 1"
    evaluation = evaluate.Evaluation(
        tagger="stub", predictions=system, overall=evaluate.Counts(), date=evaluate.Counts()
    )
    evaluate._write_error_file(tmp_path / "errors.tsv", corpus, [evaluation])
    assert "stub: 6 errors, 3 of them where the gold reads the same phrase" in capsys.readouterr().err


# --------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------


def run_cli(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="extract evaluate")
    evaluate.add_arguments(parser)
    return evaluate.run(parser.parse_args([str(arg) for arg in argv]))


@pytest.fixture
def corpus(tmp_path, monkeypatch):
    """A folder with SMALL_TIMEML, and a stub "ours" that finds "Thursday" right and nothing else."""
    (tmp_path / "tml").mkdir()
    (tmp_path / "tml" / "doc1.tml").write_text(SMALL_TIMEML, encoding="utf-8")
    monkeypatch.setitem(evaluate.TAGGERS, "ours", lambda text, published: [M(10, 18, value="1998-08-06")])
    return tmp_path / "tml"


def test_cli_prints_a_markdown_row_per_tagger(corpus, capsys):
    # The stub finds 1 of 2 gold timexes exactly: P 100, R 50, F1 66.7 everywhere;
    # on DATE alone it finds the one gold DATE: 100.
    assert run_cli(corpus) == 0
    out = capsys.readouterr().out
    assert "1 TimeML documents, 2 gold TIMEX3 (1 DATE)" in out
    assert "| Tagger | Strict P |" in out
    row = next(line for line in out.splitlines() if line.startswith("| ours "))
    cells = row.strip("| ").split(" | ")
    assert cells == ["ours", "100.0", "50.0", "66.7", "100.0", "50.0", "66.7", "66.7", "100.0"] + ["100.0"] * 5


def test_cli_json_carries_counts_and_measures(corpus, capsys):
    assert run_cli(corpus, "--format", "json") == 0
    report = json.loads(capsys.readouterr().out)
    assert report["taggers"]["ours"]["overall"]["counts"]["gold"] == 2
    assert report["taggers"]["ours"]["DATE"]["measures"]["value_f1"] == 100.0


def test_cli_passes_the_gate_when_every_figure_is_at_its_floor(corpus, capsys):
    assert run_cli(corpus, "--min-date-value-f1", "100", "--min-relaxed-f1", "66") == 0
    assert "every floor holds" in capsys.readouterr().err


def test_cli_fails_the_gate_and_says_which_floor_was_broken(corpus, capsys):
    assert run_cli(corpus, "--min-value-f1", "85", "--min-date-value-f1", "88") == 1
    err = capsys.readouterr().err
    assert "value F1 is 66.67, below the floor 85" in err
    assert "DATE value F1" not in err


def test_cli_refuses_floors_when_our_tagger_is_not_run(corpus, capsys):
    assert run_cli(corpus, "--tagger", "dateparser", "--min-value-f1", "85") == 2
    assert "--tagger ours or both" in capsys.readouterr().err


def test_cli_names_a_missing_path_and_exits_2(corpus, tmp_path, capsys):
    assert run_cli(corpus, tmp_path / "missing.tml") == 2
    assert "no such file or folder: " + str(tmp_path / "missing.tml") in capsys.readouterr().err


def test_cli_writes_the_errors_of_every_tagger_run(corpus, tmp_path):
    errors = tmp_path / "errors.tsv"
    assert run_cli(corpus, "--tagger", "both", "--errors", errors) == 0
    rows = [line.split("\t") for line in errors.read_text(encoding="utf-8").splitlines()[1:]]
    ours = [row for row in rows if row[0] == "ours"]
    assert [(row[3], row[7]) for row in ours] == [("missed", "three days")]
    assert {row[0] for row in rows} <= {"ours", "dateparser"}
