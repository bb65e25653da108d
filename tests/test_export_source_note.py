"""The source note at the foot of an exported chart names what a reader can look up: an outlet, a
web site or a title, never an article's internal id; articles with none of them are counted."""

from __future__ import annotations

import json
import re
from types import SimpleNamespace

import pytest

from dashboard import state
from dashboard.export import ExportOptions, export_view
from dashboard.export_figure import NOTE_NAME_CHARS, NOTE_NAMES, article_name, note_chars, source_note
from dashboard.names import shorten
from extract.store import Store

ID = re.compile(r"\b[0-9a-f]{16}\b")


def art(source="", title="", url="", events=1):
    return {"source": source, "title": title, "url": url, "events": events}


def outlets_of(note: str) -> str:
    """The part of the note's first line between "from" and "· News event timeline"."""
    first = note.splitlines()[0]
    match = re.fullmatch(r"Source: events extracted from (.*) · News event timeline", first)
    assert match, first
    return match.group(1)


# -- one article's name ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("article", "name"),
    [
        (art(source="Reuters", title="Talks resume", url="https://www.bbc.co.uk/x"), "Reuters"),
        (art(source="  Associated\n Press ", title="x"), "Associated Press"),
        (art(title="Talks resume", url="https://www.bbc.co.uk/news/world-123"), "bbc.co.uk"),
        (art(url="http://Kyiv.Independent.example/a?b=1"), "kyiv.independent.example"),
        (art(title="Talks resume in Geneva"), "“Talks resume in Geneva”"),
        (art(title="Talks resume", url="file:///home/me/article.txt"), "“Talks resume”"),
        (art(title="Talks", url="not a url at all"), "“Talks”"),
        (art(url="http://[broken"), ""),
        (art(), ""),
        (art(source="   ", title="\n", url=""), ""),
    ],
    ids=["outlet-first", "outlet-spaces", "host-before-title", "host-lowercase", "title", "file-url-is-no-host",
         "text-is-no-url", "broken-url", "nothing", "blank"],
)  # fmt: skip
def test_an_article_is_named_by_outlet_then_host_then_title(article, name):
    assert article_name(article) == name


TITLES = [
    "Ceasefire talks resume in Geneva after a two-week pause, officials say",
    "Short title",
    "A" * 90,
    "Supercalifragilisticexpialidocious-and-more-hyphenated-words then words",
    "Word " * 30,
    "Ends with punctuation right at the cut: yes, here — and more text follows",
    "  spaced\tout\n\ntitle   with   breaks  ",
]


@pytest.mark.parametrize("title", TITLES)
@pytest.mark.parametrize("limit", [12, 25, NOTE_NAME_CHARS])
def test_titles_are_shortened_at_a_word_within_the_limit(title, limit):
    one_line = " ".join(title.split())
    short = shorten(title, limit)
    assert len(short) <= limit
    assert "\n" not in short and "\t" not in short and "  " not in short
    if len(one_line) <= limit:
        assert short == one_line
    else:
        assert short.endswith("…")
        kept = short[:-1]
        assert one_line.startswith(kept) and kept
        # cut between words, unless a single long word fills half the room
        rest = one_line[len(kept) :]
        assert rest[:1] in (" ", ",", ":", "—", "-") or len(kept) >= limit // 2 - 1


# -- the note over several articles ------------------------------------------------------------


@pytest.mark.parametrize(
    ("articles", "outlets"),
    [
        ([art("Reuters", events=3)], "news articles by Reuters"),
        ([art("Reuters", events=1), art("AP", events=5)], "news articles by AP and Reuters"),
        # two articles of one outlet are one name, their events added up
        ([art("Reuters", events=2), art("AP", events=3), art("reuters", events=2)], "news articles by Reuters and AP"),
        ([art(events=37)], "1 news article without a named source"),
        ([art(events=37), art(events=3)], "2 news articles without a named source"),
        ([art(events=37), art(title="Ceasefire talks resume in Geneva after a two-week pause", events=1)],
         "news articles by “Ceasefire talks resume in Geneva after…”, and 1 without a named source"),
        ([art("Reuters", events=9), art(url="https://www.bbc.co.uk/n", events=4), art(), art()],
         "news articles by Reuters and bbc.co.uk, and 2 without a named source"),
        ([art(s, events=10 - i) for i, s in enumerate("ABCDEF")], "news articles by A, B, C, D and 2 more"),
        ([], "news articles"),
    ],
    ids=["one-outlet", "most-events-first", "same-outlet-once", "one-unnamed", "two-unnamed", "title-and-unnamed",
         "host-and-unnamed", "and-more", "no-article"],
)  # fmt: skip
def test_the_note_names_outlets_and_counts_the_unnamed(articles, outlets):
    assert outlets_of(source_note(articles, "")) == outlets


