"""Recognition: find time expressions and say what they mean, without a calendar.

Each rule of ``extract/data/time_rules.yaml`` is a regex with named groups
and an underspecified value (``{op: shift, unit: D, n: -1}`` for
"yesterday").  :func:`recognise` runs every rule, keeps the longest
non-overlapping matches, and returns :class:`Recognised` records whose
``spec`` has the groups normalised (``"Sept." -> 9``).  Turning a spec into a
calendar value is the resolver's job (:mod:`extract.temporal.resolve`).
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass
from typing import Any

import regex

from extract.datafiles import load as read_data_file
from extract.errors import DataFileError
from extract.temporal.lexicon import Lexicon, load_lexicon, lower_aligned

RULES_FILE = "time_rules.yaml"
TYPES = ("DATE", "TIME", "DURATION", "SET")


@dataclass(frozen=True, kw_only=True)
class Rule:
    id: str
    type: str
    triggers: frozenset
    also: frozenset  # classes of which one must be near a trigger too
    reach: tuple[int, int]  # how far a match may start before / end after its trigger
    pattern: Any  # compiled regex
    value: dict
    examples: tuple
    order: int
    approx: str | None = None  # "length" or "point": an approximator of that kind right before joins the match
    fills: tuple = ()  # the value read once for _fill: (key, group names or None, sign or constant)


@dataclass(frozen=True, kw_only=True)
class Recognised:
    """A time expression found in the text, with its underspecified value."""

    start: int
    end: int
    text: str
    rule: str
    type: str
    spec: dict


@functools.lru_cache(maxsize=1)
def load_rules() -> tuple[Rule, ...]:
    data = read_data_file(RULES_FILE)
    lexicon = load_lexicon()
    rules = []
    seen = set()
    for order, raw in enumerate(data.get("rules") or ()):
        try:
            rule_id, rule_type, pattern, value = raw["id"], raw["type"], raw["pattern"], raw["value"]
        except (KeyError, TypeError) as exc:
            raise DataFileError(f"{RULES_FILE}: rule #{order + 1} lacks {exc}") from exc
        if rule_id in seen:
            raise DataFileError(f"{RULES_FILE}: rule id {rule_id!r} is used twice")
        if rule_type not in TYPES:
            raise DataFileError(f"{RULES_FILE}: rule {rule_id!r} has unknown type {rule_type!r}")
        seen.add(rule_id)
        triggers = frozenset(raw.get("triggers") or ())
        also = frozenset(raw.get("also") or ())
        reach = tuple(raw.get("reach") or (WINDOW, WINDOW))
        if len(reach) != 2 or not all(isinstance(n, int) and 0 <= n <= WINDOW for n in reach):
            raise DataFileError(f"{RULES_FILE}: rule {rule_id!r}: reach must be [before, after], 0 to {WINDOW}")
        known = set().union(*lexicon.trigger_classes.values()) | NUMBER_CLASSES
        if not triggers or not triggers <= known or not also <= known:
            raise DataFileError(f"{RULES_FILE}: rule {rule_id!r} needs triggers among {sorted(known)}")
        compiled = _compile(r"(?<!\w)(?:" + lexicon.expand(pattern) + r")(?!\w)", rule_id)
        approx = _APPROX_KINDS.get(raw.get("approx", False))
        if approx is None and raw.get("approx", False) is not False:
            raise DataFileError(f"{RULES_FILE}: rule {rule_id!r}: approx must be true (a length) or point")
        rules.append(
            Rule(
                id=rule_id,
                type=rule_type,
                triggers=triggers,
                also=also,
                reach=reach,
                pattern=compiled,
                value=dict(value),
                fills=_fill_plan(value),
                examples=tuple(tuple(e) for e in raw.get("examples") or ()),
                order=order,
                approx=approx or None,
            )
        )
    return tuple(rules)


def _compile(pattern: str, rule_id: str):
    """The standard library's engine, which is the faster here; ``regex`` for what only it can
    do (look-behinds of varying width). Both find the same matches."""
    try:
        return re.compile(pattern, re.IGNORECASE)
    except re.error:
        pass
    try:
        return regex.compile(pattern, regex.IGNORECASE)
    except regex.error as exc:
        raise DataFileError(f"{RULES_FILE}: rule {rule_id!r} does not compile: {exc}") from exc


def rule_by_id(rule_id: str) -> Rule:
    for rule in load_rules():
        if rule.id == rule_id:
            return rule
    raise KeyError(rule_id)


# ---------------------------------------------------------------- normalising groups
def _normalise(lexicon: Lexicon, group: str, text: str):
    """Normalise the text of a named group; the group's name says how."""
    name = group.rstrip("0123456789")
    key = text.strip()
    if name == "year":
        digits = key.lstrip("’'")
        return int(digits)  # two digits stay < 100: the resolver picks the century
    if name == "month":
        return int(key) if key.isdigit() else lexicon.lookup("months", key)
    if name in ("day", "dayofmonth"):
        return int("".join(c for c in key if c.isdigit()))
    if name == "dayword":
        return lexicon.lookup("day_ordinals", key)
    if name == "weekday":
        return lexicon.lookup("weekdays", key)
    if name == "rel":
        return lexicon.lookup("relative", key)
    if name == "part":
        return lexicon.lookup("parts_of_day", key)
    if name == "unit":
        return lexicon.lookup("units", key)
    if name == "num":
        return lexicon.number(key)
    if name == "ord":
        return int(key) if key.isdigit() else lexicon.lookup("ordinals", key)
    if name == "season":
        return lexicon.lookup("seasons", key)
    if name == "mod":
        return lexicon.lookup("modifiers", key)
    if name == "yearwords":
        return _year_from_words(lexicon, key)
    if name == "decade":
        return int(key) if len(key) == 4 else 1900 + int(key)
    if name == "decadeword":
        tens = ("twenties", "thirties", "forties", "fifties", "sixties", "seventies", "eighties", "nineties")
        return 1920 + 10 * tens.index(key.lower())
    if name in ("hour", "minute"):
        return int(key)
    if name == "ampm":
        return "pm" if key.lower().startswith("p") else "am"
    if name == "word":
        for table in ("deictic_days", "set_adverbs", "clock_words"):
            try:
                return lexicon.lookup(table, key)
            except KeyError:
                continue
        raise KeyError(f"{text!r} is in no word list")
    return key


