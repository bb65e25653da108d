"""Errors raised by :mod:`extract`.

Every error the package raises on purpose derives from :class:`ExtractError`;
the command line turns them into a message and an exit code, nothing else does::

    ExtractError                 base class, ``exit_code`` 1
    +-- InputError               the caller's input is wrong, ``exit_code`` 2
    |   +-- PublishedDateError   a publication date that is missing or not a date
    |   +-- ArticleError         an article (file, row, record) that cannot be read
    +-- DataFileError            a bundled rule / lexicon file is malformed (a bug)
"""

from __future__ import annotations


class ExtractError(Exception):
    """Base class of every error raised by this package."""

    exit_code = 1


class InputError(ExtractError):
    """The caller's input is wrong; the message says which input and why."""

    exit_code = 2


class PublishedDateError(InputError):
    """A publication date is missing or is not a date."""


class ArticleError(InputError):
    """An article cannot be read: names the file (and row) and what is wrong."""


class DataFileError(ExtractError):
    """A bundled data file (rules, lexicons, taxonomy) is malformed."""
