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
from extract.records import SCHEMA_VERSION, TimeMention
from extract.temporal import PublishedGuess, infer_published, tag_times

__all__ = [
    "SCHEMA_VERSION",
    "ArticleError",
    "DataFileError",
    "ExtractError",
    "InputError",
    "PublishedDateError",
    "PublishedGuess",
    "TimeMention",
    "infer_published",
    "tag_times",
]
