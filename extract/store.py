"""Where articles and their events are kept: SQLAlchemy Core over SQLite or PostgreSQL.

The store takes events as the JSON objects of ``Event.to_dict()`` (see the
README's schema) and articles as mappings with ``id``, ``title``, ``text``,
``published``, ``published_inferred``, ``source`` and ``url``.  It never
imports the pipeline: whoever extracts the events hands them over.

Filtering, searching and counting run in the database, so a dashboard asks
for the few hundred rows or the few hundred counts it draws, never for every
event.  Tables::

    articles        one row per article (id is the pipeline's stable id)
    events          one row per event; start_ts/end_ts are epoch seconds (NULL = undated)
    event_sources   the sentences that report an event (article, offsets), with the
                    article's source label denormalised for filtering by source
    event_actors    event -> actor name, one row each, for filters and actor lanes
    event_places    event -> place name
    users           team accounts (name, password hash, role), when hosted
    saved_views     named views: the URL state a team saved
    sign_in_attempts  failed sign-ins, for rate limiting across workers
    store_generation  one row: a token made with the database and a number every change of
                    articles or events bumps, in the same transaction (caches key on both)

The schema is versioned with Alembic (``extract/migrations``).  An empty
database is created and stamped on first use; a database whose schema is
older than the code raises :class:`SchemaOutOfDate`, whose message names the
upgrade command (``python -m dashboard db upgrade``).

Adding is one transaction: all of a batch's articles and events, or nothing.
Adding an article already stored adds nothing; an event id already stored
gains the new sources (a corroboration), never a second row.  Inserts skip
rows that exist (``ON CONFLICT DO NOTHING``), so two writers adding the same
article at the same moment store it once: the second waits for the first's
commit and then finds nothing new.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import secrets
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

import orjson
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from extract.errors import ExtractError, InputError

#: Where ``Store()`` keeps its data when no URL is given (relative to the working directory).
DEFAULT_URL = "sqlite:///timeline.db"

#: Lanes a timeline can be split into, and the label of events that have no value for one.
LANES = ("category", "actor", "source")
NO_VALUE = {"category": "other", "actor": "(no actor)", "source": "(no source)"}

_EPOCH = dt.datetime(1970, 1, 1)

metadata = sa.MetaData()

articles = sa.Table(
    "articles",
    metadata,
    sa.Column("id", sa.String(128), primary_key=True),
    sa.Column("title", sa.Text, nullable=False, default=""),
    sa.Column("url", sa.Text, nullable=False, default=""),
    sa.Column("source", sa.Text, nullable=False, default=""),
    sa.Column("published", sa.String(32)),
    sa.Column("published_inferred", sa.Boolean, nullable=False, default=False),
    sa.Column("text", sa.Text, nullable=False, default=""),
    sa.Column("added_at", sa.String(32), nullable=False),
)

events = sa.Table(
    "events",
    metadata,
    sa.Column("id", sa.String(128), primary_key=True),
    sa.Column("category", sa.String(64), nullable=False),
    sa.Column("modality", sa.String(32), nullable=False),
    sa.Column("value", sa.String(64)),
    sa.Column("grain", sa.String(32)),
    sa.Column("start", sa.String(32)),
    sa.Column("end", sa.String(32)),
    sa.Column("start_ts", sa.Float),
    sa.Column("end_ts", sa.Float),
    sa.Column("time_text", sa.Text, nullable=False, default=""),
    sa.Column("sentence", sa.Text, nullable=False, default=""),
    sa.Column("actors", sa.Text, nullable=False, default="[]"),
    sa.Column("places", sa.Text, nullable=False, default="[]"),
    sa.Column("n_sources", sa.Integer, nullable=False, default=1),
    sa.Column("search_text", sa.Text, nullable=False, default=""),
    sa.Column("record", sa.Text, nullable=False),
    sa.Index("ix_events_start_ts", "start_ts"),
    # with the id: counts, lanes and the joins on id read this index alone, not the wide rows (0006)
    sa.Index("ix_events_span", "start_ts", "end_ts", "category", "modality", "id"),
    sa.Index("ix_events_category_start", "category", "start_ts"),
    sa.Index("ix_events_modality", "modality"),
)

event_sources = sa.Table(
    "event_sources",
    metadata,
    sa.Column("event_id", sa.String(128), sa.ForeignKey("events.id"), nullable=False),
    sa.Column("article_id", sa.String(128), sa.ForeignKey("articles.id"), nullable=False),
    sa.Column("start", sa.Integer, nullable=False, default=-1),
    sa.Column("end", sa.Integer, nullable=False, default=-1),
    sa.Column("sentence", sa.Text, nullable=False, default=""),
    sa.Column("time_start", sa.Integer),
    sa.Column("time_end", sa.Integer),
    sa.Column("kind", sa.String(32), nullable=False, default="body"),
    sa.Column("source_label", sa.Text, nullable=False, default=""),
    sa.PrimaryKeyConstraint("event_id", "article_id", "start"),
    sa.Index("ix_event_sources_article", "article_id"),
    sa.Index("ix_event_sources_label", "source_label"),
)

event_actors = sa.Table(
    "event_actors",
    metadata,
    sa.Column("event_id", sa.String(128), sa.ForeignKey("events.id"), nullable=False),
    sa.Column("actor", sa.String(256), nullable=False),
    sa.PrimaryKeyConstraint("event_id", "actor"),
    sa.Index("ix_event_actors_actor", "actor"),
)

event_places = sa.Table(
    "event_places",
    metadata,
    sa.Column("event_id", sa.String(128), sa.ForeignKey("events.id"), nullable=False),
    sa.Column("place", sa.String(256), nullable=False),
    sa.PrimaryKeyConstraint("event_id", "place"),
    sa.Index("ix_event_places_place", "place"),
)


#: PostgreSQL only (revision 0003): trigram index so ``LIKE '%word%'`` searches need no full scan.
SEARCH_INDEX = "ix_events_search_trgm"
sa.event.listen(
    events,
    "after_create",
    sa.DDL("CREATE EXTENSION IF NOT EXISTS pg_trgm").execute_if(dialect="postgresql"),
)
sa.event.listen(
    events,
    "after_create",
    sa.DDL(f"CREATE INDEX IF NOT EXISTS {SEARCH_INDEX} ON events USING gin (search_text gin_trgm_ops)").execute_if(
        dialect="postgresql"
    ),
)

#: PostgreSQL only (revision 0005): the events' actor and place lists as jsonb, so a filter on
#: them is an index lookup the planner can combine with the date range (no join).
LIST_INDEXES = {"ix_events_actors_gin": "actors", "ix_events_places_gin": "places"}
for _name, _column in LIST_INDEXES.items():
    sa.event.listen(
        events,
        "after_create",
        sa.DDL(f"CREATE INDEX IF NOT EXISTS {_name} ON events USING gin (({_column}::jsonb))").execute_if(
            dialect="postgresql"
        ),
    )

users = sa.Table(
    "users",
    metadata,
    sa.Column("name", sa.String(128), primary_key=True),
    sa.Column("password_hash", sa.Text, nullable=False, default=""),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("created_at", sa.String(32), nullable=False),
    sa.Column("disabled", sa.Boolean, nullable=False, default=False),
)

saved_views = sa.Table(
    "saved_views",
    metadata,
    sa.Column("name", sa.String(200), primary_key=True),
    sa.Column("state", sa.Text, nullable=False),
    sa.Column("saved_by", sa.String(128), nullable=False, default=""),
    sa.Column("saved_at", sa.String(32), nullable=False),
)

sign_in_attempts = sa.Table(
    "sign_in_attempts",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("key", sa.String(300), nullable=False),
    sa.Column("at", sa.Float, nullable=False),
    sa.Index("ix_sign_in_attempts_key_at", "key", "at"),
)

store_generation = sa.Table(
    "store_generation",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("token", sa.String(64), nullable=False),
    sa.Column("generation", sa.BigInteger, nullable=False, default=0),
)


def new_generation_row() -> dict:
    """The single row of ``store_generation`` a new database starts with (revision 0004 too)."""
    return {"id": 1, "token": secrets.token_hex(8), "generation": 0}


@sa.event.listens_for(store_generation, "after_create")
def _first_generation(target, connection, **_kw) -> None:
    connection.execute(target.insert(), new_generation_row())


#: Tables of the first Alembic revision (the schema before team hosting).
CORE_TABLES = ("articles", "events", "event_sources", "event_actors", "event_places")


class StoreError(InputError):
    """The store cannot be opened (a bad URL, a database that is not there, no driver)."""


class SchemaOutOfDate(ExtractError):
    """The database's schema is older (or newer) than this code; the message names the fix."""

    exit_code = 3


