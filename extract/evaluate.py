"""Score a temporal tagger against TimeML gold files, the TempEval-3 way.

The module reads top to bottom in the order the work is done:

1. **Reading** -- :func:`read_timeml` turns a ``.tml`` file into a
   :class:`GoldDocument`: document id, creation date (DCT), the plain text of
   ``<TEXT>`` with every inner tag stripped and entities decoded, and the gold
   TIMEX3s with character offsets into that plain text.
2. **Scoring** -- :func:`score` compares gold timexes with what a tagger found,
   with the TempEval-3 Task A measures (UzZaman et al., 2013):

   - *strict* span P/R/F1: a system mention counts when a gold timex has
     exactly the same span;
   - *relaxed* span P/R/F1: a system mention counts when it overlaps a gold
     timex by at least one character; gold and system mentions are paired one
     to one (:func:`align`);
   - *value accuracy* = relaxed pairs whose value is right / relaxed pairs, and
     *value F1* = value accuracy x relaxed F1; the same for *type*.

   Counts are summed over all documents before any ratio is taken (micro
   average).  Every figure is a percentage, as the field reports them.
   The DATE figures are the same measures with both sides restricted to DATE:
   gold timexes typed DATE against system mentions typed DATE.  A gold DATE that
   the system types DURATION is then a miss *and* the DURATION is not counted
   against DATE precision; a system DATE laid on a gold TIME is a false DATE.
3. **Baseline** -- :func:`dateparser_tagger` wraps ``dateparser.search.search_dates``
   so it can be measured in the same run as our own tagger.
4. **Error dump** -- :func:`error_rows` / :func:`write_errors` list every miss,
   false alarm and wrong span, type or value as TSV, with context, and say for
   each how the gold reads the same phrase elsewhere in the corpus
   (:class:`GoldReadings`): an error is only worth a rule when the gold is
   consistent about it.
5. **Command line** -- :func:`add_arguments` and :func:`run` make up the
   ``python -m extract evaluate`` sub-command, including the accuracy gate.

A *tagger* is any callable ``(text, published_date) -> list of mentions``; a
mention is any object with ``start``, ``end`` (character offsets, end
exclusive), ``type`` and ``value``.  Spans are written ``start-end``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import re
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Protocol

from extract.errors import ArticleError, InputError
from extract.records import TimeMention

log = logging.getLogger(__name__)

#: Characters of context printed on each side of an error.
CONTEXT_CHARS = 60


class Mention(Protocol):
    """What the scorer needs of a time mention, gold or system."""

    start: int
    end: int
    type: str
    value: str


Tagger = Callable[[str, dt.date], Sequence[Mention]]


# --------------------------------------------------------------------------
# 1. Reading TimeML
# --------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class GoldTimex:
    """A TIMEX3 of a gold file: its text as tagged, and where it is in the document's plain text."""

    tid: str
    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass(frozen=True, kw_only=True)
class GoldDocument:
    """A TimeML document: its plain text, creation date and gold timexes."""

    doc_id: str
    dct: dt.date
    text: str
    timexes: tuple[GoldTimex, ...]


