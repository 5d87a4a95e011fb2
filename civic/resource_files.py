"""Reading the data files in `civic/resources/` (gazetteers, cue lists, rules): data, not code."""

from __future__ import annotations

import csv
import json
from functools import cache
from importlib import resources as _resources
from typing import IO


def open_resource(name: str) -> IO[str]:
    """Open a file shipped in `civic/resources/` (works from a wheel too)."""
    return _resources.files("civic").joinpath("resources", name).open("r", encoding="utf-8")


@cache
def read_tsv(name: str) -> tuple[dict, ...]:
    """Rows of a TSV resource as dicts; lines starting with `#` are comments."""
    with open_resource(name) as fh:
        rows = csv.DictReader((line for line in fh if not line.startswith("#")), delimiter="\t", quoting=csv.QUOTE_NONE)
        return tuple(dict(row) for row in rows)


@cache
def read_json(name: str):
    """A JSON resource."""
    with open_resource(name) as fh:
        return json.load(fh)


def read_lines(name: str) -> list[str]:
    """Non-empty, non-comment lines of a plain list resource."""
    with open_resource(name) as fh:
        return [line.strip() for line in fh if line.strip() and not line.startswith("#")]
