"""`civic export`: Parquet and CSV tables with the database's row counts; the README's DuckDB example."""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

import orjson
import pytest

from civic.query.database import build_database
from civic.query.export import arrow_type, export_tables
from civic.record.rows import TABLES, record_rows

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def records_file(sample_records, tmp_path_factory) -> Path:
    """The sample's records, plus one repeated (re-extracted) id: the last record wins, as in the db."""
    path = tmp_path_factory.mktemp("export") / "out" / "sample.jsonl"
    path.parent.mkdir()
    lines = [orjson.dumps(r) for r in sample_records] + [orjson.dumps(sample_records[0])]
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


@pytest.fixture(scope="module")
def db_counts(records_file) -> dict[str, int]:
    return build_database([records_file], records_file.parent / "civic.db")


def test_parquet_has_the_database_counts_and_types(records_file, db_counts):
    import pyarrow as pa
    import pyarrow.parquet as pq

    counts = export_tables([records_file], records_file.parent / "tables", "parquet")
    assert counts == db_counts and counts["deadlines"] > 0
    for table in TABLES:
        read = pq.read_table(records_file.parent / "tables" / f"{table}.parquet")
        assert read.num_rows == db_counts[table]
    documents = pq.read_table(records_file.parent / "tables" / "documents.parquet")
    assert documents.schema.field("published").type == pa.date32()
    assert documents.schema.field("n_people").type == pa.int64()
    deadlines = pq.read_table(records_file.parent / "tables" / "deadlines.parquet").to_pylist()
    assert all(isinstance(d["date"], dt.date) for d in deadlines)
    people = pq.read_table(records_file.parent / "tables" / "people.parquet")
    assert people.schema.field("roles").type == pa.list_(pa.string())


def test_every_row_view_column_has_a_chosen_type(sample_records):
    """A new column in record/rows.py must be given its Parquet type here, not left to inference."""
    import pyarrow as pa

    rows = record_rows(next(r for r in sample_records if r["deadlines"] and r["people"]))
    for table, table_rows in rows.items():
        for column, value in table_rows[0].items():
            kind = arrow_type(table, column)
            if kind == pa.string():
                assert value is None or isinstance(value, str), (table, column)


def test_csv_has_the_database_counts(records_file, db_counts):
    counts = export_tables([records_file], records_file.parent / "csv", "csv")
    assert counts == db_counts
    for table in TABLES:
        with open(records_file.parent / "csv" / f"{table}.csv", encoding="utf-8", newline="") as fh:
            assert sum(1 for _ in csv.DictReader(fh)) == db_counts[table]


def test_unknown_format_fails(records_file, tmp_path):
    with pytest.raises(ValueError, match="unknown export format"):
        export_tables([records_file], tmp_path, "xlsx")


def test_readme_duckdb_example_runs(records_file, monkeypatch, capsys):
    """The README's example, as written, on out/tables of the sample's records."""
    pytest.importorskip("duckdb")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Parquet and CSV for pandas, DuckDB and R", 1)[1]
    shell, code = re.findall(r"```(?:bash|python)\n(.*?)```", section, flags=re.S)[:2]
    assert "civic export out/sample.jsonl --format parquet -o out/tables" in shell
    monkeypatch.chdir(records_file.parent.parent)
    export_tables([records_file], Path("out/tables"), "parquet")
    exec(compile(code, "README.md", "exec"), {})
    assert "Pankow" in capsys.readouterr().out
