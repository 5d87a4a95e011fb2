"""`civic export`: the flat tables of `civic db` as Parquet (pyarrow) or CSV files, one per table.

Researchers analyse in pandas, DuckDB or R and read Parquet more happily than JSONL. The rows are
the record's row views (civic.record.rows), the same the database loads, and a document id that
occurs twice keeps only its last record, as the database's upsert does, so every table has the
database's row count. Parquet columns are typed (days as date32, counts as int64, roles as a list);
CSV leaves days as YYYY-MM-DD text and joins roles with "; ".
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Iterator
from pathlib import Path

from civic.query.events import group_events, sources_from_rows
from civic.query.events_db import event_rows
from civic.query.persons import PersonResolver, person_tables, sightings_of
from civic.record.files import iter_records
from civic.record.rows import TABLES, record_rows
from civic.write.atomic import atomic_files

FORMATS = ("parquet", "csv")
ROLE_SEPARATOR = "; "
DAY_COLUMNS = {("documents", "published"), ("dates", "value"), ("dates", "value_end"), ("deadlines", "date"),
               ("events", "date"), ("event_sources", "published")}
INT_COLUMNS = {"line", "body_start", "body_end", "n_people", "n_dates", "n_deadlines", "mentions", "start", "end",
               "rank", "n_documents", "n_sources"}
FLOAT_COLUMNS = {"score", "confidence"}
BOOL_COLUMNS = {"relative"}
LIST_COLUMNS = {"roles"}


def latest_records(paths: Iterable[Path | str]) -> Iterator[dict]:
    """Records in order, skipping any whose id occurs again later (two passes, flat memory)."""
    paths = list(paths)
    last = {record["id"]: n for n, record in enumerate(iter_records(paths))}
    for n, record in enumerate(iter_records(paths)):
        if last[record["id"]] == n:
            yield record


def table_rows(paths: Iterable[Path | str]) -> dict[str, list[dict]]:
    """The row views of every record, plus the cross-document tables `persons`, `person_roles`,
    `events` and `event_sources`, so that an export holds the same tables as `civic db`."""
    tables: dict[str, list[dict]] = {name: [] for name in TABLES}
    sightings = []
    for record in latest_records(paths):
        for name, rows in record_rows(record).items():
            tables[name] += rows
        sightings += sightings_of([record])
    tables["persons"], tables["person_roles"] = person_tables(PersonResolver().resolve(sightings))
    events = group_events(sources_from_rows(tables["documents"], tables["deadlines"], tables["topics"]))
    tables["events"], tables["event_sources"] = event_rows(events)
    return tables


def arrow_type(table: str, column: str):
    """The Parquet type of one row-view column (strings unless named here)."""
    import pyarrow as pa

    if (table, column) in DAY_COLUMNS:
        return pa.date32()
    if column in INT_COLUMNS:
        return pa.int64()
    if column in FLOAT_COLUMNS:
        return pa.float64()
    if column in BOOL_COLUMNS:
        return pa.bool_()
    if column in LIST_COLUMNS:
        return pa.list_(pa.string())
    return pa.string()


def _columns(table: str, rows: list[dict]) -> list[str]:
    from civic.record.rows import record_rows as views

    if rows:
        return list(rows[0])
    empty = {"id": "", "source": {}, "text_sha256": "", "body": {"start": 0, "end": 0}, "people": [],
             "districts": [], "dates": [], "deadlines": [], "topics": []}
    return list(views(empty)["documents"][0]) if table == "documents" else ["document_id"]


def _write_parquet(table: str, rows: list[dict], target: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    names = _columns(table, rows)
    arrays = []
    for name in names:
        kind = arrow_type(table, name)
        values = [row.get(name) for row in rows]
        if kind == pa.date32():
            values = [dt.date.fromisoformat(v) if v else None for v in values]
        arrays.append(pa.array(values, type=kind))
    with atomic_files(target) as (fh,):
        pq.write_table(pa.Table.from_arrays(arrays, names=names), fh)


def _write_csv(table: str, rows: list[dict], target: Path) -> None:
    import io

    names = _columns(table, rows)
    with atomic_files(target) as (fh,):
        text = io.TextIOWrapper(fh, encoding="utf-8", newline="")
        writer = csv.DictWriter(text, fieldnames=names)
        writer.writeheader()
        for row in rows:
            writer.writerow({k: ROLE_SEPARATOR.join(v) if isinstance(v, list) else v for k, v in row.items()})
        text.flush()
        text.detach()


def export_tables(records: Iterable[Path | str], out_dir: Path, fmt: str) -> dict[str, int]:
    """Write DIR/TABLE.parquet (or .csv) for every table; returns the row count per table."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r} (expected {' or '.join(FORMATS)})")
    out_dir.mkdir(parents=True, exist_ok=True)
    write = _write_parquet if fmt == "parquet" else _write_csv
    counts = {}
    for table, rows in table_rows(records).items():
        write(table, rows, out_dir / f"{table}.{fmt}")
        counts[table] = len(rows)
    return counts
