"""Sentence -> clauses -> event category, modality, actors and places.

Everything this module knows is in data files: the categories and their
triggers (``taxonomy.yaml``), modality and reporting cues (``modality.yaml``),
people and organisations (``actors.yaml``), countries and places
(``places.yaml``).  The steps, for one clause:

1. find every trigger of every category; when two overlap, keep the longer;
2. give each trigger a local modality from the words around it
   ("would return" is planned, "no evidence of withdrawals" denied,
   "claims that troops are withdrawing" speculative);
3. find a reporting frame: a *projecting* verb ("said") reports content that
   can itself be an event (reported); a *performative* one ("blamed",
   "urged", "denied") is the event, a ``statement``;
4. realis triggers before a frame are events of their own (asserted); realis
   triggers after a projecting frame are events, ``reported``; a frame with no
   realis content is a ``statement``; without a frame, the first category in
   taxonomy order among the realis triggers wins, else among the others.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from extract import datafiles
from extract.errors import DataFileError

#: Clause boundaries inside a sentence: "...; ..." and ", and/but/while ...".
_CLAUSE_BREAK = re.compile(r";\s+|,\s+(?:and|but|while|whereas)\s+(?=\S)")
_QUOTES = re.compile(r"[‘’“”\"]|(?<!\w)'|'(?!\w)")
_WORD = re.compile(r"[\w'’-]+")
_LOCATIVE = re.compile(
    r"\b(in|into|to|towards|toward|from|near|across|inside|at|on|over|through|around|throughout|within|outside|"
    r"eastern|western|northern|southern|central|east|west|north|south)\s+(the\s+)?$",
    re.IGNORECASE,
)
WINDOW_BEFORE = 6
WINDOW_AFTER = 6
_STOP_AFTER = frozenset({"and", "but", "or", "that", "which", "who", "while", "as"})


@dataclass(frozen=True, kw_only=True)
class Classification:
    """One event found in a clause: offsets are relative to the clause text."""

    category: str
    modality: str
    trigger_start: int
    trigger_end: int
    trigger: str


# -- data --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Category:
    id: str
    triggers: tuple[re.Pattern, ...]


@cache
def taxonomy() -> tuple[_Category, ...]:
    data = datafiles.load("taxonomy.yaml")
    out = []
    for i, entry in enumerate(data.get("categories") or []):
        where = f"taxonomy.yaml categories[{i}]"
        datafiles.require(entry, ("id", "label", "cameo", "acled", "triggers", "examples"), where=where)
        try:
            for pattern in entry["triggers"]:
                re.compile(pattern, re.IGNORECASE)  # name the bad one
            # one alternation per category: a fifth of the regex calls
            joined = "|".join(f"(?:{p})" for p in entry["triggers"])
            triggers = (re.compile(joined, re.IGNORECASE),) if joined else ()
        except re.error as exc:
            raise DataFileError(f"{where} ({entry['id']}): bad trigger: {exc}") from None
        out.append(_Category(entry["id"], triggers))
    return tuple(out)


def category_ids() -> tuple[str, ...]:
    return tuple(category.id for category in taxonomy())


@cache
def _statement_nouns() -> re.Pattern:
    return re.compile(datafiles.load("taxonomy.yaml")["statement_nouns"], re.IGNORECASE)


@cache
def _cues() -> dict:
    data = datafiles.load("modality.yaml")
    datafiles.require(data, ("projecting", "performative", "window", "clause"), where="modality.yaml")

    def compile_all(patterns: dict) -> dict:
        return {key: tuple(re.compile(p, re.IGNORECASE) for p in value) for key, value in patterns.items()}

    return {
        "projecting": re.compile(data["projecting"], re.IGNORECASE),
        "performative": re.compile(data["performative"], re.IGNORECASE),
        "announcing": re.compile(data["announcing"], re.IGNORECASE),
        "window": compile_all(data["window"]),
        "clause": compile_all(data["clause"]),
    }


# -- clauses and categories --------------------------------------------------------------------


def clauses(sentence: str) -> list[tuple[int, int]]:
    """Clause spans of a sentence; a piece shorter than four words stays with its neighbour."""
    spans = []
    begin = 0
    for match in _CLAUSE_BREAK.finditer(sentence):
        if len(_WORD.findall(sentence[begin : match.start()])) >= 4 and len(_WORD.findall(sentence[match.end() :])) >= 4:
            spans.append((begin, match.start()))
            begin = match.end()
    spans.append((begin, len(sentence)))
    return spans


def classify(clause: str, *, quoted: bool = False) -> list[Classification]:
    """The events of one clause (usually one, sometimes two, often none)."""
    text = _unquote(clause)
    triggers = _triggers(text)
    frame = _frame(text)
    clause_mod = _clause_modality(text)
    realis = [t for t in triggers if t[3] is None]
    out = []
    if frame:
        kind, f_start, f_end = frame
        inside = [t for t in realis if t[1] <= f_start < t[2]]
        if inside:  # "Germany pledged air defence systems": the verb is the event
            return [_make(text, clause, inside, "reported" if quoted else "asserted", clause_mod)]
        before = [t for t in realis if t[1] < f_start]
        after = [t for t in realis if t[1] >= f_end]
        postposed = len(_WORD.findall(text[f_end:])) <= 4
        if before and not postposed:
            out.append(_make(text, clause, before, "asserted" if not quoted else "reported", clause_mod))
            before = []
        if kind == "projecting" and (after or before):
            own_act = _cues()["announcing"].fullmatch(text[f_start:f_end])
            out.append(_make(text, clause, after or before, "asserted" if own_act else "reported", clause_mod))
        elif kind == "projecting" and postposed and any(t[1] < f_start for t in triggers):
            # "..., the ministry said.": the reported content is the news, with its own modality
            first = next(t for t in triggers if t[1] < f_start)
            out.append(_classification(text, clause, first[0], first[3], first[1], first[2]))
        else:
            denied = clause_mod == "denied" or any(t[3] == "denied" for t in triggers if t[1] >= f_end)
            modality = "denied" if denied else ("reported" if clause_mod == "reported" or quoted else "asserted")
            out.append(_classification(text, clause, "statement", modality, f_start, f_end))
        return out
    if realis:
        modality = clause_mod if clause_mod in ("speculative", "denied") else ("reported" if quoted or clause_mod == "reported" else "asserted")
        return [_make(text, clause, realis, modality, None)]
    if triggers:
        best = triggers[0]  # no realis trigger: the first one read
        modality = best[3]
        if clause_mod == "speculative" and modality == "planned":
            modality = "speculative"
        return [_classification(text, clause, best[0], modality, best[1], best[2])]
    noun = _statement_nouns().search(text)
    if noun:
        modality = "denied" if clause_mod == "denied" else ("reported" if quoted else "asserted")
        return [_classification(text, clause, "statement", modality, noun.start(), noun.end())]
    return []


def _make(text, clause, triggers, modality, clause_mod) -> Classification:
    best = _best(triggers)
    if clause_mod in ("speculative", "denied") and modality in ("asserted", "reported"):
        modality = clause_mod
    return _classification(text, clause, best[0], modality, best[1], best[2])


def _best(triggers):
    order = {cid: i for i, cid in enumerate(category_ids())}
    return min(triggers, key=lambda t: (order[t[0]], t[1]))


def _classification(text, clause, category, modality, start, end) -> Classification:
    o_start, o_end = _map_back(clause, text, start, end)
    return Classification(
        category=category, modality=modality, trigger_start=o_start, trigger_end=o_end, trigger=clause[o_start:o_end]
    )


def _triggers(text: str) -> list[tuple[str, int, int, str | None]]:
    """(category, start, end, local modality or None) of every trigger, overlaps resolved."""
    found = []
    for category in taxonomy():
        for regex in category.triggers:
            for match in regex.finditer(text):
                found.append((category.id, match.start(), match.end()))
    found.sort(key=lambda t: (-(t[2] - t[1]), t[1]))
    kept: list[tuple[str, int, int]] = []
    for trig in found:
        if all(trig[2] <= k[1] or trig[1] >= k[2] for k in kept):
            kept.append(trig)
    kept.sort(key=lambda t: t[1])
    return [(c, s, e, local_modality(text, s, e)) for c, s, e in kept]


def local_modality(text: str, start: int, end: int) -> str | None:
    """Modality signalled by the words around a trigger (None: realis)."""
    words = text[start:end].split()
    narrow = " ".join([*text[:start].split()[-WINDOW_BEFORE:], words[0] if words else ""])
    after = []
    for word in text[end:].split()[:WINDOW_AFTER]:
        if word.lower().strip(",.;:") in _STOP_AFTER:
            break
        after.append(word)
        if word.endswith((",", ".", ";", ":")):
            break
    cues = _cues()["window"]
    checks = (
        ("denied", narrow),
        ("speculative", narrow),
        ("speculative_after", " ".join(after)),
        ("planned", narrow),
        ("planned_after", " ".join(after[:2])),
        ("speculative_scope", text[:start]),
    )
    for key, window in checks:
        if any(cue.search(window) for cue in cues.get(key, ())):
            return key.split("_")[0]
    return None


def _frame(text: str) -> tuple[str, int, int] | None:
    found = []
    for kind in ("performative", "projecting"):
        match = _cues()[kind].search(text)
        if match:
            found.append((match.start(), kind, match.end()))
    if not found:
        return None
    start, kind, end = min(found)
    return kind, start, end


def _clause_modality(text: str) -> str | None:
    for modality in ("denied", "speculative", "reported"):
        if any(cue.search(text) for cue in _cues()["clause"].get(modality, ())):
            return modality
    return None


def _unquote(clause: str) -> str:
    """The clause without quotation marks, same length (marks become spaces)."""
    return _QUOTES.sub(" ", clause)


def _map_back(clause: str, text: str, start: int, end: int) -> tuple[int, int]:
    return start, end  # _unquote keeps the length, so offsets are shared


def modality_of(text: str, *, quoted: bool = False) -> str:
    """The modality of the first event of a clause, or of the clause itself."""
    events = classify(text, quoted=quoted)
    if events:
        return events[0].modality
    return _clause_modality(_unquote(text)) or ("reported" if quoted else "asserted")


# -- actors and places -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Gazetteer:
    names: re.Pattern  # one alternation of every alias
    lookup: dict  # alias -> (canonical, kind)  kind: person, organisation, country, place
    titles: re.Pattern
    forces: re.Pattern
    governments: re.Pattern
    demonyms: dict  # demonym -> country
    borders: re.Pattern


@cache
def gazetteer() -> _Gazetteer:
    actors = datafiles.load("actors.yaml")
    places = datafiles.load("places.yaml")
    lookup: dict[str, tuple[str, str]] = {}
    for person in actors["people"]:
        datafiles.require(person, ("name", "aliases"), where=f"actors.yaml people {person}")
        name = person["name"]
        for alias in [name, *person["aliases"], name.split()[-1]]:
            lookup.setdefault(alias, (name, "person"))
    for org in actors["organisations"]:
        for alias in [org["name"], *org["aliases"]]:
            lookup.setdefault(alias, (org["name"], "organisation"))
    demonyms = {}
    for country in places["countries"]:
        for alias in [country["name"], *country["aliases"]]:
            lookup.setdefault(alias, (country["name"], "country"))
        for demonym in country.get("demonyms") or []:
            demonyms[demonym] = country["name"]
    for place in places["places"]:
        for alias in [place["name"], *place["aliases"]]:
            lookup.setdefault(alias, (place["name"], "place"))
    aliases = sorted(lookup, key=len, reverse=True)
    names = re.compile(r"(?<![\w-])(" + "|".join(re.escape(a) for a in aliases) + r")(?![\w-])")
    demonym_alt = "|".join(re.escape(d) for d in sorted(demonyms, key=len, reverse=True))
    forces = "|".join(re.escape(f) for f in sorted(actors["forces"], key=len, reverse=True))
    governments = "|".join(re.escape(g) for g in sorted(actors["governments"], key=len, reverse=True))
    country_alt = "|".join(
        re.escape(a) for a in sorted((a for a, v in lookup.items() if v[1] == "country"), key=len, reverse=True)
    )
    return _Gazetteer(
        names=names,
        lookup=lookup,
        titles=re.compile(actors["titles"] + r"\s+((?:[A-Z][\w'’-]+\s+){0,2}[A-Z][\w'’-]+)"),
        forces=re.compile(rf"(?<![\w-])({demonym_alt}|(?:{country_alt})(?:'s|’s))\s+(?:[a-z-]+\s+)?({forces})\b"),
        governments=re.compile(rf"(?<![\w-])({demonym_alt})\s+({governments})\b"),
        demonyms=demonyms,
        borders=re.compile(
            rf"(?<![\w-])(?:({country_alt}|{demonym_alt})(?:'s|’s)?\s+border|border\s+(?:with|of)\s+({country_alt}))\b"
        ),
    )


def actors(text: str, *, people: dict[str, str] | None = None) -> list[str]:
    """Actors named in ``text``, canonical names, in order of first mention.

    ``people`` maps surnames to full names already met in the article, so an
    unknown "Jane Doe" met earlier makes a later "Ms Doe" the same person.
    """
    g = gazetteer()
    found: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []
    for match in g.forces.finditer(text):
        found.append((match.start(), f"{_demonym(match.group(1))} armed forces"))
        taken.append(match.span())
    for match in g.governments.finditer(text):
        if not _overlaps(match.span(), taken):
            found.append((match.start(), f"{_demonym(match.group(1))} government"))
            taken.append(match.span())
    for match in g.titles.finditer(text):
        name = match.group(1)
        if name in g.lookup or any(word in g.lookup and g.lookup[word][1] != "person" for word in name.split()):
            continue
        canonical = (people or {}).get(name, name)
        if canonical == name and name.split()[0] in g.lookup:
            continue
        found.append((match.start(1), canonical))
        taken.append(match.span(1))
    for match in g.names.finditer(text):
        if _overlaps(match.span(), taken):
            continue
        canonical, kind = g.lookup[match.group(1)]
        if kind == "place":
            continue
        if kind in ("country", "organisation") and _LOCATIVE.search(text[: match.start()]):
            continue  # "in Ukraine", "in the Kremlin": a place here
        found.append((match.start(), canonical))
    return _ordered_unique(found)


def places(text: str) -> list[str]:
    """Places named in ``text`` (countries only where used as a location), in order."""
    g = gazetteer()
    found: list[tuple[int, str]] = []
    taken = []
    for match in g.borders.finditer(text):
        name = match.group(1) or match.group(2)
        country = g.demonyms.get(name) or g.lookup.get(name, (name,))[0]
        found.append((match.start(), f"{country} border"))
        taken.append(match.span())
    for match in g.names.finditer(text):
        if _overlaps(match.span(), taken):
            continue
        canonical, kind = g.lookup[match.group(1)]
        if kind == "place":
            if canonical in _org_names() and not _LOCATIVE.search(text[: match.start()]):
                continue  # "Kremlin spokesman": an actor here
            found.append((match.start(), canonical))
        elif kind in ("country", "organisation") and canonical in _place_names() | _country_names():
            if _LOCATIVE.search(text[: match.start()]):
                found.append((match.start(), canonical))
    return _ordered_unique(found)


@cache
def _first_demonyms() -> dict[str, str]:
    out = {}
    for country in datafiles.load("places.yaml")["countries"]:
        for demonym in country.get("demonyms") or []:
            out[demonym] = country["demonyms"][0]
    return out


def _demonym(word: str) -> str:
    """The country's usual adjective: "US troops", "American troops", "America's troops" are one actor."""
    word = word.removesuffix("'s").removesuffix("’s")
    if word in gazetteer().lookup and gazetteer().lookup[word][1] == "country":
        country = gazetteer().lookup[word][0]
        word = next((d for d, c in gazetteer().demonyms.items() if c == country), word)
    return _first_demonyms().get(word, word)


