"""Load the bundled data files of ``extract/data/`` (YAML), checking their shape.

A malformed file is a bug in the package, so it raises :class:`DataFileError`
naming the file and the entry, never a bare ``KeyError``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

from extract.errors import DataFileError

DATA_DIR = Path(__file__).parent / "data"


@cache
def load(name: str) -> dict:
    """The parsed ``extract/data/<name>``; cached, so do not mutate it."""
    path = DATA_DIR / name
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise DataFileError(f"{path}: cannot load ({exc})") from None
    if not isinstance(data, dict):
        raise DataFileError(f"{path}: expected a mapping at the top level")
    return data


def require(entry: dict, keys: tuple[str, ...], *, where: str) -> None:
    """Raise DataFileError unless ``entry`` has every key of ``keys``."""
    missing = [key for key in keys if key not in entry]
    if missing:
        raise DataFileError(f"{where}: missing {', '.join(missing)}")
