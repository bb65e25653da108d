"""Word lists of the temporal tagger, read from ``extract/data/time_lexicon.yaml``.

The lists serve twice: as regex alternations that rule patterns name as
``{MONTH}``, ``{NUM}`` ..., and as normalisers that turn the matched text into
a number or a code (``"Sept." -> 9``, ``"twenty-four" -> 24``).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import ClassVar

import regex

from extract.datafiles import load as read_data_file
from extract.errors import DataFileError

LEXICON_FILE = "time_lexicon.yaml"

_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_UNITS_1_9 = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_MULTIPLIERS = {"hundred": 100, "thousand": 1000}


def lower_aligned(text: str) -> str:
    """``text.lower()`` with every offset kept: a letter whose lower case is longer stays as it is.

    ("İstanbul".lower() has nine characters, which would shift every offset after it.)
    """
    lower = text.lower()
    if len(lower) == len(text):
        return lower
    return "".join(low if len(low := char.lower()) == 1 else char for char in text)


def _alternation(words) -> str:
    """A regex alternation of ``words`` as a prefix tree, longest first, spaces matching any blank.

    ``{four, fourteen, five}`` becomes ``f(?:our(?:teen)?|ive)``: the engine then
    tests one letter where it would test every word, and the longer word still
    wins (the tree tries a longer ending before stopping).
    """
    tree: dict = {}
    for word in {str(w) for w in words}:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _tree_pattern(tree)


def _tree_pattern(node: dict) -> str:
    branches = []
    for char in sorted(c for c in node if c):
        child = node[char]
        piece = r"\s+" if char == " " else regex.escape(char)
        # a chain of single children is written as one literal
        while len(child) == 1 and "" not in child:
            (next_char, child), = child.items()
            piece += r"\s+" if next_char == " " else regex.escape(next_char)
        rest = _tree_pattern(child)
        branches.append(piece + rest)
    ends_here = "" in node and len(node) > 1
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends_here:
        return body + "?" if len(branches) == 1 and len(body) == 1 else "(?:" + "|".join(branches) + ")?"
    return body


def _capitalised(words) -> str:
    """Capitalised and upper-case spellings, matched case-sensitively."""
    forms = set()
    for word in words:
        forms.add(word.capitalize())
        forms.add(word.upper())
    return "(?-i:" + _alternation(forms) + ")"


@dataclass(frozen=True)
class Lexicon:
    """Normalisers and regex macros built from the lexicon file."""

    lists: dict

    def words(self, name: str) -> dict:
        try:
            return self.lists[name]["words"]
        except (KeyError, TypeError) as exc:
            raise DataFileError(f"{LEXICON_FILE}: list {name!r} has no 'words'") from exc

    def cues(self, name: str) -> tuple[str, ...]:
        return tuple(self.lists[name]["cues"])

    # -- normalisers -------------------------------------------------------
    def lookup(self, name: str, text: str):
        key = " ".join(text.lower().rstrip(".").split())
        table = self.words(name)
        if key in table:
            return table[key]
        raise KeyError(f"{text!r} is not in the {name} list")

    def number(self, text: str):
        """``"18" -> 18``, ``"twenty-four" -> 24``, ``"several" -> "X"``."""
        key = " ".join(text.lower().replace("-", " ").split())
        if key.isascii() and key.isdigit():
            return int(key)
        whole, dot, fraction = key.partition(".")
        if dot and whole.isascii() and whole.isdigit() and fraction.isascii() and fraction.isdigit():
            return float(key)
        parts = key.split(" ")
        if len(parts) == 2 and parts[0] in _TENS and parts[1] in _UNITS_1_9:
            return self.words("numbers")[parts[0]] + self.words("numbers")[parts[1]]
        if len(parts) == 2 and parts[0] in _UNITS_1_9 + ("a",) and parts[1] in _MULTIPLIERS:
            return self.words("numbers")[parts[0]] * _MULTIPLIERS[parts[1]]  # "two thousand" -> 2000
        return self.lookup("numbers", key)

    # -- regex macros ------------------------------------------------------
    @functools.cached_property
    def macros(self) -> dict[str, str]:
        months = self.words("months")
        full_months = [m for m in months if len(m) > 3 and m != "sept"]
        abbreviations = [m for m in months if m not in full_months]
        month_abbr = "(?-i:" + _alternation({a.capitalize() for a in abbreviations}) + ")"
        month = (
            # "May." is the whole month and a full stop, no abbreviation: the stop stays outside.
            f"(?:{_capitalised(full_months)}|(?-i:(?!May\\.){month_abbr})\\.|{month_abbr}(?=\\s+\\d))"
        )
        safe_full = [m for m in full_months if m != "may"]
        month_safe = f"(?:{_capitalised(safe_full)}|(?-i:(?!May){month_abbr})\\.)"
        weekdays = [w for w in self.words("weekdays") if len(w) > 4]
        multiplied = [f"{unit} {times}" for unit in _UNITS_1_9 + ("a",) for times in _MULTIPLIERS]  # "two thousand"
        number_words = _alternation([*self.words("numbers"), *multiplied])
        count_words = _alternation([*(w for w in self.words("numbers") if w not in ("a", "an", "some")), *multiplied])
        compound = f"(?:{'|'.join(_TENS)})[-\\s](?:{'|'.join(_UNITS_1_9)})"
        return {
            "MONTH": month,
            "MONTH_FULL": f"(?:{_capitalised(full_months)})",
            "MONTH_SAFE": month_safe,
            "WEEKDAY": f"(?:{_capitalised(weekdays)})",
            "NUM": f"(?:(?<![\\d,.])\\d+(?:\\.\\d+)?(?![\\d,])|{compound}|{number_words})",
            "COUNT": f"(?:(?<![\\d,.])\\d{{1,3}}(?:\\.\\d+)?(?![\\d,])|{compound}|{count_words})",
            "UNIT": f"(?:{_alternation(self.words('units'))})",
            "ORD": f"(?:{_alternation(self.words('ordinals'))})",
            "SEASON": f"(?:{_alternation(self.words('seasons'))})",
            "PART": f"(?:{_alternation(self.words('parts_of_day'))})",
            "REL": f"(?:{_alternation(self.words('relative'))})",
            "MOD": f"(?:{_alternation(self.words('modifiers'))})",
            "APPROX": f"(?:{_alternation(self.words('approximators'))})",
            "APPROX_POINT": f"(?:{_alternation(self.words('point_approximators'))})",
            "YEAR4": r"(?:1[5-9]\d\d|20\d\d)(?!\d)",
            "YEARWORDS": (r"(?:nineteen[-\s]+(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
                          r"(?:[-\s](?:one|two|three|four|five|six|seven|eight|nine))?|ten|eleven|twelve|thirteen|"
                          r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)|two\s+thousand(?:\s+(?:and\s+)?"
                          r"(?:one|two|three|four|five|six|seven|eight|nine|ten))?)"),
            "DAY": r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d)",
            "MAKE": "(?-i:" + _alternation(self.cues("vehicle_makes")) + ")",
            "DAYWORD": f"(?:{_alternation(self.words('day_ordinals'))})",
            # Fixed-width look-behinds, one per label, so the standard engine can run them.
            "AFTER_LABEL": "(?:" + "|".join(rf"(?<=\b{regex.escape(w)}\s)" for w in self.cues("number_labels")) + ")",
            "COUNT_NOUN": f"(?-i:{_alternation(self.cues('count_nouns'))})",
        }

    #: Trigger classes that are word lists of their own.
    TRIGGER_LISTS: ClassVar[dict[str, str]] = {
        "month": "months", "weekday": "weekdays", "unit": "units", "deictic": "deictic_days",
        "part": "parts_of_day", "season": "seasons", "setadv": "set_adverbs",
    }

    @functools.cached_property
    def trigger_classes(self) -> dict[str, frozenset]:
        """Lower-case trigger word -> the trigger classes it belongs to (``digit`` is any number)."""
        classes: dict[str, set] = {}
        sources = [(name, self.words(list_name)) for name, list_name in self.TRIGGER_LISTS.items()]
        sources += list(self.words("trigger_words").items())
        for name, words in sources:
            for word in words:
                for part in str(word).lower().split():
                    classes.setdefault(part, set()).add(name)
        return {word: frozenset(names) for word, names in classes.items()}

    @functools.cached_property
    def ascii_triggers(self) -> frozenset[bytes]:
        """The trigger words as ASCII bytes (to meet the words of a text listed as bytes)."""
        return frozenset(word.encode() for word in self.trigger_classes if word.isascii())

    @functools.cached_property
    def normalised_groups(self) -> dict:
        """(group name, group text) -> its normalised value, as the recogniser has read it with
        these lists: the same words come back text after text."""
        return {}

    def expand(self, pattern: str) -> str:
        """Replace every ``{NAME}`` of ``pattern`` with its macro."""

        def replace(match):
            name = match.group(1)
            if name not in self.macros:
                raise DataFileError(f"unknown macro {{{name}}} in pattern {pattern!r}")
            return self.macros[name]

        return regex.sub(r"\{([A-Z0-9_]+)\}", replace, pattern)


@functools.lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    return Lexicon(read_data_file(LEXICON_FILE))
