"""Every component id of the dashboard, in one place (layouts and callbacks import them)."""

URL = "url"
THEME = "theme"
THEME_TOGGLE = "theme-toggle"
DATA_VERSION = "data-version"
COPY_LINK = "copy-link"
STATS = "stats"

SEARCH = "search"
LANES = "lanes"
CATEGORIES = "categories"
MODALITIES = "modalities"
ACTORS = "actors"
PLACES = "places"
SOURCES = "sources"
DATES = "dates"
RESET = "reset"

STATUS = "status"
TIMELINE = "timeline"
TABLE = "events-table"
TABLE_NOTE = "table-note"
UNDATED = "undated"
UNDATED_TITLE = "undated-title"
DETAIL = "detail"
DETAIL_CLOSE = "detail-close"
DETAIL_BODY = "detail-body"
ADD_FILES = "add-files"

ADD_OPEN = "add-open"
ADD_PANEL = "add-panel"
ADD_TEXT = "add-text"
ADD_TITLE = "add-title"
ADD_PUBLISHED = "add-published"
ADD_UPLOAD = "add-upload"
ADD_SUBMIT = "add-submit"
ADD_MESSAGE = "add-message"


def undated_item(event_id: str) -> dict:
    """The id of one undated event's button (pattern-matching)."""
    return {"type": "undated-item", "event": event_id}
