"""How fast is the whole events pipeline, next to the temporal step alone, on the same news texts?

Every TimeML document (TBAQ by default) becomes an article published on its
creation date.  Three measurements in one run, each warmed up first, each run
``--repeat`` times (median reported):

* ``tag_times`` alone on each document's text;
* ``extract_events`` on each article separately (all stages, de-duplication
  within the article);
* ``extract_events`` on the whole batch (de-duplication across articles too).

The pipeline is single-threaded, so articles/second is also articles/second/core.

Run from the repository root::

    python -m benchmarks.bench_pipeline [PATH ...] [--repeat 3] [--limit N]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from extract import Article, extract_events, tag_times
from extract.errors import InputError
from extract.evaluate import read_corpus
from extract.ingest import content_id

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO_ROOT.parent / "shared" / "data" / "timeml" / "tbaq"


def _time(work: Callable[[], object], repeat: int) -> list[float]:
    work()  # warm-up: loads data files, compiles rules
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        work()
        times.append(time.perf_counter() - began)
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_pipeline", description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, default=[DEFAULT_CORPUS])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args(argv)
    try:
        documents = read_corpus(args.paths)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    documents = documents[: args.limit] if args.limit else documents
    articles = [
        Article(id=content_id(d.doc_id, d.text), text=d.text, published=d.dct, origin=d.doc_id) for d in documents
    ]
    kilobytes = sum(len(a.text.encode("utf-8")) for a in articles) / 1000

    temporal = _time(lambda: [tag_times(a.text, a.published) for a in articles], args.repeat)
    per_article = _time(lambda: [extract_events(a) for a in articles], args.repeat)
    batch_events: list = []
    batch = _time(lambda: batch_events.__setitem__(slice(None), extract_events(articles)), args.repeat)

    n = len(articles)
    print(f"{n} articles, {kilobytes:.0f} KB, {len(batch_events)} events; "
          f"Python {platform.python_version()}, {os.cpu_count()} cores, 1 used; median of {args.repeat} runs\n")
    print("| step | seconds | articles/s/core | KB/s | share of the pipeline |")
    print("| --- | ---: | ---: | ---: | ---: |")
    whole = statistics.median(per_article)
    for name, times in (
        ("temporal step alone (`tag_times`)", temporal),
        ("whole pipeline, article by article (`extract_events`)", per_article),
        ("whole pipeline, one batch (de-duplication across articles)", batch),
    ):
        median = statistics.median(times)
        print(f"| {name} | {median:.2f} | {n / median:.1f} | {kilobytes / median:.0f} | {median / whole:.0%} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