@pytest.mark.parametrize("n_named", [0, 1, 3, 4, 5, 12])
@pytest.mark.parametrize("n_unnamed", [0, 1, 2, 7])
@pytest.mark.parametrize("title_length", [10, 200])
def test_every_article_is_named_or_counted_and_the_note_stays_short(n_named, n_unnamed, title_length):
    titles = [f"{i} " + "word " * (title_length // 5) for i in range(n_named)]
    articles = [art(title=t, events=i + 1) for i, t in enumerate(titles)]
    articles += [art(events=2) for _ in range(n_unnamed)]
    outlets = outlets_of(source_note(articles, "?q=x"))
    named = re.findall(r"“[^”]*”", outlets)
    more = re.search(r"and (\d+) more", outlets)
    assert len(named) + (int(more.group(1)) if more else 0) == n_named
    assert 1 <= len(named) <= NOTE_NAMES or n_named == 0
    unnamed = re.search(r"(\d+)(?: news articles?)? without a named source", outlets)
    assert (int(unnamed.group(1)) if unnamed else 0) == n_unnamed
    assert len(outlets) <= 200


@pytest.mark.parametrize("size", [(1920, 1080), (1440, 1080), (1280, 720), (1000, 700), (600, 1080)])
@pytest.mark.parametrize("name_length", [6, 25, 80])
@pytest.mark.parametrize("n_unnamed", [0, 1, 250])
def test_the_note_fits_the_slide_it_is_drawn_on(size, name_length, n_unnamed):
    """Names give way to "and N more" on a narrow slide; every article is still named or counted."""
    line_chars = note_chars(*size)
    articles = [art(source=f"{i:02d} " + "Outlet " * (name_length // 7) + "x" * (name_length % 7)) for i in range(12)]
    articles += [art() for _ in range(n_unnamed)]
    first = source_note(articles, "?cat=talks", line_chars=line_chars).splitlines()[0]
    named = re.findall(r"\b\d\d Outlet|\b\d\d x", first)
    more = re.search(r"and (\d+) more", first)
    assert len(named) >= 1 and len(named) + int(more.group(1)) == 12
    assert len(first) <= line_chars or len(named) == 1
    assert (f"and {n_unnamed} without a named source" in first) == bool(n_unnamed)


def test_narrower_slides_hold_fewer_characters():
    sizes = [(600, 1080), (1440, 1080), (1920, 1080)]
    assert [note_chars(*s) for s in sizes] == sorted(note_chars(*s) for s in sizes)
    assert note_chars(1920, 1080) == note_chars(1280, 720)  # the same slide, type scaled with it


@pytest.mark.parametrize("kind", ["source", "actor"])
def test_longer_lane_labels_leave_fewer_characters_for_the_note(kind):
    def lanes(*names):
        return SimpleNamespace(lane_kind=kind, lanes=list(names), counts={n: 1200 for n in names})

    short, long, longest = lanes("AP"), lanes("AP", "Deutsche Welle"), lanes("AP", "x" * 60)
    for size in [(1920, 1080), (1440, 1080), (1000, 700)]:
        assert note_chars(*size, short) > note_chars(*size, long) > note_chars(*size, longest) > 80
    # a lane label is cut at 28 characters (figures.lane_label), so no longer label takes more room
    assert note_chars(1440, 1080, longest) == note_chars(1440, 1080, lanes("y" * 200))


def test_the_view_stays_on_a_second_line_shortened():
    note = source_note([art("Reuters")], "?q=" + "x" * 300)
    first, second = note.splitlines()
    assert outlets_of(first) == "news articles by Reuters"
    assert second.startswith("View: ?q=xxx") and second.endswith("…") and len(second) <= len("View: ") + 120


# -- through the export ------------------------------------------------------------------------------


def _article(i, text, **fields):
    return {"id": f"{i:016x}", "text": text, "published": "2022-02-16", **fields}


def _event(event_id, article_id, day):
    return {"id": event_id, "category": "talks", "modality": "asserted", "value": f"2022-02-{day:02d}", "grain": "day",
            "start": f"2022-02-{day:02d}T00:00:00", "end": f"2022-02-{day + 1:02d}T00:00:00", "sentence": "Talks were held.",
            "sources": [{"article_id": article_id, "sentence": "Talks were held."}]}  # fmt: skip


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ([{}], ["1 news article without a named source"]),
        ([{}, {}], ["2 news articles without a named source"]),
        ([{"source": "Reuters"}, {}], ["by Reuters", "and 1 without a named source"]),
        ([{"title": "Pasted note on the talks"}, {"url": "https://www.example.com/a"}, {}],
         ["“Pasted note on the talks”", "example.com", "1 without a named source"]),
        ([{"source": "AP"}, {"source": "AP"}, {"source": "Reuters"}], ["by AP and Reuters"]),
    ],
    ids=["pasted", "two-pasted", "outlet-and-pasted", "title-host-pasted", "outlet-twice"],
)  # fmt: skip
def test_an_exported_chart_never_shows_article_ids(url, fields, expected):
    articles = [_article(0xA0 + i, f"Text {i}.", **f) for i, f in enumerate(fields)]
    events = [_event(f"e{i}", a["id"], 10 + i) for i, a in enumerate(articles)]
    store = Store(url)
    try:
        store.add(articles, events)
        view = state.from_query("?from=2022-02-01&to=2022-02-28")
        page = export_view(store, view, ExportOptions(fmt="html")).content.decode("utf-8")
    finally:
        store.close()
    note = json.loads(re.search(r'"text":("Source: [^"]*")', page).group(1))  # the annotation's text (JSON)
    for a in articles:
        assert a["id"] not in note
    assert not ID.search(note), note
    for words in expected:
        assert words in note, note
