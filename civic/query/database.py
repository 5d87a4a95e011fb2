"""`civic db`: records -> a SQLite database for Datasette (built with sqlite-utils).

Tables documents, people, districts, dates, deadlines, topics; child tables reference
documents(document_id) and have natural primary keys, so loading the same records twice adds nothing
(rows are upserted, a document's child rows replaced). The views across documents (persons and
person_roles, events and event_sources) are recomputed over the whole database on each load, so a
database loaded file by file equals one loaded at once. A load is one transaction, and the database
is in WAL mode, so Datasette can serve the last committed state while a load runs. Full-text search
covers document titles and, when the inputs are given, article bodies. All SQL goes through
sqlite-utils with parameters.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from civic.query.events_db import write_event_tables
from civic.query.persons import sightings_of
from civic.query.persons_db import write_person_tables
from civic.record.files import iter_records
from civic.record.rows import TABLES, record_rows
from civic.resource_files import open_resource

PRIMARY_KEYS = {
    "people": ("document_id", "name"),
    "districts": ("document_id", "name"),
    "dates": ("document_id", "start"),
    "deadlines": ("document_id", "start"),
    "topics": ("document_id", "label"),
}


def _rows(record: dict, body_text: str | None) -> dict[str, list[dict]]:
    """The record's row views (civic.record.rows) as SQL rows: lists become comma-joined text."""
    rows = record_rows(record)
    for person in rows["people"]:
        person["roles"] = ", ".join(person["roles"])
    if body_text is not None:  # without the inputs, an earlier body stays
        rows["documents"][0]["body"] = body_text
    return rows


def _ensure_schema(db) -> None:
    if "documents" not in db.table_names():
        db["documents"].create({
            "document_id": str, "title": str, "url": str, "section": str, "published": str, "file": str,
            "line": int, "text_sha256": str, "body_start": int, "body_end": int, "primary_topic": str,
            "districts": str, "n_people": int, "n_dates": int, "n_deadlines": int, "body": str,
        }, pk="document_id")
        db["documents"].enable_fts(["title", "body", "districts"], create_triggers=True)
    columns = {
        "people": {"document_id": str, "name": str, "roles": str, "mentions": int},
        "districts": {"document_id": str, "name": str, "level": str, "bezirk": str, "mentions": int},
        "dates": {"document_id": str, "start": int, "end": int, "text": str, "value": str, "value_end": str,
                  "relative": int},
        "deadlines": {"document_id": str, "start": int, "date": str, "action": str, "cue": str,
                      "sentence": str, "confidence": float, "bezirk": str, "districts": str},
        "topics": {"document_id": str, "label": str, "score": float, "rank": int},
    }
    for table, pk in PRIMARY_KEYS.items():
        if table not in db.table_names():
            db[table].create(columns[table], pk=pk, foreign_keys=[("document_id", "documents", "document_id")])
        for column, kind in columns[table].items():  # a database built before a column was added gets it
            if column not in db[table].columns_dict:
                db[table].add_column(column, kind)
    for table, cols in (("deadlines", ["date"]), ("deadlines", ["bezirk"]), ("districts", ["name"]),
                        ("districts", ["bezirk"]),
                        ("topics", ["label"]), ("dates", ["value"]), ("people", ["name"]),
                        ("documents", ["published"])):
        db[table].create_index(cols, if_not_exists=True)


def build_database(records: Iterable[Path | str], db_path: Path, texts: dict[str, str] | None = None) -> dict:
    """Load records into `db_path` (created if needed); returns row counts per table."""
    import sqlite_utils

    db = sqlite_utils.Database(db_path)
    db.conn.execute("PRAGMA foreign_keys = ON")
    db.enable_wal()  # readers (Datasette) keep reading the last commit while this load writes
    # One transaction (sqlite-utils nests its own as savepoints): a killed or failed load leaves the
    # database as it was, and a reader never sees documents without their events and persons.
    with db.atomic():
        _ensure_schema(db)
        batch: list[dict] = []
        sightings: dict[str, list] = {}  # per document, a later record replacing; for the persons tables
        for record in iter_records(records):
            batch.append(record)
            sightings[record["id"]] = list(sightings_of([record]))
            if len(batch) >= BATCH:
                _load_batch(db, batch, texts)
                batch = []
        if batch:
            _load_batch(db, batch, texts)
        write_person_tables(db, [s for rows in sightings.values() for s in rows], set(sightings))
        write_event_tables(db)
    counts = {table: db[table].count for table in (*TABLES, "persons", "person_roles", "events", "event_sources")}
    db.close()
    return counts


BATCH = 500


def _load_batch(db, records: list[dict], texts: dict[str, str] | None) -> None:
    """Upsert the documents; replace their child rows (a re-extracted document replaces its
    rows, the same records add nothing twice)."""
    tables: dict[str, list[dict]] = {t: [] for t in TABLES}
    # One id, one article: a later record of an id replaces the earlier one whole (as a re-run
    # does), so that two records with one id never mix one's facts with the other's title.
    records = list({record["id"]: record for record in records}.values())
    for record in records:
        text = record.get("text") or (texts or {}).get(record["id"])
        body = text[record["body"]["start"]:record["body"]["end"]] if text else None
        for table, rows in _rows(record, body).items():
            tables[table] += rows
    # rows with and without a body go separately: sqlite-utils fills absent keys of a batch with
    # NULL, which would erase bodies loaded earlier
    for has_body in (True, False):
        rows = [r for r in tables["documents"] if ("body" in r) == has_body]
        if rows:
            db["documents"].upsert_all(rows, pk="document_id", alter=False)
    ids = [r["id"] for r in records]
    marks = ", ".join("?" for _ in ids)
    for table, pk in PRIMARY_KEYS.items():
        db[table].delete_where(f"document_id in ({marks})", ids)
        if tables[table]:
            db[table].insert_all(tables[table], pk=pk, replace=True)


def metadata() -> dict:
    """Datasette metadata shipped with the package (titles, facets, canned queries)."""
    with open_resource("datasette_metadata.json") as fh:
        return json.load(fh)


def write_metadata(db_path: Path) -> Path:
    """Write the metadata next to the database, keyed by the database's name."""
    meta = metadata()
    meta["databases"] = {db_path.stem: meta.pop("database")}
    target = db_path.with_name(db_path.stem + ".metadata.json")
    target.write_text(json.dumps(meta, indent=2, ensure_ascii=False), encoding="utf-8")
    return target
