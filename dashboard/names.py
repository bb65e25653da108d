"""How the dashboard names an article for a reader: its text cut at a word, its web site's host.

Shared by the export's source note and the team's article list, which both name
articles that may lack a title or an outlet.
"""

from __future__ import annotations

from urllib.parse import urlsplit


def shorten(text: str, limit: int) -> str:
    """``text`` on one line, cut at a word to at most ``limit`` characters with "…" when longer."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    at_word = cut[: cut.rfind(" ")] if " " in cut else ""
    if len(at_word) >= limit // 2:  # a cut inside a long first word keeps that word's start
        cut = at_word
    return cut.rstrip(" ,;:.!?-–—") + "…"


def url_host(url: str) -> str:
    """``reuters.com`` of ``https://www.reuters.com/world/...``; "" for no web address."""
    try:
        parts = urlsplit((url or "").strip())
        host = parts.hostname or ""
    except ValueError:
        return ""
    if parts.scheme.lower() not in ("http", "https"):
        return ""
    return host.removeprefix("www.")
