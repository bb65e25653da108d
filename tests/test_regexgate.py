"""The regex gate: the literal strings every match of a pattern must contain."""

import re

import pytest

from extract import regexgate


def test_the_gate_reads_the_strings_a_match_needs():
    assert regexgate.gate([r"\b(attack|attacks|attacked)\b"]) == ("attack",)
    assert regexgate.gate([r"\bcyber[- ]?(attack|assault)\b"]) == ("cyber",)
    assert regexgate.gate([r"\b(seized|captured)\s+(?-i:[A-Z])", r"\bstrike\s+(on|against)\b"]) == ("captured", "seized", "strike")
    assert regexgate.gate([r"\w+ed\b"]) == ("ed",)
    assert regexgate.gate([r"\bwar\b", r"\w+\s\w+"]) is None  # a trigger without a literal: the category always runs


def test_the_case_gate_keeps_the_strings_as_written_and_gives_up_on_any_ignored_case():
    assert regexgate.case_gate(re.compile(r"Mr [A-Z]|Dr\.? [A-Z]")) == ("Dr ", "Dr. ", "Mr ")
    assert regexgate.case_gate(re.compile(r"(?i:minister) [A-Z]")) is None  # a part ignores case: no gate
    assert regexgate.case_gate(re.compile(r"minister", re.IGNORECASE)) is None


@pytest.mark.parametrize(
    ("pattern", "text"),
    [
        (r"\b(attack|attacks|attacked)\b", "They attacked the port at dawn."),
        (r"\bcyber[- ]?(attack|assault)s?\b", "A CYBER-ASSAULT hit the banks."),
        (r"\b(drone|missile)[- ]strikes?\b", "Missile strikes hit Kharkiv."),
        (r"\bmet with (the )?president\b", "He met with President Zelensky."),
        (r"\b(?:exchang\w+) fire\b", "Troops exchanged fire overnight."),
        (r"colou?r", "the colour of the flag"),
    ],
)
def test_a_text_that_matches_passes_the_gate_and_one_without_the_strings_does_not(pattern, text):
    gate = regexgate.gate([pattern])
    assert gate is not None
    assert re.search(pattern, text, re.IGNORECASE)
    lower = regexgate.gate_text(text)
    assert regexgate.may_match(gate, lower)
    assert regexgate.holds(gate, {w for w in gate if w in lower})
    assert not regexgate.may_match(gate, "nothing of the kind here")
    assert not regexgate.holds(gate, set())


def test_a_text_with_a_letter_ignorecase_folds_to_ascii_is_never_gated():
    text = "They were \u017fanctioned."  # long s: IGNORECASE reads "sanctioned"
    assert re.search(r"sanction", text, re.IGNORECASE)
    assert regexgate.gate_text(text) is None
    assert regexgate.may_match(("sanction",), None) and regexgate.holds(("sanction",), None)


@pytest.mark.parametrize(
    ("pattern", "refers"),
    [(r"(\w+) and \1", True), (r"(?P<w>\w+)-(?P=w)", True), (r"(a)?(?(1)b|c)", True), (r"\b(attack|strike)s?\b", False)],
)
def test_refers_back_finds_backreferences(pattern, refers):
    assert regexgate.refers_back(pattern) is refers
