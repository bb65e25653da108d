"""Find the time expressions and dated events of news articles.

The public API is what ``__all__`` lists; everything else is private.
"""

from extract.errors import (
    ArticleError,
    DataFileError,
    ExtractError,
    InputError,
    PublishedDateError,
)
from extract.ingest import read_articles
from extract.pipeline import extract_events
from extract.records import SCHEMA_VERSION, Article, Event, EventSource, TimeMention
from extract.temporal import PublishedGuess, infer_published, tag_times

__all__ = [
    "SCHEMA_VERSION",
    "Article",
    "ArticleError",
    "DataFileError",
    "Event",
    "EventSource",
    "ExtractError",
    "InputError",
    "PublishedDateError",
    "PublishedGuess",
    "TimeMention",
    "extract_events",
    "infer_published",
    "read_articles",
    "tag_times",
]
