"""Find page furniture in an article's text: lines and spans that are not the article.

Furniture ("Source: Read Full Article", previous/next post links, share and
subscribe lines, bylines, photo credits, ...) is described by the rules of
``extract/data/furniture.yaml``.  Cleaning never rewrites the text: it returns
the furniture spans and a *masked* copy of the text of the same length where
furniture is blanked with spaces, so every offset computed on the masked text
is an offset into the article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from extract import datafiles
from extract.errors import DataFileError

DATA_FILE = "furniture.yaml"


@dataclass(frozen=True, kw_only=True)
class Furniture:
    """A span of the text that is page furniture, and the rule that says so."""

    start: int
    end: int
    rule: str


@dataclass(frozen=True)
class _Rule:
    id: str
    regex: re.Pattern
    max_chars: int


@cache
def rules() -> tuple[tuple[_Rule, ...], tuple[_Rule, ...], tuple[_Rule, ...]]:
    """(line rules, inline rules, list headers) compiled from the data file."""
    data = datafiles.load(DATA_FILE)
    compiled = []
    for section in ("line_patterns", "inline_patterns", "list_headers"):
        out = []
        for i, entry in enumerate(data.get(section) or []):
            where = f"{DATA_FILE} {section}[{i}]"
            datafiles.require(entry, ("id", "pattern", "examples"), where=where)
            flags = 0 if entry.get("case_sensitive") else re.IGNORECASE
            try:
                regex = re.compile(entry["pattern"], flags)
            except re.error as exc:
                raise DataFileError(f"{where} ({entry['id']}): bad pattern: {exc}") from None
            out.append(_Rule(entry["id"], regex, int(entry.get("max_chars", 200))))
        compiled.append(tuple(out))
    return compiled[0], compiled[1], compiled[2]


@cache
def _list_item_max_chars() -> int:
    return int(datafiles.load(DATA_FILE).get("list_item_max_chars", 120))


def list_header(line: str) -> str | None:
    """The id of the list header ``line`` is ("Related articles", "Read more:"), else None."""
    stripped = line.strip()
    for rule in rules()[2]:
        if stripped and len(stripped) <= rule.max_chars and rule.regex.fullmatch(stripped):
            return rule.id
    return None


def _list_item(line: str) -> bool:
    """A line of a list of links: short, and not a sentence ending in a full stop."""
    stripped = line.strip()
    return 0 < len(stripped) <= _list_item_max_chars() and not stripped.endswith(".")


def line_rule(line: str) -> str | None:
    """The id of the first line rule that says ``line`` is furniture, else None."""
    stripped = line.strip()
    if not stripped:
        return None
    for rule in rules()[0]:
        if len(stripped) <= rule.max_chars and rule.regex.fullmatch(stripped):
            return rule.id
    return None


def find_furniture(text: str) -> list[Furniture]:
    """Every furniture span of ``text``, in order."""
    found = []
    offset = 0
    in_list: str | None = None  # the header id while the lines of a list of links go on
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\n")
        if in_list and not _list_item(body):
            in_list = None
        header = None if in_list else list_header(body)
        rule = in_list or header or line_rule(body)
        if header:
            in_list = header
        if rule:
            found.append(Furniture(start=offset, end=offset + len(body), rule=rule))
        else:
            for inline in rules()[1]:
                match = inline.regex.search(body)
                if match and match.end() > match.start():
                    found.append(Furniture(start=offset + match.start(), end=offset + match.end(), rule=inline.id))
                    break
        offset += len(line)
    return found


def mask(text: str, furniture: list[Furniture]) -> str:
    """``text`` with each furniture span blanked (same length, newlines kept)."""
    chars = list(text)
    for span in furniture:
        for i in range(span.start, span.end):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)


def clean(text: str) -> tuple[str, list[Furniture]]:
    """The masked text and the furniture spans found in ``text``."""
    furniture = find_furniture(text)
    return mask(text, furniture), furniture
