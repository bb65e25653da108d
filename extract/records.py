"""The records that travel between pipeline stages.

They are frozen, keyword-only dataclasses: a stage never changes what an
earlier stage produced, it makes a new record.  ``tests/test_records.py`` pins
the field names, so renaming one is a deliberate change that bumps
``SCHEMA_VERSION``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

SCHEMA_VERSION = 1

#: TimeML types of a time expression.
TIMEX_TYPES = ("DATE", "TIME", "DURATION", "SET")

#: Granularities of a resolved value, coarsest last.
GRAINS = ("time", "part_of_day", "day", "weekend", "week", "month", "season", "quarter", "half", "year",
          "decade", "century")


@dataclass(frozen=True, kw_only=True)
class TimeMention:
    """One time expression found in a text and resolved to a TIMEX3 value.

    ``start``/``end`` are character offsets into the text (end exclusive).
    ``value`` is the ISO-TimeML value (``2022-02-15``, ``2022-W07``,
    ``2022-02-15TNI``, ``PAST_REF``, ``P3D`` ...).  ``grain`` is ``None`` for
    vague values and durations.  ``interval_start``/``interval_end`` bound the
    resolved value (end exclusive) when it is anchored on the calendar.
    ``rule`` names the rule that recognised the expression, ``anchor`` the
    time it was resolved against (``published 2022-02-16``, ``quote said
    2022-02-15`` ...) and ``reason`` says both in words: "why this date?".
    """

    start: int
    end: int
    text: str
    type: str
    value: str
    grain: str | None
    interval_start: dt.datetime | None
    interval_end: dt.datetime | None
    rule: str
    anchor: str
    reason: str

    @property
    def is_anchored(self) -> bool:
        return self.interval_start is not None

    def to_dict(self) -> dict:
        out = asdict(self)
        for key in ("interval_start", "interval_end"):
            if out[key] is not None:
                out[key] = out[key].isoformat()
        return out


@dataclass(frozen=True, kw_only=True)
class Article:
    """One news article as ingested, before any analysis.

    ``id`` is the caller's id or, when none is given, a hash of the title and
    text, so ingesting the same article twice yields the same id.  ``text`` is
    what every offset of later stages points into.  ``published`` is the
    publication date used to resolve relative times; ``published_inferred``
    says it was guessed from the text (``published_evidence`` says how).
    ``origin`` names where the article came from (``news.csv row 3``).
    """

    id: str
    text: str
    published: dt.date | dt.datetime
    published_inferred: bool = False
    published_evidence: str | None = None
    title: str | None = None
    source: str | None = None
    url: str | None = None
    origin: str = ""

    def to_dict(self) -> dict:
        out = asdict(self)
        out["published"] = self.published.isoformat()
        return out


@dataclass(frozen=True, kw_only=True)
class EventSource:
    """Where an event is reported: an article and a sentence of it.

    ``start``/``end`` are the sentence's character offsets in the article's
    text (end exclusive); ``time_start``/``time_end`` those of the time
    expression that dated the event, when it is in this sentence.
    """

    article_id: str
    sentence: str
    start: int
    end: int
    kind: str = "body"
    time_start: int | None = None
    time_end: int | None = None
    url: str | None = None
    source: str | None = None

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True, kw_only=True)
class Event:
    """Something that happened (or was said, planned, feared, denied), dated.

    ``category`` is a taxonomy id (``extract/data/taxonomy.yaml``) and
    ``modality`` one of :data:`MODALITIES`.  ``value`` is the TIMEX3 value of
    the time expression that dates the event (``None`` when undated);
    ``start``/``end`` its interval (end exclusive) and ``grain`` its
    granularity.  ``time_text``, ``published``, ``published_inferred``,
    ``rule`` and ``reason`` answer "why this date?".  ``sources`` lists every
    report of the event; ``corroboration`` counts the distinct articles.
    """

    id: str
    category: str
    modality: str
    value: str | None
    start: dt.datetime | None
    end: dt.datetime | None
    grain: str | None
    time_text: str | None
    sentence: str
    actors: tuple[str, ...]
    places: tuple[str, ...]
    sources: tuple[EventSource, ...]
    published: dt.date | dt.datetime
    published_inferred: bool
    rule: str
    reason: str
    corroboration: int = 1

    def to_dict(self) -> dict:
        """The event as the JSON object documented in the README."""
        return {
            "id": self.id,
            "category": self.category,
            "modality": self.modality,
            "value": self.value,
            "start": _iso(self.start, self.grain),
            "end": _iso(self.end, self.grain),
            "grain": self.grain,
            "time_text": self.time_text,
            "sentence": self.sentence,
            "actors": list(self.actors),
            "places": list(self.places),
            "sources": [source.to_dict() for source in self.sources],
            "corroboration": self.corroboration,
            "published": self.published.isoformat(),
            "published_inferred": self.published_inferred,
            "rule": self.rule,
            "reason": self.reason,
            "schema_version": SCHEMA_VERSION,
        }


#: Modality ids of an event.
MODALITIES = ("asserted", "reported", "speculative", "planned", "denied")


def _iso(moment: dt.datetime | None, grain: str | None) -> str | None:
    """A date for day grains and coarser, a date and time otherwise."""
    if moment is None:
        return None
    if grain not in ("time", "part_of_day") and moment.time() == dt.time(0):
        return moment.date().isoformat()
    return moment.isoformat()
