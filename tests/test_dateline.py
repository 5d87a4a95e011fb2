"""The published day from a dateline or a press-release line when the input gives none (issue 18)."""

from __future__ import annotations

import json

import pytest

from civic.clean.dateline import find_dateline
from civic.read.inputs import read_inputs


@pytest.mark.parametrize(("text", "day"), [
    ("Pressemitteilung vom 13.02.2020\n\nDas Bezirksamt lädt ein.", "2020-02-13"),
    ("Neue Bänke am Ufer\nPressemitteilung Nr. 412 vom 3. März 2021\nDas Grünflächenamt …", "2021-03-03"),
    ("Spandau, 03.12.2026. Das Bezirksamt Spandau sucht Wahlhelfer.", "2026-12-03"),
    ("Marzahn-Hellersdorf, 5.1.2027\nDie Bibliothek schließt.", "2027-01-05"),
])
def test_the_head_names_the_day(text, day):
    assert find_dateline(text) == day


@pytest.mark.parametrize("text", [
    "Die Sitzung der BVV findet am 03.12.2026 im Rathaus statt.",   # a date in a sentence, not a dateline
    "Spandau, 31.02.2026. Ein Tag, den es nicht gibt.",               # not a calendar day
    "Kurze Meldung\n" + "Text. " * 200 + "\nSpandau, 03.12.2026.",     # too far down to be the head
])
def test_no_day_without_a_dateline_in_the_head(text):
    assert find_dateline(text) is None


def test_a_txt_file_without_published_resolves_its_yearless_deadline(pipe, tmp_path):
    path = tmp_path / "wahlhelfer.txt"
    path.write_text("Spandau, 03.12.2026. Das Bezirksamt Spandau sucht Wahlhelferinnen und Wahlhelfer. "
                    "Bewerbungen können bis zum 18. Dezember beim Wahlamt eingereicht werden.", encoding="utf-8")
    [record] = list(pipe.stream(read_inputs([str(path)])))
    assert record["source"]["published"] == "2026-12-03"
    assert record["source"]["published_from"] == "dateline"
    assert [d["date"] for d in record["deadlines"]] == ["2026-12-18"]


def test_published_from_says_input_or_html_meta(pipe, tmp_path):
    lines = [{"id": "a", "text": "Pankow, 01.02.2026. Der Park öffnet.", "published": "2026-02-02"},
             {"id": "b", "html": "<html><head><meta name='date' content='2026-03-04'></head>"
                                 "<body><article><p>Die Bibliothek in Pankow öffnet wieder ihre Türen "
                                 "für alle Leserinnen und Leser im Bezirk.</p></article></body></html>"}]
    path = tmp_path / "news.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    a, b = list(pipe.stream(read_inputs([str(path)])))
    assert (a["source"]["published"], a["source"]["published_from"]) == ("2026-02-02", "input")
    assert (b["source"]["published"], b["source"]["published_from"]) == ("2026-03-04", "html-meta")


def test_the_summary_says_where_published_days_came_from(pipe, tmp_path):
    from civic.query.summary import summary_table

    (tmp_path / "a.txt").write_text("Spandau, 03.12.2026. Das Bezirksamt informiert.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Ohne Datum: das Bezirksamt informiert.", encoding="utf-8")
    records = tmp_path / "out.jsonl"
    records.write_text("".join(json.dumps(r) + "\n" for r in pipe.stream(read_inputs([str(tmp_path)]))),
                       encoding="utf-8")
    assert summary_table([records]).splitlines()[-1] == "published from: dateline 1, none 1"