def read_timeml(path: Path) -> GoldDocument:
    """Read one ``.tml`` file; :class:`ArticleError` names the file if it is not TimeML."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ArticleError(f"cannot read {path}: {exc.strerror}") from exc
    return parse_timeml(data, source=str(path), default_id=Path(path).stem)


def parse_timeml(data: str | bytes, *, source: str = "<string>", default_id: str = "") -> GoldDocument:
    """Parse the XML of a TimeML document (``source`` names it in errors)."""
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise ArticleError(f"{source} is not well-formed XML: {exc}") from exc
    text_element = _first(root, "TEXT")
    if text_element is None:
        raise ArticleError(f"{source} has no <TEXT> element")
    text, timexes = _flatten(text_element)
    doc_id_element = _first(root, "DOCID")
    doc_id = (doc_id_element.text or "").strip() if doc_id_element is not None else ""
    return GoldDocument(
        doc_id=doc_id or default_id or source,
        dct=_creation_date(root, source),
        text=text,
        timexes=tuple(timexes),
    )


def _local(tag: str) -> str:
    """``{namespace}TIMEX3`` -> ``TIMEX3``."""
    return tag.rpartition("}")[2]


def _first(root: ET.Element, name: str) -> ET.Element | None:
    return next((element for element in root.iter() if _local(element.tag) == name), None)


def _creation_date(root: ET.Element, source: str) -> dt.date:
    """The date of the TIMEX3 whose ``functionInDocument`` is CREATION_TIME."""
    for element in root.iter():
        if _local(element.tag) == "TIMEX3" and element.get("functionInDocument") == "CREATION_TIME":
            value = element.get("value", "")
            try:
                return dt.date.fromisoformat(value[:10])
            except ValueError:
                raise ArticleError(f"{source}: creation time {value!r} is not a date") from None
    raise ArticleError(f'{source} has no TIMEX3 with functionInDocument="CREATION_TIME"')


def _flatten(text_element: ET.Element) -> tuple[str, list[GoldTimex]]:
    """The plain text under ``text_element`` and the TIMEX3s found in it, with offsets."""
    parts: list[str] = []
    spans: list[tuple[ET.Element, int, int]] = []
    length = 0

    def add(piece: str | None) -> None:
        nonlocal length
        if piece:
            parts.append(piece)
            length += len(piece)

    def walk(element: ET.Element) -> None:
        add(element.text)
        for child in element:
            start = length
            walk(child)
            if _local(child.tag) == "TIMEX3":
                spans.append((child, start, length))
            add(child.tail)

    walk(text_element)
    text = "".join(parts)
    timexes = [
        GoldTimex(
            tid=element.get("tid", ""),
            start=start,
            end=end,
            text="".join(element.itertext()),
            type=element.get("type", ""),
            value=element.get("value", ""),
        )
        for element, start, end in sorted(spans, key=lambda span: (span[1], span[2]))
    ]
    return text, timexes


def find_timeml_files(paths: Iterable[Path]) -> list[Path]:
    """Every ``.tml`` file named or under a named folder (recursively), sorted.

    A path that does not exist, or that holds no ``.tml`` file, is an
    :class:`InputError` naming it.
    """
    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found = sorted(path.rglob("*.tml"))
            if not found:
                raise InputError(f"no .tml file under {path}")
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            raise InputError(f"no such file or folder: {path}")
    return files


def read_corpus(paths: Iterable[Path]) -> list[GoldDocument]:
    """Read every TimeML file named or found under a folder in ``paths``."""
    return [read_timeml(path) for path in find_timeml_files(paths)]


# --------------------------------------------------------------------------
# 2. Scoring
# --------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Alignment:
    """How the system mentions of one document pair up with its gold timexes.

    ``pairs`` holds (gold index, system index) pairs, one to one and
    overlapping; ``missed`` the gold indexes and ``spurious`` the system
    indexes left over.
    """

    pairs: tuple[tuple[int, int], ...]
    missed: tuple[int, ...]
    spurious: tuple[int, ...]


def _overlap(a: Mention, b: Mention) -> int:
    return min(a.end, b.end) - max(a.start, b.start)


def _same_span(a: Mention, b: Mention) -> bool:
    return a.start == b.start and a.end == b.end


def align(gold: Sequence[Mention], system: Sequence[Mention]) -> Alignment:
    """Pair gold and system mentions one to one for the relaxed measures.

    Mentions with exactly the same span are paired first, so every strict
    match is also a relaxed pair.  The remaining mentions are paired by a
    maximum matching over "overlaps by at least one character", in which each
    gold timex tries the system mention it overlaps most first.
    """
    owner: dict[int, int] = {}  # system index -> gold index
    for g, gold_mention in enumerate(gold):
        for s, system_mention in enumerate(system):
            if s not in owner and _same_span(gold_mention, system_mention):
                owner[s] = g
                break
    exact = set(owner)
    paired_gold = set(owner.values())
    candidates = {
        g: sorted(
            (s for s in range(len(system)) if s not in exact and _overlap(gold[g], system[s]) > 0),
            key=lambda s: -_overlap(gold[g], system[s]),
        )
        for g in range(len(gold))
        if g not in paired_gold
    }
    for g in candidates:
        _claim(g, candidates, owner, set())
    pairs = tuple(sorted((g, s) for s, g in owner.items()))
    paired_gold = {g for g, _ in pairs}
    return Alignment(
        pairs=pairs,
        missed=tuple(g for g in range(len(gold)) if g not in paired_gold),
        spurious=tuple(s for s in range(len(system)) if s not in owner),
    )


def _claim(g: int, candidates: dict[int, list[int]], owner: dict[int, int], seen: set[int]) -> bool:
    """Augmenting-path step of a maximum bipartite matching (Kuhn's algorithm)."""
    for s in candidates[g]:
        if s in seen:
            continue
        seen.add(s)
        if s not in owner or _claim(owner[s], candidates, owner, seen):
            owner[s] = g
            return True
    return False


@dataclass(frozen=True, kw_only=True)
class Counts:
    """What the TempEval-3 measures are computed from; counts add up over documents."""

    gold: int = 0
    system: int = 0
    strict: int = 0
    relaxed: int = 0
    right_value: int = 0
    right_type: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(**{name: getattr(self, name) + getattr(other, name) for name in asdict(self)})

    def measures(self) -> dict[str, float]:
        """Every measure as a percentage, keyed ``strict_precision`` ... ``type_f1``."""
        strict = _prf(self.strict, self.gold, self.system)
        relaxed = _prf(self.relaxed, self.gold, self.system)
        value_accuracy = _percent(self.right_value, self.relaxed)
        type_accuracy = _percent(self.right_type, self.relaxed)
        return {
            **{f"strict_{name}": figure for name, figure in strict.items()},
            **{f"relaxed_{name}": figure for name, figure in relaxed.items()},
            "value_accuracy": value_accuracy,
            "value_f1": value_accuracy * relaxed["f1"] / 100,
            "type_accuracy": type_accuracy,
            "type_f1": type_accuracy * relaxed["f1"] / 100,
        }


def _percent(part: int, whole: int) -> float:
    return 100 * part / whole if whole else 0.0


def _prf(matched: int, gold: int, system: int) -> dict[str, float]:
    precision = _percent(matched, system)
    recall = _percent(matched, gold)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def _same_value(gold: Mention, system: Mention) -> bool:
    return gold.value.strip() == (system.value or "").strip()


def _same_type(gold: Mention, system: Mention) -> bool:
    return gold.type.upper() == (system.type or "").upper()


def count_document(gold: Sequence[Mention], system: Sequence[Mention]) -> Counts:
    """The counts of one document."""
    alignment = align(gold, system)
    pairs = [(gold[g], system[s]) for g, s in alignment.pairs]
    return Counts(
        gold=len(gold),
        system=len(system),
        strict=sum(_same_span(a, b) for a, b in pairs),
        relaxed=len(pairs),
        right_value=sum(_same_value(a, b) for a, b in pairs),
        right_type=sum(_same_type(a, b) for a, b in pairs),
    )


def _of_type(mentions: Iterable[Mention], timex_type: str | None) -> list[Mention]:
    mentions = list(mentions)
    if timex_type is None:
        return mentions
    return [mention for mention in mentions if (mention.type or "").upper() == timex_type]


def score(
    documents: Sequence[GoldDocument],
    predictions: Sequence[Sequence[Mention]],
    *,
    only_type: str | None = None,
) -> Counts:
    """Sum the counts of every document; ``predictions[i]`` is what the tagger found in ``documents[i]``.

    With ``only_type`` (``"DATE"``), gold and system mentions of other types
    are left out on both sides before pairing.
    """
    total = Counts()
    for document, predicted in zip(documents, predictions, strict=True):
        total += count_document(_of_type(document.timexes, only_type), _of_type(predicted, only_type))
    return total


def tag_documents(documents: Iterable[GoldDocument], tagger: Tagger) -> list[list[Mention]]:
    """Run ``tagger`` on every document, against its creation date."""
    predictions = []
    for document in documents:
        try:
            predictions.append(list(tagger(document.text, document.dct)))
        except Exception as exc:
            exc.add_note(f"while tagging TimeML document {document.doc_id}")
            raise
    return predictions


@dataclass(frozen=True, kw_only=True)
class Evaluation:
    """One tagger on one corpus: what it found, and the counts over all types and DATE."""

    tagger: str
    predictions: tuple[tuple[Mention, ...], ...]
    overall: Counts
    date: Counts


def evaluate(name: str, documents: Sequence[GoldDocument], tagger: Tagger) -> Evaluation:
    """Tag every document and count, over all types and over DATE."""
    predictions = tag_documents(documents, tagger)
    return Evaluation(
        tagger=name,
        predictions=tuple(map(tuple, predictions)),
        overall=score(documents, predictions),
        date=score(documents, predictions, only_type="DATE"),
    )


# --------------------------------------------------------------------------
# 3. Taggers
# --------------------------------------------------------------------------


def our_tagger(text: str, published: dt.date) -> list[Mention]:
    """``extract.tag_times``, looked up at call time."""
    import extract

    return extract.tag_times(text, published)


def dateparser_tagger(text: str, published: dt.date) -> list[TimeMention]:
    """The baseline: ``dateparser.search.search_dates`` in English, relative to ``published``.

    Every found substring is located in ``text`` after the previous one; the
    value is the day it was read as, the type always DATE.  When dateparser
    raises on a text, the text counts as having no dates.
    """
    from dateparser.search import search_dates  # slow to import: only when asked for

    base = published if isinstance(published, dt.datetime) else dt.datetime.combine(published, dt.time())
    try:
        found = search_dates(text, languages=["en"], settings={"RELATIVE_BASE": base}) or []
    except Exception as exc:  # noqa: BLE001 - dateparser raises many kinds of errors on odd input; a text it cannot read has no dates
        log.warning("dateparser failed on a text (%s: %s); counted as no dates", type(exc).__name__, exc)
        return []
    return _located(text, found, base.date())


def _located(text: str, found: Iterable[tuple[str, dt.datetime]], published: dt.date) -> list[TimeMention]:
    """Turn ``search_dates`` results into mentions, locating each substring in order."""
    mentions = []
    cursor = 0
    for surface, moment in found:
        start = _find_words(text, surface, cursor)
        if start < 0:
            log.debug("dateparser returned %r, which is not in the text after offset %d", surface, cursor)
            continue
        cursor = start + len(surface)
        day = moment.date()
        mentions.append(
            TimeMention(
                start=start,
                end=cursor,
                text=surface,
                type="DATE",
                value=day.isoformat(),
                grain="day",
                interval_start=dt.datetime.combine(day, dt.time()),
                interval_end=dt.datetime.combine(day + dt.timedelta(days=1), dt.time()),
                rule="dateparser.search_dates",
                anchor=f"published {published.isoformat()}",
                reason=f"dateparser read {surface!r} as {day.isoformat()}",
            )
        )
    return mentions


def _find_words(text: str, surface: str, cursor: int) -> int:
    """Where ``surface`` is next found at or after ``cursor``, as whole words if it can be; -1 if not at all.

    dateparser returns ``"we"`` for the ``we`` of a text that also says
    ``between``: the first whole-word occurrence is the one it read.
    """
    head = r"(?<!\w)" if surface[:1].isalnum() else ""
    tail = r"(?!\w)" if surface[-1:].isalnum() else ""
    match = re.compile(head + re.escape(surface) + tail).search(text, cursor)
    return match.start() if match else text.find(surface, cursor)


TAGGERS: dict[str, Tagger] = {"ours": our_tagger, "dateparser": dateparser_tagger}


# --------------------------------------------------------------------------
# 4. Error dump
# --------------------------------------------------------------------------

ERROR_COLUMNS = (
    "tagger",
    "doc_id",
    "dct",
    "kind",
    "gold_span",
    "gold_type",
    "gold_value",
    "gold_text",
    "system_span",
    "system_type",
    "system_value",
    "system_text",
    "gold_elsewhere",
    "gold_split",
    "context",
)

_WEEKDAY_NAMES = re.compile(r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b")
_MONTH_NAMES = re.compile(
    r"\b(?:january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\b\.?"
)


def phrase_key(text: str) -> str:
    """A phrase with its particulars abstracted: ``Friday night`` and ``Monday night`` are one phrase.

    Lower case, whitespace collapsed, edge punctuation dropped; weekday names
    become ``<weekday>``, month names ``<month>``, four-digit numbers
    ``<year>`` and other numbers ``<n>``.
    """
    key = _literal(text)
    key = _WEEKDAY_NAMES.sub("<weekday>", key)
    key = _MONTH_NAMES.sub("<month>", key)
    key = re.sub(r"\b\d{4}\b", "<year>", key)
    return re.sub(r"\d+", "<n>", key)


def value_shape(value: str) -> str:
    """The form of a TIMEX3 value with its numbers abstracted: its grain and kind, not its date.

    ``1998-W32`` and ``2000-W07`` are ``9999-W99``; ``P1W`` and ``P3W`` are
    ``PnW``; ``1989-WXX``, ``PAST_REF`` and ``1998-08-07TNI`` keep what sets
    them apart.
    """
    value = value.strip()
    if value.startswith("P"):
        return re.sub(r"\d+(?:\.\d+)?", "n", value)
    return re.sub(r"\d", "9", value)


def _literal(text: str) -> str:
    return " ".join(text.lower().split()).strip(" ,.;:")


class GoldReadings:
    """How the gold of a whole corpus reads each phrase: the error dump's second opinion.

    TimeML corpora are annotated by many hands, and the same phrase is not
    always read the same way: ``last week`` is a week, an unknown week, a
    month or a length; ``now`` is tagged in some sentences and not in others.
    For an error, :meth:`elsewhere` says how the gold reads its phrase in
    the whole corpus and whether the gold *splits*: elsewhere it does what
    the tagger did at least as often as what it did here. Such an error
    cannot be fixed without breaking as many right answers.
    """

    def __init__(self, documents: Sequence[GoldDocument]) -> None:
        self._texts = [document.text.lower() for document in documents]
        self._spans = [[(timex.start, timex.end) for timex in document.timexes] for document in documents]
        self._shapes: dict[str, Counter[str]] = {}
        self._tagged: Counter[str] = Counter()
        self._untagged: dict[str, int] = {}
        for document in documents:
            for timex in document.timexes:
                self._shapes.setdefault(phrase_key(timex.text), Counter())[value_shape(timex.value)] += 1
                self._tagged[_literal(timex.text)] += 1

    def untagged(self, phrase: str) -> int:
        """How often ``phrase`` (a whole word or words) stands in the texts outside every gold timex."""
        literal = _literal(phrase)
        if literal not in self._untagged:
            found = re.compile(r"(?<![\w-])" + re.escape(literal) + r"(?![\w-])") if literal else None
            self._untagged[literal] = sum(
                not any(start < match.end() and match.start() < end for start, end in spans)
                for text, spans in zip(self._texts, self._spans, strict=True)
                for match in (found.finditer(text) if found else ())
            )
        return self._untagged[literal]

    def elsewhere(
        self, kind: str, gold_text: str, system_text: str, gold_value: str, system_value: str
    ) -> tuple[str, str]:
        """The ``gold_elsewhere`` and ``gold_split`` cells of an error row (``yes``, ``no`` or empty)."""
        if kind in ("missed", "spurious"):
            phrase = gold_text if kind == "missed" else system_text
            tagged, untagged = self._tagged[_literal(phrase)], self.untagged(phrase)
            ours, theirs = (untagged, tagged) if kind == "missed" else (tagged, untagged)
            return f"tagged {tagged}, untagged {untagged}", "yes" if ours >= theirs else "no"
        if "value" not in kind.split("+"):
            return "", ""
        shapes = self._shapes.get(phrase_key(gold_text), Counter())
        shown = ", ".join(f"{shape} {count}" for shape, count in shapes.most_common())
        gold_shape, system_shape = value_shape(gold_value), value_shape(system_value)
        split = system_shape != gold_shape and shapes[system_shape] >= shapes[gold_shape]
        return shown, "yes" if split else "no"


def error_rows(
    name: str, documents: Sequence[GoldDocument], predictions: Sequence[Sequence[Mention]]
) -> list[dict[str, str]]:
    """One row per miss, false alarm or imperfect pair, in document order.

    ``kind`` is ``missed`` (a gold timex no mention overlaps), ``spurious`` (a
    mention that overlaps no gold timex), or for a relaxed pair the ``+``-joined
    list of what is wrong: ``span`` (overlap only), ``type``, ``value``.
    ``context`` shows the text around the gold and system spans together, the
    spans themselves between ``[[`` and ``]]``.
    ``gold_elsewhere`` and ``gold_split`` come from :class:`GoldReadings`
    over ``documents``.
    """
    readings = GoldReadings(documents)
    rows = []
    for document, predicted in zip(documents, predictions, strict=True):
        rows.extend(_document_errors(name, document, list(predicted)))
    for row in rows:
        row["gold_elsewhere"], row["gold_split"] = readings.elsewhere(
            row["kind"], row["gold_text"], row["system_text"], row["gold_value"], row["system_value"]
        )
    return rows


def _document_errors(name: str, document: GoldDocument, system: list[Mention]) -> list[dict[str, str]]:
    gold = document.timexes
    alignment = align(gold, system)
    found: list[tuple[int, dict[str, str]]] = []
    for g in alignment.missed:
        found.append((gold[g].start, _row(name, document, "missed", gold[g], None)))
    for s in alignment.spurious:
        found.append((system[s].start, _row(name, document, "spurious", None, system[s])))
    for g, s in alignment.pairs:
        problems = [
            problem
            for problem, right in (
                ("span", _same_span(gold[g], system[s])),
                ("type", _same_type(gold[g], system[s])),
                ("value", _same_value(gold[g], system[s])),
            )
            if not right
        ]
        if problems:
            start = min(gold[g].start, system[s].start)
            found.append((start, _row(name, document, "+".join(problems), gold[g], system[s])))
    return [row for _, row in sorted(found, key=lambda item: item[0])]


def _row(name: str, document: GoldDocument, kind: str, gold: Mention | None, system: Mention | None) -> dict[str, str]:
    present = [mention for mention in (gold, system) if mention is not None]
    start = min(mention.start for mention in present)
    end = max(mention.end for mention in present)
    return {
        "tagger": name,
        "doc_id": document.doc_id,
        "dct": document.dct.isoformat(),
        "kind": kind,
        **_columns("gold", gold, document.text),
        **_columns("system", system, document.text),
        "context": context(document.text, start, end),
    }


def _columns(side: str, mention: Mention | None, text: str) -> dict[str, str]:
    if mention is None:
        return {f"{side}_span": "", f"{side}_type": "", f"{side}_value": "", f"{side}_text": ""}
    return {
        f"{side}_span": f"{mention.start}-{mention.end}",
        f"{side}_type": mention.type or "",
        f"{side}_value": mention.value or "",
        f"{side}_text": _one_line(text[mention.start : mention.end]),
    }


def context(text: str, start: int, end: int, width: int = CONTEXT_CHARS) -> str:
    """``text[start:end]`` between ``[[ ]]`` with ``width`` characters each side, on one line."""
    before = text[max(0, start - width) : start]
    after = text[end : end + width]
    return _one_line(f"{before}[[{text[start:end]}]]{after}")


def _one_line(text: str) -> str:
    """Collapse runs of whitespace (tabs and newlines included) to one space."""
    return " ".join(text.split())


def write_errors(path: Path, rows: Iterable[dict[str, str]]) -> int:
    """Write ``rows`` as TSV with a header line; return how many rows were written.

    Fields never hold a tab or a newline, so the file needs no quoting: read it
    with ``column -t -s $'\\t'`` or ``pandas.read_csv(path, sep="\\t", quoting=3)``.
    """
    count = 0
    with Path(path).open("w", encoding="utf-8", newline="\n") as out:
        out.write("\t".join(ERROR_COLUMNS) + "\n")
        for row in rows:
            out.write("\t".join(row[column] for column in ERROR_COLUMNS) + "\n")
            count += 1
    return count


# --------------------------------------------------------------------------
# 5. Report and command line
# --------------------------------------------------------------------------

#: The accuracy gate: command-line option -> (which counts, which measure, how to say it).
FLOORS = {
    "min_value_f1": ("overall", "value_f1", "value F1"),
    "min_date_value_f1": ("date", "value_f1", "DATE value F1"),
    "min_relaxed_f1": ("overall", "relaxed_f1", "relaxed span F1"),
}

_TABLE_COLUMNS = (
    ("Tagger", None, None),
    ("Strict P", "overall", "strict_precision"),
    ("Strict R", "overall", "strict_recall"),
    ("Strict F1", "overall", "strict_f1"),
    ("Relaxed P", "overall", "relaxed_precision"),
    ("Relaxed R", "overall", "relaxed_recall"),
    ("Relaxed F1", "overall", "relaxed_f1"),
    ("Value F1", "overall", "value_f1"),
    ("Type acc.", "overall", "type_accuracy"),
    ("DATE strict F1", "date", "strict_f1"),
    ("DATE relaxed P", "date", "relaxed_precision"),
    ("DATE relaxed R", "date", "relaxed_recall"),
    ("DATE relaxed F1", "date", "relaxed_f1"),
    ("DATE value F1", "date", "value_f1"),
)


def format_table(documents: Sequence[GoldDocument], evaluations: Sequence[Evaluation]) -> str:
    """A markdown table, one row per tagger, under a line saying what was measured."""
    gold = sum(len(document.timexes) for document in documents)
    gold_dates = sum(timex.type == "DATE" for document in documents for timex in document.timexes)
    lines = [
        (
            f"TempEval-3 Task A measures (%) over {len(documents)} TimeML documents, "
            f"{gold} gold TIMEX3 ({gold_dates} DATE)."
        ),
        "",
        "| " + " | ".join(title for title, _, _ in _TABLE_COLUMNS) + " |",
        "|" + "|".join(["---"] + ["---:"] * (len(_TABLE_COLUMNS) - 1)) + "|",
    ]
    for evaluation in evaluations:
        figures = {"overall": evaluation.overall.measures(), "date": evaluation.date.measures()}
        cells = [evaluation.tagger] + [f"{figures[part][key]:.1f}" for _, part, key in _TABLE_COLUMNS[1:]]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def format_json(documents: Sequence[GoldDocument], evaluations: Sequence[Evaluation]) -> str:
    """Counts and measures of every tagger, over all types and over DATE, as JSON."""
    report: dict[str, Any] = {"documents": len(documents), "taggers": {}}
    for evaluation in evaluations:
        report["taggers"][evaluation.tagger] = {
            part: {"counts": asdict(counts), "measures": counts.measures()}
            for part, counts in (("overall", evaluation.overall), ("DATE", evaluation.date))
        }
    return json.dumps(report, indent=2)


def broken_floors(evaluation: Evaluation, floors: dict[str, float | None]) -> list[str]:
    """A sentence for every floor (keyed like :data:`FLOORS`) that a figure is below."""
    broken = []
    for option, floor in floors.items():
        if floor is None:
            continue
        part, key, label = FLOORS[option]
        figure = getattr(evaluation, part).measures()[key]
        if figure < floor:
            broken.append(f"accuracy gate: {evaluation.tagger} {label} is {figure:.2f}, below the floor {floor:g}")
    return broken


def _percentage(text: str) -> float:
    value = float(text)
    if not 0 <= value <= 100:
        raise argparse.ArgumentTypeError(f"{text} is not a percentage between 0 and 100")
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``python -m extract evaluate``."""
    parser.add_argument(
        "paths",
        nargs="+",
        type=Path,
        metavar="PATH",
        help="a .tml file, or a folder searched recursively for .tml files",
    )
    parser.add_argument(
        "--tagger", choices=("ours", "dateparser", "both"), default="ours", help="which tagger to score (default: ours)"
    )
    parser.add_argument(
        "--errors",
        type=Path,
        metavar="FILE.tsv",
        help="write every miss, false alarm and wrong span/type/value to this TSV file",
    )
    parser.add_argument("--format", choices=("table", "json"), default="table", help="markdown table (default) or JSON")
    for option, (_, _, label) in FLOORS.items():
        parser.add_argument(
            "--" + option.replace("_", "-"),
            type=_percentage,
            metavar="PERCENT",
            help=f"exit 1 when our tagger's {label} is below PERCENT (0-100)",
        )


def run(args: argparse.Namespace) -> int:
    """Score the taggers, print the report, write the errors; return the exit code.

    0: done and every floor held; 1: a floor was broken; 2: bad input (a
    missing path, a file that is not TimeML, floors without our tagger).
    """
    names = ["ours", "dateparser"] if args.tagger == "both" else [args.tagger]
    floors = {option: getattr(args, option, None) for option in FLOORS}
    try:
        if "ours" not in names and any(floor is not None for floor in floors.values()):
            raise InputError("the --min-* floors apply to our tagger: use --tagger ours or both")
        documents = read_corpus(args.paths)
        evaluations = [evaluate(name, documents, TAGGERS[name]) for name in names]
        if args.errors:
            _write_error_file(args.errors, documents, evaluations)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    print(format_table(documents, evaluations) if args.format == "table" else format_json(documents, evaluations))
    broken = [
        message
        for evaluation in evaluations
        if evaluation.tagger == "ours"
        for message in broken_floors(evaluation, floors)
    ]
    for message in broken:
        print(message, file=sys.stderr)
    if not broken and any(floor is not None for floor in floors.values()):
        print("accuracy gate: every floor holds", file=sys.stderr)
    return 1 if broken else 0


def _write_error_file(path: Path, documents: Sequence[GoldDocument], evaluations: Sequence[Evaluation]) -> None:
    rows = [
        row for evaluation in evaluations for row in error_rows(evaluation.tagger, documents, evaluation.predictions)
    ]
    try:
        count = write_errors(path, rows)
    except OSError as exc:
        raise InputError(f"cannot write the error file {path}: {exc.strerror}") from exc
    print(f"{count} errors written to {path}", file=sys.stderr)
    for evaluation in evaluations:
        mine = [row for row in rows if row["tagger"] == evaluation.tagger]
        split = sum(row["gold_split"] == "yes" for row in mine)
        print(
            f"{evaluation.tagger}: {len(mine)} errors, {split} of them where the gold reads the same phrase"
            " the tagger's way elsewhere at least as often (gold_split=yes)",
            file=sys.stderr,
        )
