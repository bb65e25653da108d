"""Golden tests of ``tag_times``: news sentences, each with its own publication date.

``tests/golden/temporal.yaml`` holds the cases (its header states the format and the
conventions); every case is one test, named by its id.  The bundled sample article is
checked against the acceptance table of issue 2.

Spans are not compared unless a case asks: TimeML leaves prepositions ("on", "in", "since")
outside the span, so a case names a phrase and every mention overlapping the phrase's first
whole-word occurrence must carry the expected value (and type, when given); a case that
gives ``extent`` also wants the mention to cover exactly that text.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml

from extract import tag_times

GOLDEN = Path(__file__).parent / "golden" / "temporal.yaml"
SAMPLE = Path(__file__).parents[1] / "extract" / "data" / "samples" / "putin-playing-at-peace.txt"
SAMPLE_PUBLISHED = dt.date(2022, 2, 16)

CASE_KEYS = {"id", "text", "published", "expect", "absent"}
EXPECT_KEYS = {"phrase", "value", "type", "extent"}
TIMEX_TYPES = {"DATE", "TIME", "DURATION", "SET"}


def load_cases() -> list[dict]:
    with GOLDEN.open(encoding="utf-8") as f:
        return yaml.safe_load(f)


CASES = load_cases()


def published_date(case: dict) -> dt.date:
    value = case["published"]
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def find_phrase(text: str, phrase: str, flags: int = 0) -> tuple[int, int] | None:
    """Span of the first whole-word occurrence of ``phrase`` ("we" is not found in "were")."""
    match = re.search(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)", text, flags)
    return match.span() if match else None


def overlapping(mentions, start: int, end: int) -> list:
    return [m for m in mentions if m.start < end and start < m.end]


def show(mention) -> str:
    return (
        f"{mention.start}-{mention.end} {mention.text!r} {mention.type} {mention.value}"
        f"  [rule {mention.rule}; anchor {mention.anchor}]"
    )


def report(text: str, published, problems: list[str], mentions) -> str:
    lines = [f"text:      {text!r}", f"published: {published}", "problems:"]
    lines += [f"  - {p}" for p in problems]
    lines.append("mentions:" if mentions else "mentions:  (none)")
    lines += [f"  {show(m)}" for m in mentions]
    return "\n".join(lines)


def check_expected(text: str, mentions, phrase: str, accepted: list[str], type_: str | None,
                   extent: str | None = None) -> list[str]:
    """Problems with the mentions that overlap ``phrase`` (empty when all is well); with ``extent``,
    the mention must also cover exactly that text (the TIMEX3 extent)."""
    start, end = find_phrase(text, phrase)
    hits = overlapping(mentions, start, end)
    want = " or ".join(accepted) + (f" ({type_})" if type_ else "") + (f" on {extent!r}" if extent else "")
    if not hits:
        return [f"{phrase!r}: expected {want}, got no mention"]
    wrong = [m for m in hits if m.value not in accepted or (type_ and m.type != type_)
             or (extent is not None and m.text != extent)]
    return [f"{phrase!r}: expected {want}, got {m.value} ({m.type}) on {m.text!r}" for m in wrong]


def check_absent(text: str, mentions, phrase: str) -> list[str]:
    start, end = find_phrase(text, phrase)
    return [f"{phrase!r} must not be tagged, got {m.value} ({m.type}) on {m.text!r}" for m in overlapping(mentions, start, end)]


# --------------------------------------------------------------------------------------------
# The golden file itself


def test_golden_file_has_at_least_230_cases_with_unique_ids():
    ids = [case["id"] for case in CASES]
    assert len(ids) >= 230
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_golden_case_is_well_formed(case):
    assert set(case) <= CASE_KEYS, set(case) - CASE_KEYS
    assert case.get("expect") or case.get("absent"), "a case needs `expect` or `absent`"
    published_date(case)
    for item in case.get("expect", []):
        assert set(item) <= EXPECT_KEYS and {"phrase", "value"} <= set(item), item
        values = item["value"] if isinstance(item["value"], list) else [item["value"]]
        assert values and all(isinstance(v, str) for v in values), f"quote the value: {item}"
        assert item.get("type", "DATE") in TIMEX_TYPES, item
        assert find_phrase(case["text"], item["phrase"]), f"{item['phrase']!r} is not in the text"
        if "extent" in item:
            assert item["phrase"] in item["extent"] and item["extent"] in case["text"], item
    for phrase in case.get("absent", []):
        assert find_phrase(case["text"], phrase), f"{phrase!r} is not in the text"


# --------------------------------------------------------------------------------------------
# One test per golden case


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_golden_case(case):
    text, published = case["text"], published_date(case)
    mentions = tag_times(text, published)
    problems = []
    for item in case.get("expect", []):
        accepted = item["value"] if isinstance(item["value"], list) else [item["value"]]
        problems += check_expected(text, mentions, item["phrase"], accepted, item.get("type"), item.get("extent"))
    for phrase in case.get("absent", []):
        problems += check_absent(text, mentions, phrase)
    assert not problems, report(text, published, problems, mentions)


# --------------------------------------------------------------------------------------------
# The sample article against the acceptance table of issue 2 (published Wednesday 2022-02-16)

SAMPLE_TEXT = SAMPLE.read_text(encoding="utf-8")

#: (row of the acceptance table, pattern whose group 1 marks each occurrence, value)
ACCEPTANCE = [
    ("Tuesday", r"\b(Tuesday)\b", "2022-02-15"),
    ("yesterday", r"\b(yesterday)\b", "2022-02-15"),
    ("last night", r"\b(last night)\b", "2022-02-15TNI"),
    ("last month", r"\b(last month)\b", "2022-01"),
    ("on Sunday", r"\bon (Sunday)\b", "2022-02-13"),
    ("[today], the editor's", r"\[(today)\]", "2022-02-16"),
    ("today in Johnson's quote, said yesterday", r"seeing (today)\b", "2022-02-15"),
    ("Tuesday, Feb. 15, 2022", r"(Tuesday, Feb\. 15, 2022)", "2022-02-15"),
    ("in recent days", r"\bin (recent days)\b", "PAST_REF"),
    ("now", r"\bresolved (now)\b", "PRESENT_REF"),
]

#: "weeks or months" is a vague duration: a DURATION mention or none, never a date.
VAGUE_DURATION = r"\b(weeks or months)\b"

#: Things in the sample that are no time expression at all.
SAMPLE_NON_DATES = ["we", "58", "2,000", "130,000-strong", "Previous post", "Next post", "Stingers"]

SAMPLE_PUBLICATIONS = [SAMPLE_PUBLISHED, dt.datetime(2022, 2, 16, 7, 30)]


def occurrences(pattern: str) -> list[tuple[int, int]]:
    return [m.span(1) for m in re.finditer(pattern, SAMPLE_TEXT, re.IGNORECASE)]


def context(start: int, end: int, width: int = 50) -> str:
    left = SAMPLE_TEXT[max(0, start - width) : start]
    right = SAMPLE_TEXT[end : end + width]
    return f"...{left}[[{SAMPLE_TEXT[start:end]}]]{right}...".replace("\n", " ")


@pytest.fixture(scope="module", params=SAMPLE_PUBLICATIONS, ids=["date", "datetime"])
def sample_mentions(request):
    return tag_times(SAMPLE_TEXT, request.param)


@pytest.mark.parametrize(("row", "pattern", "value"), ACCEPTANCE, ids=[row for row, _, _ in ACCEPTANCE])
def test_sample_expression_gets_its_value_at_every_occurrence(sample_mentions, row, pattern, value):
    spans = occurrences(pattern)
    assert spans, f"{row!r} no longer occurs in the sample"
    problems = []
    for start, end in spans:
        hits = overlapping(sample_mentions, start, end)
        if not hits:
            problems.append(f"no mention at {context(start, end)}")
        problems += [f"{m.value} ({m.type}) instead of {value} at {context(start, end)}" for m in hits if m.value != value]
    assert not problems, f"{row} -> {value}, {len(spans)} occurrence(s):\n" + "\n".join(problems)


def test_sample_weeks_or_months_is_a_duration_or_untagged(sample_mentions):
    (start, end), = occurrences(VAGUE_DURATION)
    wrong = [show(m) for m in overlapping(sample_mentions, start, end) if m.type != "DURATION"]
    assert not wrong, f"'weeks or months' must be a DURATION or untagged, got {wrong}"


def test_sample_tags_no_calendar_date_outside_the_acceptance_table(sample_mentions):
    listed = [span for _, pattern, _ in ACCEPTANCE for span in occurrences(pattern)]
    unexpected = [
        f"{show(m)} at {context(m.start, m.end)}"
        for m in sample_mentions
        if m.type in {"DATE", "TIME"} and not any(m.start < end and start < m.end for start, end in listed)
    ]
    assert not unexpected, "tagged as a date but not in the acceptance table:\n" + "\n".join(unexpected)


@pytest.mark.parametrize("phrase", SAMPLE_NON_DATES)
def test_sample_non_date_is_never_tagged(sample_mentions, phrase):
    spans = occurrences(r"(?<!\w)(" + re.escape(phrase) + r")(?!\w)")
    assert spans, f"{phrase!r} no longer occurs in the sample"
    tagged = [f"{show(m)} at {context(s, e)}" for s, e in spans for m in overlapping(sample_mentions, s, e)]
    assert not tagged, f"{phrase!r} must not be tagged:\n" + "\n".join(tagged)