@dataclass(frozen=True, kw_only=True)
class EventFilter:
    """Which events a view shows.  Empty tuples and ``None`` mean "no restriction".

    ``start``/``end`` bound the view (end exclusive); an event is in view when
    its interval overlaps it.  ``text`` is searched, case-insensitively, in the
    sentence, the time expression, actors, places and the article titles.
    ``dated`` keeps only dated (True) or only undated (False) events.
    ``longest`` (seconds), when given, is at least the length of every stored
    event: with ``start`` it bounds the events' starts from below too, so the
    database reads only the events that start near the view instead of every
    event that starts before its end (``Store.facets()["longest"]`` is one).
    """

    categories: tuple[str, ...] = ()
    modalities: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    start: dt.datetime | None = None
    end: dt.datetime | None = None
    text: str = ""
    dated: bool | None = None
    ids: tuple[str, ...] = field(default=())
    longest: float | None = None


@dataclass(frozen=True, kw_only=True)
class AddResult:
    """What one call of :meth:`Store.add` changed."""

    articles_added: int
    events_added: int
    sources_added: int


def to_timestamp(value: str | dt.datetime | dt.date | None) -> float | None:
    """Epoch seconds of an ISO date or date-time (naive, as the pipeline writes them)."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    elif not isinstance(value, dt.datetime):
        value = dt.datetime(value.year, value.month, value.day)
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC).replace(tzinfo=None)
    return (value - _EPOCH).total_seconds()


def from_timestamp(seconds: float) -> dt.datetime:
    return _EPOCH + dt.timedelta(seconds=seconds)


def _iso(value) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value)


def _as_dict(record) -> dict:
    if isinstance(record, Mapping):
        return dict(record)
    if hasattr(record, "to_dict"):
        return record.to_dict()
    raise TypeError(f"cannot store {type(record).__name__}: expected a mapping or a record with to_dict()")


@dataclass(frozen=True, kw_only=True)
class RemoveResult:
    """What one call of :meth:`Store.remove_article` changed."""

    articles_removed: int
    events_removed: int
    events_updated: int


def default_url() -> str:
    """``DATABASE_URL`` when set, else a SQLite file in the working directory."""
    return os.environ.get("DATABASE_URL") or DEFAULT_URL


def with_installed_driver(url: str) -> str:
    """``url`` with the PostgreSQL driver this project installs: a plain ``postgresql://`` names
    SQLAlchemy's default, psycopg2, which is not installed; psycopg 3 is."""
    if url.startswith("postgresql://"):
        return "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


