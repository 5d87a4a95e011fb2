"""Records as pandas DataFrames, one per kind of thing, for notebooks.

    from civic.query.frames import load_frames
    frames = load_frames("out/sample.jsonl")
    frames["deadlines"].merge(frames["districts"], on="document_id")
"""

from __future__ import annotations

from pathlib import Path

from civic.record.files import iter_records
from civic.record.rows import rows_of


def load_frames(*paths: Path | str) -> dict:
    """DataFrames `documents, people, districts, dates, deadlines, topics` from record files;
    date columns are pandas datetimes."""
    import pandas as pd

    frames = {name: pd.DataFrame(rows) for name, rows in rows_of(iter_records(paths)).items()}
    for name, columns in (("documents", ["published"]), ("dates", ["value", "value_end"]), ("deadlines", ["date"])):
        for column in columns:
            if column in frames[name]:
                frames[name][column] = pd.to_datetime(frames[name][column])
    return frames
