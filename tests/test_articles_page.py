"""The team page /articles lists each stored article by something a person recognises (its title, else the
opening words of its text), with its outlet and publication date; its id stays on the page for Remove,
and no article text is ever rendered as HTML."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from dashboard import team
from dashboard.app import create_app
from extract.store import Store


class Rows(HTMLParser):
    """The table's rows: per cell its text, its tags, its links and the hidden form fields."""

    def __init__(self):
        super().__init__()
        self.rows, self.cell, self.tags = [], None, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "tr":
            self.rows.append([])
        elif tag == "td":
            self.cell = {"text": "", "tags": [], "links": [], "fields": {}, "small": ""}
            self.rows[-1].append(self.cell)
        elif self.cell is not None:
            self.cell["tags"].append(tag)
            if tag == "a":
                self.cell["links"].append(attrs.get("href"))
            if tag == "input" and attrs.get("type") == "hidden":
                self.cell["fields"][attrs["name"]] = attrs["value"]
        self.tags.append(tag)

    def handle_endtag(self, tag):
        if tag == "td":
            self.cell = None
        if self.tags and self.tags[-1] == tag:
            self.tags.pop()

    def handle_data(self, data):
        if self.cell is not None:
            self.cell["text"] += data
            if "small" in self.tags:
                self.cell["small"] += data


@pytest.fixture
def store(tmp_path):
    s = Store(f"sqlite:///{tmp_path / 'articles.db'}")
    yield s
    s.close()


def listing(store, articles):
    """The /articles page (local mode, so Remove is offered) of a store holding ``articles``, by article id."""
    store.add(articles, [])
    app = create_app(store)
    team.install(app, store, enabled=False)
    client = app.server.test_client()
    page = client.get("/articles").get_data(as_text=True)
    parser = Rows()
    parser.feed(page)
    cells = [r for r in parser.rows if r]  # the header row has <th> only
    by_id = {row[3]["fields"]["article_id"]: row for row in cells}
    return page, by_id, client


def article(i, text, **fields):
    return {"id": f"{0xC0FFEE00 + i:016x}", "text": text, "published": "2022-02-16", **fields}


UNTITLED = [
    "Russian and Ukrainian negotiators met in Istanbul on Tuesday for a new round of talks about a ceasefire.",
    "Fears Putin is just playing at peace with Ukraine\n\nFears Putin is just playing at peace: As feared day...",
    "\n\n   Short pasted note.\nSecond line that is not shown.",
    "Talks   resumed\tin Geneva on Monday.",
    "Onesinglewordwithoutanyspacesthatgoesonandonandonandonandonandonandonandonandonandonandonandonandon end",
    "Ceasefire " * 60,
]


@pytest.mark.parametrize("text", UNTITLED, ids=["long-line", "headline-first", "blank-lines-first", "spaces", "one-long-word", "repeated"])  # fmt: skip
def test_an_untitled_article_is_listed_by_the_first_words_of_its_text(store, text):
    a = article(1, text)
    _, rows, _ = listing(store, [a])
    cell = rows[a["id"]][0]
    first_line = next(" ".join(line.split()) for line in text.splitlines() if line.strip())
    shown = re.fullmatch(r"“(.+)”", cell["text"].removesuffix(cell["small"])).group(1)
    words = shown.removesuffix("…")
    assert words and first_line.startswith(words), (shown, first_line)
    assert shown.endswith("…") == (words != first_line)
    assert len(shown) <= team.EXCERPT_CHARS and len(words.split()) <= team.EXCERPT_WORDS
    assert cell["small"] == a["id"]  # the id stays, small, under the words