#: How many normalised group texts a lexicon keeps (the cache is emptied when full).
_NORMALISED_KEPT = 10_000


def _normalised(lexicon: Lexicon, group: str, text: str):
    """:func:`_normalise`, remembered: a group text that fails to normalise raises each time."""
    known = lexicon.normalised_groups
    key = (group, text)
    value = known.get(key, known)  # the dict itself: not known yet
    if value is known:
        if len(known) >= _NORMALISED_KEPT:
            known.clear()
        value = known[key] = _normalise(lexicon, group, text)
    return value


def _year_from_words(lexicon: Lexicon, text: str) -> int:
    """``"nineteen ninety-six" -> 1996``, ``"two thousand and one" -> 2001``."""
    words = regex.sub(r"[\s-]+", " ", text.lower()).replace(" and ", " ").split()
    if words[:2] == ["two", "thousand"]:
        rest = words[2:]
        return 2000 + (lexicon.number(" ".join(rest)) if rest else 0)
    return 1900 + lexicon.number(" ".join(words[1:]))


def _fill_plan(spec: dict) -> tuple:
    """A rule's value, read once: ``(key, None, value)`` for a constant, ``(key, groups, negate)``
    for ``$group`` references (``"-$num"``, ``"$hour|$hour2"``: the first group that matched)."""
    plan = []
    for key, value in spec.items():
        if isinstance(value, str) and "$" in value:
            groups = tuple(ref.lstrip("$") for ref in value.lstrip("-").split("|"))
            plan.append((key, groups, value.startswith("-")))
        else:
            plan.append((key, None, value))
    return tuple(plan)


def _fill(plan: tuple, match, lexicon: Lexicon) -> dict:
    """Replace ``$group`` references of a rule's value (read by :func:`_fill_plan`) by normalised group text."""
    out = {}
    for key, groups, value in plan:
        if groups is None:
            out[key] = value
            continue
        resolved = None
        for group in groups:
            text = match.group(group)
            if text:
                resolved = _normalised(lexicon, group, text)
                break
        if resolved is not None and value:  # negated
            resolved = f"-{resolved}" if resolved == "X" else -resolved
        out[key] = resolved
    return out


#: Trigger classes of numbers, found by :func:`_trigger_windows` (not in the lexicon).
NUMBER_CLASSES = frozenset({"digit", "digits12", "digits12clock", "digits12slash", "digits12quote", "digits4"})
#: How far a match may reach from its trigger word, in characters (the longest reach
#: seen in the development corpus is 21: "the last twenty four hours").
WINDOW = 25
#: Bytes that are no lower-case ASCII letter become blanks: splitting then lists the words.
_LETTERS_ONLY = bytes(c if 97 <= c <= 122 else 32 for c in range(256))
#: ``\d+``, written so that the engine skips ahead to the next digit in C.
_DIGITS = re.compile(r"\d\d*")
#: After the hour of a clock time ("10:30", "10.30 GMT"); before a year or decade ("'80s", "in '89").
_CLOCK_MARKS = frozenset(":.")
_QUOTE_MARKS = frozenset("’'")