class Store:
    """Articles and events in a database named by a SQLAlchemy URL.

    An empty database gets the schema (stamped with the newest migration), so
    a first run with a new SQLite file just works; a schema older than the code
    raises :class:`SchemaOutOfDate` (``check_schema=False`` skips the check, for
    the migration command itself).
    """

    def __init__(self, url: str | None = None, *, echo: bool = False, check_schema: bool = True, pool_size: int | None = None):
        self.url = with_installed_driver(url or default_url())
        kwargs = {}
        if self.url.startswith("sqlite"):
            kwargs["connect_args"] = {"check_same_thread": False}
        elif pool_size is not None:
            kwargs.update(pool_size=pool_size, max_overflow=pool_size)
        try:
            self.engine = sa.create_engine(self.url, echo=echo, **kwargs)
        except (sa.exc.ArgumentError, sa.exc.NoSuchModuleError, ImportError) as exc:
            raise StoreError(f"--db {self.display_url!r} is not a database URL this can open: {exc}") from None
        if self.engine.dialect.name == "sqlite":
            sa.event.listen(self.engine, "connect", _sqlite_pragmas)
            self._reads = self.engine
        else:
            if pool_size is not None:
                _ping_when_idle(self.engine)
            # Reads need no transaction: in autocommit each statement sees everything committed
            # before it (what READ COMMITTED gave), without a BEGIN and a ROLLBACK round trip each.
            self._reads = self.engine.execution_options(isolation_level="AUTOCOMMIT")
        self._held = threading.local()
        if check_schema:
            from extract import migrate

            try:
                migrate.ensure_schema(self.engine, self.url)
            except sa.exc.OperationalError as exc:
                reason = str(exc.orig) if getattr(exc, "orig", None) is not None else str(exc)
                raise StoreError(f"cannot open the store {self.display_url}: {reason}") from None

    @property
    def display_url(self) -> str:
        """The URL with any password masked, for messages and logs."""
        try:
            return sa.make_url(self.url).render_as_string(hide_password=True)
        except sa.exc.ArgumentError:
            return self.url

    def ping(self) -> None:
        """Raise unless the database answers a trivial query (the health check)."""
        with self.engine.connect() as conn:
            conn.execute(sa.text("SELECT 1")).scalar_one()

    def close(self) -> None:
        self.engine.dispose()

    @contextlib.contextmanager
    def reading(self) -> Iterator[sa.Connection]:
        """A connection for reads only; each statement sees every change committed before it.

        On PostgreSQL it is in autocommit (no BEGIN/ROLLBACK round trips), and
        inside :meth:`one_connection` it is the one this thread holds.
        """
        held = getattr(self._held, "scope", None)
        if held is None:
            with self._reads.connect() as conn:
                yield conn
            return
        if held[0] is None:
            held[0] = self._reads.connect()
        conn = held[0]
        try:
            yield conn
        except BaseException:
            held[0] = None  # a failed statement may have broken it: the next read takes another
            conn.close()
            raise
        if conn.in_transaction():
            conn.rollback()  # in autocommit only SQLAlchemy's bookkeeping: nothing is sent

    @contextlib.contextmanager
    def one_connection(self) -> Iterator[None]:
        """Every :meth:`reading` of this thread within the block shares one pooled connection.

        A web request's reads (the signed-in user, the generation, the queries)
        then cost one checkout instead of one each.  Each
        statement still sees the latest commits: reads are in autocommit, never
        one snapshot.  Only where reads are in autocommit (PostgreSQL); nested
        blocks share the outer one's connection.
        """
        if self._reads is self.engine or getattr(self._held, "scope", None) is not None:
            yield
            return
        held = self._held.scope = [None, None]  # the connection; a generation read along (first_with_generation)
        try:
            yield
        finally:
            self._held.scope = None
            if held[0] is not None:
                held[0].close()

    # -- writing -------------------------------------------------------------

    def add(self, new_articles: Iterable, new_events: Iterable) -> AddResult:
        """Add articles and their events in one transaction.

        Articles already stored are skipped; so are the sources they gave an
        event.  An event whose id is stored already gains the new sources.
        """
        new_articles = [_as_dict(a) for a in new_articles]
        new_events = [_as_dict(e) for e in new_events]
        now = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
        with self.engine.begin() as conn:
            labels = {}
            fresh = {}
            for a in new_articles:
                labels[a["id"]] = a.get("source") or a.get("title") or a["id"]
                fresh.setdefault(
                    a["id"],
                    {
                        "id": a["id"],
                        "title": a.get("title") or "",
                        "url": a.get("url") or "",
                        "source": a.get("source") or "",
                        "published": _iso(a.get("published")),
                        "published_inferred": bool(a.get("published_inferred")),
                        "text": a.get("text") or "",
                        "added_at": now,
                    },
                )
            # Sorted keys: two writers lock rows in the same order, so they never deadlock.
            inserted_articles = self._insert_new(conn, articles, [fresh[k] for k in sorted(fresh)], "id")
            known_labels = _labels(conn, {s["article_id"] for e in new_events for s in e.get("sources", ())} - set(labels))
            labels.update(known_labels)

            event_rows, source_rows = {}, {}
            for e in new_events:
                event_rows.setdefault(e["id"], e)
                for s in e.get("sources") or ():
                    key = (e["id"], s["article_id"], int(s.get("start", -1)))
                    source_rows.setdefault(
                        key,
                        {
                            "event_id": e["id"],
                            "article_id": s["article_id"],
                            "start": int(s.get("start", -1)),
                            "end": int(s.get("end", -1)),
                            "sentence": str(s.get("sentence", "")),
                            "time_start": s.get("time_start"),
                            "time_end": s.get("time_end"),
                            "kind": s.get("kind") or "body",
                            "source_label": labels.get(s["article_id"], s["article_id"]),
                        },
                    )
            rows = [_event_row(event_rows[k], labels) for k in sorted(event_rows)]
            inserted_events = self._insert_new(conn, events, rows, "id")
            actor_rows, place_rows = [], []
            for event_id in sorted(inserted_events):
                e = event_rows[event_id]
                actor_rows += [{"event_id": event_id, "actor": a} for a in dict.fromkeys(e.get("actors") or ())]
                place_rows += [{"event_id": event_id, "place": p} for p in dict.fromkeys(e.get("places") or ())]
            self._insert_new(conn, event_actors, actor_rows, None)
            self._insert_new(conn, event_places, place_rows, None)
            added_sources = self._insert_new(conn, event_sources, [source_rows[k] for k in sorted(source_rows)], None)
            if added_sources:
                _refresh_source_counts(conn, sorted({k[0] for k in source_rows}))
            if inserted_articles or inserted_events or added_sources:
                _bump_generation(conn)
        return AddResult(articles_added=len(inserted_articles), events_added=len(inserted_events), sources_added=added_sources)

    def _insert_new(self, conn, table: sa.Table, rows: list[dict], key: str | None):
        """Insert the rows whose primary key is not stored yet.

        With ``key``, the set of that column's values actually inserted; without,
        how many rows were inserted.
        """
        if not rows:
            return set() if key else 0
        if self.engine.dialect.name == "postgresql":
            return _copy_insert_new(conn, table, rows, key)
        insert = sqlite.insert(table)
        insert = insert.on_conflict_do_nothing()
        if key:
            inserted = set()
            for i in range(0, len(rows), 1000):
                inserted.update(conn.execute(insert.returning(table.c[key]), rows[i : i + 1000]).scalars())
            return inserted
        count = 0
        for i in range(0, len(rows), 1000):
            count += len(conn.execute(insert.returning(sa.literal(1)), rows[i : i + 1000]).all())
        return count

    def remove_article(self, article_id: str) -> RemoveResult:
        """Remove an article, in one transaction: its sources go; an event left with
        no source goes too; an event other articles also report keeps them and its
        source count follows."""
        with self.engine.begin() as conn:
            found = conn.execute(sa.select(articles.c.id).where(articles.c.id == article_id).with_for_update()).first()
            if found is None:
                return RemoveResult(articles_removed=0, events_removed=0, events_updated=0)
            touched = sorted(
                conn.execute(
                    sa.select(event_sources.c.event_id).where(event_sources.c.article_id == article_id).distinct()
                ).scalars()
            )
            conn.execute(event_sources.delete().where(event_sources.c.article_id == article_id))
            orphans, kept = [], []
            for i in range(0, len(touched), 500):
                chunk = touched[i : i + 500]
                still = set(
                    conn.execute(
                        sa.select(event_sources.c.event_id).where(event_sources.c.event_id.in_(chunk)).distinct()
                    ).scalars()
                )
                orphans += [e for e in chunk if e not in still]
                kept += [e for e in chunk if e in still]
            for i in range(0, len(orphans), 500):
                chunk = orphans[i : i + 500]
                for table in (event_actors, event_places):
                    conn.execute(table.delete().where(table.c.event_id.in_(chunk)))
                conn.execute(events.delete().where(events.c.id.in_(chunk)))
            _refresh_source_counts(conn, kept)
            _refresh_merged(conn, kept, article_id)
            conn.execute(articles.delete().where(articles.c.id == article_id))
            _bump_generation(conn)
        return RemoveResult(articles_removed=1, events_removed=len(orphans), events_updated=len(kept))

    # -- reading -------------------------------------------------------------

    def counts(self) -> dict:
        """How many articles and events (dated and undated) are stored."""
        with self.reading() as conn:
            n_articles = conn.execute(sa.select(sa.func.count()).select_from(articles)).scalar_one()
            n_events = conn.execute(sa.select(sa.func.count()).select_from(events)).scalar_one()
            n_undated = conn.execute(
                sa.select(sa.func.count()).select_from(events).where(events.c.start_ts.is_(None))
            ).scalar_one()
        return {"articles": n_articles, "events": n_events, "undated": n_undated}

    def generation(self) -> str:
        """What the stored articles and events are at: ``TOKEN:N``, one cheap query.

        ``N`` grows with every add or remove that changed something, committed
        with the change; ``TOKEN`` is made with the database, so a store wiped and
        filled again never repeats an earlier value.  A result computed after
        reading the generation ``G`` is never older than ``G``: caches key on it.
        """
        held = getattr(self._held, "scope", None)
        if held is not None and held[1] is not None:
            value, held[1] = held[1], None  # read with the request's sign-in check, once
            return value
        with self.reading() as conn:
            row = conn.execute(sa.select(store_generation.c.token, store_generation.c.generation)).first()
        return _generation_text(row.token, row.generation) if row is not None else _generation_text(None, None)

    def first_with_generation(self, query: sa.Select, params: Mapping | None = None):
        """The first row of ``query`` (with its bound ``params``).  Inside :meth:`one_connection` the
        same statement reads the generation too, which the next :meth:`generation` of the block
        returns instead of reading it again: a web request's sign-in check and its answer's
        generation cost one round trip.  ``query`` is best a constant with bound parameters:
        the statement that reads the generation along is then built once."""
        held = getattr(self._held, "scope", None)
        if held is None:
            with self.reading() as conn:
                return conn.execute(query, params).first()
        with_generation = _WITH_GENERATION.get(query) if params is not None else None
        if with_generation is None:
            with_generation = query.add_columns(
                sa.select(store_generation.c.token).scalar_subquery().label("generation_token"),
                sa.select(store_generation.c.generation).scalar_subquery().label("generation_number"),
            )
            if params is not None and len(_WITH_GENERATION) < 16:  # constants: a handful at most
                _WITH_GENERATION[query] = with_generation
        with self.reading() as conn:
            row = conn.execute(with_generation, params).first()
        if row is not None:
            held[1] = _generation_text(row.generation_token, row.generation_number)
        return row

    def has_article(self, article_id: str) -> bool:
        with self.reading() as conn:
            return conn.execute(sa.select(articles.c.id).where(articles.c.id == article_id)).first() is not None

    def facets(self, *, limit: int = 300) -> dict:
        """The values the filters offer, most frequent first, the dated range and the longest event (seconds)."""
        with self.reading() as conn:

            def top(column, table):
                query = (
                    sa.select(column, sa.func.count().label("n"))
                    .select_from(table)
                    .group_by(column)
                    .order_by(sa.desc("n"), column)
                    .limit(limit)
                )
                return [(value, n) for value, n in conn.execute(query)]

            label_counts = (
                sa.select(event_sources.c.source_label, sa.func.count(sa.distinct(event_sources.c.event_id)).label("n"))
                .group_by(event_sources.c.source_label)
                .order_by(sa.desc("n"), event_sources.c.source_label)
                .limit(limit)
            )
            lo, hi, longest = conn.execute(
                sa.select(
                    sa.func.min(events.c.start_ts), sa.func.max(events.c.end_ts), sa.func.max(events.c.end_ts - events.c.start_ts)
                )
            ).one()
            return {
                "categories": top(events.c.category, events),
                "modalities": top(events.c.modality, events),
                "actors": top(event_actors.c.actor, event_actors),
                "places": top(event_places.c.place, event_places),
                "sources": [(v, n) for v, n in conn.execute(label_counts)],
                "start": from_timestamp(lo) if lo is not None else None,
                "end": from_timestamp(hi) if hi is not None else None,
                "longest": float(longest) if longest is not None else 0.0,
            }

    def count(self, flt: EventFilter) -> int:
        with self.reading() as conn:
            query = sa.select(sa.func.count()).select_from(events).where(*self._conditions(flt))
            return conn.execute(query).scalar_one()

    def count_by(self, flt: EventFilter, lane: str = "category") -> dict[str, int]:
        """Events per lane value (category, actor or source) among those the filter keeps."""
        column, joined = _lane(lane)
        query = (
            sa.select(column.label("lane"), _count(lane))
            .select_from(joined)
            .where(*self._conditions(flt))
            .group_by(column)
        )
        with self.reading() as conn:
            return {(lane_value if lane_value is not None else NO_VALUE[lane]): n for lane_value, n in conn.execute(query)}

    def select(self, flt: EventFilter, *, lane: str = "category", limit: int | None = None, order: str = "start") -> list[dict]:
        """The events the filter keeps, one row per event and lane value.

        Rows hold the drawing columns plus ``lane``; undated events sort last.
        """
        column, joined = _lane(lane)
        cols = [
            events.c.id,
            events.c.category,
            events.c.modality,
            events.c.value,
            events.c.grain,
            events.c.start,
            events.c.end,
            events.c.start_ts,
            events.c.end_ts,
            events.c.time_text,
            events.c.sentence,
            events.c.actors,
            events.c.places,
            events.c.n_sources,
            column.label("lane"),
        ]
        query = sa.select(*cols).select_from(joined).where(*self._conditions(flt))
        if order == "start":
            dated_only = flt.dated is True or flt.start is not None or flt.end is not None
            if dated_only:
                keys = (events.c.start_ts, events.c.id)
            elif flt.dated is False:  # no start to sort by: a cheap sort (the same order)
                keys = (events.c.id,)
            else:
                keys = (events.c.start_ts.is_(None), events.c.start_ts, events.c.id)
            query = query.order_by(*keys)
        if limit is not None:
            query = query.limit(limit)
        with self.reading() as conn:
            result = conn.execute(query)
            keys = list(result.keys())
            rows = [dict(zip(keys, values)) for values in result.all()]
        for row in rows:
            row["actors"] = orjson.loads(row["actors"])
            row["places"] = orjson.loads(row["places"])
            if row["lane"] is None:
                row["lane"] = NO_VALUE[lane]
        return rows

    def density(
        self, flt: EventFilter, *, lane: str, start: dt.datetime, end: dt.datetime, buckets: int
    ) -> list[tuple[str, int, int]]:
        """Counts of dated events per lane value and period: ``(lane, bucket, n)``.

        The range [start, end) is cut into ``buckets`` equal periods; an event
        counts in the period where it starts (events starting before ``start``
        count in the first).
        """
        buckets = max(buckets, 1)
        t0, t1 = to_timestamp(start), to_timestamp(end)
        width = max((t1 - t0) / buckets, 1.0)
        column, joined = _lane(lane)
        offset = (sa.func.max(events.c.start_ts, t0) if self.engine.dialect.name == "sqlite" else sa.func.greatest(events.c.start_ts, t0)) - t0
        bucket = _floor_div(offset, width, self.engine.dialect.name).label("bucket")
        query = (
            sa.select(column.label("lane"), bucket, _count(lane))
            .select_from(joined)
            .where(*self._conditions(flt, dated=True))
            .group_by(column, bucket)
        )
        with self.reading() as conn:
            return [
                (value if value is not None else NO_VALUE[lane], min(int(b), buckets - 1), n)
                for value, b, n in conn.execute(query)
            ]

    def _conditions(self, flt: EventFilter, *, dated: bool | None = None) -> list:
        return _conditions(flt, dated=dated, dialect=self.engine.dialect.name)

    def event(self, event_id: str) -> dict | None:
        """One event's full record with its sources and their articles, or ``None``."""
        with self.reading() as conn:
            row = conn.execute(sa.select(events.c.record, events.c.n_sources).where(events.c.id == event_id)).first()
            if row is None:
                return None
            record = json.loads(row.record)
            query = (
                sa.select(
                    event_sources,
                    articles.c.title,
                    articles.c.url,
                    articles.c.source,
                    articles.c.published,
                    articles.c.published_inferred,
                    articles.c.text,
                )
                .join(articles, articles.c.id == event_sources.c.article_id)
                .where(event_sources.c.event_id == event_id)
                .order_by(articles.c.published, event_sources.c.article_id, event_sources.c.start)
            )
            record["sources"] = [dict(r._mapping) for r in conn.execute(query)]
            record["n_sources"] = row.n_sources
        return record


