"""Persons across documents (civic.query.persons): the merge rule, the written-set measurement,
the `civic db` tables (idempotent and incremental), `civic people` and the canned query."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from civic.analyse.components.people.cues import load_cues
from civic.cli import app
from civic.evaluate.persons import CORPUS, evaluate_persons
from civic.query.database import build_database, write_metadata
from civic.query.persons import PersonResolver, Sighting, office_holders

RECORDS = CORPUS / "records.jsonl"


def _s(doc: str, name: str, roles: tuple[str, ...] = (), bezirk: str | None = "Neukölln",
       day: str = "2024-01-01") -> Sighting:
    return Sighting(doc, name, roles, day, bezirk)


def _groups(sightings: list[Sighting]) -> set[frozenset[str]]:
    persons = PersonResolver().resolve(sightings)
    return {frozenset(f"{s.document_id}:{s.name}" for s in p.sightings) for p in persons}


def test_variants_merge():
    groups = _groups([
        _s("a", "Karl von Brandenstein", ("Bezirksstadtrat",)), _s("b", "Karl Brandenstein"),
        _s("c", "K. Brandenstein"), _s("d", "Karl Brandensteins"),
        _s("e", "Miriam Oyelaran", ("Dr.", "Bezirksbürgermeisterin")), _s("f", "Dr. Miriam Oyelaran"),
    ])
    assert groups == {frozenset({"a:Karl von Brandenstein", "b:Karl Brandenstein", "c:K. Brandenstein",
                                 "d:Karl Brandensteins"}),
                      frozenset({"e:Miriam Oyelaran", "f:Dr. Miriam Oyelaran"})}


def test_the_name_is_never_the_genitive_form():
    persons = PersonResolver().resolve([_s("a", "Bernd Kuschkes"), _s("b", "Bernd Kuschkes"), _s("c", "Bernd Kuschke")])
    assert [(p.name, len(p.sightings)) for p in persons] == [("Bernd Kuschke", 3)]


def test_genitive_only_when_the_nominative_is_seen_and_surnames_never_make_a_person():
    groups = _groups([_s("a", "Hans Claus"), _s("b", "Schmidt"), _s("c", "B. Unbekannt")])
    assert groups == {frozenset({"a:Hans Claus"})}  # `Claus` stays, the surname and lone initial make no one


def test_namesakes_stay_apart_only_with_evidence():
    apart = _groups([_s("a", "Thomas Wendland", ("Bezirksstadtrat für Ordnung",), "Pankow"),
                     _s("b", "Thomas Wendland", ("Schulleiter",), "Spandau"),
                     _s("c", "Thomas Wendland", (), "Spandau")])
    assert apart == {frozenset({"a:Thomas Wendland"}), frozenset({"b:Thomas Wendland", "c:Thomas Wendland"})}
    # another Bezirk but the same role (either gender), or no role: one person
    assert len(_groups([_s("a", "Lena Marquardt", ("Bezirksstadträtin",), "Mitte"),
                        _s("b", "Lena Marquardt", ("Bezirksstadtrat für Soziales",), "Pankow"),
                        _s("c", "Lena Marquardt", (), "Spandau")])) == 1


def test_role_base_forms_and_matching():
    words = load_cues().words
    assert words.base_form("Bezirksstadträtin") == "Bezirksstadtrat"
    assert words.base_form("Bezirksbürgermeisterin") == "Bezirksbürgermeister"
    assert words.base_form("Amtsärztin") == "Amtsarzt"
    resolver = PersonResolver()
    assert resolver.role_matches("Bezirksstadträtin für Jugend und Familie", "Bezirksstadtrat")
    assert resolver.role_matches("Bezirksstadtrat für Jugend", "Bezirksstadträtin für Jugend")
    assert not resolver.role_matches("Bezirksbürgermeisterin", "Bezirksstadtrat")


def test_office_holders_first_and_last_dated_mention():
    persons = PersonResolver().resolve([
        _s("a", "Anna Beispiel", ("Bezirksstadträtin für Jugend",), day="2019-03-01"),
        _s("b", "Anna Beispiel", ("Bezirksstadtrat für Jugend",), day="2021-06-01"),
        _s("c", "Anna Beispiel", (), day="2023-01-01"),
        _s("d", "Olaf Probe", ("Bezirksstadtrat",), "Pankow", "2020-01-01")])
    rows = office_holders(persons, role="Bezirksstadtrat", district="Neukölln")
    assert [(r["name"], r["first"], r["last"], r["n_documents"]) for r in rows] == [
        ("Anna Beispiel", "2019-03-01", "2021-06-01", 2)]


def test_merge_precision_and_recall_on_the_written_set():
    result = evaluate_persons()
    assert result["gold_persons"] == 30 and result["rows"] > 200
    assert result["precision"] >= 0.95 and result["recall"] >= 0.95, result


def test_db_tables_idempotent_and_incremental(tmp_path):
    import sqlite_utils

    lines = RECORDS.read_text(encoding="utf-8").splitlines(keepends=True)
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    first.write_text("".join(lines[:50]), encoding="utf-8")
    second.write_text("".join(lines[50:]), encoding="utf-8")
    whole = build_database([RECORDS], tmp_path / "whole.db")
    assert build_database([RECORDS], tmp_path / "whole.db") == whole
    build_database([first], tmp_path / "parts.db")
    assert build_database([second], tmp_path / "parts.db") == whole
    a, b = sqlite_utils.Database(tmp_path / "whole.db"), sqlite_utils.Database(tmp_path / "parts.db")
    for table, order in (("persons", "id"), ("person_roles", "person_id, document_id, role")):
        assert list(a.query(f"select * from {table} order by {order}")) == \
            list(b.query(f"select * from {table} order by {order}"))
    assert whole["persons"] == 30
    ids = {r["id"] for r in a["persons"].rows}
    assert {"thomas-wendland-pankow", "thomas-wendland-spandau"} <= ids
    assert a.execute("pragma foreign_key_check").fetchall() == []


def test_cli_people_formats(tmp_path):
    runner = CliRunner()
    table = runner.invoke(app, ["people", str(RECORDS), "--role", "Bezirksstadtrat", "--district", "Neuköllner"])
    assert table.exit_code == 0, table.output
    assert "Annegret Kowalczyk" in table.output and "Pankow" not in table.output
    assert table.output.rstrip().endswith("2 office holders")
    out = tmp_path / "holders.json"
    result = runner.invoke(app, ["people", str(RECORDS), "--role", "Bezirksbürgermeisterin", "--format", "json",
                                 "-o", str(out)])
    assert result.exit_code == 0
    rows = json.loads(out.read_text(encoding="utf-8"))
    assert {r["bezirk"] for r in rows} == {"Neukölln", "Pankow", "Mitte", "Lichtenberg", "Steglitz-Zehlendorf",
                                           "Marzahn-Hellersdorf"}
    assert all(r["first"] <= r["last"] for r in rows)
    csv_out = runner.invoke(app, ["people", str(RECORDS), "--format", "csv"])
    assert csv_out.output.splitlines()[0] == "name,role,bezirk,first,last,n_documents,person_id"
    bad = runner.invoke(app, ["people", str(RECORDS), "--format", "xml"])
    assert bad.exit_code == 2


def test_datasette_office_holders_query(tmp_path):
    datasette = pytest.importorskip("datasette.app")
    db_path = tmp_path / "civic.db"
    build_database([RECORDS], db_path)
    meta = json.loads(Path(write_metadata(db_path)).read_text(encoding="utf-8"))

    async def fetch():
        ds = datasette.Datasette([str(db_path)], metadata=meta)
        return await ds.client.get("/civic/office_holders.json?role=Bezirksstadtr&district=Neuk%C3%B6lln&_shape=array")

    response = asyncio.run(fetch())
    assert response.status_code == 200
    rows = response.json()
    assert {r["name"] for r in rows} == {"Annegret Kowalczyk", "Henrik Almstedt"}
    assert all(r["first"] <= r["last"] for r in rows)
