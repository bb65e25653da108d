"""How fast is ``extract.tag_times`` next to dateparser's ``search_dates``, on the same news texts?

Both read the plain text of every TimeML document (TBAQ by default), in one
run, relative to each document's creation date.  Each is warmed up with one
call first.  The two alternate for ``--rounds`` rounds (ours, then dateparser),
so that a busy machine slows both alike; the ratio is the median of the
per-round ratios.

Run from the repository root::

    python -m benchmarks.bench_temporal [PATH ...] [--rounds 3] [--limit N]
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import platform
import statistics
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from extract import tag_times
from extract.errors import InputError
from extract.evaluate import GoldDocument, read_corpus

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO_ROOT.parent / "shared" / "data" / "timeml" / "tbaq"

Run = Callable[[Sequence[GoldDocument]], None]


def run_ours(documents: Sequence[GoldDocument]) -> None:
    for document in documents:
        tag_times(document.text, document.dct)


def run_dateparser(documents: Sequence[GoldDocument]) -> None:
    from dateparser.search import search_dates

    for document in documents:
        base = dt.datetime.combine(document.dct, dt.time())
        # The evaluation counts a text dateparser fails on as dateless; here only the time matters.
        with contextlib.suppress(Exception):
            search_dates(document.text, languages=["en"], settings={"RELATIVE_BASE": base})


def seconds(run: Run, documents: Sequence[GoldDocument], repeat: int) -> list[float]:
    """Wall-clock seconds of ``repeat`` runs over all documents, after one warm-up call."""
    run(documents[:1])
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        run(documents)
        timings.append(time.perf_counter() - started)
    return timings


def table(documents: Sequence[GoldDocument], results: dict[str, list[float]]) -> str:
    """A markdown table of the timings, and the ratio dateparser / ours."""
    kilobytes = sum(len(document.text.encode("utf-8")) for document in documents) / 1024
    lines = [
        (
            f"{len(documents)} documents, {kilobytes:.0f} KB of text; "
            f"Python {platform.python_version()}, {os.cpu_count()} cores."
        ),
        "",
        "| Tagger | Runs | Best (s) | Median (s) | Docs/s | KB/s |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, timings in results.items():
        median = statistics.median(timings)
        lines.append(
            f"| {name} | {len(timings)} | {min(timings):.3f} | {median:.3f} "
            f"| {len(documents) / median:.0f} | {kilobytes / median:.0f} |"
        )
    ratios = [theirs / ours for ours, theirs in zip(results["extract tag_times"], results["dateparser search_dates"], strict=True)]
    lines += ["", (f"dateparser time / ours (median of {len(ratios)} rounds): **{statistics.median(ratios):.1f}x** "
                   f"(rounds: {', '.join(f'{r:.1f}x' for r in ratios)})")]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "paths",
        nargs="*",
        type=Path,
        default=[DEFAULT_CORPUS],
        metavar="PATH",
        help="TimeML files or folders (default: ../shared/data/timeml/tbaq)",
    )
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds of both taggers (default 3)")
    parser.add_argument("--limit", type=int, help="only the first N documents")
    args = parser.parse_args(argv)
    try:
        documents = read_corpus(args.paths)[: args.limit]
    except InputError as exc:
        parser.exit(exc.exit_code, f"error: {exc}\n")
    results: dict[str, list[float]] = {"extract tag_times": [], "dateparser search_dates": []}
    run_ours(documents[:1])
    run_dateparser(documents[:1])
    for _ in range(max(1, args.rounds)):
        results["extract tag_times"] += seconds(run_ours, documents, 1)
        results["dateparser search_dates"] += seconds(run_dateparser, documents, 1)
    print(table(documents, results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