# -- helpers -------------------------------------------------------------------


def _generation_text(token: str | None, number: int | None) -> str:
    """A generation as ``TOKEN:N`` (``none:0`` for a store that has none yet)."""
    return f"{token}:{number}" if token is not None else "none:0"


#: The statements :meth:`Store.first_with_generation` read the generation along with, built once.
_WITH_GENERATION: dict[sa.Select, sa.Select] = {}

#: A pooled connection unused for longer than this is tested before it is handed out.
PING_AFTER_IDLE_SECONDS = 5.0


def _ping_when_idle(engine: sa.Engine) -> None:
    """Test a pooled connection on checkout only when it sat idle in the pool for a while.

    SQLAlchemy's ``pool_pre_ping`` tests every checkout: one more round trip per
    web request, a tenth of a busy server's time.  A connection handed back a
    moment ago is alive unless the server went away in that moment, and then the
    pool is refreshed on the first error; one that sat idle (the server may have
    restarted meanwhile) is pinged, and replaced when the ping fails
    (``DisconnectionError``: the pool retries with a new connection).
    """

    @sa.event.listens_for(engine, "checkin")
    def _checked_in(_dbapi_connection, record) -> None:
        if record is not None:
            record.info["checked_in"] = time.monotonic()

    @sa.event.listens_for(engine, "checkout")
    def _checked_out(dbapi_connection, record, _proxy) -> None:
        idle_since = record.info.get("checked_in")
        if idle_since is None or time.monotonic() - idle_since < PING_AFTER_IDLE_SECONDS:
            return  # new, or back a moment ago
        try:
            alive = engine.dialect.do_ping(dbapi_connection)
        except Exception as exc:
            raise sa.exc.DisconnectionError(f"a pooled connection did not answer: {exc}") from exc
        if not alive:
            raise sa.exc.DisconnectionError("a pooled connection did not answer")


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def _existing(conn, column, values) -> set:
    found = set()
    values = list(dict.fromkeys(values))
    for i in range(0, len(values), 500):
        found.update(conn.execute(sa.select(column).where(column.in_(values[i : i + 500]))).scalars())
    return found


