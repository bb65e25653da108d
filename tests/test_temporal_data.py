"""The data files of the temporal engine: rules and word lists check their own examples.

Every rule of ``extract/data/time_rules.yaml`` carries examples ``[text, published,
expected value]``; each is run through its rule alone (the rule must match) and through
the whole tagger (a mention made by that rule must carry the expected value).  Every
list of ``extract/data/time_lexicon.yaml`` carries examples ``surface: value`` that its
normaliser must reproduce.  The files are read here with plain YAML, so a malformed
entry fails its own test with its own id instead of breaking the whole module.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml

from extract import DataFileError, tag_times
from extract.temporal import recognize
from extract.temporal.lexicon import load_lexicon
from extract.temporal.recognize import load_rules, recognise, rule_by_id

DATA = Path(__file__).parents[1] / "extract" / "data"
RAW_RULES = yaml.safe_load((DATA / "time_rules.yaml").read_text(encoding="utf-8"))["rules"]
RAW_LISTS = yaml.safe_load((DATA / "time_lexicon.yaml").read_text(encoding="utf-8"))

TIMEX_TYPES = {"DATE", "TIME", "DURATION", "SET"}
MACRO = re.compile(r"\{([A-Z0-9_]+)\}")
DIGIT_CLASS = re.compile(r"digits?\d*(?:clock|slash|quote)?")


def rule_id(raw: dict) -> str:
    return str(raw.get("id", "<no id>"))


def as_date(value) -> dt.date:
    """A publication date as YAML gives it: a date, or an ISO string."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def as_value(value) -> str:
    """An expected TIMEX3 value as a string (YAML reads 2022-02-15 as a date)."""
    return value.isoformat() if isinstance(value, dt.date) else str(value)


RULE_EXAMPLES = [
    pytest.param(rule_id(raw), example, id=f"{rule_id(raw)}: {example[0]}")
    for raw in RAW_RULES
    for example in raw.get("examples") or ()
]

WORD_LIST_EXAMPLES = [
    pytest.param(name, surface, expected, id=f"{name}: {surface}")
    for name, entry in RAW_LISTS.items()
    if "words" in entry
    for surface, expected in (entry.get("examples") or {}).items()
]

CUE_LIST_EXAMPLES = [
    pytest.param(name, surface, id=f"{name}: {surface}")
    for name, entry in RAW_LISTS.items()
    if "cues" in entry
    for surface in (entry.get("examples") or {})
]


def show(mention) -> str:
    return f"{mention.start}-{mention.end} {mention.text!r} {mention.value} [rule {mention.rule}]"


# --------------------------------------------------------------------------------------------
# The rules file


def test_rules_file_loads_every_rule():
    assert len(load_rules()) == len(RAW_RULES)
    assert [rule.id for rule in load_rules()] == [rule_id(raw) for raw in RAW_RULES]


def test_rule_ids_are_unique():
    ids = [rule_id(raw) for raw in RAW_RULES]
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})


@pytest.mark.parametrize("raw", RAW_RULES, ids=[rule_id(raw) for raw in RAW_RULES])
def test_rule_has_id_type_triggers_pattern_value_and_examples(raw):
    assert {"id", "type", "triggers", "pattern", "value"} <= set(raw), sorted(raw)
    assert raw["type"] in TIMEX_TYPES
    assert raw["triggers"], "a rule needs trigger classes"
    assert isinstance(raw["value"], dict) and "op" in raw["value"], raw["value"]
    assert raw.get("examples"), "a rule carries at least one example"
    for example in raw["examples"]:
        assert len(example) == 3, f"an example is [text, published, expected value]: {example}"
        as_date(example[1])


@pytest.mark.parametrize("raw", RAW_RULES, ids=[rule_id(raw) for raw in RAW_RULES])
def test_rule_triggers_are_known_trigger_classes(raw):
    """Word classes come from the lexicon; numbers trigger ``digit`` classes (by length)."""
    known = set().union(*load_lexicon().trigger_classes.values())
    unknown = {t for t in raw["triggers"] if t not in known and not DIGIT_CLASS.fullmatch(t)}
    assert not unknown, sorted(unknown)


@pytest.mark.parametrize("raw", RAW_RULES, ids=[rule_id(raw) for raw in RAW_RULES])
def test_rule_pattern_uses_only_known_macros(raw):
    unknown = set(MACRO.findall(raw["pattern"])) - set(load_lexicon().macros)
    assert not unknown, f"unknown macros {sorted(unknown)}"


@pytest.mark.parametrize("raw", RAW_RULES, ids=[rule_id(raw) for raw in RAW_RULES])
def test_rule_compiles(raw):
    rule = rule_by_id(rule_id(raw))
    assert rule.pattern.pattern, "compiled pattern is empty"
    assert rule.type == raw["type"]


@pytest.mark.parametrize("raw", RAW_RULES, ids=[rule_id(raw) for raw in RAW_RULES])
def test_rule_value_names_only_groups_of_its_pattern(raw):
    groups = set(rule_by_id(rule_id(raw)).pattern.groupindex)
    refs = {
        ref.lstrip("$")
        for value in raw["value"].values()
        if isinstance(value, str) and "$" in value
        for ref in value.lstrip("-").split("|")
    }
    assert refs <= groups, f"value names groups the pattern lacks: {sorted(refs - groups)}"


# --------------------------------------------------------------------------------------------
# Every rule example, through its rule alone and through the whole tagger


