"""The view state of the dashboard and its URL query string.

A view is a plain dict (``DEFAULT`` lists its keys).  ``to_query`` writes the
keys that differ from the default; ``from_query`` reads them back and ignores
what it does not understand, so a hand-edited or stale link still opens::

    ?cat=talks,statement&q=putin&from=2022-02-01&to=2022-03-01&lanes=actor&event=ab12

Lists are comma-separated; a comma inside a value (an actor "Smith, John") is
written as ``%2C`` like any other reserved character.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote, unquote_plus

LANES = ("category", "actor", "source")

#: Keys of a view, their URL parameter and default value.
DEFAULT: dict = {
    "categories": [],
    "modalities": [],
    "actors": [],
    "places": [],
    "sources": [],
    "start": None,
    "end": None,
    "q": "",
    "lanes": "category",
    "event": None,
}
PARAMS = {
    "categories": "cat",
    "modalities": "mod",
    "actors": "actor",
    "places": "place",
    "sources": "source",
    "start": "from",
    "end": "to",
    "q": "q",
    "lanes": "lanes",
    "event": "event",
}
LIST_KEYS = ("categories", "modalities", "actors", "places", "sources")


def default() -> dict:
    return {k: (list(v) if isinstance(v, list) else v) for k, v in DEFAULT.items()}


def iso_date(text: str | None) -> str | None:
    """An ISO date or date-time as written in a URL, or ``None`` when it is not one."""
    if not text:
        return None
    try:
        value = dt.datetime.fromisoformat(text.strip().replace(" ", "T"))
    except ValueError:
        return None
    if value.time() == dt.time(0):
        return value.date().isoformat()
    return value.replace(tzinfo=None).isoformat(timespec="seconds")


def normalise(view: dict) -> dict:
    """A complete, clean view: every key present, lists de-duplicated, bad values dropped."""
    out = default()
    for key in LIST_KEYS:
        values = view.get(key) or []
        if isinstance(values, str):
            values = [values]
        out[key] = [str(v) for v in dict.fromkeys(values) if str(v).strip()]
    out["start"] = iso_date(view.get("start"))
    out["end"] = iso_date(view.get("end"))
    if out["start"] and out["end"] and out["start"] >= out["end"]:
        out["start"], out["end"] = None, None
    out["q"] = " ".join(str(view.get("q") or "").split())[:200]
    out["lanes"] = view.get("lanes") if view.get("lanes") in LANES else "category"
    out["event"] = str(view["event"]) if view.get("event") else None
    return out


def to_query(view: dict) -> str:
    """The query string (with its ``?``, or empty) that reopens ``view``."""
    view = normalise(view)
    parts = []
    for key, param in PARAMS.items():
        value = view[key]
        if value == DEFAULT[key]:
            continue
        if key in LIST_KEYS:
            text = ",".join(quote(v, safe=" ") for v in value)
        else:
            text = quote(str(value), safe=" :")
        parts.append(f"{param}={text.replace(' ', '+')}")
    return "?" + "&".join(parts) if parts else ""


def from_query(search: str | None) -> dict:
    """The view a query string describes; unknown parameters are ignored (the last of a repeated one wins)."""
    keys = {param: key for key, param in PARAMS.items()}
    view = {}
    for part in (search or "").lstrip("?").split("&"):
        param, _, text = part.partition("=")
        key = keys.get(param)
        if key is None:
            continue
        if key in LIST_KEYS:
            # split before decoding, so that an escaped comma stays inside its value
            view[key] = [unquote_plus(v) for v in text.split(",")]
        else:
            view[key] = unquote_plus(text)
    return normalise(view)