def _labels(conn, article_ids) -> dict:
    if not article_ids:
        return {}
    query = sa.select(articles.c.id, articles.c.source, articles.c.title).where(articles.c.id.in_(list(article_ids)))
    return {i: (s or t or i) for i, s, t in conn.execute(query)}


def _stored_sources(conn, event_ids) -> set:
    found = set()
    ids = list(event_ids)
    for i in range(0, len(ids), 500):
        query = sa.select(event_sources.c.event_id, event_sources.c.article_id, event_sources.c.start).where(
            event_sources.c.event_id.in_(ids[i : i + 500])
        )
        found.update(tuple(r) for r in conn.execute(query))
    return found


def _bump_generation(conn) -> None:
    """The last statement of a change: readers see the new generation exactly when they see the change."""
    conn.execute(store_generation.update().values(generation=store_generation.c.generation + 1))


def _copy_insert_new(conn, table: sa.Table, rows: list[dict], key: str | None):
    """PostgreSQL's ``_insert_new``: the rows are COPYed into a temporary table and inserted
    from it in primary-key order, skipping stored keys.

    A multi-row ``INSERT ... VALUES ... RETURNING`` of the same rows made ``Store.add`` take
    twice as long (the server parses a statement of thousands of parameters per page).  The
    temporary table lives only inside this call's transaction.
    """
    preparer = conn.dialect.identifier_preparer
    columns = list(table.columns)
    names = ", ".join(preparer.quote(c.name) for c in columns)
    order = ", ".join(preparer.quote(c.name) for c in table.primary_key.columns)
    staging = preparer.quote(f"new_{table.name}")
    defaults = [c.default.arg if c.default is not None and c.default.is_scalar else None for c in columns]
    conn.exec_driver_sql(f"CREATE TEMPORARY TABLE {staging} (LIKE {preparer.quote(table.name)}) ON COMMIT DROP")
    statement = f"COPY {staging} ({names}) FROM STDIN"
    driver = conn.connection.driver_connection
    try:
        with driver.cursor() as cursor, cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row([row.get(c.name, d) for c, d in zip(columns, defaults)])
    except driver.Error as error:  # raised as SQLAlchemy raises every other statement's errors
        lost = conn.dialect.is_disconnect(error, driver, None)
        if lost:
            conn.invalidate()  # a dropped connection does not go back to the pool
        raise sa.exc.DBAPIError.instance(statement, None, error, type(driver).Error,
                                         connection_invalidated=lost, dialect=conn.dialect) from error
    returning = f" RETURNING {preparer.quote(key)}" if key else ""
    result = conn.exec_driver_sql(
        f"INSERT INTO {preparer.quote(table.name)} ({names}) SELECT {names} FROM {staging} "
        f"ORDER BY {order} ON CONFLICT DO NOTHING{returning}"
    )
    inserted = set(result.scalars()) if key else result.rowcount
    conn.exec_driver_sql(f"DROP TABLE {staging}")
    return inserted


