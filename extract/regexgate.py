"""Which literal strings every match of a regular expression must contain: a cheap gate before a costly search.

Python's ``re`` tries every alternative of a long alternation at every position of a
text.  From a pattern's parse tree (``re._parser``, the parser ``re`` itself uses) this
module reads a set of literal strings one of which every match must contain ("attack" for
``\\b(attack|attacks|attacked)\\b``); a text that holds none of them cannot match, and the
search is skipped.  A pattern without such strings has no gate (``None``): it always runs.

- :func:`gate` -- the gate of case-insensitive patterns (lower-case strings);
- :func:`case_gate` -- the gate of a case-sensitive compiled pattern (strings as written);
- :func:`gate_text`, :func:`may_match`, :func:`holds` -- asking a text;
- :func:`refers_back` -- whether a pattern has backreferences (its alternatives cannot be
  split apart then).

The classifier (:mod:`extract.classify`) gates its trigger alternations and modality cues
with it; a test checks that every example match of the data files passes its gate.
"""

from __future__ import annotations

import re
import re._constants as _sre_constants
import re._parser as _sre_parser

_GATE_PRODUCT = 64  # the most strings one stretch of a trigger may stand for
_GATE_SPAN = 12  # the longest part of a stretch tried
_GATE_KEEP = 8  # a needed string's first characters are needed too: "exchanged fire" -> "exchange"
#: the only characters beyond ASCII that ``re.IGNORECASE`` takes for ASCII letters ("ſanctions",
#: Kelvin's "K"): lower() keeps them apart, so a clause holding one is never gated (a test checks the list)
FOLDS_TO_ASCII = re.compile("[\u0130\u0131\u017f\u212a]")


def gate_text(text: str) -> str | None:
    """The text gates look into (lower case), or None where no gate may be trusted."""
    return None if FOLDS_TO_ASCII.search(text) else text.lower()


def may_match(gate: tuple[str, ...] | None, lower: str | None) -> bool:
    """Can a pattern with this gate match the text whose :func:`gate_text` is ``lower``?"""
    return gate is None or lower is None or any(w in lower for w in gate)


def _strings(items) -> set[str] | None:
    """Every string a parsed piece can match, or None when they are many or endless.

    Assertions match the empty string: what they look at is not part of the match.
    """
    C = _sre_constants
    out = {""}
    for op, av in items:
        if op is C.LITERAL:
            here = {chr(av)}
        elif op in (C.AT, C.ASSERT, C.ASSERT_NOT):
            continue
        elif op is C.SUBPATTERN:
            here = _strings(av[3])
        elif op is C.BRANCH:
            parts = [_strings(branch) for branch in av[1]]
            here = None if any(p is None for p in parts) else set().union(*parts)
        elif op is C.IN and all(o is C.LITERAL for o, _ in av):
            here = {chr(a) for _, a in av}
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT) and av[1] <= 1:
            body = _strings(av[2])
            here = None if body is None else (body | {""} if av[0] == 0 else body)
        else:
            return None
        if here is None or len(out) * len(here) > _GATE_PRODUCT:
            return None
        out = {a + b for a in out for b in here}
    return out


def _needs(items) -> set[str] | None:
    """Strings one of which every match of a parsed piece contains, or None when there are none.

    A stretch of pieces with few possible strings gives those strings; a group or a
    repeat that must match once gives what it needs; the stretch or piece with the
    longest shortest string wins.
    """
    C = _sre_constants
    options: list[set[str]] = []
    stretch: list = []

    def close():  # every part of the stretch is needed: "strike" of "(drone|missile)[- ]strike"
        for i in range(len(stretch)):
            for j in range(i + 1, min(len(stretch), i + _GATE_SPAN) + 1):
                found = _strings(stretch[i:j])
                if found is not None and "" not in found:
                    options.append(found)
        stretch.clear()

    for op, av in items:
        if _strings([(op, av)]) is not None:
            stretch.append((op, av))
            if _strings(stretch) is not None:
                continue
            stretch.pop()
            close()
            stretch.append((op, av))
            continue
        close()
        if op is C.SUBPATTERN:
            found = _needs(av[3])
        elif op is C.BRANCH:
            parts = [_needs(branch) for branch in av[1]]
            found = None if any(p is None for p in parts) else set().union(*parts)
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT) and av[0] >= 1:
            found = _needs(av[2])
        else:
            found = None
        if found:
            options.append(found)
    close()
    if not options:
        return None
    # "attack" over "on"; past five characters, fewer strings over longer ones
    return max(options, key=lambda o: (min(5, *(len(s) for s in o)), -len(o), min(len(s) for s in o)))


def gate(patterns: list[str]) -> tuple[str, ...] | None:
    """The strings (lower case, ASCII) one of which any match of the category contains; None: no gate."""
    words: set[str] = set()
    for pattern in patterns:
        found = _needs(_sre_parser.parse(pattern, re.IGNORECASE))
        if not found or not all(w.isascii() for w in found):
            return None
        words |= {w.lower()[:_GATE_KEEP] for w in found}
    return _fewest(words)


def case_gate(pattern: re.Pattern) -> tuple[str, ...] | None:
    """The gate of a case-sensitive pattern: its strings as written, looked for in the text as it is.

    None when any part of the pattern ignores case.
    """
    if pattern.flags & re.IGNORECASE:
        return None
    tree = _sre_parser.parse(pattern.pattern, pattern.flags)
    if tree.state.flags & re.IGNORECASE or _ignores_case(tree):
        return None
    found = _needs(tree)
    return _fewest({w[:_GATE_KEEP] for w in found}) if found else None


def _ignores_case(items) -> bool:
    """Does any group of a parsed piece turn IGNORECASE on ("(?i:...)")?"""
    return _anywhere(items, lambda op, av: op is _sre_constants.SUBPATTERN and bool(av[1] & re.IGNORECASE))


def _fewest(words: set[str]) -> tuple[str, ...]:
    """A string holding another is implied by it: "attacks" by "attack"."""
    return tuple(sorted(w for w in words if not any(o != w and o in w for o in words)))


def holds(gate: tuple[str, ...] | None, held: set[str] | None) -> bool:
    """:func:`may_match` for a text whose gate strings are ``held`` (None: not to be trusted)."""
    return gate is None or held is None or not held.isdisjoint(gate)


_GROUPREFS = frozenset(
    getattr(_sre_constants, name)
    for name in ("GROUPREF", "GROUPREF_EXISTS", "GROUPREF_IGNORE", "GROUPREF_LOC_IGNORE", "GROUPREF_UNI_IGNORE")
)


def _anywhere(items, test) -> bool:
    """Does ``test(op, av)`` hold for a node of a parsed piece, at any depth?"""
    C = _sre_constants
    for op, av in items:
        if test(op, av):
            return True
        if op is C.SUBPATTERN:
            children = (av[3],)
        elif op is C.BRANCH:
            children = av[1]
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT, C.ASSERT, C.ASSERT_NOT):
            children = (av[-1],)
        else:
            children = ()
        if any(_anywhere(child, test) for child in children):
            return True
    return False


def refers_back(pattern: str) -> bool:
    """Does ``pattern`` hold a backreference ("\\1", "(?P=name)", "(?(1)...)")?"""
    return _anywhere(_sre_parser.parse(pattern, re.IGNORECASE), lambda op, av: op in _GROUPREFS)
