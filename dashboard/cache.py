"""Answers of the read-only callbacks, shared by the gunicorn workers of one host.

A key is the callback's name, the store's generation and the callback's inputs
(the normalised view and the theme).  The generation (``Store.generation()``)
changes in the same transaction as any add or remove, and is read *before*
the answer is computed, so an answer stored under a generation was computed
from data at least that new: once a change is committed no request can find
an answer from before it.  A wiped and refilled database has a new token in
its generation, so it never meets the answers of the old one either.

Storage is diskcache (SQLite and files in one directory): safe across
processes, bounded in size, oldest-stored entries evicted first (a read does
not write).  :class:`NoCache` computes every time (the local, one-user default).

Environment (read by :func:`from_environment`, i.e. by ``dashboard.wsgi``)::

    TIMELINE_CACHE      1 (default under gunicorn) share answers between workers; 0 off
    TIMELINE_CACHE_DIR  the directory (default: one per database URL in the system's temp folder)
    TIMELINE_CACHE_MB   its size limit in megabytes (default 256)
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

_MISSING = object()

#: Answers at least this large are kept in files of their own, smaller ones in the cache's database.
VALUE_FILE_MIN_BYTES = 16 * 2**20


class NoCache:
    """Computes every answer; remembers only whether the last lookup on this thread was a hit (never)."""

    #: Whether answers are kept (worth computing one along with another).
    keeps = False

    def __init__(self):
        self._local = threading.local()

    def get_or_compute(self, key: str, compute: Callable[[], object], *, quiet: bool = False):
        """``compute()``; a ``quiet`` lookup (of something an answer is made from) leaves :meth:`outcome` alone."""
        if not quiet:
            self._local.outcome = "miss"
        return compute()

    def put(self, key: str, value) -> None:
        """Keep ``value`` under ``key`` (an answer computed along with another); nothing is kept here."""

    def peek(self, key: str):
        """What is kept under ``key``, or None; no outcome is noted."""

    def claim(self, key: str, seconds: float) -> bool:
        """True for the first to claim ``key`` in the next ``seconds`` among the workers sharing
        the cache (one of them does a job for all); always true here, with one worker."""
        return True

    def release(self, key: str) -> None:
        """Give up a claim (the job failed: another may try)."""

    def outcome(self) -> str | None:
        """``hit`` or ``miss`` for the last lookup made on this thread since :meth:`forget`, else ``None``."""
        return getattr(self._local, "outcome", None)

    def forget(self) -> None:
        self._local.outcome = None

    def close(self) -> None:
        pass


class ResultCache(NoCache):
    """A cross-process cache of callback answers in ``directory`` (at most ``size_mb`` megabytes)."""

    keeps = True

    def __init__(self, directory: str | Path, *, size_mb: int = 256):
        super().__init__()
        import diskcache

        self.directory = str(directory)
        self._cache = diskcache.Cache(
            self.directory,
            size_limit=size_mb * 2**20,
            eviction_policy="least-recently-stored",
            timeout=5,
            # every answer a row of the cache's database: a drawn timeline (50-400 kB) written to
            # a file of its own cost twice as much to store (0.6-0.8 ms against 0.25-0.35 ms)
            disk_min_file_size=VALUE_FILE_MIN_BYTES,
        )

    def get_or_compute(self, key: str, compute: Callable[[], object], *, quiet: bool = False):
        value = self._cache.get(key, default=_MISSING, retry=True)
        if value is not _MISSING:
            if not quiet:
                self._local.outcome = "hit"
            return value
        if not quiet:
            self._local.outcome = "miss"
        value = compute()
        self._cache.set(key, value, retry=True)
        return value

    def put(self, key: str, value) -> None:
        self._cache.set(key, value, retry=True)

    def peek(self, key: str):
        return self._cache.get(key, default=None, retry=True)

    def claim(self, key: str, seconds: float) -> bool:
        return self._cache.add(key, True, expire=seconds, retry=True)

    def release(self, key: str) -> None:
        self._cache.delete(key, retry=True)

    def close(self) -> None:
        self._cache.close()


def default_directory(database_url: str) -> Path:
    """One directory per database (its URL hashed, password included), in the temp folder."""
    digest = hashlib.sha256(database_url.encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"timeline-cache-{digest}"


def from_environment(database_url: str) -> NoCache:
    """The cache ``TIMELINE_CACHE``, ``TIMELINE_CACHE_DIR`` and ``TIMELINE_CACHE_MB`` ask for."""
    if os.environ.get("TIMELINE_CACHE", "1").strip().lower() in ("0", "false", "no", "off"):
        return NoCache()
    directory = Path(os.environ.get("TIMELINE_CACHE_DIR") or default_directory(database_url))
    size = os.environ.get("TIMELINE_CACHE_MB", "").strip() or "256"
    if not size.isdigit() or int(size) < 1:
        raise RuntimeError(
            f"TIMELINE_CACHE_MB={size!r} is not a size in megabytes (a whole number, 1 or more; unset, it is 256)"
        )
    return ResultCache(private_directory(directory), size_mb=int(size))


def private_directory(directory: Path) -> Path:
    """``directory``, made if missing, refused unless this user owns it and nobody else may write in it.

    The answers are pickles: whoever can write them could run code in the server.
    """
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    info = directory.stat()
    if info.st_uid != os.getuid() or info.st_mode & 0o022:
        raise RuntimeError(
            f"The cache directory {directory} must belong to this user and be writable by it alone "
            f"(chmod 700); or set TIMELINE_CACHE_DIR to another directory, or TIMELINE_CACHE=0"
        )
    return directory