def _refresh_source_counts(conn, event_ids) -> None:
    ids = list(event_ids)
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        n = (
            sa.select(sa.func.count())
            .select_from(event_sources)
            .where(event_sources.c.event_id == events.c.id)
            .scalar_subquery()
        )
        # only the rows whose count changes: rewriting every row (PostgreSQL writes a new
        # version of each) doubled the table of a store filled by batches
        conn.execute(events.update().where(events.c.id.in_(chunk), events.c.n_sources != n).values(n_sources=n))


def _refresh_merged(conn, event_ids, removed_article: str) -> None:
    """Events that lost one article's sources: their record and search text forget it."""
    for event_id in event_ids:
        record = json.loads(conn.execute(sa.select(events.c.record).where(events.c.id == event_id)).scalar_one())
        record["sources"] = [s for s in record.get("sources") or () if s.get("article_id") != removed_article]
        query = sa.select(event_sources.c.article_id, event_sources.c.source_label).where(event_sources.c.event_id == event_id)
        labels = dict(conn.execute(query).all())
        row = _event_row(record, labels)
        conn.execute(events.update().where(events.c.id == event_id).values(record=row["record"], search_text=row["search_text"]))


def _event_row(e: Mapping, labels: Mapping) -> dict:
    actors = list(dict.fromkeys(e.get("actors") or ()))
    places = list(dict.fromkeys(e.get("places") or ()))
    titles = [labels.get(s["article_id"], "") for s in e.get("sources") or ()]
    search = " ".join([e.get("sentence") or "", e.get("time_text") or "", *actors, *places, *titles, e.get("title") or ""])
    return {
        "id": e["id"],
        "category": e.get("category") or "other",
        "modality": e.get("modality") or "asserted",
        "value": e.get("value"),
        "grain": e.get("grain"),
        "start": _iso(e.get("start")),
        "end": _iso(e.get("end")),
        "start_ts": to_timestamp(e.get("start")),
        "end_ts": to_timestamp(e.get("end")),
        "time_text": e.get("time_text") or "",
        "sentence": e.get("sentence") or "",
        "actors": json.dumps(actors, ensure_ascii=False),
        "places": json.dumps(places, ensure_ascii=False),
        "n_sources": max(1, len(e.get("sources") or ())),
        "search_text": search.casefold(),
        "record": json.dumps(dict(e), ensure_ascii=False, default=str),
    }


