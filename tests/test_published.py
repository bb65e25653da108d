"""``infer_published``: a proposed publication date, how sure it is, and why.

The latest full date in the text is the starting point; "yesterday" / "last night"
about it move the guess one day on.  No full date means no guess (``None``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from extract import PublishedGuess, infer_published

SAMPLE = Path(__file__).parents[1] / "extract" / "data" / "samples" / "putin-playing-at-peace.txt"


@pytest.fixture(scope="module")
def sample_guess() -> PublishedGuess:
    return infer_published(SAMPLE.read_text(encoding="utf-8"))


def test_sample_article_is_proposed_as_published_2022_02_16(sample_guess):
    assert sample_guess is not None
    assert sample_guess.date == dt.date(2022, 2, 16)


def test_sample_evidence_names_the_latest_full_date(sample_guess):
    assert any("2022-02-15" in line for line in sample_guess.evidence), sample_guess.evidence


def test_sample_confidence_is_a_probability(sample_guess):
    assert 0 < sample_guess.confidence <= 1


GUESSES = [
    ("today and a full date: that date",
     ("Officials said today that the talks would resume. Monday, March 7, 2022 (AP) - "
      "Negotiators met in Belarus."), "2022-03-07"),
    ("a full date and yesterday: the day after",
     "Troops crossed the border yesterday, officials said. Photo taken Tuesday, Feb. 15, 2022.", "2022-02-16"),
    ("an ISO date and last night: the day after",
     "Shelling was heard last night. Report filed 2022-02-15.", "2022-02-16"),
    ("yesterday on Feb. 28 of a leap year: Feb. 29",
     "The vote took place yesterday. Results were announced Feb. 28, 2024.", "2024-02-29"),
    ("last night on Dec. 31: New Year's Day",
     "Fireworks lit the sky last night. Photo: Dec. 31, 2021.", "2022-01-01"),
    ("two full dates: the latest wins",
     "Talks began on Jan. 3, 2022. Today they ended, on 1 February 2022.", "2022-02-01"),
    ("a full date and no deictic word: that date",
     "The agreement dated 15 February 2022 was published.", "2022-02-15"),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in GUESSES], ids=[c[0] for c in GUESSES])
def test_infer_published_proposes(text, expected):
    guess = infer_published(text)
    assert guess is not None, "no guess"
    assert guess.date == dt.date.fromisoformat(expected), guess.evidence
    assert 0 < guess.confidence <= 1
    assert guess.evidence and all(isinstance(line, str) and line for line in guess.evidence)


NO_GUESS = [
    ("relative words only", "Troops crossed the border yesterday. Talks resume on Friday."),
    ("a month and day without a year", "The talks began on Jan. 10 and ended yesterday."),
    ("a bare year", "Russia annexed Crimea in 2014."),
    ("an impossible date", "The memo is dated Feb. 30, 2022."),
    ("empty text", ""),
]


@pytest.mark.parametrize("text", [c[1] for c in NO_GUESS], ids=[c[0] for c in NO_GUESS])
def test_infer_published_is_none_without_a_full_date(text):
    assert infer_published(text) is None


def test_guess_is_frozen(sample_guess):
    with pytest.raises(dataclasses.FrozenInstanceError):
        sample_guess.date = dt.date(2000, 1, 1)


def test_guess_fields_are_pinned():
    assert tuple(f.name for f in dataclasses.fields(PublishedGuess)) == ("date", "confidence", "evidence")
