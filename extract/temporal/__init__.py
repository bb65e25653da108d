"""The temporal engine: recognise time expressions, then resolve them.

``recognize`` finds expressions with the rules of ``extract/data/time_rules.yaml``
and writes underspecified values; ``context`` reads the tense of the clause and
the quotations; ``resolve`` does the calendar maths; ``tag`` runs them in order.
"""

from extract.temporal.published import PublishedGuess, infer_published
from extract.temporal.tag import tag_times

__all__ = ["PublishedGuess", "infer_published", "tag_times"]
