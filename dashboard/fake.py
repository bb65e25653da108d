"""Generated articles and events in the pipeline's JSON schema, for tests and benchmarks.

The events look like what ``extract.extract_events`` returns (``Event.to_dict()``)
but are made up: seeded, so the same ``n`` and ``seed`` give the same events.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random

CATEGORIES = (
    ("troop_movement", 22),
    ("statement", 26),
    ("talks", 14),
    ("military_exercise", 10),
    ("cyberattack", 6),
    ("weapons_aid", 7),
    ("sanctions", 5),
    ("armed_attack", 6),
    ("other", 4),
)
MODALITIES = (("asserted", 60), ("reported", 22), ("speculative", 9), ("planned", 6), ("denied", 3))
GRAINS = (("day", 62), ("part_of_day", 12), ("week", 7), ("month", 9), ("time", 3), (None, 7))
ACTORS = (
    "Vladimir Putin", "Joe Biden", "Olaf Scholz", "Boris Johnson", "Volodymyr Zelensky", "Emmanuel Macron",
    "Maria Zakharova", "Jens Stoltenberg", "Russia", "Ukraine", "United States", "United Kingdom", "Germany",
    "NATO", "European Union", "Russian armed forces", "Ukrainian armed forces", "Kremlin",
)
PLACES = (
    "Kyiv", "Moscow", "Donetsk", "Luhansk", "Kharkiv", "Belarus border", "Crimea", "Mariupol", "Odesa",
    "Brussels", "Berlin", "London", "Washington", "Black Sea",
)
SOURCES = ("Daily Wire", "Evening Post", "Global Desk", "Metro Review", "Northern Courier", "Reuters-like Agency")
VERBS = {
    "troop_movement": "troops were seen advancing towards",
    "statement": "said in a statement about",
    "talks": "held talks on the crisis near",
    "military_exercise": "held drills near",
    "cyberattack": "government websites were hit by cyber attacks in",
    "weapons_aid": "delivered anti-tank weapons to forces near",
    "sanctions": "announced sanctions over events in",
    "armed_attack": "shelling was reported near",
    "other": "was mentioned in connection with",
}
TIME_TEXT = {"day": "on Tuesday", "part_of_day": "last night", "week": "last week", "month": "last month", "time": "at 9 a.m."}


def _pick(rng: random.Random, table):
    values, weights = zip(*table)
    return rng.choices(values, weights)[0]


def _interval(day: dt.date, grain: str | None, rng: random.Random):
    if grain is None:
        return None, None, None
    start = dt.datetime(day.year, day.month, day.day)
    if grain == "day":
        return day.isoformat(), start, start + dt.timedelta(days=1)
    if grain == "time":
        t = start + dt.timedelta(hours=rng.randrange(6, 22))
        return t.isoformat(timespec="minutes"), t, t + dt.timedelta(minutes=1)
    if grain == "part_of_day":
        night = start + dt.timedelta(hours=18)
        return f"{day.isoformat()}TNI", night, night + dt.timedelta(hours=12)
    if grain == "week":
        monday = start - dt.timedelta(days=start.weekday())
        iso = monday.isocalendar()
        return f"{iso.year}-W{iso.week:02d}", monday, monday + dt.timedelta(days=7)
    first = start.replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return f"{first:%Y-%m}", first, following


def generate(n: int, *, seed: int = 7, start: dt.date = dt.date(2021, 11, 1), days: int | None = None):
    """``n`` events and the articles they come from: ``(articles, events)`` as dicts.

    Events spread over ``days`` days from ``start`` (by default about one day
    per 40 events, at least 120 days), about five events per article.
    """
    rng = random.Random(seed)
    days = days or max(120, n // 40)
    n_articles = max(1, n // 5)
    articles = []
    for i in range(n_articles):
        published = start + dt.timedelta(days=rng.randrange(days) + 1)
        source = rng.choice(SOURCES)
        articles.append(
            {
                "id": hashlib.sha1(f"{seed}-article-{i}".encode()).hexdigest()[:16],
                "title": f"{source}: crisis report {i + 1}",
                "url": f"https://example.org/{source.lower().replace(' ', '-')}/{i + 1}",
                "source": source,
                "published": published.isoformat(),
                "published_inferred": rng.random() < 0.1,
                "text": "",
            }
        )
    texts = {a["id"]: [] for a in articles}
    events = []
    for i in range(n):
        article = articles[i % n_articles]
        published = dt.date.fromisoformat(article["published"])
        category = _pick(rng, CATEGORIES)
        modality = _pick(rng, MODALITIES)
        grain = _pick(rng, GRAINS)
        day = published - dt.timedelta(days=rng.choice((0, 1, 1, 1, 2, 3, 6, 14, 30)))
        if modality == "planned":
            day = published + dt.timedelta(days=rng.randrange(1, 10))
        value, begin, end = _interval(day, grain, rng)
        actors = rng.sample(ACTORS, rng.choice((0, 1, 1, 2, 2, 3)))
        places = rng.sample(PLACES, rng.choice((0, 1, 1, 2)))
        time_text = TIME_TEXT.get(grain, "")
        who = actors[0] if actors else "Officials"
        where = places[0] if places else "the region"
        sentence = f"{who} {VERBS[category]} {where}{(' ' + time_text) if time_text else ''}."
        paragraph = texts[article["id"]]
        offset = sum(len(p) + 2 for p in paragraph)
        paragraph.append(sentence)
        sources = [{"article_id": article["id"], "sentence": sentence, "start": offset, "end": offset + len(sentence)}]
        if rng.random() < 0.12 and n_articles > 1:
            other = articles[(i + 1 + rng.randrange(n_articles - 1)) % n_articles]
            other_offset = sum(len(p) + 2 for p in texts[other["id"]])
            texts[other["id"]].append(sentence)
            sources.append({"article_id": other["id"], "sentence": sentence, "start": other_offset, "end": other_offset + len(sentence)})
        events.append(
            {
                "id": hashlib.sha1(f"{seed}-event-{i}".encode()).hexdigest()[:16],
                "category": category,
                "modality": modality,
                "value": value,
                "start": begin.isoformat() if begin else None,
                "end": end.isoformat() if end else None,
                "grain": grain,
                "time_text": time_text,
                "sentence": sentence,
                "actors": actors,
                "places": places,
                "sources": sources,
                "published": article["published"],
                "published_inferred": article["published_inferred"],
                "rule": f"{grain or 'undated'}-generated",
                "schema_version": 1,
                "title": article["title"],
                "url": article["url"],
                "source": article["source"],
            }
        )
    for article in articles:
        article["text"] = "\n\n".join(texts[article["id"]])
    return articles, events