def _trigger_windows(text: str, lexicon: Lexicon) -> dict[str, list[tuple[int, int]]]:
    """Per trigger class, the spans of its trigger words (and numbers) in the text, in order.

    The words of the text are listed in one C-level pass (over its ASCII bytes);
    only the trigger words that occur are then located, with plain substring search.
    """
    hits: dict[str, list[tuple[int, int]]] = {}
    classes = lexicon.trigger_classes
    lower = lower_aligned(text)
    size_of_text = len(lower)
    words_in_text = lower.encode("ascii", "replace").translate(_LETTERS_ONLY).split()
    find = lower.find
    # (probing the trigger set with each word is faster than building a set of the text's words)
    for word in lexicon.ascii_triggers.intersection(words_in_text):
        word = word.decode()
        lists = [hits.setdefault(name, []) for name in classes[word]]
        size = len(word)
        at = find(word)
        while at != -1:
            end = at + size
            if not (at and lower[at - 1].isalpha()) and not (end < size_of_text and lower[end].isalpha()):
                for spans in lists:
                    spans.append((at, end))
            at = find(word, end)
    # Numbers by length: a year has four digits, a day, hour or decade ('80s) one or two.
    # Numbers joined to a mark: two digits, ':' or '.' and a digit, "10:30", "10.30" (digits12clock);
    # one or two digits before '/', "2/15/2022" (digits12slash), or after an apostrophe, "'80s" (digits12quote).
    short = hits.setdefault("digits12", [])
    clock = hits.setdefault("digits12clock", [])
    slash = hits.setdefault("digits12slash", [])
    quote = hits.setdefault("digits12quote", [])
    long = hits.setdefault("digits4", [])
    every = hits.setdefault("digit", [])
    for match in _DIGITS.finditer(text):
        span = match.span()
        size = span[1] - span[0]
        if size < 3:
            short.append(span)
            after = text[span[1]:span[1] + 1]
            if after in _CLOCK_MARKS:
                if size == 2 and text[span[1] + 1:span[1] + 2].isdigit():
                    clock.append(span)
            elif after == "/":
                slash.append(span)
            if text[span[0] - 1:span[0]] in _QUOTE_MARKS:
                quote.append(span)
        elif size == 4:
            long.append(span)
        every.append(span)
    for spans in hits.values():
        spans.sort()
    return hits


def _near(spans: list[tuple[int, int]], others: list[int]) -> list[tuple[int, int]]:
    """The trigger spans with another trigger (``others``: their starts) within WINDOW of them."""
    kept = []
    reach = 2 * WINDOW
    count = len(others)
    for start, end in spans:
        index = bisect.bisect_left(others, start - reach)
        if index < count and others[index] <= end + reach:
            kept.append((start, end))
    return kept


def _windows(spans: list[tuple[int, int]], before: int, after: int, limit: int) -> list[tuple[int, int]]:
    """The windows to scan around sorted trigger spans; close ones become one (fewer, longer scans are faster)."""
    windows: list[tuple[int, int]] = []
    gap = before + after + WINDOW
    start, end = spans[0]
    for a, b in spans:
        if a > end + gap:
            windows.append((max(start - before, 0), min(end + after, limit)))
            start, end = a, b
        elif b > end:
            end = b
    windows.append((max(start - before, 0), min(end + after, limit)))
    return windows


@dataclass(frozen=True)
class _ScanGroup:
    """Rules that run near the same trigger spans: same trigger classes, same ``also``.
    ``by_reach`` lists them by reach, since rules of one reach scan the same windows."""

    triggers: tuple[str, ...]
    also: tuple[str, ...]
    by_reach: tuple[tuple[tuple[int, int], tuple[Rule, ...]], ...]


def _scan_groups(rules) -> tuple[_ScanGroup, ...]:
    groups: dict[tuple, dict[tuple[int, int], list[Rule]]] = {}
    for rule in rules:
        groups.setdefault((rule.triggers, rule.also), {}).setdefault(rule.reach, []).append(rule)
    return tuple(
        _ScanGroup(triggers=tuple(triggers), also=tuple(also),
                   by_reach=tuple((reach, tuple(members)) for reach, members in by_reach.items()))
        for (triggers, also), by_reach in groups.items()
    )


@functools.lru_cache(maxsize=1)
def _all_scan_groups() -> tuple[_ScanGroup, ...]:
    return _scan_groups(load_rules())