@pytest.mark.parametrize(
    ("fields", "title", "outlet", "published"),
    [
        ({"title": "Talks in Moscow", "source": "Reuters", "published": "2022-02-15"}, "Talks in Moscow", "Reuters", "2022-02-15"),
        ({"title": "  Spaced\n title ", "source": "AP", "published": "2022-02-15T08:30:00"}, "Spaced title", "AP", "2022-02-15"),
        ({"url": "https://www.bbc.co.uk/news/x", "published": "2022-03-01"}, None, "bbc.co.uk", "2022-03-01"),
        ({"title": "Inferred", "published": "2022-03-02", "published_inferred": True}, "Inferred", "", "2022-03-02 (inferred)"),
        ({"title": "No date", "source": "DW", "published": None}, "No date", "DW", ""),
    ],
    ids=["title-outlet", "spaces-and-time", "host-when-no-outlet", "inferred-date", "no-date"],
)  # fmt: skip
def test_each_article_shows_its_title_outlet_and_date(store, fields, title, outlet, published):
    a = article(2, "Some text of the article.\nMore.", **fields)
    _, rows, _ = listing(store, [a])
    name, source, date, remove = rows[a["id"]]
    if title:
        assert name["text"] == title + a["id"]
    else:
        assert name["text"] == "“Some text of the article.”" + a["id"]
    assert source["text"] == outlet
    assert date["text"] == published
    assert remove["fields"]["article_id"] == a["id"]


HOSTILE = [
    "<script>alert(1)</script> Troops moved on Monday.",
    '<img src=x onerror="alert(2)"> Talks "began" & ended',
    "</td></tr></table><form action=/evil><button>Click</button></form>",
    "A&amp;B &lt;not a tag&gt; <!-- comment --> end",
]


@pytest.mark.parametrize("text", HOSTILE, ids=["script", "img", "break-out", "entities"])
@pytest.mark.parametrize("as_title", [False, True], ids=["text", "title"])
def test_article_words_are_shown_as_text_never_as_html(store, text, as_title):
    a = article(
        3,
        text if not as_title else "Plain text.",
        title=text if as_title else "",
        source=text,
        url="javascript:alert(3)",
    )
    page, rows, _ = listing(store, [a])
    assert "<script" not in page and "<img" not in page and "<form action=/evil" not in page and "<!--" not in page
    name, source, _, _ = rows[a["id"]]
    assert name["tags"] == (["br", "small"] if as_title else ["i", "br", "small"])  # no tag of the article's
    assert name["links"] == []  # a javascript: address is no link
    shown = name["text"].removesuffix(a["id"]).strip("“”").removesuffix("…")
    assert " ".join(text.split()).startswith(shown) and shown
    assert source["text"] == text and source["tags"] == []


def test_a_web_address_links_the_title_and_remove_uses_the_id_shown(store):
    articles = [
        article(4, "First.", title="Linked", url="https://example.com/a?x=1&y=2"),
        article(5, "Pasted text without a title or source."),
    ]
    _, rows, client = listing(store, articles)
    assert rows[articles[0]["id"]][0]["links"] == ["https://example.com/a?x=1&y=2"]
    assert rows[articles[1]["id"]][0]["links"] == []
    for a in articles:
        cell = rows[a["id"]]
        assert cell[0]["small"] == cell[3]["fields"]["article_id"] == a["id"]
    shown_id = rows[articles[1]["id"]][0]["small"]
    token = rows[articles[1]["id"]][3]["fields"]["csrf_token"]
    assert client.post("/articles/remove", data={"article_id": shown_id, "csrf_token": token}).status_code == 302
    assert store.counts()["articles"] == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("one two three", "one two three"),
        ("\n  \n first line \nsecond", "first line"),
        (" ".join(f"w{i}" for i in range(30)), " ".join(f"w{i}" for i in range(team.EXCERPT_WORDS)) + "…"),
        ("x" * 200, "x" * (team.EXCERPT_CHARS - 1) + "…"),
        ("Cut here, " * 3 + "and more " * 20, None),
        ("", ""),
        ("   \n\t", ""),
    ],
    ids=["short", "first-line", "many-words", "one-long-word", "punctuation", "empty", "blank"],
)  # fmt: skip
def test_first_words(text, expected):
    got = team.first_words(text)
    if expected is not None:
        assert got == expected
    assert len(got) <= team.EXCERPT_CHARS
    assert not got.endswith((",…", " …", ".…"))
