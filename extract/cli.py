"""Command line: ``python -m extract times|events|evaluate ...``.

This is the edge where errors become messages and exit codes: an
:class:`~extract.errors.ExtractError` prints ``error: ...`` and exits with
its ``exit_code`` (2 for the user's input); nothing else is caught.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import json
import sys

from extract.errors import ArticleError, ExtractError, PublishedDateError


def parse_published(value: str) -> dt.date:
    """``--published`` as an ISO date; anything else names the value."""
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise PublishedDateError(
            f"--published {value!r} is not a date: write it as YYYY-MM-DD, e.g. 2022-02-16"
        ) from None


def read_text_file(path: str) -> str:
    """The text of ``path``; an unreadable, empty, binary or undecodable file names the file."""
    from extract.ingest import decode

    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        raise ArticleError(f"{path}: cannot read the file ({exc.strerror or exc})") from None
    return decode(data, where=path)


def _run_times(args) -> int:
    from extract.temporal import tag_times

    if args.published is None:
        raise PublishedDateError("--published is required: the date the article was published, as YYYY-MM-DD")
    published = parse_published(args.published)
    text = read_text_file(args.file)
    mentions = tag_times(text, published)
    out = sys.stdout
    if args.format == "jsonl":
        for mention in mentions:
            out.write(json.dumps(mention.to_dict(), ensure_ascii=False) + "\n")
        return 0
    rows = [(f"{m.start}-{m.end}", m.text.replace("\n", " "), m.type, m.value, m.rule, m.reason) for m in mentions]
    headers = ("offsets", "expression", "type", "value", "rule", "why this value")
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(headers[:-1])]
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths + [0], strict=True))
    out.write(line.rstrip() + "\n")
    for row in rows:
        out.write("  ".join(c.ljust(w) for c, w in zip(row, widths + [0], strict=True)).rstrip() + "\n")
    out.write(f"{len(rows)} time expression(s), published {published.isoformat()}\n")
    return 0


#: Sub-commands implemented in other modules: name -> (module, help).
_DELEGATED = {
    "events": ("extract.pipeline", "turn articles into dated, categorised events"),
    "evaluate": ("extract.evaluate", "score the tagger against TimeML gold files"),
    "batch": ("extract.batch", "extract events from many articles into a store"),
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m extract", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    times = commands.add_parser("times", help="list the time expressions of an article")
    times.add_argument("file", metavar="FILE", help="a UTF-8 text file")
    times.add_argument("--published", metavar="DATE", help="publication date, YYYY-MM-DD (required)")
    times.add_argument("--format", choices=("table", "jsonl"), default="table")
    times.set_defaults(run=_run_times)
    for name, (module_name, help_text) in _DELEGATED.items():
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        sub = commands.add_parser(name, help=help_text)
        module.add_arguments(sub)
        sub.set_defaults(run=module.run)
    return parser


def main(argv=None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except ExtractError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
