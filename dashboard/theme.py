"""Colours, symbols and labels: one category has one colour everywhere.

The category colours are the Okabe-Ito palette (safe for the common forms of
colour blindness) plus Paul Tol's wine for an eighth class and grey for
``other``.  Modality is never told by colour alone: it changes the marker
symbol and the line dash as well.
"""

from __future__ import annotations

#: Category ids of the taxonomy, in lane order, with colour and label.
CATEGORIES = {
    "troop_movement": ("#E69F00", "Troop movement"),
    "military_exercise": ("#56B4E9", "Military exercise"),
    "armed_attack": ("#D55E00", "Armed attack"),
    "cyberattack": ("#CC79A7", "Cyberattack"),
    "talks": ("#009E73", "Talks"),
    "statement": ("#0072B2", "Statement"),
    "weapons_aid": ("#F0E442", "Weapons aid"),
    "sanctions": ("#882255", "Sanctions"),
    "other": ("#999999", "Other"),
}
UNKNOWN_COLOUR = "#7A7A7A"

#: Modality ids with the marker symbol, the line dash, the opacity and a label.
MODALITIES = {
    "asserted": ("circle", "solid", 1.0, "Asserted"),
    "reported": ("diamond", "solid", 0.9, "Reported (attributed claim)"),
    "speculative": ("circle-open", "dot", 0.75, "Speculative"),
    "planned": ("triangle-up-open", "dash", 0.8, "Planned"),
    "denied": ("x", "dot", 0.75, "Denied"),
}
#: The same symbols as text, for legends drawn in HTML.
MODALITY_GLYPHS = {"asserted": "●", "reported": "◆", "speculative": "○", "planned": "△", "denied": "✕"}

#: Grains drawn as a point, as a short span and as a bar.
POINT_GRAINS = {"time", "day"}
SPAN_GRAINS = {"part_of_day"}

THEMES = {
    "light": {
        "paper": "rgba(0,0,0,0)",
        "plot": "#ffffff",
        "text": "#1f2328",
        "muted": "#59636e",
        "grid": "#e6e8eb",
        "lane": "#f6f8fa",
        "outline": "#ffffff",
        "ring": "#1f2328",
        "font": "Inter, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
    },
    "dark": {
        "paper": "rgba(0,0,0,0)",
        "plot": "#161b22",
        "text": "#e6edf3",
        "muted": "#9198a1",
        "grid": "#2a313c",
        "lane": "#1c2230",
        "outline": "#0d1117",
        "ring": "#f0f6fc",
        "font": "Inter, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
    },
}


def colour(category: str) -> str:
    return CATEGORIES.get(category, (UNKNOWN_COLOUR, category))[0]


def category_label(category: str) -> str:
    return CATEGORIES.get(category, (UNKNOWN_COLOUR, category.replace("_", " ").capitalize()))[1]


def modality_style(modality: str) -> tuple[str, str, float, str]:
    return MODALITIES.get(modality, MODALITIES["asserted"])


def shape(grain: str | None) -> str:
    """How an event of this grain is drawn: ``point``, ``span`` or ``bar``."""
    if grain in POINT_GRAINS or grain is None:
        return "point"
    if grain in SPAN_GRAINS:
        return "span"
    return "bar"
