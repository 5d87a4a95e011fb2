"""`civic deadlines`: filters by date window, district (any form) and topic, in the events view (the
default) and `--per-article`; table, CSV, ICS."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from civic.cli import app
from civic.query.deadlines import DeadlineQuery, district_name, render


def _record(rid, districts, topics, deadlines):
    """A record with every field of record.md (the row views read them all), facts as given."""
    return {"id": rid, "source": {"url": f"https://e.x/{rid}", "title": f"Titel {rid}", "section": None,
                                  "published": None, "file": "r.jsonl", "line": 1},
            "text_sha256": "0" * 64, "body": {"start": 0, "end": 100}, "people": [],
            "districts": [{"name": n, "bezirk": b, "level": "ortsteil", "mentions": []} for n, b in districts],
            "dates": [],
            "deadlines": [{"date": d, "action": a, "sentence": f"{a} bis {d}.", "cue": "bis", "start": 10 * i,
                           "end": 10 * i + 5, "confidence": 0.9} for i, (d, a) in enumerate(deadlines)],
            "topics": [{"label": t, "score": 0.9} for t in topics]}


@pytest.fixture()
def records(tmp_path):
    path = tmp_path / "r.jsonl"
    rows = [
        _record("a", [("Britz", "Neukölln")], ["beteiligung"], [("2026-12-01", "Ideen einreichen")]),
        _record("b", [("Pankow", "Pankow")], ["bildung"], [("2026-12-05", "sich anmelden"), ("2027-03-01", "x")]),
        _record("c", [("Neukölln", "Neukölln")], ["kultur"], [("2026-11-01", "zu spät")]),
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def test_district_forms_are_understood():
    assert district_name("Neuköllner") == "Neukölln"
    assert district_name("marzahn hellersdorf") == "Marzahn-Hellersdorf"
    assert district_name("Bezirksamt Pankow") == "Pankow"
    with pytest.raises(ValueError):
        district_name("Atlantis")


def test_ascii_spellings_of_district_names_resolve():
    # issue 18 point 5: a keyboard without umlauts must not give an empty answer
    assert district_name("Neukoelln") == "Neukölln"
    assert district_name("neukoellner") == "Neukölln"
    assert district_name("Schoeneberg") == "Schöneberg"
    assert district_name("Weissensee") == "Weißensee"
    assert district_name("Koepenick") == "Köpenick"
    assert district_name("TEMPELHOF SCHOENEBERG") == "Tempelhof-Schöneberg"
    assert district_name("Bezirksamt Treptow-Koepenick") == "Treptow-Köpenick"


def test_topics_are_case_insensitive(records):
    q = DeadlineQuery.build(start="2026-11-25", topic="Bildung")
    assert q.topic == "bildung"
    assert [r["date"] for r in q.run([records])] == ["2026-12-05", "2027-03-01"]


def test_unknown_topic_is_a_one_line_error_listing_the_topics(records):
    result = CliRunner().invoke(app, ["deadlines", str(records), "--topic", "Bürgerbeteiligung"])
    assert result.exit_code == 2
    message = result.output.strip()
    assert message.count("\n") == 0 and message.startswith("civic: unknown topic 'Bürgerbeteiligung'")
    assert "beteiligung, verkehr, bauen" in message and "wirtschaft" in message


def test_ascii_district_on_the_command_line(records):
    result = CliRunner().invoke(app, ["deadlines", str(records), "--from", "2026-11-25", "--district",
                                      "Neukoelln", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert [row["documents"] for row in json.loads(result.stdout)] == ["a"]  # events: the default view
    result = CliRunner().invoke(app, ["deadlines", str(records), "--from", "2026-11-25", "--district",
                                      "Neukoelln", "--format", "json", "--per-article"])
    assert [row["id"] for row in json.loads(result.stdout)] == ["a"]


@pytest.mark.parametrize("options", [
    {"start": "2026-11-25", "days": 30, "district": "Neukölln"}, {"start": "2026-11-25", "topic": "bildung"},
    {"district": "Britz"}, {"start": "2026-12-02"}, {}])
def test_both_views_apply_the_same_filters(records, options):
    # each deadline of the fixture is its own event, so both views must list the same deadlines
    q = DeadlineQuery.build(**options)
    per_article = [(r["date"], r["id"]) for r in q.run([records])]
    events = [(r["date"], r["documents"]) for r in q.run_events([records])]
    assert events == per_article
    assert all(r["n_sources"] == 1 for r in q.run_events([records]))


def test_window_district_and_topic(records):
    q = DeadlineQuery.build(start="2026-11-25", days=30, district="Neukölln")
    rows = q.run([records])
    assert [(r["id"], r["date"], r["days_left"]) for r in rows] == [("a", "2026-12-01", 6)]
    q = DeadlineQuery.build(start="2026-11-25", topic="bildung")
    assert [r["date"] for r in q.run([records])] == ["2026-12-05", "2027-03-01"]


@pytest.mark.parametrize("events", [False, True])
def test_formats(records, events):
    query = DeadlineQuery.build(start="2026-11-25", days=30)
    rows = query.run_events([records]) if events else query.run([records])
    table = render(rows, "table", events=events).decode()
    assert "Ideen einreichen" in table
    assert ("2 event(s) from 2 deadline(s)" if events else "2 deadline(s)") in table
    parsed = list(csv.DictReader(io.StringIO(render(rows, "csv", events=events).decode())))
    assert [r["date"] for r in parsed] == ["2026-12-01", "2026-12-05"]
    assert ("n_sources" in parsed[0]) == events
    from icalendar import Calendar

    cal = Calendar.from_ical(render(rows, "ics", events=events))
    events = [c for c in cal.walk() if c.name == "VEVENT"]
    assert len(events) == 2
    assert str(events[0]["summary"]) == "Frist: Ideen einreichen"
    assert events[0].decoded("dtstart").isoformat() == "2026-12-01"


def test_cli(records, tmp_path):
    out = tmp_path / "f.ics"
    result = CliRunner().invoke(app, ["deadlines", str(records), "--from", "2026-11-25", "--days", "30",
                                      "--district", "Britz", "--format", "ics", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().count(b"BEGIN:VEVENT") == 1
