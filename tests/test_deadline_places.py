"""Issue 18 point 6: a deadline belongs to the Bezirk where it applies, not to every district the
article mentions: the districts of its sentence, else the article's main Bezirk (civic/record/places.py)."""

from __future__ import annotations

import asyncio
import json

import pytest

from civic.query.deadlines import DeadlineQuery
from civic.record.places import deadline_place, main_bezirk

# An article about Spandau that mentions Neukölln in passing; its deadline sentence names no district.
SPANDAU = """Feuerwerksverbot in der Spandauer Altstadt

Spandau, 20.11.2026. Das Bezirksamt Spandau richtet zum Jahreswechsel eine Verbotszone rund um den
Markt in der Altstadt Spandau ein. Das Vorgehen folgt den Zonen, die sich in Neukölln bewährt haben.
Auch in Hakenfelde und in der Wilhelmstadt wird kontrolliert.

Gewerbetreibende, die eine Ausnahme brauchen, müssen ihren Antrag bis zum 1. Dezember 2026 beim
Ordnungsamt stellen.
"""

# An article about Pankow whose second deadline sentence names another Bezirk.
PANKOW = """Volkshochschule Pankow: neues Kursprogramm

Die Volkshochschule Pankow stellt ihr Frühjahrsprogramm vor. In Prenzlauer Berg und in Weißensee
gibt es neue Sprachkurse. Anmeldungen für die Kurse sind bis zum 15. Januar 2027 möglich.

Für den gemeinsamen Fotokurs mit der Volkshochschule Neukölln in Britz müssen sich Interessierte bis
zum 8. Januar 2027 anmelden.
"""


@pytest.fixture(scope="module")
def records(pipe):
    return [pipe.process(SPANDAU, published="2026-11-20", id="spandau-silvester"),
            pipe.process(PANKOW, published="2026-11-20", id="pankow-vhs")]


@pytest.fixture(scope="module")
def records_file(tmp_path_factory, records):
    path = tmp_path_factory.mktemp("places") / "records.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def test_a_passing_mention_does_not_place_a_deadline(records):
    spandau = records[0]
    assert "Neukölln" in {d["name"] for d in spandau["districts"]}  # the article does mention it
    [deadline] = spandau["deadlines"]
    assert main_bezirk(spandau) == "Spandau"
    place = deadline_place(spandau, deadline)
    assert place.bezirke == ("Spandau",)
    assert "Neukölln" not in place.districts and "Hakenfelde" in place.districts


def test_the_deadline_sentence_decides_over_the_main_district(records):
    pankow = records[1]
    assert main_bezirk(pankow) == "Pankow"
    by_date = {d["date"]: deadline_place(pankow, d) for d in pankow["deadlines"]}
    assert by_date["2027-01-15"].bezirke == ("Pankow",)  # no district in the sentence: the main one
    assert by_date["2027-01-08"].bezirke == ("Neukölln",)  # the sentence names Neukölln and Britz
    assert set(by_date["2027-01-08"].districts) == {"Neukölln", "Britz"}


def test_district_filter_uses_where_the_deadline_applies(records_file):
    def listed(district):
        rows = DeadlineQuery.build(start="2026-11-20", district=district).run([records_file])
        return [(r["id"], r["date"]) for r in rows]

    assert listed("Neukölln") == [("pankow-vhs", "2027-01-08")]
    assert listed("Britz") == [("pankow-vhs", "2027-01-08")]
    assert listed("Spandau") == [("spandau-silvester", "2026-12-01")]
    assert listed("Wilhelmstadt") == [("spandau-silvester", "2026-12-01")]
    assert listed("Pankow") == [("pankow-vhs", "2027-01-15")]


def test_canned_query_has_one_row_per_deadline(tmp_path, records_file):
    datasette = pytest.importorskip("datasette.app")
    from civic.query.database import build_database, write_metadata

    db_path = tmp_path / "civic.db"
    build_database([records_file], db_path)
    meta = json.loads(write_metadata(db_path).read_text(encoding="utf-8"))
    ds = datasette.Datasette([str(db_path)], metadata=meta, immutables=[])

    def fetch(district):
        async def get():
            response = await ds.client.get(
                f"/civic/upcoming_deadlines.json?_shape=array&from_date=2026-11-20&district={district}")
            assert response.status_code == 200, response.text
            return response.json()
        return [(row["document_id"], row["date"], row["bezirk"]) for row in asyncio.run(get())]

    # the Spandau article names four districts of Spandau: still one row for its one deadline
    assert fetch("Spandau") == [("spandau-silvester", "2026-12-01", "Spandau")]
    assert fetch("Neukölln") == [("pankow-vhs", "2027-01-08", "Neukölln")]
    assert len(fetch("")) == 3
