"""The one place that knows the order of the stages: articles in, events out.

    ingest      files -> Article (publication date given, from the page, or inferred)
    clean       page furniture masked out (offsets kept)
    temporal    tag_times on the masked text, against the publication date
    sentences   paragraphs and sentences with offsets, kinds and quote state
    classify    clause -> category, modality; actors and places
    dating      which time expression dates each event (see ``_date``)
    dedupe      repeated reports of one event -> one event with all its sources

Dating, as a careful reader does it, most reliable first:

1. ``clause``: an anchored time expression in the event's clause (the nearest
   to the trigger);
2. ``sentence``: one elsewhere in the same sentence (for a clause in the past, not one
   after the publication date);
3. ``clause-vague``: a vague one in the clause ("in recent days" -> PAST_REF);
4. ``running-reference``: the last day-or-finer expression read before, in the
   same paragraph (unless the clause is future or perfect), or in one of the
   four paragraphs before when the clause is in the simple past; never for a
   planned or speculative event (a plan or a guess did not happen on the day
   the story was at);
5. ``undated``: kept, with no value.

A year or date inside a noun phrase ("its 1979 peace treaty") dates only that
noun: an event whose trigger is elsewhere does not take it; nor does one after
the cause of the event ("fired the missiles in retaliation for the killing of
Nasrallah last week": last week dates the killing) or after a "since" with a
verb of its own ("the worst attack since hackers cut power in December 2015").

A further speech act of one speaker ("Russia on Monday denied that troops entered the town in
March and said ...") takes no date from what the speaker reported before (March): only from the
frame before it (Monday), else from the rules below. Nor does any clause take a date from a second
reported content of the sentence ("said A, and that the attackers had gained access in January").

A clause of a repeated or lasting stance ("has repeatedly denied ...", "has long said") takes no
date from its "since" phrase: that is when the stance began ("since its invasion began in
February 2022"), not an event of that month.

Headlines and titles only yield events when they carry their own date (they
summarise the body).  An event dated after the publication date is never
``asserted`` or ``reported``: it becomes ``planned``.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import io
import json
import logging
import re
import sys
from collections.abc import Iterable
from dataclasses import replace

from extract import classify, dedupe, sentences
from extract.clean import clean
from extract.errors import ExtractError, InputError
from extract.ingest import from_text, parse_date, read_articles
from extract.records import Article, Event, EventSource, TimeMention

log = logging.getLogger(__name__)

FORMATS = ("jsonl", "csv", "json")
_DAY_OR_FINER = ("time", "part_of_day", "day")
_CARRY_PARAGRAPHS = 4
_THAT_OPENS = re.compile(r"\s*that\b", re.IGNORECASE)


def extract_events(
    articles: Article | str | Iterable[Article],
    *,
    published: dt.date | dt.datetime | str | None = None,
) -> list[Event]:
    """The de-duplicated events of ``articles`` (an Article, several, or one article's text).

    ``published`` is needed only for text: without it the date is inferred
    (and the events say so) or, failing that, PublishedDateError is raised.
    """
    if isinstance(articles, str):
        date = parse_date(published, where="published") if published is not None else None
        articles = [from_text(articles, published=date, where="<text>")]
    elif isinstance(articles, Article):
        articles = [articles]
    events: list[Event] = []
    for article in articles:
        events.extend(article_events(article))
    return dedupe.merge(events)


def article_events(article: Article) -> list[Event]:
    """The events of one article, before de-duplication."""
    from extract.temporal import tag_times

    masked, _ = clean(article.text)
    mentions = [m for m in tag_times(masked, article.published) if m.type in ("DATE", "TIME")]
    sents = sentences.split(masked)
    people = classify.surnames(
        name for s in sents for name in classify.actors(s.text) if " " in name and "armed forces" not in name
    )
    events = []
    reference: tuple[TimeMention, int] | None = None  # (mention, paragraph)
    for sent in sents:
        own = [m for m in mentions if sent.start <= m.start and m.end <= sent.end]
        anchored_own = [m for m in own if m.is_anchored]
        if sent.kind in ("title", "headline") and not anchored_own:
            continue
        spans = classify.clauses(sent.text)
        # "Hezbollah fired rockets ..., and Israeli jets struck ..., the army said": the frame at
        # the end of the sentence reports every clause before it
        attributed = len(spans) > 1 and classify.attributed_at_end(sent.text[spans[-1][0] : spans[-1][1]])
        # "The Kremlin denied A and said B": the Kremlin said B too
        speakers = classify.speakers(sent.text, spans)
        told: list[tuple[int, int]] = []  # what the speaker of the clauses before reported, in article offsets
        # "X said A, and that B happened in January": B is reported content of its own; January dates only B
        second_content = [
            (sent.start + a, sent.start + b) for a, b in spans[1:] if _THAT_OPENS.match(sent.text, a)
        ]
        for (c_start, c_end), speaker in zip(spans, speakers):
            clause = sent.text[c_start:c_end]
            if not speaker:
                told = []
            tense = classify.tense(clause)
            background_since = classify.background_since(clause)  # "has repeatedly denied ... since 2022"
            for found in classify.classify(clause, quoted=sent.quoted):
                if tense == "future" and found.modality in ("asserted", "reported"):
                    found = replace(found, modality="planned")
                if attributed and found.modality == "asserted" and found.category != "statement":
                    found = replace(found, modality="reported")
                trigger_at = sent.start + c_start + found.trigger_start
                cause = classify.topic_start(clause, found.trigger_end)
                cause_at = sent.start + c_start + cause if cause is not None else None
                # spans whose dates belong to something else: the stance's beginning, what the speaker
                # reported before, another reported content of the sentence
                elsewhere = [(sent.start + c_start + a, sent.start + c_start + b) for a, b in background_since]
                elsewhere += told
                elsewhere += [span for span in second_content if span[0] != sent.start + c_start]
                dating = [
                    m for m in own
                    if not _attributive(masked, m, trigger_at) and not (cause_at is not None and m.start > cause_at)
                    and not any(a <= m.start and m.end <= b for a, b in elsewhere)
                ]
                mention, rule = _date(
                    dating, trigger_at, (sent.start + c_start, sent.start + c_end),
                    reference if found.modality not in ("planned", "speculative") else None, sent.paragraph, tense,
                    _day(article.published),
                )
                events.append(_event(article, sent, clause, found, mention, rule, c_start, people, speaker))
            content = classify.reported_content(clause) if len(spans) > 1 else None
            if content is not None:  # "X denied that A happened in March and said B": March dates A, not B
                told.append((sent.start + c_start + content, sent.start + c_end))
        day_mentions = [
            m for m in anchored_own
            if m.grain in _DAY_OR_FINER and m.interval_start.date() <= _day(article.published)
        ]
        if day_mentions and sent.kind not in ("title", "headline"):
            reference = (day_mentions[-1], sent.paragraph)
    return events


def _date(own, trigger_at, clause_span, reference, paragraph, tense, published):
    in_clause = [m for m in own if clause_span[0] <= m.start and m.end <= clause_span[1]]
    anchored = [m for m in in_clause if m.is_anchored]
    if anchored:
        return _nearest(anchored, trigger_at), "clause"
    elsewhere = [m for m in own if m.is_anchored and m not in in_clause]
    if tense == "past":  # "The White House denied the report and said talks would resume next week": not next week
        elsewhere = [m for m in elsewhere if m.interval_start is None or m.interval_start.date() <= published]
    if elsewhere and tense in ("past", "present"):
        return _nearest(elsewhere, trigger_at), "sentence"
    if in_clause:
        return _nearest(in_clause, trigger_at), "clause-vague"
    if reference is not None:
        mention, ref_paragraph = reference
        if ref_paragraph == paragraph and tense in ("past", "present"):
            return mention, "running-reference"
        if 0 < paragraph - ref_paragraph <= _CARRY_PARAGRAPHS and tense == "past":
            return mention, "running-reference"
    return None, "undated"


#: a year or date inside a noun phrase: "its 1979 peace treaty", "Russia's 2014 annexation", "the May 2021 attack"
_DETERMINER_BEFORE = re.compile(r"(?:\b(?:its|their|his|her|our|the|a|an|this|that)|['’]s)\s+$", re.IGNORECASE)
_NOUN_AFTER = re.compile(r"\s+[a-z][\w-]*")


def _attributive(text: str, mention: TimeMention, trigger_at: int) -> bool:
    """Does ``mention`` date a noun of its own rather than the event at ``trigger_at``?

    "Egypt has warned that ... could threaten its 1979 peace treaty": 1979 dates the treaty,
    not the warning. It still dates a trigger in its noun phrase ("the 2014 annexation").
    """
    after = _NOUN_AFTER.match(text, mention.end)
    if after is None or not _DETERMINER_BEFORE.search(text, max(0, mention.start - 12), mention.start):
        return False
    return not mention.end <= trigger_at <= after.end() + 20


def _day(moment: dt.date | dt.datetime) -> dt.date:
    return moment.date() if isinstance(moment, dt.datetime) else moment


def _nearest(mentions: list[TimeMention], at: int) -> TimeMention:
    return min(mentions, key=lambda m: min(abs(m.start - at), abs(m.end - at)))


def _event(article, sent, clause, found, mention, rule, c_start, people, speaker="") -> Event:
    modality = found.modality
    published_day = _day(article.published)
    if (
        mention is not None
        and mention.interval_start is not None
        and mention.interval_start.date() > published_day
        and modality in ("asserted", "reported")
    ):
        modality = "planned"
    in_sentence = mention is not None and sent.start <= mention.start and mention.end <= sent.end
    source = EventSource(
        article_id=article.id,
        sentence=article.text[sent.start : sent.end],
        start=sent.start,
        end=sent.end,
        kind=sent.kind,
        time_start=mention.start if in_sentence else None,
        time_end=mention.end if in_sentence else None,
        url=article.url,
        source=article.source,
    )
    # the trigger's offset too: one clause can hold two events of one category ("troops advanced ...,
    # officials said, as more troops moved ..."), and the store keeps one row per id
    spoke = classify.actors(speaker, people=people) if speaker else []  # "... and said B": who said it
    key = f"{article.id}:{sent.start}:{c_start}:{found.trigger_start}:{found.category}"
    return Event(
        id=hashlib.sha256(key.encode()).hexdigest()[:16],
        category=found.category,
        modality=modality,
        value=mention.value if mention else None,
        start=mention.interval_start if mention else None,
        end=mention.interval_end if mention else None,
        grain=mention.grain if mention else None,
        time_text=mention.text if mention else None,
        sentence=source.sentence,
        actors=tuple(dict.fromkeys([*spoke, *classify.actors(clause, people=people)])),
        places=tuple(classify.places(clause)),
        sources=(source,),
        published=article.published,
        published_inferred=article.published_inferred,
        rule=f"{rule}/{mention.rule}" if mention else rule,
        reason=_reason(rule, mention, article, found),
    )


def _reason(rule: str, mention: TimeMention | None, article: Article, found) -> str:
    published = article.published.isoformat() + (" (inferred)" if article.published_inferred else "")
    trigger = f"'{found.trigger}' makes it {found.category.replace('_', ' ')}, {found.modality}"
    if mention is None:
        return f"{trigger}; no time expression governs it and no reference time carries over: undated (published {published})"
    where = {
        "clause": "the time expression of its clause",
        "sentence": "the time expression of its sentence",
        "clause-vague": "the (vague) time expression of its clause",
        "running-reference": "no time expression of its own; the paragraph's running reference time",
    }[rule]
    return f"{trigger}; dated by {where}, '{mention.text}' = {mention.value}: {mention.reason} (published {published})"


# -- command line --------------------------------------------------------------------------------


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``python -m extract events``."""
    parser.add_argument("files", nargs="+", metavar="FILE", help="articles: .txt .json .jsonl .csv .html, or folders")
    parser.add_argument("--published", metavar="DATE", help="publication date (YYYY-MM-DD) for files that carry none")
    parser.add_argument("--format", choices=FORMATS, default="jsonl", help="output format (default: jsonl)")
    parser.add_argument("--out", metavar="PATH", help="write here instead of standard output")


def run(args: argparse.Namespace) -> int:
    """Run ``events``: output is written only once every file was read and analysed."""
    try:
        published = parse_date(args.published, where="--published") if args.published else None
        articles = read_articles(args.files, published=published)
        events = extract_events(articles)
        payload = render(events, args.format)
    except ExtractError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    if args.out:
        try:
            with open(args.out, "w", encoding="utf-8", newline="") as handle:
                handle.write(payload)
        except OSError as exc:
            print(f"error: {args.out}: cannot write ({exc.strerror})", file=sys.stderr)
            return InputError.exit_code
    else:
        sys.stdout.write(payload)
    return 0


def render(events: list[Event], fmt: str) -> str:
    """The events as JSON Lines, a JSON array, or CSV (lists joined with "; ")."""
    rows = [event.to_dict() for event in events]
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    if fmt == "jsonl":
        return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    buffer = io.StringIO()
    columns = list(rows[0]) if rows else list(Event.__dataclass_fields__) + ["schema_version"]
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        flat = dict(row)
        flat["actors"] = "; ".join(row["actors"])
        flat["places"] = "; ".join(row["places"])
        flat["sources"] = json.dumps(row["sources"], ensure_ascii=False)
        writer.writerow(flat)
    return buffer.getvalue()
