"""Reading record files back (JSONL written by `civic extract`)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import orjson

# Keys only records have (record.md); an object with none of them is most likely an input line.
_RECORD_KEYS = ("people", "districts", "dates", "deadlines", "topics", "body")


class RecordFileError(ValueError):
    """A record file that is missing or is not JSONL of records; the message names file and line."""


def iter_records(paths: Iterable[Path | str]) -> Iterator[dict]:
    """Every record of every file, in order; blank lines are skipped.

    Raises RecordFileError for a missing file, a line that is not a JSON object, and an object
    that is not a record (an *input* file given by mistake), so that queries never answer
    "0 deadlines" for a file they could not read.
    """
    for path in paths:
        try:
            fh = open(path, "rb")
        except OSError as exc:
            raise RecordFileError(f"{path}: cannot read the records file ({exc.strerror})") from None
        with fh:
            for number, line in enumerate(fh, start=1):
                if not line.strip():
                    continue
                try:
                    record = orjson.loads(line)
                except orjson.JSONDecodeError:
                    raise RecordFileError(f"{path}:{number}: not a JSON line; give a records file "
                                          f"written by civic extract") from None
                if not isinstance(record, dict):
                    raise RecordFileError(f"{path}:{number}: a JSON {type(record).__name__}, not a record "
                                          f"object; give a records file written by civic extract")
                if "id" not in record or not any(key in record for key in _RECORD_KEYS):
                    raise RecordFileError(f"{path}:{number}: not a record (no id, people, dates, deadlines); "
                                          f"is this an input file? Run civic extract on it first")
                yield record