@pytest.mark.parametrize(("rule_name", "example"), RULE_EXAMPLES)
def test_rule_example_is_found_by_its_rule_alone(rule_name, example):
    text, _, _ = example
    found = recognise(text, rules=[rule_by_id(rule_name)])
    assert found, f"rule {rule_name} alone finds nothing in {text!r}"


@pytest.mark.parametrize(("rule_name", "example"), RULE_EXAMPLES)
def test_rule_example_gets_its_value_from_its_rule_in_the_tagger(rule_name, example):
    text, published, expected = example
    expected = as_value(expected)
    mentions = tag_times(text, as_date(published))
    by_rule = [m for m in mentions if m.rule == rule_name]
    assert by_rule, f"no mention by rule {rule_name} in {text!r}; got {[show(m) for m in mentions]}"
    assert expected in [m.value for m in by_rule], (
        f"{text!r} published {published}: expected {expected} from {rule_name}, "
        f"got {[show(m) for m in mentions]}"
    )


# --------------------------------------------------------------------------------------------
# The lexicon file


@pytest.mark.parametrize("name", list(RAW_LISTS), ids=list(RAW_LISTS))
def test_lexicon_list_is_a_word_list_or_a_cue_list_with_examples(name):
    entry = RAW_LISTS[name]
    assert ("words" in entry) != ("cues" in entry), f"{name}: exactly one of 'words' or 'cues'"
    assert entry.get("examples"), f"{name}: a list carries examples"


@pytest.mark.parametrize("name", [n for n, e in RAW_LISTS.items() if "words" in e],
                         ids=[n for n, e in RAW_LISTS.items() if "words" in e])
def test_lexicon_word_list_keys_are_lower_case(name):
    keys = [str(k) for k in RAW_LISTS[name]["words"]]
    assert keys == [k.lower() for k in keys], [k for k in keys if k != k.lower()]


@pytest.mark.parametrize(("name", "surface", "expected"), WORD_LIST_EXAMPLES)
def test_lexicon_example_normalises_to_its_value(name, surface, expected):
    lexicon = load_lexicon()
    if name == "numbers":
        got = lexicon.number(str(surface))
    else:
        got = lexicon.lookup(name, str(surface))
    if isinstance(got, list):  # trigger_words: class -> words; the example names a member
        assert expected in got, f"{surface!r}: {expected!r} is not among {got}"
    else:
        assert got == expected


@pytest.mark.parametrize(("name", "surface"), CUE_LIST_EXAMPLES)
def test_lexicon_cue_example_is_one_of_its_cues(name, surface):
    assert str(surface) in load_lexicon().cues(name)


# --------------------------------------------------------------------------------------------
# A malformed rules file is a DataFileError naming the rule


def test_unknown_macro_in_a_pattern_is_a_data_file_error():
    with pytest.raises(DataFileError, match="NOT_A_MACRO"):
        load_lexicon().expand(r"(?P<month>{NOT_A_MACRO})")


def good_rule(**changes) -> dict:
    rule = {"id": "fake", "type": "DATE", "triggers": ["deictic"], "pattern": "yesterday",
            "value": {"op": "shift", "unit": "D", "n": -1}, "examples": []}
    rule.update(changes)
    return rule


BAD_RULE_FILES = [
    pytest.param([good_rule(pattern="{NOT_A_MACRO}")], "NOT_A_MACRO", id="unknown macro"),
    pytest.param([good_rule(), good_rule()], "twice", id="duplicate id"),
    pytest.param([good_rule(type="MOMENT")], "MOMENT", id="unknown type"),
    pytest.param([good_rule(triggers=[])], "triggers", id="no triggers"),
    pytest.param([good_rule(triggers=["no-such-class"])], "triggers", id="unknown trigger class"),
    pytest.param([good_rule(pattern="(unclosed")], "compile", id="pattern does not compile"),
    pytest.param([{"id": "fake", "type": "DATE", "triggers": ["deictic"]}], "lacks", id="no pattern"),
]


@pytest.mark.parametrize(("rules", "message"), BAD_RULE_FILES)
def test_malformed_rules_file_is_a_data_file_error(monkeypatch, rules, message):
    monkeypatch.setattr(recognize, "read_data_file", lambda name: {"rules": rules})
    with pytest.raises(DataFileError, match=message):
        load_rules.__wrapped__()


def test_the_fake_rule_of_the_malformed_file_tests_is_itself_valid(monkeypatch):
    monkeypatch.setattr(recognize, "read_data_file", lambda name: {"rules": [good_rule()]})
    (rule,) = load_rules.__wrapped__()
    assert rule.id == "fake"


def test_trigger_words_are_ascii_letters():
    # The recogniser lists a text's words over its ASCII bytes: a trigger word with any other
    # character would never be seen.
    lexicon = load_lexicon()
    odd = sorted(word for word in lexicon.trigger_classes if not re.fullmatch(r"[a-z]+", word))
    assert odd == []
    assert len(lexicon.ascii_triggers) == len(lexicon.trigger_classes)


@pytest.mark.parametrize("words", [
    ["four", "fourteen", "five"],
    ["a", "an", "another", "last", "last night"],
    ["May", "MAY", "March", "MARCH"],
    ["mid", "mid-", "middle"],
])
def test_word_alternation_matches_each_word_and_prefers_the_longest(words):
    from extract.temporal.lexicon import _alternation

    pattern = re.compile("(?:" + _alternation(words) + ")")
    for word in words:
        assert pattern.fullmatch(word), word
        assert pattern.match(word + " tail").group(0) == word, word
    assert not pattern.fullmatch("xyz")
