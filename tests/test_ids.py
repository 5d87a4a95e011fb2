"""Issue 18 point 3: ids are unique within a run; nothing is merged silently."""

from __future__ import annotations

import json
import sqlite3

from civic.query.database import build_database
from civic.read.inputs import read_inputs
from civic.run.extract import run_extract


def _pages(tmp_path):
    for folder, district in (("pankow", "Pankow"), ("spandau", "Spandau")):
        (tmp_path / "in" / folder).mkdir(parents=True)
        (tmp_path / "in" / folder / "index.txt").write_text(
            f"Nachricht aus {district}\n\nDas Bezirksamt {district} bittet bis zum 9. Juli 2026 um Anmeldung.\n",
            encoding="utf-8")


def test_files_with_the_same_name_get_their_relative_path_as_id(tmp_path):
    _pages(tmp_path)
    ids = [item.id for item in read_inputs([str(tmp_path / "in")])]
    assert ids == ["pankow/index", "spandau/index"]


def test_repeated_jsonl_ids_are_kept_apart_and_reported(tmp_path, capsys):
    src = tmp_path / "in.jsonl"
    lines = [{"id": "a", "text": "Eins."}, {"id": "a", "text": "Zwei."}, {"id": "a", "text": "Drei."}]
    src.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    assert [item.id for item in read_inputs([str(src)])] == ["a", "a~2", "a~3"]
    from civic.api import load

    run_extract([str(src)], str(tmp_path / "out.jsonl"), quiet=True, pipeline=load(ner="none", topics=None))
    assert "2 repeated id(s)" in capsys.readouterr().err


def test_database_keeps_each_deadline_under_its_own_title(tmp_path):
    _pages(tmp_path)
    from civic.api import load

    out = tmp_path / "out.jsonl"
    run_extract([str(tmp_path / "in")], str(out), quiet=True, published="2026-06-01",
                pipeline=load(ner="none", topics=None))
    build_database([out], tmp_path / "c.db")
    with sqlite3.connect(tmp_path / "c.db") as con:
        tables = {r[0] for r in con.execute("select name from sqlite_master where type='table'")}
        assert {"documents", "deadlines"} <= tables
        rows = con.execute("select d.document_id, doc.title, doc.file from deadlines d "
                           "join documents doc on doc.document_id = d.document_id").fetchall()
    assert len(rows) == 2, rows
    assert {r[0] for r in rows} == {"pankow/index", "spandau/index"}


def test_records_sharing_an_id_never_mix_in_the_database(tmp_path):
    _pages(tmp_path)
    from civic.api import load

    out = tmp_path / "out.jsonl"
    run_extract([str(tmp_path / "in")], str(out), quiet=True, published="2026-06-01",
                pipeline=load(ner="none", topics=None))
    first, second = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    first["id"] = second["id"] = "same"
    first["source"]["title"], second["source"]["title"] = "Pankow", "Spandau"
    second["deadlines"][0]["start"] += 1  # a different key: must not survive next to the other's
    both = tmp_path / "both.jsonl"
    both.write_text(json.dumps(first) + "\n" + json.dumps(second) + "\n", encoding="utf-8")
    build_database([both], tmp_path / "c.db")
    with sqlite3.connect(tmp_path / "c.db") as con:
        titles = con.execute("select title from documents").fetchall()
        starts = con.execute("select start from deadlines").fetchall()
    assert titles == [("Spandau",)]
    assert starts == [(second["deadlines"][0]["start"],)]