def _lane(lane: str):
    """The column that names a row's lane and the join that provides it."""
    if lane == "category":
        return events.c.category, events
    if lane == "actor":
        return event_actors.c.actor, events.outerjoin(event_actors, event_actors.c.event_id == events.c.id)
    if lane == "source":
        return event_sources.c.source_label, events.join(event_sources, event_sources.c.event_id == events.c.id)
    raise ValueError(f"unknown lane {lane!r}: expected one of {', '.join(LANES)}")


def _count(lane: str):
    # Only a source lane can hold one event twice (two articles of one source).
    return sa.func.count(sa.distinct(events.c.id)) if lane == "source" else sa.func.count()


def _like(text: str) -> str:
    escaped = text.casefold().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _conditions(flt: EventFilter, *, dated: bool | None = None, dialect: str | None = None) -> list:
    """The WHERE clauses of a filter; on PostgreSQL (``dialect``) actors and places are looked up in
    the events' own lists (GIN indexes, revision 0005), which the planner combines with the date range."""
    out = []
    if flt.categories:
        out.append(events.c.category.in_(flt.categories))
    if flt.modalities:
        out.append(events.c.modality.in_(flt.modalities))
    if flt.actors and dialect == "postgresql":
        out.append(sa.cast(events.c.actors, postgresql.JSONB).has_any(postgresql.array(flt.actors)))
    elif flt.actors:
        out.append(events.c.id.in_(sa.select(event_actors.c.event_id).where(event_actors.c.actor.in_(flt.actors))))
    if flt.places and dialect == "postgresql":
        out.append(sa.cast(events.c.places, postgresql.JSONB).has_any(postgresql.array(flt.places)))
    elif flt.places:
        out.append(events.c.id.in_(sa.select(event_places.c.event_id).where(event_places.c.place.in_(flt.places))))
    if flt.sources:
        out.append(
            events.c.id.in_(sa.select(event_sources.c.event_id).where(event_sources.c.source_label.in_(flt.sources)))
        )
    if flt.ids and dialect == "postgresql":
        # one array parameter: the same statement (prepared once) whatever the number of ids
        out.append(events.c.id == sa.any_(sa.bindparam("event_ids", list(flt.ids), type_=postgresql.ARRAY(sa.String))))
    elif flt.ids:
        out.append(events.c.id.in_(flt.ids))
    for word in flt.text.split():
        out.append(events.c.search_text.like(_like(word), escape="\\"))
    dated = flt.dated if dated is None else dated
    if dated is True or flt.start is not None or flt.end is not None:
        out.append(events.c.start_ts.is_not(None))
    elif dated is False:
        out.append(events.c.start_ts.is_(None))
    if flt.start is not None:
        out.append(events.c.end_ts > to_timestamp(flt.start))
        if flt.longest is not None:  # implied by the line above; lets an index on start_ts bound the scan
            out.append(events.c.start_ts >= to_timestamp(flt.start) - flt.longest)
    if flt.end is not None:
        out.append(events.c.start_ts < to_timestamp(flt.end))
    return out


def _floor_div(expr, width: float, dialect: str):
    if dialect == "sqlite":  # CAST truncates, and expr is never negative here
        return sa.cast(expr / width, sa.Integer)
    return sa.cast(sa.func.floor(expr / width), sa.Integer)

