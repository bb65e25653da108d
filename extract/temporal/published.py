"""``infer_published``: propose a publication date when the caller has none.

A cascade in the manner of htmldate, most reliable evidence first:

1. the latest full calendar date the text names ("Tuesday, Feb. 15, 2022");
2. how the text speaks of that day: news calls the day before publication
   "yesterday" or "last night", and the publication day "today";
3. no full date at all: nothing is proposed (``None``).

The guess is only a guess: everything built on it must say it was inferred.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import regex

from extract.temporal.recognize import recognise

_FULL_DATE_RULES = frozenset({"date-month-day-year", "date-day-month-year", "date-iso", "date-numeric-us"})
_DAY_BEFORE = regex.compile(r"(?<!\w)(?:yesterday|last\s+night)(?!\w)", regex.IGNORECASE)
_SAME_DAY = regex.compile(r"(?<!\w)(?:today|tonight|this\s+(?:morning|afternoon|evening))(?!\w)", regex.IGNORECASE)


@dataclass(frozen=True, kw_only=True)
class PublishedGuess:
    """A proposed publication date, how sure it is (0 to 1), and why."""

    date: dt.date
    confidence: float
    evidence: tuple[str, ...]


def _full_dates(text: str) -> list[tuple[dt.date, str]]:
    out = []
    for found in recognise(text):
        if found.rule not in _FULL_DATE_RULES:
            continue
        spec = found.spec
        year = spec["year"]
        if year < 100:
            continue
        try:
            out.append((dt.date(year, spec["month"], spec["day"]), found.text))
        except ValueError:
            continue
    return out


def infer_published(text: str) -> PublishedGuess | None:
    """Propose the publication date of ``text``, or ``None`` when it names no full date."""
    dates = _full_dates(text)
    if not dates:
        return None
    latest, surface = max(dates)
    before = len(_DAY_BEFORE.findall(text))
    same = len(_SAME_DAY.findall(text))
    evidence = [f"the latest full date in the text is {latest.isoformat()} ({surface!r})"]
    if before > same:
        evidence.append(
            f"the text says 'yesterday' or 'last night' {before} time(s) and 'today' {same} time(s): "
            "news names the day before publication 'yesterday'"
        )
        return PublishedGuess(date=latest + dt.timedelta(days=1), confidence=0.6, evidence=tuple(evidence))
    evidence.append(f"the text says 'today' {same} time(s) and 'yesterday' {before} time(s)")
    return PublishedGuess(date=latest, confidence=0.5 if same else 0.4, evidence=tuple(evidence))