@cache
def _org_names() -> frozenset[str]:
    return frozenset(org["name"] for org in datafiles.load("actors.yaml")["organisations"])


@cache
def _place_names() -> frozenset[str]:
    return frozenset(place["name"] for place in datafiles.load("places.yaml")["places"])


@cache
def _country_names() -> frozenset[str]:
    return frozenset(country["name"] for country in datafiles.load("places.yaml")["countries"])


def surnames(names: Iterable[str]) -> dict[str, str]:
    """Surname -> full name for multi-word person names (for :func:`actors`' ``people``)."""
    return {name.split()[-1]: name for name in names if len(name.split()) > 1}


def _overlaps(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in taken)


def _ordered_unique(found: list[tuple[int, str]]) -> list[str]:
    seen = []
    for _, name in sorted(found):
        if name not in seen:
            seen.append(name)
    return seen


# -- tense -------------------------------------------------------------------------------------

_FUTURE = re.compile(r"\b(will|shall|won't|wo n't|is going to|are going to|is to|are to|is due to|are due to|is set to|are set to)\b|\w'll\b", re.IGNORECASE)
_PERFECT = re.compile(r"\b(has|have|had|'ve|’ve)\s+(?:(?:not|already|also|just|long|been|repeatedly|now|since)\s+)*\w+(ed|en|wn|ne|t)\b", re.IGNORECASE)
_PAST = re.compile(
    r"\b(was|were|did|\w{2,}ed|said|gave|met|sent|went|took|made|held|spoke|saw|told|fought|struck|began|came|left|"
    r"fell|rose|won|lost|ran|brought|led|flew|drove|shot|stood|sat|wrote|broke|threw|sold|built|kept|paid|withdrew|"
    r"drew|knew|thought|became|got|hit|put|set|cut|shut|spread|overran|seized|killed)\b",
    re.IGNORECASE,
)


def tense(clause: str) -> str:
    """A rough tense of a clause, read from its first verb group: future, perfect, past or present."""
    found = [
        (match.start(), name)
        for name, regex in (("future", _FUTURE), ("perfect", _PERFECT), ("past", _PAST))
        if (match := regex.search(clause))
    ]
    return min(found)[1] if found else "present"