def _matches(text: str, rules=None):
    """Every match of every rule near its triggers: (match, rule)."""
    hits = _trigger_windows(text, load_lexicon())
    limit = len(text)
    found = []
    append = found.append
    for group in _all_scan_groups() if rules is None else _scan_groups(rules):
        triggers = group.triggers
        if len(triggers) == 1:
            spans = hits.get(triggers[0])
        else:
            spans = sorted(span for name in triggers for span in hits.get(name, ()))
        if not spans:
            continue
        if group.also:
            spans = _near(spans, sorted(span[0] for name in group.also for span in hits.get(name, ())))
            if not spans:
                continue
        for (before, after), members in group.by_reach:
            windows = _windows(spans, before, after, limit)
            for rule in members:
                search = rule.pattern.search
                for start, end in windows:
                    # Most windows hold no match: one search says so, without setting up an iterator.
                    # From the first match on, finditer goes on exactly as it would from ``start``.
                    first = search(text, start, end)
                    if first is None:
                        continue
                    for match in rule.pattern.finditer(text, first.start(), end):
                        if match.end() > match.start():
                            append((match, rule))
    return found


#: An opening quotation mark right before a match (wire copy writes ``...'' and ''...'').
_OPENING_QUOTE = re.compile(r"(?:``|''|[\"“‘])$")
#: An acronym right before a match: a broadcaster or agency ("VOA", "NBC").
_ACRONYM_BEFORE = re.compile(r"(?<![\w.])[A-Z]{2,5}\s$")
_TITLE_WORD = re.compile(r"[A-Z0-9]")


@functools.lru_cache(maxsize=1)
def _calendar_names():
    """Month and weekday names: capitalised in any sentence, so no sign of a title."""
    return re.compile(load_lexicon().expand("{MONTH}|{WEEKDAY}"))


def is_programme_title(text: str, start: int, end: int) -> bool:
    """A time expression that is the name of a programme or publication, no time: every word
    capitalised and the whole set off by an opening quotation mark (CBS's "60 Minutes", ABC's
    "This Week With David Brinkley"), or one capitalised word right after a broadcaster's acronym
    ("This is VOA Today"). A quotation that opens with a time ("Today we ...", "Last Friday we
    ...") stays a time: one word, or capitals only on month and weekday names."""
    words = text[start:end].split()
    if not all(_TITLE_WORD.match(word) for word in words):
        return False
    if len(words) > 1:
        names = _calendar_names()
        return (_OPENING_QUOTE.search(text, max(0, start - 2), start) is not None
                and any(names.fullmatch(word.strip(".,")) is None for word in words[1:]))
    return _ACRONYM_BEFORE.search(text, max(0, start - 7), start) is not None


#: A rule's ``approx`` setting -> the kind of approximator that joins its matches (False: none).
_APPROX_KINDS = {True: "length", "point": "point", False: ""}


@functools.lru_cache(maxsize=2)
def _approximator_before(kind: str = "length"):
    """An approximator ending right where a match starts: before a length "nearly ", "more than ",
    "at least "; before a point in time only "around ", "approximately ", "roughly " (no "about":
    "talked about Monday's vote")."""
    macro = "{APPROX}" if kind == "length" else "{APPROX_POINT}"
    return re.compile(r"(?<![\w-])" + load_lexicon().expand(macro) + r"\s+\Z", re.IGNORECASE)


#: How far back an approximator may start ("approximately " is 14 characters).
_APPROX_REACH = 20


def _with_approximator(text: str, start: int, end: int, occupied: bytearray, kind: str = "length") -> int:
    """The start of the mention once an approximator right before it joins it (TimeML puts
    "nearly", "more than", "at least" inside the TIMEX3, in its mod attribute); not before
    "the" ("about the past two years": there "about" is a preposition)."""
    if text.startswith(("the", "The"), start):
        return start
    found = _approximator_before(kind).search(text, max(0, start - _APPROX_REACH), start)
    if found is None or any(occupied[found.start():start]):
        return start
    return found.start()


def recognise(text: str, rules=None) -> list[Recognised]:
    """Every time expression of ``text``: longest match wins, then the earlier rule.

    Overlaps are settled on the raw matches; only the winners are normalised.
    A winner whose words the lists cannot read is no time expression after all,
    and the text it covered stays open to the others.
    """
    lexicon = load_lexicon()
    found = _matches(text, rules)
    found.sort(key=lambda item: (item[0].start() - item[0].end(), item[1].order, item[0].start()))
    taken: list[Recognised] = []
    occupied = bytearray(len(text) + 1)
    for match, rule in found:
        start, end = match.span()
        if any(occupied[start:end]):
            continue
        try:
            spec = _fill(rule.fills or _fill_plan(rule.value), match, lexicon)
        except (KeyError, ValueError):
            continue
        if rule.approx:
            start = _with_approximator(text, start, end, occupied, rule.approx)
        occupied[start:end] = b"\x01" * (end - start)
        if (text[start].isupper() or text[start].isdigit()) and is_programme_title(text, start, end):
            continue
        taken.append(Recognised(start=start, end=end, text=text[start:end], rule=rule.id, type=rule.type, spec=spec))
    taken.sort(key=lambda c: c.start)
    return taken
