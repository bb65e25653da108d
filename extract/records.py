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
GRAINS = ("time", "part_of_day", "day", "week", "month", "quarter", "half", "year", "decade", "century")


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
