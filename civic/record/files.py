"""Reading record files back (JSONL written by `civic extract`)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import orjson


def iter_records(paths: Iterable[Path | str]) -> Iterator[dict]:
    """Every record of every file, in order; blank lines are skipped."""
    for path in paths:
        with open(path, "rb") as fh:
            for line in fh:
                if line.strip():
                    yield orjson.loads(line)
