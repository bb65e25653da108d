"""The store's events table as a Parquet file, for analysts who work in pandas, Polars or DuckDB.

One row per event, in event id order, with the columns of :func:`schema`:
the README's event fields, typed (``start``, ``end`` and ``published`` are
timestamps, ``actors`` and ``places`` lists of strings), ``n_sources`` the
number of reports, and ``sources`` a list of ``{article_id, start, end, kind,
source}`` (the sentence offsets in the article and the article's source
label).  Events are read from the database and written in row groups of
``batch_size``, so memory stays flat whatever the size of the store; the file
appears only when complete (written to a temporary name, then renamed).
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import sqlalchemy as sa

from extract.errors import InputError
from extract.store import Store, event_sources, events

#: Events per Parquet row group (and per database round trip).
BATCH_SIZE = 10_000

_EVENT_COLUMNS = (
    events.c.id, events.c.category, events.c.modality, events.c.value, events.c.start, events.c.end, events.c.grain,
    events.c.time_text, events.c.sentence, events.c.actors, events.c.places, events.c.n_sources, events.c.record,
)  # fmt: skip


def schema():
    """The Parquet schema of the events table (pinned by ``tests/test_batch.py``)."""
    import pyarrow as pa

    source = pa.struct(
        [("article_id", pa.string()), ("start", pa.int32()), ("end", pa.int32()), ("kind", pa.string()),
         ("source", pa.string())]
    )  # fmt: skip
    return pa.schema(
        [
            ("id", pa.string()), ("category", pa.string()), ("modality", pa.string()), ("value", pa.string()),
            ("start", pa.timestamp("ms")), ("end", pa.timestamp("ms")), ("grain", pa.string()),
            ("time_text", pa.string()), ("sentence", pa.string()),
            ("actors", pa.list_(pa.string())), ("places", pa.list_(pa.string())),
            ("n_sources", pa.int32()), ("sources", pa.list_(source)),
            ("published", pa.timestamp("ms")), ("published_inferred", pa.bool_()),
            ("rule", pa.string()), ("reason", pa.string()), ("schema_version", pa.int16()),
        ]
    )  # fmt: skip


def write_events(store: Store, path: str | Path, *, batch_size: int = BATCH_SIZE) -> int:
    """Write every event of ``store`` to the Parquet file ``path``; how many were written."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = Path(path)
    partial = path.with_name(f".{path.name}.partial")
    written = 0
    try:
        with pq.ParquetWriter(partial, schema(), compression="zstd") as writer:
            for rows in event_rows(store, batch_size=batch_size):
                writer.write_table(pa.Table.from_pylist(rows, schema=schema()))
                written += len(rows)
            if written == 0:
                writer.write_table(schema().empty_table())
        os.replace(partial, path)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise InputError(f"{path}: cannot write the Parquet file ({exc.strerror or exc})") from None
    return written


def event_rows(store: Store, *, batch_size: int = BATCH_SIZE) -> Iterator[list[dict]]:
    """The events of ``store`` as Parquet rows, ``batch_size`` at a time, in id order."""
    query = sa.select(*_EVENT_COLUMNS).order_by(events.c.id)
    with store.engine.connect() as conn:
        result = conn.execution_options(yield_per=batch_size).execute(query)
        for partition in result.partitions():
            sources = _sources(conn, [row.id for row in partition])
            yield [to_row(row._mapping, sources.get(row.id, [])) for row in partition]


def to_row(event: dict, sources: list[dict]) -> dict:
    """One row of the events table (and its sources) as a Parquet row."""
    record = json.loads(event["record"])
    return {
        "id": event["id"],
        "category": event["category"],
        "modality": event["modality"],
        "value": event["value"],
        "start": _moment(event["start"]),
        "end": _moment(event["end"]),
        "grain": event["grain"],
        "time_text": event["time_text"] or None,
        "sentence": event["sentence"],
        "actors": json.loads(event["actors"]),
        "places": json.loads(event["places"]),
        "n_sources": event["n_sources"],
        "sources": sources,
        "published": _moment(record.get("published")),
        "published_inferred": bool(record.get("published_inferred")),
        "rule": record.get("rule"),
        "reason": record.get("reason"),
        "schema_version": record.get("schema_version"),
    }


def _sources(conn, event_ids: list[str]) -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = defaultdict(list)
    columns = (event_sources.c.event_id, event_sources.c.article_id, event_sources.c.start, event_sources.c.end,
               event_sources.c.kind, event_sources.c.source_label)  # fmt: skip
    for i in range(0, len(event_ids), 500):
        query = (
            sa.select(*columns)
            .where(event_sources.c.event_id.in_(event_ids[i : i + 500]))
            .order_by(event_sources.c.event_id, event_sources.c.article_id, event_sources.c.start)
        )
        for event_id, article_id, start, end, kind, label in conn.execute(query):
            found[event_id].append(
                {"article_id": article_id, "start": start, "end": end, "kind": kind, "source": label}
            )
    return found


def _moment(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    moment = dt.datetime.fromisoformat(value)
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
    return moment
