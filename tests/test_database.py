"""`civic db`: tables, keys, idempotency, full-text search, and the Datasette canned query."""

from __future__ import annotations

import asyncio
import json
from collections import Counter

import pytest

from civic.query.database import build_database, write_metadata
from civic.record.rows import record_rows


@pytest.fixture(scope="module")
def records_file(tmp_path_factory, sample_records):
    path = tmp_path_factory.mktemp("db") / "records.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in sample_records) + "\n", encoding="utf-8")
    return path


def test_build_is_idempotent_and_keyed(tmp_path, records_file, sample_records, sample_texts):
    import sqlite_utils

    db_path = tmp_path / "civic.db"
    first = build_database([records_file], db_path, texts=sample_texts)
    second = build_database([records_file], db_path)
    assert first == second
    assert first["documents"] == len(sample_records)
    assert first["deadlines"] == sum(len(r["deadlines"]) for r in sample_records)
    db = sqlite_utils.Database(db_path)
    assert {fk.other_table for fk in db["deadlines"].foreign_keys} == {"documents"}
    # bodies survive a reload without inputs, and are searchable
    hits = list(db["documents"].search("Stadtteilbudget OR Kiezfonds"))
    assert hits and all(h["body"] for h in hits)
    assert db.execute("pragma foreign_key_check").fetchall() == []


def test_datasette_canned_query_upcoming_deadlines(tmp_path, records_file, sample_records):
    datasette = pytest.importorskip("datasette.app")
    db_path = tmp_path / "civic.db"
    build_database([records_file], db_path)
    meta = json.loads(write_metadata(db_path).read_text(encoding="utf-8"))
    ds = datasette.Datasette([str(db_path)], metadata=meta, immutables=[])

    async def fetch(path):
        response = await ds.client.get(path)
        assert response.status_code == 200, response.text
        return response.json()

    rows = asyncio.run(fetch("/civic/upcoming_deadlines.json?_shape=array&from_date=2026-11-25&district=Neukölln"))
    expected = sorted(
        (d["date"], r["id"]) for r in sample_records for d in record_rows(r)["deadlines"]
        if d["date"] >= "2026-11-25" and d["bezirk"] == "Neukölln")
    assert expected, "the sample corpus has upcoming deadlines in Neukölln"
    # one row per deadline (issue 18: it was one per matching Ortsteil), where the deadline applies:
    # Spandau's Silvester deadline, whose article mentions Neukölln in passing, is not listed
    assert sorted((row["date"], row["document_id"]) for row in rows) == expected
    assert "s11-silvester-verbotszone-spandau" not in {row["document_id"] for row in rows}
    assert all(row["bezirk"] == "Neukölln" for row in rows)
    facets = asyncio.run(fetch("/civic/documents.json?_facet=primary_topic"))["facet_results"]
    facets = facets.get("results", facets)  # Datasette 1.0 nests the facets under "results"
    counted = {row["value"]: row["count"] for row in facets["primary_topic"]["results"]}
    assert counted == Counter(r["topics"][0]["label"] for r in sample_records if r["topics"])
