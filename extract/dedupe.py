"""Repeated reports of one event become one event that lists all its sources.

Two events of the same category are the same event when

* their sentences are near-identical (Jaccard similarity of content-word stems
  at least ``NEAR_DUPLICATE``) and their dates do not contradict each other
  (one is undated, or the intervals overlap): wire copy repeating a paragraph, a caption
  repeating the body, the same story in two articles; or
* they are dated on overlapping intervals and their sentences share most of
  their content words (overlap coefficient at least ``SAME_EVENT``): "More
  Russian troops were seen advancing towards the Ukrainian border Tuesday" and
  "Western nations saw additional Russian troops advancing towards Ukraine's
  border"; or
* they come from one article, carry the same date value, are not statements,
  and share at least ``SAME_ARTICLE_SAME_DAY`` of their content words: one
  article rarely reports two different drills (or attacks, deliveries ...) on
  the same day in overlapping words ("Troops in Ukraine fired anti-tank weapons
  in exercises yesterday" and the caption "A Ukrainian serviceman fires an NLAW
  anti-tank weapon during an exercise ... Feb. 15, 2022").

Two events of one sentence are never merged: its clauses were told apart on
purpose ("Sweden will send ..., and Denmark is donating ...").

Merging is transitive.  The merged event keeps the fields of its best-dated
report (a time expression in its own clause beats a carried-over reference,
body text beats captions and bullets, then the first read); actors and places
are united; ``corroboration`` counts the distinct articles.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import replace

from extract.records import Event

NEAR_DUPLICATE = 0.8
SAME_EVENT = 0.5
SAME_ARTICLE_SAME_DAY = 0.3
_LOOSE_CATEGORIES_EXCLUDED = ("statement", "other")
MIN_WORDS = 3

_WORD = re.compile(r"[a-z0-9]+(?:[-'’][a-z0-9]+)*")
_STOP = frozenset(
    [
        "a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "at", "by", "for", "with", "from", "into",
        "onto", "as", "is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "it", "its", "it's",
        "this", "that", "these", "those", "there", "their", "they", "them", "he", "she", "his", "her", "we", "our",
        "us", "you", "your", "i", "me", "my", "not", "no", "will", "would", "could", "should", "may", "might", "can",
        "also", "after", "before", "while", "amid", "despite", "against", "about", "over", "than", "then", "so",
        "yesterday", "today", "tonight", "tomorrow", "last", "night", "morning", "evening", "afternoon", "week",
        "month", "year", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "earlier",
        "later", "recently", "recent", "days", "day", "weeks", "months", "years", "ago", "now", "said", "says", "mr",
        "mrs", "ms", "which", "who", "whom", "what", "when", "where", "more", "most", "some", "any", "all", "if",
        "out", "during", "using", "while",
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
        "december",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    ]
)
_SUFFIXES = ("ations", "ation", "ians", "ian", "ings", "ing", "als", "al", "ers", "er", "ed", "es", "s")


def content_words(sentence: str) -> frozenset[str]:
    """Stems of the content words of a sentence: what similarity is computed on."""
    out = set()
    raw = _WORD.findall(sentence.lower().replace("’", "'"))
    for word in [part for token in raw for part in token.removesuffix("'s").split("-")]:
        if word in _STOP or len(word) < 2 or word.isdigit():
            continue
        for suffix in _SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                word = word[: -len(suffix)]
                break
        out.add(word.rstrip("e") if len(word) > 3 else word)
    return frozenset(out)


def same_event(a: Event, b: Event, words_a: frozenset[str], words_b: frozenset[str]) -> bool:
    """Whether two events of one category are reports of one event."""
    if a.category != b.category or len(words_a) < MIN_WORDS or len(words_b) < MIN_WORDS:
        return False
    if {(s.article_id, s.start) for s in a.sources} & {(s.article_id, s.start) for s in b.sources}:
        return False  # two clauses of one sentence were told apart on purpose: "Sweden will send ..., and Denmark is donating ..."
    shared = len(words_a & words_b)
    dated = None not in (a.start, a.end, b.start, b.end)
    if dated and not (a.start < b.end and b.start < a.end):
        return False  # the same words on two different days: a recurring event, not a repeat
    if shared / len(words_a | words_b) >= NEAR_DUPLICATE:
        return True
    if not dated:
        return False
    overlap = shared / min(len(words_a), len(words_b))
    if overlap >= SAME_EVENT:
        return True
    same_article = {s.article_id for s in a.sources} & {s.article_id for s in b.sources}
    return bool(
        same_article
        and a.value == b.value
        and a.category not in _LOOSE_CATEGORIES_EXCLUDED
        and overlap >= SAME_ARTICLE_SAME_DAY
    )


def merge(events: list[Event]) -> list[Event]:
    """The events with every group of reports of one event merged, in reading order."""
    words = [content_words(event.sentence) for event in events]
    parent = list(range(len(events)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    by_category: dict[str, list[int]] = defaultdict(list)
    for i, event in enumerate(events):
        by_category[event.category].append(i)
    for indices in by_category.values():
        # only pairs that share enough words can merge: find them through an index of words
        index: dict[str, list[int]] = defaultdict(list)
        for i in indices:
            shared: Counter[int] = Counter(j for word in words[i] for j in index[word])
            for j, count in sorted(shared.items()):
                small = min(len(words[i]), len(words[j]))
                if (
                    count >= SAME_ARTICLE_SAME_DAY * small
                    and root(i) != root(j)
                    and same_event(events[j], events[i], words[j], words[i])
                ):
                    parent[root(i)] = root(j)
            for word in words[i]:
                index[word].append(i)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(events)):
        groups[root(i)].append(i)
    # groups are keyed by their first member, so this is reading order
    return [_combine([events[i] for i in members]) for _, members in sorted(groups.items(), key=lambda g: g[1][0])]


def _combine(reports: list[Event]) -> Event:
    if len(reports) == 1:
        return reports[0]
    best = min(
        range(len(reports)),
        key=lambda i: (
            not reports[i].rule.startswith("clause"),
            reports[i].value is None,
            reports[i].sources[0].kind != "body",
            i,
        ),
    )
    lead = reports[best]
    sources = []
    for report in reports:
        for source in report.sources:
            if source not in sources:
                sources.append(source)
    actors = _union(report.actors for report in [lead, *reports])
    places = _union(report.places for report in [lead, *reports])
    return replace(
        lead,
        sources=tuple(sources),
        actors=actors,
        places=places,
        corroboration=len({source.article_id for source in sources}),
    )


def _union(groups) -> tuple[str, ...]:
    out: list[str] = []
    for group in groups:
        for name in group:
            if name not in out:
                out.append(name)
    return tuple(out)
